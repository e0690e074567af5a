import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { CHROMIUM, hasChromium, startJourney, type Journey } from './browser.js';
import { mailedLink } from '../mailbox.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const CLARA = { email: 'clara@example.org', password: 'communaute answers first' };
const THEO = { email: 'theo@example.org', password: 'technique knows the disks' };
const TESS = { email: 'tess@example.org', password: 'the technique lead decides' };
const VISITOR = 'visiteur@example.org';
const NEWCOMER = 'nina@example.org';

/**
 * The requests' journeys in a real browser. An anonymous visitor writes to the association; Clara, of
 * Communauté, takes the request and replies; the visitor answers through the private link in
 * their mail; Clara asks Technique; Théo answers from Technique's inbox; Clara resolves the request
 * and her activity shows one more contribution. Then a newcomer asks to join Technique and Tess,
 * its lead, accepts: the newcomer is on Technique's roster. Every page passes axe-core.
 */
describe.skipIf(!hasChromium)(`requests journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;
  let claraId: string;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
    const { services } = journey;
    await services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
    for (const [who, name, team, role] of [
      [CLARA, 'Clara Communauté', 'communaute', 'member'],
      [THEO, 'Théo Technique', 'technique', 'member'],
      [TESS, 'Tess Responsable', 'technique', 'lead'],
    ] as const) {
      const p = await services.people.create(system, { displayName: name, email: who.email });
      await services.teams.addToRoster(system, team, p.id, role);
      if (who === CLARA) claraId = p.id;
      await journey.setPasswordFromMail(who);
    }
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  const mailTo = async (to: string) => (await journey.services.audit.mails({ to })).items[0];
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, journey.baseUrl);
  const switchTo = async (who: { email: string; password: string }) => {
    await page.context().clearCookies();
    await journey.logIn(who);
  };
  const contributionRows = async () => {
    await page.goto(`${journey.baseUrl}/people/${claraId}`);
    await page.getByRole('heading', { name: 'Clara Communauté' }).waitFor();
    return page.locator('#contributions tbody tr').count();
  };

  it('question → reply → answer by the private link → Technique consulted and answers → resolved → one more contribution', async () => {
    await page.goto(journey.baseUrl);
    await page.getByRole('link', { name: 'Nous écrire' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nous écrire' }).waitFor();
    await page.getByLabel('Votre adresse e-mail').fill(VISITOR);
    await page.getByLabel('Sujet').fill('Impossible de me connecter au cloud');
    await page.getByLabel('Message').fill('Depuis hier, le cloud refuse mon mot de passe.');
    await journey.audit('the public form');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Merci ! Votre demande est bien arrivée').waitFor();
    const received = await mailTo(VISITOR);
    expect(received.kind).toBe('request_received');
    const followLink = local((await mailedLink(journey, VISITOR, /\/requests\/follow\//)).href);

    await journey.logIn(CLARA);
    const before = await contributionRows();
    await page.goto(journey.baseUrl);
    await page.getByRole('link', { name: /Communauté : 1 demande ouverte/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    await journey.audit('the inbox');
    await page.getByRole('link', { name: 'Impossible de me connecter au cloud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impossible de me connecter au cloud' }).waitFor();
    await journey.audit('a request, new');
    await page.getByRole('button', { name: 'Confier', exact: true }).click();
    await page.getByText('Demande confiée.').waitFor();
    await page.getByLabel('Réponse à la personne qui demande (envoyée par e-mail)').fill('Avez-vous essayé « mot de passe oublié » ?');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText('Réponse envoyée à la personne qui demande.').waitFor();
    await page.getByText('En attente de la personne qui demande').first().waitFor();
    const requestUrl = page.url().replace(/\?.*$/, '');
    expect((await mailTo(VISITOR)).body).toContain('Avez-vous essayé « mot de passe oublié » ?');

    // The visitor answers from the link in the mail, without an account.
    await page.context().clearCookies();
    await page.goto(followLink);
    await page.getByText('Avez-vous essayé « mot de passe oublié » ?').waitFor();
    await journey.audit('the private follow page');
    await page.getByRole('textbox', { name: 'Votre réponse' }).fill('Oui, et le mail de réinitialisation n’arrive pas.');
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByText('Réponse envoyée. Merci !').waitFor();

    // Clara asks Technique.
    await journey.logIn(CLARA);
    await page.goto(requestUrl);
    await page.getByText('Oui, et le mail de réinitialisation n’arrive pas.').waitFor();
    await page.getByText('En cours').first().waitFor();
    await page.getByLabel('Équipe à consulter').selectOption('technique');
    await page.getByRole('textbox', { name: /^Question/ }).fill('Les mails sortants du cloud partent-ils ?');
    await page.getByRole('button', { name: 'Poser la question' }).click();
    await page.getByText('Question posée à l’équipe.').waitFor();

    // Théo answers from Technique's inbox.
    await switchTo(THEO);
    await page.getByRole('link', { name: 'Demandes', exact: true }).click();
    await page.getByRole('link', { name: 'Les mails sortants du cloud partent-ils ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Question de l’équipe Communauté' }).waitFor();
    await journey.audit('a question from another team');
    await page.getByRole('textbox', { name: 'Votre réponse' }).fill('Non : la file SMTP était bloquée, c’est réparé.');
    await page.getByRole('button', { name: 'Répondre', exact: true }).click();
    await page.getByText('Réponse envoyée à l’équipe qui demandait.').waitFor();

    // The answer is back in the request as an internal note; Clara resolves it.
    await switchTo(CLARA);
    await page.goto(requestUrl);
    await page.getByText('Réponse de l’équipe Technique (note interne)').waitFor();
    await page.getByText('Non : la file SMTP était bloquée, c’est réparé.').waitFor();
    await journey.audit('a request with an internal note');
    await page.getByRole('button', { name: 'Marquer comme résolue' }).click();
    await page.getByText('Demande résolue.').waitFor();
    expect(await contributionRows()).toBe(before + 1);
    await page.getByText('Demande traitée (Question ou aide)').waitFor();

    // The requester never sees the internal note.
    await page.context().clearCookies();
    await page.goto(followLink);
    await page.getByText('Résolue').first().waitFor();
    expect(await page.content()).not.toContain('file SMTP');
    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  }, 120_000);

  it('a join request accepted by the Technique lead puts the requester on Technique’s roster', async () => {
    await page.context().clearCookies();
    await page.goto(`${journey.baseUrl}/requests/new?category=join&team=technique`);
    await page.getByLabel('Votre adresse e-mail').fill(NEWCOMER);
    await page.getByLabel('Votre nom').fill('Nina Nouvelle');
    await page.getByLabel('Sujet').fill('Rejoindre Technique');
    await page.getByLabel('Message').fill('J’administre des serveurs Debian depuis dix ans.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Merci ! Votre demande est bien arrivée').waitFor();

    await journey.logIn(TESS);
    await page.getByRole('link', { name: /Technique : 1 demande ouverte/ }).click();
    await page.getByRole('link', { name: 'Rejoindre Technique' }).click();
    await page.getByRole('heading', { level: 2, name: 'Rejoindre l’équipe Technique' }).waitFor();
    await journey.audit('a join request');
    await page.getByRole('button', { name: 'Accepter dans l’équipe' }).click();
    await page.getByText('Accepté : la personne est dans l’équipe.').first().waitFor();

    const technique = await journey.services.teams.get(system, 'technique');
    expect(technique.roster.find((r) => r.displayName === 'Nina Nouvelle')).toMatchObject({ role: 'member', until: null });
    expect((await mailTo(NEWCOMER)).kind).toBe('request_join_accepted');
    await page.goto(`${journey.baseUrl}/teams/technique`);
    await page.getByText('Nina Nouvelle').first().waitFor();
    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  });
});
