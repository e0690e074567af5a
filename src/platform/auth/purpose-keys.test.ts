import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, expectProblem, system, type TestAssociation } from '../../../test/harness.js';
import { mailedLink } from '../../../test/mailbox.js';
import { http, submitted } from '../../../test/requests.js';
import { digestToken } from './secrets.js';

/**
 * Keys and their purposes (docs/security.md): the form token, the bureau's calendar keys and the
 * assembly personal links used to be HMACs under the one master secret, and the form token was
 * computed from a cookie the visitor chose. These are the attacks that worked, written as they
 * were done, and what became of the links issued before.
 */
describe(`one key per purpose, form tokens from server-issued seeds (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => a?.close());

  /** The form token GET /login hands a visitor whose eq_csrf cookie is `seed`. */
  async function formTokenFor(seed: string): Promise<{ token: string; setCookie: string | undefined }> {
    const page = await a.app.inject({ method: 'GET', url: '/login', headers: { accept: 'text/html', cookie: `eq_csrf=${seed}` } });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const setCookie = ([page.headers['set-cookie'] ?? []].flat() as string[]).find((c) => c.startsWith('eq_csrf='));
    return { token, setCookie };
  }

  async function bureauMember() {
    const p = await a.person({ displayName: 'Bérénice Bureau' });
    await a.services.bureau.appoint(system, { personId: p.id, office: 'president', since: '2025-01-01' });
    return { ...p, headers: await a.bearer(p.id) };
  }

  async function convenedInvitee(bureau?: Awaited<ReturnType<typeof bureauMember>>) {
    bureau ??= await bureauMember();
    const contributor = await a.person({ displayName: 'Dana Contributrice' });
    await a.services.teams.addToRoster(system, 'technique', contributor.id, 'member');
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/assemblies',
      headers: bureau.headers,
      payload: { kind: 'ordinary', title: 'AG 2027', scheduledAt },
    });
    expect(created.statusCode, created.body).toBe(201);
    await a.services.assemblies.addItem(system, created.json().id, { title: 'Rapport moral' });
    const convened = await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${created.json().id}/convene`, headers: bureau.headers, payload: {} });
    expect(convened.statusCode, convened.body).toBe(200);
    const invitee = await a.database.db.selectFrom('assembly_invitees').select('id').where('person_id', '=', contributor.id).executeTakeFirstOrThrow();
    return { contributor, inviteeId: invitee.id };
  }

  /** What the master secret alone signed before purpose keys. */
  const legacyMac = (message: string) => createHmac('sha256', a.config.EQUIPAGE_SECRET).update(message).digest('base64url');

  it('a visitor who chooses the eq_csrf cookie gets no working bureau calendar key from /login', async () => {
    const bureau = await bureauMember();
    const { token, setCookie } = await formTokenFor(`bureau-calendar:${bureau.id}`);
    const forged = await a.app.inject({ method: 'GET', url: `/api/v1/bureau/calendar.ics?key=${encodeURIComponent(`${bureau.id}.${token.slice(0, 32)}`)}` });
    expectProblem(forged, 404, 'not_found');
    // The chosen seed is not used: the server issued its own pre-session instead.
    expect(setCookie).toBeDefined();
    expect(setCookie).not.toContain('bureau-calendar');
    // The real key, from the bureau's sessions page, still works.
    const real = await a.app.inject({
      method: 'GET',
      url: `/api/v1/bureau/calendar.ics?key=${encodeURIComponent(a.services.sessionDocuments.calendarKeyFor(bureau.id))}`,
    });
    expect(real.statusCode).toBe(200);
    expect(real.body).toContain('BEGIN:VCALENDAR');
  });

  it('a visitor who chooses the eq_csrf cookie gets no working assembly personal link from /login', async () => {
    const { contributor, inviteeId } = await convenedInvitee();
    const { token } = await formTokenFor(`assembly-rsvp:${inviteeId}`);
    expectProblem(await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${inviteeId}.${token.slice(0, 32)}` }), 404, 'invalid_rsvp_token');
    // The link mailed to the invitee works.
    const mailed = await mailedLink(a, contributor.email, /\/assemblies\/rsvp\//);
    expect((await a.app.inject({ method: 'GET', url: `/api/v1${mailed.pathname}` })).statusCode).toBe(200);
  });

  it('a form token is computed only from a seed the server issued: the same chosen cookie never gives the same token twice', async () => {
    const first = await formTokenFor('a-seed-chosen-by-the-visitor-0123456789');
    const second = await formTokenFor('a-seed-chosen-by-the-visitor-0123456789');
    expect(first.token).not.toBe(second.token);
  });

  it('the form token is bound to the session: the one from before login no longer works after it', async () => {
    const browser = a.browser();
    await browser.get('/login');
    const beforeLogin = browser.csrf;
    expect((await browser.post('/login', { email: a.admin.email, password: ADMIN_PASSWORD })).statusCode).toBe(303);
    const stale = await browser.post('/people/new', { displayName: 'Forged', email: 'forged@example.org' }, { csrf: beforeLogin });
    expect(stale.statusCode).toBe(403);
    // A cookie planted after login, with a token the attacker got for it from /login, is no use either.
    const attacker = a.browser();
    await attacker.get('/login');
    const planted = new Map(browser.cookies).set('eq_csrf', attacker.cookies.get('eq_csrf')!);
    const cookie = [...planted].map(([k, v]) => `${k}=${v}`).join('; ');
    const forged = await a.app.inject({
      method: 'POST',
      url: '/people/new',
      payload: new URLSearchParams({ _csrf: attacker.csrf, displayName: 'Forged', email: 'forged@example.org' }).toString(),
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(forged.statusCode).toBe(403);
    await browser.get('/people/new');
    expect(browser.csrf).not.toBe(beforeLogin);
    expect((await browser.post('/people/new', { displayName: 'Legit', email: 'legit@example.org' })).statusCode).toBe(303);
  });

  it('POST /login with a JSON body needs the form token too; Bearer clients of the API need none', async () => {
    const browser = a.browser();
    await browser.get('/login');
    const cookie = `eq_csrf=${browser.cookies.get('eq_csrf')}`;
    const credentials = { email: a.admin.email, password: ADMIN_PASSWORD };
    const without = await a.app.inject({ method: 'POST', url: '/login', headers: { cookie }, payload: credentials });
    expect(without.statusCode).toBe(403);
    expect(without.headers['set-cookie']?.toString() ?? '').not.toContain('eq_session=');
    const withToken = await a.app.inject({ method: 'POST', url: '/login', headers: { cookie, 'x-csrf-token': browser.csrf }, payload: credentials });
    expect(withToken.statusCode).toBe(303);
    const api = await a.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: a.admin.headers, payload: { label: 'script' } });
    expect(api.statusCode, api.body).toBe(201);
  });

  it('calendar keys and personal links made before purpose keys no longer work, and say so', async () => {
    const bureau = await bureauMember();
    const oldKey = `${bureau.id}.${legacyMac(`bureau-calendar:${bureau.id}`).slice(0, 32)}`;
    const feed = await a.app.inject({ method: 'GET', url: `/api/v1/bureau/calendar.ics?key=${encodeURIComponent(oldKey)}` });
    expectProblem(feed, 404, 'not_found');
    expect(feed.json().detail).toMatch(/replaced/);

    const { inviteeId } = await convenedInvitee(bureau);
    const oldLink = `${inviteeId}.${legacyMac(`assembly-rsvp:${inviteeId}`).slice(0, 32)}`;
    const page = await a.app.inject({ method: 'GET', url: `/assemblies/rsvp/${oldLink}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('prenez celui du dernier e-mail reçu, ou connectez-vous');
  });

  it('a follow link made before purpose keys keeps working until the next mail about the request re-issues it', async () => {
    const { id, email } = await submitted(a, { subject: 'Mon compte' });
    const request = await a.database.db.selectFrom('requests').select('token_salt').where('id', '=', id).executeTakeFirstOrThrow();
    const oldToken = legacyMac(`request-follow:${id}:${request.token_salt}`);
    // As a request filed before purpose keys: the digest stored is the old link's.
    await a.database.db
      .updateTable('requests')
      .set({ token_hash: digestToken(oldToken) })
      .where('id', '=', id)
      .execute();
    expect((await http(a).get(`/api/v1/requests/follow/${oldToken}`)).statusCode).toBe(200);

    const clara = await a.person({ displayName: 'Clara' });
    await a.services.teams.addToRoster(system, 'communaute', clara.id, 'member');
    const reply = await http(a).post(`/api/v1/requests/${id}/replies`, { body: 'Voici la marche à suivre.', waiting: false }, await a.bearer(clara.id));
    expect(reply.statusCode, reply.body).toBe(201);

    const renewed = await mailedLink(a, email, /\/requests\/follow\//);
    const newToken = renewed.pathname.split('/').pop()!;
    expect(newToken).not.toBe(oldToken);
    expect((await http(a).get(`/api/v1/requests/follow/${newToken}`)).json()).toMatchObject({ subject: 'Mon compte' });
    expectProblem(await http(a).get(`/api/v1/requests/follow/${oldToken}`), 404, 'invalid_follow_token');
    const page = await http(a).page(`/requests/follow/${oldToken}`);
    expect(page.body).toContain('prenez celui du dernier e-mail reçu');
  });
});
