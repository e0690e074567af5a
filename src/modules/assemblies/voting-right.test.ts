import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';

/**
 * The right to vote is the membership on the day (check-in, proxy, vote), not the one of the
 * convocation; and an assembly opened before its planned day is held today.
 */
const NOW = '2026-12-01T10:00:00.000Z';
const DAY = 86_400_000;

describe(`voting right on the day, and assemblies held today (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let members: Someone[];

  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    members = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Bérénice Membre' }, { displayName: 'Chloé Membre' }]);
    a.clock.set(NOW);
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload: object = {}, headers = bureau[0].headers) => a.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers = bureau[0].headers) => a.app.inject({ method: 'GET', url, headers });

  async function convened(daysAhead: number): Promise<string> {
    const scheduledAt = new Date(Date.parse(NOW) + daysAhead * DAY).toISOString();
    const res = await post('/api/v1/assemblies', { kind: 'ordinary', title: 'AG 2027', scheduledAt });
    expect(res.statusCode, res.body).toBe(201);
    // A convocation carries its agenda: an assembly with none is not convened.
    expect((await post(`/api/v1/assemblies/${res.json().id}/items`, { title: 'Rapport moral' })).statusCode).toBe(201);
    expect((await post(`/api/v1/assemblies/${res.json().id}/convene`)).statusCode).toBe(200);
    return res.json().id;
  }

  it('a member who resigned after the convocation no longer votes, counts in no quorum, and the proxies they gave or held fall', async () => {
    const id = await convened(20);
    const [alix, berenice, chloe] = members;
    // Chloé gives her proxy to Bérénice, who will resign; Alix will be the one present.
    expect((await post(`/api/v1/assemblies/${id}/proxy`, { holderId: berenice.id }, chloe.headers)).statusCode).toBe(200);
    expect((await post(`/api/v1/people/${berenice.id}/membership/resign`, {}, berenice.headers)).statusCode).toBe(200);

    const invitees = (await get(`/api/v1/assemblies/${id}/invitees`)).json().items as { personId: string; canVote: boolean; proxyHolderId: string | null }[];
    expect(invitees.find((i) => i.personId === berenice.id)?.canVote).toBe(false);
    // The proxy Chloé gave to someone who no longer votes has fallen: she may give it again.
    expect(invitees.find((i) => i.personId === chloe.id)?.proxyHolderId).toBeNull();
    expectProblem(await post(`/api/v1/assemblies/${id}/proxy`, { holderId: berenice.id }, chloe.headers), 422, 'not_a_voter');
    expectProblem(await post(`/api/v1/assemblies/${id}/proxy`, { holderId: alix.id }, berenice.headers), 422, 'not_a_voter');

    a.clock.set(new Date(Date.parse(NOW) + 20 * DAY).toISOString());
    expect((await post(`/api/v1/assemblies/${id}/open`)).statusCode).toBe(200);
    await post(`/api/v1/assemblies/${id}/check-in`, { personId: alix.id });
    const quorum = await post(`/api/v1/assemblies/${id}/check-in`, { personId: berenice.id });
    // Two voters left (Alix, Chloé); Bérénice is present but carries no vote.
    expect(quorum.json()).toMatchObject({ voters: 2, present: 1, represented: 0 });

    const resolution = (await post(`/api/v1/assemblies/${id}/resolutions`, { title: 'Comptes', majority: 'simple' })).json();
    await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/open`);
    expectProblem(await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'for' }, berenice.headers), 422, 'not_a_voter');
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'for' }, alix.headers)).json()).toEqual({ recorded: 1 });
  });

  it('the votes of a closed assembly stay as they stood on its day', async () => {
    const id = await convened(20);
    const [alix, berenice] = members;
    a.clock.set(new Date(Date.parse(NOW) + 20 * DAY).toISOString());
    await post(`/api/v1/assemblies/${id}/open`);
    await post(`/api/v1/assemblies/${id}/check-in`, { personId: alix.id });
    expect((await post(`/api/v1/assemblies/${id}/close`)).statusCode).toBe(200);
    const before = (await get(`/api/v1/assemblies/${id}/quorum`)).json();
    expect((await post(`/api/v1/people/${berenice.id}/membership/resign`, {}, berenice.headers)).statusCode).toBe(200);
    expect((await get(`/api/v1/assemblies/${id}/quorum`)).json()).toEqual(before);
    expect(before.voters).toBe(3);
  });

  it('an assembly opened before its planned day is held today, and its minutes say it was brought forward', async () => {
    const id = await convened(20);
    const planned = (await get(`/api/v1/assemblies/${id}`)).json().scheduledAt as string;
    a.clock.set('2026-12-05T18:00:00.000Z');
    const opened = await post(`/api/v1/assemblies/${id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    const held = (await get(`/api/v1/assemblies/${id}`)).json();
    expect(held).toMatchObject({ scheduledAt: '2026-12-05T18:00:00.000Z', plannedAt: planned });
    const closed = await post(`/api/v1/assemblies/${id}/close`);
    expect(closed.json().minutes).toContain('Assemblée avancée');
    expect(closed.json().minutes).toContain('5 décembre 2026');
  });
});
