import { expect } from 'vitest';
import { system, type TestAssociation } from './harness.js';

/**
 * Members made as the bylaws make them, for tests that need some: a confirmed contribution, an
 * application, and a bureau session that accepts it. The clock is pinned to the session's time.
 */
export interface Someone {
  id: string;
  email: string;
  displayName: string;
  headers: Record<string, string>;
}

export const APPLIED_AT = '2026-01-10T10:00:00.000Z';
export const ACCEPTED_AT = '2026-01-20T19:00:00.000Z';

async function post(a: TestAssociation, url: string, headers: Record<string, string>, payload: object) {
  const res = await a.app.inject({ method: 'POST', url, headers, payload });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

/** Three people on the bureau, enough for its quorum. */
export async function seatBureau(a: TestAssociation): Promise<Someone[]> {
  const bureau: Someone[] = [];
  for (const office of ['president', 'secretary', 'treasurer'] as const) {
    const p = await a.person({ displayName: `Bureau ${office}` });
    // In office well before the sessions the tests hold.
    await a.services.bureau.appoint(system, { personId: p.id, office, since: '2025-01-01' });
    bureau.push({ ...p, headers: await a.bearer(p.id) });
  }
  return bureau;
}

/** People with chat handles as given, each with a contribution, applying, and accepted in one session. */
export async function acceptMembers(
  a: TestAssociation,
  bureau: Someone[],
  people: { displayName: string; matrixId?: string; xmppJid?: string }[],
  at: { appliedAt: string; acceptedAt: string } = { appliedAt: APPLIED_AT, acceptedAt: ACCEPTED_AT },
): Promise<Someone[]> {
  a.clock.set(at.appliedAt);
  const session = await post(a, '/api/v1/bureau/sessions', bureau[0].headers, { scheduledAt: at.acceptedAt });
  const made: Someone[] = [];
  for (const p of people) {
    const created = await a.services.people.create(system, {
      ...p,
      email: `${p.displayName.toLowerCase().replace(/[^a-z]+/g, '.')}.${made.length}.${Date.now()}@example.org`,
    });
    await post(a, '/api/v1/contributions', a.admin.headers, {
      personId: created.id,
      kind: 'moderation',
      occurredOn: at.appliedAt.slice(0, 10),
      summary: 'Modération',
    });
    const headers = await a.bearer(created.id);
    await post(a, '/api/v1/applications', headers, { motivation: 'Je modère le forum' });
    made.push({ id: created.id, email: created.email, displayName: created.displayName, headers });
  }
  a.clock.set(at.acceptedAt);
  await post(a, `/api/v1/bureau/sessions/${session.id}/open`, bureau[0].headers, { presentPersonIds: bureau.map((b) => b.id) });
  const agenda = (await a.app.inject({ method: 'GET', url: `/api/v1/bureau/sessions/${session.id}`, headers: bureau[0].headers })).json().agenda;
  for (const item of agenda)
    await post(a, `/api/v1/bureau/sessions/${session.id}/decisions`, bureau[1].headers, { applicationId: item.applicationId, outcome: 'accepted' });
  return made;
}
