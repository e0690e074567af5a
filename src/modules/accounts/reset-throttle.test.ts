import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailbox } from '../../../test/mailbox.js';

function statusText(html: string): string {
  const block = /<(div|p) role="(alert|status)"[\s\S]*?<\/\1>/.exec(html)?.[0] ?? '';
  return block
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe(`password reset links are limited per address and per client (${dialectUnderTest})`, () => {
  let a: TestAssociation;

  beforeEach(async () => {
    a = await buildAssociation({
      config: { PASSWORD_RESET_LIMIT_PER_EMAIL: '3', PASSWORD_RESET_LIMIT_PER_IP: '5', PASSWORD_RESET_LIMIT_WINDOW_MINUTES: '60' },
    });
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  async function askFor(ip: string, email: string, times: number): Promise<number[]> {
    const b = a.browser(ip);
    await b.get('/password/forgot');
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await b.post('/password/forgot', { email })).statusCode);
    return statuses;
  }

  it('twelve requests for one address send only as many links as the limit, and the page says none was sent', async () => {
    const statuses = await askFor('10.1.0.1', a.admin.email, 12);
    expect(statuses).toEqual([200, 200, 200, ...Array(9).fill(429)]);
    expect((await mailbox(a, a.admin.email)).filter((m) => m.kind === 'password_reset')).toHaveLength(3);
    // From another client too: the limit is the address's.
    const b = a.browser('10.1.0.2');
    await b.get('/password/forgot');
    const refused = await b.post('/password/forgot', { email: a.admin.email.toUpperCase() });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(statusText(refused.body)).toBe(
      'Trop de liens demandés pour cette adresse ou depuis votre connexion : aucun nouveau lien n’a été envoyé. Réessayez dans 60 min. Un lien déjà reçu reste valable une heure.',
    );
    expect((await mailbox(a, a.admin.email)).filter((m) => m.kind === 'password_reset')).toHaveLength(3);
    // Once the window has passed, a link can be asked for again.
    a.clock.set('2026-03-02T11:00:01.000Z');
    expect(await askFor('10.1.0.3', a.admin.email, 1)).toEqual([200]);
    expect((await mailbox(a, a.admin.email)).filter((m) => m.kind === 'password_reset')).toHaveLength(4);
  });

  it('answers an unknown address exactly like a known one, throttled included', async () => {
    const known = await askFor('10.1.1.1', a.admin.email, 5);
    const unknown = await askFor('10.1.1.2', 'nobody.here@example.org', 5);
    expect(unknown).toEqual(known);
  });

  it('limits one client asking for many addresses', async () => {
    const people = await Promise.all(Array.from({ length: 7 }, (_, i) => a.person({ displayName: `P${i}` })));
    const b = a.browser('10.1.2.1');
    await b.get('/password/forgot');
    const statuses: number[] = [];
    for (const p of people) statuses.push((await b.post('/password/forgot', { email: p.email })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const mailed = await Promise.all(people.map(async (p) => (await mailbox(a, p.email)).filter((m) => m.kind === 'password_reset').length));
    expect(mailed).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });
});
