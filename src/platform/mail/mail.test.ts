import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { freshDatabase } from '../../../test/harness.js';
import { startSmtpServer, type SmtpPeer } from '../../../test/peers/smtp-server.js';
import type { Database } from '../db.js';
import { newId } from '../ids.js';
import { catalogue, translate, type Locale, type MessageKey, type Params } from '../i18n/index.js';
import { createOutboxRepository } from '../outbox/repository.js';
import { createSmtpSender, type SmtpSender } from '../../integrations/smtp.js';
import { DeliveryError } from '../../integrations/rooms.js';
import { associationName, createMailRepository } from './repository.js';
import { createMailDelivery } from './delivery.js';
import { renderMailHtml } from './render.js';
import { keysOf } from '../auth/keys.js';

const NOW = '2026-12-03T10:00:00.000Z';
const LATER = '2026-12-03T10:05:00.000Z';
const FROM = 'Équipage <bot@asso.example>';
const keys = keysOf({ EQUIPAGE_SECRET: 'mail-test-secret-mail-test-secret-0123' });

let smtp: SmtpPeer;
let database: Database;
let drop: () => Promise<void>;
const senders: SmtpSender[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  ({ database, drop } = await freshDatabase());
  smtp.messages.length = 0;
  smtp.rejectNext(0, 0);
});
afterEach(async () => {
  for (const s of senders.splice(0)) s.close();
  await drop();
});

function sender(url = smtp.url): SmtpSender {
  const s = createSmtpSender({ url, from: FROM });
  senders.push(s);
  return s;
}

async function nameAssociation(name: string): Promise<void> {
  await database.db.insertInto('association').values({ id: 'main', name, description: '', default_locale: 'fr', created_at: NOW, updated_at: NOW }).execute();
}

async function person(locale: Locale, email = `${locale}.${newId()}@example.org`): Promise<{ id: string; email: string }> {
  const id = newId();
  await database.db
    .insertInto('people')
    .values({
      id,
      display_name: `Person ${locale}`,
      email,
      email_normalized: email.toLowerCase(),
      pseudonym: null,
      pronouns: null,
      locale,
      matrix_id: null,
      xmpp_jid: null,
      public_consent: 0,
      search_key: email,
      sort_key: email,
      created_at: NOW,
      updated_at: NOW,
      version: 1,
    })
    .execute();
  return { id, email };
}

async function recordReset(to: { id: string | null; email: string }, extra: { locale?: Locale; body?: string } = {}): Promise<string> {
  return database.transaction((trx) =>
    createMailRepository(trx).record({
      to: to.email,
      personId: to.id,
      kind: 'password_reset',
      subject: 'Réinitialisation de votre mot de passe',
      body: extra.body ?? 'Bonjour Ada,\n\nOuvrez ce lien :\nhttps://asso.example/password/reset?token=abc\n\nÀ bientôt.',
      now: NOW,
      locale: extra.locale,
    }),
  );
}

const mails = () => createMailRepository(database.db);
const normalised = (s: string | null) => (s ?? '').replace(/\r\n/g, '\n').replace(/\n$/, '');

describe('recording a mail', () => {
  it('writes it queued, in the reader’s language, with one mail.send event in the same transaction', async () => {
    await nameAssociation('TeDomum');
    const reader = await person('en');
    const id = await recordReset(reader);

    const mail = await mails().forDelivery(id);
    expect(mail).toMatchObject({
      to: reader.email,
      personId: reader.id,
      status: 'queued',
      attempts: 0,
      lastError: null,
      sentAt: null,
      locale: 'en',
      hasHtml: true,
    });
    expect(mail!.html).toContain('TeDomum');
    expect(mail!.html).toContain(translate('en', 'mail.footer', { association: 'TeDomum' }));
    const events = await createOutboxRepository(database.db).list({ limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ topic: 'mail.send', subjectType: 'mail', subjectId: id, payload: { mailId: id }, createdAt: NOW });
  });

  it('keeps a mail to an address under .invalid (an erased person, the demo) in the log, and queues no sending', async () => {
    const reader = await person('fr');
    const record = (to: string) => mails().record({ to, personId: reader.id, kind: 'k', subject: 's', body: 'b', now: NOW });
    const erased = await record(`erased-${reader.id}@invalid`);
    const demo = await record('camille@demo.equipage.invalid');
    const real = await record('invalid@example.org');
    for (const id of [erased, demo]) expect(await mails().forDelivery(id)).toMatchObject({ status: 'logged', lastError: expect.stringContaining('.invalid') });
    expect(await mails().forDelivery(real)).toMatchObject({ status: 'queued', lastError: null });
    const events = await createOutboxRepository(database.db).list({ limit: 10 });
    expect(events.map((e) => e.subjectId)).toEqual([real]);
  });

  it('writes neither the mail nor its event when the change that caused it rolls back', async () => {
    const reader = await person('fr');
    await expect(
      database.transaction(async (trx) => {
        await createMailRepository(trx).record({ to: reader.email, personId: reader.id, kind: 'k', subject: 's', body: 'b', now: NOW });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await mails().list({ limit: 10 })).toEqual([]);
    expect(await createOutboxRepository(database.db).list({ limit: 10 })).toEqual([]);
  });

  it('takes the language it is given, else the person’s, else French; the association’s name falls back to Équipage', async () => {
    const english = await person('en');
    const given = await mails().forDelivery(await recordReset(english, { locale: 'fr' }));
    const nobody = await mails().forDelivery(await recordReset({ id: null, email: 'someone@example.org' }));
    expect(given!.locale).toBe('fr');
    expect(nobody!.locale).toBe('fr');
    expect(nobody!.html).toContain(translate('fr', 'mail.footer', { association: 'Équipage' }));
    expect(await associationName(database.db)).toBe('Équipage');
    await nameAssociation('TeDomum');
    expect(await associationName(database.db)).toBe('TeDomum');
  });

  it('lists mails with their delivery state, newest first, filtered by recipient and status', async () => {
    const a = await person('fr', 'Ada@Example.org');
    const first = await recordReset(a);
    const second = await recordReset(a);
    await recordReset(await person('en'));
    await mails().markSent(first, LATER);

    const all = await mails().list({ to: ' ADA@example.org ', limit: 10 });
    expect(all.map((m) => m.id)).toEqual([second, first]);
    expect(all[1]).toMatchObject({ status: 'sent', attempts: 1, sentAt: LATER, hasHtml: true, locale: 'fr', kind: 'password_reset' });
    expect(all[1]).not.toHaveProperty('html');
    expect((await mails().list({ to: 'ada@example.org', status: 'queued', limit: 10 })).map((m) => m.id)).toEqual([second]);
  });
});

describe('delivering a mail through SMTP', () => {
  it('sends the text and the HTML to the recipient, with a Message-ID made from the mail id', async () => {
    await nameAssociation('TeDomum');
    const reader = await person('fr');
    const id = await recordReset(reader);
    await createMailDelivery({ db: database.db, sender: sender(), keys }).deliver(id, LATER);

    expect(smtp.messages).toHaveLength(1);
    const [received] = smtp.messages;
    expect(received.from).toBe('bot@asso.example');
    expect(received.to).toEqual([reader.email]);
    expect(received.subject).toBe('Réinitialisation de votre mot de passe');
    expect(received.messageId).toBe(`<${id}@asso.example>`);
    expect(normalised(received.text)).toBe('Bonjour Ada,\n\nOuvrez ce lien :\nhttps://asso.example/password/reset?token=abc\n\nÀ bientôt.');
    expect(received.html).toContain('<a href="https://asso.example/password/reset?token=abc"');
    expect(received.html).toContain('TeDomum');
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: LATER, lastError: null });
  });

  it('sends a mail once when its event is delivered twice', async () => {
    const id = await recordReset(await person('fr'));
    const delivery = createMailDelivery({ db: database.db, sender: sender(), keys });
    await delivery.deliver(id, NOW);
    await delivery.deliver(id, LATER);
    expect(smtp.messages).toHaveLength(1);
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: NOW });
  });

  it('without an SMTP server, logs the mail as its delivery', async () => {
    const id = await recordReset(await person('fr'));
    const delivery = createMailDelivery({ db: database.db, sender: null, keys });
    await delivery.deliver(id, LATER);
    await delivery.deliver(id, '2026-12-04T00:00:00.000Z');
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'logged', attempts: 0, sentAt: LATER });
    expect(smtp.messages).toEqual([]);
  });

  it('a 4xx refusal is transient: the attempt counts, the mail stays queued, and the next attempt sends it', async () => {
    const id = await recordReset(await person('fr'));
    const delivery = createMailDelivery({ db: database.db, sender: sender(), keys });
    smtp.rejectNext(1, 451);

    const error = await delivery.deliver(id, NOW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof DeliveryError && error.options.permanent).toBe(false);
    const failed = await mails().forDelivery(id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, sentAt: null });
    expect(failed!.lastError).toMatch(/451/);

    await delivery.deliver(id, LATER);
    expect(smtp.messages).toHaveLength(1);
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: LATER });
  });

  it('a 5xx refusal is permanent; giving up marks the mail failed', async () => {
    const id = await recordReset(await person('fr'));
    const delivery = createMailDelivery({ db: database.db, sender: sender(), keys });
    smtp.rejectNext(1, 550);

    const error = await delivery.deliver(id, NOW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).options.permanent).toBe(true);
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'queued', attempts: 1 });

    await delivery.giveUp(id, (error as Error).message);
    const given = await mails().forDelivery(id);
    expect(given).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(given!.lastError).toMatch(/550/);
    expect(smtp.messages).toEqual([]);
  });

  it('a server that cannot be reached is a transient failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const id = await recordReset(await person('fr'));
    const error = await createMailDelivery({ db: database.db, sender: sender(`smtp://127.0.0.1:${port}`), keys })
      .deliver(id, NOW)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DeliveryError);
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('a mail missing from the log is a permanent failure', async () => {
    const error = await createMailDelivery({ db: database.db, sender: null, keys })
      .deliver(newId(), NOW)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).options.permanent).toBe(true);
  });
});

describe('the HTML version', () => {
  const render = (text: string, association = 'TeDomum') => renderMailHtml({ locale: 'fr', subject: 'Objet <b>', text, association });

  it('escapes everything written in the text, the subject and the association’s name', async () => {
    const html = render('Bonjour <script>alert("x")</script> & co', 'A & <B>');
    expect(html).not.toMatch(/<script|<b>|<B>/);
    expect(html).toContain('Bonjour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain('<title>Objet &lt;b&gt;</title>');
    expect(html).toContain('A &amp; &lt;B&gt;');

    // The same through the log: a rationale typed by someone stays text.
    const id = await recordReset(await person('fr'), { body: 'Raison :\n<script>steal()</script>' });
    const mail = await mails().forDelivery(id);
    expect(mail!.html).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    expect(mail!.html).not.toContain('<script>');
  });

  it('makes paragraphs of blank lines and keeps line breaks', () => {
    const html = render('Un\n\nDeux\nTrois\r\n\r\n\n  \nQuatre');
    const paragraphs = [...html.matchAll(/<p [^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1]);
    expect(paragraphs).toEqual(['Un', 'Deux<br>\nTrois', 'Quatre']);
  });

  it.each([
    ['Lien : https://asso.example/a?b=1&c=2.', 'https://asso.example/a?b=1&amp;c=2', '.'],
    ['(voir https://asso.example/page)', 'https://asso.example/page', ')'],
    ['https://fr.wikipedia.org/wiki/Loi_(droit), dit-on', 'https://fr.wikipedia.org/wiki/Loi_(droit)', ', dit-on'],
    ['« http://asso.example/x »', 'http://asso.example/x', ' »'],
  ])('links the address in %j', (text, href, after) => {
    const html = render(text);
    expect(html).toContain(`<a href="${href}" style=`);
    expect(html).toContain(`>${href}</a>${after}`);
  });

  it('links no other scheme, and no address cut short by markup', () => {
    const html = render('javascript:alert(1) https:// https://x.example/"onmouseover=alert(1) https://y.example/<img>');
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['https://x.example/', 'https://y.example/']);
    expect(html).toContain('&quot;onmouseover=alert(1)');
    expect(html).toContain('&lt;img&gt;');
  });
});

describe('the notices', () => {
  // Every notice, with the parameters its sender passes (see the record() calls and the assemblies' convocation).
  const name = 'Ada <Lovelace>';
  const association = 'TeDomum';
  const url = 'https://asso.example/requests/1'; // who is told of a new request, and of a question
  const notices: Record<string, Params> = {
    'accounts.invitation.mail': { name, inviter: 'Béa', association, link: 'https://asso.example/invitation?token=abc', until: '19 décembre 2026' },
    'assemblies.amendment.mail': { name, association, title: 'AG 2027', date: '6 mars 2027', change: 'Point ajouté', agenda: '1. Rapport', rsvpLink: url },
    'accounts.reset.mail': { name, link: 'https://asso.example/password/reset?token=abc', minutes: 30 },
    'contributions.mail.confirmed': { name, summary: 'Traduction', date: '2026-12-01', reason: '' },
    'contributions.mail.rejected': { name, summary: 'Traduction', date: '2026-12-01', reason: 'Hors du champ de l’association' },
    'applications.mail.accepted': { association, name, date: 'mardi 1 décembre 2026', rationale: '' },
    'applications.mail.rejected': { association, name, date: 'mardi 1 décembre 2026', rationale: 'Pas encore assez de contributions' },
    'applications.mail.deferred': { association, name, date: 'mardi 1 décembre 2026', rationale: '\n\nÀ revoir en janvier' },
    'applications.mail.welcome': { name, association },
    'memberships.mail.warning': { name, association, until: '1 mars 2027', link: 'https://asso.example/contributions/new' },
    'memberships.mail.lapsing': { name, association, since: '1 mars 2027', graceUntil: '1 juin 2027', link: 'https://asso.example/contributions/new' },
    'memberships.mail.resumed': { name, association },
    'memberships.mail.lapsed': { name, association, date: '1 juin 2027' },
    'memberships.mail.lapse_confirmed': { name, association, date: '1 juin 2027', rationale: '' },
    'memberships.mail.kept': { name, association, date: '1 juin 2027', rationale: 'Absence annoncée' },
    'memberships.mail.excluded': { name, association, date: '1 juin 2027', rationale: 'Manquement à la charte' },
    'memberships.mail.resigned': { name, association, date: '1 juin 2027' },
    'mail.convocation': {
      name,
      association,
      title: 'Assemblée générale ordinaire 2027',
      date: 'samedi 6 mars 2027 à 14:00',
      place: 'Visioconférence',
      rsvpLink: 'https://asso.example/assemblies/1',
      // The convocation states the whole agenda and, to an invitee who votes, how to give a proxy
      // (convocationAgendaText and assemblies.mail.proxy, in the invitee's language when sent).
      agenda: 'Ordre du jour :\n1. Rapport moral\n2. Approbation des comptes\n\nDocuments :\n- Comptes 2026 : https://asso.example/assemblies/1/documents/2',
      proxy: 'Vous votez et ne pouvez pas venir ? Donnez votre pouvoir à un autre membre sur la même page (3 pouvoirs au plus par membre).',
    },
    'requests.mail.received': { association, subject: 'Accès au wiki', team: 'Communauté', link: 'https://asso.example/requests/follow/abc' },
    'requests.mail.reply': {
      subject: 'Accès au wiki',
      team: 'Communauté',
      reply: `Bonjour ${name}, c’est fait.`,
      link: 'https://asso.example/requests/follow/abc',
    },
    'requests.mail.resolved': { subject: 'Accès au wiki', team: 'Communauté', link: 'https://asso.example/requests/follow/abc' },
    'requests.mail.joinAccepted': {
      association,
      team: 'Technique',
      link: 'https://asso.example/teams/technique',
      loginLink: 'https://asso.example/password/forgot',
    },
    'requests.mail.joinRefused': { association, team: 'Technique', reason: 'Pas de place pour le moment', link: 'https://asso.example/requests/follow/abc' },
    'requests.mail.requesterReplied': { name, subject: 'Accès au wiki', reply: 'Merci !', link: 'https://asso.example/requests/1' },
    'requests.mail.assigned': { name, by: 'Béa', subject: 'Accès au wiki', link: 'https://asso.example/requests/1' },
    'requests.mail.consultationAnswered': { name, team: 'Technique', subject: 'Accès au wiki', link: 'https://asso.example/requests/1' },
    'requests.mail.newRequest': { name, team: 'Com', category: 'Q', from: 'Ana', subject: 'Wiki', excerpt: 'Bonjour', link: url, preferences: url },
    'requests.mail.questionAsked': { name, team: 'T', asking: 'C', by: 'Béa', category: 'Q', about: 'Wiki', question: 'Qui ?', link: url, preferences: url },
    // The change of a login address (people/email-change.ts): the link to the new address, the
    // notice to the old one, and the last word to the old one once it is confirmed.
    'people.email.mail.confirm': { name, who: 'Vous avez demandé', association, hours: 24, link: 'https://asso.example/email/confirm?token=abc' },
    'people.email.mail.notice': {
      name,
      who: 'Béa a proposé',
      association,
      email: 'ada@new.example',
      hours: 24,
      link: 'https://asso.example/email/cancel?token=def',
    },
    'people.email.mail.changed': { name, association, email: 'ada@new.example' },
    'mail.assemblyReminder': { name, association, title: 'AG 2027', date: 'samedi 6 mars 2027 à 14:00', place: 'Visioconférence', rsvpLink: url },
  };

  it('every subject/body pair of the catalogues is a notice listed here', () => {
    const fr = catalogue('fr');
    const pairs = Object.keys(fr)
      .filter((k) => (k.startsWith('mail.') || k.includes('.mail.')) && k.endsWith('.subject') && `${k.slice(0, -'subject'.length)}body` in fr)
      .map((k) => k.slice(0, -'.subject'.length));
    expect(pairs.sort()).toEqual(Object.keys(notices).sort());
  });

  it.each(Object.entries(notices))('%s reads in French and in English, as text and as HTML, with every placeholder filled', (notice, params) => {
    const bodies: Record<string, string> = {};
    for (const locale of ['fr', 'en'] as const) {
      for (const part of ['subject', 'body']) {
        expect(catalogue(locale)[`${notice}.${part}`], `${locale} ${notice}.${part}`).toEqual(expect.any(String));
      }
      const subject = translate(locale, `${notice}.subject` as MessageKey, params);
      const body = translate(locale, `${notice}.body` as MessageKey, params);
      const html = renderMailHtml({ locale, subject, text: body, association });
      for (const rendered of [subject, body, html]) expect(rendered, `${locale} ${notice}`).not.toMatch(/\{\w+\}/);
      expect(html).toContain(`<html lang="${locale}">`);
      // What is given is escaped in the HTML (a notice that names nobody has no name to escape).
      if (`${subject}${body}`.includes(name)) expect(html).toContain('Ada &lt;Lovelace&gt;');
      expect(html).toContain(translate(locale, 'mail.footer', { association }));
      for (const url of body.match(/https:\/\/\S+/g) ?? []) expect(html).toContain(`<a href="${url}"`);
      bodies[locale] = body;
    }
    expect(bodies.en).not.toBe(bodies.fr);
  });
});

describe('attachments', () => {
  // A calendar invitation as the convocation attaches it: CRLF lines, accents, a folded line.
  const invitation = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    'UID:assembly-1@equipage',
    'DTSTART:20270115T183000Z',
    'SUMMARY:Assemblée générale ordinaire\\, 2027',
    `DESCRIPTION:${'é'.repeat(33)}`,
    ` ${'à'.repeat(10)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const calendar = { filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: invitation };

  async function recordWith(attachments?: { filename: string; contentType: string; content: string }[]): Promise<string> {
    const reader = await person('fr');
    return database.transaction((trx) =>
      createMailRepository(trx).record({
        to: reader.email,
        personId: reader.id,
        kind: 'assembly_convocation',
        subject: 'Convocation',
        body: 'Bonjour,\n\nVous êtes convoqué·e.',
        now: NOW,
        attachments,
      }),
    );
  }

  it('are kept in the log with the mail, and a mail without any has none', async () => {
    const withOne = await recordWith([calendar]);
    const without = await recordWith();
    const empty = await recordWith([]);
    expect((await mails().forDelivery(withOne))!.attachments).toEqual([calendar]);
    expect((await mails().forDelivery(without))!.attachments).toEqual([]);
    expect((await mails().forDelivery(empty))!.attachments).toEqual([]);
    const columns = await database.db.selectFrom('mail_log').select(['id', 'attachments']).execute();
    expect(columns.find((r) => r.id === without)!.attachments).toBeNull();
    expect(columns.find((r) => r.id === empty)!.attachments).toBeNull();
    // A list never carries them (nor the HTML version).
    expect((await mails().list({ limit: 10 }))[0]).not.toHaveProperty('attachments');
  });

  it('go to the SMTP server with the mail, byte for byte, beside its text and HTML', async () => {
    const notes = {
      filename: 'ordre du jour — assemblée générale ordinaire de janvier 2027.txt',
      contentType: 'text/plain; charset=utf-8',
      content: 'Point 1 : rapport moral\n',
    };
    const id = await recordWith([calendar, notes]);
    await createMailDelivery({ db: database.db, sender: sender(), keys }).deliver(id, LATER);

    expect(smtp.messages).toHaveLength(1);
    const [received] = smtp.messages;
    expect(normalised(received.text)).toBe('Bonjour,\n\nVous êtes convoqué·e.');
    expect(received.html).toContain('Vous êtes convoqué·e.');
    expect(received.attachments).toHaveLength(2);
    const [ics, txt] = received.attachments;
    expect(ics.filename).toBe('invitation.ics');
    expect(ics.contentType.replace(/\s+/g, ' ')).toMatch(/^text\/calendar; charset=utf-8; method=PUBLISH/i);
    expect(ics.content).toBe(invitation);
    expect(txt).toEqual({ filename: notes.filename, contentType: expect.stringMatching(/^text\/plain/), content: notes.content });
    expect(await mails().forDelivery(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a mail without attachments goes as text and HTML only', async () => {
    const id = await recordWith();
    await createMailDelivery({ db: database.db, sender: sender(), keys }).deliver(id, LATER);
    expect(smtp.messages[0].attachments).toEqual([]);
    expect(smtp.messages[0].raw).not.toMatch(/content-disposition:\s*attachment/i);
  });
});
