/**
 * The role × route matrix (in the manner of nm.debian.org's test_perms): every route of the app,
 * every role, one request each. The expected roles are written out by hand from the policies in
 * src/modules/*\/policy.ts and src/platform/audit/policy.ts, so that a change of policy, a new
 * route or a removed one shows up here as a failure someone has to look at.
 *
 * This file holds what the whole matrix shares: the sets of roles, the association and its actors,
 * the fixtures the requests need, how a role sends a request and the check of one route. The
 * tables live in routes/, one per domain, each route's expected roles beside the request each role
 * sends; index.ts joins them, and all-routes.test.ts checks that together they name every route.
 */
// A dead letter of a topic no module declares: what an administrator may retry whatever it is.
import type { OutboxMessage } from '../../src/platform/outbox/topics.js';
import { createHmac } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../../src/platform/outbox/repository.js';
import { buildAssociation, dialectUnderTest, roles, system, type Role, type TestAssociation } from '../harness.js';
import { webhookRoomRegisteredEarlier } from '../rooms-fixture.js';
import { createApplicationsRepository } from '../../src/modules/applications/repository.js';
import { placeOnAgenda } from '../../src/modules/sessions/agenda-placement.js';
import { createMembershipsRepository } from '../../src/modules/memberships/repository.js';
import { createBureauRepository } from '../../src/modules/bureau/repository.js';
import { createRequestsRepository } from '../../src/modules/requests/repository.js';
import { createAccountsRepository } from '../../src/modules/accounts/repository.js';
import { createSecurityRepository } from '../../src/modules/accounts/security-repository.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { totpCode } from '../../src/platform/auth/totp.js';
import { mailedLink, mailedResetToken } from '../mailbox.js';

export type { Role } from '../harness.js';

export type Allowed = readonly Role[];

/** The webhook secrets of the association under test: hooks are signed like a forge signs them. */
export const FORGEJO_SECRET = 'matrix-forgejo-secret-0123';
export const GITLAB_TOKEN = 'matrix-gitlab-token-0123';

export const EVERYONE: Allowed = ['anonymous', 'person', 'contributor', 'member', 'lead', 'bureau', 'admin'];
export const SIGNED_IN: Allowed = ['person', 'contributor', 'member', 'lead', 'bureau', 'admin'];
/** Those who run the association: anyone on a team roster, the bureau, administrators. */
export const TEAM_BUREAU_ADMIN: Allowed = ['contributor', 'lead', 'bureau', 'admin'];
export const LEAD_BUREAU_ADMIN: Allowed = ['lead', 'bureau', 'admin'];
export const BUREAU_ADMIN: Allowed = ['bureau', 'admin'];
export const ADMIN: Allowed = ['admin'];
/** Holding and deciding in a session: the bureau alone, not administrators ("An application is decided only by the bureau, in a session that reached quorum"). */
export const BUREAU: Allowed = ['bureau'];
/** The minutes: the bureau, administrators, and members ("Membership grants governance, never service or admin rights": membership opens them). */
export const MINUTES_READERS: Allowed = ['member', 'bureau', 'admin'];

/** One domain's part of the matrix: route → the policy it must name → the roles that may pass it. */
export type Matrix = Record<string, readonly [string, Allowed]>;

/** What one role sends to one route: a valid request, so only the policy can refuse it. */
export interface Request {
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

export interface Actor {
  role: Role;
  id: string | null;
  email: string | null;
  headers: Record<string, string>;
}

/** For each route of a table, the request a role sends: the compiler checks that no route lacks one. */
export type Requests<M> = Record<keyof M, (actor: Actor) => Promise<Request>>;

/** What a table's requests may use: the association, its actors, fresh fixtures, a counter for unique names. */
export type Context = ReturnType<typeof contextOf>;

/** One domain's table: its part of the matrix, and the requests its roles send. */
export interface RouteTable<M extends Matrix = Matrix> {
  matrix: M;
  requests: (context: Context) => Requests<M>;
}

function contextOf(a: TestAssociation, actors: Record<Role, Actor>) {
  let n = 0;

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

  return { a, actors, fixture, self, personForm, next: () => ++n };
}

/**
 * The association the matrix runs on, with one actor per role, built before a file's tests and
 * closed after them; the context is there once the tests run.
 */
export function matrixAssociation(): () => Context {
  let a: TestAssociation | undefined;
  let context: Context | undefined;
  beforeAll(async () => {
    a = await buildAssociation({
      config: { FORGEJO_WEBHOOK_SECRET: FORGEJO_SECRET, GITLAB_WEBHOOK_TOKEN: GITLAB_TOKEN, WEBHOOK_SECRET: 'webhook-secret-for-tests-1234' },
    });
    const actors = {} as Record<Role, Actor>;
    for (const role of roles) {
      const { id, headers } = await a.actingAs(role);
      const email = id ? (await a.services.people.get(system, id)).email : null;
      actors[role] = { role, id, email, headers };
    }
    context = contextOf(a, actors);
  });
  afterAll(async () => {
    await a?.close();
  });
  return () => context!;
}

/**
 * Sends a request as a role: API calls and pages with the role's Bearer token (a token needs no
 * form token, see hooks.ts); an anonymous form goes through a browser that read the form token.
 */
export async function send(a: TestAssociation, actor: Actor, req: Request): Promise<LightMyRequestResponse> {
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
export const refused = (res: LightMyRequestResponse) => res.statusCode === 401 || res.statusCode === 403 || isLoginRedirect(res);

/**
 * Walks the tables given: for each route a test, in which every role sends its request and is let
 * through or refused as the table says. A refused page sends the anonymous visitor to the login
 * page and shows the others a 403 page; a refused API call answers problem+json.
 */
export function checkRoutes(name: string, ...tables: RouteTable[]): void {
  describe(`role × route matrix: ${name} (${dialectUnderTest})`, () => {
    const context = matrixAssociation();
    const matrix: Matrix = Object.assign({}, ...tables.map((t) => t.matrix));
    let requests: Requests<Matrix>;
    beforeAll(() => {
      requests = Object.assign({}, ...tables.map((t) => t.requests(context())));
    });

    it.each(Object.keys(matrix))('%s', async (key) => {
      const { a, actors } = context();
      const [, allowed] = matrix[key];
      const page = a.routes.find((r) => `${r.method} ${r.url}` === key)?.page ?? false;
      for (const role of roles) {
        const actor = actors[role];
        const req = await requests[key](actor);
        const res = await send(a, actor, req);
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
  });
}
