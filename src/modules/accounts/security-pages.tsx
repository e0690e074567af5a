import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { AccountsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { SESSION_COOKIE } from '../../platform/http/hooks.js';
import type { SessionView } from './security-repository.js';
import type { TwoFactorStatus } from './two-factor.js';
import { CodeField, setSessionCookie } from './login-pages.js';

/** The "Account security" part of /profile: password, second factor, open sessions. */
export function SecuritySection(props: { ctx: PageContext; twoFactor: TwoFactorStatus; sessions: SessionView[] }) {
  const { ctx, twoFactor } = props;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title">{t('accounts.security.title')}</h2>
      <ul>
        <li>
          <a href="/profile/password">{t('accounts.security.changePassword')}</a>
        </li>
        <li>
          {twoFactor.enabled ? t('accounts.security.twoFactorOn', { left: twoFactor.recoveryCodesLeft }) : t('accounts.security.twoFactorOff')}{' '}
          <a href="/profile/two-factor">{t('accounts.security.twoFactorManage')}</a>
        </li>
      </ul>
      <h3>{t('accounts.security.sessions')}</h3>
      <ul>
        {props.sessions.map((s) => (
          <li>
            {s.userAgent ?? t('accounts.security.unknownDevice')} —{' '}
            {t('accounts.security.session', { created: ctx.i18n.dateTime(s.createdAt), seen: ctx.i18n.dateTime(s.lastSeenAt) })}
            {s.id === ctx.actor.sessionId ? ` ${t('accounts.security.thisSession')}` : null}
          </li>
        ))}
      </ul>
      <form method="post" action="/logout/everywhere">
        <CsrfField ctx={ctx} />
        <p>
          <small>{t('accounts.security.logoutEverywhereHint')}</small>
        </p>
        <button type="submit" class="secondary">
          {t('accounts.security.logoutEverywhere')}
        </button>
      </form>
    </section>
  );
}

function PasswordPage(props: { ctx: PageContext; errors: FieldError[]; message?: string }) {
  const { ctx, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.password.title')}>
      <h1>{t('accounts.password.title')}</h1>
      <p>{t('accounts.password.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/profile/password" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="currentPassword" type="password" label={t('accounts.password.current')} errors={errors} required autocomplete="current-password" />
        <Field
          name="newPassword"
          type="password"
          label={t('accounts.password.new')}
          errors={errors}
          required
          autocomplete="new-password"
          hint={t('accounts.field.passwordHint')}
        />
        <Field name="confirmPassword" type="password" label={t('accounts.password.confirm')} errors={errors} required autocomplete="new-password" />
        <button type="submit">{t('accounts.password.submit')}</button>
      </form>
      <p>
        <a href="/profile">{t('accounts.totp.back')}</a>
      </p>
    </Layout>
  );
}

/** The secret in groups of four, as authenticator apps let one type it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The otpauth URI as a QR code: an SVG drawn on the server (no script; CSP allows no inline one). */
function QrCode(props: { uri: string; label: string }) {
  const svg = renderSVG(props.uri, { ecc: 'M' }).replace('<svg ', '<svg width="220" height="220" aria-hidden="true" ');
  return <div class="totp-qr" role="img" aria-label={props.label} dangerouslySetInnerHTML={{ __html: svg }} />;
}

function TwoFactorPage(props: { ctx: PageContext; status: TwoFactorStatus; recoveryCodes?: string[]; errors: FieldError[]; message?: string }) {
  const { ctx, status, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('accounts.totp.title')}>
      <h1>{t('accounts.totp.title')}</h1>
      {ctx.actor.secondFactorMissing ? (
        <p role="status" class="notice">
          {t('accounts.totp.required')}
        </p>
      ) : null}
      <p>{t('accounts.totp.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      {props.recoveryCodes ? (
        <article role="status">
          <p>
            <strong>{t('accounts.totp.enabled')}</strong>
          </p>
          <p>{t('accounts.totp.codesIntro')}</p>
          <ul class="recovery-codes">
            {props.recoveryCodes.map((c) => (
              <li>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </article>
      ) : status.enabled ? (
        <>
          <p>{t('accounts.totp.enabled')}</p>
          <p>{t('accounts.totp.codesLeft', { left: status.recoveryCodesLeft })}</p>
          <form method="post" action="/profile/two-factor/disable" novalidate>
            <CsrfField ctx={ctx} />
            <CodeField ctx={ctx} label={t('accounts.totp.code')} errors={errors} hint={t('accounts.totp.disableIntro')} />
            {/* One code, two uses: the second button sends the same form elsewhere (no script needed). */}
            <button type="submit" formaction="/profile/two-factor/recovery-codes">
              {t('accounts.totp.renew')}
            </button>{' '}
            <button type="submit" class="secondary">
              {t('accounts.totp.disable')}
            </button>
          </form>
        </>
      ) : status.pending ? (
        <>
          <p>{t('accounts.totp.scan')}</p>
          <QrCode uri={status.pending.uri} label={t('accounts.totp.qrLabel')} />
          <dl>
            <dt>{t('accounts.totp.secret')}</dt>
            <dd>
              <code class="totp-secret">{grouped(status.pending.secret)}</code>
            </dd>
            <dt>{t('accounts.totp.uri')}</dt>
            <dd>
              <code class="totp-uri">{status.pending.uri}</code>
            </dd>
          </dl>
          <form method="post" action="/profile/two-factor/confirm" novalidate>
            <CsrfField ctx={ctx} />
            <CodeField ctx={ctx} label={t('accounts.totp.code')} errors={errors} hint={t('accounts.totp.confirmIntro')} />
            <button type="submit">{t('accounts.totp.confirm')}</button>
          </form>
          <form method="post" action="/profile/two-factor/start">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary outline">
              {t('accounts.totp.restart')}
            </button>
          </form>
        </>
      ) : (
        <form method="post" action="/profile/two-factor/start">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('accounts.totp.start')}</button>
        </form>
      )}
      <p>
        <a href="/profile">{t('accounts.totp.back')}</a>
      </p>
    </Layout>
  );
}

/** /profile/password and /profile/two-factor. */
export function securityPages(app: App, deps: PageDeps<AccountsUses>): void {
  const { services, pageContext } = deps;
  const security = { policy: 'account.security', page: true };
  // The enrolment pages stay open to whoever TOTP_REQUIRED_FOR sends there.
  const enrolment = { ...security, duringEnrolment: true };

  app.get('/profile/password', { config: security }, async (request, reply) => sendHtml(reply, <PasswordPage ctx={await pageContext(request)} errors={[]} />));

  app.post('/profile/password', { config: security }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const { token } = await services.accounts.changePassword(request.actor, {
        currentPassword: values.currentPassword ?? '',
        newPassword: values.newPassword ?? '',
        confirmPassword: values.confirmPassword ?? '',
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        previousSessionToken: request.cookies[SESSION_COOKIE],
      });
      if (token) setSessionCookie(request, reply, token, deps);
      return reply.redirect('/profile?notice=notice.passwordChangedEverywhere', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(
        reply.headers((e as AppError).headers),
        <PasswordPage ctx={await pageContext(request)} errors={shown.errors} message={shown.message} />,
        (e as AppError).status,
      );
    }
  });

  const twoFactorPage = async (request: FastifyRequest, extra: { recoveryCodes?: string[]; errors?: FieldError[]; message?: string } = {}) => (
    <TwoFactorPage
      ctx={await pageContext(request)}
      status={await services.accounts.twoFactor.status(request.actor.personId!)}
      errors={extra.errors ?? []}
      {...extra}
    />
  );

  /** A wrong or throttled code shows the page again with the error; a form out of step with the factor's state is no field error. */
  const showCodeError = async (request: FastifyRequest, reply: FastifyReply, e: unknown) => {
    const shown = formErrorsOf(e, request.i18n);
    if (!shown || (e as AppError).code === 'illegal_transition') throw e;
    return sendHtml(reply.headers((e as AppError).headers), await twoFactorPage(request, shown), (e as AppError).status);
  };

  app.get('/profile/two-factor', { config: enrolment }, async (request, reply) => sendHtml(reply, await twoFactorPage(request)));

  app.post('/profile/two-factor/start', { config: enrolment }, async (request, reply) => {
    await services.accounts.twoFactor.start(request.actor);
    return reply.redirect('/profile/two-factor', 303);
  });

  app.post('/profile/two-factor/confirm', { config: enrolment }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const recoveryCodes = await services.accounts.twoFactor.confirm(request.actor, values.code ?? '', request.ip);
      // Enrolled from now on: this request's actor still carries the requirement it had.
      request.actor = { ...request.actor, secondFactorMissing: false };
      return sendHtml(reply, await twoFactorPage(request, { recoveryCodes }));
    } catch (e) {
      return showCodeError(request, reply, e);
    }
  });

  app.post('/profile/two-factor/recovery-codes', { config: enrolment }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const recoveryCodes = await services.accounts.twoFactor.renewRecoveryCodes(request.actor, values.code ?? '', request.ip);
      return sendHtml(reply, await twoFactorPage(request, { recoveryCodes }));
    } catch (e) {
      return showCodeError(request, reply, e);
    }
  });

  app.post('/profile/two-factor/disable', { config: enrolment }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      await services.accounts.twoFactor.disable(request.actor, values.code ?? '', request.ip);
      return reply.redirect('/profile?notice=notice.twoFactorDisabled', 303);
    } catch (e) {
      return showCodeError(request, reply, e);
    }
  });
}
