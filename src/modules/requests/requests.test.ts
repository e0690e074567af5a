import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, databaseFingerprint, dialectUnderTest, expectProblem, system, type TestAssociation } from '../../../test/harness.js';
import { http, lastMailTo, ok, onTeam, submitted, tokenOf, type Teammate } from '../../../test/requests.js';
import { buildApp } from '../../app.js';

describe(`requests: submitting, the inbox, replies, consultations, resolution (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let clara: Teammate;
  let theo: Teammate;
  beforeEach(async () => {
    a = await buildAssociation({ config: { REQUEST_LIMIT_PER_EMAIL: '2', REQUEST_LIMIT_PER_IP: '50' } });
    clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    theo = await onTeam(a, 'technique', 'member', 'Théo Technique');
  });
  afterEach(async () => a?.close());

  it('takes a request from anyone with an email, routes it to Communauté and mails the private link', async () => {
    const res = await http(a).post('/api/v1/requests', {
      email: 'Ana@Example.org',
      category: 'question',
      subject: 'Mot de passe oublié',
      message: 'Je ne reçois pas le mail.',
      link: 'https://cloud.example.org',
      locale: 'en',
    });
    const body = ok(res, 201);
    expect(body).toMatchObject({ status: 'new', category: 'question', teamSlug: 'communaute' });
    expect(body).not.toHaveProperty('token');
    const mail = await lastMailTo(a, 'ana@example.org');
    expect(mail).toMatchObject({ kind: 'request_received', locale: 'en' });
    const link = /\/requests\/follow\/([A-Za-z0-9_-]+)/.exec(mail.body)![1];
    expect(link).toBe(await tokenOf(a, body.id));
    const view = ok(await http(a).get(`/api/v1/requests/follow/${link}`));
    expect(view).toMatchObject({ id: body.id, subject: 'Mot de passe oublié', status: 'new', canReply: true, messages: [] });
    // Only the digest of the token is stored.
    const row = await a.database.db.selectFrom('requests').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(link);
    const audit = await a.services.audit.list({ subjectType: 'request', subjectId: body.id });
    expect(audit.items.map((e) => e.action)).toEqual(['request.submitted']);
    expect(JSON.stringify(audit.items)).not.toContain('example.org');
  });

  it('sends a join request to the chosen team and refuses one without a team', async () => {
    const { id } = await submitted(a, { category: 'join', teamSlug: 'technique', subject: 'Je veux aider' });
    expect((await a.services.requests.get(system, id)).teamSlug).toBe('technique');
    const before = await databaseFingerprint(a.database);
    const res = await http(a).post('/api/v1/requests', { email: 'x@example.org', category: 'join', subject: 'S', message: 'M' });
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/teamSlug']);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('answers a filled honeypot like any submission and keeps nothing', async () => {
    const before = await databaseFingerprint(a.database);
    const res = await http(a).post('/api/v1/requests', {
      email: 'bot@example.org',
      category: 'question',
      subject: 'Buy',
      message: 'Cheap',
      website: 'http://spam',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'new', teamSlug: 'communaute' });
    expect(await databaseFingerprint(a.database)).toBe(before);
    const browser = a.browser();
    await browser.get('/requests/new');
    const page = await browser.post('/requests/new', { email: 'bot@example.org', category: 'question', subject: 'Buy', message: 'Cheap', website: 'x' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/requests/new?notice=notice.requestReceived');
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('limits submissions per email with 429 and Retry-After, and remembers it across a restart', async () => {
    await submitted(a, { email: 'busy@example.org' });
    await submitted(a, { email: 'BUSY@example.org' });
    const before = await databaseFingerprint(a.database);
    const again = { email: 'busy@example.org', category: 'question', subject: 'Encore', message: 'Encore moi' };
    const refused = await http(a).post('/api/v1/requests', again);
    expectProblem(refused, 429, 'too_many_requests');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await databaseFingerprint(a.database)).toBe(before);
    // Another app on the same database (a restart, or a second instance) refuses too.
    const { app } = await buildApp({ database: a.database, config: a.config, clock: a.clock });
    try {
      expect((await app.inject({ method: 'POST', url: '/api/v1/requests', payload: again })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
    // The form shows the refusal with the values kept.
    const browser = a.browser();
    await browser.get('/requests/new');
    const page = await browser.post('/requests/new', again);
    expect(page.statusCode).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('value="Encore"');
    // An hour later the email may write again.
    a.clock.set(new Date(Date.now() + 61 * 60_000).toISOString());
    expect((await http(a).post('/api/v1/requests', again)).statusCode).toBe(201);
  });

  it("scopes the inbox to the actor's teams inside the query, with filters and keyset pages", async () => {
    const first = await submitted(a);
    const second = await submitted(a, { category: 'account' });
    const join = await submitted(a, { category: 'join', teamSlug: 'technique' });
    const mine = ok(await http(a).get('/api/v1/requests', clara.headers));
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([first.id, second.id]);
    expect(mine.items[0]).toMatchObject({ teamSlug: 'communaute', status: 'new', assignee: null, firstResponseMinutes: null, ageMinutes: 0 });
    const theirs = ok(await http(a).get('/api/v1/requests', theo.headers));
    expect(theirs.items.map((r: { id: string }) => r.id)).toEqual([join.id]);
    expectProblem(await http(a).get(`/api/v1/requests/${first.id}`, theo.headers), 404, 'not_found');
    expect((await http(a).page(`/requests/${first.id}`, theo.headers)).statusCode).toBe(404);
    const page1 = ok(await http(a).get('/api/v1/requests?limit=1', a.admin.headers));
    expect(page1.items).toHaveLength(1);
    const page2 = ok(await http(a).get(`/api/v1/requests?limit=1&cursor=${page1.nextCursor}`, a.admin.headers));
    expect(page2.items[0].id).toBe(second.id);
    const accounts = ok(await http(a).get('/api/v1/requests?category=account', clara.headers));
    expect(accounts.items.map((r: { id: string }) => r.id)).toEqual([second.id]);
    ok(await http(a).post(`/api/v1/requests/${first.id}/assign`, {}, clara.headers));
    expect(ok(await http(a).get('/api/v1/requests?assignee=me', clara.headers)).items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    expect(ok(await http(a).get('/api/v1/requests?assignee=none&status=new', clara.headers)).items.map((r: { id: string }) => r.id)).toEqual([second.id]);
    expect(ok(await http(a).get('/api/v1/requests?status=in_progress', clara.headers)).items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    // The home page of a Communauté member counts its open requests.
    const home = await http(a).page('/', clara.headers);
    expect(home.body).toContain('Communauté : 2 demandes ouvertes');
  });

  it('assigns only within the team', async () => {
    const { id } = await submitted(a);
    expectProblem(await http(a).post(`/api/v1/requests/${id}/assign`, { personId: theo.id }, clara.headers), 409, 'not_on_team');
    // An administrator off the team may look, but cannot take it.
    expectProblem(await http(a).post(`/api/v1/requests/${id}/assign`, {}, a.admin.headers), 409, 'not_on_team');
    const colleague = await onTeam(a, 'communaute', 'member', 'Camille Collègue');
    const view = ok(await http(a).post(`/api/v1/requests/${id}/assign`, { personId: colleague.id }, clara.headers));
    expect(view).toMatchObject({ status: 'in_progress', assignee: { personId: colleague.id, displayName: 'Camille Collègue' } });
    expect((await lastMailTo(a, colleague.email)).kind).toBe('request_assigned');
  });

  it('mails public replies, keeps internal notes inside, and brings a waiting request back when the requester answers', async () => {
    const { id, email } = await submitted(a);
    const token = await tokenOf(a, id);
    ok(await http(a).post(`/api/v1/requests/${id}/assign`, {}, clara.headers));
    a.clock.set(new Date(Date.now() + 90 * 60_000).toISOString());
    const replied = ok(await http(a).post(`/api/v1/requests/${id}/replies`, { body: 'Avez-vous vérifié vos indésirables ?' }, clara.headers), 201);
    expect(replied).toMatchObject({ status: 'waiting', firstResponseMinutes: 90 });
    const reply = await lastMailTo(a, email);
    expect(reply.kind).toBe('request_reply');
    expect(reply.body).toContain('Avez-vous vérifié vos indésirables ?');
    expect(reply.body).toContain(`/requests/follow/${token}`);
    ok(await http(a).post(`/api/v1/requests/${id}/replies`, { body: 'NOTE-SECRETE: compte suspect', internal: true }, clara.headers), 201);
    expect((await lastMailTo(a, email)).kind).toBe('request_reply');

    const answered = ok(await http(a).post(`/api/v1/requests/follow/${token}/replies`, { body: 'Rien dans les indésirables.' }), 201);
    expect(answered.status).toBe('in_progress');
    expect(answered.messages.map((m: { author: string; body: string }) => `${m.author}: ${m.body}`)).toEqual([
      'team: Avez-vous vérifié vos indésirables ?',
      'requester: Rien dans les indésirables.',
    ]);
    expect(JSON.stringify(answered)).not.toContain('NOTE-SECRETE');
    expect(JSON.stringify(answered)).not.toContain('Clara');
    const page = await http(a).page(`/requests/follow/${token}`);
    expect(page.body).toContain('Rien dans les indésirables.');
    expect(page.body).not.toContain('NOTE-SECRETE');
    expect((await lastMailTo(a, clara.email)).kind).toBe('request_requester_replied');
    const view = ok(await http(a).get(`/api/v1/requests/${id}`, clara.headers));
    expect(view.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true, false]);
    const actions = (await a.services.audit.list({ subjectType: 'request', subjectId: id })).items.map((e) => e.action).reverse();
    expect(actions).toEqual(['request.submitted', 'request.assigned', 'request.replied', 'request.noted', 'request.requester_replied']);
  });

  it('asks Technique, gets the answer back as an internal note, and keeps the request with Communauté', async () => {
    const { id } = await submitted(a, { subject: 'Le cloud est lent' });
    const token = await tokenOf(a, id);
    const asked = ok(await http(a).post(`/api/v1/requests/${id}/consult`, { teamSlug: 'technique', question: 'Incident en cours ?' }, clara.headers), 201);
    expect(asked).toMatchObject({ teamSlug: 'technique', status: 'open', question: 'Incident en cours ?' });
    expectProblem(await http(a).post(`/api/v1/requests/${id}/consult`, { teamSlug: 'communaute', question: 'Moi ?' }, clara.headers), 400, 'validation_failed');
    const waiting = ok(await http(a).get('/api/v1/requests/consultations?status=open', theo.headers));
    expect(waiting.items).toHaveLength(1);
    expect(waiting.items[0]).toMatchObject({ question: 'Incident en cours ?', request: { id, subject: 'Le cloud est lent', teamSlug: 'communaute' } });
    // What the team asked sees: not the requester's address nor message.
    expect(JSON.stringify(waiting.items[0])).not.toMatch(/requester\.|mot de passe/i);
    expect(ok(await http(a).get('/api/v1/requests/consultations', clara.headers)).items).toEqual([]);
    expectProblem(await http(a).post(`/api/v1/requests/consultations/${asked.id}/answer`, { answer: 'Moi' }, clara.headers), 404, 'not_found');
    const answered = ok(await http(a).post(`/api/v1/requests/consultations/${asked.id}/answer`, { answer: 'Oui, disque plein, réparé.' }, theo.headers));
    expect(answered).toMatchObject({ status: 'answered', answer: 'Oui, disque plein, réparé.', answeredBy: 'Théo Technique' });
    expectProblem(await http(a).post(`/api/v1/requests/consultations/${asked.id}/answer`, { answer: 'Encore' }, theo.headers), 409, 'already_decided');
    const view = ok(await http(a).get(`/api/v1/requests/${id}`, clara.headers));
    expect(view.teamSlug).toBe('communaute');
    expect(view.messages).toEqual([
      expect.objectContaining({ author: 'consultation', internal: true, body: 'Oui, disque plein, réparé.', consultationId: asked.id }),
    ]);
    expect(JSON.stringify(ok(await http(a).get(`/api/v1/requests/follow/${token}`)))).not.toContain('disque plein');
    expect((await lastMailTo(a, clara.email)).kind).toBe('request_consultation_answered');
  });

  it('records one confirmed contribution for the handler, however often the request is resolved', async () => {
    const { id, email } = await submitted(a);
    ok(await http(a).post(`/api/v1/requests/${id}/assign`, {}, clara.headers));
    const colleague = await onTeam(a, 'communaute', 'member', 'Camille Collègue');
    const resolved = ok(await http(a).post(`/api/v1/requests/${id}/resolve`, {}, colleague.headers));
    expect(resolved.status).toBe('resolved');
    expect((await lastMailTo(a, email)).kind).toBe('request_resolved');
    expectProblem(await http(a).post(`/api/v1/requests/${id}/resolve`, {}, clara.headers), 409, 'illegal_transition');
    ok(await http(a).post(`/api/v1/requests/${id}/reopen`, {}, clara.headers));
    ok(await http(a).post(`/api/v1/requests/${id}/resolve`, {}, clara.headers));
    const rows = await a.database.db.selectFrom('contributions').selectAll().where('external_id', '=', `request:${id}`).execute();
    expect(rows).toEqual([expect.objectContaining({ person_id: clara.id, kind: 'requests', status: 'confirmed', source: 'requests' })]);
    const activity = ok(await http(a).get(`/api/v1/people/${clara.id}/activity`, clara.headers));
    expect(activity.contributionsInWindow).toBe(1);
    const closed = ok(await http(a).post(`/api/v1/requests/${id}/close`, {}, clara.headers));
    expect(closed).toMatchObject({ status: 'closed', allowedActions: [] });
    expectProblem(await http(a).post(`/api/v1/requests/follow/${await tokenOf(a, id)}/replies`, { body: 'Merci' }), 409, 'illegal_transition');
  });

  it('closes a resolved request by itself after REQUEST_CLOSE_AFTER_DAYS, unless the requester answered meanwhile', async () => {
    a.clock.set('2026-12-01T10:00:00.000Z');
    const left = await submitted(a);
    const answered = await submitted(a, { email: 'autre@example.org' });
    for (const r of [left, answered]) ok(await http(a).post(`/api/v1/requests/${r.id}/resolve`, {}, clara.headers));
    // The requester of the second one writes back: it is open again.
    a.clock.set('2026-12-05T10:00:00.000Z');
    ok(await http(a).post(`/api/v1/requests/follow/${await tokenOf(a, answered.id)}/replies`, { body: 'Ça ne marche toujours pas' }), 201);

    a.clock.set('2026-12-15T09:59:59.000Z');
    expect(await a.services.requests.closeResolved()).toBe(0);
    a.clock.set('2026-12-15T10:00:00.000Z');
    expect(await a.services.requests.closeResolved()).toBe(1);
    expect(await a.services.requests.closeResolved()).toBe(0);

    expect(ok(await http(a).get(`/api/v1/requests/${left.id}`, clara.headers))).toMatchObject({ status: 'closed' });
    expect(ok(await http(a).get(`/api/v1/requests/${answered.id}`, clara.headers)).status).not.toBe('closed');
    const audit = await a.services.audit.list({ subjectType: 'request', subjectId: left.id });
    expect(audit.items[0]).toMatchObject({ action: 'request.closed', actorId: null, after: { from: 'resolved', afterDays: 14 } });
    // Its link still reads for 30 days, and takes no more answers.
    const view = ok(await http(a).get(`/api/v1/requests/follow/${await tokenOf(a, left.id)}`));
    expect(view).toMatchObject({ status: 'closed', canReply: false });
  });
});
