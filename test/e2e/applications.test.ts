import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { logOut as openMenuAndLogOut, checkAccessibility, CHROMIUM, hasChromium, startJourney, type Journey } from './browser.js';
import { navLink } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const LINA = { email: 'lina@example.org', password: 'a long and private passphrase', name: 'Lina Martin' };
const NADIA = { email: 'nadia@example.org', password: 'the president keeps the minutes', name: 'Nadia Roussel' };
const BUREAU = [
  { ...NADIA, office: 'president' as const },
  { email: 'omar@example.org', name: 'Omar Petit', office: 'secretary' as const },
  { email: 'rose@example.org', name: 'Rose Lambert', office: 'treasurer' as const },
];
const ZONE = 'Europe/Paris';

/** Today in the association's time zone, plus `days`, as YYYY-MM-DD (what a date field takes). */
function parisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The applications' journey in a real browser: the bureau plans an extra session, a contributor applies
 * and sees the session that will examine the application, the bureau opens the session with
 * quorum, accepts 3-0-0 and closes it; the minutes show the decision, the applicant's pages say
 * "member since" the session's day, and the mail log holds the outcome mail. Every page passes
 * axe-core (no serious or critical issue), and one is checked at phone width.
 */
describe.skipIf(!hasChromium)(`applications journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;
  let adminId: string;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
    const { services } = journey;
    adminId = await services.accounts.setup({
      associationName: 'TeDomum',
      displayName: 'Ada Admin',
      email: ADMIN.email,
      password: ADMIN.password,
      locale: 'fr',
    });
    const lina = await services.people.create(system, { displayName: LINA.name, email: LINA.email });
    // A place on a team makes her an active contributor, who may apply.
    await services.teams.addToRoster(system, 'communaute', lina.id, 'member');
    for (const b of BUREAU) {
      const person = await services.people.create(system, { displayName: b.name, email: b.email });
      await services.bureau.appoint(system, { personId: person.id, office: b.office });
    }
    await journey.setPasswordFromMail(LINA);
    await journey.setPasswordFromMail(NADIA);
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  const nav = (name: string) => ({ click: async () => (await navLink(page, name)).click() });
  const status = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
  const logOut = async () => {
    await openMenuAndLogOut(page);
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
  };
  const mainText = async () => (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');

  it('applies, is accepted 3-0-0 in session, and becomes a member from the session’s day', async () => {
    // The president plans an extra session a week ahead, at 20:00 in the association's time zone.
    const day = parisDay(7);
    await journey.logIn(NADIA);
    await nav('Séances').click();
    await page.getByRole('heading', { level: 1, name: 'Séances du bureau' }).waitFor();
    await journey.audit('sessions, none planned');
    const adhoc = page.getByRole('region', { name: 'Prévoir une séance exceptionnelle' });
    await adhoc.getByLabel('Date').fill(day);
    await adhoc.getByLabel('Heure').fill('20:00');
    await adhoc.getByLabel('Lieu', { exact: true }).fill('Local associatif');
    await adhoc.getByRole('button', { name: 'Prévoir la séance' }).click();
    await status('Séance prévue.');
    await page.getByRole('heading', { level: 1, name: /^Séance du bureau du / }).waitFor();
    await journey.audit('session, planned');
    await logOut();

    const [session] = await journey.services.sessions.list({ when: 'upcoming', limit: 5 });
    // The session's date as the association reads it: the day typed, at 20:00 Paris time.
    const sessionWhen = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE }).format(new Date(session!.scheduledAt));
    expect(sessionWhen).toContain('20:00');
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(session!.scheduledAt))).toBe(day);

    // Lina applies from "Adhésion", and her application's page names the session that will examine it.
    await journey.logIn(LINA);
    await nav('Adhésion').click();
    await page.getByRole('heading', { level: 1, name: 'Adhésion' }).waitFor();
    await page.getByText('Vous n’êtes pas membre.').waitFor();
    await journey.audit('membership, not a member');
    await page.getByRole('button', { name: 'Présenter ma candidature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Présenter ma candidature' }).waitFor();
    await journey.audit('apply form');
    await page.getByLabel('Votre motivation').fill('J’anime la modération du forum depuis un an et je souhaite voter en assemblée générale.');
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/applications/'));
    const applicationUrl = page.url().replace(/\?.*$/, '');
    await status('Candidature envoyée.');
    await page.getByRole('heading', { level: 1, name: 'Votre candidature' }).waitFor();
    expect(await mainText()).toContain(`Examinée à la séance du ${sessionWhen}`);
    await page.getByText('Inscrite à l’ordre du jour', { exact: true }).waitFor();
    await journey.audit('application, scheduled');
    await logOut();

    // The president opens the session with the three present, accepts 3-0-0 and closes it.
    await journey.logIn(NADIA);
    await nav('Séances').click();
    await page.getByRole('table', { name: 'Séances à tenir' }).getByRole('link', { name: sessionWhen }).click();
    await page.getByRole('heading', { level: 1, name: /^Séance du bureau du / }).waitFor();
    await page.getByRole('heading', { level: 3, name: `Candidature de ${LINA.name}` }).waitFor();
    await journey.audit('session, to open');
    const present = page.getByRole('group', { name: 'Membres du bureau présent·es' });
    for (const b of BUREAU) await present.getByRole('checkbox', { name: new RegExp(`^${b.name} `) }).check();
    await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await status('Séance ouverte.');
    expect(await page.getByRole('region', { name: 'Présences' }).innerText()).toMatch(/Quorum : atteint \(3 présent·es, 2 requis·es\)/);
    await journey.audit('session, open');

    const decision = page.getByRole('form', { name: `Décision sur : Candidature de ${LINA.name}` });
    await decision.getByRole('radio', { name: 'acceptée' }).check();
    await decision.getByLabel('Pour').fill('3');
    await decision.getByLabel('Contre').fill('0');
    await decision.getByLabel('Abstentions').fill('0');
    await decision.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await status('Décision enregistrée.');
    const decided = page.getByRole('list', { name: 'Décision' });
    expect((await decided.innerText()).replace(/\s+/g, ' ')).toMatch(/Décision : acceptée.*Votes : 3 pour, 0 contre, 0 abstention/);
    await journey.audit('session, decided');
    await page.getByRole('button', { name: 'Clore la séance' }).click();
    // Closing can't be undone: the confirmation says what becomes final, then it is done.
    await page.getByText('1 décision enregistrée devient définitive').waitFor();
    await journey.audit('confirmation of closing the session');
    await page.getByRole('button', { name: 'Clore la séance' }).click();
    await status('Séance close : le procès-verbal est établi.');
    await journey.audit('session, closed');

    // The minutes show the applicant, the outcome and the votes.
    await page.getByRole('link', { name: 'Procès-verbal', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Procès-verbal de la séance du bureau du / }).waitFor();
    await page.getByRole('heading', { level: 3, name: `1. Candidature de ${LINA.name}` }).waitFor();
    const minutes = await mainText();
    expect(minutes).toContain('Décision : acceptée');
    expect(minutes).toContain('Votes : 3 pour, 0 contre, 0 abstention');
    expect(minutes).toContain('Présent·es (3) :');
    for (const b of BUREAU) expect(minutes).toContain(b.name);
    await journey.audit('minutes');
    await logOut();

    // Opened before its planned day, the session was held today: its date became the day it was
    // opened, and that is the day Lina's membership starts from.
    const held = await journey.services.sessions.get(session!.id);
    const heldWhen = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE }).format(new Date(held.scheduledAt));
    const heldOn = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(held.scheduledAt));
    expect(heldOn).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date()));
    const heldDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${heldOn}T00:00:00Z`));

    // Lina is a member from the session's day, on her membership page and on her application's.
    await journey.logIn(LINA);
    await nav('Adhésion').click();
    await page.getByRole('heading', { level: 1, name: 'Adhésion' }).waitFor();
    await page.getByText(`Membre depuis le ${heldDay}`, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Présenter ma candidature' }).count()).toBe(0);
    await journey.audit('membership, member');
    await page
      .getByRole('region', { name: 'Vos candidatures précédentes' })
      .getByRole('link', { name: /^Voir la candidature du / })
      .click();
    await page.waitForURL(applicationUrl);
    await page.getByRole('heading', { level: 1, name: 'Votre candidature' }).waitFor();
    const application = await mainText();
    expect(application).toContain(`Décidée à la séance du ${heldWhen}`);
    expect(application).toContain(`Membre depuis le ${heldDay}`);
    // The votes are the bureau's: the applicant reads the outcome, not who voted how.
    expect(application).not.toContain('Votes');
    await journey.audit('application, accepted');

    // At phone width the same page needs no sideways scrolling and stays accessible.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Votre candidature' }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    expect(await checkAccessibility(page, 'application, accepted (375 px)')).toEqual([]);

    // The mail log, as the administrator reads it through the API, holds the outcome mail; its
    // text is the applicant's and the bureau's (applications are private to them), read here where the mail leaves from.
    const { token } = await journey.services.accounts.createToken(adminId, 'journey');
    const response = await fetch(`${journey.baseUrl}/api/v1/mail?to=${encodeURIComponent(LINA.email)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const mails = ((await response.json()) as { items: { kind: string; subject: string; body: string; bodyWithheld: boolean }[] }).items;
    const logged = mails.filter((m) => m.kind === 'application_accepted');
    expect(logged).toEqual([expect.objectContaining({ subject: 'Bienvenue parmi les membres de TeDomum', body: '', bodyWithheld: true })]);
    const outcome = await journey.database.db
      .selectFrom('mail_log')
      .select(['subject', 'body_text as body'])
      .where('to_address', '=', LINA.email)
      .where('kind', '=', 'application_accepted')
      .execute();
    expect(outcome).toHaveLength(1);
    expect(outcome[0]!.body).toContain('Le bureau a accepté votre candidature');
    // The session's day as people write it, weekday included ("samedi 5 décembre 2026").
    const sessionDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeZone: ZONE }).format(new Date(held.scheduledAt));
    expect(outcome[0]!.body).toContain(`lors de sa séance du ${sessionDate}`);

    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  }, 90_000);
});
