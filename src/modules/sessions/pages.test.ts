import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact-render-to-string';
import { buildAssociation, dialectUnderTest, system, type Browser, type TestAssociation } from '../../../test/harness.js';
import type { Office } from '../../platform/auth/actor.js';
import { instantInZone, movedOrder, readDecisionForm } from './session-forms.js';
import { MinutesDocument, plainText } from './minutes-page.js';
import { mailedResetToken } from '../../../test/mailbox.js';

const PASSWORD = 'a long and private passphrase';

describe('instantInZone: a wall-clock time of the association to a UTC instant', () => {
  it.each([
    ['2026-12-01', '20:00', 'Europe/Paris', '2026-12-01T19:00:00.000Z'],
    ['2026-07-15', '20:00', 'Europe/Paris', '2026-07-15T18:00:00.000Z'],
    ['2026-07-15', '20:00', 'America/Montreal', '2026-07-16T00:00:00.000Z'],
    ['2026-07-15', '00:00', 'UTC', '2026-07-15T00:00:00.000Z'],
    // Clocks go forward at 02:00 on 29 March: 02:30 does not exist and reads as 03:30 (RFC 5545).
    ['2026-03-29', '02:30', 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    // Clocks go back at 03:00 on 25 October: 02:30 happens twice, the first one counts.
    ['2026-10-25', '02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, instant) => {
    expect(instantInZone(date, time, zone)).toBe(instant);
  });

  it.each([
    ['2026-02-30', '20:00'],
    ['2026-12-01', '24:00'],
    ['2026-12-01', '8:00'],
    ['', '20:00'],
    ['2026-12-01', ''],
  ])('refuses %j %j', (date, time) => {
    expect(instantInZone(date, time, 'Europe/Paris')).toBeNull();
  });
});

describe('the forms of the session pages', () => {
  it('reads votes: none given records none, one given counts the others as zero', () => {
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted' }).input.votes).toBeUndefined();
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted', votesFor: '3' }).input.votes).toEqual({ for: 3, against: 0, abstain: 0 });
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted', votesFor: 'trois' }).errors).toEqual([
      { path: '/decision-a1-votes', code: 'invalid_number', message: 'whole numbers from 0 to 1000' },
    ]);
  });

  it('reads a decision on an agenda item by its id, offering the outcomes of a lapse review', () => {
    const read = readDecisionForm({ agendaItemId: 'i1', outcome: 'kept', rationale: ' Reprise annoncée ' });
    expect(read).toMatchObject({ target: { agendaItemId: 'i1' }, form: 'decision-i1', input: { outcome: 'kept', rationale: 'Reprise annoncée' }, errors: [] });
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted' }).target).toEqual({ applicationId: 'a1' });
    // An application's outcome is not one of a lapse review's, and the reverse.
    expect(readDecisionForm({ agendaItemId: 'i1', outcome: 'accepted' }).errors.map((e) => e.path)).toEqual(['/decision-i1-outcome']);
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'excluded' }).errors.map((e) => e.path)).toEqual(['/decision-a1-outcome']);
  });

  it('moves an item one step, and leaves the order alone at either end', () => {
    expect(movedOrder(['a', 'b', 'c'], 'c', 'up')).toEqual(['a', 'c', 'b']);
    expect(movedOrder(['a', 'b', 'c'], 'a', 'down')).toEqual(['b', 'a', 'c']);
    expect(movedOrder(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(movedOrder(['a', 'b'], 'z', 'up')).toBeNull();
  });

  it('renders the Markdown of the minutes: headings, lists, bold and quotes, people’s text kept as text', () => {
    const html = render(
      MinutesDocument({
        markdown:
          '# Procès-verbal\n\n- Décision : **acceptée**\n- Motif : \\<script\\>alert(1)\\</script\\> \\*\\*pas gras\\*\\*\n\n> Projet.\n\nUn 2 \\* 3 ** seul\n',
      }),
    );
    expect(html).toContain('<h1>Procès-verbal</h1>');
    expect(html).toContain('<li>Décision : <strong>acceptée</strong></li>');
    expect(html).toContain('<li>Motif : &lt;script>alert(1)&lt;/script> **pas gras**</li>');
    expect(html).toContain('<blockquote><p>Projet.</p></blockquote>');
    expect(html).toContain('<p>Un 2 * 3 ** seul</p>');
    expect(plainText('Candidature de Jean \\_Dupont\\_ **x**')).toBe('Candidature de Jean _Dupont_ x');
  });
});

/** A fresh person who set a password through the mailed reset link, logged in in their own browser. */
async function loggedIn(a: TestAssociation, displayName: string, options: { office?: Office; locale?: 'fr' | 'en' } = {}) {
  const p = await a.person({ displayName, locale: options.locale });
  if (options.office) await a.services.bureau.appoint(system, { personId: p.id, office: options.office });
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  return { ...p, browser };
}

/** A form with a repeated field (checkboxes), which Browser.post cannot send. */
async function postPairs(a: TestAssociation, browser: Browser, url: string, pairs: [string, string][]) {
  const body = new URLSearchParams([['_csrf', browser.csrf], ...pairs]).toString();
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return a.app.inject({ method: 'POST', url, payload: body, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie } });
}

const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));

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
async function memberSince(a: TestAssociation, personId: string, since: string) {
  const now = a.clock.now();
  await a.database.db
    .insertInto('memberships')
    .values({
      id: `m-${personId}`,
      person_id: personId,
      status: 'active',
      since,
      until: null,
      decision_id: null,
      warned_until: null,
      lapsing_since: null,
      grace_until: null,
      review_since: null,
      ended_reason: null,
      ended_decision_id: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}

const mailsOf = (a: TestAssociation, personId: string) =>
  a.database.db.selectFrom('mail_log').select(['kind', 'body_text']).where('person_id', '=', personId).orderBy('created_at').execute();

describe(`membership items on the session pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** A bureau of three, and a member with no activity whose grace ran out: the review is on the session of 12 May. */
  async function lapseReview() {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const bob = await loggedIn(a, 'Bob Secrétaire', { office: 'secretary' });
    const chloe = await loggedIn(a, 'Chloé Trésorière', { office: 'treasurer' });
    const marc = await a.person({ displayName: 'Marc Membre' });
    await memberSince(a, marc.id, '2025-01-10');
    expect(await a.services.lifecycle.run('2026-03-02')).toMatchObject({ lapsing: 1 });
    const session = await a.services.sessions.create(system, { scheduledAt: '2026-05-12T18:00:00.000Z' });
    // Grace is 60 days from the notice: it ends on 1 May; the next day's run asks the bureau.
    expect(await a.services.lifecycle.run('2026-05-01')).toMatchObject({ reviews: 0 });
    expect(await a.services.lifecycle.run('2026-05-02')).toMatchObject({ reviews: 1 });
    const item = (await a.services.sessions.get(session.id)).agenda.find((i) => i.kind === 'membership')!;
    expect(item).toMatchObject({ memberName: 'Marc Membre', state: 'open' });
    return { alice, bob, chloe, marc, sessionId: session.id, itemId: item.id };
  }

  it('shows the lapse review with the activity; refuses “kept” without a rationale beside the field; confirms the lapse through the form; the minutes say so', async () => {
    const { alice, bob, chloe, marc, sessionId, itemId } = await lapseReview();
    const before = await alice.browser.get(`/bureau/sessions/${sessionId}`);
    expect(before.statusCode).toBe(200);
    const item = between(before.body, `id="item-${itemId}"`, '</article>');
    expect(item).toContain(`Fin d’adhésion de <a href="/people/${marc.id}">Marc Membre</a> : délai de grâce écoulé le 1 mai 2026</h3>`);
    expect(item).toContain('Membre depuis le 10 janvier 2025. Adhésion en suspens depuis le 2 mars 2026');
    expect(item).toContain('<h4>Activité</h4>');
    expect(item).not.toContain('name="outcome"');

    // The bureau meets on the planned day, 12 May (opened earlier, the session would be held that
    // day instead); ten weeks on, the sign-in of 2 March has expired: Alice signs in again.
    a.clock.set('2026-05-12T18:00:00.000Z');
    expect((await alice.browser.login(alice.email, PASSWORD)).statusCode).toBe(303);
    await alice.browser.get(`/bureau/sessions/${sessionId}`);
    await postPairs(
      a,
      alice.browser,
      `/bureau/sessions/${sessionId}/open`,
      [alice.id, bob.id, chloe.id].map((id) => ['presentPersonIds', id]),
    );
    const open = await alice.browser.get(`/bureau/sessions/${sessionId}`);
    const form = between(open.body, `id="item-${itemId}"`, '</article>');
    expect(form).toContain(`<input type="hidden" name="agendaItemId" value="${itemId}"/>`);
    for (const outcome of ['lapse_confirmed', 'kept', 'excluded', 'deferred']) expect(form).toContain(`name="outcome" value="${outcome}"`);
    expect(form).not.toContain('value="accepted"');

    const kept = await alice.browser.post(`/bureau/sessions/${sessionId}/decisions`, { agendaItemId: itemId, outcome: 'kept', rationale: '' });
    expect(kept.statusCode).toBe(400);
    expect(kept.body).toContain(
      `<small id="field-decision-${itemId}-rationale-error" class="field-error">Maintenir l’adhésion doit être motivé : écrivez le motif.</small>`,
    );
    expect(kept.body).toContain(`id="field-decision-${itemId}-outcome-kept" type="radio" name="outcome" value="kept" checked`);
    expect((await a.services.sessions.get(sessionId)).decisions).toEqual([]);
    expect((await a.services.memberships.of(system, marc.id)).status).toBe('lapsing');

    const confirmed = await alice.browser.post(`/bureau/sessions/${sessionId}/decisions`, {
      agendaItemId: itemId,
      outcome: 'lapse_confirmed',
      votesFor: '3',
      rationale: 'Aucune contribution depuis un an.',
    });
    expect(confirmed.statusCode).toBe(303);
    expect(await a.services.memberships.of(system, marc.id)).toMatchObject({ status: 'lapsed', until: '2026-05-12' });
    expect((await mailsOf(a, marc.id)).map((m) => m.kind)).toEqual(['membership_lapsing', 'membership_lapse_confirmed']);
    const after = await alice.browser.get(String(confirmed.headers.location));
    expect(between(after.body, `id="item-${itemId}"`, '</article>')).toContain('Décision : <strong>fin d’adhésion confirmée</strong>');

    expect((await alice.browser.post(`/bureau/sessions/${sessionId}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    const minutes = await alice.browser.get(`/bureau/sessions/${sessionId}/minutes`);
    expect(minutes.body).toContain('<h3>1. Fin d’adhésion de Marc Membre</h3>');
    expect(minutes.body).toContain('<li>Décision : <strong>fin d’adhésion confirmée</strong></li>');
    expect(minutes.body).toContain('<li>Motif : Aucune contribution depuis un an.</li>');
    const member = await a.actingAs('member');
    const asMember = await a.app.inject({ method: 'GET', url: `/bureau/sessions/${sessionId}/minutes`, headers: { ...member.headers, accept: 'text/html' } });
    expect(asMember.body).toContain('<h3>1. Fin d’adhésion de Marc Membre</h3>');
    expect(asMember.body).toContain('<li>Décision : <strong>fin d’adhésion confirmée</strong></li>');
    expect(asMember.body).not.toContain('Aucune contribution depuis un an.');
    expect(asMember.body).not.toContain('Votes');
  });

  it('carries an undecided lapse review over to the next session, and the minutes say where', async () => {
    const { alice, bob, chloe, sessionId, itemId } = await lapseReview();
    const next = await a.services.sessions.create(system, { scheduledAt: '2026-06-02T18:00:00.000Z' });
    await alice.browser.get(`/bureau/sessions/${sessionId}`);
    await postPairs(
      a,
      alice.browser,
      `/bureau/sessions/${sessionId}/open`,
      [alice.id, bob.id, chloe.id].map((id) => ['presentPersonIds', id]),
    );
    expect((await alice.browser.post(`/bureau/sessions/${sessionId}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await a.services.sessions.get(sessionId)).agenda.find((i) => i.id === itemId)).toMatchObject({ state: 'carried_over', carriedTo: next.id });
    expect((await a.services.sessions.get(next.id)).agenda.map((i) => [i.kind, i.memberName])).toEqual([['membership', 'Marc Membre']]);
    const minutes = await alice.browser.get(`/bureau/sessions/${sessionId}/minutes`);
    expect(minutes.body).toContain('<h3>1. Fin d’adhésion de Marc Membre</h3>');
    expect(minutes.body).toContain('<li>Non examinée : reportée à la séance du mardi 2 juin 2026.</li>');
  });

  it('excludes a member through a free item about them: a rationale is required, the member is told', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const bob = await loggedIn(a, 'Bob Secrétaire', { office: 'secretary' });
    const zoe = await a.person({ displayName: 'Zoé Membre' });
    await memberSince(a, zoe.id, '2025-06-01');
    const stranger = await a.person({ displayName: 'Paul Passant' });
    const session = await a.services.sessions.create(system, { scheduledAt: '2026-03-10T19:00:00.000Z' });

    const planning = await alice.browser.get(`/bureau/sessions/${session.id}`);
    expect(between(planning.body, 'id="field-item-personId"', '</select>')).toContain(`<option value="${zoe.id}">Zoé Membre</option>`);
    expect(planning.body).not.toContain('Paul Passant');
    const notMember = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Signalements', body: '', personId: stranger.id });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toContain('<small id="field-item-personId-error" class="field-error">Cette personne n’est pas membre aujourd’hui.</small>');
    expect((await a.services.sessions.get(session.id)).agenda).toEqual([]);
    const added = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, {
      title: 'Comportement sur le forum',
      body: 'Plusieurs signalements de harcèlement.',
      personId: zoe.id,
    });
    expect(added.statusCode).toBe(303);
    const [item] = (await a.services.sessions.get(session.id)).agenda;
    expect(item).toMatchObject({ kind: 'free', personId: zoe.id, memberName: 'Zoé Membre' });

    // The bureau meets on the planned day (a session opened earlier would be held that day instead).
    a.clock.set('2026-03-10T19:00:00.000Z');
    await postPairs(
      a,
      alice.browser,
      `/bureau/sessions/${session.id}/open`,
      [alice.id, bob.id].map((id) => ['presentPersonIds', id]),
    );
    const open = await alice.browser.get(`/bureau/sessions/${session.id}`);
    const shown = between(open.body, `id="item-${item!.id}"`, '</article>');
    expect(shown).toContain(`Au sujet de : <a href="/people/${zoe.id}">Zoé Membre</a> — Membre depuis le 1 juin 2025.`);
    expect(shown).toContain('name="outcome" value="excluded"');
    expect(shown).toContain('name="outcome" value="deferred"');
    expect(shown).not.toContain('value="lapse_confirmed"');

    const bare = await alice.browser.post(`/bureau/sessions/${session.id}/decisions`, { agendaItemId: item!.id, outcome: 'excluded', rationale: ' ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain(
      `<small id="field-decision-${item!.id}-rationale-error" class="field-error">Une exclusion doit être motivée : écrivez le motif.</small>`,
    );
    expect((await a.services.memberships.of(system, zoe.id)).status).toBe('active');

    const excluded = await alice.browser.post(`/bureau/sessions/${session.id}/decisions`, {
      agendaItemId: item!.id,
      outcome: 'excluded',
      rationale: 'Harcèlement répété malgré deux avertissements.',
    });
    expect(excluded.statusCode).toBe(303);
    expect(await a.services.memberships.of(system, zoe.id)).toMatchObject({ status: 'excluded', until: '2026-03-10' });
    const mails = await mailsOf(a, zoe.id);
    expect(mails.map((m) => m.kind)).toEqual(['membership_excluded']);
    expect(mails[0]!.body_text).toContain('Harcèlement répété malgré deux avertissements.');

    expect((await alice.browser.post(`/bureau/sessions/${session.id}/close`, { confirmed: 'yes' })).statusCode).toBe(303);
    const minutes = await alice.browser.get(`/bureau/sessions/${session.id}/minutes`);
    expect(minutes.body).toContain('<h3>1. Comportement sur le forum</h3>');
    expect(minutes.body).toContain('<li>Au sujet de : Zoé Membre</li>');
    expect(minutes.body).toContain('<li>Décision : <strong>exclusion prononcée</strong></li>');
    expect(minutes.body).toContain('<li>Motif : Harcèlement répété malgré deux avertissements.</li>');
    const member = await a.actingAs('member');
    const asMember = await a.app.inject({ method: 'GET', url: `/bureau/sessions/${session.id}/minutes`, headers: { ...member.headers, accept: 'text/html' } });
    expect(asMember.body).toContain('<li>Décision : <strong>exclusion prononcée</strong></li>');
    expect(asMember.body).not.toContain('Harcèlement');
  });

  it('shows a returning applicant’s previous membership and how it ended beside the application', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const session = await a.services.sessions.create(system, { scheduledAt: '2026-03-10T19:00:00.000Z' });
    const remi = await a.person({ displayName: 'Rémi Revenant' });
    await a.services.teams.addToRoster(system, 'technique', remi.id, 'member');
    await memberSince(a, remi.id, '2024-01-15');
    const headers = await a.bearer(remi.id);
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/people/${remi.id}/membership/resign`, headers })).statusCode).toBe(200);
    const applied = await a.app.inject({ method: 'POST', url: '/api/v1/applications', headers, payload: { motivation: 'Je reviens après une pause.' } });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().sessionId).toBe(session.id);

    const page = await alice.browser.get(`/bureau/sessions/${session.id}`);
    const item = between(page.body, 'Candidature de', '</article>');
    expect(item).toContain('<h4>Adhésions précédentes</h4>');
    expect(item).toContain('<li>Membre du 15 janvier 2024 au 2 mars 2026 : démission.</li>');
    // A first-time applicant has no such section.
    const dana = await a.actingAs('contributor');
    await a.app.inject({ method: 'POST', url: '/api/v1/applications', headers: dana.headers, payload: { motivation: 'Première candidature.' } });
    const again = await alice.browser.get(`/bureau/sessions/${session.id}`);
    expect(again.body.match(/Adhésions précédentes/g)).toHaveLength(1);
  });
});
