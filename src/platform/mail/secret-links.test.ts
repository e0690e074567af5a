import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { mailbox, mailedLink } from '../../../test/mailbox.js';
import { startSmtpServer, type SmtpPeer } from '../../../test/peers/smtp-server.js';
import { submitted } from '../../../test/requests.js';
import { keysOf } from '../auth/keys.js';
import { createMailRepository } from './repository.js';
import { secretLinkSlot } from './secret-links.js';

const WITHHELD = '[lien envoyé au destinataire, non conservé]';

/**
 * Links sent by mail (docs/security.md): the administrators' mail log says a link was sent, never
 * the link; the recipient gets it, and it works.
 */
describe(`links sent by mail never stay in the mail log (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => a?.close());

  /** Everything the log keeps of the mails to `to`: the API's answer, the page, and the stored row. */
  async function everythingLoggedFor(to: string): Promise<string> {
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/mail?to=${encodeURIComponent(to)}&limit=200`, headers: a.admin.headers });
    expect(api.statusCode).toBe(200);
    const page = await a.app.inject({ method: 'GET', url: '/admin/mail', headers: { ...a.admin.headers, accept: 'text/html' } });
    const rows = await a.database.db
      .selectFrom('mail_log')
      .select(['subject', 'body_text', 'body_html', 'attachments', 'secret_payload'])
      .where('to_address', '=', to)
      .execute();
    return [api.body, page.body, JSON.stringify(rows)].join('\n');
  }

  it('GET /api/v1/mail never holds a working link, for each kind of mailed token; the recipient gets each one and it works', async () => {
    a = await buildAssociation();
    const president = await a.person({ displayName: 'Paule Présidente' });
    await a.services.bureau.appoint(system, { personId: president.id, office: 'president', since: '2025-01-01' });
    const dana = await a.person({ displayName: 'Dana Contributrice' });
    await a.services.teams.addToRoster(system, 'technique', dana.id, 'member');

    // A password reset.
    await a.services.accounts.requestPasswordReset(dana.email, 'http://equipage.test');
    // A personal assembly link (and the calendar invitation that repeats it).
    const bureau = await a.bearer(president.id);
    const scheduledAt = new Date(Date.parse(a.clock.now()) + 30 * 86_400_000).toISOString();
    const assembly = await a.app.inject({
      method: 'POST',
      url: '/api/v1/assemblies',
      headers: bureau,
      payload: { kind: 'ordinary', title: 'AG 2027', scheduledAt },
    });
    // An assembly is convened with its agenda (the convocation states it).
    const item = await a.app.inject({
      method: 'POST',
      url: `/api/v1/assemblies/${assembly.json().id}/items`,
      headers: bureau,
      payload: { title: 'Rapport moral' },
    });
    expect(item.statusCode).toBe(201);
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${assembly.json().id}/convene`, headers: bureau, payload: {} })).statusCode).toBe(
      200,
    );
    // A request's follow link.
    await submitted(a, { email: dana.email, subject: 'Mon accès' });

    const links = [
      await mailedLink(a, dana.email, /\/password\/reset$/),
      await mailedLink(a, dana.email, /\/assemblies\/rsvp\//),
      await mailedLink(a, dana.email, /\/requests\/follow\//),
    ];
    const logged = await everythingLoggedFor(dana.email);
    for (const link of links) {
      const token = link.searchParams.get('token') ?? link.pathname.split('/').pop()!;
      expect(logged).not.toContain(token);
    }
    expect(logged).toContain(WITHHELD);
    const convocation = (await mailbox(a, dana.email)).find((m) => m.kind === 'assembly_convocation')!;
    expect(convocation.attachments[0]!.content).toContain('/assemblies/rsvp/');

    // Each link works for its recipient.
    const [reset, rsvp, follow] = links;
    const form = await a.app.inject({ method: 'GET', url: `${reset!.pathname}${reset!.search}`, headers: { accept: 'text/html' } });
    expect(form.body).toContain(`value="${reset!.searchParams.get('token')}"`);
    expect((await a.app.inject({ method: 'GET', url: `/api/v1${rsvp!.pathname}` })).json().invitee).toMatchObject({ personId: dana.id });
    expect((await a.app.inject({ method: 'GET', url: `/api/v1${follow!.pathname}` })).json()).toMatchObject({ subject: 'Mon accès' });
  });

  it('without an SMTP server the mail is logged without its link, and the link is kept nowhere', async () => {
    a = await buildAssociation();
    const eve = await a.person({ displayName: 'Eve' });
    await a.services.accounts.requestPasswordReset(eve.email, 'http://equipage.test');
    await a.dispatcher().drain();
    const [row] = await a.database.db.selectFrom('mail_log').select(['status', 'body_text', 'secret_payload']).where('to_address', '=', eve.email).execute();
    expect(row).toMatchObject({ status: 'logged', secret_payload: null });
    expect(row!.body_text).not.toContain('token=');
  });

  it('a secret link written into the text instead of its slot is refused, so it can never reach the log', async () => {
    a = await buildAssociation();
    const link = 'https://asso.example/password/reset?token=abc';
    const record = (body: string) =>
      a.database.transaction((trx) =>
        createMailRepository(trx, keysOf(a.config)).record({
          to: 'x@example.org',
          personId: null,
          kind: 'k',
          subject: 's',
          body,
          secretLinks: { link },
          now: a.clock.now(),
        }),
      );
    await expect(record(`Ouvrez ${link}`)).rejects.toThrow(/written in the mail's text|no slot/);
    await expect(record(`Ouvrez ${secretLinkSlot('link')} (${link})`)).rejects.toThrow(/written in the mail's text/);
    await expect(record(`Ouvrez ${secretLinkSlot('link')}`)).resolves.toBeTypeOf('string');
  });
});

describe(`links sent by mail, through a real SMTP server (${dialectUnderTest})`, () => {
  let smtp: SmtpPeer;
  let a: TestAssociation;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    a = await buildAssociation({ config: { SMTP_URL: smtp.url, MAIL_FROM: 'TeDomum <bureau@tedomum.test>' } });
  });
  afterAll(async () => {
    await a?.close();
    await smtp?.close();
  });

  it('the recipient receives the working reset link in text and HTML; once sent, the log keeps none of it', async () => {
    const eve = await a.person({ displayName: 'Eve' });
    await a.services.accounts.requestPasswordReset(eve.email, 'http://equipage.test');
    await a.dispatcher().drain();
    const received = smtp.messages.find((m) => m.to.includes(eve.email))!;
    const link = new URL(/https?:\/\/\S+\/password\/reset\?token=\S+/.exec(received.text!)![0]);
    const token = link.searchParams.get('token')!;
    expect(received.html).toContain(`href="${link.href.replace(/&/g, '&amp;')}"`);
    expect(received.text).not.toContain(WITHHELD);

    const [row] = await a.database.db
      .selectFrom('mail_log')
      .select(['status', 'body_text', 'body_html', 'secret_payload'])
      .where('to_address', '=', eve.email)
      .execute();
    expect(row).toMatchObject({ status: 'sent', secret_payload: null });
    expect(JSON.stringify(row)).not.toContain(token);
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/mail?to=${encodeURIComponent(eve.email)}`, headers: a.admin.headers });
    expect(api.body).not.toContain(token);
    expect(api.json().items[0].body).toContain(WITHHELD);

    // The link works: a new password is set with it.
    await a.services.accounts.resetPassword(token, 'une phrase de passe assez longue');
    expect((await a.services.accounts.login({ email: eve.email, password: 'une phrase de passe assez longue', ip: '127.0.0.1' })).token).toBeTruthy();
  });
});
