/**
 * The role × route matrix (in the manner of nm.debian.org's test_perms): every route of the app,
 * every role, one request each. The expected roles are written out by hand from the policies in
 * src/modules/*\/policy.ts and src/platform/audit/policy.ts, so that a change of policy, a new
 * route or a removed one shows up here as a failure someone has to look at.
 */
// A dead letter of a topic no module declares: what an administrator may retry whatever it is.
import type { OutboxMessage } from '../src/platform/outbox/topics.js';
import { createHmac } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../src/platform/outbox/repository.js';
import { buildAssociation, dialectUnderTest, roles, system, type Role, type TestAssociation } from './harness.js';
import { webhookRoomRegisteredEarlier } from './rooms-fixture.js';
import { createApplicationsRepository } from '../src/modules/applications/repository.js';
import { placeOnAgenda } from '../src/modules/sessions/agenda-placement.js';
import { createMembershipsRepository } from '../src/modules/memberships/repository.js';
import { createBureauRepository } from '../src/modules/bureau/repository.js';
import { createRequestsRepository } from '../src/modules/requests/repository.js';
import { createAccountsRepository } from '../src/modules/accounts/repository.js';
import { createSecurityRepository } from '../src/modules/accounts/security-repository.js';
import { hashPassword } from '../src/platform/auth/secrets.js';
import { totpCode } from '../src/platform/auth/totp.js';
import { mailbox, mailedLink } from './mailbox.js';
import { mailedResetToken } from './mailbox.js';

type Allowed = readonly Role[];

/** The webhook secrets of the association under test: hooks are signed like a forge signs them. */
const FORGEJO_SECRET = 'matrix-forgejo-secret-0123';
const GITLAB_TOKEN = 'matrix-gitlab-token-0123';

const EVERYONE: Allowed = ['anonymous', 'person', 'contributor', 'member', 'lead', 'bureau', 'admin'];
const SIGNED_IN: Allowed = ['person', 'contributor', 'member', 'lead', 'bureau', 'admin'];
/** Those who run the association: anyone on a team roster, the bureau, administrators. */
const TEAM_BUREAU_ADMIN: Allowed = ['contributor', 'lead', 'bureau', 'admin'];
const LEAD_BUREAU_ADMIN: Allowed = ['lead', 'bureau', 'admin'];
const BUREAU_ADMIN: Allowed = ['bureau', 'admin'];
const ADMIN: Allowed = ['admin'];
/** Holding and deciding in a session: the bureau alone, not administrators ("An application is decided only by the bureau, in a session that reached quorum"). */
const BUREAU: Allowed = ['bureau'];
/** The minutes: the bureau, administrators, and members ("Membership grants governance, never service or admin rights": membership opens them). */
const MINUTES_READERS: Allowed = ['member', 'bureau', 'admin'];

/** Route → the policy it must name → the roles that may pass it. */
const matrix = {
  'GET /assets/:name': ['site.public', EVERYONE],
  'GET /api/v1/openapi.json': ['site.public', EVERYONE],
  'GET /healthz': ['site.health', EVERYONE],
  'GET /api/v1/me': ['me.read', SIGNED_IN],
  'GET /api/v1/tokens': ['tokens.manage', SIGNED_IN],
  'POST /api/v1/tokens': ['tokens.manage', SIGNED_IN],
  'DELETE /api/v1/tokens/:id': ['tokens.manage', SIGNED_IN],
  'POST /api/v1/people': ['people.create', LEAD_BUREAU_ADMIN],
  'GET /api/v1/people': ['people.list', TEAM_BUREAU_ADMIN],
  'GET /api/v1/people/:id': ['people.read', SIGNED_IN],
  'PATCH /api/v1/people/:id': ['people.update', SIGNED_IN],
  'POST /api/v1/people/import': ['people.import', BUREAU_ADMIN],
  'POST /api/v1/people/:id/pending-email/cancel': ['people.update', SIGNED_IN],
  'POST /api/v1/email/confirm': ['people.emailLink', EVERYONE],
  'POST /api/v1/email/cancel': ['people.emailLink', EVERYONE],
  'GET /email/confirm': ['people.emailLink', EVERYONE],
  'POST /email/confirm': ['people.emailLink', EVERYONE],
  'GET /email/cancel': ['people.emailLink', EVERYONE],
  'POST /email/cancel': ['people.emailLink', EVERYONE],
  'POST /people/:id/email/cancel': ['people.update', SIGNED_IN],
  'POST /api/v1/people/:id/invitations': ['accounts.invite', LEAD_BUREAU_ADMIN],
  'POST /people/:id/invitation': ['accounts.invite', LEAD_BUREAU_ADMIN],
  'GET /api/v1/teams': ['teams.list', EVERYONE],
  'GET /api/v1/teams/:slug': ['teams.read', EVERYONE],
  'POST /api/v1/teams': ['teams.create', ADMIN],
  'PATCH /api/v1/teams/:slug': ['teams.update', ADMIN],
  'POST /api/v1/teams/:slug/members': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'DELETE /api/v1/teams/:slug/members/:personId': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'GET /api/v1/bureau/members': ['bureau.members.list', SIGNED_IN],
  'POST /api/v1/bureau/members': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /api/v1/bureau/members/:id/end': ['bureau.members.manage', BUREAU_ADMIN],
  'GET /api/v1/bureau/changes': ['bureau.members.manage', BUREAU_ADMIN],
  // The second pair of eyes on a change of the bureau: a bureau member, never an administrator as such.
  'POST /api/v1/bureau/changes/:id/confirm': ['bureau.changes.confirm', BUREAU],
  'POST /api/v1/bureau/changes/:id/cancel': ['bureau.members.manage', BUREAU_ADMIN],
  'GET /api/v1/audit': ['audit.read', ADMIN],
  'GET /api/v1/mail': ['mail.read', ADMIN],
  'GET /': ['site.public', EVERYONE],
  'GET /equipe': ['site.public', EVERYONE],
  'GET /team': ['site.public', EVERYONE],
  'GET /admin/settings': ['site.settings', BUREAU_ADMIN],
  'POST /admin/settings': ['site.settings', BUREAU_ADMIN],
  'POST /admin/settings/association': ['site.settings', BUREAU_ADMIN],
  'GET /setup': ['account.setup', EVERYONE],
  'POST /setup': ['account.setup', EVERYONE],
  'GET /login': ['account.login', EVERYONE],
  'POST /login': ['account.login', EVERYONE],
  'POST /logout': ['account.logout', SIGNED_IN],
  'POST /logout/everywhere': ['account.logout', SIGNED_IN],
  'POST /login/two-factor': ['account.login', EVERYONE],
  'GET /profile/password': ['account.security', SIGNED_IN],
  'POST /profile/password': ['account.security', SIGNED_IN],
  'GET /profile/two-factor': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/start': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/confirm': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/disable': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/recovery-codes': ['account.security', SIGNED_IN],
  'GET /password/forgot': ['account.passwordReset', EVERYONE],
  'POST /password/forgot': ['account.passwordReset', EVERYONE],
  'GET /password/reset': ['account.passwordReset', EVERYONE],
  'GET /invitation': ['account.passwordReset', EVERYONE],
  'POST /password/reset': ['account.passwordReset', EVERYONE],
  'POST /profile/tokens': ['tokens.manage', SIGNED_IN],
  'POST /profile/tokens/:id/revoke': ['tokens.manage', SIGNED_IN],
  'GET /people': ['people.list', TEAM_BUREAU_ADMIN],
  'GET /people/picker': ['people.list', TEAM_BUREAU_ADMIN],
  'POST /people/:id/teams': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'GET /people/new': ['people.create', LEAD_BUREAU_ADMIN],
  'POST /people/new': ['people.create', LEAD_BUREAU_ADMIN],
  'GET /people/import': ['people.import', BUREAU_ADMIN],
  'POST /people/import': ['people.import', BUREAU_ADMIN],
  'GET /people/:id': ['people.read', SIGNED_IN],
  'GET /people/:id/edit': ['people.update', SIGNED_IN],
  'POST /people/:id/edit': ['people.update', SIGNED_IN],
  'GET /profile': ['me.update', SIGNED_IN],
  'POST /profile': ['me.update', SIGNED_IN],
  'POST /profile/language': ['me.update', SIGNED_IN],
  'GET /teams/:slug': ['teams.read', EVERYONE],
  'POST /teams/:slug/members': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'POST /teams/:slug/members/:personId/remove': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'GET /teams/new': ['teams.create', ADMIN],
  'POST /teams/new': ['teams.create', ADMIN],
  'GET /teams/:slug/edit': ['teams.update', ADMIN],
  'POST /teams/:slug/edit': ['teams.update', ADMIN],
  'GET /bureau': ['bureau.members.list', SIGNED_IN],
  'POST /bureau/offices': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /bureau/offices/:id/end': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /bureau/changes/:id/confirm': ['bureau.changes.confirm', BUREAU],
  'POST /bureau/changes/:id/cancel': ['bureau.members.manage', BUREAU_ADMIN],
  'GET /audit': ['audit.read', ADMIN],
  'POST /api/v1/contributions': ['contributions.declare', SIGNED_IN],
  'GET /api/v1/contributions': ['contributions.read', SIGNED_IN],
  'GET /api/v1/contributions/:id': ['contributions.read', SIGNED_IN],
  'POST /api/v1/contributions/:id/confirm': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /api/v1/contributions/:id/reject': ['contributions.review', LEAD_BUREAU_ADMIN],
  'GET /api/v1/people/:id/activity': ['activity.read', SIGNED_IN],
  'POST /api/v1/contributions/import': ['contributions.import', BUREAU_ADMIN],
  'GET /contributions/new': ['contributions.declare', SIGNED_IN],
  'POST /contributions/new': ['contributions.declare', SIGNED_IN],
  'GET /contributions/review': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /contributions/:id/confirm': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /contributions/:id/reject': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /api/v1/applications': ['applications.apply', SIGNED_IN],
  'GET /api/v1/applications': ['applications.read', SIGNED_IN],
  'GET /api/v1/applications/:id': ['applications.read', SIGNED_IN],
  'POST /api/v1/applications/:id/withdraw': ['applications.withdraw', SIGNED_IN],
  'POST /api/v1/applications/:id/rapporteur': ['applications.manage', BUREAU],
  'GET /api/v1/bureau/load': ['applications.manage', BUREAU],
  'GET /api/v1/bureau/sessions': ['bureau.sessions.read', BUREAU],
  'POST /api/v1/bureau/sessions': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/sessions/:id': ['bureau.sessions.read', BUREAU],
  'POST /api/v1/bureau/sessions/:id/open': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/decisions': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/close': ['bureau.sessions.conduct', BUREAU],
  'GET /api/v1/bureau/sessions/:id/minutes': ['bureau.minutes.read', MINUTES_READERS],
  'POST /api/v1/bureau/sessions/:id/agenda': ['bureau.sessions.plan', BUREAU],
  'POST /api/v1/bureau/sessions/:id/agenda/order': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/recurrence': ['bureau.sessions.read', BUREAU],
  'PUT /api/v1/bureau/recurrence': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/calendar.ics': ['bureau.calendar', EVERYONE],
  'GET /api/v1/outbox': ['outbox.read', ADMIN],
  'POST /api/v1/outbox/:id/retry': ['outbox.retry', ADMIN],
  'GET /api/v1/rooms': ['rooms.read', BUREAU_ADMIN],
  'POST /api/v1/rooms': ['rooms.manage', ADMIN],
  'GET /api/v1/rooms/:id': ['rooms.read', BUREAU_ADMIN],
  'GET /api/v1/rooms/:id/drift': ['rooms.read', BUREAU_ADMIN],
  'POST /api/v1/rooms/:id/reconcile': ['rooms.reconcile', BUREAU_ADMIN],
  'GET /api/v1/rooms/:id/deliveries': ['rooms.read', BUREAU_ADMIN],
  'GET /rooms': ['rooms.read', BUREAU_ADMIN],
  'POST /rooms': ['rooms.manage', ADMIN],
  'GET /rooms/:id': ['rooms.read', BUREAU_ADMIN],
  'POST /rooms/:id/reconcile': ['rooms.reconcile', BUREAU_ADMIN],
  'POST /admin/outbox/:id/retry': ['outbox.retry', ADMIN],
  'GET /admin/mail': ['mail.read', ADMIN],
  'GET /api/v1/assemblies': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies': ['assemblies.manage', BUREAU_ADMIN],
  'GET /api/v1/assemblies/:id': ['assemblies.read', SIGNED_IN],
  'GET /api/v1/assemblies/:id/invitees': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies/:id/items': ['assemblies.manage', BUREAU_ADMIN],
  'POST /api/v1/assemblies/:id/documents': ['assemblies.manage', BUREAU_ADMIN],
  'POST /api/v1/assemblies/:id/convene': ['assemblies.manage', BUREAU_ADMIN],
  'POST /api/v1/assemblies/:id/rsvp': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/proxy': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/open': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/check-in': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/:id/quorum': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies/:id/resolutions': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/close': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/:id/minutes': ['assemblies.minutes', SIGNED_IN],
  'GET /api/v1/assemblies/:id/attendance': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /api/v1/assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'GET /assemblies': ['assemblies.read', SIGNED_IN],
  'POST /assemblies': ['assemblies.manage', BUREAU_ADMIN],
  'GET /assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token/proxy': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token/check-in': ['assemblies.rsvp', EVERYONE],
  'GET /assemblies/:id': ['assemblies.read', SIGNED_IN],
  'POST /assemblies/:id/items': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/documents': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/convene': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/open': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/check-in': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/open': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/vote': ['assemblies.participate', SIGNED_IN],
  'POST /assemblies/:id/resolutions/:resolutionId/counts': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/close': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/close': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/rsvp': ['assemblies.participate', SIGNED_IN],
  'POST /assemblies/:id/proxy': ['assemblies.participate', SIGNED_IN],
  'GET /assemblies/:id/documents/:documentId': ['assemblies.read', SIGNED_IN],
  'GET /assemblies/:id/minutes': ['assemblies.minutes', SIGNED_IN],
  'GET /assemblies/:id/attendance': ['assemblies.conduct', BUREAU],
  'GET /api/v1/members': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/members/export.csv': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/members/counts': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/people/:id/membership': ['membership.read', SIGNED_IN],
  'POST /api/v1/people/:id/membership/resign': ['membership.resign', SIGNED_IN],
  'POST /api/v1/lifecycle/run': ['lifecycle.run', ADMIN],
  'GET /members': ['members.register', BUREAU_ADMIN],
  'GET /membership/resign': ['membership.resign', SIGNED_IN],
  'POST /membership/resign': ['membership.resign', SIGNED_IN],
  'GET /membership': ['applications.apply', SIGNED_IN],
  'GET /membership/apply': ['applications.apply', SIGNED_IN],
  'POST /membership/apply': ['applications.apply', SIGNED_IN],
  'GET /applications/:id': ['applications.read', SIGNED_IN],
  'POST /applications/:id/withdraw': ['applications.withdraw', SIGNED_IN],
  'POST /applications/:id/rapporteur': ['applications.manage', BUREAU],
  'GET /applications': ['applications.manage', BUREAU],
  'GET /admin/outbox': ['outbox.read', ADMIN],
  'GET /bureau/sessions': ['bureau.sessions.read', BUREAU],
  'POST /bureau/sessions/recurrence': ['bureau.sessions.plan', BUREAU],
  'POST /bureau/sessions': ['bureau.sessions.plan', BUREAU],
  'GET /bureau/sessions/:id': ['bureau.sessions.read', BUREAU],
  'POST /bureau/sessions/:id/open': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/decisions': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/close': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/agenda': ['bureau.sessions.plan', BUREAU],
  'POST /bureau/sessions/:id/items/:itemId/move': ['bureau.sessions.plan', BUREAU],
  'GET /bureau/sessions/:id/minutes': ['bureau.minutes.read', MINUTES_READERS],
  'GET /minutes': ['bureau.minutes.read', MINUTES_READERS],
  'POST /api/v1/hooks/forgejo': ['forge.hook', EVERYONE],
  'POST /api/v1/hooks/gitlab': ['forge.hook', EVERYONE],
  'GET /api/v1/forge/unknown-authors': ['forge.unknown.read', ADMIN],
  'GET /api/v1/people/:id/forge-accounts': ['forge.accounts.manage', SIGNED_IN],
  'POST /api/v1/people/:id/forge-accounts': ['forge.accounts.manage', SIGNED_IN],
  'DELETE /api/v1/people/:id/forge-accounts/:accountId': ['forge.accounts.manage', SIGNED_IN],
  'GET /admin/forges': ['forge.unknown.read', ADMIN],
  'POST /admin/forges/link': ['forge.unknown.link', ADMIN],
  'GET /profile/forges': ['forge.accounts.manage', SIGNED_IN],
  'POST /profile/forges': ['forge.accounts.manage', SIGNED_IN],
  'POST /profile/forges/:id/delete': ['forge.accounts.manage', SIGNED_IN],
  'POST /api/v1/requests': ['requests.submit', EVERYONE],
  'GET /api/v1/requests': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/consultations': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/consultations/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/consultations/:id/answer': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/follow/:token': ['requests.follow', EVERYONE],
  'POST /api/v1/requests/follow/:token/replies': ['requests.follow', EVERYONE],
  'GET /api/v1/requests/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/replies': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/assign': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/consult': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/resolve': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/reopen': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/close': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/accept-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/refuse-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'GET /requests/new': ['requests.submit', EVERYONE],
  'POST /requests/new': ['requests.submit', EVERYONE],
  'GET /requests/follow/:token': ['requests.follow', EVERYONE],
  'POST /requests/follow/:token': ['requests.follow', EVERYONE],
  'GET /requests': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /requests/consultations/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/consultations/:id/answer': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /requests/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/replies': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/assign': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/consult': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/resolve': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/reopen': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/close': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/accept-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'POST /requests/:id/refuse-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'GET /privacy': ['privacy.notice', EVERYONE],
  'GET /api/v1/me/export': ['privacy.export', SIGNED_IN],
  'POST /api/v1/people/:id/erase': ['privacy.erase', ADMIN],
  'GET /people/:id/erase': ['privacy.erase', ADMIN],
  'POST /people/:id/erase': ['privacy.erase', ADMIN],
} as const satisfies Record<string, readonly [string, Allowed]>;

type RouteKey = keyof typeof matrix;

/**
 * "Membership grants governance, never service or admin rights" (docs/architecture.md, Rules by name). These are
 * the actions of administrators, the bureau and team leads; a member as such holds none of them.
 */
const ADMIN_OR_BUREAU_ACTIONS = [
  'site.settings',
  'teams.create',
  'teams.update',
  'teams.roster.manage',
  'people.create',
  'people.import',
  'people.list',
  'bureau.members.manage',
  'audit.read',
  'mail.read',
  'forge.unknown.read',
  'forge.unknown.link',
  'contributions.import',
  'applications.manage',
  'bureau.sessions.read',
  'bureau.sessions.plan',
  'bureau.sessions.conduct',
  'outbox.read',
  'outbox.retry',
  'rooms.read',
  'rooms.reconcile',
  'rooms.manage',
  'assemblies.manage',
  'assemblies.conduct',
  'members.register',
  'lifecycle.run',
  'requests.handle',
  'requests.join.decide',
  'privacy.erase',
];

/** What membership opens beyond what any signed-in person may do ("Membership grants governance, never service or admin rights"): governance only. */
const GOVERNANCE_ACTIONS = ['bureau.minutes.read'];

/** What one role sends to one route: a valid request, so only the policy can refuse it. */
interface Request {
  method: string;
  url: string;
  json?: unknown;
  form?: Record<string, string>;
  csv?: string;
  /** Sent besides the role's own (a webhook's signature). */
  headers?: Record<string, string>;
  /** The status an allowed caller gets, when it is not a success (e.g. setup already done). */
  allowedStatus?: number | number[];
}

interface Actor {
  role: Role;
  id: string | null;
  email: string | null;
  headers: Record<string, string>;
}

describe(`role × route matrix (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  const actors = {} as Record<Role, Actor>;
  let n = 0;

  beforeAll(async () => {
    a = await buildAssociation({
      config: { FORGEJO_WEBHOOK_SECRET: FORGEJO_SECRET, GITLAB_WEBHOOK_TOKEN: GITLAB_TOKEN, WEBHOOK_SECRET: 'webhook-secret-for-tests-1234' },
    });
    for (const role of roles) {
      const { id, headers } = await a.actingAs(role);
      const email = id ? (await a.services.people.get(system, id)).email : null;
      actors[role] = { role, id, email, headers };
    }
  });
  afterAll(async () => {
    await a?.close();
  });

  // Fixtures, fresh for each request so that one role's request never spoils the next one's.
  const fixture = {
    person: () => a.person(),
    /** A change of login address the actor proposed for themself, waiting for confirmation. */
    async pendingEmail(actor: Actor) {
      if (!actor.id) return;
      const res = await a.app.inject({
        method: 'PATCH',
        url: `/api/v1/people/${actor.id}`,
        headers: actor.headers,
        payload: { email: `pending.${++n}@example.org` },
      });
      expect(res.json().pendingEmail).toMatch(/^pending\./);
    },
    /** The token of a link mailed for a change of address the bureau proposed for someone: to the new address (confirm) or the old one (cancel). */
    async emailLink(kind: 'confirm' | 'cancel') {
      const p = await a.person();
      const email = `moving.${++n}@example.org`;
      await a.services.people.update(system, p.id, { email });
      return (await mailedLink(a, kind === 'confirm' ? email : p.email, kind === 'confirm' ? /^\/email\/confirm$/ : /^\/email\/cancel$/)).searchParams.get(
        'token',
      )!;
    },
    async onTechnique() {
      const p = await a.person();
      await a.services.teams.addToRoster(system, 'technique', p.id, 'member');
      return p;
    },
    async office() {
      const p = await a.person();
      return (await a.services.bureau.appoint(system, { personId: p.id, office: 'member' })).id;
    },
    /** A change of the bureau an administrator proposed (appointing a fresh person), waiting for a bureau member. */
    async pendingChange() {
      const p = await a.person();
      return createBureauRepository(a.database.db).proposeChange({
        kind: 'appoint',
        person_id: p.id,
        office: 'member',
        office_id: null,
        effective_on: null,
        proposed_by: a.admin.id,
        proposed_at: a.clock.now(),
      });
    },
    async team() {
      return (await a.services.teams.create(system, { slug: `matrix-${++n}`, name: { fr: 'Équipe de test' } })).slug;
    },
    async token(ownerId: string | null) {
      return (await a.services.accounts.createToken(ownerId ?? a.admin.id, 'spare')).id;
    },
    /** A confirmed contribution of this person, recorded by an administrator. */
    async contributionOf(personId: string) {
      const { contribution } = await a.services.contributions.record(system, {
        personId,
        kind: 'event',
        occurredOn: a.clock.today(),
        summary: `Stand ${++n}`,
      });
      return contribution.id;
    },
    /** A contribution someone declared for Technique, waiting for a lead of Technique. */
    async declaredOnTechnique() {
      const p = await a.person();
      const { contribution } = await a.services.contributions.record(
        { ...system, isAdmin: false, personId: p.id },
        { kind: 'development', occurredOn: a.clock.today(), summary: `Correctif ${++n}`, teamSlug: 'technique' },
      );
      return contribution.id;
    },
    /** A forge login linked to this person. */
    async forgeAccount(personId: string) {
      return (await a.services.forges.link(system, personId, { forge: 'forgejo', identity: `matrix-${++n}` })).account.id;
    },
    /** An author a Forgejo push named whom nobody is linked to. */
    async unknownAuthor() {
      const username = `ghost-${++n}`;
      const commit = { id: (n * 7919).toString(16).padStart(40, '0'), message: 'Fix', timestamp: '2026-01-01T00:00:00Z', author: { username } };
      await a.services.forges.receive('forgejo', { event: 'push', deliveryId: `matrix-${n}` }, { commits: [commit] });
      return (await a.services.forges.unknownAuthors({ limit: 200 })).items.find((u) => u.identity === username)!.id;
    },
    /** A push as Forgejo signs it. */
    forgejoPush() {
      const json = {
        commits: [{ id: (++n * 104729).toString(16).padStart(40, 'a'), message: 'Fix', timestamp: '2026-01-01T00:00:00Z', author: { username: 'someone' } }],
      };
      const signature = createHmac('sha256', FORGEJO_SECRET).update(JSON.stringify(json)).digest('hex');
      return { json, headers: { 'x-forgejo-event': 'push', 'x-forgejo-delivery': `matrix-push-${n}`, 'x-forgejo-signature': signature } };
    },
    /** An application of this person (written directly: the matrix tests policies, not eligibility). */
    async applicationOf(personId: string) {
      // One open application per person (the database holds it too): reuse the one still open.
      const repo = createApplicationsRepository(a.database.db);
      return (await repo.openOf(personId))?.id ?? repo.submit({ personId, motivation: 'Pour voter', now: a.clock.now() });
    },
    /** A planned session ten days from now (plus n minutes, so that no two share a time). */
    async plannedSession() {
      const at = new Date(Date.now() + 10 * 86_400_000 + ++n * 60_000).toISOString();
      return (await a.services.sessions.create(system, { scheduledAt: at })).id;
    },
    /** An open session with quorum (every current bureau member present) and one application on its agenda. */
    async openSessionWithApplication() {
      const sessionId = await fixture.plannedSession();
      const applicationId = await fixture.applicationOf((await fixture.person()).id);
      const application = (await createApplicationsRepository(a.database.db).findById(applicationId))!;
      await placeOnAgenda(a.database.db, a.database.dialect, application, sessionId, a.clock.now(), null);
      const bureau = await a.services.bureau.current();
      await a.services.sessions.open(system, sessionId, [...new Set(bureau.map((b) => b.personId))]);
      return { sessionId, applicationId };
    },
    async closedSession() {
      const { sessionId } = await fixture.openSessionWithApplication();
      await a.services.sessions.close(system, sessionId);
      return sessionId;
    },
    /** The member role's membership, active again if a request ended it. */
    /** A webhook room: its drift needs no network (a webhook cannot list members). */
    async room() {
      return webhookRoomRegisteredEarlier(a, { address: `https://hooks.example.org/${++n}`, audience: 'members' });
    },
    /** An outbox event the dispatcher gave up on. */
    async deadLetter() {
      const id = await createOutboxRepository(a.database.db).enqueue({ topic: 'test.given-up', payload: {}, now: a.clock.now() } as unknown as OutboxMessage);
      await a.database.db.updateTable('outbox').set({ dead_at: a.clock.now(), last_error: 'refused' }).where('id', '=', id).execute();
      return id;
    },
    /** An assembly 30 days ahead, prepared by the bureau, brought to `state`; with a resolution in `resolution` state. */
    async assembly(state: 'draft' | 'convened' | 'open' | 'closed', resolution?: 'proposed' | 'open') {
      const as = (method: 'GET' | 'POST', url: string, payload?: object) =>
        a.app.inject({ method, url, headers: actors.bureau.headers, ...(payload ? { payload } : {}) });
      const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
      const created = await as('POST', '/api/v1/assemblies', { kind: 'ordinary', title: `AG ${++n}`, scheduledAt });
      const id = created.json().id as string;
      // A convocation carries its agenda: an empty one is refused (empty_agenda).
      await as('POST', `/api/v1/assemblies/${id}/items`, { title: 'Rapport moral' });
      if (state !== 'draft') await as('POST', `/api/v1/assemblies/${id}/convene`, {});
      if (state === 'open' || state === 'closed') await as('POST', `/api/v1/assemblies/${id}/open`, {});
      let resolutionId = '';
      if (resolution) {
        resolutionId = (await as('POST', `/api/v1/assemblies/${id}/resolutions`, { title: 'Comptes', majority: 'simple' })).json().id;
        if (resolution === 'open') await as('POST', `/api/v1/assemblies/${id}/resolutions/${resolutionId}/open`, {});
      }
      if (state === 'closed') await as('POST', `/api/v1/assemblies/${id}/close`, {});
      return { id, resolutionId };
    },
    /** The personal link of the member actor to a convened assembly. */
    async rsvpToken() {
      const { id } = await fixture.assembly('convened');
      const row = await a.database.db
        .selectFrom('assembly_invitees')
        .select('id')
        .where('assembly_id', '=', id)
        .where('person_id', '=', actors.member.id!)
        .executeTakeFirstOrThrow();
      return a.services.assemblies.rsvpToken(row.id);
    },
    async restoreMember() {
      const id = actors.member.id!;
      if (await createMembershipsRepository(a.database.db).currentOf(id)) return;
      const now = a.clock.now();
      await a.database.db
        .insertInto('memberships')
        .values({ id: `m-again-${++n}`, person_id: id, status: 'active', since: a.clock.today(), until: null, created_at: now, updated_at: now, version: 1 })
        .execute();
    },
    /** Gives this person a known password (the matrix's own), and returns it. */
    async password(personId: string) {
      const p = await a.services.people.get(system, personId);
      const password = 'matrix current passphrase';
      await createAccountsRepository(a.database.db).upsertPasswordIdentity(
        personId,
        p.email.toLowerCase(),
        await hashPassword(password, { memoryCost: 1024, timeCost: 1 }),
        a.clock.now(),
      );
      return password;
    },
    async withoutSecondFactor(personId: string) {
      await createSecurityRepository(a.database.db).deleteFactor(personId);
    },
    /** A pending TOTP enrolment of this person, and the code that confirms it now. */
    async pendingCode(personId: string) {
      await fixture.withoutSecondFactor(personId);
      await a.services.accounts.twoFactor.start({ ...system, personId });
      const { pending } = await a.services.accounts.twoFactor.status(personId);
      return totpCode(pending!.secret, Date.parse(a.clock.now()) / 1000);
    },
    /** Enrols this person afresh (the code of this step is used up); returns the secret. */
    async secondFactor(personId: string) {
      const code = await fixture.pendingCode(personId);
      const { pending } = await a.services.accounts.twoFactor.status(personId);
      await a.services.accounts.twoFactor.confirm({ ...system, personId }, code, '127.0.0.9');
      return pending!.secret;
    },
    /** Someone with a password and a second factor, between the two steps of logging in. */
    async loginChallenge() {
      const p = await fixture.person();
      const password = await fixture.password(p.id);
      const secret = await fixture.secondFactor(p.id);
      const { challenge } = await a.services.accounts.login({ email: p.email, password, ip: '127.0.0.9' });
      return { challenge: challenge!, code: totpCode(secret, Date.parse(a.clock.now()) / 1000 + 30) };
    },
    /** A live password-reset token, read back from the mail log as its recipient would. */
    async resetToken() {
      const p = await a.person();
      await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
      return mailedResetToken(a, p.email);
    },
    /**
     * A request this role may handle: to Technique for its lead (a join request), to
     * Communauté for the others. Submitted from its own address, so the spam limits never bite.
     */
    async requestFor(actor: Actor, state: 'new' | 'resolved' = 'new') {
      const lead = actor.role === 'lead';
      const { id } = await a.services.requests.submit(
        {
          email: `matrix.request.${++n}@example.org`,
          category: lead ? 'join' : 'question',
          teamSlug: lead ? 'technique' : null,
          subject: `Demande ${n}`,
          message: 'Bonjour',
        },
        { ip: `matrix-${n}` },
      );
      if (state === 'resolved') await a.services.requests.resolve(system, id);
      return id;
    },
    /** A join request to Technique, which its lead, the bureau and administrators decide. */
    async joinRequest() {
      const { id } = await a.services.requests.submit(
        { email: `matrix.join.${++n}@example.org`, category: 'join', teamSlug: 'technique', subject: `Rejoindre ${n}`, message: 'Bonjour' },
        { ip: `matrix-${n}` },
      );
      return id;
    },
    /** The private link of a fresh request. */
    async followToken() {
      const id = await fixture.requestFor({ role: 'anonymous' } as Actor);
      return a.services.requests.followToken((await createRequestsRepository(a.database.db).findById(id))!);
    },
    /** A question asked to this role's team (Technique for its lead, Communauté otherwise) by the other team. */
    async consultationFor(actor: Actor) {
      const lead = actor.role === 'lead';
      const id = await fixture.requestFor({ role: lead ? 'contributor' : 'lead' } as Actor);
      return (await a.services.requests.consult(system, id, { teamSlug: lead ? 'technique' : 'communaute', question: 'Une idée ?' })).id;
    },
  };

  const self = (actor: Actor) => actor.id ?? a.admin.id;
  const personForm = async (id: string) => {
    const p = await a.services.people.get(system, id);
    return { displayName: p.displayName, email: p.email, pronouns: 'iel', locale: 'fr' };
  };

  /** For each route, the request a role sends. Keys are checked against the matrix by the compiler. */
  const requests: Record<RouteKey, (actor: Actor) => Promise<Request>> = {
    'GET /assets/:name': async () => ({ method: 'GET', url: '/assets/pico.min.css' }),
    'GET /api/v1/openapi.json': async () => ({ method: 'GET', url: '/api/v1/openapi.json' }),
    'GET /healthz': async () => ({ method: 'GET', url: '/healthz' }),
    'GET /api/v1/me': async () => ({ method: 'GET', url: '/api/v1/me' }),
    'GET /api/v1/tokens': async () => ({ method: 'GET', url: '/api/v1/tokens' }),
    'POST /api/v1/tokens': async () => ({ method: 'POST', url: '/api/v1/tokens', json: { label: 'laptop' } }),
    'DELETE /api/v1/tokens/:id': async (actor) => ({ method: 'DELETE', url: `/api/v1/tokens/${await fixture.token(actor.id)}` }),
    'POST /api/v1/people': async () => ({ method: 'POST', url: '/api/v1/people', json: { displayName: 'Nouvelle', email: `new.${++n}@example.org` } }),
    'GET /api/v1/people': async () => ({ method: 'GET', url: '/api/v1/people?q=a' }),
    'GET /api/v1/people/:id': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}` }),
    'PATCH /api/v1/people/:id': async (actor) => ({ method: 'PATCH', url: `/api/v1/people/${self(actor)}`, json: { pronouns: 'iel' } }),
    'POST /api/v1/people/import': async () => ({
      method: 'POST',
      url: '/api/v1/people/import',
      csv: `displayName,email\nImportée,imported.${++n}@example.org\n`,
    }),
    'POST /api/v1/people/:id/pending-email/cancel': async (actor) => {
      await fixture.pendingEmail(actor);
      return { method: 'POST', url: `/api/v1/people/${self(actor)}/pending-email/cancel`, json: {} };
    },
    'POST /api/v1/email/confirm': async () => ({ method: 'POST', url: '/api/v1/email/confirm', json: { token: await fixture.emailLink('confirm') } }),
    'POST /api/v1/email/cancel': async () => ({ method: 'POST', url: '/api/v1/email/cancel', json: { token: await fixture.emailLink('cancel') } }),
    'GET /email/confirm': async () => ({ method: 'GET', url: `/email/confirm?token=${encodeURIComponent(await fixture.emailLink('confirm'))}` }),
    'POST /email/confirm': async () => ({ method: 'POST', url: '/email/confirm', form: { token: await fixture.emailLink('confirm') } }),
    'GET /email/cancel': async () => ({ method: 'GET', url: `/email/cancel?token=${encodeURIComponent(await fixture.emailLink('cancel'))}` }),
    'POST /email/cancel': async () => ({ method: 'POST', url: '/email/cancel', form: { token: await fixture.emailLink('cancel') } }),
    'POST /people/:id/email/cancel': async (actor) => {
      await fixture.pendingEmail(actor);
      return { method: 'POST', url: `/people/${self(actor)}/email/cancel`, form: {} };
    },
    // Without an SMTP server only an administrator receives the link to pass on: others are told why (409).
    'POST /api/v1/people/:id/invitations': async (actor) => ({
      method: 'POST',
      url: `/api/v1/people/${(await fixture.person()).id}/invitations`,
      json: {},
      allowedStatus: actor.role === 'admin' ? 201 : 409,
    }),
    'POST /people/:id/invitation': async (actor) => ({
      method: 'POST',
      url: `/people/${(await fixture.person()).id}/invitation`,
      form: {},
      allowedStatus: actor.role === 'admin' ? 200 : [303, 409],
    }),
    'GET /api/v1/teams': async () => ({ method: 'GET', url: '/api/v1/teams' }),
    'GET /api/v1/teams/:slug': async () => ({ method: 'GET', url: '/api/v1/teams/technique' }),
    'POST /api/v1/teams': async () => ({ method: 'POST', url: '/api/v1/teams', json: { slug: `new-${++n}`, name: { fr: 'Nouvelle équipe' } } }),
    'PATCH /api/v1/teams/:slug': async () => ({ method: 'PATCH', url: `/api/v1/teams/${await fixture.team()}`, json: { position: 9 } }),
    'POST /api/v1/teams/:slug/members': async () => ({
      method: 'POST',
      url: '/api/v1/teams/technique/members',
      json: { personId: (await fixture.person()).id, role: 'member' },
    }),
    'DELETE /api/v1/teams/:slug/members/:personId': async () => ({
      method: 'DELETE',
      url: `/api/v1/teams/technique/members/${(await fixture.onTechnique()).id}`,
    }),
    'GET /api/v1/bureau/members': async () => ({ method: 'GET', url: '/api/v1/bureau/members' }),
    'POST /api/v1/bureau/members': async () => ({
      method: 'POST',
      url: '/api/v1/bureau/members',
      json: { personId: (await fixture.person()).id, office: 'member' },
    }),
    'POST /api/v1/bureau/members/:id/end': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/members/${await fixture.office()}/end`,
      json: {},
      // Recorded at once before the bureau's first session, proposed (202) from then on.
      allowedStatus: [200, 202],
    }),
    'GET /api/v1/bureau/changes': async () => ({ method: 'GET', url: '/api/v1/bureau/changes' }),
    'POST /api/v1/bureau/changes/:id/confirm': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/changes/${await fixture.pendingChange()}/confirm`,
      json: {},
    }),
    'POST /api/v1/bureau/changes/:id/cancel': async () => ({ method: 'POST', url: `/api/v1/bureau/changes/${await fixture.pendingChange()}/cancel`, json: {} }),
    'GET /api/v1/audit': async () => ({ method: 'GET', url: '/api/v1/audit?subjectType=person' }),
    'GET /api/v1/mail': async () => ({ method: 'GET', url: '/api/v1/mail' }),
    'GET /': async () => ({ method: 'GET', url: '/' }),
    'GET /equipe': async () => ({ method: 'GET', url: '/equipe' }),
    'GET /team': async () => ({ method: 'GET', url: '/team' }),
    'GET /admin/settings': async () => ({ method: 'GET', url: '/admin/settings' }),
    'POST /admin/settings': async () => ({ method: 'POST', url: '/admin/settings', form: { name: 'TeDomum', description: 'Hébergeur associatif' } }),
    'POST /admin/settings/association': async () => ({
      method: 'POST',
      url: '/admin/settings/association',
      form: { mailFooter: `TeDomum, ${++n} rue du Port` },
    }),
    'GET /setup': async () => ({ method: 'GET', url: '/setup' }),
    'POST /setup': async () => ({
      method: 'POST',
      url: '/setup',
      form: { associationName: 'Autre', displayName: 'Intrus', email: `intrus.${++n}@example.org`, password: 'another long passphrase here' },
      allowedStatus: 409,
    }),
    'GET /login': async () => ({ method: 'GET', url: '/login' }),
    'POST /login': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: '/login', form: { email: p.email, password: await fixture.password(p.id) } };
    },
    'POST /logout': async () => ({ method: 'POST', url: '/logout', form: {} }),
    'POST /logout/everywhere': async () => ({ method: 'POST', url: '/logout/everywhere', form: {} }),
    'POST /login/two-factor': async () => ({ method: 'POST', url: '/login/two-factor', form: await fixture.loginChallenge() }),
    'GET /profile/password': async () => ({ method: 'GET', url: '/profile/password' }),
    'POST /profile/password': async (actor) => {
      const current = await fixture.password(self(actor));
      return {
        method: 'POST',
        url: '/profile/password',
        form: { currentPassword: current, newPassword: 'matrix next passphrase', confirmPassword: 'matrix next passphrase' },
      };
    },
    'GET /profile/two-factor': async () => ({ method: 'GET', url: '/profile/two-factor' }),
    'POST /profile/two-factor/start': async (actor) => {
      await fixture.withoutSecondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/start', form: {} };
    },
    'POST /profile/two-factor/confirm': async (actor) => ({
      method: 'POST',
      url: '/profile/two-factor/confirm',
      form: { code: await fixture.pendingCode(self(actor)) },
    }),
    'POST /profile/two-factor/recovery-codes': async (actor) => {
      const secret = await fixture.secondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/recovery-codes', form: { code: totpCode(secret, Date.parse(a.clock.now()) / 1000 + 30) } };
    },
    'POST /profile/two-factor/disable': async (actor) => {
      const secret = await fixture.secondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/disable', form: { code: totpCode(secret, Date.parse(a.clock.now()) / 1000 + 30) } };
    },
    'GET /password/forgot': async () => ({ method: 'GET', url: '/password/forgot' }),
    'POST /password/forgot': async () => ({ method: 'POST', url: '/password/forgot', form: { email: (await fixture.person()).email } }),
    'GET /password/reset': async () => ({ method: 'GET', url: '/password/reset?token=abc' }),
    'GET /invitation': async () => ({ method: 'GET', url: '/invitation?token=abc' }),
    'POST /password/reset': async () => ({
      method: 'POST',
      url: '/password/reset',
      form: { token: await fixture.resetToken(), password: 'a brand new long passphrase' },
    }),
    'POST /profile/tokens': async () => ({ method: 'POST', url: '/profile/tokens', form: { label: 'phone' } }),
    'POST /profile/tokens/:id/revoke': async (actor) => ({ method: 'POST', url: `/profile/tokens/${await fixture.token(actor.id)}/revoke`, form: {} }),
    'GET /people': async () => ({ method: 'GET', url: '/people?q=a' }),
    'GET /people/picker': async () => ({ method: 'GET', url: '/people/picker?person=ada' }),
    'POST /people/:id/teams': async () => ({
      method: 'POST',
      url: `/people/${(await fixture.person()).id}/teams`,
      form: { team: 'technique', role: 'member' },
    }),
    'GET /people/new': async () => ({ method: 'GET', url: '/people/new' }),
    'POST /people/new': async () => ({ method: 'POST', url: '/people/new', form: { displayName: 'Nouvelle', email: `form.${++n}@example.org` } }),
    'GET /people/import': async () => ({ method: 'GET', url: '/people/import' }),
    'POST /people/import': async () => ({
      method: 'POST',
      url: '/people/import',
      form: { csv: `displayName,email\nImportée,form.import.${++n}@example.org\n` },
    }),
    'GET /people/:id': async (actor) => ({ method: 'GET', url: `/people/${self(actor)}` }),
    'GET /people/:id/edit': async (actor) => ({ method: 'GET', url: `/people/${self(actor)}/edit` }),
    'POST /people/:id/edit': async (actor) => ({ method: 'POST', url: `/people/${self(actor)}/edit`, form: await personForm(self(actor)) }),
    'GET /profile': async () => ({ method: 'GET', url: '/profile' }),
    'POST /profile': async (actor) => ({ method: 'POST', url: '/profile', form: await personForm(self(actor)) }),
    'POST /profile/language': async () => ({ method: 'POST', url: '/profile/language', form: { locale: 'fr', next: '/equipe' } }),
    'GET /teams/:slug': async () => ({ method: 'GET', url: '/teams/technique' }),
    'POST /teams/:slug/members': async () => ({
      method: 'POST',
      url: '/teams/technique/members',
      form: { email: (await fixture.person()).email, role: 'member' },
    }),
    'POST /teams/:slug/members/:personId/remove': async () => ({
      method: 'POST',
      url: `/teams/technique/members/${(await fixture.onTechnique()).id}/remove`,
      form: {},
    }),
    'GET /teams/new': async () => ({ method: 'GET', url: '/teams/new' }),
    'POST /teams/new': async () => ({ method: 'POST', url: '/teams/new', form: { slug: `form-${++n}`, 'name-fr': 'Équipe', 'name-en': 'Team' } }),
    'GET /teams/:slug/edit': async () => ({ method: 'GET', url: '/teams/technique/edit' }),
    'POST /teams/:slug/edit': async () => ({
      method: 'POST',
      url: `/teams/${await fixture.team()}/edit`,
      form: { 'name-fr': 'Renommée', 'name-en': 'Renamed' },
    }),
    'GET /bureau': async () => ({ method: 'GET', url: '/bureau' }),
    'POST /bureau/offices': async () => ({ method: 'POST', url: '/bureau/offices', form: { email: (await fixture.person()).email, office: 'member' } }),
    'POST /bureau/offices/:id/end': async () => ({ method: 'POST', url: `/bureau/offices/${await fixture.office()}/end`, form: {} }),
    'POST /bureau/changes/:id/confirm': async () => ({ method: 'POST', url: `/bureau/changes/${await fixture.pendingChange()}/confirm`, form: {} }),
    'POST /bureau/changes/:id/cancel': async () => ({ method: 'POST', url: `/bureau/changes/${await fixture.pendingChange()}/cancel`, form: {} }),
    'GET /audit': async () => ({ method: 'GET', url: '/audit' }),
    'POST /api/v1/contributions': async () => ({
      method: 'POST',
      url: '/api/v1/contributions',
      json: { kind: 'moderation', occurredOn: a.clock.today(), summary: `Modération ${++n}` },
    }),
    'GET /api/v1/contributions': async () => ({ method: 'GET', url: '/api/v1/contributions' }),
    'GET /api/v1/contributions/:id': async (actor) => ({ method: 'GET', url: `/api/v1/contributions/${await fixture.contributionOf(self(actor))}` }),
    'POST /api/v1/contributions/:id/confirm': async () => ({ method: 'POST', url: `/api/v1/contributions/${await fixture.declaredOnTechnique()}/confirm` }),
    'POST /api/v1/contributions/:id/reject': async () => ({
      method: 'POST',
      url: `/api/v1/contributions/${await fixture.declaredOnTechnique()}/reject`,
      json: { reason: 'Déjà comptée' },
    }),
    'GET /api/v1/people/:id/activity': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/activity` }),
    'POST /api/v1/contributions/import': async () => ({
      method: 'POST',
      url: '/api/v1/contributions/import',
      csv: `email,kind,occurredOn,summary\n${a.admin.email},event,${a.clock.today()},Stand ${++n}\n`,
    }),
    'POST /api/v1/hooks/forgejo': async () => ({ method: 'POST', url: '/api/v1/hooks/forgejo', ...fixture.forgejoPush() }),
    'POST /api/v1/hooks/gitlab': async () => ({
      method: 'POST',
      url: '/api/v1/hooks/gitlab',
      json: { object_kind: 'push', commits: [] },
      headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': GITLAB_TOKEN },
    }),
    'GET /api/v1/forge/unknown-authors': async () => ({ method: 'GET', url: '/api/v1/forge/unknown-authors' }),
    'GET /api/v1/people/:id/forge-accounts': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/forge-accounts` }),
    'POST /api/v1/people/:id/forge-accounts': async (actor) => ({
      method: 'POST',
      url: `/api/v1/people/${self(actor)}/forge-accounts`,
      json: { forge: 'gitlab', identity: `matrix-${++n}` },
    }),
    'DELETE /api/v1/people/:id/forge-accounts/:accountId': async (actor) => ({
      method: 'DELETE',
      url: `/api/v1/people/${self(actor)}/forge-accounts/${await fixture.forgeAccount(self(actor))}`,
    }),
    'GET /admin/forges': async () => ({ method: 'GET', url: '/admin/forges' }),
    'POST /admin/forges/link': async () => ({
      method: 'POST',
      url: '/admin/forges/link',
      form: { unknownId: await fixture.unknownAuthor(), email: (await fixture.person()).email },
    }),
    'GET /profile/forges': async () => ({ method: 'GET', url: '/profile/forges' }),
    'POST /profile/forges': async () => ({ method: 'POST', url: '/profile/forges', form: { forge: 'gitlab', identity: `form-${++n}` } }),
    'POST /profile/forges/:id/delete': async (actor) => ({
      method: 'POST',
      url: `/profile/forges/${await fixture.forgeAccount(self(actor))}/delete`,
      form: {},
    }),
    'GET /privacy': async () => ({ method: 'GET', url: '/privacy' }),
    'GET /api/v1/me/export': async () => ({ method: 'GET', url: '/api/v1/me/export' }),
    // A fresh person each time: an allowed erasure succeeds, and is not refused as already done.
    'POST /api/v1/people/:id/erase': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: `/api/v1/people/${p.id}/erase`, json: { confirm: p.displayName, reason: 'request' } };
    },
    'GET /people/:id/erase': async () => ({ method: 'GET', url: `/people/${(await fixture.person()).id}/erase` }),
    'POST /people/:id/erase': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: `/people/${p.id}/erase`, form: { confirm: p.displayName, reason: 'request' } };
    },
    'GET /contributions/new': async () => ({ method: 'GET', url: '/contributions/new' }),
    'POST /contributions/new': async () => ({
      method: 'POST',
      url: '/contributions/new',
      form: { kind: 'moderation', occurredOn: a.clock.today(), summary: `Modération ${++n}` },
    }),
    'POST /api/v1/applications': async (actor) => ({
      method: 'POST',
      url: '/api/v1/applications',
      json: { motivation: 'Je souhaite devenir membre.' },
      // The policy lets every signed-in person try; then the rules answer (an active contributor
      // is accepted; a member, or someone who applied already, gets 409; someone inactive 422).
      allowedStatus: actor.role === 'member' ? 409 : [201, 409, 422],
    }),
    'GET /api/v1/applications': async () => ({ method: 'GET', url: '/api/v1/applications' }),
    'GET /api/v1/applications/:id': async (actor) => ({ method: 'GET', url: `/api/v1/applications/${await fixture.applicationOf(self(actor))}` }),
    'POST /api/v1/applications/:id/withdraw': async (actor) => ({
      method: 'POST',
      url: `/api/v1/applications/${await fixture.applicationOf(self(actor))}/withdraw`,
    }),
    'POST /api/v1/applications/:id/rapporteur': async () => ({
      method: 'POST',
      url: `/api/v1/applications/${await fixture.applicationOf((await fixture.person()).id)}/rapporteur`,
      json: { rapporteurId: null },
    }),
    'GET /api/v1/bureau/load': async () => ({ method: 'GET', url: '/api/v1/bureau/load' }),
    'GET /api/v1/bureau/sessions': async () => ({ method: 'GET', url: '/api/v1/bureau/sessions?when=upcoming' }),
    'POST /api/v1/bureau/sessions': async () => ({
      method: 'POST',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: new Date(Date.now() + 20 * 86_400_000 + ++n * 60_000).toISOString(), location: 'Local associatif' },
    }),
    'GET /api/v1/bureau/sessions/:id': async () => ({ method: 'GET', url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}` }),
    'POST /api/v1/bureau/sessions/:id/open': async (actor) => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}/open`,
      json: { presentPersonIds: actor.role === 'bureau' ? [actor.id] : [] },
    }),
    'POST /api/v1/bureau/sessions/:id/decisions': async () => {
      const { sessionId, applicationId } = await fixture.openSessionWithApplication();
      return { method: 'POST', url: `/api/v1/bureau/sessions/${sessionId}/decisions`, json: { applicationId, outcome: 'deferred' } };
    },
    'POST /api/v1/bureau/sessions/:id/close': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/close`,
    }),
    'GET /api/v1/bureau/sessions/:id/minutes': async () => ({ method: 'GET', url: `/api/v1/bureau/sessions/${await fixture.closedSession()}/minutes` }),
    'POST /api/v1/bureau/sessions/:id/agenda': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}/agenda`,
      json: { title: 'Budget des serveurs' },
    }),
    'POST /api/v1/bureau/sessions/:id/agenda/order': async () => {
      const session = await a.services.sessions.addItem(system, await fixture.plannedSession(), { title: 'Point divers' });
      return { method: 'POST', url: `/api/v1/bureau/sessions/${session.id}/agenda/order`, json: { itemIds: session.agenda.map((i) => i.id) } };
    },
    'GET /api/v1/bureau/recurrence': async () => ({ method: 'GET', url: '/api/v1/bureau/recurrence' }),
    'PUT /api/v1/bureau/recurrence': async () => ({
      method: 'PUT',
      url: '/api/v1/bureau/recurrence',
      json: { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0' },
    }),
    'GET /api/v1/bureau/calendar.ics': async () => ({
      method: 'GET',
      url: `/api/v1/bureau/calendar.ics?key=${a.services.sessionDocuments.calendarKeyFor(actors.bureau.id!)}`,
    }),
    'GET /api/v1/outbox': async () => ({ method: 'GET', url: '/api/v1/outbox' }),
    'POST /api/v1/outbox/:id/retry': async () => ({ method: 'POST', url: `/api/v1/outbox/${await fixture.deadLetter()}/retry`, json: {} }),
    'GET /api/v1/rooms': async () => ({ method: 'GET', url: '/api/v1/rooms' }),
    'POST /api/v1/rooms': async () => ({
      method: 'POST',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: `https://hooks.example.org/api-${++n}`, audience: 'contributors' },
    }),
    'GET /api/v1/rooms/:id': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}` }),
    'GET /api/v1/rooms/:id/drift': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}/drift` }),
    'POST /api/v1/rooms/:id/reconcile': async () => ({ method: 'POST', url: `/api/v1/rooms/${await fixture.room()}/reconcile`, json: {} }),
    'GET /api/v1/rooms/:id/deliveries': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}/deliveries` }),
    'GET /rooms': async () => ({ method: 'GET', url: '/rooms' }),
    'POST /rooms': async () => ({
      method: 'POST',
      url: '/rooms',
      form: { provider: 'webhook', address: `https://hooks.example.org/form-${++n}`, audience: 'members' },
    }),
    'GET /rooms/:id': async () => ({ method: 'GET', url: `/rooms/${await fixture.room()}` }),
    'POST /rooms/:id/reconcile': async () => ({ method: 'POST', url: `/rooms/${await fixture.room()}/reconcile`, form: {} }),
    'POST /admin/outbox/:id/retry': async () => ({ method: 'POST', url: `/admin/outbox/${await fixture.deadLetter()}/retry`, form: {} }),
    'GET /admin/mail': async () => ({ method: 'GET', url: '/admin/mail' }),
    'GET /api/v1/assemblies': async () => ({ method: 'GET', url: '/api/v1/assemblies' }),
    'POST /api/v1/assemblies': async () => ({
      method: 'POST',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: new Date(Date.now() + 40 * 86_400_000).toISOString() },
    }),
    // Those who are not convened are told there is no such assembly.
    'GET /api/v1/assemblies/:id': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}`,
      allowedStatus: [200, 404],
    }),
    'GET /api/v1/assemblies/:id/invitees': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/invitees`,
      allowedStatus: [200, 404],
    }),
    'POST /api/v1/assemblies/:id/items': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/items`,
      json: { title: 'Rapport moral' },
    }),
    'POST /api/v1/assemblies/:id/documents': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/documents`,
      json: { title: 'Rapport financier', url: 'https://example.org/rapport.pdf' },
    }),
    'POST /api/v1/assemblies/:id/convene': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/convene`,
      json: {},
    }),
    // The policy lets everyone signed in answer; the service answers not_invited to the others.
    'POST /api/v1/assemblies/:id/rsvp': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/rsvp`,
      json: { answer: 'yes' },
      allowedStatus: [200, 422],
    }),
    'POST /api/v1/assemblies/:id/proxy': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/proxy`,
      json: { holderId: null },
      allowedStatus: [200, 422],
    }),
    'POST /api/v1/assemblies/:id/open': async () => ({ method: 'POST', url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/open`, json: {} }),
    'POST /api/v1/assemblies/:id/check-in': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/check-in`,
      json: { personId: actors.member.id },
    }),
    'GET /api/v1/assemblies/:id/quorum': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/quorum`,
      allowedStatus: [200, 404],
    }),
    'POST /api/v1/assemblies/:id/resolutions': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/resolutions`,
      json: { title: 'Budget', majority: 'simple' },
    }),
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'proposed');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/open`, json: {} };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      // Nobody here is checked in: the voter is told so; the others that they have no vote.
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/vote`, json: { choice: 'for' }, allowedStatus: 422 };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/counts`, json: { for: 0, against: 0, abstain: 0 } };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/close`, json: {} };
    },
    'POST /api/v1/assemblies/:id/close': async () => ({ method: 'POST', url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/close`, json: {} }),
    'GET /api/v1/assemblies/:id/minutes': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('closed')).id}/minutes`,
      allowedStatus: [200, 404],
    }),
    'GET /api/v1/assemblies/:id/attendance': async () => ({ method: 'GET', url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/attendance` }),
    'GET /api/v1/assemblies/rsvp/:token': async () => ({ method: 'GET', url: `/api/v1/assemblies/rsvp/${await fixture.rsvpToken()}` }),
    'POST /api/v1/assemblies/rsvp/:token': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/rsvp/${await fixture.rsvpToken()}`,
      json: { answer: 'maybe' },
    }),
    'GET /assemblies': async () => ({ method: 'GET', url: '/assemblies' }),
    'POST /assemblies': async () => ({
      method: 'POST',
      url: '/assemblies',
      form: { kind: 'ordinary', title: 'AG', date: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10), time: '18:30' },
    }),
    'GET /assemblies/rsvp/:token': async () => ({ method: 'GET', url: `/assemblies/rsvp/${await fixture.rsvpToken()}` }),
    'POST /assemblies/rsvp/:token': async () => ({ method: 'POST', url: `/assemblies/rsvp/${await fixture.rsvpToken()}`, form: { answer: 'yes' } }),
    'POST /assemblies/rsvp/:token/proxy': async () => ({ method: 'POST', url: `/assemblies/rsvp/${await fixture.rsvpToken()}/proxy`, form: { holderId: '' } }),
    // Before the assembly opens, arriving is refused, whoever follows the link.
    'POST /assemblies/rsvp/:token/check-in': async () => ({
      method: 'POST',
      url: `/assemblies/rsvp/${await fixture.rsvpToken()}/check-in`,
      form: {},
      allowedStatus: [303, 409],
    }),
    'GET /assemblies/:id': async () => ({ method: 'GET', url: `/assemblies/${(await fixture.assembly('convened')).id}`, allowedStatus: [200, 404] }),
    'POST /assemblies/:id/items': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('draft')).id}/items`,
      form: { title: 'Rapport moral' },
    }),
    'POST /assemblies/:id/documents': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('draft')).id}/documents`,
      form: { title: 'Rapport financier', url: 'https://example.org/rapport.pdf' },
    }),
    'POST /assemblies/:id/convene': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('draft')).id}/convene`, form: {} }),
    'POST /assemblies/:id/open': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/open`, form: {} }),
    'POST /assemblies/:id/check-in': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('open')).id}/check-in`,
      form: { personId: actors.member.id!, present: 'true' },
    }),
    'POST /assemblies/:id/resolutions': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('open')).id}/resolutions`,
      form: { title: 'Budget', majority: 'simple' },
    }),
    'POST /assemblies/:id/resolutions/:resolutionId/open': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'proposed');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/open`, form: {} };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/vote': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      // As for the API: nobody is checked in, so the voter is told to check in; the others that they have no vote.
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/vote`, form: { choice: 'for' }, allowedStatus: [422, 404] };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/counts': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/counts`, form: { for: '0', against: '0', abstain: '0' } };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/close': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/close`, form: {} };
    },
    'POST /assemblies/:id/close': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('open')).id}/close`, form: {} }),
    'POST /assemblies/:id/rsvp': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/rsvp`, form: { answer: 'yes' } }),
    'POST /assemblies/:id/proxy': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/proxy`, form: { holderId: '' } }),
    'GET /assemblies/:id/documents/:documentId': async () => {
      const { id } = await fixture.assembly('draft');
      const doc = await a.services.assemblies.addDocument(system, id, {
        title: 'Rapport',
        filename: 'rapport.txt',
        contentType: 'text/plain',
        content: Buffer.from('Rapport moral'),
      });
      return { method: 'GET', url: `/assemblies/${id}/documents/${doc.id}`, allowedStatus: [200, 404] };
    },
    'GET /assemblies/:id/minutes': async () => ({
      method: 'GET',
      url: `/assemblies/${(await fixture.assembly('closed')).id}/minutes`,
      allowedStatus: [200, 404],
    }),
    'GET /assemblies/:id/attendance': async () => ({ method: 'GET', url: `/assemblies/${(await fixture.assembly('open')).id}/attendance` }),
    'GET /api/v1/members': async () => ({ method: 'GET', url: '/api/v1/members?history=true' }),
    'GET /api/v1/members/export.csv': async () => ({ method: 'GET', url: '/api/v1/members/export.csv' }),
    'GET /api/v1/members/counts': async () => ({ method: 'GET', url: '/api/v1/members/counts?months=3' }),
    'GET /api/v1/people/:id/membership': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/membership` }),
    'POST /api/v1/people/:id/membership/resign': async (actor) => {
      // The member resigns for real: give them back a membership before the next role's turn.
      await fixture.restoreMember();
      // Only a member resigns; anyone else passes the policy and is told they are not one.
      return { method: 'POST', url: `/api/v1/people/${self(actor)}/membership/resign`, allowedStatus: actor.role === 'member' ? 200 : 409 };
    },
    'POST /api/v1/lifecycle/run': async () => ({ method: 'POST', url: '/api/v1/lifecycle/run', json: { date: a.clock.today() } }),
    'GET /members': async () => ({ method: 'GET', url: '/members?status=all' }),
    'GET /membership/resign': async () => ({ method: 'GET', url: '/membership/resign' }),
    'POST /membership/resign': async (actor) => {
      await fixture.restoreMember();
      return { method: 'POST', url: '/membership/resign', form: { confirm: 'yes' }, allowedStatus: actor.role === 'member' ? 303 : 409 };
    },
    'GET /membership': async () => ({ method: 'GET', url: '/membership' }),
    'GET /membership/apply': async () => ({ method: 'GET', url: '/membership/apply' }),
    'POST /membership/apply': async (actor) => ({
      method: 'POST',
      url: '/membership/apply',
      form: { motivation: 'Je souhaite devenir membre.' },
      // As for the API: the policy lets everyone signed in try, the rules answer.
      allowedStatus: actor.role === 'member' ? 409 : [303, 409, 422],
    }),
    'GET /applications/:id': async (actor) => ({ method: 'GET', url: `/applications/${await fixture.applicationOf(self(actor))}` }),
    'POST /applications/:id/withdraw': async (actor) => ({
      method: 'POST',
      url: `/applications/${await fixture.applicationOf(self(actor))}/withdraw`,
      form: {},
    }),
    'POST /applications/:id/rapporteur': async () => ({
      method: 'POST',
      url: `/applications/${await fixture.applicationOf((await fixture.person()).id)}/rapporteur`,
      form: { rapporteurId: '' },
    }),
    'GET /applications': async () => ({ method: 'GET', url: '/applications' }),
    'GET /admin/outbox': async () => ({ method: 'GET', url: '/admin/outbox' }),
    'GET /bureau/sessions': async () => ({ method: 'GET', url: '/bureau/sessions' }),
    'POST /bureau/sessions/recurrence': async () => ({
      method: 'POST',
      url: '/bureau/sessions/recurrence',
      form: { frequency: 'monthly', week: '1', weekday: 'TU', time: '20:00', sessionsAhead: '3' },
    }),
    'POST /bureau/sessions': async () => ({
      method: 'POST',
      url: '/bureau/sessions',
      form: { date: new Date(Date.now() + 30 * 86_400_000 + ++n * 86_400_000).toISOString().slice(0, 10), time: '20:00', location: 'Local' },
    }),
    'GET /bureau/sessions/:id': async () => ({ method: 'GET', url: `/bureau/sessions/${await fixture.plannedSession()}` }),
    'POST /bureau/sessions/:id/open': async (actor) => ({
      method: 'POST',
      url: `/bureau/sessions/${await fixture.plannedSession()}/open`,
      form: { presentPersonIds: actor.id ?? 'nobody' },
    }),
    'POST /bureau/sessions/:id/decisions': async () => {
      const { sessionId, applicationId } = await fixture.openSessionWithApplication();
      return { method: 'POST', url: `/bureau/sessions/${sessionId}/decisions`, form: { applicationId, outcome: 'deferred' } };
    },
    'POST /bureau/sessions/:id/close': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/close`,
      form: {},
    }),
    'POST /bureau/sessions/:id/agenda': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${await fixture.plannedSession()}/agenda`,
      form: { title: 'Budget des serveurs' },
    }),
    'POST /bureau/sessions/:id/items/:itemId/move': async () => {
      const session = await a.services.sessions.addItem(system, await fixture.plannedSession(), { title: 'Point divers' });
      return { method: 'POST', url: `/bureau/sessions/${session.id}/items/${session.agenda[0].id}/move`, form: { direction: 'down' } };
    },
    'GET /bureau/sessions/:id/minutes': async () => ({ method: 'GET', url: `/bureau/sessions/${await fixture.closedSession()}/minutes` }),
    'GET /minutes': async () => ({ method: 'GET', url: '/minutes' }),
    'GET /contributions/review': async () => ({ method: 'GET', url: '/contributions/review' }),
    'POST /contributions/:id/confirm': async () => ({ method: 'POST', url: `/contributions/${await fixture.declaredOnTechnique()}/confirm`, form: {} }),
    'POST /contributions/:id/reject': async () => ({
      method: 'POST',
      url: `/contributions/${await fixture.declaredOnTechnique()}/reject`,
      form: { reason: 'Déjà comptée' },
    }),
    'POST /api/v1/requests': async () => ({
      method: 'POST',
      url: '/api/v1/requests',
      json: { email: `matrix.api.${++n}@example.org`, category: 'question', subject: 'Question', message: 'Bonjour' },
    }),
    'GET /api/v1/requests': async () => ({ method: 'GET', url: '/api/v1/requests?status=open' }),
    'GET /api/v1/requests/consultations': async () => ({ method: 'GET', url: '/api/v1/requests/consultations' }),
    'GET /api/v1/requests/consultations/:id': async (actor) => ({
      method: 'GET',
      url: `/api/v1/requests/consultations/${await fixture.consultationFor(actor)}`,
    }),
    'POST /api/v1/requests/consultations/:id/answer': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/consultations/${await fixture.consultationFor(actor)}/answer`,
      json: { answer: 'Oui' },
    }),
    'GET /api/v1/requests/follow/:token': async () => ({ method: 'GET', url: `/api/v1/requests/follow/${await fixture.followToken()}` }),
    'POST /api/v1/requests/follow/:token/replies': async () => ({
      method: 'POST',
      url: `/api/v1/requests/follow/${await fixture.followToken()}/replies`,
      json: { body: 'Merci' },
    }),
    'GET /api/v1/requests/:id': async (actor) => ({ method: 'GET', url: `/api/v1/requests/${await fixture.requestFor(actor)}` }),
    'POST /api/v1/requests/:id/replies': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/replies`,
      json: { body: 'Bonjour' },
    }),
    'POST /api/v1/requests/:id/assign': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/assign`,
      json: { personId: null },
    }),
    'POST /api/v1/requests/:id/consult': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/consult`,
      json: { teamSlug: actor.role === 'lead' ? 'communaute' : 'technique', question: 'Une idée ?' },
    }),
    'POST /api/v1/requests/:id/resolve': async (actor) => ({ method: 'POST', url: `/api/v1/requests/${await fixture.requestFor(actor)}/resolve`, json: {} }),
    'POST /api/v1/requests/:id/reopen': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor, 'resolved')}/reopen`,
      json: {},
    }),
    'POST /api/v1/requests/:id/close': async (actor) => ({ method: 'POST', url: `/api/v1/requests/${await fixture.requestFor(actor)}/close`, json: {} }),
    'POST /api/v1/requests/:id/accept-join': async () => ({ method: 'POST', url: `/api/v1/requests/${await fixture.joinRequest()}/accept-join`, json: {} }),
    'POST /api/v1/requests/:id/refuse-join': async () => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.joinRequest()}/refuse-join`,
      json: { reason: 'Pas maintenant' },
    }),
    'GET /requests/new': async () => ({ method: 'GET', url: '/requests/new?category=join&team=technique' }),
    'POST /requests/new': async () => ({
      method: 'POST',
      url: '/requests/new',
      form: { email: `matrix.form.${++n}@example.org`, category: 'question', subject: 'Question', message: 'Bonjour' },
    }),
    'GET /requests/follow/:token': async () => ({ method: 'GET', url: `/requests/follow/${await fixture.followToken()}` }),
    'POST /requests/follow/:token': async () => ({ method: 'POST', url: `/requests/follow/${await fixture.followToken()}`, form: { body: 'Merci' } }),
    'GET /requests': async () => ({ method: 'GET', url: '/requests?status=all' }),
    'GET /requests/consultations/:id': async (actor) => ({ method: 'GET', url: `/requests/consultations/${await fixture.consultationFor(actor)}` }),
    'POST /requests/consultations/:id/answer': async (actor) => ({
      method: 'POST',
      url: `/requests/consultations/${await fixture.consultationFor(actor)}/answer`,
      form: { answer: 'Oui' },
    }),
    'GET /requests/:id': async (actor) => ({ method: 'GET', url: `/requests/${await fixture.requestFor(actor)}` }),
    'POST /requests/:id/replies': async (actor) => ({
      method: 'POST',
      url: `/requests/${await fixture.requestFor(actor)}/replies`,
      form: { body: 'Bonjour', internal: 'yes' },
    }),
    'POST /requests/:id/assign': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/assign`, form: { personId: '' } }),
    'POST /requests/:id/consult': async (actor) => ({
      method: 'POST',
      url: `/requests/${await fixture.requestFor(actor)}/consult`,
      form: { teamSlug: actor.role === 'lead' ? 'communaute' : 'technique', question: 'Une idée ?' },
    }),
    'POST /requests/:id/resolve': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/resolve`, form: {} }),
    'POST /requests/:id/reopen': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor, 'resolved')}/reopen`, form: {} }),
    'POST /requests/:id/close': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/close`, form: {} }),
    'POST /requests/:id/accept-join': async () => ({ method: 'POST', url: `/requests/${await fixture.joinRequest()}/accept-join`, form: {} }),
    'POST /requests/:id/refuse-join': async () => ({
      method: 'POST',
      url: `/requests/${await fixture.joinRequest()}/refuse-join`,
      form: { reason: 'Pas maintenant' },
    }),
  };

  /**
   * Sends a request as a role: API calls and pages with the role's Bearer token (a token needs no
   * form token, see hooks.ts); an anonymous form goes through a browser that read the form token.
   */
  async function send(actor: Actor, req: Request): Promise<LightMyRequestResponse> {
    if (req.form && actor.role === 'anonymous') {
      const browser = a.browser();
      await browser.get('/login');
      return browser.post(req.url, req.form);
    }
    const headers: Record<string, string> = { ...actor.headers, ...req.headers };
    let payload: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.accept = 'text/html';
      payload = new URLSearchParams(req.form).toString();
    } else if (req.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      payload = req.csv;
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(req.json);
    } else if (!req.url.startsWith('/api/') && req.url !== '/healthz') {
      headers.accept = 'text/html';
    }
    return a.app.inject({ method: req.method as 'GET', url: req.url, headers, payload });
  }

  const isLoginRedirect = (res: LightMyRequestResponse) => res.statusCode === 303 && String(res.headers.location).startsWith('/login?next=');
  const refused = (res: LightMyRequestResponse) => res.statusCode === 401 || res.statusCode === 403 || isLoginRedirect(res);

  it('lists every route of the app, each with the policy it names, and no route that is gone', () => {
    const actual = Object.fromEntries(a.routes.map((r) => [`${r.method} ${r.url}`, r.policy]));
    const expected = Object.fromEntries(Object.entries(matrix).map(([key, [policy]]) => [key, policy]));
    const missing = Object.keys(actual).filter((k) => !(k in expected));
    const gone = Object.keys(expected).filter((k) => !(k in actual));
    expect(missing, 'routes without an expected-permissions entry in this matrix').toEqual([]);
    expect(gone, 'matrix entries for routes that no longer exist').toEqual([]);
    expect(actual).toEqual(expected);
  });

  it.each(Object.keys(matrix) as RouteKey[])('%s', async (key) => {
    const [, allowed] = matrix[key];
    const page = a.routes.find((r) => `${r.method} ${r.url}` === key)?.page ?? false;
    for (const role of roles) {
      const actor = actors[role];
      const req = await requests[key](actor);
      const res = await send(actor, req);
      const where = `${key} as ${role}: ${res.statusCode} ${res.headers.location ?? ''} ${res.body.slice(0, 300)}`;
      if ((allowed as readonly Role[]).includes(role)) {
        expect(refused(res), where).toBe(false);
        if (req.allowedStatus !== undefined) expect([req.allowedStatus].flat(), where).toContain(res.statusCode);
        else expect(res.statusCode, where).toBeLessThan(400);
      } else if (role === 'anonymous' && page) {
        expect(res.statusCode, where).toBe(303);
        expect(res.headers.location, where).toBe(`/login?next=${encodeURIComponent(req.url)}`);
      } else if (page) {
        expect(res.statusCode, where).toBe(403);
        expect(res.headers['content-type'], where).toMatch(/^text\/html/);
      } else {
        expect(res.statusCode, where).toBe(role === 'anonymous' ? 401 : 403);
        expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
        expect(res.json().code, where).toBe(role === 'anonymous' ? 'unauthenticated' : 'forbidden');
      }
    }
  });

  it('GET /api/v1/me is 401 problem+json for an anonymous visitor and names the roles of the others', async () => {
    const anon = await a.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anon.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    const lead = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: actors.lead.headers });
    expect(lead.json().roles).toEqual(['person', 'contributor', 'lead']);
    expect(lead.json().teams).toEqual([{ slug: 'technique', role: 'lead' }]);
  });

  it('a member opens no administrative or bureau action ("Membership grants governance, never service or admin rights")', async () => {
    const guarded = (Object.keys(matrix) as RouteKey[]).filter((key) => ADMIN_OR_BUREAU_ACTIONS.includes(matrix[key][0]));
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    for (const key of guarded) {
      const res = await send(actors.member, await requests[key](actors.member));
      expect(res.statusCode, `${key} as member`).toBe(403);
    }
    const member = (await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: actors.member.headers })).json();
    const person = (await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: actors.person.headers })).json();
    expect(member.roles).toEqual(['person', 'member']);
    expect(member.allowedActions.filter((action: string) => ADMIN_OR_BUREAU_ACTIONS.includes(action))).toEqual([]);
    // A member may do what any signed-in person may, plus governance (the minutes here; the AG
    // vote and the members' room come with the membership itself), and nothing else.
    expect(member.allowedActions).toEqual([...person.allowedActions, ...GOVERNANCE_ACTIONS].sort());
    // The same holds on every route of the matrix, whatever the table above says.
    for (const key of Object.keys(matrix) as RouteKey[]) {
      const [policy, allowed] = matrix[key];
      if (GOVERNANCE_ACTIONS.includes(policy)) continue;
      expect((allowed as readonly Role[]).includes('member'), key).toBe((allowed as readonly Role[]).includes('person'));
    }
  });
});

describe(`subject-level rules (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
  });
  afterAll(async () => {
    await a?.close();
  });

  it("lets a lead of Technique manage Technique's roster but not Communauté's", async () => {
    const lead = await a.actingAs('lead');
    const newcomer = await a.person();
    const onTechnique = await a.app.inject({
      method: 'POST',
      url: '/api/v1/teams/technique/members',
      headers: lead.headers,
      payload: { personId: newcomer.id, role: 'member' },
    });
    expect(onTechnique.statusCode).toBe(201);
    expect(onTechnique.json()).toMatchObject({ personId: newcomer.id, role: 'member', until: null });

    const onCommunaute = await a.app.inject({
      method: 'POST',
      url: '/api/v1/teams/communaute/members',
      headers: lead.headers,
      payload: { personId: newcomer.id, role: 'member' },
    });
    expect(onCommunaute.statusCode).toBe(403);
    expect(onCommunaute.json().code).toBe('forbidden');

    await a.services.teams.addToRoster(system, 'communaute', newcomer.id, 'member');
    const removal = await a.app.inject({ method: 'DELETE', url: `/api/v1/teams/communaute/members/${newcomer.id}`, headers: lead.headers });
    expect(removal.statusCode).toBe(403);
    const byForm = await a.app.inject({
      method: 'POST',
      url: '/teams/communaute/members',
      headers: { ...lead.headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: (await a.person()).email, role: 'member' }).toString(),
    });
    expect(byForm.statusCode).toBe(403);

    const communaute = (await a.app.inject({ method: 'GET', url: '/api/v1/teams/communaute', headers: a.admin.headers })).json();
    expect(communaute.roster.map((r: { personId: string }) => r.personId)).toEqual([newcomer.id]);
  });

  it('lets a person edit themselves but nobody else', async () => {
    const me = await a.actingAs('person');
    const other = await a.person({ displayName: 'Autre Personne' });
    const own = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${me.id}`, headers: me.headers, payload: { pronouns: 'elle' } });
    expect(own.statusCode).toBe(200);
    expect(own.json().pronouns).toBe('elle');

    const theirs = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${other.id}`, headers: me.headers, payload: { pronouns: 'il' } });
    expect([403, 404]).toContain(theirs.statusCode);
    // A contributor can read the other person, so the refusal is an explicit 403 there.
    const contributor = await a.actingAs('contributor');
    const byContributor = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${other.id}`, headers: contributor.headers, payload: { pronouns: 'il' } });
    expect(byContributor.statusCode).toBe(403);
    const editPage = await a.app.inject({ method: 'GET', url: `/people/${other.id}/edit`, headers: { ...contributor.headers, accept: 'text/html' } });
    expect(editPage.statusCode).toBe(403);

    expect((await a.services.people.get(system, other.id)).pronouns).toBeNull();
  });

  it("a bureau member, or another administrator, acting on an administrator's account changes nothing of it", async () => {
    const bureau = await a.actingAs('bureau');
    const second = await a.services.accounts.createAdministrator({
      displayName: 'Second Admin',
      email: 'second.admin@example.org',
      password: 'une autre phrase bien longue',
    });
    const admin = a.admin;
    // The administrator has a change of their own waiting: only they may withdraw it.
    const own = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${admin.id}`,
      headers: admin.headers,
      payload: { email: 'ada.pending@example.org' },
    });
    expect(own.json().pendingEmail).toBe('ada.pending@example.org');
    for (const [who, headers] of [
      ['bureau', bureau.headers],
      ['second administrator', await a.bearer(second.personId)],
    ] as const) {
      const form = { ...headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
      const attempts = [
        await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${admin.id}`, headers, payload: { email: `taken.by.${who.length}@example.org` } }),
        await a.app.inject({ method: 'POST', url: `/api/v1/people/${admin.id}/pending-email/cancel`, headers, payload: {} }),
      ];
      for (const res of attempts) {
        expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
        expect(res.json().code, who).toBe('account_owner_only');
      }
      const pages = [
        await a.app.inject({
          method: 'POST',
          url: `/people/${admin.id}/edit`,
          headers: form,
          payload: new URLSearchParams({ displayName: 'Ada Admin', email: `form.${who.length}@example.org` }).toString(),
        }),
        await a.app.inject({ method: 'POST', url: `/people/${admin.id}/email/cancel`, headers: form, payload: '' }),
      ];
      for (const res of pages) expect(res.statusCode, who).toBe(403);
      // Their ordinary edits of the record still work: only the login is the administrator's own.
      const pronouns = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${admin.id}`, headers, payload: { pronouns: 'elle' } });
      expect(pronouns.statusCode, who).toBe(200);
    }
    const after = (await a.app.inject({ method: 'GET', url: `/api/v1/people/${admin.id}`, headers: admin.headers })).json();
    expect(after).toMatchObject({ email: admin.email, pendingEmail: 'ada.pending@example.org' });
    expect(await mailbox(a, 'taken.by.6@example.org')).toEqual([]);
  });

  it('shows a contributor another person without their email', async () => {
    const contributor = await a.actingAs('contributor');
    const other = await a.person({ displayName: 'Camille Secret', email: 'camille.secret@example.org' });
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: contributor.headers });
    expect(api.statusCode).toBe(200);
    expect(api.json().displayName).toBe('Camille Secret');
    expect(api.json()).not.toHaveProperty('email');
    const page = await a.app.inject({ method: 'GET', url: `/people/${other.id}`, headers: { ...contributor.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Camille Secret');
    expect(page.body).not.toContain('camille.secret@example.org');
    // A lead, the bureau and administrators do see it.
    const lead = await a.actingAs('lead');
    expect((await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: lead.headers })).json().email).toBe('camille.secret@example.org');
  });

  it("gives a plain person 404 for someone else's record", async () => {
    const me = await a.actingAs('person');
    const other = await a.person({ displayName: 'Dominique Cachée' });
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: me.headers });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('not_found');
    const page = await a.app.inject({ method: 'GET', url: `/people/${other.id}`, headers: { ...me.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Dominique Cachée');
    // A member is no different ("Membership grants governance, never service or admin rights").
    const member = await a.actingAs('member');
    expect((await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: member.headers })).statusCode).toBe(404);
  });
});
