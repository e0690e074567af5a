import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PrivacyUses } from './uses.js';
import { AppError, type FieldError, type Refusal } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Labelled, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { IdParams } from '../../platform/http/schemas.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { ERASURE_REASONS, type ErasureReason } from './rules.js';
import type { PersonSection, ProfileSection } from '../people/sections.js';

const CATEGORIES = ['identity', 'account', 'activity', 'applications', 'governance', 'requests', 'mail', 'audit'] as const;

/** The public privacy notice: what is kept, why, for how long, who sees it, and the person's rights. */
function PrivacyPage(props: { ctx: PageContext; months: number }) {
  const { ctx, months } = props;
  const { t } = ctx.i18n;
  const association = ctx.associationName;
  return (
    <Layout ctx={ctx} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro', { association })}</p>
      <p>{t('privacy.controller', { association })}</p>
      {CATEGORIES.map((c) => (
        <section aria-labelledby={`privacy-${c}`}>
          <h2 id={`privacy-${c}`}>{t(`privacy.${c}.title` as MessageKey)}</h2>
          <dl>
            <dt>{t('privacy.what')}</dt>
            <dd>{t(`privacy.${c}.what` as MessageKey)}</dd>
            <dt>{t('privacy.why')}</dt>
            <dd>{t(`privacy.${c}.why` as MessageKey)}</dd>
            <dt>{t('privacy.howLong')}</dt>
            <dd>{t(`privacy.${c}.howLong` as MessageKey, { months })}</dd>
            <dt>{t('privacy.who')}</dt>
            <dd>{t(`privacy.${c}.who` as MessageKey)}</dd>
          </dl>
        </section>
      ))}
      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacy.rights.title')}</h2>
        <p>{t('privacy.rights.text')}</p>
        <h3>{t('privacy.export.title')}</h3>
        <p>
          {t('privacy.export.text')}
          {ctx.actor.personId ? (
            <>
              {' '}
              <a href="/api/v1/me/export" download>
                {t('privacy.profile.download')}
              </a>
            </>
          ) : null}
        </p>
        <h3>{t('privacy.erasure.title')}</h3>
        <p>{t('privacy.erasure.text')}</p>
      </section>
    </Layout>
  );
}

/** The profile's section: the download of one's data, and where the notice is. */
export function ExportSection(props: { ctx: PageContext }) {
  const { t } = props.ctx.i18n;
  return (
    <section aria-labelledby="privacy-export-title">
      <h2 id="privacy-export-title">{t('privacy.profile.title')}</h2>
      <p>
        {t('privacy.profile.text')} <a href="/privacy">{t('privacy.title')}</a>.
      </p>
      <p>
        <a href="/api/v1/me/export" download role="button" class="secondary">
          {t('privacy.profile.download')}
        </a>
      </p>
    </section>
  );
}

/** The profile's "your data" part: ExportSection. */
export function privacyProfileSection(): ProfileSection {
  return async (ctx) => <ExportSection ctx={ctx} />;
}

/** A person's page, under the name: ErasureNote. */
export function privacyPersonNote(): PersonSection {
  // The person page has read the row already: whether it was erased comes with it.
  return async (ctx, person) => <ErasureNote ctx={ctx} personId={person.id} erasedAt={person.erasedAt ?? null} />;
}

/** On a person's page: that they were erased, or the first step towards erasing them (administrators). */
export function ErasureNote(props: { ctx: PageContext; personId: string; erasedAt: string | null }) {
  const { ctx, personId, erasedAt } = props;
  if (erasedAt) return <p class="muted">{ctx.i18n.t('privacy.erased.banner', { date: ctx.i18n.date(erasedAt) })}</p>;
  if (!ctx.allowed('privacy.erase')) return null;
  return (
    <p>
      <a href={`/people/${personId}/erase`}>{ctx.i18n.t('privacy.erase.link')}</a>
    </p>
  );
}

/** The second step: what erasure does and keeps, why it may not be possible yet, the name to type again. */
function ErasePage(props: {
  ctx: PageContext;
  personId: string;
  displayName: string;
  refusal: Refusal | null;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}) {
  const { ctx, personId, displayName, refusal, values, errors } = props;
  const { t } = ctx.i18n;
  const title = t('privacy.erase.title', { name: displayName });
  const reason = (ERASURE_REASONS as readonly string[]).includes(values.reason ?? '') ? values.reason : 'request';
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('privacy.erase.intro')}</p>
      <p>{t('privacy.erase.keeps')}</p>
      {refusal ? (
        <div role="alert" class="error-summary">
          <p>
            <strong>{t('privacy.erase.refused')}</strong> {t(`errors.${refusal.code}` as MessageKey)}
          </p>
        </div>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
          <form method="post" action={`/people/${personId}/erase`} novalidate>
            <CsrfField ctx={ctx} />
            <Field
              name="confirm"
              label={t('privacy.erase.confirm', { name: displayName })}
              value={values.confirm ?? ''}
              errors={errors}
              required
              maxLength={200}
              autocomplete="off"
            />
            <Labelled id="field-reason" label={t('privacy.erase.reason')} error={errors.find((e) => e.path === '/reason')}>
              <select id="field-reason" name="reason">
                {ERASURE_REASONS.map((r) => (
                  <option value={r} selected={r === reason}>
                    {t(`privacy.reason.${r}` as MessageKey)}
                  </option>
                ))}
              </select>
            </Labelled>
            <div class="grid">
              <button type="submit" class="contrast">
                {t('privacy.erase.submit')}
              </button>
              <a href={`/people/${personId}`} role="button" class="secondary outline">
                {t('privacy.erase.cancel')}
              </a>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}

export function privacyPages(app: App, deps: PageDeps<PrivacyUses>): void {
  const { services, pageContext } = deps;

  app.get('/privacy', { config: { policy: 'privacy.notice', page: true } }, async (request, reply) =>
    sendHtml(reply, <PrivacyPage ctx={await pageContext(request)} months={services.privacy.retentionMonths()} />),
  );

  const erasePage = async (request: FastifyRequest, id: string, values: Record<string, string>, errors: FieldError[], message?: string) => {
    const { displayName, refusal } = await services.privacy.erasability(id);
    return (
      <ErasePage ctx={await pageContext(request)} personId={id} displayName={displayName} refusal={refusal} values={values} errors={errors} message={message} />
    );
  };

  app.get('/people/:id/erase', { config: { policy: 'privacy.erase', page: true }, schema: { params: IdParams, hide: true } }, async (request, reply) =>
    sendHtml(reply, await erasePage(request, request.params.id, {}, [])),
  );

  app.post('/people/:id/erase', { config: { policy: 'privacy.erase', page: true }, schema: { params: IdParams, hide: true } }, async (request, reply) => {
    const id = request.params.id;
    const values = formFields(request.body);
    const reason = values.reason ?? '';
    try {
      if (!(ERASURE_REASONS as readonly string[]).includes(reason)) {
        throw new AppError('validation_failed', 'unknown reason', [{ path: '/reason', code: 'invalid', message: request.i18n.t('field.invalid') }]);
      }
      await services.privacy.erase(request.actor, id, { confirm: values.confirm ?? '', reason: reason as ErasureReason });
      return reply.redirect(`/people/${id}?notice=notice.personErased`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || (e as AppError).status === 404) throw e;
      return sendHtml(reply, await erasePage(request, id, values, shown.errors, shown.message), (e as AppError).status);
    }
  });
}
