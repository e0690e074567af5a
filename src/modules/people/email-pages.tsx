import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import { AppError } from '../../platform/errors.js';
import { CsrfField, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formFields } from '../../platform/http/forms.js';
import type { EmailStatus } from './email-change.js';

/**
 * "A confirmation link was sent to … (cancel)": what the profile and the person's page show while
 * a new login address waits for confirmation, and whether the current one is verified.
 */
export function PendingEmailNotice(props: { ctx: PageContext; personId: string; email: string; status: EmailStatus; canCancel: boolean }) {
  const { ctx, status } = props;
  const { t } = ctx.i18n;
  if (!status.pendingEmail) return status.emailVerified ? null : <p class="muted">{t('people.email.unverified')}</p>;
  return (
    <article role="status" aria-labelledby="pending-email">
      <p id="pending-email">
        {t('people.email.pending', { email: status.pendingEmail, date: ctx.i18n.dateTime(status.pendingEmailExpiresAt!), current: props.email })}
      </p>
      {props.canCancel ? (
        <form method="post" action={`/people/${props.personId}/email/cancel`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary">
            {t('people.email.cancel')}
          </button>
        </form>
      ) : null}
    </article>
  );
}

/** The page a mailed link opens: says what the button will do; nothing changes until it is pressed (mail scanners open links). */
function EmailLinkPage(props: { ctx: PageContext; kind: 'confirm' | 'cancel'; token: string; intro: string | null; done?: string; status?: number }) {
  const { ctx, kind } = props;
  const { t } = ctx.i18n;
  const title = kind === 'confirm' ? t('people.email.confirm.title') : t('people.email.cancelLink.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.done ? (
        <>
          <p role="status">{props.done}</p>
          <p>
            <a href={ctx.actor.personId ? '/profile' : '/login'}>{ctx.actor.personId ? t('accounts.profile.title') : t('people.email.toLogin')}</a>
          </p>
        </>
      ) : props.intro === null ? (
        <p role="alert">{t('people.email.invalid')}</p>
      ) : (
        <>
          <p>{props.intro}</p>
          <form method="post" action={`/email/${kind}`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="token" value={props.token} />
            <button type="submit">{kind === 'confirm' ? t('people.email.confirm.submit') : t('people.email.cancelLink.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function emailPages(app: App, deps: PageDeps<PeopleUses>): void {
  const { services, pageContext } = deps;
  const changes = services.people.emailChanges;
  const link = { policy: 'people.emailLink', page: true };

  for (const kind of ['confirm', 'cancel'] as const) {
    app.get(`/email/${kind}`, { config: link, schema: { querystring: TokenQuery, hide: true } }, async (request, reply) => {
      const ctx = await pageContext(request);
      const token = request.query.token ?? '';
      const change = await changes.linkFor(kind, token);
      const intro = !change
        ? null
        : kind === 'confirm'
          ? ctx.i18n.t('people.email.confirm.intro', { name: change.displayName, email: change.newEmail, old: change.oldEmail })
          : ctx.i18n.t('people.email.cancelLink.intro', { email: change.newEmail });
      return sendHtml(reply, <EmailLinkPage ctx={ctx} kind={kind} token={token} intro={intro} />, change ? 200 : 404);
    });

    app.post(`/email/${kind}`, { config: link }, async (request, reply) => {
      const token = formFields(request.body).token ?? '';
      try {
        const result = kind === 'confirm' ? await changes.confirm(token) : await changes.cancelByLink(token);
        const ctx = await pageContext(request);
        const done =
          kind === 'confirm'
            ? ctx.i18n.t('people.email.confirm.done', { email: result.email })
            : ctx.i18n.t('people.email.cancelLink.done', { email: result.email });
        return sendHtml(reply, <EmailLinkPage ctx={ctx} kind={kind} token="" intro="" done={done} />);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'invalid_email_token') throw e;
        return sendHtml(reply, <EmailLinkPage ctx={await pageContext(request)} kind={kind} token="" intro={null} />, e.status);
      }
    });
  }

  app.post('/people/:id/email/cancel', { config: { policy: 'people.update', page: true }, schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    await services.people.cancelEmailChange(request.actor, id);
    const back = id === request.actor.personId ? '/profile' : `/people/${id}`;
    return reply.redirect(`${back}?notice=notice.emailChangeCancelled`, 303);
  });
}
