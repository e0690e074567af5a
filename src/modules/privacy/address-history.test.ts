import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailedLink } from '../../../test/mailbox.js';
import { signedIn, type Signed } from '../../../test/privacy-fixtures.js';
import { http, submitted } from '../../../test/requests.js';

/**
 * What belongs to a person (docs/privacy.md): their records by id, and records under an address
 * only while they had verified it. Paula held paula@ from her first sign-in through a mailed link
 * until she confirmed nouvelle@; nouvelle@ belonged to someone else before, paula@ to someone
 * else after. Her export and her erasure reach her own records and none of theirs.
 */
describe(`export and erasure follow the addresses a person verified, when they held them (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let paula: Signed;
  let nouvelleBefore: string;
  let own: string;

  const exportOf = async () => {
    const res = await http(a).get('/api/v1/me/export', paula.headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeEach(async () => {
    a = await buildAssociation();
    // Someone else writes from nouvelle@ long before it is Paula's.
    a.clock.set('2026-01-02T09:00:00.000Z');
    nouvelleBefore = (await submitted(a, { email: 'nouvelle@example.org', subject: 'Question de Nina', message: 'TEXTE-DE-NINA' })).id;
    // Paula signs in through a mailed link: paula@ is hers, verified, from now.
    a.clock.set('2026-01-03T09:00:00.000Z');
    paula = await signedIn(a, { displayName: 'Paula Privée', email: 'paula@example.org' });
    a.clock.set('2026-01-04T09:00:00.000Z');
    own = (await submitted(a, { email: 'paula@example.org', subject: 'Ma question', message: 'TEXTE-DE-PAULA' })).id;
  });
  afterEach(async () => a?.close());

  it('the export holds nothing under an address the person only proposed and has not confirmed', async () => {
    a.clock.set('2026-01-05T09:00:00.000Z');
    const proposed = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${paula.id}`,
      headers: paula.headers,
      payload: { email: 'nouvelle@example.org' },
    });
    expect(proposed.json().pendingEmail).toBe('nouvelle@example.org');
    const data = await exportOf();
    expect(data.requests.map((r: { id: string }) => r.id)).toEqual([own]);
    expect(JSON.stringify(data)).not.toContain('TEXTE-DE-NINA');
    expect(data.mails.map((m: { to: string }) => m.to)).not.toContain('nouvelle@example.org');
    expect(data.loginAddresses).toMatchObject({
      verified: [{ email: 'paula@example.org', from: '2026-01-03T09:00:00.000Z', until: null, how: 'password_reset' }],
      changes: [{ email: 'nouvelle@example.org', byThemselves: true, status: 'pending' }],
    });
  });

  it('after a confirmed change, export and erasure hold the records of each address only for the time the person held it', async () => {
    a.clock.set('2026-01-05T09:00:00.000Z');
    await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${paula.id}`, headers: paula.headers, payload: { email: 'nouvelle@example.org' } });
    const token = (await mailedLink(a, 'nouvelle@example.org', /^\/email\/confirm$/)).searchParams.get('token');
    a.clock.set('2026-01-06T09:00:00.000Z');
    expect((await http(a).post('/api/v1/email/confirm', { token })).statusCode).toBe(200);
    // paula@ now belongs to someone else, who writes from it.
    a.clock.set('2026-01-07T09:00:00.000Z');
    const paulaAfter = (await submitted(a, { email: 'paula@example.org', subject: 'Question de Zoé', message: 'TEXTE-DE-ZOE' })).id;
    // And Paula writes from her new address.
    const ownLater = (await submitted(a, { email: 'nouvelle@example.org', subject: 'Ma seconde question', message: 'TEXTE-DE-PAULA-2' })).id;

    const data = await exportOf();
    expect(data.requests.map((r: { id: string }) => r.id)).toEqual([own, ownLater]);
    const text = JSON.stringify(data);
    for (const other of ['TEXTE-DE-NINA', 'TEXTE-DE-ZOE', nouvelleBefore, paulaAfter]) expect(text).not.toContain(other);
    // The acknowledgements quote nothing of a request: each is told apart by where and when it went.
    const acknowledgements = (data.mails as { kind: string; to: string; createdAt: string }[])
      .filter((m) => m.kind === 'request_received')
      .map((m) => `${m.to} ${m.createdAt}`);
    // Hers (paula@ on the 4th, nouvelle@ on the 7th), never Nina's (nouvelle@ before it was hers) nor Zoé's (paula@ after).
    expect(acknowledgements.sort()).toEqual(['nouvelle@example.org 2026-01-07T09:00:00.000Z', 'paula@example.org 2026-01-04T09:00:00.000Z']);
    expect(data.loginAddresses.verified).toEqual([
      { email: 'paula@example.org', from: '2026-01-03T09:00:00.000Z', until: '2026-01-06T09:00:00.000Z', how: 'password_reset' },
      { email: 'nouvelle@example.org', from: '2026-01-06T09:00:00.000Z', until: null, how: 'confirmed' },
    ]);

    // Erasure reaches the same records: hers are pseudonymised, Nina's and Zoé's stay as written.
    const erased = await http(a).post(`/api/v1/people/${paula.id}/erase`, { confirm: 'Paula Privée', reason: 'request' }, a.admin.headers);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().removed).toMatchObject({ requests: 2, addresses: 2, emailChanges: 1 });
    const rows = await a.database.db.selectFrom('requests').select(['id', 'message']).orderBy('id').execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.message]))).toEqual({
      [nouvelleBefore]: 'TEXTE-DE-NINA',
      [own]: 'Message effacé',
      [paulaAfter]: 'TEXTE-DE-ZOE',
      [ownLater]: 'Message effacé',
    });
    // Her two acknowledgements are emptied; Nina's and Zoé's stay as they went.
    const mails = await a.database.db.selectFrom('mail_log').select(['to_address', 'subject', 'created_at']).where('kind', '=', 'request_received').execute();
    expect(mails.map((m) => (m.subject === '' ? 'emptied' : `${m.to_address} ${m.created_at}`)).sort()).toEqual([
      'emptied',
      'emptied',
      'nouvelle@example.org 2026-01-02T09:00:00.000Z',
      'paula@example.org 2026-01-07T09:00:00.000Z',
    ]);
  });
});
