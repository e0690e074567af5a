import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { CHROMIUM, hasChromium, navLink, startJourney, type Journey } from './browser.js';
import { mailbox, mailedLink } from '../mailbox.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const PAULA = { email: 'paula@example.org', password: 'the president speaks first' };
const MAELLE = { email: 'maelle@example.org', password: 'a member votes in person' };
const CAMILLE = { email: 'camille@example.org', password: 'unused, she answers by link' };

/**
 * The general assemblies' journey in a real browser: the president prepares an ordinary general assembly and
 * convenes it; Camille, a contributor, answers from the personal link in her mail without logging
 * in; on the day the president opens it and checks Maëlle in; a resolution is put to the vote,
 * Maëlle votes for it from her own session; the president closes the vote and the assembly, and
 * the minutes say the resolution was adopted. Every page passes axe-core.
 */
describe.skipIf(!hasChromium)(`general assembly journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;
  let maelleId: string;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
    const { services, database } = journey;
    await services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
    const paula = await services.people.create(system, { displayName: 'Paula Présidente', email: PAULA.email });
    await services.bureau.appoint(system, { personId: paula.id, office: 'president', since: '2025-01-01' });
    const maelle = await services.people.create(system, { displayName: 'Maëlle Membre', email: MAELLE.email });
    maelleId = maelle.id;
    // Maëlle's membership, as an accepted application leaves it (the applications journey walks that part).
    const now = new Date().toISOString();
    await database.db
      .insertInto('memberships')
      .values({
        id: `m-${maelle.id}`,
        person_id: maelle.id,
        status: 'active',
        since: '2026-01-20',
        until: null,
        decision_id: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    const camille = await services.people.create(system, { displayName: 'Camille Contributrice', email: CAMILLE.email });
    await services.teams.addToRoster(system, 'communaute', camille.id, 'member');
    await journey.setPasswordFromMail(PAULA);
    await journey.setPasswordFromMail(MAELLE);
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  it('create → convene → answer by the personal link → check-in → vote → minutes', async () => {
    await journey.logIn(PAULA);
    await (await navLink(page, 'Assemblées')).click();
    await page.getByRole('heading', { level: 1, name: 'Assemblées générales' }).waitFor();
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#field-assembly-title').fill('Assemblée générale ordinaire 2027');
    await page.locator('#field-assembly-date').fill(day);
    await page.locator('#field-assembly-time').fill('18:30');
    await page.locator('#field-assembly-location').fill('Salle des fêtes, Lyon');
    await journey.audit('assemblies list with the form');
    await page.getByRole('button', { name: 'Créer l’assemblée' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assemblée générale ordinaire 2027' }).waitFor();
    await journey.audit('assembly in preparation');

    // A convocation carries its agenda: the secretary writes it first.
    await page.getByLabel('Intitulé du point').fill('Rapport moral');
    await page.getByRole('button', { name: 'Ajouter le point' }).click();
    await page.getByText('Point ajouté').first().waitFor();
    await page.getByRole('button', { name: 'Envoyer les convocations' }).click();
    // Sending can't be undone: a page says how many will go, and sends nothing until confirmed.
    await page.getByRole('heading', { level: 1, name: 'Envoyer les convocations à « Assemblée générale ordinaire 2027 » ?' }).waitFor();
    await journey.audit('confirmation of the convocations');
    await page.getByRole('button', { name: /^Envoyer (les \d+ convocations|1 convocation)$/ }).click();
    await page.getByText('Convocations envoyées.').waitFor();
    const assemblyUrl = page.url().replace(/\?.*$/, '');

    // Convened a month ahead, the agenda may still change: each change is mailed as an amendment.
    await page.getByText('chaque modification leur est envoyée par e-mail comme un amendement').waitFor();
    await page.locator('#field-item-title').fill('Cotisation 2027');
    await page.getByRole('button', { name: 'Ajouter le point' }).click();
    await page.getByText('Point ajouté').first().waitFor();
    const first = page.locator('details', { hasText: 'Modifier : Rapport moral' });
    await first.locator('summary').click();
    await first.getByLabel('Intitulé du point').fill('Rapport moral et d’activité');
    await first.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('l’amendement est parti aux personnes convoquées').first().waitFor();
    await journey.audit('convened assembly with its agenda editor');
    await page.getByRole('button', { name: 'Retirer : Cotisation 2027' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retirer « Cotisation 2027 » ?' }).waitFor();
    await page.getByText(/Un amendement sera envoyé par e-mail (aux \d+ personnes convoquées|à 1 personne convoquée)/).waitFor();
    await journey.audit('confirmation of a removal from the agenda');
    await page.getByRole('button', { name: 'Retirer', exact: true }).click();
    await page.getByText('l’amendement est parti aux personnes convoquées').first().waitFor();
    const amendment = (await mailbox(journey, CAMILLE.email)).find((m) => m.kind === 'assembly_amendment')!;
    expect(amendment.subject).toContain('Ordre du jour modifié : Assemblée générale ordinaire 2027');
    expect(amendment.body).toContain('Point retiré : « Cotisation 2027 »');
    expect(amendment.body).toContain('1. Rapport moral et d’activité');

    // Camille's convocation carries her personal link; she needs no account to answer.
    const [mail] = (await journey.services.audit.mails({ to: CAMILLE.email })).items;
    expect(mail.subject).toContain('Assemblée générale ordinaire 2027');
    const link = (await mailedLink(journey, CAMILLE.email, /\/assemblies\/rsvp\//)).href;
    await page.context().clearCookies();
    await page.goto(link.replace(/^https?:\/\/[^/]+/, journey.baseUrl));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await journey.audit('personal link page');
    await page.getByRole('button', { name: 'Je viens' }).click();
    await page.getByText('Réponse enregistrée. Merci !').waitFor();

    // The day: the president opens the assembly and checks Maëlle in.
    await journey.logIn(PAULA);
    await page.goto(assemblyUrl);
    await page.getByRole('button', { name: 'Ouvrir l’assemblée' }).click();
    await page.getByText('Assemblée ouverte').first().waitFor();
    await page.getByRole('button', { name: 'Émarger Maëlle Membre' }).click();
    await page.getByText('Arrivée enregistrée.').waitFor();
    await page.getByLabel('Intitulé de la résolution').fill('Approbation des comptes 2026');
    await page.getByRole('button', { name: 'Ajouter la résolution' }).click();
    await page.getByText('Résolution ajoutée.').waitFor();
    await page.getByRole('button', { name: 'Mettre au vote : Approbation des comptes 2026' }).click();
    await page.getByText('Résolution mise au vote.').waitFor();
    await journey.audit('assembly open, a resolution being voted');

    await page.context().clearCookies();
    await journey.logIn(MAELLE);
    await page.goto(assemblyUrl);
    await page.getByRole('button', { name: 'Pour', exact: true }).click();
    await page.getByText('Vote enregistré.').waitFor();
    await journey.audit('a member after voting');

    await page.context().clearCookies();
    await journey.logIn(PAULA);
    await page.goto(assemblyUrl);
    await page.getByRole('button', { name: 'Clore le vote : Approbation des comptes 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clore le vote sur « Approbation des comptes 2026 » ?' }).waitFor();
    await journey.audit('confirmation of closing a vote');
    await page.getByRole('button', { name: 'Clore le vote', exact: true }).click();
    await page.getByText('Vote clos').first().waitFor();
    await page.getByRole('button', { name: 'Clore et rédiger le procès-verbal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clore l’assemblée « Assemblée générale ordinaire 2027 » ?' }).waitFor();
    await journey.audit('confirmation of closing the assembly');
    await page.getByRole('button', { name: 'Clore l’assemblée', exact: true }).click();
    await page.getByText('Assemblée close').first().waitFor();
    await page.goto(`${assemblyUrl}/attendance`);
    await page.getByText('Maëlle Membre').first().waitFor();
    await journey.audit('attendance sheet');
    await page.goto(assemblyUrl);
    await page.getByRole('link', { name: 'Procès-verbal' }).first().click();
    await page.getByText('Approbation des comptes 2026').first().waitFor();
    await journey.audit('minutes');
    const minutes = await page.content();
    expect(minutes).toMatch(/adoptée/i);
    expect(minutes).toContain('Maëlle Membre');

    const invitees = await journey.services.assemblies.invitees({ ...system }, assemblyUrl.split('/').pop()!);
    expect(invitees.find((i) => i.personId === maelleId)).toMatchObject({ capacity: 'member', canVote: true });
    expect(invitees.find((i) => i.displayName === 'Camille Contributrice')).toMatchObject({ capacity: 'contributor', canVote: false, rsvp: 'yes' });
    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  }, 120_000);
});
