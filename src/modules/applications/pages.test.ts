import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, system, type Browser, type TestAssociation } from '../../../test/harness.js';
import { anonymous, type Actor } from '../../platform/auth/actor.js';
import { mailedResetToken } from '../../../test/mailbox.js';

const PASSWORD = 'a long and private passphrase';
/** Tuesday 1 December 2026, 20:00 in Paris. */
const SESSION_AT = '2026-12-01T19:00:00.000Z';
const SESSION_FR = 'mardi 1 décembre 2026 à 20:00';

/** A fresh person who set a password through the mailed reset link, logged in in their own browser. */
async function loggedIn(a: TestAssociation, displayName: string, options: { team?: string; locale?: 'fr' | 'en' } = {}) {
  const p = await a.person({ displayName, locale: options.locale });
  if (options.team) await a.services.teams.addToRoster(system, options.team, p.id, 'member');
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  return { ...p, browser, actor: { ...anonymous, personId: p.id, displayName } as Actor };
}

/** A bureau member, as the services see them when they act. */
async function bureauMember(a: TestAssociation, displayName: string): Promise<Actor> {
  const p = await a.person({ displayName });
  await a.services.bureau.appoint(system, { personId: p.id, office: 'member' });
  return { ...anonymous, personId: p.id, displayName, office: 'member' };
}

async function follow(browser: Browser, location: unknown) {
  return browser.get(String(location));
}

/** Text as a page shows it: apostrophes are typographic in the catalogues. */
const text = (html: string) => html.replace(/&#39;|&apos;/g, "'");

describe(`membership and application pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Actor;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-11-20T10:00:00.000Z');
    bureau = await bureauMember(a, 'Béa Bureau');
  });
  afterEach(async () => {
    await a?.close();
  });

  it('an active contributor applies through the form and sees the session that will examine it', async () => {
    await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const lina = await loggedIn(a, 'Lina Candidate', { team: 'communaute' });

    const membership = await lina.browser.get('/membership');
    expect(membership.statusCode).toBe(200);
    expect(membership.body).toContain('Vous n’êtes pas membre.');
    expect(membership.body).toContain('<a href="/membership/apply" role="button">Présenter ma candidature</a>');

    const form = await lina.browser.get('/membership/apply');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<textarea id="field-motivation" name="motivation"[^>]*aria-describedby="field-motivation-hint"/);

    // An empty motivation: the form again, the error beside the field, nothing recorded.
    const empty = await lina.browser.post('/membership/apply', { motivation: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('role="alert"');
    expect(empty.body).toContain(
      '<small id="field-motivation-error" class="field-error">Dites en quelques lignes pourquoi vous souhaitez devenir membre.</small>',
    );
    expect(await a.database.db.selectFrom('applications').selectAll().execute()).toEqual([]);

    const sent = await lina.browser.post('/membership/apply', { motivation: 'Je modère le forum depuis un an.\nJe veux voter en AG.' });
    expect(sent.statusCode).toBe(303);
    const id = /^\/applications\/([^?]+)\?notice=notice\.applicationSubmitted$/.exec(String(sent.headers.location))![1];
    const page = await follow(lina.browser, sent.headers.location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p role="status" class="notice">Candidature envoyée.');
    expect(page.body).toContain('<h1>Votre candidature</h1>');
    expect(page.body).toContain('<strong>Inscrite à l’ordre du jour</strong>');
    expect(page.body).toContain(`Examinée à la séance du ${SESSION_FR}`);
    expect(page.body).toContain('Je modère le forum depuis un an.\nJe veux voter en AG.');
    expect(page.body).toContain(`action="/applications/${id}/withdraw"`);
    // The rapporteur is the bureau's business.
    expect(page.body).not.toContain('name="rapporteurId"');

    // Back on the membership page: the open application with its session, and no second one.
    const after = await lina.browser.get('/membership');
    expect(after.body).toContain(`Examinée à la séance du ${SESSION_FR}`);
    expect(after.body).not.toContain('href="/membership/apply"');
    const again = await lina.browser.post('/membership/apply', { motivation: 'Encore moi' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Votre candidature n’a pas été envoyée.');
    expect(again.body).toContain(`<a href="/applications/${id}">Voir ma candidature en cours</a>`);
    expect(again.body).toContain('>Encore moi</textarea>');
  });

  it('without a session planned, the application waits and says so', async () => {
    const lina = await loggedIn(a, 'Lina Patiente', { team: 'communaute' });
    await lina.browser.get('/membership/apply');
    const sent = await lina.browser.post('/membership/apply', { motivation: 'Motivée' });
    expect(sent.statusCode).toBe(303);
    const page = await follow(lina.browser, sent.headers.location);
    expect(page.body).toContain('<strong>Déposée</strong>');
    expect(page.body).toContain('En attente d’une séance');
  });

  it('a person who is not active learns why before trying, and the form refuses them in the same words', async () => {
    const tom = await loggedIn(a, 'Tom Nouveau');
    const membership = await tom.browser.get('/membership');
    expect(membership.body).toContain('Pourquoi vous ne pouvez pas encore présenter de candidature');
    expect(membership.body).toContain('Aujourd’hui, votre statut est : Inactif·ve.');
    expect(membership.body).toContain('<li>Aucune contribution confirmée pour le moment.</li>');
    expect(membership.body).not.toContain('href="/membership/apply"');

    // The form page explains rather than offering a form that cannot succeed.
    const form = await tom.browser.get('/membership/apply');
    expect(form.body).toContain('<li>Aucune contribution confirmée pour le moment.</li>');
    expect(form.body).not.toContain('name="motivation"');

    const refused = await tom.browser.post('/membership/apply', { motivation: 'J’aimerais aider' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(
      /<div role="alert" class="error-summary"[^>]*><p id="error-summary-title"><strong>Votre candidature n’a pas été envoyée.<\/strong>/,
    );
    expect(refused.body).toContain('<li>Aucune contribution confirmée pour le moment.</li>');
    expect(text(refused.body)).toContain('>J’aimerais aider</textarea>');
    expect(await a.database.db.selectFrom('applications').selectAll().execute()).toEqual([]);
  });

  it('the applicant withdraws through the form; the button is gone and they may apply again', async () => {
    const session = await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const lina = await loggedIn(a, 'Lina Hésitante', { team: 'communaute' });
    const application = await a.services.applications.apply(lina.actor, { motivation: 'Pourquoi pas' });

    const page = await lina.browser.get('/membership');
    const withdrawn = await lina.browser.post(`/applications/${application.id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`/applications/${application.id}?notice=notice.applicationWithdrawn`);
    expect(page.body).toContain(`action="/applications/${application.id}/withdraw"`);
    const shown = await follow(lina.browser, withdrawn.headers.location);
    expect(shown.body).toContain('Candidature retirée.');
    expect(shown.body).toContain('<strong>Retirée</strong>');
    expect(shown.body).not.toContain('/withdraw"');
    expect((await a.services.sessions.get(session.id)).agenda[0].state).toBe('withdrawn');

    // A second try at a closed application: refused on the page, with the reason.
    const twice = await lina.browser.post(`/applications/${application.id}/withdraw`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Cette candidature est close');

    const membership = await lina.browser.get('/membership');
    expect(membership.body).toContain('Vos candidatures précédentes');
    expect(membership.body).toContain('<a href="/membership/apply" role="button">Présenter ma candidature</a>');
  });

  it('an application is private to the applicant and the bureau, who names its rapporteur', async () => {
    await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const lina = await loggedIn(a, 'Lina Privée', { team: 'communaute' });
    const application = await a.services.applications.apply(lina.actor, { motivation: 'Ma motivation' });

    const stranger = await loggedIn(a, 'Sam Curieux', { team: 'technique' });
    const hidden = await stranger.browser.get(`/applications/${application.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Ma motivation');
    expect((await stranger.browser.get('/applications')).statusCode).toBe(403);
    expect((await stranger.browser.post(`/applications/${application.id}/withdraw`, {})).statusCode).toBe(404);

    // An administrator who holds no office does not see it either (private to the applicant and the bureau)…
    const admin = a.browser();
    expect((await admin.login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    const unseen = await admin.get(`/applications/${application.id}`);
    expect(unseen.statusCode).toBe(404);
    expect(unseen.body).not.toContain('Ma motivation');
    expect((await admin.get('/applications')).statusCode).toBe(403);
    // …until elected to the bureau.
    await a.services.bureau.appoint(system, { personId: a.admin.id, office: 'secretary' });
    const seen = await admin.get(`/applications/${application.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('<h1>Candidature de Lina Privée</h1>');
    expect(seen.body).toContain('Contributeur·rice actif·ve');
    expect(seen.body).toContain(`<option value="${bureau.personId}">Béa Bureau</option>`);

    // Someone not on the bureau cannot report: refused beside the field, nothing changed.
    const wrong = await admin.post(`/applications/${application.id}/rapporteur`, { rapporteurId: lina.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<small id="field-rapporteurId-error" class="field-error">Choisissez un membre actuel du bureau.</small>');
    const named = await admin.post(`/applications/${application.id}/rapporteur`, { rapporteurId: bureau.personId! });
    expect(named.statusCode).toBe(303);
    expect((await follow(admin, named.headers.location)).body).toContain(`<option value="${bureau.personId}" selected>Béa Bureau</option>`);

    const list = await admin.get('/applications');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/applications/${application.id}">Lina Privée</a>`);
    expect(list.body).toContain(SESSION_FR);
    expect(list.body).toMatch(/<td>Béa Bureau<\/td><td>Membre du bureau<\/td><td>1<\/td>/);

    // Withdrawn, it leaves the open list but stays among all applications.
    await a.services.applications.withdraw(lina.actor, application.id);
    expect((await admin.get('/applications')).body).toContain('Aucune candidature en cours.');
    expect((await admin.get('/applications?all=1')).body).toContain(`<a href="/applications/${application.id}">Lina Privée</a>`);
  });

  it('reads in English for someone whose profile is in English', async () => {
    await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const ann = await loggedIn(a, 'Ann English', { team: 'communaute', locale: 'en' });
    const application = await a.services.applications.apply(ann.actor, { motivation: 'I moderate the forum' });
    const page = await ann.browser.get(`/applications/${application.id}`);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<h1>Your application</h1>');
    expect(page.body).toContain('<strong>On the agenda</strong>');
    expect(page.body).toContain('Examined at the session of Tuesday, 1 December 2026 at 20:00');
    expect(page.body).toContain('Withdraw my application');
    expect((await ann.browser.get('/membership')).body).toContain('Your open application');
  });

  it('after the bureau accepts in session, the member sees since when, and the outbox holds the welcome mail', async () => {
    const other = await bureauMember(a, 'Bob Bureau');
    const session = await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const lina = await loggedIn(a, 'Lina Acceptée', { team: 'communaute' });
    const application = await a.services.applications.apply(lina.actor, { motivation: 'Je veux voter' });

    a.clock.set(SESSION_AT);
    await a.services.sessions.open(bureau, session.id, [bureau.personId!, other.personId!]);
    await a.services.sessions.decide(bureau, session.id, { applicationId: application.id, outcome: 'accepted', votes: { for: 2, against: 0, abstain: 0 } });

    const page = await lina.browser.get(`/applications/${application.id}`);
    expect(page.body).toContain('<strong>Acceptée</strong>');
    expect(page.body).toContain(`Le bureau a accepté cette candidature lors de sa séance du ${SESSION_FR}.`);
    expect(page.body).toContain('<strong>Membre depuis le 1 décembre 2026</strong>');
    // The count of votes stays with the bureau.
    expect(page.body).not.toContain('Votes');
    expect(page.body).not.toContain('/withdraw"');
    const membership = await lina.browser.get('/membership');
    expect(membership.body).toContain('<strong>Membre depuis le 1 décembre 2026</strong>');
    expect(membership.body).not.toContain('href="/membership/apply"');

    const admin = a.browser();
    await admin.login(a.admin.email, ADMIN_PASSWORD);
    const outbox = await admin.get('/admin/outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toMatch(
      new RegExp(
        `<tr><td>E-mail de bienvenue</td><td><a href="/people/${lina.id}">Lina Acceptée</a></td><td><time[^>]*>[^<]+</time></td><td>En attente d’envoi</td></tr>`,
      ),
    );
    expect(outbox.body).toContain('Invitation au salon des membres');
    // The outbox is for administrators only.
    expect((await lina.browser.get('/admin/outbox')).statusCode).toBe(403);
  });

  it('a rejection shows its rationale to the applicant, on the application and among past applications', async () => {
    const other = await bureauMember(a, 'Bob Bureau');
    const session = await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    const lina = await loggedIn(a, 'Lina Refusée', { team: 'communaute' });
    const application = await a.services.applications.apply(lina.actor, { motivation: 'Je veux voter' });
    a.clock.set(SESSION_AT);
    await a.services.sessions.open(bureau, session.id, [bureau.personId!, other.personId!]);
    await a.services.sessions.decide(bureau, session.id, {
      applicationId: application.id,
      outcome: 'rejected',
      rationale: 'Trop tôt : revenez dans six mois.',
    });

    const page = await lina.browser.get(`/applications/${application.id}`);
    expect(page.body).toContain('<strong>Non retenue</strong>');
    expect(page.body).toContain('Motif : Trop tôt : revenez dans six mois.');
    const membership = await lina.browser.get('/membership');
    expect(membership.body).toContain('Vos candidatures précédentes');
    expect(membership.body).toContain('Motif : Trop tôt : revenez dans six mois.');
  });

  it('a deferred application moves to the next session, and the applicant sees both', async () => {
    const other = await bureauMember(a, 'Bob Bureau');
    const session = await a.services.sessions.create(bureau, { scheduledAt: SESSION_AT });
    await a.services.sessions.create(bureau, { scheduledAt: '2027-01-05T19:00:00.000Z' });
    const lina = await loggedIn(a, 'Lina Reportée', { team: 'communaute' });
    const application = await a.services.applications.apply(lina.actor, { motivation: 'Je veux voter' });
    a.clock.set(SESSION_AT);
    await a.services.sessions.open(bureau, session.id, [bureau.personId!, other.personId!]);
    await a.services.sessions.decide(bureau, session.id, { applicationId: application.id, outcome: 'deferred', rationale: 'Le rapport n’est pas prêt.' });

    const deferred = await lina.browser.get(`/applications/${application.id}`);
    expect(deferred.body).toContain('<strong>Reportée</strong>');
    expect(deferred.body).toContain(`Reportée lors de la séance du ${SESSION_FR} : elle sera examinée à la séance suivante.`);
    expect(deferred.body).toContain('Motif : Le rapport n’est pas prêt.');

    await a.services.sessions.close(bureau, session.id);
    const moved = await lina.browser.get(`/applications/${application.id}`);
    expect(moved.body).toContain('<strong>Inscrite à l’ordre du jour</strong>');
    expect(moved.body).toContain('Examinée à la séance du mardi 5 janvier 2027 à 20:00');
    expect(moved.body).toContain(`Le bureau a reporté l’examen de cette candidature lors de sa séance du ${SESSION_FR}.`);
    // Still open: the applicant may still withdraw it.
    expect(moved.body).toContain(`action="/applications/${application.id}/withdraw"`);
  });
});
