import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { mailedResetToken } from '../../../test/mailbox.js';
import { newPersonRow } from '../people/rules.js';

const PASSWORD = 'a long and private passphrase';
const rowsOf = (html: string) => [...html.matchAll(/<tr id="invitee-([^"]+)">/g)].map((m) => m[1]!);
const link = (html: string, rel: 'next' | 'prev') => new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1]?.replace(/&amp;/g, '&');

describe(`the assembly page's invitees, a page at a time (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** 230 members (Élodie Dupont among them), Alice on the bureau (convened as an office holder, without a vote), logged in, and her assembly. */
  async function association(locale: 'fr' | 'en' = 'fr') {
    const now = a.clock.now();
    const names = [...Array.from({ length: 229 }, (_, i) => `Membre ${String(i + 1).padStart(3, '0')}`), 'Élodie Dupont'];
    const rows = names.map((displayName, i) => newPersonRow(`p-invitee-${i}`, { displayName, email: `invitee.${i}@example.org` }, now));
    await a.database.db.insertInto('people').values(rows).execute();
    const membership = (personId: string) => ({
      id: `m-${personId}`,
      person_id: personId,
      status: 'active' as const,
      since: '2025-01-01',
      until: null,
      decision_id: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await a.database.db
      .insertInto('memberships')
      .values(rows.map((r) => membership(r.id)))
      .execute();
    const alice = await a.person({ displayName: 'Alice Présidente', locale });
    await a.services.bureau.appoint(system, { personId: alice.id, office: 'president' });
    await a.services.accounts.requestPasswordReset(alice.email, 'http://equipage.test');
    await a.services.accounts.resetPassword(await mailedResetToken(a, alice.email), PASSWORD);
    const browser = a.browser();
    expect((await browser.login(alice.email, PASSWORD)).statusCode).toBe(303);
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt: '2026-04-01T16:30:00.000Z' });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    await browser.get(`/assemblies/${assembly.id}`);
    return { browser, id: assembly.id, elodie: rows[229]!.id };
  }

  it('shows 100 invitees a page, with links to the pages before and after, and counts everyone', async () => {
    const { browser, id } = await association();
    // Before the convocation: who would be convened, counted whole, shown a page at a time.
    const draft = await browser.get(`/assemblies/${id}`);
    expect(draft.body).toContain('Convoquée aujourd’hui, l’assemblée réunirait 231 personnes, dont 230 avec voix délibérative.');
    expect(rowsOf(draft.body)).toHaveLength(100);
    expect(link(draft.body, 'next')).toBeDefined();
    expect((await browser.post(`/assemblies/${id}/convene`, { confirmed: 'yes' })).statusCode).toBe(303);

    // Membre 229 (last page) gave their proxy to Élodie (first page): each end names the other.
    const [giver, holder] = ['p-invitee-228', 'p-invitee-229'];
    await a.database.db
      .insertInto('assembly_proxies')
      .values({ id: 'proxy-1', assembly_id: id, giver_id: giver, holder_id: holder, created_at: a.clock.now() })
      .execute();

    const first = await browser.get(`/assemblies/${id}`);
    expect(first.body).toContain('231 personnes convoquées, dont 230 avec voix délibérative.');
    expect(first.body).toContain('détient le pouvoir de Membre 229');
    expect(first.body).toContain('Réponses : 0 oui, 0 non, 0 peut-être.');
    expect(link(first.body, 'prev')).toBeUndefined();
    const second = await browser.get(link(first.body, 'next')!);
    const third = await browser.get(link(second.body, 'next')!);
    expect([first, second, third].map((p) => rowsOf(p.body).length)).toEqual([100, 100, 31]);
    expect(link(third.body, 'next')).toBeUndefined();
    // Every invitee once, in the people's order (Élodie, folded, comes first).
    const all = [first, second, third].flatMap((p) => rowsOf(p.body));
    expect(new Set(all).size).toBe(231);
    expect(first.body.indexOf('Élodie Dupont')).toBeLessThan(first.body.indexOf('Membre 001'));
    expect(third.body).toContain('a donné pouvoir à Élodie Dupont');
    // Back from the last page: the same rows as the second.
    const back = await browser.get(link(third.body, 'prev')!);
    expect(rowsOf(back.body)).toEqual(rowsOf(second.body));
    expect(link(back.body, 'next')).toBeDefined();
    const start = await browser.get(link(back.body, 'prev')!);
    expect(rowsOf(start.body)).toEqual(rowsOf(first.body));
    expect(link(start.body, 'prev')).toBeUndefined();
  });

  it('finds an invitee by name at the check-in desk, and comes back to the search after checking them in', async () => {
    const { browser, id, elodie } = await association();
    expect((await browser.post(`/assemblies/${id}/convene`, { confirmed: 'yes' })).statusCode).toBe(303);
    a.clock.set('2026-04-01T16:00:00.000Z');
    await browser.login(
      (await a.database.db.selectFrom('people').select('email').where('display_name', '=', 'Alice Présidente').executeTakeFirstOrThrow()).email,
      PASSWORD,
    );
    await browser.get(`/assemblies/${id}`);
    expect((await browser.post(`/assemblies/${id}/open`, {})).statusCode).toBe(303);

    const found = await browser.get(`/assemblies/${id}?q=${encodeURIComponent('ELODIE dupônt')}`);
    expect(found.body).toContain('<form method="get" action="/assemblies/');
    expect(found.body).toContain('value="ELODIE dupônt"');
    expect(rowsOf(found.body)).toEqual([elodie]);
    expect(found.body).toContain('231 personnes convoquées');
    expect(found.body).toContain('<input type="hidden" name="q" value="ELODIE dupônt"/>');
    const checked = await browser.post(`/assemblies/${id}/check-in`, { personId: elodie, present: 'true', q: 'ELODIE dupônt' });
    expect(String(checked.headers.location)).toBe(`/assemblies/${id}?notice=notice.assemblyCheckedIn&q=ELODIE+dup%C3%B4nt#invitee-${elodie}`);
    const after = await browser.get(String(checked.headers.location).split('#')[0]!);
    expect(rowsOf(after.body)).toEqual([elodie]);
    // The quorum counts everyone, whatever the page: one present of 230 voters.
    expect(after.body).toContain('Présent·es : 1 ; représenté·es : 0 ; soit 1 pour');
    expect(after.body).toContain('(230 votant·es convoqué·es)');

    const nobody = await browser.get(`/assemblies/${id}?q=zorro`);
    expect(rowsOf(nobody.body)).toEqual([]);
    expect(nobody.body).toContain('Personne parmi les convoqué·es ne s’appelle « zorro ».');
    expect((await browser.get(`/assemblies/${id}?after=not-a-cursor`)).statusCode).toBe(400);
  });

  it('says it in English to a bureau member who reads English', async () => {
    const { browser, id } = await association('en');
    const draft = await browser.get(`/assemblies/${id}?q=zorro`);
    expect(draft.body).toContain('Find an invitee');
    expect(draft.body).toContain('No invitee is called “zorro”.');
    expect(draft.body).toContain('Convened today, the assembly would gather 231 people, 230 of them with a vote.');
    const page = await browser.get(`/assemblies/${id}`);
    expect(page.body).toContain('rel="next">Next page</a>');
    expect((await browser.get(link(page.body, 'next')!)).body).toContain('rel="prev">Previous page</a>');
  });

  it('gives the invitees to the API whole, or a page at a time with a search', async () => {
    const { id } = await association();
    await a.services.assemblies.convene(system, id, { force: true, reason: 'test' });
    const get = (query: string) => a.app.inject({ method: 'GET', url: `/api/v1/assemblies/${id}/invitees${query}`, headers: a.admin.headers });
    const whole = (await get('')).json();
    expect(whole.items).toHaveLength(231);
    const first = (await get('?limit=200')).json();
    expect(first.items).toHaveLength(200);
    expect(first.previousCursor).toBeNull();
    const rest = (await get(`?limit=200&cursor=${first.nextCursor}`)).json();
    expect(rest.items).toHaveLength(31);
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((i: { personId: string }) => i.personId)).toEqual(whole.items.map((i: { personId: string }) => i.personId));
    expect((await get('?q=elodie')).json().items.map((i: { displayName: string }) => i.displayName)).toEqual(['Élodie Dupont']);
    expect((await get('?limit=0')).statusCode).toBe(400);
    expect((await get('?cursor=nope')).statusCode).toBe(400);
  });
});
