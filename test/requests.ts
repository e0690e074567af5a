import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { system, type TestAssociation } from './harness.js';
import { createRequestsRepository } from '../src/modules/requests/repository.js';
import { createMailRepository } from '../src/platform/mail/repository.js';
import { keysOf } from '../src/platform/auth/keys.js';

/** Someone on a team roster (or the bureau), with the Bearer header that acts as them. */
export interface Teammate {
  id: string;
  email: string;
  displayName: string;
  headers: Record<string, string>;
}

export async function onTeam(a: TestAssociation, team: 'communaute' | 'technique', role: 'member' | 'lead', displayName: string): Promise<Teammate> {
  const p = await a.person({ displayName });
  await a.services.teams.addToRoster(system, team, p.id, role);
  return { ...p, headers: await a.bearer(p.id) };
}

export async function inBureau(a: TestAssociation, displayName: string): Promise<Teammate> {
  const p = await a.person({ displayName });
  await a.services.bureau.appoint(system, { personId: p.id, office: 'member' });
  return { ...p, headers: await a.bearer(p.id) };
}

export function http(a: TestAssociation) {
  return {
    get: (url: string, headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload: object = {}, headers: Record<string, string> = {}) => a.app.inject({ method: 'POST', url, headers, payload }),
    page: (url: string, headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers: { ...headers, accept: 'text/html' } }),
  };
}

let serial = 0;

/** Submits a request through the public API and returns its id (201 expected). */
export async function submitted(a: TestAssociation, body: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
  const email = (body.email as string | undefined) ?? `requester.${++serial}@example.org`;
  const res = await http(a).post('/api/v1/requests', {
    email,
    category: 'question',
    subject: `Question ${++serial}`,
    message: 'Comment changer mon mot de passe ?',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, email };
}

/** The private link's token of a request, as its mail carries it. */
export async function tokenOf(a: TestAssociation, id: string): Promise<string> {
  const r = await createRequestsRepository(a.database.db).findById(id);
  return a.services.requests.followToken(r!);
}

/**
 * The last mail to this address, as its recipient gets it (test/mailbox.ts: secret links in
 * place; the administrators' view withholds them, and mails about moderation reports altogether).
 */
export async function lastMailTo(a: TestAssociation, to: string) {
  const row = await a.database.db
    .selectFrom('mail_log')
    .select(['id', 'kind', 'to_address', 'person_id', 'locale', 'status'])
    .where('to_address', '=', to.trim().toLowerCase())
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const received = (await createMailRepository(a.database.db, keysOf(a.config)).forDelivery(row.id))!;
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    personId: row.person_id,
    subject: received.subject,
    body: received.body,
    locale: row.locale,
    status: row.status,
  };
}

export const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  return res.json();
};
