import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldOf } from './input.js';
import { anonymous, type Actor } from '../auth/actor.js';
import { randomToken, safeEqual } from '../auth/secrets.js';
import type { Keyring } from '../auth/keys.js';
import { chooseLocale, translator } from '../i18n/index.js';
import { AppError } from '../errors.js';
import type { App } from './types.js';
import type { PolicyRegistry } from './policy.js';
import { sendProblem, toProblem } from './problems.js';
import { ErrorPage, sendHtml, type PageContextBuilder } from './page.js';

export const SESSION_COOKIE = 'eq_session';
export const CSRF_COOKIE = 'eq_csrf';
export const LANG_COOKIE = 'eq_lang';

/**
 * What a request body may weigh: 64 KB holds the longest form or JSON body the schemas accept
 * (a 10,000-character text, percent-encoded), and bounds what an anonymous visitor makes the
 * server read. The import routes alone take UPLOAD_BODY_LIMIT, once authorised (config.upload).
 */
export const BODY_LIMIT = 64 * 1024;
export const UPLOAD_BODY_LIMIT = 64 * 1024 * 1024;

export interface RouteInfo {
  method: string;
  url: string;
  policy: string;
  page: boolean;
}

export interface HookDeps {
  /** Filled with every route as it is declared: the authorization matrix test walks it. */
  routes: RouteInfo[];
  keys: Keyring;
  secureCookies: boolean;
  policies: PolicyRegistry;
  resolveActor(request: FastifyRequest): Promise<Actor>;
  isSetupDone(): Promise<boolean>;
  pageContext: PageContextBuilder;
  /** The association's time zone (TIMEZONE): pages show instants in it. */
  timeZone: string;
}

/** Pages are what a browser asks for outside the API; they get HTML errors and the setup redirect. */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  if (request.routeOptions.config?.page) return true;
  return /text\/html/.test(String(request.headers.accept ?? ''));
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Where a person who must enrol a second factor is sent (TOTP_REQUIRED_FOR). */
export const ENROLMENT_PAGE = '/profile/two-factor';

/**
 * Served over HTTPS: PUBLIC_URL says so, or this request came over TLS (directly, or through a
 * proxy's X-Forwarded-Proto when TRUST_PROXY is set). Cookies are then Secure and HSTS is sent.
 */
export function servedOverHttps(request: FastifyRequest, secureCookies: boolean): boolean {
  return secureCookies || request.protocol === 'https';
}

/**
 * The visitor's pre-session, before login: a random id the server issued, signed with the forms
 * key, kept in the `eq_csrf` cookie. The id of a cookie the server did not sign is never used:
 * a visitor cannot choose what the form token is computed from.
 */
export function newPreSession(keys: Keyring): string {
  const id = randomToken();
  return `${id}.${keys.mac('forms', `pre-session:${id}`)}`;
}

function preSessionId(keys: Keyring, cookie: string | undefined): string | null {
  const [id, mac, extra] = (cookie ?? '').split('.');
  if (!id || !mac || extra !== undefined || id.length > 64) return null;
  return keys.verify('forms', `pre-session:${id}`, mac) ? id : null;
}

/**
 * The form token (CSRF), under the forms purpose key: bound to the session once signed in (it
 * changes at each login), else to the server-issued pre-session.
 */
function formToken(keys: Keyring, binding: { sessionId: string } | { preSession: string }): string {
  return 'sessionId' in binding
    ? keys.mac('forms', `form-token:session:${binding.sessionId}`)
    : keys.mac('forms', `form-token:pre-session:${binding.preSession}`);
}

export function installHooks(app: App, deps: HookDeps): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('i18n', null as never);
  app.decorateRequest('csrfToken', '');

  // Deny by default: a route that names no policy, or one no module declares, stops start-up.
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    if (!policy) throw new Error(`Route ${String(route.method)} ${route.url} names no policy`);
    if (!deps.policies.has(policy)) throw new Error(`Route ${String(route.method)} ${route.url} names unknown policy ${policy}`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') deps.routes.push({ method, url: route.url, policy, page: route.config?.page === true });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    const secure = servedOverHttps(request, deps.secureCookies);
    if (secure) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');

    request.actor = anonymous;
    request.i18n = translator('fr', deps.timeZone);
    request.actor = await deps.resolveActor(request);

    const queryLang = fieldOf(request.query, 'lang');
    if (queryLang === 'fr' || queryLang === 'en') {
      reply.setCookie(LANG_COOKIE, queryLang, { path: '/', sameSite: 'lax', httpOnly: true, secure, maxAge: 365 * 86400 });
    }
    request.i18n = translator(
      chooseLocale({
        profile: request.actor.locale,
        query: queryLang,
        cookie: request.cookies[LANG_COOKIE],
        acceptLanguage: request.headers['accept-language'],
      }),
      deps.timeZone,
    );

    if (request.actor.via === 'session' && request.actor.sessionId) {
      request.csrfToken = formToken(deps.keys, { sessionId: request.actor.sessionId });
    } else {
      let preSession = preSessionId(deps.keys, request.cookies[CSRF_COOKIE]);
      if (!preSession) {
        const cookie = newPreSession(deps.keys);
        preSession = cookie.split('.')[0]!;
        reply.setCookie(CSRF_COOKIE, cookie, { path: '/', sameSite: 'lax', httpOnly: true, secure });
      }
      request.csrfToken = formToken(deps.keys, { preSession });
    }

    const config = request.routeOptions.config;
    if (!config?.beforeSetup && !(await deps.isSetupDone())) {
      if (!request.url.startsWith('/api/')) return reply.redirect('/setup', 303);
      throw new AppError('setup_required', request.i18n.t('errors.setup_required'));
    }
  });

  /** The route's policy for this actor (and a second factor still to enrol): refuses, redirects, or lets through. */
  function authorise(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    // TOTP_REQUIRED_FOR: until enrolled, pages lead to enrolment and the API refuses (tokens too).
    if (request.actor.secondFactorMissing && !request.routeOptions.config?.duringEnrolment) {
      if (request.url.startsWith('/api/')) throw new AppError('second_factor_required', request.i18n.t('errors.second_factor_required'));
      if (wantsHtml(request)) return reply.redirect(ENROLMENT_PAGE, 303);
    }
    const action = request.routeOptions.config?.policy;
    if (!action || !deps.policies.allows(request.actor, action)) {
      if (request.actor.personId === null) throw new AppError('unauthenticated', request.i18n.t('errors.unauthenticated'));
      throw new AppError('forbidden', request.i18n.t('errors.forbidden'));
    }
    return undefined;
  }

  // Bodies are read between onRequest and preValidation. Every route but the imports takes at most
  // BODY_LIMIT (the app's bodyLimit); an import route (config.upload) takes a large body, so it is
  // authorised here, before a byte of it is read, and only it accepts multipart uploads.
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || reply.sent) return;
    if (request.routeOptions.config?.upload) return authorise(request, reply);
    if (/^multipart\//i.test(String(request.headers['content-type'] ?? ''))) {
      throw new AppError('unsupported_media_type', String(request.headers['content-type']));
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    if (request.is404) return;
    const refused = authorise(request, reply);
    if (refused) return refused;
    // An action whose fields are all optional takes an empty body: no body reads as `{}`, so a
    // route that needs fields names them, instead of answering that the body is not an object.
    if (request.body === undefined && (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH')) {
      request.body = {};
    }
    // Forms (and htmx) must carry the token. JSON bodies to the API need no token: a browser
    // cannot send them cross-site without a CORS preflight, which this server never grants. Pages
    // (/login among them) take the token whatever the body's type: they are for browsers only.
    if (request.method !== 'GET' && request.method !== 'HEAD' && (!isJson(request) || !request.url.startsWith('/api/'))) {
      const sent = String(request.headers['x-csrf-token'] ?? fieldOf(request.body, '_csrf') ?? '');
      // A bearer token cannot be attached by another site, so token-authenticated calls need none.
      if (request.actor.via !== 'token' && !safeEqual(sent, request.csrfToken)) {
        throw new AppError('csrf_failed', request.i18n.t('errors.csrf_failed'));
      }
    }
    // PostgreSQL cannot store U+0000 nor a lone UTF-16 surrogate in text (a 500 there, silently
    // kept by SQLite): refuse both alike, naming the field.
    const bad =
      pathOfUnstorableText(request.params, '/params') ?? pathOfUnstorableText(request.query, '/querystring') ?? pathOfUnstorableText(request.body, '');
    if (bad !== null) {
      const path = bad || '/';
      throw new AppError('validation_failed', `${path}: invalid character`, [{ path, code: 'invalid_character', message: request.i18n.t('field.invalid') }]);
    }
  });

  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    const headers = error instanceof AppError ? error.headers : {};
    if (request.i18n && wantsHtml(request) && problem.status !== 401) {
      const ctx = await deps.pageContext(request);
      return sendHtml(reply.headers(headers), ErrorPage({ ctx, title: problem.title, detail: problem.detail }), problem.status);
    }
    if (problem.status === 401 && request.i18n && wantsHtml(request)) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    return sendProblem(reply, problem, headers);
  });

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const t = request.i18n ?? translator('fr', deps.timeZone);
    if (!request.i18n) request.i18n = t;
    if (!request.actor) request.actor = anonymous;
    const problem = toProblem(new AppError('not_found', `${request.method} ${request.url.split('?')[0]}`), request);
    if (wantsHtml(request)) {
      const ctx = await deps.pageContext(request);
      return sendHtml(reply, ErrorPage({ ctx, title: problem.title, detail: problem.detail }), 404);
    }
    return sendProblem(reply, problem);
  });
}

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) holding U+0000 or a lone surrogate in a parsed request part, or null. */
function pathOfUnstorableText(value: unknown, root: string): string | null {
  // Iterative: a deeply nested JSON body must not overflow the stack.
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return path;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (UNSTORABLE.test(key)) return path;
        stack.push([child, `${path}/${key}`]);
      }
    }
  }
  return null;
}

function isJson(request: FastifyRequest): boolean {
  return /^application\/([\w.+-]+\+)?json/.test(String(request.headers['content-type'] ?? ''));
}
