import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { letterField } from '../../platform/mail/letters.js';
import { keysOf } from '../../platform/auth/keys.js';

/**
 * A letter's body is stored once for all its mails (docs/rooms-and-mail.md, "Letters"); each mail
 * keeps its recipient's own words. Erasing a person takes those words from their mails and leaves
 * the others' whole; the log's retention takes the letter with its last mail.
 */
describe(`letters and personal data (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  async function letterTo(people: { id: string; email: string; displayName: string }[]) {
    await a.database.transaction((trx) =>
      createMailRepository(trx, keysOf(a.config)).recordLetters({
        kind: 'assembly_convocation',
        now: a.clock.now(),
        letter: () => ({ subject: 'Convocation', body: `Bonjour ${letterField('name')}, vous êtes convoqué·e.` }),
        recipients: people.map((p) => ({ to: p.email, personId: p.id, locale: 'fr', fields: { name: p.displayName } })),
      }),
    );
  }
  const bodiesTo = async (email: string) => (await createMailRepository(a.database.db).list({ to: email, limit: 10 })).map((m) => m.body);
  const letters = async () => (await a.database.db.selectFrom('mail_letters').select('id').execute()).length;

  it('erasing a person takes their name from their mail of a letter; the others still read theirs whole', async () => {
    const eva = await a.person({ displayName: 'Eva Effacée' });
    const paul = await a.person({ displayName: 'Paul Présent' });
    await letterTo([eva, paul]);
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/people/${eva.id}/erase`,
      headers: a.admin.headers,
      payload: { confirm: 'Eva Effacée', reason: 'request' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const evas = await a.database.db.selectFrom('mail_log').selectAll().where('person_id', '=', eva.id).where('kind', '=', 'assembly_convocation').execute();
    expect(evas).toHaveLength(1);
    expect(evas[0]).toMatchObject({ subject: '', body_text: '', letter_id: null, letter_fields: null });
    const everything = JSON.stringify(await a.database.db.selectFrom('mail_log').selectAll().execute());
    expect(everything).not.toContain('Eva');
    expect(await bodiesTo(paul.email)).toEqual(['Bonjour Paul Présent, vous êtes convoqué·e.']);
    expect(await letters()).toBe(1);
  });

  it('a person’s data export gives their mail of a letter whole, with their name in it', async () => {
    const paul = await a.person({ displayName: 'Paul Présent' });
    const eva = await a.person({ displayName: 'Eva' });
    await letterTo([paul, eva]);
    const res = await a.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: await a.bearer(paul.id) });
    expect(res.statusCode, res.body).toBe(200);
    const mails = (res.json() as { mails: { kind: string; body: string }[] }).mails.filter((m) => m.kind === 'assembly_convocation');
    expect(mails.map((m) => m.body)).toEqual(['Bonjour Paul Présent, vous êtes convoqué·e.']);
  });

  it('the log’s retention deletes a letter with its last mail, not before', async () => {
    const eva = await a.person({ displayName: 'Eva' });
    await letterTo([eva]);
    a.clock.set('2026-09-02T10:00:00.000Z');
    const paul = await a.person({ displayName: 'Paul' });
    await letterTo([paul]);
    // The mails go out (no SMTP here: the log is the delivery), then a year passes for the first letter only.
    await a.dispatcher().drain();
    expect(await letters()).toBe(2);
    await a.services.privacy.purge('2027-03-15');
    expect(await bodiesTo(eva.email)).toEqual([]);
    expect(await bodiesTo(paul.email)).toEqual(['Bonjour Paul, vous êtes convoqué·e.']);
    expect(await letters()).toBe(1);
    await a.services.privacy.purge('2027-09-15');
    expect(await letters()).toBe(0);
  });
});
