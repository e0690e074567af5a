import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, problemResponses } from '../../platform/http/schemas.js';
import { PersonSchema } from '../people/schemas.js';
import { presentPerson } from '../people/service.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { TeamsUses } from './uses.js';
import type { TeamWithRoster } from './service.js';
import type { Team } from './repository.js';
import { AddMemberBody, CreateTeamBody, RosterEntrySchema, SlugParams, TeamSchema, UpdateTeamBody } from './schemas.js';

function presentTeam(team: Team & { roster?: TeamWithRoster['roster'] }, locale: Locale) {
  return {
    id: team.id,
    slug: team.slug,
    name: team.name[locale],
    names: team.name,
    mission: team.mission,
    responsibilities: team.responsibilities,
    position: team.position,
    version: team.version,
    roster: (team.roster ?? []).map((r) => ({ personId: r.personId, displayName: r.displayName, role: r.role, since: r.since, until: r.until })),
  };
}

export function teamsRoutes(app: App, services: TeamsUses): void {
  // A person with the teams they are and were on: served here, since the teams are this module's.
  app.get(
    '/api/v1/people/:id',
    { config: { policy: 'people.read' }, schema: { tags: ['people'], params: IdParams, response: { 200: PersonSchema, ...problemResponses } } },
    async (request) => {
      const person = await services.people.get(request.actor, request.params.id);
      const [teams, email] = await Promise.all([services.teams.rolesOf(person.id), services.people.emailStatus(person)]);
      return {
        ...presentPerson({ ...person, ...email }, request.actor),
        teams: teams.map((t) => ({ slug: t.slug, role: t.role, since: t.since, until: t.until })),
      };
    },
  );

  app.get(
    '/api/v1/teams',
    {
      config: { policy: 'teams.list' },
      schema: {
        tags: ['teams'],
        summary: 'Teams with their current roster',
        response: { 200: Type.Object({ items: Type.Array(TeamSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: (await services.teams.list(request.actor)).map((t) => presentTeam(t, request.i18n.locale)) }),
  );

  app.get(
    '/api/v1/teams/:slug',
    {
      config: { policy: 'teams.read' },
      schema: {
        tags: ['teams'],
        summary: 'One team; `history=true` adds past roles for those who manage the roster',
        params: SlugParams,
        querystring: Type.Object({ history: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: TeamSchema, ...problemResponses },
      },
    },
    async (request) => presentTeam(await services.teams.get(request.actor, request.params.slug, { withPast: request.query.history }), request.i18n.locale),
  );

  app.post(
    '/api/v1/teams',
    {
      config: { policy: 'teams.create' },
      schema: { tags: ['teams'], summary: 'Add a team', body: CreateTeamBody, response: { 201: TeamSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(presentTeam(await services.teams.create(request.actor, request.body), request.i18n.locale)),
  );

  app.patch(
    '/api/v1/teams/:slug',
    {
      config: { policy: 'teams.update' },
      schema: {
        tags: ['teams'],
        summary: "Edit a team's names and texts",
        params: SlugParams,
        body: UpdateTeamBody,
        response: { 200: TeamSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      return presentTeam(await services.teams.update(request.actor, request.params.slug, changes, version), request.i18n.locale);
    },
  );

  app.post(
    '/api/v1/teams/:slug/members',
    {
      config: { policy: 'teams.roster.manage' },
      schema: {
        tags: ['teams'],
        summary: 'Put a person on the roster as member or lead (changing role keeps the history)',
        params: SlugParams,
        body: AddMemberBody,
        response: { 201: RosterEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const entry = await services.teams.addToRoster(request.actor, request.params.slug, request.body.personId, request.body.role);
      return reply.status(201).send({ personId: entry.personId, displayName: entry.displayName, role: entry.role, since: entry.since, until: entry.until });
    },
  );

  app.delete(
    '/api/v1/teams/:slug/members/:personId',
    {
      config: { policy: 'teams.roster.manage' },
      schema: {
        tags: ['teams'],
        summary: "End a person's role on the team (history kept)",
        params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 40 }), personId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.teams.removeFromRoster(request.actor, request.params.slug, request.params.personId);
      return reply.status(204).send(null);
    },
  );
}
