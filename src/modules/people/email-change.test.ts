import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, expectProblem, type TestAssociation } from '../../../test/harness.js';
import { mailbox, mailedLink } from '../../../test/mailbox.js';
import { PASSWORD, signedIn, type Signed } from '../../../test/privacy-fixtures.js';
import { http, inBureau, submitted } from '../../../test/requests.js';

/**
 * Changing a login email (docs/security.md): a new address takes effect only once confirmed from
 * that address, the old one is told and may cancel, and nobody changes another person's login —
 * staff propose, an administrator's account is theirs alone.
 */
describe(`changing a login email (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let pia: Signed;

  const patch = (id: string, body: object, headers: Record<string, string>) =>
    a.app.inject({ method: 'PATCH', url: `/api/v1/people/${id}`, headers, payload: body });
  const post = (url: string, body: object, headers: Record<string, string> = {}) => a.app.inject({ method: 'POST', url, headers, payload: body });
  const tokenIn = (url: URL) => url.searchParams.get('token')!;
  const personOf = async (id: string) => (await http(a).get(`/api/v1/people/${id}`, a.admin.headers)).json();

  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T09:00:00.000Z');
    pia = await signedIn(a, { displayName: 'Pia Personne', email: 'pia@example.org' });
  });
  afterEach(async () => a?.close());

  it('a new login email takes effect only once confirmed from that address (an unconfirmed address opens nobody’s records)', async () => {
    // An anonymous visitor reports something through the public form.
    const reporter = 'rita.reporter@example.org';
    const report = await submitted(a, { email: reporter, category: 'moderation', subject: 'Signalement privé', message: 'TEXTE-DU-SIGNALEMENT' });
    a.clock.set('2026-03-02T10:00:00.000Z');

    // Pia types the reporter's address into her own profile: accepted as a proposal, nothing more.
    const res = await patch(pia.id, { email: reporter }, pia.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: 'pia@example.org', pendingEmail: reporter, pendingEmailExpiresAt: '2026-03-04T10:00:00.000Z' });
    expect((await personOf(pia.id)).email).toBe('pia@example.org');

    // Her export holds neither the report nor the mail with its private follow link.
    const data = (await http(a).get('/api/v1/me/export', pia.headers)).json();
    const text = JSON.stringify(data);
    expect(text).not.toContain(report.id);
    expect(text).not.toContain('TEXTE-DU-SIGNALEMENT');
    expect(text).not.toContain('/requests/follow/');
    expect(data.requests).toEqual([]);
    expect(data.mails.map((m: { to: string }) => m.to)).not.toContain(reporter);

    // She still signs in with her own address only.
    expect((await a.browser().login(reporter, PASSWORD)).headers.location).not.toBe('/');
    // The confirmation went to the reporter's mailbox (which Pia cannot read); Pia's address was told.
    expect((await mailbox(a, reporter)).map((m) => m.kind)).toContain('email_change_confirm');
    const notice = (await mailbox(a, 'pia@example.org')).find((m) => m.kind === 'email_change_notice')!;
    expect(notice.body).toContain(reporter);
    expect(notice.body).toMatch(/\/email\/cancel\?token=/);
  });

  it('the person confirms the change from the link mailed to the new address; the old address is told, and the login follows', async () => {
    expect((await patch(pia.id, { email: 'Pia.Nouvelle@example.org' }, pia.headers)).statusCode).toBe(200);
    const link = await mailedLink(a, 'pia.nouvelle@example.org', /^\/email\/confirm$/);

    // The link opens a page that asks; nothing changes until the button is pressed.
    const visitor = a.browser();
    const page = await visitor.get(`${link.pathname}${link.search}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pia.Nouvelle@example.org');
    expect((await personOf(pia.id)).email).toBe('pia@example.org');
    const done = await visitor.post('/email/confirm', { token: tokenIn(link) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Pia.Nouvelle@example.org');

    expect(await personOf(pia.id)).toMatchObject({ email: 'Pia.Nouvelle@example.org', emailVerified: true, pendingEmail: null });
    expect((await mailbox(a, 'pia@example.org')).map((m) => m.kind)).toContain('email_changed');
    // The password now goes with the new address, and no longer with the old one.
    expect((await a.browser().login('pia.nouvelle@example.org', PASSWORD)).headers.location).toBe('/');
    expect((await a.browser().login('pia@example.org', PASSWORD)).headers.location).not.toBe('/');
    // Her open session was not ended: nothing about her credentials changed.
    expect((await pia.browser.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('a confirmation link works once, not after 48 hours, and not once a newer change replaced it', async () => {
    await patch(pia.id, { email: 'first@example.org' }, pia.headers);
    const first = tokenIn(await mailedLink(a, 'first@example.org', /^\/email\/confirm$/));
    await patch(pia.id, { email: 'second@example.org' }, pia.headers);
    expectProblem(await post('/api/v1/email/confirm', { token: first }), 404, 'invalid_email_token');
    const second = tokenIn(await mailedLink(a, 'second@example.org', /^\/email\/confirm$/));

    a.clock.set('2026-03-04T09:00:01.000Z');
    expectProblem(await post('/api/v1/email/confirm', { token: second }), 404, 'invalid_email_token');
    expect((await personOf(pia.id)).pendingEmail).toBeNull();
    const expiredPage = await a.browser().get(`/email/confirm?token=${encodeURIComponent(second)}`);
    expect(expiredPage.statusCode).toBe(404);
    expect(expiredPage.body).toContain('role="alert"');

    await patch(pia.id, { email: 'third@example.org' }, pia.headers);
    const third = tokenIn(await mailedLink(a, 'third@example.org', /^\/email\/confirm$/));
    const ok = await post('/api/v1/email/confirm', { token: third });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ personId: pia.id, email: 'third@example.org' });
    expectProblem(await post('/api/v1/email/confirm', { token: third }), 404, 'invalid_email_token');
    expect((await personOf(pia.id)).email).toBe('third@example.org');
  });

  it('the old address cancels a pending change with the link it was mailed, and the person from their profile', async () => {
    await patch(pia.id, { email: 'typo@exmaple.org' }, pia.headers);
    const cancel = await mailedLink(a, 'pia@example.org', /^\/email\/cancel$/);
    const confirm = tokenIn(await mailedLink(a, 'typo@exmaple.org', /^\/email\/confirm$/));
    const visitor = a.browser();
    expect((await visitor.get(`${cancel.pathname}${cancel.search}`)).statusCode).toBe(200);
    const done = await visitor.post('/email/cancel', { token: tokenIn(cancel) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('pia@example.org');
    expectProblem(await post('/api/v1/email/confirm', { token: confirm }), 404, 'invalid_email_token');
    expect(await personOf(pia.id)).toMatchObject({ email: 'pia@example.org', pendingEmail: null });

    // From the profile: the page says where the link went and offers to cancel.
    await patch(pia.id, { email: 'autre@example.org' }, pia.headers);
    const profile = await pia.browser.get('/profile');
    expect(profile.body).toContain('Un lien de confirmation a été envoyé à autre@example.org');
    expect(profile.body).toContain(`action="/people/${pia.id}/email/cancel"`);
    const cancelled = await pia.browser.post(`/people/${pia.id}/email/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe('/profile?notice=notice.emailChangeCancelled');
    expect((await personOf(pia.id)).pendingEmail).toBeNull();
    expectProblem(await post(`/api/v1/people/${pia.id}/pending-email/cancel`, {}, pia.headers), 409, 'no_pending_email_change');
  });

  it('the bureau may propose a correction, which takes effect only when the person confirms it from the new address', async () => {
    const bureau = await inBureau(a, 'Bruno Bureau');
    const res = await patch(pia.id, { email: 'pia.corrigee@example.org' }, bureau.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: 'pia@example.org', pendingEmail: 'pia.corrigee@example.org' });
    // The person's page tells the bureau where the link went.
    const page = await http(a).page(`/people/${pia.id}`, bureau.headers);
    expect(page.body).toContain('pia.corrigee@example.org');
    const mail = (await mailbox(a, 'pia.corrigee@example.org'))[0];
    expect(mail.body).toContain('Bruno Bureau');
    expect((await personOf(pia.id)).email).toBe('pia@example.org');
    const link = await mailedLink(a, 'pia.corrigee@example.org', /^\/email\/confirm$/);
    expect((await post('/api/v1/email/confirm', { token: tokenIn(link) })).statusCode).toBe(200);
    expect((await personOf(pia.id)).email).toBe('pia.corrigee@example.org');
  });

  it('nobody but an administrator themself changes their login email, so a bureau member cannot take the account over', async () => {
    const rogue = await inBureau(a, 'Roger Bureau');
    const before = await personOf(a.admin.id);
    const res = await patch(a.admin.id, { email: 'roger.owns@example.org' }, rogue.headers);
    const problem = expectProblem(res, 403, 'account_owner_only');
    expect(problem.errors.map((e) => e.path)).toEqual(['/email']);
    // Nothing was proposed: no mail to the rogue's address, and the reset path leads nowhere.
    expect(await mailbox(a, 'roger.owns@example.org')).toEqual([]);
    await a.browser().get('/password/forgot');
    await a.browser().post('/password/forgot', { email: 'roger.owns@example.org' });
    expect(await mailbox(a, 'roger.owns@example.org')).toEqual([]);
    expect(await personOf(a.admin.id)).toMatchObject({ email: before.email, pendingEmail: null });

    // Nor another administrator, through the API or the edit form.
    const other = await a.services.accounts.createAdministrator({
      displayName: 'Odile Admin',
      email: 'odile@example.org',
      password: 'une autre phrase bien longue',
    });
    const otherHeaders = await a.bearer(other.personId);
    expectProblem(await patch(a.admin.id, { email: 'odile.owns@example.org' }, otherHeaders), 403, 'account_owner_only');
    const form = await a.app.inject({
      method: 'POST',
      url: `/people/${a.admin.id}/edit`,
      headers: { ...otherHeaders, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ displayName: 'Ada Admin', email: 'odile.owns@example.org' }).toString(),
    });
    expect(form.statusCode).toBe(403);
    expect(await mailbox(a, 'odile.owns@example.org')).toEqual([]);
    expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).headers.location).toBe('/');

    // The administrator changes their own, through the same confirmation.
    const own = await patch(a.admin.id, { email: 'ada.new@example.org' }, a.admin.headers);
    expect(own.json()).toMatchObject({ email: a.admin.email, pendingEmail: 'ada.new@example.org' });
  });

  it('an address already used by someone else is refused, when proposed and when confirmed', async () => {
    const other = await a.person({ email: 'taken@example.org' });
    expectProblem(await patch(pia.id, { email: 'TAKEN@example.org' }, pia.headers), 409, 'email_taken');
    await patch(pia.id, { email: 'free@example.org' }, pia.headers);
    const token = tokenIn(await mailedLink(a, 'free@example.org', /^\/email\/confirm$/));
    // Someone else gets that address meanwhile.
    await a.services.accounts.setLoginEmailByOperator(other.email, 'free@example.org');
    expectProblem(await post('/api/v1/email/confirm', { token }), 409, 'email_taken');
    expect((await personOf(pia.id)).email).toBe('pia@example.org');
  });

  it('proposals that mail an address are limited to five an hour per person', async () => {
    for (let i = 1; i <= 5; i++) expect((await patch(pia.id, { email: `try${i}@example.org` }, pia.headers)).statusCode).toBe(200);
    const sixth = await patch(pia.id, { email: 'try6@example.org' }, pia.headers);
    expectProblem(sixth, 429, 'too_many_requests');
    expect(await mailbox(a, 'try6@example.org')).toEqual([]);
    a.clock.set('2026-03-02T10:00:01.000Z');
    expect((await patch(pia.id, { email: 'try7@example.org' }, pia.headers)).statusCode).toBe(200);
  });

  it('an edit that keeps the address changes the other fields and proposes nothing', async () => {
    const res = await patch(pia.id, { email: 'PIA@example.org', pronouns: 'elle' }, pia.headers);
    expect(res.json()).toMatchObject({ email: 'pia@example.org', pronouns: 'elle', pendingEmail: null });
    expect((await mailbox(a, 'pia@example.org')).map((m) => m.kind)).not.toContain('email_change_notice');
    // A person created by staff has not verified their address until a mailed link reached them.
    const created = await a.person({ email: 'nouvelle@example.org' });
    expect((await personOf(created.id)).emailVerified).toBe(false);
    expect((await personOf(pia.id)).emailVerified).toBe(true);
    expect((await personOf(a.admin.id)).emailVerified).toBe(true);
  });
});
