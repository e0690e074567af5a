import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, stateFingerprint, system, type Browser, type TestAssociation } from './harness.js';
import { mailedLink, mailbox } from './mailbox.js';
import { acceptMembers, seatBureau, type Someone } from './members.js';
import { submitted } from './requests.js';

const PASSWORD = 'a long and private passphrase';

/** Signs `someone` in, in their own browser, with a password set from the reset link mailed to them. */
async function signedIn(a: TestAssociation, someone: { email: string }): Promise<Browser> {
  await a.services.accounts.requestPasswordReset(someone.email, 'http://equipage.test');
  const link = await mailedLink(a, someone.email, /\/password\/reset/);
  await a.services.accounts.resetPassword(link.searchParams.get('token')!, PASSWORD);
  const browser = a.browser();
  expect((await browser.login(someone.email, PASSWORD)).statusCode).toBe(303);
  // The form token of the signed-in session, as the first page after signing in gives it.
  await browser.get('/profile');
  return browser;
}

/** The text a person reads on a page: tags dropped, entities of apostrophes and quotes decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * Acts that can't be undone: the first click shows what will happen, with the counts, and changes
 * nothing; the confirmation does it. The API keeps its rule (no confirmation field).
 */
describe(`acts that can't be undone are confirmed first (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let president: Browser;

  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    president = await signedIn(a, bureau[0]!);
  });
  afterEach(async () => a?.close());

  /** Posts the first click and checks it only asked: 200, a confirmation form, the database unchanged. */
  async function firstClick(url: string, fields: Record<string, string> = {}) {
    const before = await stateFingerprint(a);
    const res = await president.post(url, fields);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.body).toContain('name="confirmed" value="yes"');
    expect(res.body).toMatch(/<button type="submit" class="irreversible">/);
    expect(await stateFingerprint(a)).toBe(before);
    return text(res.body);
  }

  it('closing a session says how many decisions become final, and closes only once confirmed', async () => {
    await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Bérénice Membre' }]);
    const session = await a.database.db.selectFrom('bureau_sessions').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    const page = await president.get(`/bureau/sessions/${session.id}`);
    expect(page.body).toMatch(/class="irreversible">Clore la séance/);

    const shown = await firstClick(`/bureau/sessions/${session.id}/close`);
    expect(shown).toContain('2 décisions enregistrées deviennent définitives');
    expect((await a.services.sessions.get(session.id)).status).toBe('open');

    const done = await president.post(`/bureau/sessions/${session.id}/close`, { confirmed: 'yes' });
    expect(done.statusCode).toBe(303);
    expect((await a.services.sessions.get(session.id)).status).toBe('closed');
  });

  it('sending convocations says how many will be mailed, and mails them only once confirmed', async () => {
    const voters = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Bérénice Membre' }]);
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    const invitees = (await a.services.assemblies.invitees(system, assembly.id)).length;
    expect(invitees).toBeGreaterThanOrEqual(2);

    const shown = await firstClick(`/assemblies/${assembly.id}/convene`);
    expect(shown).toContain(`${invitees} convocations seront envoyées par e-mail`);
    expect(shown).toContain('2 membres y auront voix délibérative');
    expect(shown).toContain(`Envoyer les ${invitees} convocations`);
    const convocations = async () => (await mailbox(a, voters[0]!.email)).filter((m) => m.kind === 'assembly_convocation');
    expect(await convocations()).toEqual([]);

    expect((await president.post(`/assemblies/${assembly.id}/convene`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect(await convocations()).toHaveLength(1);
  });

  it('closing a vote says the result it would give, and closes it only once confirmed', async () => {
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Comptes' });
    const conductor = { ...system, personId: bureau[0]!.id, offices: ['president' as const] };
    await a.services.assemblies.convene(system, assembly.id);
    await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${assembly.id}/open`, headers: bureau[0]!.headers, payload: {} });
    const resolution = await a.services.assemblies.addResolution(conductor, assembly.id, { title: 'Approbation des comptes', majority: 'simple' });
    await a.app.inject({
      method: 'POST',
      url: `/api/v1/assemblies/${assembly.id}/resolutions/${resolution.id}/open`,
      headers: bureau[0]!.headers,
      payload: {},
    });
    const counted = await a.app.inject({
      method: 'POST',
      url: `/api/v1/assemblies/${assembly.id}/resolutions/${resolution.id}/counts`,
      headers: bureau[0]!.headers,
      payload: { for: 0, against: 0, abstain: 0 },
    });
    expect(counted.statusCode, counted.body).toBe(200);

    const shown = await firstClick(`/assemblies/${assembly.id}/resolutions/${resolution.id}/close`);
    expect(shown).toContain('Clore le vote sur « Approbation des comptes »');
    expect(shown).toContain('0 pour, 0 contre, 0 abstention(s)');
    expect(shown).toContain('résolution rejetée');
    expect((await a.services.assemblies.get(system, assembly.id)).resolutions[0]!.status).toBe('open');

    expect((await president.post(`/assemblies/${assembly.id}/resolutions/${resolution.id}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await a.services.assemblies.get(system, assembly.id)).resolutions[0]).toMatchObject({ status: 'closed', result: 'rejected' });

    // Closing the assembly: the minutes and the personal links, said first; done once confirmed.
    const closing = await firstClick(`/assemblies/${assembly.id}/close`);
    expect(closing).toContain('Le procès-verbal sera établi');
    expect(closing).toContain('Les liens personnels cesseront de fonctionner');
    expect((await a.services.assemblies.get(system, assembly.id)).status).toBe('open');
    expect((await president.post(`/assemblies/${assembly.id}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await a.services.assemblies.get(system, assembly.id)).status).toBe('closed');
  });

  it('ending an office names the person and the office, and ends it only once confirmed', async () => {
    const treasurer = (await a.services.bureau.current()).find((o) => o.office === 'treasurer')!;
    const shown = await firstClick(`/bureau/offices/${treasurer.id}/end`);
    expect(shown).toContain('Mettre fin à la fonction de Bureau treasurer (Trésorerie)');
    expect((await a.services.bureau.current()).some((o) => o.id === treasurer.id)).toBe(true);

    expect((await president.post(`/bureau/offices/${treasurer.id}/end`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await a.services.bureau.current()).some((o) => o.id === treasurer.id)).toBe(false);
  });

  it('removing someone from a team names them and the team, and removes them only once confirmed', async () => {
    const lina = await a.person({ displayName: 'Lina Bénévole' });
    await a.services.teams.addToRoster(system, 'communaute', lina.id, 'member');
    const onRoster = async () => (await a.services.teams.get(system, 'communaute')).roster.some((r) => r.personId === lina.id);
    expect((await president.get('/teams/communaute')).body).toMatch(/class="irreversible" aria-label="Retirer Lina Bénévole/);

    const shown = await firstClick(`/teams/communaute/members/${lina.id}/remove`);
    expect(shown).toContain('Retirer Lina Bénévole de l’équipe Communauté');
    expect(shown).toContain('perdra l’accès aux salons');
    expect(await onRoster()).toBe(true);

    expect((await president.post(`/teams/communaute/members/${lina.id}/remove`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect(await onRoster()).toBe(false);
  });

  it('closing a request says it is final, and closes it only once confirmed', async () => {
    const { id, email } = await submitted(a, { subject: 'Mot de passe perdu' });
    const shown = await firstClick(`/requests/${id}/close`);
    expect(shown).toContain('Clore la demande « Mot de passe perdu »');
    expect(shown).toContain(`La demande de ${email} sera close`);
    expect((await a.services.requests.get(system, id)).status).not.toBe('closed');

    expect((await president.post(`/requests/${id}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await a.services.requests.get(system, id)).status).toBe('closed');
    // Already closed: no confirmation promising it, the refusal instead, and nothing changes.
    const before = await stateFingerprint(a);
    expect((await president.post(`/requests/${id}/close`, {})).statusCode).toBe(409);
    expect(await stateFingerprint(a)).toBe(before);
  });

  it('an assembly with an empty agenda cannot be convened, by the API or the page', async () => {
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG vide', scheduledAt });
    const before = await stateFingerprint(a);
    const api = await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${assembly.id}/convene`, headers: bureau[0]!.headers, payload: {} });
    expect(api.statusCode).toBe(422);
    expect(api.json()).toMatchObject({ code: 'empty_agenda' });
    await president.get(`/assemblies/${assembly.id}`);
    const page = await president.post(`/assemblies/${assembly.id}/convene`, {});
    expect(page.statusCode).toBe(422);
    expect(text(page.body)).toContain('L’ordre du jour est vide');
    expect(await stateFingerprint(a)).toBe(before);
  });

  it('the convocation mail carries the full agenda: items, resolutions’ texts, documents’ links, place, video link and how to give a proxy', async () => {
    const [alix] = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }]);
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const assembly = await a.services.assemblies.create(system, {
      kind: 'ordinary',
      title: 'AG 2026',
      scheduledAt,
      location: 'Salle des fêtes',
      videoUrl: 'https://visio.example.org/ag',
    });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral', body: 'Présenté par la présidente' });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Comptes 2026' });
    await a.services.assemblies.addResolution(system, assembly.id, {
      title: 'Approbation des comptes',
      text: 'L’assemblée approuve les comptes 2026.',
      majority: 'simple',
    });
    await a.services.assemblies.addDocument(system, assembly.id, { title: 'Bilan', url: 'https://example.org/bilan.pdf' });
    await a.services.assemblies.convene(system, assembly.id);

    const [mail] = (await mailbox(a, alix!.email)).filter((m) => m.kind === 'assembly_convocation');
    expect(mail!.body).toContain('Lieu : Salle des fêtes — visioconférence : https://visio.example.org/ag');
    expect(mail!.body).toContain('Ordre du jour :\n1. Rapport moral\n   Présenté par la présidente\n2. Comptes 2026');
    expect(mail!.body).toContain('Résolutions soumises au vote :\n1. Approbation des comptes\n   L’assemblée approuve les comptes 2026.');
    expect(mail!.body).toContain('- Bilan : https://example.org/bilan.pdf');
    expect(mail!.body).toContain('Donnez votre pouvoir à un autre membre');
  });
});
