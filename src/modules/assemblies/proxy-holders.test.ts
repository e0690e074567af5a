import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { countStatements } from '../../../test/statements.js';
import { newPersonRow } from '../people/rules.js';

/**
 * A voter's proxy holder is searched by name among the assembly's other voters, on the assembly's
 * page and on the personal link, never listed whole: the search names nobody else.
 */
describe(`whom a proxy goes to, searched among the voters (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  async function member(displayName: string) {
    const p = await a.person({ displayName });
    const now = a.clock.now();
    await a.database.db
      .insertInto('memberships')
      .values({
        id: `m-${p.id}`,
        person_id: p.id,
        status: 'active',
        since: '2025-01-01',
        until: null,
        decision_id: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    return p;
  }

  /** Three members named Martin (Chloé gives her proxy), Dana Martin a contributor without a vote, Émile Martin not invited. */
  async function convened() {
    const chloe = await member('Chloé Martin');
    const bruno = await member('Bruno Martin');
    const berenice = await member('Bérénice Martin');
    const dana = await a.person({ displayName: 'Dana Martin' });
    await a.services.teams.addToRoster(system, 'communaute', dana.id, 'member');
    const emile = await a.person({ displayName: 'Émile Martin' });
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt: '2026-04-01T16:30:00.000Z' });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    await a.services.assemblies.convene(system, assembly.id, { force: true, reason: 'test' });
    const tokenOf = async (personId: string) => {
      const row = await a.database.db
        .selectFrom('assembly_invitees')
        .select('id')
        .where('assembly_id', '=', assembly.id)
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      return a.services.assemblies.rsvpToken(row.id);
    };
    return { id: assembly.id, chloe, bruno, berenice, dana, emile, tokenOf };
  }

  const json = { accept: 'application/json' };
  const namesIn = (body: string) => (JSON.parse(body) as { items: { displayName: string }[] }).items.map((i) => i.displayName);

  it('finds the other voters only, on the page and by the personal link, and refuses anyone else', async () => {
    const { id, chloe, bruno, dana, emile, tokenOf } = await convened();
    const asChloe = await a.bearer(chloe.id);
    const search = (url: string, headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers });

    // Chloé's page offers a search, not a list of the voters.
    const page = await search(`/assemblies/${id}`, { ...asChloe, accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`hx-get="/assemblies/${id}/proxy-holders?field=proxy-holderId"`);
    expect(page.body).not.toContain('Bruno Martin');
    expect(page.body).not.toContain('<option');

    // Everyone is a Martin: the search finds the two other voters, not Chloé herself, not Dana (no vote), not Émile (not invited).
    const found = await search(`/assemblies/${id}/proxy-holders?person=martin`, { ...asChloe, ...json });
    expect(found.statusCode).toBe(200);
    expect(namesIn(found.body)).toEqual(['Bérénice Martin', 'Bruno Martin']);
    const fragment = await search(`/assemblies/${id}/proxy-holders?field=proxy-holderId&person=BRUNO`, { ...asChloe, accept: 'text/html' });
    expect(fragment.body).toContain(`name="holderId" value="${bruno.id}"`);
    expect(fragment.body).not.toContain('personId');
    const nobody = await search(`/assemblies/${id}/proxy-holders?person=dana`, { ...asChloe, accept: 'text/html' });
    expect(nobody.body).toContain('Aucun·e autre votant·e de cette assemblée ne s’appelle « dana ».');
    expect(nobody.body).not.toContain('Créer la personne');
    expect((await search(`/assemblies/${id}/proxy-holders?person=ma`, { ...asChloe, accept: 'text/html' })).body).toContain('Tapez au moins trois lettres.');

    // The personal link searches the same voters, for its own invitee.
    const token = await tokenOf(chloe.id);
    expect(namesIn((await search(`/assemblies/rsvp/${token}/proxy-holders?person=martin`, json)).body)).toEqual(['Bérénice Martin', 'Bruno Martin']);
    const link = await search(`/assemblies/rsvp/${token}`, { accept: 'text/html' });
    expect(link.body).toContain(`hx-get="/assemblies/rsvp/${token}/proxy-holders?field=proxy-holderId"`);
    expect(link.body).not.toContain('Bruno Martin');

    // Who has no proxy to give learns no name: a wrong link, a contributor without a vote, someone not invited.
    const forged = await search(`/assemblies/rsvp/${token.slice(0, -2)}xx/proxy-holders?person=martin`, { accept: 'text/html' });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).not.toContain('Bruno');
    const danaLink = await search(`/assemblies/rsvp/${await tokenOf(dana.id)}/proxy-holders?person=martin`, json);
    expect(danaLink.statusCode).toBe(422);
    expect(danaLink.body).not.toContain('Bruno');
    const danaPage = await search(`/assemblies/${id}/proxy-holders?person=martin`, { ...(await a.bearer(dana.id)), ...json });
    expect(danaPage.statusCode).toBe(422);
    expect(danaPage.body).not.toContain('Bruno');
    const emilePage = await search(`/assemblies/${id}/proxy-holders?person=martin`, { ...(await a.bearer(emile.id)), ...json });
    expect(emilePage.statusCode).toBe(404);
    expect(emilePage.body).not.toContain('Bruno');
    expect((await search(`/assemblies/${id}/proxy-holders?person=${'x'.repeat(201)}`, { ...asChloe, accept: 'text/html' })).statusCode).toBe(400);
  });

  it('takes the holder typed without a script: one voter is given the proxy, several are offered, none is refused', async () => {
    const { chloe, bruno, berenice, dana, tokenOf } = await convened();
    const token = await tokenOf(chloe.id);
    const visitor = a.browser();
    await visitor.get(`/assemblies/rsvp/${token}`);

    const several = await visitor.post(`/assemblies/rsvp/${token}/proxy`, { person: 'martin' });
    expect(several.statusCode).toBe(400);
    expect(several.body).toContain('Plusieurs personnes correspondent');
    expect(several.body).toContain(`name="holderId" value="${berenice.id}"`);
    expect(several.body).toContain(`name="holderId" value="${bruno.id}"`);
    expect(several.body).not.toContain(`value="${chloe.id}"`);

    const none = await visitor.post(`/assemblies/rsvp/${token}/proxy`, { person: 'Dana Martin' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Aucun·e autre votant·e de cette assemblée ne porte ce nom');
    // Chosen by id, a holder without a vote is refused by the proxy's own rules, as before.
    expect((await visitor.post(`/assemblies/rsvp/${token}/proxy`, { holderId: dana.id })).statusCode).toBe(422);
    expect(await a.database.db.selectFrom('assembly_proxies').select('id').execute()).toEqual([]);

    const given = await visitor.post(`/assemblies/rsvp/${token}/proxy`, { person: 'bruno' });
    expect(given.statusCode).toBe(303);
    expect((await visitor.get(`/assemblies/rsvp/${token}`)).body).toContain('Vous avez donné votre pouvoir à Bruno Martin.');

    // Signed in, the same form on the assembly's page: chosen among the matches, then shown with the holder's name.
    const asChloe = await a.bearer(chloe.id);
    const { id } = (await a.database.db.selectFrom('assemblies').select('id').executeTakeFirstOrThrow()) as { id: string };
    const form = (fields: Record<string, string>) =>
      a.app.inject({
        method: 'POST',
        url: `/assemblies/${id}/proxy`,
        headers: { ...asChloe, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await form({ person: 'martin' })).body).toContain(`name="holderId" value="${berenice.id}"`);
    expect((await form({ person: 'martin', holderId: berenice.id })).statusCode).toBe(303);
    const page = await a.app.inject({ method: 'GET', url: `/assemblies/${id}`, headers: { ...asChloe, accept: 'text/html' } });
    expect(page.body).toContain('Vous avez donné votre pouvoir à Bérénice Martin.');
    expect((await form({ holderId: '' })).statusCode).toBe(303);
    expect(await a.database.db.selectFrom('assembly_proxies').select('id').execute()).toEqual([]);
  });

  it('reads as many statements for a voter’s page whatever the number of voters', async () => {
    const { id, chloe } = await convened();
    const asChloe = await a.bearer(chloe.id);
    const statements = countStatements(a);
    const load = async () => {
      statements.reset();
      const res = await a.app.inject({ method: 'GET', url: `/assemblies/${id}`, headers: { ...asChloe, accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      return statements.count;
    };
    // The first request of a token records its use: counted from the second one.
    await load();
    const few = await load();
    // Forty more voters join the assembly (convened as newcomers by the hourly run).
    const now = a.clock.now();
    const rows = Array.from({ length: 40 }, (_, i) => newPersonRow(`p-voter-${i}`, { displayName: `Votant ${i}`, email: `votant.${i}@example.org` }, now));
    await a.database.db.insertInto('people').values(rows).execute();
    await a.database.db
      .insertInto('memberships')
      .values(
        rows.map((r) => ({
          id: `m-${r.id}`,
          person_id: r.id,
          status: 'active',
          since: '2025-01-01',
          until: null,
          decision_id: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .execute();
    await a.services.assemblies.keepConvocationsCurrent();
    expect((await a.database.db.selectFrom('assembly_invitees').select('id').where('assembly_id', '=', id).execute()).length).toBeGreaterThan(40);
    expect(await load()).toBe(few);
  });
});
