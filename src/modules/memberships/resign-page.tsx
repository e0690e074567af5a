import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import type { MembershipView } from './service.js';
import { isCurrentMembership } from './rules.js';

/*
 * Resigning ("at any time, with a confirmation step, effective at once"). The page says
 * what changes before the member ticks the box; someone who is not a member is told so instead
 * of being offered a form that cannot succeed.
 */

/** The checkbox a resignation needs: unticked, the form comes back with the error beside it. */
function ConfirmField(props: { ctx: PageContext; errors: FieldError[] }) {
  const { t } = props.ctx.i18n;
  const error = props.errors.find((e) => e.path === '/confirm');
  return (
    <fieldset>
      <label for="field-confirm">
        <input
          id="field-confirm"
          type="checkbox"
          name="confirm"
          value="yes"
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'field-confirm-error' : undefined}
        />
        {t('memberships.resign.confirm')}
      </label>
      {error ? (
        <small id="field-confirm-error" class="field-error">
          {error.message}
        </small>
      ) : null}
    </fieldset>
  );
}

export function ResignPage(props: { ctx: PageContext; membership: MembershipView; errors: FieldError[]; message?: string }) {
  const { ctx, membership: m } = props;
  const { t } = ctx.i18n;
  const current = m.status !== 'none' && isCurrentMembership(m.status);
  return (
    <Layout ctx={ctx} title={t('memberships.resign.title')}>
      <h1>{t('memberships.resign.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      {current ? (
        <>
          <p>{t('memberships.resign.intro', { date: ctx.i18n.date(m.since) })}</p>
          <ul>
            <li>{t('memberships.resign.atOnce')}</li>
            <li>{t('memberships.resign.room')}</li>
            <li>{t('memberships.resign.team')}</li>
            <li>{t('memberships.resign.again')}</li>
          </ul>
          <p>{t('memberships.resign.mail')}</p>
          <form method="post" action="/membership/resign" novalidate>
            <CsrfField ctx={ctx} />
            <ConfirmField ctx={ctx} errors={props.errors} />
            <button type="submit" class="contrast">
              {t('memberships.resign.submit')}
            </button>
          </form>
          <p>
            <a href="/membership">{t('memberships.resign.cancel')}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t('memberships.resign.notMember')}</p>
          <p>
            <a href="/membership">{t('memberships.resign.back')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
