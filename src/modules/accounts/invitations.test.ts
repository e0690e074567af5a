import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailbox, mailedLink } from '../../../test/mailbox.js';

const PASSWORD = 'un jardin partagé au bord du canal';
// Configured, never reached: the tests read mails as queued, before any delivery.
const WITH_SMTP = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'TeDomum <bureau@tedomum.test>' };

async function whoIs(a: TestAssociation, res: LightMyRequestResponse): Promise<string | null> {
  const session = res.cookies.find((c) => c.name === 'eq_session')?.value;
  if (!session) return null;
  const me = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `eq_session=${session}` } });
  return me.statusCode === 200 ? me.json().person.id : null;
}

const invite = (a: TestAssociation, personId: string, headers: Record<string, string>, payload?: string) =>
  a.app.inject({ method: 'POST', url: `/api/v1/people/${personId}/invitations`, headers, ...(payload === undefined ? {} : { payload }) });

/** Opens the invitation's link in a fresh browser and chooses a password there. */
async function acceptInvitation(a: TestAssociation, token: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  const visitor = a.browser();
  await visitor.get(`/invitation?token=${encodeURIComponent(token)}`);
  return visitor.post('/password/reset', { token, password });
}

describe(`Invitations (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('a team lead invites a volunteer, who sets a password from the mail and lands signed in; the mail log never shows the link', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const lead = await a.actingAs('lead');
    const vera = await a.person({ displayName: 'Véra Bénévole', locale: 'fr' });
    const sent = await invite(a, vera.id, lead.headers);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ personId: vera.id, mailed: true });
    expect(sent.json().link).toBeUndefined();
    expect(Date.parse(sent.json().expiresAt) - Date.parse(sent.json().sentAt)).toBe(14 * 86_400_000);

    const [mail] = await mailbox(a, vera.email);
    expect(mail.kind).toBe('invitation');
    expect(mail.subject).toContain('Invitation à rejoindre');
    expect(mail.body).toContain('A lead vous invite');
    const link = await mailedLink(a, vera.email, /\/invitation$/);
    const token = link.searchParams.get('token')!;
    const log = await a.app.inject({ method: 'GET', url: `/api/v1/mail?to=${encodeURIComponent(vera.email)}`, headers: a.admin.headers });
    expect(log.statusCode).toBe(200);
    expect(log.body).not.toContain(token);

    const visitor = a.browser();
    const welcome = await visitor.get(`${link.pathname}${link.search}`);
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain('Bienvenue');
    const done = await visitor.post('/password/reset', { token, password: PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/?notice=notice.passwordChanged');
    expect(await whoIs(a, done)).toBe(vera.id);
    // The link works once.
    const again = await acceptInvitation(a, token, 'encore un autre mot de passe');
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('Lien de réinitialisation invalide ou expiré');
    // Now that she has a password, nobody invites her again (she uses "forgot password").
    const twice = await invite(a, vera.id, a.admin.headers);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('already_signed_up');
  });

  it('a new invitation voids the earlier link; the person page says "invited on …, not yet signed in" and offers to send it again', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const sam = await a.person({ displayName: 'Sam Nouveau' });
    const page = a.browser();
    await page.get('/login');
    await page.post('/login', { email: a.admin.email, password: (await import('../../../test/harness.js')).ADMIN_PASSWORD });
    const before = await page.get(`/people/${sam.id}`);
    expect(before.body).toContain('Pas encore invité·e, pas encore connecté·e.');
    expect(before.body).toContain('Envoyer une invitation');

    const sentFromPage = await page.post(`/people/${sam.id}/invitation`, {});
    expect(sentFromPage.statusCode).toBe(303);
    expect(sentFromPage.headers.location).toBe(`/people/${sam.id}?notice=notice.invitationSent`);
    const first = (await mailedLink(a, sam.email, /\/invitation$/)).searchParams.get('token')!;
    const after = await page.get(`/people/${sam.id}?notice=notice.invitationSent`);
    expect(after.body).toContain('Invitation envoyée.');
    expect(after.body).toMatch(/Invité·e le .+, pas encore connecté·e/);
    expect(after.body).toContain('Renvoyer l’invitation');

    a.clock.set(new Date(Date.now() + 60_000).toISOString());
    expect((await invite(a, sam.id, a.admin.headers)).statusCode).toBe(201);
    const second = (await mailedLink(a, sam.email, /\/invitation$/)).searchParams.get('token')!;
    expect(second).not.toBe(first);
    expect((await acceptInvitation(a, first)).statusCode).toBe(422);
    expect((await acceptInvitation(a, second)).statusCode).toBe(303);
  });

  it('without a mail server, only an administrator invites, and sees the link once; nothing is mailed or logged', async () => {
    a = await buildAssociation();
    const dana = await a.person({ displayName: 'Dana Sans-Mail' });
    const lead = await a.actingAs('lead');
    const refused = await invite(a, dana.id, lead.headers);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('mail_not_configured');

    const sent = await invite(a, dana.id, a.admin.headers);
    expect(sent.statusCode).toBe(201);
    expect(sent.json().mailed).toBe(false);
    const link = new URL(sent.json().link);
    expect(link.pathname).toBe('/invitation');
    expect(await mailbox(a, dana.email)).toEqual([]);
    const done = await acceptInvitation(a, link.searchParams.get('token')!);
    expect(done.statusCode).toBe(303);
    expect(await whoIs(a, done)).toBe(dana.id);
  });

  it('refuses, changing nothing: a volunteer without a team role, an unknown person, an unexpected field', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const lou = await a.person({ displayName: 'Lou' });
    const volunteer = await a.actingAs('contributor');
    expect((await invite(a, lou.id, volunteer.headers)).statusCode).toBe(403);
    const unknown = await invite(a, 'nobody-here', a.admin.headers);
    expect(unknown.statusCode).toBe(404);
    const extra = await invite(a, lou.id, { ...a.admin.headers, 'content-type': 'application/json' }, JSON.stringify({ link: 'x' }));
    expect(extra.statusCode).toBe(400);
    expect(await mailbox(a, lou.email)).toEqual([]);
    // An empty JSON object is as good as no body.
    const empty = await invite(a, lou.id, { ...a.admin.headers, 'content-type': 'application/json' }, '{}');
    expect(empty.statusCode).toBe(201);
  });
  it('adding someone offers to invite them at once: ticked, the mail goes; unticked, nothing; without a mail server the box is not offered', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const page = a.browser();
    await page.get('/login');
    await page.post('/login', { email: a.admin.email, password: (await import('../../../test/harness.js')).ADMIN_PASSWORD });
    const form = await page.get('/people/new?displayName=Nina');
    expect(form.body).toContain('Lui envoyer une invitation par e-mail');
    expect(form.body).toMatch(/name="invite" value="yes" checked/);

    const added = await page.post('/people/new', { displayName: 'Nina Nouvelle', email: 'nina@example.org', locale: 'en', invite: 'yes' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toMatch(/^\/people\/[^/?]+\?notice=notice\.personCreatedInvited$/);
    const [mail] = await mailbox(a, 'nina@example.org');
    expect(mail.kind).toBe('invitation');
    expect(mail.subject).toContain('Invitation to join');
    const shown = await page.get(added.headers.location as string);
    expect(shown.body).toContain('Personne créée ; son invitation est partie par e-mail.');
    expect(shown.body).toMatch(/Invité·e le .+, pas encore connecté·e/);

    const quiet = await page.post('/people/new', { displayName: 'Omar Discret', email: 'omar@example.org', locale: 'fr' });
    expect(quiet.headers.location).toMatch(/notice=notice\.personCreated$/);
    expect(await mailbox(a, 'omar@example.org')).toEqual([]);
    await a.close();

    a = await buildAssociation();
    const noMail = a.browser();
    await noMail.get('/login');
    await noMail.post('/login', { email: a.admin.email, password: (await import('../../../test/harness.js')).ADMIN_PASSWORD });
    expect((await noMail.get('/people/new')).body).not.toContain('name="invite"');
  });
});
