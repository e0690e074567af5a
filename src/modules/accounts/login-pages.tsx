import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { AccountsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Labelled, Layout, errorFor, describedBy, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formFields, localiseFieldErrors } from '../../platform/http/forms.js';
import { CSRF_COOKIE, SESSION_COOKIE, newPreSession, servedOverHttps } from '../../platform/http/hooks.js';
import { keysOf } from '../../platform/auth/keys.js';
import type { Translator } from '../../platform/i18n/index.js';

/** Where to go after logging in, read as it comes: safeNext keeps only a local path. */
const LoginQuery = Type.Object({ next: Type.Optional(Type.Unknown()) });

/** Only same-site paths: an open redirect after login would help phishing. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

/** The session cookie's attributes: never readable by scripts, not sent on cross-site posts, Secure over HTTPS. */
export function sessionCookieOptions(request: FastifyRequest, deps: PageDeps<AccountsUses>) {
  const secure = servedOverHttps(request, deps.config.PUBLIC_URL?.startsWith('https://') ?? false);
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, deps: PageDeps<AccountsUses>): void {
  const options = sessionCookieOptions(request, deps);
  reply.setCookie(SESSION_COOKIE, token, { ...options, maxAge: deps.config.SESSION_TTL_DAYS * 86400 });
  // Signed in, the form token follows the session; a fresh pre-session serves after logout, so
  // nothing obtained before login stays valid.
  reply.setCookie(CSRF_COOKIE, newPreSession(keysOf(deps.config)), options);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: PageDeps<AccountsUses>): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, deps));
}

/** Who is signing in, as the session records it; the cookie presented before ends with the new session. */
export function clientOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'], previousSessionToken: request.cookies[SESSION_COOKIE] };
}

/** "Try again in 12 minutes", from the Retry-After seconds of a 429. */
function throttledMessage(i18n: Translator, error: AppError): string {
  const minutes = Math.max(1, Math.ceil(Number(error.headers['retry-after'] ?? 60) / 60));
  const wait = minutes === 1 ? i18n.t('accounts.login.waitOneMinute') : i18n.t('accounts.login.waitMinutes', { minutes });
  return i18n.t('accounts.login.throttled', { wait });
}

function LoginPage(props: { ctx: PageContext; email: string; next: string; error?: string }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.login.title')}>
      <h1>{t('accounts.login.title')}</h1>
      {props.error ? <ErrorSummary ctx={ctx} errors={[]} message={props.error} /> : null}
      <form method="post" action="/login">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="next" value={props.next} />
        <Field name="email" type="email" label={t('accounts.field.email')} value={props.email} required autocomplete="username" />
        <Field name="password" type="password" label={t('accounts.field.password')} required autocomplete="current-password" />
        <button type="submit">{t('accounts.login.submit')}</button>
      </form>
      <p>
        <a href="/password/forgot">{t('accounts.login.forgot')}</a>
      </p>
    </Layout>
  );
}

/** A one-time code input: digits on phones, filled from the authenticator where the browser can. */
export function CodeField(props: { ctx: PageContext; label: string; errors: FieldError[]; hint?: string }) {
  const id = 'field-code';
  const error = errorFor(props.errors, 'code');
  return (
    <Labelled id={id} label={props.label} required error={error} hint={props.hint}>
      <input
        id={id}
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={20}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, props.hint)}
      />
    </Labelled>
  );
}

/** The login's second step: the challenge from the password step travels in the form. */
export function SecondStepPage(props: { ctx: PageContext; challenge: string; next: string; errors: FieldError[]; message?: string }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.twoStep.title')}>
      <h1>{t('accounts.twoStep.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      <form method="post" action="/login/two-factor" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="challenge" value={props.challenge} />
        <input type="hidden" name="next" value={props.next} />
        <CodeField ctx={ctx} label={t('accounts.twoStep.code')} errors={props.errors} hint={t('accounts.twoStep.intro')} />
        <button type="submit">{t('accounts.twoStep.submit')}</button>
      </form>
    </Layout>
  );
}

/** /login, its second step, /logout and /logout/everywhere. */
export function loginPages(app: App, deps: PageDeps<AccountsUses>): void {
  const { services, pageContext } = deps;
  // Reachable while a second factor waits to be enrolled: one must be able to log in and out.
  const anyone = { policy: 'account.login', page: true, duringEnrolment: true };

  app.get('/login', { config: anyone, schema: { querystring: LoginQuery, hide: true } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.actor.personId) return reply.redirect(next, 303);
    return sendHtml(reply, <LoginPage ctx={await pageContext(request)} email="" next={next} />);
  });

  app.post('/login', { config: anyone }, async (request, reply) => {
    const values = formFields(request.body);
    const next = safeNext(values.next);
    try {
      const result = await services.accounts.login({ email: values.email ?? '', password: values.password ?? '', ...clientOf(request) });
      if (result.challenge !== undefined) {
        return sendHtml(reply, <SecondStepPage ctx={await pageContext(request)} challenge={result.challenge} next={next} errors={[]} />);
      }
      setSessionCookie(request, reply, result.token, deps);
      return reply.redirect(next, 303);
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'invalid_credentials' && e.code !== 'too_many_attempts')) throw e;
      const message = e.code === 'too_many_attempts' ? throttledMessage(request.i18n, e) : request.i18n.t('accounts.login.failed');
      return sendHtml(
        reply.headers(e.headers),
        <LoginPage ctx={await pageContext(request)} email={values.email ?? ''} next={next} error={message} />,
        e.status,
      );
    }
  });

  app.post('/login/two-factor', { config: anyone }, async (request, reply) => {
    const values = formFields(request.body);
    const next = safeNext(values.next);
    try {
      const { token } = await services.accounts.completeSecondFactor({ challenge: values.challenge ?? '', code: values.code ?? '', ...clientOf(request) });
      setSessionCookie(request, reply, token, deps);
      return reply.redirect(next, 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const ctx = await pageContext(request);
      if (e.code === 'invalid_credentials') {
        return sendHtml(reply, <LoginPage ctx={ctx} email="" next={next} error={request.i18n.t('accounts.login.expired')} />, e.status);
      }
      if (e.code !== 'invalid_second_factor' && e.code !== 'too_many_attempts') throw e;
      const errors = localiseFieldErrors(e.errors, request.i18n);
      const message = e.code === 'too_many_attempts' ? throttledMessage(request.i18n, e) : request.i18n.t('accounts.twoStep.failed');
      return sendHtml(
        reply.headers(e.headers),
        <SecondStepPage ctx={ctx} challenge={values.challenge ?? ''} next={next} errors={errors} message={message} />,
        e.status,
      );
    }
  });

  const logout = { policy: 'account.logout', page: true, duringEnrolment: true };
  app.post('/logout', { config: logout }, async (request, reply) => {
    await services.accounts.logout(request.actor);
    clearSessionCookie(request, reply, deps);
    return reply.redirect('/', 303);
  });

  app.post('/logout/everywhere', { config: logout }, async (request, reply) => {
    await services.accounts.logoutEverywhere(request.actor);
    clearSessionCookie(request, reply, deps);
    return reply.redirect('/login?notice=notice.loggedOutEverywhere', 303);
  });
}
