import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.js';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { hashPassword } from '../../platform/auth/secrets.js';
import { createAccountsRepository } from './repository.js';

const MAX = 3;
const PASSWORD = 'a second long passphrase';

function alertText(html: string): string {
  const block = /<div role="alert"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return block
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe(`login throttling in the database (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let other: { id: string; email: string };

  beforeEach(async () => {
    a = await buildAssociation({ config: { LOGIN_MAX_FAILURES: String(MAX), LOGIN_LOCK_MINUTES: '15' } });
    a.clock.set('2026-03-02T10:00:00.000Z');
    other = await a.person({ displayName: 'Bob' });
    const now = a.clock.now();
    await createAccountsRepository(a.database.db).upsertPasswordIdentity(
      other.id,
      other.email,
      await hashPassword(PASSWORD, { memoryCost: 1024, timeCost: 1 }),
      now,
    );
  });
  afterEach(async () => {
    await a?.close();
  });

  const login = (ip: string, email: string, password: string) => a.browser(ip).login(email, password);
  const counters = () => a.database.db.selectFrom('attempt_counters').selectAll().execute();

  async function failFrom(ip: string, email: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) expect((await login(ip, email, `wrong password number ${i}`)).statusCode).toBe(401);
  }

  function expectLocked(res: LightMyRequestResponse): number {
    expect(res.statusCode).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(res.cookies.find((c) => c.name === 'eq_session')).toBeUndefined();
    return retryAfter;
  }

  it('locks the account after N failures, even for the right password from another address', async () => {
    await failFrom('10.0.0.1', a.admin.email, MAX);
    const locked = await login('10.0.0.2', a.admin.email, ADMIN_PASSWORD);
    expectLocked(locked);
    // The wait is said in words, in the reader's language.
    expect(alertText(locked.body)).toBe('Trop de tentatives échouées. Réessayez dans 15 minutes.');
    // Another account from that second address is not concerned.
    expect((await login('10.0.0.2', other.email, PASSWORD)).statusCode).toBe(303);
  });

  it('locks the address after N failures, even for another account with its right password', async () => {
    await failFrom('10.0.0.3', a.admin.email, 1);
    await failFrom('10.0.0.3', 'nobody@example.org', 1);
    await failFrom('10.0.0.3', 'someone.else@example.org', 1);
    expectLocked(await login('10.0.0.3', other.email, PASSWORD));
    // From elsewhere, both accounts still log in: each had at most one failure.
    expect((await login('10.0.0.4', other.email, PASSWORD)).statusCode).toBe(303);
    expect((await login('10.0.0.4', a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
  });

  it('keeps the lock across a restart: a new app on the same database still refuses', async () => {
    await failFrom('10.0.0.5', a.admin.email, MAX);
    const restarted = await buildApp({ database: a.database, config: a.config, clock: a.clock });
    try {
      const page = await restarted.app.inject({ method: 'GET', url: '/login', remoteAddress: '10.0.0.6', headers: { accept: 'text/html' } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const res = await restarted.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: '10.0.0.6',
        payload: new URLSearchParams({ _csrf: csrf, email: a.admin.email, password: ADMIN_PASSWORD }).toString(),
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
      const retryAfter = expectLocked(res);
      // Once the lock has passed, the right password works again, on either instance.
      a.clock.set(new Date(Date.parse(a.clock.now()) + (retryAfter + 1) * 1000).toISOString());
      expect((await login('10.0.0.6', a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    } finally {
      await restarted.app.close();
    }
  });

  it("clears the account's count on success, but not the address's", async () => {
    await failFrom('10.0.0.7', a.admin.email, MAX - 1);
    expect((await login('10.0.0.8', a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    // The account starts from zero again: MAX - 1 more failures do not lock it.
    await failFrom('10.0.0.9', a.admin.email, MAX - 1);
    expect((await login('10.0.0.9', a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    // 10.0.0.7 still has its MAX - 1 failures: one more locks it, whatever the account.
    await failFrom('10.0.0.7', 'nobody@example.org', 1);
    expectLocked(await login('10.0.0.7', other.email, PASSWORD));
  });

  it('counts the email however it is written, and says one minute when one is left', async () => {
    await failFrom('10.0.1.1', a.admin.email.toUpperCase(), 1);
    await failFrom('10.0.1.2', `  ${a.admin.email}  `, 1);
    a.clock.set('2026-03-02T10:14:00.000Z');
    await failFrom('10.0.1.3', a.admin.email, 1);
    const locked = await login('10.0.1.4', a.admin.email, ADMIN_PASSWORD);
    expect(expectLocked(locked)).toBe(60);
    expect(alertText(locked.body)).toBe('Trop de tentatives échouées. Réessayez dans une minute.');
  });

  it('stores no email or address, and prunes the counts that no longer count', async () => {
    await failFrom('10.0.2.1', a.admin.email, 2);
    const rows = await counters();
    // One counter per key (the account, the address), each at two failures.
    expect(rows.map((r) => Number(r.attempts))).toEqual([2, 2]);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain('10.0.2.1');
      expect(JSON.stringify(row)).not.toContain(a.admin.email);
    }
    // Past the longest throttle window (the reset links' hour), the next attempt removes them.
    a.clock.set('2026-03-02T11:01:00.000Z');
    await failFrom('10.0.2.2', 'nobody@example.org', 1);
    expect((await counters()).map((r) => Number(r.attempts))).toEqual([1, 1]);
  });

  it('counts an attempt before checking the password: of 30 concurrent wrong passwords, at most the limit get 401, the rest 429', async () => {
    const b = a.browser('10.0.3.1');
    await b.get('/login');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => b.post('/login', { email: a.admin.email, password: `wrong guess ${i}` })));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30 - MAX);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
  });

  it('a successful login is not a failure: the address keeps room for the people behind it', async () => {
    // Several people behind one address log in within the window: more than the limit, all fine.
    for (let i = 0; i < MAX + 2; i++) expect((await login('10.0.4.1', other.email, PASSWORD)).statusCode).toBe(303);
    await failFrom('10.0.4.1', 'nobody@example.org', MAX);
    expectLocked(await login('10.0.4.1', other.email, PASSWORD));
  });
});
