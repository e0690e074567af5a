import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { countStatements } from '../../../test/statements.js';
import { mailbox } from '../../../test/mailbox.js';
import { createSettingsRepository } from '../../platform/settings/repository.js';
import { bodyOfMail, createMailRepository } from '../../platform/mail/repository.js';
import { keysOf } from '../../platform/auth/keys.js';

/**
 * Convening a large association (docs/performance.md, "convening an assembly of 100,000
 * invitees"): the convocations are written a few hundred to a statement, each invitee still gets
 * exactly one, in their language, with their own name and personal link, which the log never holds.
 */
const NOW = '2026-12-01T10:00:00.000Z';
// More than one chunk of mails (500 a statement), so that the chunks' seams are crossed.
const CROWD = 620;

describe(`convening in batches (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let counter: ReturnType<typeof countStatements>;
  let grown = 0;

  /** `n` more people, each an active member; one in three reads English; the rows written directly, as a large import would. */
  async function members(n: number, name: (i: number) => string = (i) => `Membre ${String(i).padStart(4, '0')}`) {
    const people = [];
    for (let k = 0; k < n; k++, grown++) {
      const displayName = name(grown);
      people.push({
        id: `p-${String(grown).padStart(5, '0')}`,
        display_name: displayName,
        email: grown === 7 ? `erased-${grown}@example.invalid` : `membre${grown}@example.org`,
        email_normalized: grown === 7 ? `erased-${grown}@example.invalid` : `membre${grown}@example.org`,
        pseudonym: null,
        pronouns: null,
        locale: grown % 3 === 0 ? 'en' : 'fr',
        matrix_id: null,
        xmpp_jid: null,
        public_consent: 0,
        search_key: displayName.toLowerCase(),
        sort_key: displayName.toLowerCase(),
        created_at: NOW,
        updated_at: NOW,
        version: 1,
      });
    }
    for (let k = 0; k < people.length; k += 200) {
      const chunk = people.slice(k, k + 200);
      await a.database.db.insertInto('people').values(chunk).execute();
      await a.database.db
        .insertInto('memberships')
        .values(
          chunk.map((p) => ({
            id: `m-${p.id}`,
            person_id: p.id,
            status: 'active' as const,
            since: '2026-01-01',
            until: null,
            decision_id: null,
            created_at: NOW,
            updated_at: NOW,
            version: 1,
          })),
        )
        .execute();
    }
  }

  async function convened(): Promise<{ id: string; convened: number; statements: number }> {
    const created = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2027', scheduledAt: '2027-01-15T17:00:00.000Z' });
    await a.services.assemblies.addItem(system, created.id, { title: 'Rapport moral' });
    counter.reset();
    const { convened } = await a.services.assemblies.convene(system, created.id, {});
    return { id: created.id, convened, statements: counter.count };
  }

  let small: Awaited<ReturnType<typeof convened>>;
  let large: Awaited<ReturnType<typeof convened>>;

  beforeAll(async () => {
    a = await buildAssociation();
    a.clock.set(NOW);
    const settings = createSettingsRepository(a.database.db);
    const current = await settings.read();
    await settings.save({ ...(current.values as object), mailFooter: 'Association loi 1901, Lyon' }, current.version, NOW, null);
    counter = countStatements(a);
    // One name that HTML would read as markup, among ordinary ones.
    await members(20, (i) => (i === 5 ? 'Zoé <b>Rose</b> & Cie' : `Membre ${String(i).padStart(4, '0')}`));
    small = await convened();
    await members(CROWD - 20);
    large = await convened();
  }, 120_000);
  afterAll(async () => a?.close());

  it(`convening ${CROWD} invitees costs a few statements more than convening 20, not two or more an invitee`, () => {
    expect(small.convened).toBe(20);
    expect(large.convened).toBe(CROWD);
    // 600 more invitees: one more chunk of invitees, of mails and of outbox events.
    expect(large.statements - small.statements, `${small.statements} → ${large.statements}`).toBeLessThanOrEqual(6);
  });

  it('each invitee gets exactly one convocation and one outbox event (none for an address under .invalid), in their language, with their name; the log holds no personal link', async () => {
    const rows = await a.database.db
      .selectFrom('mail_log')
      .innerJoin('assembly_invitees', 'assembly_invitees.person_id', 'mail_log.person_id')
      .leftJoin('mail_letters', 'mail_letters.id', 'mail_log.letter_id')
      .select([
        'mail_log.id',
        'mail_log.person_id',
        'mail_log.to_address',
        'mail_log.locale',
        'mail_log.body_text',
        'mail_log.body_html',
        'mail_log.letter_id',
        'mail_log.letter_fields',
        'mail_letters.body_text as letter_text',
        'mail_letters.body_html as letter_html',
        'mail_log.status',
      ])
      .where('mail_log.kind', '=', 'assembly_convocation')
      .where('assembly_invitees.assembly_id', '=', large.id)
      .where('mail_log.created_at', '=', NOW)
      .execute();
    // The letter's body is stored once per language and version (a voter's mentions the proxy), not once per invitee.
    const letters = new Set(rows.map((r) => r.letter_id));
    expect(letters.size).toBeLessThanOrEqual(4);
    expect(letters.has(null)).toBe(false);
    for (const r of rows) expect([r.body_text, r.body_html]).toEqual(['', null]);
    const mails = rows.map((r) => {
      const { text, html } = bodyOfMail(r);
      return { ...r, body_text: text, body_html: html };
    });
    // Both assemblies' convocations are in the log: the first one's 20 people got two, one each.
    const perPerson = new Map<string, number>();
    for (const m of mails) perPerson.set(m.person_id!, (perPerson.get(m.person_id!) ?? 0) + 1);
    expect(perPerson.size).toBe(CROWD);
    const people = await a.database.db.selectFrom('people').select(['id', 'display_name', 'locale']).where('id', 'like', 'p-%').execute();
    for (const p of people) expect(perPerson.get(p.id), p.id).toBe(Number(p.id.slice(2)) < 20 ? 2 : 1);

    const events = await a.database.db.selectFrom('outbox').select(['subject_id', 'payload']).where('topic', '=', 'mail.send').execute();
    const eventsPerMail = new Map<string, number>();
    for (const e of events) eventsPerMail.set(e.subject_id!, (eventsPerMail.get(e.subject_id!) ?? 0) + 1);
    const names = new Map(people.map((p) => [p.id, p]));
    for (const m of mails) {
      const erased = m.to_address.endsWith('.invalid');
      expect(eventsPerMail.get(m.id) ?? 0, m.to_address).toBe(erased ? 0 : 1);
      expect(m.status).toBe(erased ? 'logged' : 'queued');
      const person = names.get(m.person_id!)!;
      expect(m.locale).toBe(person.locale);
      expect(m.body_text).toMatch(person.locale === 'en' ? /^Hello / : /^Bonjour /);
      expect(m.body_text).toContain(`${person.display_name},`);
      expect(m.body_text).toMatch(/\n-- \nAssociation loi 1901, Lyon$/);
      expect(m.body_text).not.toMatch(/\/assemblies\/rsvp\//);
      expect(m.body_html).not.toMatch(/\/assemblies\/rsvp\//);
      expect(m.body_html).not.toMatch(/[\uE000\uE001]/);
    }
    const zoe = mails.find((m) => m.body_text.includes('Zoé <b>Rose</b> & Cie'))!;
    expect(zoe.body_html).toContain('Zoé &lt;b&gt;Rose&lt;/b&gt; &amp; Cie');
    expect(zoe.body_html).not.toContain('<b>Rose');
  });

  it('what the recipient receives: their own personal link, in the text, the HTML and the calendar invitation', async () => {
    const [first, second] = ['membre30@example.org', 'membre31@example.org'];
    const links = [];
    for (const to of [first, second]) {
      const [mail] = (await mailbox(a, to)).filter((m) => m.kind === 'assembly_convocation');
      const link = /https?:\/\/\S+\/assemblies\/rsvp\/\S+/.exec(mail!.body)![0];
      expect(mail!.html).toContain(link);
      expect(mail!.attachments.map((f) => f.filename)).toEqual(['convocation.ics']);
      expect(mail!.attachments[0]!.content.replace(/\r\n /g, '')).toContain(link);
      const view = await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${link.split('/').pop()}` });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json().invitee.personId).toBe(to === first ? 'p-00030' : 'p-00031');
      links.push(link);
    }
    expect(links[0]).not.toBe(links[1]);
    // The log, as administrators read it, says that a link was sent.
    const [logged] = await createMailRepository(a.database.db, keysOf(a.config)).list({ to: first, limit: 1 });
    expect(logged!.body).not.toMatch(/\/assemblies\/rsvp\//);
  });
});
