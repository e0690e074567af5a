import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

describe(`forge accounts (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  const accounts = (personId: string, headers: Record<string, string>) =>
    a.app.inject({ method: 'GET', url: `/api/v1/people/${personId}/forge-accounts`, headers });
  const link = (personId: string, headers: Record<string, string>, payload: unknown) =>
    a.app.inject({ method: 'POST', url: `/api/v1/people/${personId}/forge-accounts`, headers, payload: payload as object });

  it('lets a person link, list and unlink their own accounts; the same link again changes nothing', async () => {
    const p = await a.person();
    const mine = await a.bearer(p.id);
    const created = await link(p.id, mine, { forge: 'gitlab', identity: '@Ada.Lovelace' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ forge: 'gitlab', identity: 'ada.lovelace', credited: 0 });
    const same = await link(p.id, mine, { forge: 'gitlab', identity: 'ada.lovelace' });
    expect(same.statusCode).toBe(200);
    expect(same.json().id).toBe(created.json().id);
    await link(p.id, mine, { forge: 'email', identity: 'ada@old-laptop.local' });
    expect((await accounts(p.id, mine)).json().items.map((x: { identity: string }) => x.identity)).toEqual(['ada@old-laptop.local', 'ada.lovelace']);

    const removed = await a.app.inject({ method: 'DELETE', url: `/api/v1/people/${p.id}/forge-accounts/${created.json().id}`, headers: mine });
    expect(removed.statusCode).toBe(204);
    expect((await accounts(p.id, mine)).json().items).toHaveLength(1);
    const history = await a.app.inject({ method: 'GET', url: `/api/v1/audit?subjectType=person&subjectId=${p.id}`, headers: a.admin.headers });
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['forge.account_linked', 'forge.account_linked', 'forge.account_unlinked']),
    );
  });

  it('refuses an account someone else holds, including their record’s email', async () => {
    const ada = await a.person({ email: 'ada@example.org' });
    const bob = await a.person();
    await link(ada.id, await a.bearer(ada.id), { forge: 'forgejo', identity: 'ada' });
    const bobHeaders = await a.bearer(bob.id);
    for (const payload of [
      { forge: 'forgejo', identity: 'ADA' },
      { forge: 'email', identity: 'Ada@Example.org' },
    ]) {
      const res = await link(bob.id, bobHeaders, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(409);
      expect(res.json()).toMatchObject({ code: 'forge_account_taken', errors: [{ path: '/identity' }] });
    }
    // The same login on another forge is someone else's business.
    expect((await link(bob.id, bobHeaders, { forge: 'gitlab', identity: 'ada' })).statusCode).toBe(201);
  });

  it('refuses a malformed identity with the field named', async () => {
    const p = await a.person();
    const res = await link(p.id, await a.bearer(p.id), { forge: 'forgejo', identity: 'ada lovelace' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: '/identity', code: 'invalid_username' })]);
  });

  it("hides someone else's accounts from people who may not manage them; administrators manage anyone's", async () => {
    const owner = await a.person();
    const other = await a.actingAs('lead');
    expect((await accounts(owner.id, other.headers)).statusCode).toBe(404);
    expect((await link(owner.id, other.headers, { forge: 'forgejo', identity: 'intrus' })).statusCode).toBe(404);
    const byAdmin = await link(owner.id, a.admin.headers, { forge: 'forgejo', identity: 'owner' });
    expect(byAdmin.statusCode).toBe(201);
    expect(
      (await a.app.inject({ method: 'DELETE', url: `/api/v1/people/${owner.id}/forge-accounts/${byAdmin.json().id}`, headers: other.headers })).statusCode,
    ).toBe(404);
    expect((await accounts(owner.id, a.admin.headers)).json().items).toHaveLength(1);
  });

  it('manages one’s accounts from the profile pages', async () => {
    const p = await a.person();
    const auth = await a.bearer(p.id);
    const form = { ...auth, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    const added = await a.app.inject({ method: 'POST', url: '/profile/forges', headers: form, payload: 'forge=forgejo&identity=fiona' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/profile?notice=notice.forgeAccountLinked#forges-title');
    const profile = await a.app.inject({ method: 'GET', url: '/profile', headers: { ...auth, accept: 'text/html' } });
    expect(profile.body).toContain('id="forges-title"');
    expect(profile.body).toContain('<strong>fiona</strong>');
    const refused = await a.app.inject({ method: 'POST', url: '/profile/forges', headers: form, payload: 'forge=email&identity=no-at-sign' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toMatch(/id="field-identity"[^>]*value="no-at-sign"[^>]*aria-invalid="true"/);
    const [account] = (await accounts(p.id, auth)).json().items;
    const removed = await a.app.inject({ method: 'POST', url: `/profile/forges/${account.id}/delete`, headers: form, payload: '' });
    expect(removed.statusCode).toBe(303);
    expect((await accounts(p.id, auth)).json().items).toEqual([]);
  });
});
