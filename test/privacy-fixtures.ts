/**
 * What the privacy tests build on: people who signed in for real (password set through the mailed
 * link, a browser session, a token), a bureau that holds sessions, and applications placed on an
 * agenda and decided. Test code only.
 */
import { expect } from 'vitest';
import { system, type Browser, type TestAssociation } from './harness.js';
import { anonymous, type Actor } from '../src/platform/auth/actor.js';
import { newId } from '../src/platform/ids.js';
import { createApplicationsRepository } from '../src/modules/applications/repository.js';
import { placeOnAgenda } from '../src/modules/sessions/agenda-placement.js';
import { mailedResetToken } from './mailbox.js';

export const PASSWORD = 'une phrase de passe bien à moi';

export interface Signed {
  id: string;
  email: string;
  displayName: string;
  browser: Browser;
  headers: Record<string, string>;
  actor: Actor;
}

/** A person with a password set through the reset link, signed in in a browser, and an API token. */
export async function signedIn(
  a: TestAssociation,
  person: { displayName: string; email?: string; matrixId?: string; xmppJid?: string; pronouns?: string; pseudonym?: string },
): Promise<Signed> {
  const created = await a.services.people.create(system, {
    displayName: person.displayName,
    email: person.email ?? `${person.displayName.toLowerCase().replace(/[^a-z]+/g, '.')}.${newId().slice(-6)}@example.org`,
    matrixId: person.matrixId,
    xmppJid: person.xmppJid,
    pronouns: person.pronouns,
    pseudonym: person.pseudonym,
  });
  await a.services.accounts.requestPasswordReset(created.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, created.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(created.email, PASSWORD)).statusCode).toBe(303);
  return {
    id: created.id,
    email: created.email,
    displayName: created.displayName,
    browser,
    headers: await a.bearer(created.id),
    actor: { ...anonymous, personId: created.id, displayName: created.displayName },
  };
}

/** A president in office since 2025, as the services see them when they hold a session. */
export async function president(a: TestAssociation, displayName = 'Carole Présidente'): Promise<Actor & { personId: string }> {
  const p = await a.person({ displayName });
  await a.services.bureau.appoint(system, { personId: p.id, office: 'president', since: '2025-01-01' });
  return { ...anonymous, personId: p.id, displayName, office: 'president' };
}

/** An application written straight to its table (the tests are about privacy, not eligibility), on a session's agenda if given. */
export async function applicationOf(a: TestAssociation, personId: string, motivation: string, sessionId: string | null = null): Promise<string> {
  const applications = createApplicationsRepository(a.database.db);
  const id = await applications.submit({ personId, motivation, now: a.clock.now() });
  if (sessionId) await placeOnAgenda(a.database.db, a.database.dialect, (await applications.findById(id))!, sessionId, a.clock.now(), null);
  return id;
}

/**
 * A session at `at` (the clock is set to it) with these applications on its agenda, opened with
 * the president present, each decided as given; closed when `close` is set.
 */
export async function sessionDeciding(
  a: TestAssociation,
  chair: Actor,
  at: string,
  decisions: { personId: string; motivation: string; outcome: 'accepted' | 'rejected' | 'deferred' | null; rationale?: string }[],
  close = true,
): Promise<{ sessionId: string; applicationIds: string[] }> {
  a.clock.set(at);
  const sessionId = (await a.services.sessions.create(system, { scheduledAt: at })).id;
  const applicationIds: string[] = [];
  for (const d of decisions) applicationIds.push(await applicationOf(a, d.personId, d.motivation, sessionId));
  await a.services.sessions.open(chair, sessionId, [chair.personId!]);
  for (const [i, d] of decisions.entries()) {
    if (d.outcome) await a.services.sessions.decide(chair, sessionId, { applicationId: applicationIds[i], outcome: d.outcome, rationale: d.rationale });
  }
  if (close) await a.services.sessions.close(chair, sessionId);
  return { sessionId, applicationIds };
}

/** A membership row as the register holds one (the membership lifecycle is not what these tests are about). */
export async function membershipOf(a: TestAssociation, personId: string, status: 'active' | 'resigned'): Promise<void> {
  const now = a.clock.now();
  await a.database.db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: personId,
      status,
      since: '2025-02-01',
      until: status === 'active' ? null : '2025-09-01',
      ended_reason: status === 'active' ? null : 'resigned',
      decision_id: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}
