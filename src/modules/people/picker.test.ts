import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';

describe(`Person pickers (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  async function signedIn() {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    return browser;
  }

  it('person pickers search names as typed, ignoring case and accents, from the third character', async () => {
    a = await buildAssociation();
    await a.person({ displayName: 'Élodie Dupont' });
    await a.person({ displayName: 'Bruno Martin' });
    const browser = await signedIn();
    expect((await browser.get('/people/picker?person=el')).body).toContain('Tapez au moins trois lettres.');
    const found = await browser.get('/people/picker?person=ELO');
    expect(found.body).toContain('Élodie Dupont');
    expect(found.body).not.toContain('Bruno Martin');
    expect(found.body).not.toContain('<html');
    expect((await browser.get('/people/picker?person=dupônt')).body).toContain('Élodie Dupont');
    const json = await a.app.inject({ method: 'GET', url: '/people/picker?q=elod', headers: { ...a.admin.headers, accept: 'application/json' } });
    expect(json.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(['Élodie Dupont']);
    // The team page's field asks for these matches as one types (htmx), and works as a plain form without it.
    const team = await browser.get('/teams/technique');
    expect(team.body).toMatch(/<input id="field-person" name="person" type="search"[^>]*hx-get="\/people\/picker\?field=person"/);
  });

  it('a roster is filled by typing a name: one match is added, several are offered to choose from, none offers to create the person', async () => {
    a = await buildAssociation();
    const elodie = await a.person({ displayName: 'Élodie Dupont' });
    await a.person({ displayName: 'Marc Dupond' });
    const browser = await signedIn();
    await browser.get('/teams/technique');
    const added = await browser.post('/teams/technique/members', { person: 'elodie', role: 'member' });
    expect(added.statusCode).toBe(303);
    expect((await a.services.teams.get(system, 'technique')).roster.map((r) => r.personId)).toContain(elodie.id);

    await browser.get('/teams/communaute');
    const several = await browser.post('/teams/communaute/members', { person: 'dupon', role: 'member' });
    expect(several.statusCode).toBe(400);
    expect(several.body).toContain('Plusieurs personnes correspondent');
    expect(several.body).toMatch(/<input id="person-pick-\d" type="radio" name="personId" value="[^"]+"\/>Marc Dupond/);
    const marc = /value="([^"]+)"\/>Marc Dupond/.exec(several.body)![1];
    expect((await browser.post('/teams/communaute/members', { person: 'dupon', personId: marc, role: 'member' })).statusCode).toBe(303);

    const none = await browser.post('/teams/communaute/members', { person: 'Zoé Nouvelle', role: 'member' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="/people/new?displayName=Zo%C3%A9%20Nouvelle"');
    expect((await browser.get('/people/new?displayName=Zo%C3%A9%20Nouvelle')).body).toContain('value="Zoé Nouvelle"');
  });

  it('a picker of members offers today’s members only, never to create a person, and only to those who may read the register', async () => {
    a = await buildAssociation();
    await a.person({ displayName: 'A member, former' });
    const member = await a.actingAs('member');
    const json = (url: string, headers: Record<string, string>) => a.app.inject({ method: 'GET', url, headers: { ...headers, accept: 'application/json' } });
    const everyone = await json('/people/picker?q=a%20member', a.admin.headers);
    expect(everyone.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(['A member', 'A member, former']);
    const members = await json('/people/picker?q=a%20member&members=true', a.admin.headers);
    expect(members.json().items).toEqual([{ id: member.id, displayName: 'A member' }]);
    const browser = await signedIn();
    const none = await browser.get('/people/picker?field=item-person&members=true&person=zoe');
    expect(none.body).toContain('Aucun·e membre ne s’appelle « zoe ».');
    expect(none.body).not.toContain('/people/new');
    // A contributor may search the directory, not learn from it who is a member.
    const contributor = await a.actingAs('contributor');
    expect((await json('/people/picker?q=a%20member', contributor.headers)).statusCode).toBe(200);
    expect((await json('/people/picker?q=a%20member&members=true', contributor.headers)).statusCode).toBe(403);
  });

  it('a bureau office is given by picking a name', async () => {
    a = await buildAssociation();
    const elodie = await a.person({ displayName: 'Élodie Dupont' });
    const browser = await signedIn();
    await browser.get('/bureau');
    const done = await browser.post('/bureau/offices', { person: 'ÉLODIE', office: 'secretary' });
    expect(done.statusCode).toBe(303);
    expect((await a.services.bureau.current()).map((o) => [o.personId, o.office])).toContainEqual([elodie.id, 'secretary']);
  });
});
