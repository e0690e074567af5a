import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { http, ok, onTeam, submitted, type Teammate } from '../../../test/requests.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { keysOf } from '../../platform/auth/keys.js';

/** Every mail to this address, oldest first, as its recipient reads it. */
async function mailsTo(a: TestAssociation, to: string) {
  const rows = await a.database.db
    .selectFrom('mail_log')
    .select(['id', 'kind', 'locale'])
    .where('to_address', '=', to.trim().toLowerCase())
    .orderBy('id')
    .execute();
  const mails = createMailRepository(a.database.db, keysOf(a.config));
  return Promise.all(rows.map(async (r) => ({ ...(await mails.forDelivery(r.id))!, kind: r.kind, locale: r.locale })));
}

const requestMails = async (a: TestAssociation, to: string) => (await mailsTo(a, to)).filter((m) => /^(request|report)_(new|question|digest)$/.test(m.kind));

describe(`who is told of a new request (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let clara: Teammate;
  let lou: Teammate;
  let theo: Teammate;
  beforeEach(async () => {
    a = await buildAssociation();
    clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    lou = await onTeam(a, 'communaute', 'lead', 'Lou Lead');
    await a.services.people.update(system, lou.id, { locale: 'en' });
    theo = await onTeam(a, 'technique', 'member', 'Théo Technique');
  });
  afterEach(async () => a?.close());

  it("mails each person on the request's team, in their language, with what it is about and the link to it; nobody else", async () => {
    const { id } = await submitted(a, {
      email: 'ana@example.org',
      name: 'Ana',
      subject: 'Accès au wiki',
      message: 'Bonjour,\nje ne reçois pas le mail.\nMerci',
    });
    const [toClara] = await requestMails(a, clara.email);
    expect(toClara).toMatchObject({ kind: 'request_new', locale: 'fr' });
    expect(toClara.subject).toBe('Nouvelle demande pour l’équipe Communauté : Accès au wiki');
    expect(toClara.body).toContain('Catégorie : Question ou aide');
    expect(toClara.body).toContain('De : Ana <ana@example.org>');
    expect(toClara.body).toContain('je ne reçois pas le mail.');
    expect(toClara.body).toContain(`/requests/${id}`);
    const [toLou] = await requestMails(a, lou.email);
    expect(toLou).toMatchObject({ kind: 'request_new', locale: 'en' });
    expect(toLou.subject).toBe('New request for the Community team: Accès au wiki');
    expect(toLou.body).toContain('Category: Question or help');
    expect(await requestMails(a, theo.email)).toEqual([]);
    expect(await requestMails(a, a.admin.email)).toEqual([]);
  });

  it('a person who chose a daily digest gets no mail at once, then one digest listing the day’s requests, once', async () => {
    await a.services.people.update(system, clara.id, { requestNotifications: 'daily' });
    a.clock.set('2027-03-01T09:00:00.000Z');
    const first = await submitted(a, { subject: 'Première' });
    expect(await requestMails(a, clara.email)).toEqual([]);
    expect(await requestMails(a, lou.email)).toHaveLength(1);

    a.clock.set('2027-03-01T10:00:00.000Z');
    expect(await a.services.requests.sendDigests()).toBe(1);
    // The next run, and another instance at once, send nothing more.
    expect(await Promise.all([a.services.requests.sendDigests(), a.services.requests.sendDigests()])).toEqual([0, 0]);
    const [digest, ...more] = await requestMails(a, clara.email);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ kind: 'request_digest', locale: 'fr', subject: 'Demandes : 1 nouveauté dans vos équipes' });
    expect(digest.body).toContain(`[Communauté] Première (Question ou aide) : `);
    expect(digest.body).toContain(`/requests/${first.id}`);

    // Later that day, another request: it waits for tomorrow's digest.
    a.clock.set('2027-03-01T15:00:00.000Z');
    const second = await submitted(a, { subject: 'Seconde' });
    a.clock.set('2027-03-01T16:00:00.000Z');
    expect(await a.services.requests.sendDigests()).toBe(0);
    a.clock.set('2027-03-02T09:58:00.000Z');
    expect(await a.services.requests.sendDigests()).toBe(1);
    const digests = await requestMails(a, clara.email);
    expect(digests).toHaveLength(2);
    expect(digests[1].body).toContain(`/requests/${second.id}`);
    expect(digests[1].body).not.toContain(`/requests/${first.id}`);
    // A day with nothing new sends nothing.
    a.clock.set('2027-03-03T10:00:00.000Z');
    expect(await a.services.requests.sendDigests()).toBe(0);
  });

  it('a person who chose nothing is told nothing, neither at once nor in a digest', async () => {
    await a.services.people.update(system, clara.id, { requestNotifications: 'off' });
    await submitted(a);
    a.clock.set(new Date(Date.now() + 3_600_000).toISOString());
    await a.services.requests.sendDigests();
    expect(await requestMails(a, clara.email)).toEqual([]);
    expect(await requestMails(a, lou.email)).toHaveLength(1);
  });

  it('never tells the person a report is about, even on the moderation team, nor in a digest', async () => {
    await a.services.people.update(system, lou.id, { requestNotifications: 'daily' });
    await submitted(a, { category: 'moderation', concerns: clara.email, subject: 'Propos blessants', name: 'Zoé' });
    await submitted(a, { category: 'moderation', concerns: lou.email, subject: 'Autre signalement' });
    expect((await requestMails(a, clara.email)).map((m) => m.subject)).toEqual(['Nouvelle demande pour l’équipe Communauté : Autre signalement']);
    const [report] = await requestMails(a, clara.email);
    expect(report.kind).toBe('report_new');
    expect(report.body).toContain('De : nom non donné');
    expect(report.body).not.toContain('@example.org>');
    a.clock.set(new Date(Date.now() + 3_600_000).toISOString());
    expect(await a.services.requests.sendDigests()).toBe(1);
    const [digest] = await requestMails(a, lou.email);
    expect(digest.kind).toBe('report_digest');
    expect(digest.body).toContain('Propos blessants');
    expect(digest.body).not.toContain('Autre signalement');
  });

  it("a question asked to another team tells that team's people, with the link to the question", async () => {
    const { id } = await submitted(a, { subject: 'Wiki' });
    const asked = ok(await http(a).post(`/api/v1/requests/${id}/consult`, { teamSlug: 'technique', question: 'Le compte existe-t-il ?' }, clara.headers), 201);
    const [toTheo] = await requestMails(a, theo.email);
    expect(toTheo).toMatchObject({ kind: 'request_question', subject: 'Question de l’équipe Communauté à l’équipe Technique' });
    expect(toTheo.body).toContain('Le compte existe-t-il ?');
    expect(toTheo.body).toContain(`/requests/consultations/${asked.id}`);
    expect((await requestMails(a, clara.email)).map((m) => m.kind)).toEqual(['request_new']);
  });
});

describe(`a team with nobody on it (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => a?.close());

  it('the request page warns that a question to a team with nobody on it will wait, and still asks it', async () => {
    a = await buildAssociation();
    const clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    const { id } = await submitted(a);
    const warning = 'Personne n’est dans l’équipe Technique : la demande attendra.';
    const before = await http(a).page(`/requests/${id}`, clara.headers);
    expect(before.body).toContain(warning);
    expect(before.body).not.toContain('Personne n’est dans l’équipe Communauté');
    ok(await http(a).post(`/api/v1/requests/${id}/consult`, { teamSlug: 'technique', question: 'Qui sait ?' }, clara.headers), 201);
    expect((await http(a).page(`/requests/${id}`, clara.headers)).body).toContain(warning);
    // Once someone joins, no more warning.
    await onTeam(a, 'technique', 'member', 'Théo Technique');
    expect((await http(a).page(`/requests/${id}`, clara.headers)).body).not.toContain(warning);
  });

  it('the reply to the requester and the internal note are two forms that do not look alike', async () => {
    a = await buildAssociation();
    const clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    const { id } = await submitted(a);
    const page = (await http(a).page(`/requests/${id}`, clara.headers)).body;
    expect(page.match(new RegExp(`action="/requests/${id}/replies"`, 'g'))).toHaveLength(2);
    expect(page).toContain('Réponse à la personne qui demande (envoyée par e-mail)');
    expect(page).toMatch(/class="internal-note-form"[\s\S]*Note interne — jamais envoyée au\/à la demandeur·euse[\s\S]*name="internal" value="yes"/);
  });
});
