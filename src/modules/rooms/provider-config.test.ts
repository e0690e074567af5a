import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';

describe(`a room is registered only where its events can be delivered (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => a?.close());

  const register = (provider: string, address: string) =>
    a.app.inject({ method: 'POST', url: '/api/v1/rooms', headers: a.admin.headers, payload: { provider, address, audience: 'members' } });

  it('refuses a webhook room while no WEBHOOK_SECRET is configured, with 422 provider_not_configured, changing nothing', async () => {
    a = await buildAssociation();
    const before = await stateFingerprint(a);
    const refused = expectProblem(await register('webhook', 'https://hooks.example.org/members'), 422, 'provider_not_configured');
    expect(refused.detail).toContain('WEBHOOK_SECRET');
    expect(await stateFingerprint(a)).toBe(before);
    // The page says so too, in words.
    const browser = a.browser();
    await browser.login(a.admin.email, 'correct horse battery staple');
    await browser.get('/rooms');
    const page = await browser.post('/rooms', { provider: 'webhook', address: 'https://hooks.example.org/members', audience: 'members' });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('n’a pas d’identifiants dans la configuration');
    expect(await stateFingerprint(a)).not.toContain('hooks.example.org');
  });

  it('accepts it once the secret is set', async () => {
    a = await buildAssociation({ config: { WEBHOOK_SECRET: 'a-webhook-secret-long-enough' } });
    const res = await register('webhook', 'https://hooks.example.org/members');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ configured: true });
  });

  it('still registers a Matrix or XMPP room awaiting credentials, shown as not configured: its reconciliation restores it later', async () => {
    a = await buildAssociation();
    for (const [provider, address] of [
      ['matrix', '!members:tedomum.net'],
      ['xmpp', 'membres@conference.tedomum.net'],
    ]) {
      const res = await register(provider, address);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ configured: false });
    }
  });
});
