import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, system, type Browser, type TestAssociation } from '../../../test/harness.js';
import { translator } from '../../platform/i18n/index.js';
import { addDays } from '../../platform/time.js';
import { mailedResetToken } from '../../../test/mailbox.js';

const today = '2026-03-10';
const PASSWORD = 'a long and private passphrase';
const fr = translator('fr');

/** A fresh person who set a password through the mailed reset link, logged in in their own browser. */
async function loggedIn(a: TestAssociation, displayName: string, team?: { slug: string; role: 'member' | 'lead' }) {
  const p = await a.person({ displayName });
  if (team) await a.services.teams.addToRoster(system, team.slug, p.id, team.role);
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  const res = await browser.login(p.email, PASSWORD);
  expect(res.statusCode).toBe(303);
  return { ...p, browser };
}

/** Where a redirect leads, as a browser goes there (without the fragment, which stays in the browser). */
async function follow(browser: Browser, location: unknown) {
  return browser.get(String(location).split('#')[0]);
}

function mailsTo(a: TestAssociation, personId: string) {
  return a.database.db.selectFrom('mail_log').select(['subject', 'body_text']).where('person_id', '=', personId).orderBy('id').execute();
}

describe(`contribution pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(`${today}T10:00:00.000Z`);
  });
  afterEach(async () => {
    await a?.close();
  });

  it('a person declares in the form, waits for confirmation, a lead confirms from the queue, and the person is active for a year', async () => {
    const lina = await loggedIn(a, 'Lina Déclarante');
    const form = await lina.browser.get('/contributions/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<a href="/contributions/new" aria-current="page">Contributions</a>');
    expect(form.body).toContain('<option value="requests">Gestion des demandes</option>');
    expect(form.body).toContain(`name="occurredOn" type="date" value="${today}"`);
    // Only those who review may record for someone else.
    expect(form.body).not.toContain('name="email"');

    const occurredOn = addDays(today, -9);
    const sent = await lina.browser.post('/contributions/new', {
      kind: 'moderation',
      occurredOn,
      summary: 'Modération du forum pendant les vacances',
      teamSlug: 'communaute',
      evidenceUrl: 'https://forum.example.org/t/42',
      amount: '',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/people/${lina.id}?notice=notice.contributionDeclared#contributions`);
    const mine = await follow(lina.browser, sent.headers.location);
    expect(mine.body).toContain("Contribution déclarée : elle attend la confirmation d'un·e responsable d'équipe ou du bureau.");
    expect(mine.body).toContain('Modération du forum pendant les vacances');
    expect(mine.body).toContain('en attente de confirmation');
    expect(mine.body).toContain('<a href="https://forum.example.org/t/42" rel="nofollow noopener noreferrer">lien</a>');
    expect(mine.body).toContain('<strong>Inactif·ve</strong>');
    expect(mine.body).toContain('1 contribution déclarée attend une confirmation.');

    // A lead of Technique has nothing to do with it; a lead of Communauté has it in their queue.
    const other = await loggedIn(a, 'Tom Technique', { slug: 'technique', role: 'lead' });
    expect((await other.browser.get('/contributions/review')).body).toContain('Aucune contribution en attente.');
    const lead = await loggedIn(a, 'Léa Responsable', { slug: 'communaute', role: 'lead' });
    const declareAsLead = await lead.browser.get('/contributions/new');
    expect(declareAsLead.body).toContain('<a href="/contributions/review">1 contribution attend votre confirmation</a>');
    const queue = await lead.browser.get('/contributions/review');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Modération du forum pendant les vacances');
    expect(queue.body).toContain('Lina Déclarante');
    const id = /action="\/contributions\/([^/"]+)\/confirm"/.exec(queue.body)![1];
    const confirmed = await lead.browser.post(`/contributions/${id}/confirm`, {});
    expect(confirmed.statusCode).toBe(303);
    const after = await follow(lead.browser, confirmed.headers.location);
    expect(after.body).toContain('Contribution confirmée ; la personne en est prévenue par e-mail.');
    expect(after.body).toContain('Aucune contribution en attente.');

    // The declarer is told, and is now active until the day of the contribution + the window.
    expect((await mailsTo(a, lina.id)).map((m) => m.subject)).toContain('Votre contribution a été confirmée');
    const activeUntil = addDays(occurredOn, 365);
    expect(activeUntil).toBe('2027-03-01');
    const page = await lina.browser.get(`/people/${lina.id}`);
    expect(page.body).toContain(`<strong>Contributeur·rice actif·ve jusqu'au ${fr.date(activeUntil)}</strong>`);
    expect(page.body).toContain('1 contribution confirmée sur les 365 derniers jours (il en faut 1).');
    expect(page.body).toContain('confirmée');
    expect(page.body).not.toContain('en attente de confirmation');
  });

  it('refuses a rejection without a reason on the queue itself, then tells the declarer the reason', async () => {
    const sam = await a.person({ displayName: 'Sam Déclarant' });
    const { contribution } = await a.services.contributions.record(
      { ...system, isAdmin: false, personId: sam.id },
      { kind: 'development', occurredOn: addDays(today, -2), summary: 'Correctif du thème', teamSlug: 'technique' },
    );
    const lead = await loggedIn(a, 'Léo Responsable', { slug: 'technique', role: 'lead' });
    await lead.browser.get('/contributions/review');

    const refused = await lead.browser.post(`/contributions/${contribution.id}/reject`, { reason: '   ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toMatch(new RegExp(`id="field-reason-${contribution.id}"[^>]*aria-invalid="true"`));
    expect(refused.body).toContain('Ce champ est obligatoire.');
    // Still in the queue, still declared, nobody mailed.
    expect(refused.body).toContain('Correctif du thème');
    expect((await a.services.contributions.get(system, contribution.id)).status).toBe('declared');
    expect(await mailsTo(a, sam.id)).toEqual([]);

    const rejected = await lead.browser.post(`/contributions/${contribution.id}/reject`, { reason: 'Déjà comptée dans la migration' });
    expect(rejected.statusCode).toBe(303);
    expect((await follow(lead.browser, rejected.headers.location)).body).toContain('Contribution rejetée');
    const mail = (await mailsTo(a, sam.id)).find((m) => m.subject === "Votre contribution n'a pas été retenue");
    expect(mail?.body_text).toContain('Déjà comptée dans la migration');
    const page = await lead.browser.get(`/people/${sam.id}`);
    expect(page.body).toContain('rejetée : Déjà comptée dans la migration');
    expect(page.body).toContain('Aucune contribution confirmée pour le moment.');
  });

  it('shows the form again with each mistake beside its field, values kept, and records nothing', async () => {
    const nour = await loggedIn(a, 'Nour Pressée');
    await nour.browser.get('/contributions/new');
    const res = await nour.browser.post('/contributions/new', {
      kind: 'event',
      occurredOn: addDays(today, 1),
      summary: 'Stand au festival',
      teamSlug: '',
      evidenceUrl: 'javascript:alert(1)',
      amount: '20',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toMatch(/name="summary" type="text" value="Stand au festival"/);
    expect(res.body).toContain('<option value="event" selected>Événement</option>');
    expect(res.body).toMatch(/<small id="field-occurredOn-error" class="field-error">Une contribution ne peut pas être dans le futur\.<\/small>/);
    expect(res.body).toMatch(/<small id="field-evidenceUrl-error" class="field-error">Un lien commence par http:\/\/ ou https:\/\/\.<\/small>/);
    expect(res.body).toMatch(/<small id="field-amount-error" class="field-error">Seuls les dons ont un montant\.<\/small>/);
    expect(res.body).not.toMatch(/id="field-summary"[^>]*aria-invalid/);
    expect((await a.services.contributions.list(system, { personId: nour.id })).items).toEqual([]);
  });

  it('lets the bureau record a donation for someone by email, confirmed at once, its amount seen by the bureau only', async () => {
    const bureau = await loggedIn(a, 'Basile Trésorier');
    await a.services.bureau.appoint(system, { personId: bureau.id, office: 'treasurer' });
    const donor = await a.person({ displayName: 'Dora Donatrice' });
    const form = await bureau.browser.get('/contributions/new');
    expect(form.body).toContain('name="email"');
    const bad = await bureau.browser.post('/contributions/new', {
      kind: 'donation',
      occurredOn: today,
      summary: 'Don annuel',
      email: donor.email,
      amount: '12,5,0',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<small id="field-amount-error" class="field-error">Un montant en euros, par exemple 20 ou 12,50\.<\/small>/);
    const unknown = await bureau.browser.post('/contributions/new', {
      kind: 'donation',
      occurredOn: today,
      summary: 'Don annuel',
      email: 'personne@example.org',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("Aucune personne n'a cette adresse e-mail.");

    const sent = await bureau.browser.post('/contributions/new', {
      kind: 'donation',
      occurredOn: today,
      summary: 'Don annuel',
      email: donor.email,
      amount: '12,50',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/people/${donor.id}?notice=notice.contributionRecorded#contributions`);
    const [donation] = (await a.services.contributions.list({ ...system, office: 'treasurer' }, { personId: donor.id })).items;
    expect(donation).toMatchObject({ status: 'confirmed', amountCents: 1250, recordedBy: bureau.id });
    const seenByBureau = await follow(bureau.browser, sent.headers.location);
    expect(seenByBureau.body).toContain('Contribution enregistrée et confirmée.');
    expect(seenByBureau.body).toMatch(/Don \(12,50\s€\)/);
    expect(seenByBureau.body).toContain(`Contributeur·rice actif·ve jusqu'au ${fr.date(addDays(today, 365))}`);

    const contributor = await loggedIn(a, 'Coline Communauté', { slug: 'communaute', role: 'member' });
    const seenByContributor = await contributor.browser.get(`/people/${donor.id}`);
    expect(seenByContributor.body).toContain('Don');
    expect(seenByContributor.body).not.toContain('12,50');
    expect(seenByContributor.body).not.toContain('Don annuel');
  });

  it("lets a lead record someone else's contribution only for their own team", async () => {
    const lead = await loggedIn(a, 'Léon Responsable', { slug: 'technique', role: 'lead' });
    const helper = await a.person({ displayName: 'Hugo Aidant' });
    await lead.browser.get('/contributions/new');
    const fields = { kind: 'administration', occurredOn: today, summary: 'Renouvellement des certificats', email: helper.email };
    for (const teamSlug of ['', 'communaute']) {
      const refused = await lead.browser.post('/contributions/new', { ...fields, teamSlug });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain("Pour quelqu'un d'autre, vous ne pouvez enregistrer une contribution que dans une équipe dont vous êtes responsable.");
      expect(refused.body).toContain('value="Renouvellement des certificats"');
    }
    expect((await a.services.contributions.list(system, { personId: helper.id })).items).toEqual([]);
    const recorded = await lead.browser.post('/contributions/new', { ...fields, teamSlug: 'technique' });
    expect(recorded.statusCode).toBe(303);
    const [c] = (await a.services.contributions.list(system, { personId: helper.id })).items;
    expect(c).toMatchObject({ status: 'confirmed', teamSlug: 'technique', reviewedBy: lead.id });
  });

  it('filters the directory by activity', async () => {
    const active = await a.person({ displayName: 'Alix Active' });
    const inactive = await a.person({ displayName: 'Ines Inactive' });
    await a.services.contributions.record(system, { personId: active.id, kind: 'moderation', occurredOn: addDays(today, -10), summary: 'Modération' });
    await a.services.contributions.record(system, { personId: inactive.id, kind: 'moderation', occurredOn: addDays(today, -400), summary: 'Modération' });
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);

    const all = await browser.get('/people');
    expect(all.body).toContain('Alix Active');
    expect(all.body).toContain('Ines Inactive');
    const onlyActive = await browser.get('/people?status=active');
    expect(onlyActive.body).toContain('Alix Active');
    expect(onlyActive.body).not.toContain('Ines Inactive');
    expect(onlyActive.body).toContain('<option value="active" selected>Contributeur·rices actif·ves</option>');
    const onlyInactive = await browser.get('/people?status=inactive');
    expect(onlyInactive.body).toContain('Ines Inactive');
    expect(onlyInactive.body).not.toContain('Alix Active');
    // And the reason is there on the person page, with the date in words.
    const page = await browser.get(`/people/${inactive.id}`);
    expect(page.body).toContain(`<strong>Inactif·ve depuis le ${fr.date(addDays(today, -400 + 366))}</strong>`);
    expect(page.body).toContain(`Dernière contribution confirmée le ${fr.date(addDays(today, -400))}, il y a plus de 365 jours.`);
  });

  it('puts team roles into words with the team name while they count', async () => {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const p = await a.person({ displayName: 'Rémi Roster' });
    await a.services.teams.addToRoster(system, 'technique', p.id, 'member');
    const page = await browser.get(`/people/${p.id}`);
    expect(page.body).toContain('<strong>Contributeur·rice actif·ve</strong>');
    expect(page.body).toContain(`Fait partie de l'équipe Technique depuis le ${fr.date(today)}.`);
  });
});

describe(`team page activity (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    // Roles do not count here, so that the statuses come from contributions alone.
    a = await buildAssociation({ config: { ACTIVITY_TEAM_ROLE_COUNTS: 'false' } });
    a.clock.set(`${today}T10:00:00.000Z`);
  });
  afterEach(async () => {
    await a?.close();
  });

  it('shows each member’s status to the team’s lead and administrators, not to a plain contributor', async () => {
    const busy = await a.person({ displayName: 'Bea Busy', publicConsent: true });
    const quiet = await a.person({ displayName: 'Quentin Quiet', publicConsent: true });
    for (const p of [busy, quiet]) await a.services.teams.addToRoster(system, 'technique', p.id, 'member');
    const on = addDays(today, -30);
    await a.services.contributions.record(system, { personId: busy.id, kind: 'administration', occurredOn: on, summary: 'Mises à jour' });
    await a.services.contributions.record(system, { personId: quiet.id, kind: 'administration', occurredOn: addDays(today, -500), summary: 'Sauvegardes' });
    const activeLine = `Contributeur·rice actif·ve jusqu'au ${fr.date(addDays(on, 365))}`;
    const inactiveLine = `Inactif·ve depuis le ${fr.date(addDays(today, -500 + 366))}`;

    const lead = await loggedIn(a, 'Lou Lead', { slug: 'technique', role: 'lead' });
    const seenByLead = await lead.browser.get('/teams/technique');
    expect(seenByLead.body).toContain('<th scope="col">Activité</th>');
    expect(seenByLead.body).toContain(activeLine);
    expect(seenByLead.body).toContain(inactiveLine);
    expect(seenByLead.body).toContain(`dernière contribution le ${fr.date(on)}`);

    const admin = a.browser();
    await admin.login(a.admin.email, ADMIN_PASSWORD);
    expect((await admin.get('/teams/technique')).body).toContain(activeLine);

    // A lead of another team, a contributor and the public see the roster without statuses.
    for (const viewer of [
      (await loggedIn(a, 'Cam Contrib', { slug: 'communaute', role: 'member' })).browser,
      (await loggedIn(a, 'Lise Autre', { slug: 'communaute', role: 'lead' })).browser,
      a.browser(),
    ]) {
      const page = await viewer.get('/teams/technique');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Bea Busy');
      expect(page.body).not.toContain('Activité');
      expect(page.body).not.toContain('actif·ve');
      expect(page.body).not.toContain('Inactif·ve');
    }
  });
});
