import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import Fastify, { type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { sharedCompilers } from './platform/http/compilers.js';
import { modules } from './modules.js';
import { collectExtensions } from './platform/module.js';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { publicBaseUrl, trustProxyOption, type Config } from './platform/config.js';
import type { Database } from './platform/db.js';
import { systemClock, type Clock } from './platform/time.js';
import { catalogue } from './platform/i18n/index.js';
import { createPolicyRegistry } from './platform/http/policy.js';
import { BODY_LIMIT, installHooks, SESSION_COOKIE, UPLOAD_BODY_LIMIT, type RouteInfo } from './platform/http/hooks.js';
import { keysOf } from './platform/auth/keys.js';
import type { PageContext } from './platform/http/page.js';
import { ProblemSchema } from './platform/http/schemas.js';
import { readBodyText, refuseDeclaredLength, removeSpooledBody, spoolBody } from './platform/http/uploads.js';
import { fieldOf } from './platform/http/input.js';
import { Type } from '@sinclair/typebox';
import type { App } from './platform/http/types.js';
import { auditPolicies } from './platform/audit/policy.js';
import { auditRoutes } from './platform/audit/routes.js';
import { buildServices, wiredModules, type Services } from './container.js';
import type { RoomProviders } from './modules/rooms/service.js';
import { auditPages } from './platform/audit/pages.js';
import { outboxPages } from './platform/outbox/pages.js';
import { outboxPolicies } from './platform/outbox/policy.js';
import { outboxRoutes } from './platform/outbox/routes.js';
import { mailPages } from './platform/mail/pages.js';

export interface AppOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: boolean;
  /** Room providers other than the configuration's (tests). */
  providers?: RoomProviders;
}

// The platform's own policies, then each module's, as src/modules.ts lists them.
export const policies = createPolicyRegistry([auditPolicies, outboxPolicies, ...modules.flatMap((m) => (m.policies ? [m.policies] : []))]);

const require = createRequire(import.meta.url);

/** The project folder, found the same way from src/ (tests) and from dist/equipage.mjs (production). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Files served under /assets, from the packages that ship them (no build step, no CDN). */
const assets: Record<string, { file: string; type: string }> = {
  'pico.min.css': { file: require.resolve('@picocss/pico/css/pico.min.css'), type: 'text/css; charset=utf-8' },
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'app.css': { file: join(projectRoot(), 'public', 'app.css'), type: 'text/css; charset=utf-8' },
};
const assetCache = new Map<string, string>();

function assetFile(name: string): string {
  let text = assetCache.get(name);
  if (text === undefined) assetCache.set(name, (text = readFileSync(assets[name].file, 'utf8')));
  return text;
}

/** TRUST_PROXY for Fastify, whose types take a hop count only as the function it stands for. */
function fastifyTrustProxy(setting: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  const option = trustProxyOption(setting) ?? false;
  return typeof option === 'number' ? (_address: string, hop: number) => hop < option : option;
}

export async function buildApp(options: AppOptions): Promise<{ app: App; services: Services; routes: RouteInfo[] }> {
  const { database, config } = options;
  const clock = options.clock ?? systemClock;
  const services = buildServices({ database, clock, config }, options.providers);
  const secureCookies = config.PUBLIC_URL?.startsWith('https://') ?? false;

  const app = Fastify({
    logger: options.logger ? { level: config.LOG_LEVEL } : false,
    bodyLimit: BODY_LIMIT,
    // Only the proxies named may set X-Forwarded-For (throttling is per address): see trustProxyOption.
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
    schemaController: { compilersFactory: sharedCompilers as never },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // File uploads (routes with the upload option: the import page, an assembly's documents): fields
  // land in request.body like a urlencoded form's, the file as a buffer, or, on a route with the
  // spool option (the import page), written to a private file as it arrives, as the API's import
  // bodies are (removed with the answer, below): memory then holds a window of it, not the file.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: UPLOAD_BODY_LIMIT, files: 1, fields: 20 },
    async onFile(this: FastifyRequest, part) {
      if (this.routeOptions.config.spool) (part as { value?: unknown }).value = await spoolBody(part.file, UPLOAD_BODY_LIMIT);
      else await part.toBuffer();
    },
  });
  // CSV for the import routes, which set their own larger bodyLimit and receive it spooled to a
  // file (platform/http/uploads.ts); anywhere else it is text, and BODY_LIMIT holds.
  app.addContentTypeParser(['text/csv', 'text/plain'], async (request: FastifyRequest, payload: Readable) => {
    const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT;
    refuseDeclaredLength(request.headers['content-length'], limit);
    return request.routeOptions.config.spool ? spoolBody(payload, limit) : readBodyText(payload, limit);
  });
  // The spooled body's file goes with the answer, whatever the answer: removed as it is sent (the
  // handler is done with it), and again once it was, should sending have failed. Only the routes
  // that spool carry these hooks.
  app.addHook('onRoute', (route) => {
    if (!(route.config as { spool?: boolean } | undefined)?.spool) return;
    const removeOnSend = async (request: FastifyRequest, _reply: unknown, payload: unknown) => {
      await removeSpooledBody(request.body);
      return payload;
    };
    const removeOnResponse = async (request: FastifyRequest) => removeSpooledBody(request.body);
    route.onSend = [...[route.onSend ?? []].flat(), removeOnSend] as typeof route.onSend;
    route.onResponse = [...[route.onResponse ?? []].flat(), removeOnResponse] as typeof route.onResponse;
  });
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Équipage API', version: '1', description: 'People, teams, bureau and membership of a community-run association.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Only the JSON API belongs in the document; HTML pages are not part of the contract.
    transform: ({ schema, url }) => ({ schema: (url.startsWith('/api/v1/') || url === '/healthz' ? schema : { ...schema, hide: true }) as never, url }),
  });

  const pageContext = async (request: FastifyRequest): Promise<PageContext> => {
    const association = await services.settings.association();
    const noticeKey = fieldOf(request.query, 'notice');
    const strings = catalogue(request.i18n.locale);
    const notice = typeof noticeKey === 'string' && noticeKey.startsWith('notice.') && noticeKey in strings ? strings[noticeKey] : null;
    return {
      i18n: request.i18n,
      actor: request.actor,
      csrf: request.csrfToken,
      path: request.url,
      associationName: association.name,
      allowed: (action) => policies.allows(request.actor, action),
      notice,
    };
  };

  const routes: RouteInfo[] = [];
  installHooks(app, {
    routes,
    keys: keysOf(config),
    secureCookies,
    policies,
    pageContext,
    timeZone: config.TIMEZONE,
    isSetupDone: () => services.accounts.isSetupDone(),
    resolveActor: (request) => {
      const auth = request.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      return services.accounts.resolveActor({ bearer, sessionToken: request.cookies[SESSION_COOKIE] });
    },
  });

  app.get(
    '/assets/:name',
    { config: { policy: 'site.public', beforeSetup: true }, schema: { hide: true, params: Type.Object({ name: Type.String() }) } },
    async (request, reply) => {
      const { name } = request.params;
      if (!Object.hasOwn(assets, name)) return reply.callNotFound();
      return reply.type(assets[name].type).header('cache-control', 'public, max-age=3600').send(assetFile(name));
    },
  );

  app.get('/api/v1/openapi.json', { config: { policy: 'site.public', beforeSetup: true }, schema: { hide: true } as never }, async () => app.swagger());

  // The platform's own routes and pages, then each module's, as src/modules.ts lists them.
  const modules = wiredModules();
  const pages = { services, pageContext, config };
  const extensions = collectExtensions(modules.map((m) => m.contributes?.(services) ?? {}));
  auditRoutes(app, services.audit);
  outboxRoutes(app, services);
  auditPages(app, pages);
  outboxPages(app, pages);
  mailPages(app, pages);
  const wiring = { policies, publicUrl: publicBaseUrl(config) };
  for (const m of modules) {
    m.routes?.(app, services, wiring);
    m.pages?.(app, { ...pages, extensions });
  }
  // The XMPP provider keeps one connection open: it closes with the app.
  app.addHook('onClose', async () => services.rooms.close());

  await app.ready();
  return { app, services, routes };
}
