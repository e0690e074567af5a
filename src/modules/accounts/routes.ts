import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PolicyRegistry } from '../../platform/http/policy.js';
import { isContributor, isLead } from '../../platform/auth/actor.js';
import { IdParams, Nullable, problemResponses } from '../../platform/http/schemas.js';
import type { AccountsUses } from './uses.js';

const TokenSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export function accountsRoutes(app: App, services: AccountsUses, policies: PolicyRegistry, publicUrl: string): void {
  app.get(
    '/api/v1/me',
    {
      config: { policy: 'me.read' },
      schema: {
        tags: ['accounts'],
        summary: 'The current person, their roles and the actions they may attempt',
        response: {
          200: Type.Object({
            person: Type.Object({ id: Type.String(), displayName: Type.String(), email: Type.String(), locale: Type.String() }),
            roles: Type.Array(Type.String()),
            office: Nullable(Type.String()),
            teams: Type.Array(Type.Object({ slug: Type.String(), role: Type.String() })),
            allowedActions: Type.Array(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const person = await services.people.get(actor, actor.personId!);
      const teams = (await services.teams.rolesOf(person.id)).filter((t) => t.until === null);
      const roles = [
        'person',
        ...(isContributor(actor) ? ['contributor'] : []),
        ...(actor.isMember ? ['member'] : []),
        ...(isLead(actor) ? ['lead'] : []),
        ...(actor.office ? ['bureau'] : []),
        ...(actor.isAdmin ? ['admin'] : []),
      ];
      return {
        person: { id: person.id, displayName: person.displayName, email: person.email, locale: person.locale },
        roles,
        office: actor.office,
        teams: teams.map((t) => ({ slug: t.slug, role: t.role })),
        allowedActions: policies.allowedActions(actor),
      };
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { policy: 'tokens.manage' },
      schema: { tags: ['accounts'], summary: 'My API tokens', response: { 200: Type.Object({ items: Type.Array(TokenSchema) }), ...problemResponses } },
    },
    async (request) => ({ items: await services.accounts.listTokens(request.actor.personId!) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { policy: 'tokens.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token; the token is in this response only',
        body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }), ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await services.accounts.createToken(request.actor.personId!, request.body.label)),
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { policy: 'tokens.manage' },
      schema: { tags: ['accounts'], summary: 'Revoke one of my tokens', params: IdParams, response: { 204: Type.Null(), ...problemResponses } },
    },
    async (request, reply) => {
      await services.accounts.revokeToken(request.actor.personId!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/people/:id/invitations',
    {
      config: { policy: 'accounts.invite' },
      schema: {
        tags: ['accounts'],
        summary:
          'Invite a person without a password: mails them a one-time link to set one (valid 14 days; a new invitation voids the earlier). Without an SMTP server, only an administrator may invite, and the link is in this response only.',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: {
          201: Type.Object({
            personId: Type.String(),
            sentAt: Type.String(),
            expiresAt: Type.String(),
            mailed: Type.Boolean(),
            link: Type.Optional(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await services.invitations.invite(request.actor, request.params.id, publicUrl)),
  );
}
