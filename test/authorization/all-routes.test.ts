/**
 * The matrix as a whole: the tables of routes/ together name every route of the app with the
 * policy it names, and what membership opens beside the rest (harness.ts says how the matrix works).
 */
import { describe, expect, it } from 'vitest';
import { dialectUnderTest, type Role } from '../harness.js';
import { matrixAssociation, send } from './harness.js';
import { matrix, requestsFor, tables, type RouteKey } from './index.js';

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

describe(`role × route matrix (${dialectUnderTest})`, () => {
  const context = matrixAssociation();

  it('lists every route of the app, each with the policy it names, and no route that is gone', () => {
    const { a } = context();
    const actual = Object.fromEntries(a.routes.map((r) => [`${r.method} ${r.url}`, r.policy]));
    const expected = Object.fromEntries(Object.entries(matrix).map(([key, [policy]]) => [key, policy]));
    const missing = Object.keys(actual).filter((k) => !(k in expected));
    const gone = Object.keys(expected).filter((k) => !(k in actual));
    expect(missing, 'routes without an expected-permissions entry in this matrix').toEqual([]);
    expect(gone, 'matrix entries for routes that no longer exist').toEqual([]);
    expect(actual).toEqual(expected);
    // A route in two tables would be walked twice and its second entry would hide the first.
    const entries = Object.values(tables).reduce((sum, table) => sum + Object.keys(table.matrix).length, 0);
    expect(entries, 'routes listed in more than one table').toBe(Object.keys(matrix).length);
  });

  it('GET /api/v1/me is 401 problem+json for an anonymous visitor and names the roles of the others', async () => {
    const { a, actors } = context();
    const anon = await a.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anon.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    const lead = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: actors.lead.headers });
    expect(lead.json().roles).toEqual(['person', 'contributor', 'lead']);
    expect(lead.json().teams).toEqual([{ slug: 'technique', role: 'lead' }]);
  });

  it('a member opens no administrative or bureau action ("Membership grants governance, never service or admin rights")', async () => {
    const { a, actors } = context();
    const requests = requestsFor(context());
    const guarded = (Object.keys(matrix) as RouteKey[]).filter((key) => ADMIN_OR_BUREAU_ACTIONS.includes(matrix[key][0]));
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    for (const key of guarded) {
      const res = await send(a, actors.member, await requests[key](actors.member));
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
