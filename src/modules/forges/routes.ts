import type { IncomingMessage } from 'node:http';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, Nullable, Page, PageQuery, problemResponses } from '../../platform/http/schemas.js';
import type { ForgesUses } from './uses.js';
import { DELIVERY_STATUSES, deliveryOf, identityKinds, type Forge } from './rules.js';

/** Push payloads list at most 20 commits (GitLab) or a few (Forgejo): 2 MiB is ample. */
const HOOK_BODY_LIMIT = 2 * 1024 * 1024;

const DeliverySchema = Type.Object({
  deliveryId: Type.String(),
  event: Type.String(),
  status: Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))),
  reason: Nullable(Type.String({ description: 'Why an ignored delivery was ignored, e.g. not_merged, event_not_handled' })),
  recorded: Type.Integer({ description: 'Contributions this delivery recorded' }),
  alreadyRecorded: Type.Integer({ description: 'Contributions it told about that were already recorded' }),
  unknownAuthors: Type.Integer({ description: 'Authors nobody is linked to yet (listed for administrators)' }),
});

const ForgeAccountSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  forge: Type.Union(identityKinds.map((k) => Type.Literal(k))),
  identity: Type.String(),
  createdAt: Type.String(),
});

const UnknownAuthorSchema = Type.Object({
  id: Type.String(),
  forge: Type.String(),
  identity: Type.String(),
  displayName: Nullable(Type.String()),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  events: Type.Integer(),
});

export const LinkForgeAccountBody = Type.Object(
  {
    forge: Type.Union(
      identityKinds.map((k) => Type.Literal(k)),
      { description: 'forgejo (also Gitea) or gitlab: a login on that forge; email: an address your commits carry' },
    ),
    identity: Type.String({ minLength: 1, maxLength: 254 }),
  },
  { additionalProperties: false },
);

const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), accountId: Type.String({ minLength: 1, maxLength: 64 }) });

/** The exact bytes a hook was signed over, kept beside the parsed body. */
const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/**
 * One webhook endpoint. Its scope has its own JSON parser: the signature covers the raw bytes,
 * which the app's parser would throw away, and it is checked before a byte is parsed, so an
 * unsigned request never reaches JSON.parse nor the database.
 */
function hookRoute(app: App, services: ForgesUses, forge: Forge, url: string, summary: string): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: HOOK_BODY_LIMIT }, (request, body, done) => {
      const raw = body as Buffer;
      try {
        services.forges.authenticate(forge, request.headers, raw);
        rawBodies.set(request.raw, raw);
        done(null, JSON.parse(raw.toString('utf8')));
      } catch (e) {
        done(e instanceof AppError ? e : new AppError('malformed_json', (e as Error).message));
      }
    });
    scope.post(
      url,
      {
        config: { policy: 'forge.hook' },
        bodyLimit: HOOK_BODY_LIMIT,
        // Without a content type no parser runs, and the form-token check would answer first:
        // a request that carries no signed body is refused as unsigned, before anything else.
        onRequest: async (request) => {
          if (!request.headers['content-type']) services.forges.authenticate(forge, request.headers, Buffer.alloc(0));
        },
        schema: {
          tags: ['forges'],
          summary,
          security: [],
          response: { 200: DeliverySchema, ...problemResponses, 413: Type.Ref('Problem'), 415: Type.Ref('Problem') },
        },
      },
      async (request) => {
        const raw = rawBodies.get(request.raw);
        // No body at all: the parser never ran, so nothing was verified.
        if (!raw) services.forges.authenticate(forge, request.headers, Buffer.alloc(0));
        return services.forges.receive(forge, deliveryOf(forge, request.headers, raw ?? Buffer.alloc(0)), request.body);
      },
    );
  });
}

export function forgesRoutes(app: App, services: ForgesUses): void {
  hookRoute(
    app,
    services,
    'forgejo',
    '/api/v1/hooks/forgejo',
    'Forgejo or Gitea webhook (push, pull_request): signed with X-Forgejo-Signature or X-Gitea-Signature, HMAC-SHA256 of the body under FORGEJO_WEBHOOK_SECRET',
  );
  hookRoute(app, services, 'gitlab', '/api/v1/hooks/gitlab', 'GitLab webhook (Push Hook, Merge Request Hook): X-Gitlab-Token must equal GITLAB_WEBHOOK_TOKEN');

  app.get(
    '/api/v1/forge/unknown-authors',
    {
      config: { policy: 'forge.unknown.read' },
      schema: {
        tags: ['forges'],
        summary: 'Authors the forges named whom no person is linked to yet, newest first',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(UnknownAuthorSchema), ...problemResponses },
      },
    },
    async (request) => services.forges.unknownAuthors(request.query),
  );

  app.get(
    '/api/v1/people/:id/forge-accounts',
    {
      config: { policy: 'forge.accounts.manage' },
      schema: {
        tags: ['forges'],
        summary: 'The forge logins and commit emails linked to this person (themself or an administrator)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ForgeAccountSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.forges.accountsOf(request.actor, request.params.id) }),
  );

  app.post(
    '/api/v1/people/:id/forge-accounts',
    {
      config: { policy: 'forge.accounts.manage' },
      schema: {
        tags: ['forges'],
        summary: 'Link a forge login or commit email; what the forges already sent under it is credited at once',
        params: IdParams,
        body: LinkForgeAccountBody,
        response: {
          200: Type.Intersect([ForgeAccountSchema, Type.Object({ credited: Type.Integer() })]),
          201: Type.Intersect([ForgeAccountSchema, Type.Object({ credited: Type.Integer({ description: 'Contributions credited from earlier deliveries' }) })]),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { account, created, credited } = await services.forges.link(request.actor, request.params.id, request.body);
      return reply.status(created ? 201 : 200).send({ ...account, credited });
    },
  );

  app.delete(
    '/api/v1/people/:id/forge-accounts/:accountId',
    {
      config: { policy: 'forge.accounts.manage' },
      schema: {
        tags: ['forges'],
        summary: 'Unlink a forge account (contributions it brought stay)',
        params: AccountParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.forges.unlink(request.actor, request.params.id, request.params.accountId);
      return reply.status(204).send(null);
    },
  );
}
