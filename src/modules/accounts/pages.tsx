import { Type } from '@sinclair/typebox';
import { publicBaseUrl } from '../../platform/config.js';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { AccountsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { ApiTokenView } from './repository.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SecondStepPage, clientOf, loginPages, safeNext, setSessionCookie } from './login-pages.js';
import { SecuritySection, securityPages } from './security-pages.js';
import type { ProfileSection } from '../people/sections.js';

function LanguageSelect(props: { ctx: PageContext; value: string }) {
  const { t } = props.ctx.i18n;
  return (
    <label for="field-locale">
      {t('accounts.field.language')}
      <select id="field-locale" name="locale">
        <option value="fr" selected={props.value === 'fr'}>
          Français
        </option>
        <option value="en" selected={props.value === 'en'}>
          English
        </option>
      </select>
    </label>
  );
}

function SetupPage(props: { ctx: PageContext; values: Record<string, string>; errors: FieldError[]; message?: string }) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.setup.title')}>
      <h1>{t('accounts.setup.title')}</h1>
      <p>{t('accounts.setup.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/setup" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="associationName" label={t('accounts.setup.associationName')} value={values.associationName} errors={errors} required maxLength={120} />
        <fieldset>
          <legend>{t('accounts.setup.admin')}</legend>
          <Field name="displayName" label={t('accounts.field.displayName')} value={values.displayName} errors={errors} required autocomplete="name" />
          <Field name="email" type="email" label={t('accounts.field.email')} value={values.email} errors={errors} required autocomplete="email" />
          <Field
            name="password"
            type="password"
            label={t('accounts.field.password')}
            errors={errors}
            required
            autocomplete="new-password"
            hint={t('accounts.field.passwordHint')}
          />
          <LanguageSelect ctx={ctx} value={values.locale ?? ctx.i18n.locale} />
        </fieldset>
        <button type="submit">{t('accounts.setup.submit')}</button>
      </form>
    </Layout>
  );
}

function ForgotPage(props: { ctx: PageContext; sent: boolean; throttled?: string }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.forgot.title')}>
      <h1>{t('accounts.forgot.title')}</h1>
      {props.throttled ? (
        <div role="alert">
          <p>{props.throttled}</p>
        </div>
      ) : props.sent ? (
        <p role="status">{t('accounts.forgot.sent')}</p>
      ) : (
        <>
          <p>{t('accounts.forgot.intro')}</p>
          <form method="post" action="/password/forgot">
            <CsrfField ctx={ctx} />
            <Field name="email" type="email" label={t('accounts.field.email')} required autocomplete="email" />
            <button type="submit">{t('accounts.forgot.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

/** Choosing a password from a mailed link; an invitation's link shows it as a welcome. */
function ResetPage(props: { ctx: PageContext; token: string; errors: FieldError[]; message?: string; welcome?: boolean }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  const title = props.welcome ? t('accounts.invitation.title') : t('accounts.reset.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.welcome ? <p>{t('accounts.invitation.intro', { association: ctx.associationName })}</p> : null}
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      <form method="post" action="/password/reset">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          type="password"
          label={t('accounts.field.password')}
          errors={props.errors}
          required
          autocomplete="new-password"
          hint={t('accounts.field.passwordHint')}
        />
        <button type="submit">{props.welcome ? t('accounts.invitation.submit') : t('accounts.reset.submit')}</button>
      </form>
    </Layout>
  );
}

/** The reset link's token, read as it comes: a missing or odd one shows the form, which the reset then refuses. */
const ResetQuery = Type.Object({ token: Type.Optional(Type.Unknown()) });
/** The token a page's path names, as typed: one that does not exist is the readable 404 page, as before any schema. */
const PathId = Type.Object({ id: Type.String() });

/** The profile's sign-in part: password and second factor, open sessions, then the API tokens. */
export function accountsProfileSection(services: Pick<AccountsUses, 'accounts'>): ProfileSection {
  return async (ctx, personId) => {
    const [twoFactor, sessions, tokens] = await Promise.all([
      services.accounts.twoFactor.status(personId),
      services.accounts.liveSessions(personId),
      services.accounts.listTokens(personId),
    ]);
    return (
      <>
        <SecuritySection ctx={ctx} twoFactor={twoFactor} sessions={sessions} />
        <TokensSection ctx={ctx} tokens={tokens} />
      </>
    );
  };
}

export function TokensSection(props: { ctx: PageContext; tokens: ApiTokenView[]; created?: string }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('accounts.tokens.title')}</h2>
      <p>{t('accounts.tokens.intro')}</p>
      {props.created ? (
        <article role="status">
          <p>{t('accounts.tokens.created')}</p>
          <p class="token-once">
            <code>{props.created}</code>
          </p>
        </article>
      ) : null}
      {props.tokens.length === 0 ? (
        <p>{t('accounts.tokens.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('accounts.tokens.label')}</th>
              <th scope="col">{t('accounts.tokens.createdAt')}</th>
              <th scope="col">{t('accounts.tokens.lastUsed')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((tok) => (
              <tr>
                <td>
                  {tok.label} <code>{tok.prefix}…</code>
                </td>
                <td>{ctx.i18n.dateTime(tok.createdAt)}</td>
                <td>{tok.lastUsedAt ? ctx.i18n.dateTime(tok.lastUsedAt) : t('accounts.tokens.never')}</td>
                <td>
                  {tok.revokedAt ? (
                    t('accounts.tokens.revoked', { date: ctx.i18n.dateTime(tok.revokedAt) })
                  ) : (
                    <form method="post" action={`/profile/tokens/${tok.id}/revoke`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="secondary" aria-label={`${t('accounts.tokens.revoke')} ${tok.label}`}>
                        {t('accounts.tokens.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/profile/tokens">
        <CsrfField ctx={ctx} />
        <Field name="label" label={t('accounts.tokens.label')} required maxLength={80} />
        <button type="submit">{t('accounts.tokens.create')}</button>
      </form>
    </section>
  );
}

export function accountsPages(app: App, deps: PageDeps<AccountsUses>): void {
  const { services, pageContext } = deps;
  const page = { policy: 'account.setup', page: true, beforeSetup: true };

  /**
   * Setting a password (first run, a reset link) leaves the person signed in, on their home; with
   * a second factor, the code is asked first, as at login.
   */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, personId: string, notice: string) {
    const result = await services.accounts.signInAfterProof(personId, clientOf(request));
    const next = `/?notice=${notice}`;
    if (result.challenge !== undefined) {
      return sendHtml(reply, <SecondStepPage ctx={await pageContext(request)} challenge={result.challenge} next={next} errors={[]} />);
    }
    setSessionCookie(request, reply, result.token, deps);
    return reply.redirect(next, 303);
  }

  app.get('/setup', { config: page }, async (request, reply) => {
    if (await services.accounts.isSetupDone()) return reply.redirect('/login', 303);
    return sendHtml(reply, <SetupPage ctx={await pageContext(request)} values={{}} errors={[]} />);
  });

  app.post('/setup', { config: page }, async (request, reply) => {
    const values = formFields(request.body);
    let personId: string;
    try {
      personId = await services.accounts.setup({
        associationName: values.associationName ?? '',
        displayName: values.displayName ?? '',
        email: values.email ?? '',
        password: values.password ?? '',
        locale: values.locale === 'en' ? 'en' : 'fr',
      });
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || (e as AppError).code === 'setup_already_done') throw e;
      return sendHtml(
        reply,
        <SetupPage ctx={await pageContext(request)} values={values} errors={shown.errors} message={shown.message} />,
        (e as AppError).status,
      );
    }
    return signedIn(request, reply, personId, 'notice.setupDone');
  });

  loginPages(app, deps);
  securityPages(app, deps);

  const reset = { policy: 'account.passwordReset', page: true, duringEnrolment: true };
  app.get('/password/forgot', { config: reset }, async (request, reply) => sendHtml(reply, <ForgotPage ctx={await pageContext(request)} sent={false} />));
  app.post('/password/forgot', { config: reset }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      await services.accounts.requestPasswordReset(values.email ?? '', publicBaseUrl(deps.config), request.ip);
    } catch (e) {
      // The limits count known and unknown addresses alike: this page tells nothing about either.
      if (!(e instanceof AppError) || e.code !== 'too_many_requests') throw e;
      const minutes = Math.max(1, Math.ceil(Number(e.headers['retry-after'] ?? 60) / 60));
      const throttled = request.i18n.t('accounts.forgot.throttled', { minutes });
      return sendHtml(reply.headers(e.headers), <ForgotPage ctx={await pageContext(request)} sent={false} throttled={throttled} />, e.status);
    }
    return sendHtml(reply, <ForgotPage ctx={await pageContext(request)} sent />);
  });

  app.get('/password/reset', { config: reset, schema: { querystring: ResetQuery, hide: true } }, async (request, reply) => {
    const token = String(request.query.token ?? '');
    return sendHtml(reply, <ResetPage ctx={await pageContext(request)} token={token} errors={[]} />);
  });
  // The invitation's link: the same one-time password link, welcoming instead of resetting.
  app.get('/invitation', { config: reset, schema: { querystring: ResetQuery, hide: true } }, async (request, reply) => {
    const token = String(request.query.token ?? '');
    return sendHtml(reply, <ResetPage ctx={await pageContext(request)} token={token} errors={[]} welcome />);
  });
  app.post('/password/reset', { config: reset }, async (request, reply) => {
    const values = formFields(request.body);
    let personId: string;
    try {
      personId = await services.accounts.resetPassword(values.token ?? '', values.password ?? '');
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(
        reply,
        <ResetPage ctx={await pageContext(request)} token={values.token ?? ''} errors={shown.errors} message={shown.message} />,
        (e as AppError).status,
      );
    }
    return signedIn(request, reply, personId, 'notice.passwordChanged');
  });

  app.post('/profile/language', { config: { policy: 'me.update', page: true, duringEnrolment: true } }, async (request, reply) => {
    const values = formFields(request.body);
    if (values.locale !== 'fr' && values.locale !== 'en')
      throw new AppError('validation_failed', 'locale must be fr or en', [{ path: '/locale', code: 'invalid_locale', message: 'fr or en' }]);
    await services.people.update(request.actor, request.actor.personId!, { locale: values.locale });
    return reply.redirect(safeNext(values.next), 303);
  });

  app.post('/profile/tokens', { config: { policy: 'tokens.manage', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    const { token } = await services.accounts.createToken(request.actor.personId!, values.label ?? '');
    const ctx = await pageContext(request);
    const tokens = await services.accounts.listTokens(request.actor.personId!);
    return sendHtml(
      reply,
      <Layout ctx={ctx} title={ctx.i18n.t('accounts.tokens.title')}>
        <p>
          <a href="/profile">{ctx.i18n.t('accounts.profile.title')}</a>
        </p>
        <TokensSection ctx={ctx} tokens={tokens} created={token} />
      </Layout>,
      201,
    );
  });

  app.post(
    '/profile/tokens/:id/revoke',
    { config: { policy: 'tokens.manage', page: true }, schema: { params: PathId, hide: true } },
    async (request, reply) => {
      await services.accounts.revokeToken(request.actor.personId!, request.params.id);
      return reply.redirect('/profile?notice=notice.tokenRevoked#tokens-title', 303);
    },
  );
}
