import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, system, type TestAssociation } from './harness.js';
import { acceptMembers, seatBureau } from './members.js';

/** A vote shows what I chose; whether it can be changed until the vote closes is the bylaws' choice (ASSEMBLY_VOTE_CHANGE). */
describe(`changing one's vote (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => a?.close());

  async function votingOn(config: Record<string, string>) {
    a = await buildAssociation({ config });
    const bureau = await seatBureau(a);
    const [alix] = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }]);
    const post = (url: string, payload: object, headers = bureau[0]!.headers) => a.app.inject({ method: 'POST', url, headers, payload });
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const { id } = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG', scheduledAt });
    await a.services.assemblies.addItem(system, id, { title: 'Comptes' });
    await a.services.assemblies.convene(system, id);
    await post(`/api/v1/assemblies/${id}/open`, {});
    await post(`/api/v1/assemblies/${id}/check-in`, { personId: alix!.id });
    const resolution = (await post(`/api/v1/assemblies/${id}/resolutions`, { title: 'Comptes', majority: 'simple' })).json().id as string;
    await post(`/api/v1/assemblies/${id}/resolutions/${resolution}/open`, {});
    const vote = (choice: string) => post(`/api/v1/assemblies/${id}/resolutions/${resolution}/vote`, { choice }, alix!.headers);
    const myChoice = async () => (await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/${id}`, headers: alix!.headers })).json().me.choices[resolution];
    return { vote, myChoice };
  }

  it('a vote can be changed until the vote closes, by default, and shows what I chose', async () => {
    const { vote, myChoice } = await votingOn({});
    expect((await vote('for')).statusCode).toBe(200);
    expect(await myChoice()).toBe('for');
    expect((await vote('against')).statusCode).toBe(200);
    expect(await myChoice()).toBe('against');
  });

  it('a vote cannot be changed when the bylaws say so (ASSEMBLY_VOTE_CHANGE=false): 409 already_voted, the first choice stays', async () => {
    const { vote, myChoice } = await votingOn({ ASSEMBLY_VOTE_CHANGE: 'false' });
    expect((await vote('for')).statusCode).toBe(200);
    expectProblem(await vote('against'), 409, 'already_voted');
    expect(await myChoice()).toBe('for');
  });
});
