import { Type } from '@sinclair/typebox';
import { publicBaseUrl } from '../../platform/config.js';
import { IdParams } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { CsrfField, Layout, sendHtml, type PageDeps } from '../../platform/http/page.js';
import type { NewPersonOption, PersonSection } from '../people/sections.js';
import { mayInvite, mayReceiveInvitationLink } from './rules.js';
import type { AccountsUses } from './uses.js';

/**
 * On a person's page, for those who may invite: whether the person can get in yet ("invited on
 * …, not yet signed in") and the button that sends (or sends again) the invitation.
 */
export function accountsPersonSection(services: Pick<AccountsUses, 'invitations'>): PersonSection {
  const smtpConfigured = services.invitations.mailConfigured;
  return async (ctx, person) => {
    const state = await services.invitations.state(ctx.actor, person.id);
    if (!state) return null;
    const { t, dateTime } = ctx.i18n;
    const last = state.last;
    const status = state.hasAccount
      ? t('accounts.invitation.hasAccount')
      : !last
        ? t('accounts.invitation.never')
        : last.live
          ? t('accounts.invitation.pending', { sentAt: dateTime(last.sentAt), expiresAt: dateTime(last.expiresAt) })
          : t('accounts.invitation.expired', { sentAt: dateTime(last.sentAt), expiresAt: dateTime(last.expiresAt) });
    // Without a mail server only an administrator may receive the link (rules.ts).
    const canSend = !state.hasAccount && (smtpConfigured || mayReceiveInvitationLink(ctx.actor));
    return (
      <section aria-labelledby="access-title">
        <h2 id="access-title">{t('accounts.invitation.section')}</h2>
        <p>{status}</p>
        {canSend ? (
          <form method="post" action={`/people/${person.id}/invitation`}>
            <CsrfField ctx={ctx} />
            {smtpConfigured ? null : <p>{t('accounts.invitation.noMail')}</p>}
            <button type="submit" class="secondary">
              {last ? t('accounts.invitation.resend') : t('accounts.invitation.send')}
            </button>
          </form>
        ) : null}
      </section>
    );
  };
}

/**
 * "Send an invitation" on the new-person form (reached too from a picker's "create this person"),
 * for those who may invite, when the mail can carry it: without a mail server the link must be
 * shown to an administrator, which the person's page does.
 */
export function invitationOnAdding(services: Pick<AccountsUses, 'invitations'>): NewPersonOption {
  return {
    name: 'invite',
    field: (ctx, ticked) =>
      services.invitations.mailConfigured && mayInvite(ctx.actor) ? (
        <fieldset>
          <label>
            <input type="checkbox" name="invite" value="yes" checked={ticked} /> {ctx.i18n.t('accounts.invitation.onAdding')}
          </label>
          <small>{ctx.i18n.t('accounts.invitation.onAddingHint')}</small>
        </fieldset>
      ) : null,
    apply: async (actor, personId, publicUrl) => {
      await services.invitations.invite(actor, personId, publicUrl);
      return 'notice.personCreatedInvited';
    },
  };
}

const InvitationForm = Type.Object({ _csrf: Type.Optional(Type.String()) });

/** Sending an invitation from a person's page; without a mail server, the link shown once. */
export function invitationPages(app: App, deps: PageDeps<AccountsUses>): void {
  const { services, pageContext, config } = deps;
  app.post(
    '/people/:id/invitation',
    { config: { policy: 'accounts.invite', page: true }, schema: { params: IdParams, body: Type.Optional(InvitationForm), hide: true } },
    async (request, reply) => {
      const { id } = request.params;
      const person = await services.people.get(request.actor, id);
      const sent = await services.invitations.invite(request.actor, id, publicBaseUrl(config));
      if (sent.mailed) return reply.redirect(`/people/${id}?notice=notice.invitationSent`, 303);
      const ctx = await pageContext(request);
      const { t } = ctx.i18n;
      const title = t('accounts.invitation.linkTitle', { name: person.displayName });
      // Shown once: the page must not be kept by a cache or the browser's history.
      reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={title}>
          <h1>{title}</h1>
          <p>{t('accounts.invitation.linkIntro', { name: person.displayName, expiresAt: ctx.i18n.dateTime(sent.expiresAt) })}</p>
          <p>
            <code>{sent.link}</code>
          </p>
          <p>
            <a href={`/people/${id}`}>{t('accounts.invitation.back')}</a>
          </p>
        </Layout>,
      );
    },
  );
}
