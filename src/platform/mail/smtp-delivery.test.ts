import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau } from '../../../test/members.js';
import { startSmtpServer, type SmtpPeer } from '../../../test/peers/smtp-server.js';

/** The notices a decision causes, sent through a real SMTP server by the outbox dispatcher. */
describe(`mail through SMTP, from a decision to the server (${dialectUnderTest})`, () => {
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

  it('an acceptance sends the welcome and the decision, each once, in the member’s language, text and HTML; a refusal by the server is retried', async () => {
    const bureau = await seatBureau(a);
    smtp.rejectNext(1, 451);
    const [camille] = await acceptMembers(a, bureau, [{ displayName: 'Camille' }]);
    const mailsTo = async () =>
      (await a.app.inject({ method: 'GET', url: `/api/v1/mail?to=${encodeURIComponent(camille.email)}`, headers: a.admin.headers })).json().items;
    expect((await mailsTo()).map((m: { status: string }) => m.status)).toEqual(['queued', 'queued']);

    await a.dispatcher().drain();
    // The server refused the first one for now (451): it waits for its retry.
    expect(smtp.messages.filter((m) => m.to.includes(camille.email))).toHaveLength(1);
    const waiting = (await mailsTo()).find((m: { status: string }) => m.status === 'queued');
    expect(waiting).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/451/) });

    a.clock.set(new Date(Date.parse(a.clock.now()) + 60_000).toISOString());
    await a.dispatcher().drain();
    await a.dispatcher().drain();
    const received = smtp.messages.filter((m) => m.to.includes(camille.email));
    expect(received).toHaveLength(2);
    expect(received.map((m) => m.subject).sort()).toEqual(['Bienvenue parmi les membres de TeDomum', 'Bienvenue, Camille !'].sort());
    for (const m of received) {
      expect(m.from).toContain('bureau@tedomum.test');
      expect(m.text).toContain('Camille');
      expect(m.html).toContain('TeDomum');
    }
    expect((await mailsTo()).map((m: { status: string; hasHtml: boolean }) => [m.status, m.hasHtml])).toEqual([
      ['sent', true],
      ['sent', true],
    ]);
    // Delivered means delivered: nothing more goes out on the next rounds.
    await a.dispatcher().drain();
    expect(smtp.messages.filter((m) => m.to.includes(camille.email))).toHaveLength(2);
  });

  it('the administrators’ mail page names the SMTP server, without its password', async () => {
    const b = await buildAssociation({ config: { SMTP_URL: 'smtp://user:s3cret@mail.example.org:587' } });
    try {
      const page = await b.app.inject({ method: 'GET', url: '/admin/mail', headers: b.admin.headers });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('mail.example.org:587');
      expect(page.body).not.toContain('s3cret');
    } finally {
      await b.close();
    }
    const none = await buildAssociation();
    try {
      const page = await none.app.inject({ method: 'GET', url: '/admin/mail', headers: none.admin.headers });
      expect(page.body).toContain('Aucun serveur SMTP n’est configuré');
    } finally {
      await none.close();
    }
  });
});
