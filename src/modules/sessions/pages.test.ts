import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { between, loggedIn, postPairs } from '../../../test/session-browsers.js';

describe(`session pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    // A Monday: the next first Tuesday of the month is tomorrow.
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** A bureau of three, a planned session in a week, and an active contributor's application on its agenda. */
  async function sessionWithApplication() {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const bob = await loggedIn(a, 'Bob Secrétaire', { office: 'secretary' });
    const chloe = await loggedIn(a, 'Chloé Trésorière', { office: 'treasurer' });
    await alice.browser.get('/bureau/sessions');
    const planned = await alice.browser.post('/bureau/sessions', { date: '2026-03-10', time: '20:00', location: 'Local associatif', videoUrl: '' });
    expect(planned.statusCode).toBe(303);
    const sessionId = /^\/bureau\/sessions\/([^?]+)\?notice=notice\.sessionPlanned$/.exec(String(planned.headers.location))![1]!;
    const dana = await a.actingAs('contributor');
    const contribution = await a.app.inject({
      method: 'POST',
      url: '/api/v1/contributions',
      headers: a.admin.headers,
      payload: { personId: dana.id, kind: 'moderation', occurredOn: '2026-02-20', summary: 'Modération du forum en février' },
    });
    expect(contribution.statusCode).toBe(201);
    const applied = await a.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: dana.headers,
      payload: { motivation: 'Je contribue depuis un an et je veux voter en AG.' },
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().sessionId).toBe(sessionId);
    return { alice, bob, chloe, dana, sessionId, applicationId: applied.json().id as string };
  }

  it('sets the recurrence through the form and lists the next three sessions, in words and in Paris time', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const empty = await alice.browser.get('/bureau/sessions');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Aucune règle de séances régulières');
    expect(empty.body).toContain('Aucune séance prévue.');

    const set = await alice.browser.post('/bureau/sessions/recurrence', {
      frequency: 'monthly',
      week: '1',
      weekday: 'TU',
      time: '20:00',
      location: 'Local associatif',
      videoUrl: 'https://visio.example.org/bureau',
      sessionsAhead: '3',
    });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/bureau/sessions?notice=notice.recurrenceSet');
    const list = await alice.browser.get(String(set.headers.location));
    expect(list.body).toContain('Règle des séances régulières enregistrée');
    expect(list.body).toContain('Le bureau se réunit le premier mardi de chaque mois à 20:00 (Europe/Paris).');
    const upcoming = between(list.body, 'id="current-title"', '</section>');
    expect(upcoming).toContain('mardi 3 mars 2026 à 20:00');
    expect(upcoming).toContain('mardi 7 avril 2026 à 20:00');
    expect(upcoming).toContain('mardi 5 mai 2026 à 20:00');
    expect(upcoming).not.toContain('juin 2026');
    expect(upcoming).toContain('<a href="https://visio.example.org/bureau" rel="noopener noreferrer">lien de visioconférence</a>');
    // The form shows the rule in force.
    expect(list.body).toContain('<option value="TU" selected>mardi</option>');
    // The bureau member's own calendar feed, which answers with the three sessions.
    const feed = /href="http:\/\/127\.0\.0\.1:3000(\/api\/v1\/bureau\/calendar\.ics\?key=[^"]+)"/.exec(list.body)![1]!;
    const ics = await a.app.inject({ method: 'GET', url: feed.replace(/&amp;/g, '&') });
    expect(ics.statusCode).toBe(200);
    expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
  });

  it('plans an ad-hoc session at 20:00 Paris time, stored as the UTC instant, and refuses a time that is not one', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    await alice.browser.get('/bureau/sessions');
    const refused = await alice.browser.post('/bureau/sessions', { date: '2026-07-15', time: '25:00', location: '', videoUrl: 'visio' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain('<small id="field-session-time-error" class="field-error">Heure invalide (HH:MM).</small>');
    expect(refused.body).toContain('<small id="field-session-videoUrl-error" class="field-error">Un lien commence par http:// ou https://.</small>');
    expect(await a.services.sessions.list({})).toEqual([]);

    const planned = await alice.browser.post('/bureau/sessions', { date: '2026-07-15', time: '20:00', location: 'Café du coin', videoUrl: '' });
    expect(planned.statusCode).toBe(303);
    const [session] = await a.services.sessions.list({});
    expect(session).toMatchObject({ scheduledAt: '2026-07-15T18:00:00.000Z', location: 'Café du coin', videoUrl: null, origin: 'adhoc' });
    const page = await alice.browser.get(String(planned.headers.location));
    expect(page.body).toContain('<h1>Séance du bureau du mercredi 15 juillet 2026</h1>');
    expect(page.body).toContain('mercredi 15 juillet 2026 à 20:00');
    expect(page.body).toContain('Séance prévue.');
  });

  it('holds a session through the forms: opens with quorum, decides 3–0–0, closes; the bureau reads the votes in the minutes, a member only the name and the outcome', async () => {
    const { alice, bob, chloe, dana, sessionId, applicationId } = await sessionWithApplication();
    const before = await alice.browser.get(`/bureau/sessions/${sessionId}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain(`Candidature de <a href="/people/${dana.id}">A contributor</a>`);
    expect(before.body).toContain('Je contribue depuis un an et je veux voter en AG.');
    expect(before.body).toContain("Fait partie de l'équipe Communauté depuis le 2 mars 2026.");
    expect(before.body).toContain('Modération du forum en février');
    expect(before.body).toContain('Quorum : la majorité des membres du bureau, soit 2 présent·es sur 3.');
    // No decision before the session is open.
    expect(before.body).not.toContain('name="outcome"');

    // The bureau meets on the planned day (a session opened earlier would be held that day instead).
    a.clock.set('2026-03-10T19:00:00.000Z');
    const opened = await postPairs(a, alice.browser, `/bureau/sessions/${sessionId}/open`, [
      ['presentPersonIds', alice.id],
      ['presentPersonIds', bob.id],
      ['presentPersonIds', chloe.id],
    ]);
    expect(opened.statusCode).toBe(303);
    const open = await alice.browser.get(String(opened.headers.location));
    expect(open.body).toContain('Séance ouverte.');
    expect(open.body).toContain('atteint (3 présent·es, 2 requis·es)');
    expect(open.body).toContain('name="outcome"');

    const decided = await alice.browser.post(`/bureau/sessions/${sessionId}/decisions`, {
      applicationId,
      outcome: 'accepted',
      votesFor: '3',
      votesAgainst: '0',
      votesAbstain: '0',
      rationale: '',
    });
    expect(decided.statusCode).toBe(303);
    const after = await alice.browser.get(String(decided.headers.location));
    expect(after.body).toContain('Décision enregistrée.');
    expect(after.body).toContain('Décision : <strong>acceptée</strong>');
    expect(after.body).toContain('Votes : 3 pour, 0 contre, 0 abstention(s)');

    const closed = await alice.browser.post(`/bureau/sessions/${sessionId}/close`, { confirmed: 'yes' });
    expect(closed.statusCode).toBe(303);
    const closedPage = await alice.browser.get(String(closed.headers.location));
    expect(closedPage.body).toContain(`<a href="/bureau/sessions/${sessionId}/minutes">Procès-verbal</a>`);
    expect(closedPage.body).not.toContain('action="/bureau/sessions/' + sessionId + '/agenda"');

    const minutes = await alice.browser.get(`/bureau/sessions/${sessionId}/minutes`);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.body).toContain('<h1>Procès-verbal de la séance du bureau du mardi 10 mars 2026</h1>');
    expect(minutes.body).toContain('<h3>1. Candidature de A contributor</h3>');
    expect(minutes.body).toContain('<li>Décision : <strong>acceptée</strong></li>');
    expect(minutes.body).toContain('<li>Votes : 3 pour, 0 contre, 0 abstention(s)</li>');
    expect(minutes.body).toContain(`href="/api/v1/bureau/sessions/${sessionId}/minutes"`);
    expect(minutes.body).toContain('Ctrl+P');

    const member = await a.actingAs('member');
    const index = await a.app.inject({ method: 'GET', url: '/minutes', headers: { ...member.headers, accept: 'text/html' } });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(`<a href="/bureau/sessions/${sessionId}/minutes">Séance du mardi 10 mars 2026</a>`);
    const asMember = await a.app.inject({ method: 'GET', url: `/bureau/sessions/${sessionId}/minutes`, headers: { ...member.headers, accept: 'text/html' } });
    expect(asMember.statusCode).toBe(200);
    expect(asMember.body).toContain('<h3>1. Candidature de A contributor</h3>');
    expect(asMember.body).toContain('<li>Décision : <strong>acceptée</strong></li>');
    expect(asMember.body).not.toContain('Votes');
    expect(asMember.body).not.toContain('Rapporteur');
    expect(asMember.body).toContain('<a href="/minutes">Tous les procès-verbaux</a>');
    // Members read the minutes, not the session itself.
    expect((await a.app.inject({ method: 'GET', url: `/bureau/sessions/${sessionId}`, headers: { ...member.headers, accept: 'text/html' } })).statusCode).toBe(
      403,
    );
  });

  it('refuses a rejection without a rationale beside the field and changes nothing; without quorum, no decision at all', async () => {
    const { alice, bob, sessionId, applicationId } = await sessionWithApplication();
    await alice.browser.get(`/bureau/sessions/${sessionId}`);
    // Nobody ticked: a slip, refused beside the list, and the session stays planned.
    const nobody = await postPairs(a, alice.browser, `/bureau/sessions/${sessionId}/open`, []);
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('<small id="field-open-present-error" class="field-error">Cochez les membres du bureau présent·es.</small>');
    expect((await a.services.sessions.get(sessionId)).status).toBe('planned');
    expect(
      (
        await postPairs(a, alice.browser, `/bureau/sessions/${sessionId}/open`, [
          ['presentPersonIds', alice.id],
          ['presentPersonIds', bob.id],
        ])
      ).statusCode,
    ).toBe(303);
    await alice.browser.get(`/bureau/sessions/${sessionId}`);

    const refused = await alice.browser.post(`/bureau/sessions/${sessionId}/decisions`, {
      applicationId,
      outcome: 'rejected',
      votesFor: '0',
      votesAgainst: '2',
      rationale: ' ',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain(`<a href="#field-decision-${applicationId}-rationale">Un refus doit être motivé : écrivez le motif.</a>`);
    expect(refused.body).toContain(
      `<small id="field-decision-${applicationId}-rationale-error" class="field-error">Un refus doit être motivé : écrivez le motif.</small>`,
    );
    expect(refused.body).toContain(`aria-describedby="field-decision-${applicationId}-rationale-error field-decision-${applicationId}-rationale-hint"`);
    // What was typed stays in the form.
    expect(refused.body).toContain(`id="field-decision-${applicationId}-outcome-rejected" type="radio" name="outcome" value="rejected" checked`);
    expect(refused.body).toMatch(/name="votesAgainst" type="number" min="0" max="1000" value="2"/);
    expect((await a.services.sessions.get(sessionId)).decisions).toEqual([]);
    expect((await a.services.applications.get(system, applicationId)).status).toBe('scheduled');

    // A second session opened with one of three present has no quorum: no form, and a stale one is refused.
    const other = await a.services.sessions.create(system, { scheduledAt: '2026-03-20T19:00:00.000Z' });
    await a.services.sessions.addItem(system, other.id, { title: 'Budget' });
    await alice.browser.get(`/bureau/sessions/${other.id}`);
    expect((await postPairs(a, alice.browser, `/bureau/sessions/${other.id}/open`, [['presentPersonIds', alice.id]])).statusCode).toBe(303);
    const noQuorum = await alice.browser.get(`/bureau/sessions/${other.id}`);
    expect(noQuorum.body).toContain('non atteint (1 présent·es, 2 requis·es)');
    expect(noQuorum.body).toContain('Le quorum n’est pas atteint');
    const stale = await alice.browser.post(`/bureau/sessions/${other.id}/decisions`, { applicationId, outcome: 'accepted' });
    expect(stale.statusCode).toBe(422);
    expect(stale.body).toMatch(/role="alert"[^]*Quorum non atteint/);
  });

  it('adds free items and moves one up the agenda', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const session = await a.services.sessions.create(system, { scheduledAt: '2026-03-10T19:00:00.000Z' });
    await alice.browser.get(`/bureau/sessions/${session.id}`);
    const missing = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: '  ', body: 'Sans titre' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<small id="field-item-title-error" class="field-error">Ce champ est obligatoire.</small>');
    expect(missing.body).toContain('Sans titre');
    for (const title of ['Budget 2026', 'Nouveau serveur']) {
      expect((await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title, body: '' })).statusCode).toBe(303);
    }
    const [first, second] = (await a.services.sessions.get(session.id)).agenda;
    const page = await alice.browser.get(`/bureau/sessions/${session.id}`);
    expect(page.body).toContain('aria-label="Monter « Nouveau serveur » dans l’ordre du jour"');
    expect(page.body).not.toContain('aria-label="Monter « Budget 2026 »');

    const moved = await alice.browser.post(`/bureau/sessions/${session.id}/items/${second!.id}/move`, { direction: 'up' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`/bureau/sessions/${session.id}?notice=notice.agendaReordered#item-${second!.id}`);
    expect((await a.services.sessions.get(session.id)).agenda.map((i) => i.id)).toEqual([second!.id, first!.id]);
    const reordered = await alice.browser.get(`/bureau/sessions/${session.id}`);
    expect(reordered.body.indexOf('Nouveau serveur</h3>')).toBeLessThan(reordered.body.indexOf('Budget 2026</h3>'));

    const sideways = await alice.browser.post(`/bureau/sessions/${session.id}/items/${second!.id}/move`, { direction: 'sideways' });
    expect(sideways.statusCode).toBe(400);
    expect(sideways.body).toMatch(/role="alert"[^]*Choisissez une des options proposées\./);
  });

  it('shows the session page in English to a bureau member who reads English', async () => {
    const { sessionId } = await sessionWithApplication();
    const eve = await loggedIn(a, 'Eve Member', { office: 'member', locale: 'en' });
    const page = await eve.browser.get(`/bureau/sessions/${sessionId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<h1>Bureau session of Tuesday, 10 March 2026</h1>');
    expect(page.body).toContain('Quorum: a majority of the bureau, that is 3 present out of 4.');
    expect(page.body).toContain('Application of <a href="/people/');
    expect(page.body).toContain('Open the session');
    expect(page.body).toContain('Add an item to the agenda');
    expect(page.body).not.toMatch(/Séance|Ouvrir|Candidature|ordre du jour/);
  });
});

/** A membership as an accepted decision would have started it (the register's rows older than sessions look the same). */
