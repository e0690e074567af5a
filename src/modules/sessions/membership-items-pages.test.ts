import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { between, loggedIn, PASSWORD, postPairs } from '../../../test/session-browsers.js';

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

    // The member is picked by typing their name: the page lists no one, the picker searches today's members only.
    const planning = await alice.browser.get(`/bureau/sessions/${session.id}`);
    expect(planning.body).toMatch(
      /<input id="field-item-person" name="person" type="search"[^>]*hx-get="\/people\/picker\?field=item-person&amp;members=true"/,
    );
    expect(planning.body).not.toContain('Zoé Membre');
    const picked = await alice.browser.get('/people/picker?field=item-person&members=true&person=membr');
    expect(picked.body).toContain(`<input id="item-person-pick-0" type="radio" name="personId" value="${zoe.id}" checked/>Zoé Membre`);
    const passant = await alice.browser.get('/people/picker?field=item-person&members=true&person=passant');
    expect(passant.body).toContain('Aucun·e membre ne s’appelle « passant ».');
    expect(passant.body).not.toContain('Paul Passant');
    expect(passant.body).not.toContain('/people/new');
    const notMember = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Signalements', body: '', personId: stranger.id });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toContain('<small id="field-item-person-error" class="field-error">Cette personne n’est pas membre aujourd’hui.</small>');
    // Without a script the name is sent as typed, and looked for among the members only.
    const typedStranger = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Signalements', body: '', person: 'Paul Passant' });
    expect(typedStranger.statusCode).toBe(400);
    expect(typedStranger.body).toContain(
      '<small id="field-item-person-error" class="field-error">Aucun·e membre ne porte ce nom aujourd’hui : vérifiez-le.</small>',
    );
    expect(typedStranger.body).toContain('value="Signalements"');
    expect((await a.services.sessions.get(session.id)).agenda).toEqual([]);
    const added = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, {
      title: 'Comportement sur le forum',
      body: 'Plusieurs signalements de harcèlement.',
      person: 'zoe membre',
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

  it('names the member of an item without a script: several matching members are offered to choose from, an item about nobody is fine', async () => {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president' });
    const [zoe, zelie] = [await a.person({ displayName: 'Zoé Martin' }), await a.person({ displayName: 'Zélie Martin' })];
    for (const p of [zoe, zelie]) await memberSince(a, p.id, '2025-06-01');
    await a.person({ displayName: 'Marc Martin' });
    const session = await a.services.sessions.create(system, { scheduledAt: '2026-03-10T19:00:00.000Z' });
    await alice.browser.get(`/bureau/sessions/${session.id}`);

    const several = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Signalements', body: '', person: 'martin' });
    expect(several.statusCode).toBe(400);
    expect(several.body).toContain('Plusieurs personnes correspondent : choisissez-en une ci-dessous.');
    const offered = between(several.body, 'id="item-person-matches"', '</fieldset>');
    expect(offered).toContain(`value="${zelie.id}"/>Zélie Martin`);
    expect(offered).toContain(`value="${zoe.id}"/>Zoé Martin`);
    expect(offered).not.toContain('Marc Martin');
    const chosen = await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Signalements', body: '', person: 'martin', personId: zelie.id });
    expect(chosen.statusCode).toBe(303);
    expect((await alice.browser.post(`/bureau/sessions/${session.id}/agenda`, { title: 'Budget', body: '', person: ' ' })).statusCode).toBe(303);
    expect((await a.services.sessions.get(session.id)).agenda.map((i) => [i.title, i.personId])).toEqual([
      ['Signalements', zelie.id],
      ['Budget', null],
    ]);
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
