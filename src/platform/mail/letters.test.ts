import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/harness.js';
import type { Database } from '../db.js';
import { newId } from '../ids.js';
import type { Locale } from '../i18n/index.js';
import { keysOf } from '../auth/keys.js';
import { createMailRepository } from './repository.js';
import { letterField } from './letters.js';
import { secretLinkSlot } from './secret-links.js';

const NOW = '2026-12-03T10:00:00.000Z';
const keys = keysOf({ EQUIPAGE_SECRET: 'letters-test-secret-letters-test-secret' });

/**
 * Letters: the same mail to many people, its body stored once per language and version
 * (docs/rooms-and-mail.md); each mail reads whole wherever the log is read. What the delivery
 * composes (forDelivery) is what the SMTP server receives: mail.test.ts shows that for every mail.
 */
describe('letters: the same mail to many people, its body stored once', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ database, drop } = await freshDatabase());
  });
  afterEach(async () => {
    await drop();
  });

  async function person(locale: Locale, name: string) {
    const id = newId();
    const email = `${locale}.${id}@example.org`;
    await database.db
      .insertInto('people')
      .values({
        id,
        display_name: name,
        email,
        email_normalized: email,
        locale,
        public_consent: 0,
        search_key: email,
        sort_key: email,
        created_at: NOW,
        updated_at: NOW,
        version: 1,
      })
      .execute();
    return { id, email, name, locale };
  }

  it('writes one body per language, and each mail reads whole in the log and as delivered, the name escaped in the HTML', async () => {
    const ada = await person('fr', 'Ada <b>L</b>');
    const bob = await person('fr', 'Bob');
    const eve = await person('en', 'Eve');
    const written = await database.transaction((trx) =>
      createMailRepository(trx, keys).recordLetters({
        kind: 'assembly_convocation',
        now: NOW,
        letter: (locale) => ({
          subject: locale === 'en' ? `Invitation, ${letterField('name')}` : `Convocation, ${letterField('name')}`,
          body: `${locale === 'en' ? 'Hello' : 'Bonjour'} ${letterField('name')},\n\nVotre lien : ${secretLinkSlot('rsvp')}`,
        }),
        recipients: [ada, bob, eve].map((r) => ({
          to: r.email,
          personId: r.id,
          locale: r.locale,
          fields: { name: r.name },
          secretLinks: { rsvp: `https://asso.example/assemblies/rsvp/${r.id}` },
        })),
      }),
    );
    expect(written).toBe(3);
    expect(await database.db.selectFrom('mail_letters').select('locale').orderBy('locale').execute()).toEqual([{ locale: 'en' }, { locale: 'fr' }]);

    const mails = createMailRepository(database.db, keys);
    const [logged] = await mails.list({ to: ada.email, limit: 10 });
    expect(logged).toMatchObject({ subject: 'Convocation, Ada <b>L</b>', hasHtml: true, kind: 'assembly_convocation' });
    expect(logged!.body).toMatch(/^Bonjour Ada <b>L<\/b>,\n\nVotre lien : /);
    // The log never shows the personal link.
    expect(logged!.body).not.toContain('/assemblies/rsvp/');

    const delivered = await mails.forDelivery(logged!.id);
    expect(delivered!.subject).toBe('Convocation, Ada <b>L</b>');
    expect(delivered!.body).toBe(`Bonjour Ada <b>L</b>,\n\nVotre lien : https://asso.example/assemblies/rsvp/${ada.id}`);
    expect(delivered!.html).toContain('Bonjour Ada &lt;b&gt;L&lt;/b&gt;,');
    expect(delivered!.html).toContain(`href="https://asso.example/assemblies/rsvp/${ada.id}"`);
    expect((await mails.list({ to: eve.email, limit: 10 }))[0]!.body).toMatch(/^Hello Eve,/);
  });

  it('refuses a recipient whose own words would put their secret link in the log, or who lacks a field, writing nothing', async () => {
    const ada = await person('fr', 'Ada');
    const link = `https://asso.example/assemblies/rsvp/${ada.id}`;
    const send = (fields: Record<string, string>) =>
      database.transaction((trx) =>
        createMailRepository(trx, keys).recordLetters({
          kind: 'assembly_convocation',
          now: NOW,
          letter: () => ({ subject: 'Convocation', body: `Bonjour ${letterField('name')}, ${secretLinkSlot('rsvp')}` }),
          recipients: [{ to: ada.email, personId: ada.id, locale: 'fr', fields, secretLinks: { rsvp: link } }],
        }),
      );
    await expect(send({ name: `Ada ${link}` })).rejects.toThrow(/written in the mail's text/);
    await expect(send({})).rejects.toThrow(/field name has no value/);
    expect(await database.db.selectFrom('mail_log').select('id').execute()).toEqual([]);
    expect(await database.db.selectFrom('mail_letters').select('id').execute()).toEqual([]);
  });
});
