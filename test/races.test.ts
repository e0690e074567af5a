import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from './harness.js';
import { acceptMembers, seatBureau, type Someone } from './members.js';

/**
 * The known races, run truly at once (Promise.all: on PostgreSQL each request takes its own
 * connection from the pool): exactly one winner, and a clean refusal for the others.
 */
const NOW = '2026-12-01T10:00:00.000Z';

describe(`races with one winner (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload: object, headers: Record<string, string>) => a.app.inject({ method: 'POST', url, headers, payload });

  it('one open application per person, even when several are submitted at once', async () => {
    a.clock.set(NOW);
    const p = await a.services.people.create(system, { displayName: 'Hâtive Candidate', email: 'hative@example.org' });
    await a.services.contributions.record(system, { personId: p.id, kind: 'event', occurredOn: '2026-11-30', summary: 'Stand' });
    const headers = await a.bearer(p.id);
    const results = await Promise.all(Array.from({ length: 6 }, () => post('/api/v1/applications', { motivation: 'Je tiens le stand' }, headers)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses, results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('application_already_open');
    const open = await a.database.db.selectFrom('applications').select('id').where('person_id', '=', p.id).execute();
    expect(open).toHaveLength(1);
  });

  describe('proxies', () => {
    let members: Someone[];
    let assemblyId: string;
    beforeEach(async () => {
      members = await acceptMembers(
        a,
        bureau,
        ['Alix', 'Bérénice', 'Chloé', 'Dana', 'Eli', 'Fred'].map((n) => ({ displayName: `${n} Membre` })),
      );
      a.clock.set(NOW);
      const scheduledAt = new Date(Date.parse(NOW) + 30 * 86_400_000).toISOString();
      assemblyId = (await post('/api/v1/assemblies', { kind: 'ordinary', title: 'AG', scheduledAt }, bureau[0].headers)).json().id;
      expect((await post(`/api/v1/assemblies/${assemblyId}/items`, { title: 'Rapport moral' }, bureau[0].headers)).statusCode).toBe(201);
      expect((await post(`/api/v1/assemblies/${assemblyId}/convene`, {}, bureau[0].headers)).statusCode).toBe(200);
    });

    it('a holder never holds more proxies than the bylaws allow, even when they are given at once', async () => {
      const [holder, ...givers] = members;
      const results = await Promise.all(givers.map((g) => post(`/api/v1/assemblies/${assemblyId}/proxy`, { holderId: holder.id }, g.headers)));
      // ASSEMBLY_MAX_PROXIES is 2.
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(2);
      const refused = results.filter((r) => r.statusCode !== 200);
      expect(refused).toHaveLength(givers.length - 2);
      for (const r of refused) expect(r.json().code).toBe('too_many_proxies');
      const held = await a.database.db.selectFrom('assembly_proxies').select('id').where('holder_id', '=', holder.id).execute();
      expect(held).toHaveLength(2);
    });

    it('no chain of proxies, even when A gives to B while B gives to C', async () => {
      const [alix, berenice, chloe] = members;
      const [first, second] = await Promise.all([
        post(`/api/v1/assemblies/${assemblyId}/proxy`, { holderId: berenice.id }, alix.headers),
        post(`/api/v1/assemblies/${assemblyId}/proxy`, { holderId: chloe.id }, berenice.headers),
      ]);
      const statuses = [first.statusCode, second.statusCode].sort();
      expect(statuses, `${first.body}\n${second.body}`).toEqual([200, 422]);
      expect([first, second].find((r) => r.statusCode === 422)!.json().code).toBe('proxy_chain');
      const proxies = await a.database.db.selectFrom('assembly_proxies').select(['giver_id', 'holder_id']).where('assembly_id', '=', assemblyId).execute();
      expect(proxies).toHaveLength(1);
    });
  });
});
