import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import type { Database } from '../../platform/db.js';

const FORGEJO_SECRET = 'forgejo-secret-0123456789';
const GITLAB_TOKEN = 'gitlab-token-0123456789';
const today = '2026-11-28';

/** The documented samples, as bytes: the signature covers exactly these. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const edited = (name: string, change: (p: Record<string, any>) => void) => {
  const payload = JSON.parse(fixture(name).toString('utf8'));
  change(payload);
  return Buffer.from(JSON.stringify(payload, null, 2));
};
const sign = (body: Buffer, secret = FORGEJO_SECRET) => createHmac('sha256', secret).update(body).digest('hex');

/** Everything a delivery could write: equal before and after means it wrote nothing. */
async function forgeFingerprint(database: Database): Promise<string> {
  const parts: string[] = [];
  for (const t of ['contributions', 'forge_accounts', 'forge_deliveries', 'forge_unknown_authors', 'audit_log'] as const) {
    const rows = await database.db.selectFrom(t).selectAll().execute();
    parts.push(`${t}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

describe(`forge webhooks (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation({ config: { FORGEJO_WEBHOOK_SECRET: FORGEJO_SECRET, GITLAB_WEBHOOK_TOKEN: GITLAB_TOKEN } });
    a.clock.set(`${today}T12:00:00.000Z`);
  });
  afterEach(async () => {
    await a?.close();
  });

  let deliveries = 0;
  const forgejo = (body: Buffer, options: { event?: string; delivery?: string; signature?: string | null; gitea?: boolean } = {}) => {
    const prefix = options.gitea ? 'x-gitea' : 'x-forgejo';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [`${prefix}-event`]: options.event ?? 'push',
      [`${prefix}-delivery`]: options.delivery ?? `delivery-${++deliveries}`,
    };
    if (options.signature !== null) headers[`${prefix}-signature`] = options.signature ?? sign(body);
    return a.app.inject({ method: 'POST', url: '/api/v1/hooks/forgejo', headers, payload: body });
  };
  const gitlab = (body: Buffer, options: { event?: string; uuid?: string; token?: string | null } = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-gitlab-event': options.event ?? 'Push Hook',
      'x-gitlab-event-uuid': options.uuid ?? `uuid-${++deliveries}`,
    };
    if (options.token !== null) headers['x-gitlab-token'] = options.token ?? GITLAB_TOKEN;
    return a.app.inject({ method: 'POST', url: '/api/v1/hooks/gitlab', headers, payload: body });
  };
  const contributionsOf = async (personId: string) =>
    (await a.app.inject({ method: 'GET', url: `/api/v1/contributions?personId=${personId}`, headers: a.admin.headers })).json().items as Record<
      string,
      unknown
    >[];
  const link = async (personId: string, forge: string, identity: string, headers?: Record<string, string>) =>
    a.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/forge-accounts`,
      headers: headers ?? (await a.bearer(personId)),
      payload: { forge, identity },
    });
  const unknownAuthors = async () => (await a.app.inject({ method: 'GET', url: '/api/v1/forge/unknown-authors', headers: a.admin.headers })).json().items;

  it('makes each commit of the documented Forgejo push a confirmed development contribution of the linked person', async () => {
    const p = await a.person({ displayName: 'Fiona Forge' });
    expect((await link(p.id, 'forgejo', 'Forgejo')).statusCode).toBe(201);
    const res = await forgejo(fixture('forgejo-push.json'), { delivery: 'f6266f16-1bf3-46a5-9ea4-602e06ead473' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      deliveryId: 'f6266f16-1bf3-46a5-9ea4-602e06ead473',
      event: 'push',
      status: 'processed',
      reason: null,
      recorded: 1,
      alreadyRecorded: 0,
      unknownAuthors: 0,
    });
    expect(await contributionsOf(p.id)).toEqual([
      expect.objectContaining({
        kind: 'development',
        status: 'confirmed',
        source: 'forgejo',
        externalId: 'bffeb74224043ba2feb48d137756c8a9331c449a',
        occurredOn: '2017-03-13',
        summary: 'Webhooks Yay!',
        evidenceUrl: 'http://localhost:3000/forgejo/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a',
      }),
    ]);
    const audit = await a.app.inject({ method: 'GET', url: '/api/v1/audit?subjectType=forge_delivery', headers: a.admin.headers });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['forge.delivery_received']);
  });

  it('takes Gitea’s headers alike, and knows an author by the email of their record', async () => {
    const p = await a.person({ email: 'Someone@Forgejo.org' });
    const res = await forgejo(fixture('forgejo-push.json'), { gitea: true });
    expect(res.json()).toMatchObject({ status: 'processed', recorded: 1 });
    expect((await contributionsOf(p.id)).map((c) => c.externalId)).toEqual(['bffeb74224043ba2feb48d137756c8a9331c449a']);
  });

  it('refuses a wrong, missing or unconfigured signature with 401 and writes nothing', async () => {
    await a.person({ email: 'someone@forgejo.org' });
    const body = fixture('forgejo-push.json');
    const before = await forgeFingerprint(a.database);
    for (const [name, res] of [
      ['another secret', await forgejo(body, { signature: sign(body, 'not-the-configured-secret') })],
      ['no signature', await forgejo(body, { signature: null })],
      ['signature of other bytes', await forgejo(body, { signature: sign(Buffer.from(`${body.toString()} `)) })],
      ['Gitea header, wrong signature', await forgejo(body, { gitea: true, signature: 'ab'.repeat(32) })],
      ['no body at all', await a.app.inject({ method: 'POST', url: '/api/v1/hooks/forgejo', headers: { 'x-forgejo-event': 'push' } })],
      ['unsigned garbage', await forgejo(Buffer.from('{not json'), { signature: null })],
      ['wrong GitLab token', await gitlab(fixture('gitlab-push.json'), { token: 'gitlab-token-0123456780' })],
      ['no GitLab token', await gitlab(fixture('gitlab-push.json'), { token: null })],
    ] as const) {
      expect(res.statusCode, name).toBe(401);
      expect(res.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      expect(res.json().code, name).toBe('invalid_signature');
    }
    expect(await forgeFingerprint(a.database)).toBe(before);
  });

  it('refuses every hook while its secret is not configured', async () => {
    const bare = await buildAssociation();
    try {
      const body = fixture('forgejo-push.json');
      const headers = { 'content-type': 'application/json', 'x-forgejo-event': 'push', 'x-forgejo-signature': sign(body) };
      const res = await bare.app.inject({ method: 'POST', url: '/api/v1/hooks/forgejo', headers, payload: body });
      expect(res.statusCode).toBe(401);
      const gl = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/hooks/gitlab',
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': '' },
        payload: fixture('gitlab-push.json'),
      });
      expect(gl.statusCode).toBe(401);
      expect(await bare.database.db.selectFrom('forge_deliveries').selectAll().execute()).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it('answers a replayed delivery as the first time and records nothing twice, nor the same commit pushed again', async () => {
    const p = await a.person({ email: 'someone@forgejo.org' });
    const body = fixture('forgejo-push.json');
    const first = await forgejo(body, { delivery: 'replayed-1' });
    const again = await forgejo(body, { delivery: 'replayed-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), status: 'replayed' });
    const pushedAgain = await forgejo(body, { delivery: 'other-delivery' });
    expect(pushedAgain.json()).toMatchObject({ status: 'processed', recorded: 0, alreadyRecorded: 1 });
    expect(await contributionsOf(p.id)).toHaveLength(1);
    expect(await a.database.db.selectFrom('forge_deliveries').select('delivery_id').orderBy('delivery_id').execute()).toEqual([
      { delivery_id: 'other-delivery' },
      { delivery_id: 'replayed-1' },
    ]);
  });

  it('records the same delivery once when it arrives twice at the same moment', async () => {
    const p = await a.person({ email: 'someone@forgejo.org' });
    const body = fixture('forgejo-push.json');
    const results = await Promise.all([forgejo(body, { delivery: 'racing' }), forgejo(body, { delivery: 'racing' }), forgejo(body)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await contributionsOf(p.id)).toHaveLength(1);
  });

  it('makes a pushed commit count towards its author’s activity', async () => {
    const p = await a.person({ email: 'someone@forgejo.org' });
    const activity = async () => (await a.app.inject({ method: 'GET', url: `/api/v1/people/${p.id}/activity`, headers: a.admin.headers })).json();
    expect((await activity()).active).toBe(false);
    await forgejo(edited('forgejo-push.json', (push) => (push.commits[0].timestamp = '2026-11-20T09:00:00+01:00')));
    expect(await activity()).toMatchObject({ active: true, lastContributionOn: '2026-11-20' });
  });

  it('makes a merged Forgejo pull request one contribution, and ignores one closed unmerged', async () => {
    const p = await a.person();
    await link(p.id, 'forgejo', 'anbraten');
    const closed = await forgejo(
      edited('forgejo-pull-request-merged.json', (pr) => (pr.pull_request.merged = false)),
      { event: 'pull_request' },
    );
    expect(closed.json()).toMatchObject({ status: 'ignored', reason: 'not_merged', recorded: 0 });
    const merged = await forgejo(fixture('forgejo-pull-request-merged.json'), { event: 'pull_request' });
    expect(merged.json()).toMatchObject({ status: 'processed', recorded: 1 });
    expect(await contributionsOf(p.id)).toEqual([
      expect.objectContaining({
        externalId: 'pr:anbraten/test-repo#1',
        occurredOn: '2023-12-05',
        summary: 'Adjust file',
        kind: 'development',
        status: 'confirmed',
      }),
    ]);
  });

  it('takes the documented GitLab push: known authors credited, the others listed for administrators', async () => {
    const jordi = await a.person({ displayName: 'Jordi Mallach', email: 'jordi@softcatala.org' });
    const res = await gitlab(fixture('gitlab-push.json'), { uuid: '3b4e4cc4-7a2d-4c8f-a1f0-39b5a3d5a7c1' });
    expect(res.json()).toMatchObject({ status: 'processed', recorded: 1, unknownAuthors: 1 });
    expect(await contributionsOf(jordi.id)).toEqual([
      expect.objectContaining({
        source: 'gitlab',
        externalId: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
        occurredOn: '2011-12-12',
        summary: 'Update Catalan translation to e38cb41.',
        status: 'confirmed',
      }),
    ]);
    expect(await unknownAuthors()).toEqual([
      expect.objectContaining({ forge: 'email', identity: 'gitlabdev@dv6700.(none)', displayName: 'GitLab dev user', events: 1 }),
    ]);
    // Another delivery naming them counts once more.
    await gitlab(fixture('gitlab-push.json'));
    expect(await unknownAuthors()).toEqual([expect.objectContaining({ identity: 'gitlabdev@dv6700.(none)', events: 2 })]);
  });

  it('ignores the documented merge request event (an "open") and records the request once merged', async () => {
    const root = await a.person({ displayName: 'Root' });
    await link(root.id, 'gitlab', 'root');
    const before = await forgeFingerprint(a.database);
    const opened = await gitlab(fixture('gitlab-merge-request.json'), { event: 'Merge Request Hook' });
    expect(opened.json()).toMatchObject({ status: 'ignored', reason: 'not_merged' });
    expect(await forgeFingerprint(a.database)).toBe(before);

    const merge = (p: Record<string, any>) => {
      p.object_attributes.action = 'merge';
      p.object_attributes.state = 'merged';
      p.object_attributes.author_id = p.user.id;
    };
    const merged = await gitlab(edited('gitlab-merge-request.json', merge), { event: 'Merge Request Hook' });
    expect(merged.json()).toMatchObject({ status: 'processed', recorded: 1 });
    expect(await contributionsOf(root.id)).toEqual([
      expect.objectContaining({ externalId: 'mr:gitlabhq/gitlab-test!1', summary: 'MS-Viewport', evidenceUrl: 'http://example.com/diaspora/merge_requests/1' }),
    ]);
    const updatedLater = await gitlab(
      edited('gitlab-merge-request.json', (p) => {
        merge(p);
        p.object_attributes.action = 'update';
      }),
      { event: 'Merge Request Hook' },
    );
    expect(updatedLater.json()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
  });

  it('lists an unknown author, then credits them once an administrator links them on /admin/forges', async () => {
    const fiona = await a.person({ displayName: 'Fiona', email: 'fiona@example.org' });
    await forgejo(fixture('forgejo-push.json'));
    const [unknown] = await unknownAuthors();
    expect(unknown).toMatchObject({ forge: 'forgejo', identity: 'forgejo', displayName: 'Forgejo', events: 1 });
    expect(await contributionsOf(fiona.id)).toEqual([]);

    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const page = await browser.get('/admin/forges');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>forgejo</strong>');

    const wrong = await browser.post('/admin/forges/link', { unknownId: unknown.id, email: 'nobody@example.org' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('role="alert"');
    expect(await unknownAuthors()).toHaveLength(1);

    const linked = await browser.post('/admin/forges/link', { unknownId: unknown.id, email: 'Fiona@example.org' });
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe('/admin/forges?notice=notice.forgeAuthorLinked');
    expect(await unknownAuthors()).toEqual([]);
    expect(await contributionsOf(fiona.id)).toEqual([expect.objectContaining({ externalId: 'bffeb74224043ba2feb48d137756c8a9331c449a', source: 'forgejo' })]);
    const accounts = await a.app.inject({ method: 'GET', url: `/api/v1/people/${fiona.id}/forge-accounts`, headers: a.admin.headers });
    expect(accounts.json().items).toEqual([expect.objectContaining({ forge: 'forgejo', identity: 'forgejo' })]);
    // From now on, her pushes are hers at once.
    const next = await forgejo(edited('forgejo-push.json', (p) => (p.commits[0].id = 'c0ffee4224043ba2feb48d137756c8a9331c449a')));
    expect(next.json()).toMatchObject({ recorded: 1, unknownAuthors: 0 });
  });

  it('credits people who link their own account with what the forges already sent', async () => {
    await forgejo(fixture('forgejo-push.json'));
    const p = await a.person();
    const res = await link(p.id, 'forgejo', 'forgejo');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ forge: 'forgejo', identity: 'forgejo', personId: p.id, credited: 1 });
    expect(await contributionsOf(p.id)).toHaveLength(1);
    expect(await unknownAuthors()).toEqual([]);
  });

  it('refuses a signed body that is not JSON, or not an object, and a content type other than JSON', async () => {
    const before = await forgeFingerprint(a.database);
    const notJson = Buffer.from('{"ref": ');
    const bad = await forgejo(notJson);
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'malformed_json']);
    const array = Buffer.from('[]');
    const arr = await forgejo(array);
    expect([arr.statusCode, arr.json().code]).toEqual([400, 'validation_failed']);
    const form = await a.app.inject({
      method: 'POST',
      url: '/api/v1/hooks/forgejo',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forgejo-event': 'push' },
      payload: 'payload=%7B%7D',
    });
    expect([form.statusCode, form.json().code]).toEqual([415, 'unsupported_media_type']);
    expect(await forgeFingerprint(a.database)).toBe(before);
  });

  it('answers events it does not handle without writing anything', async () => {
    const before = await forgeFingerprint(a.database);
    const res = await forgejo(fixture('forgejo-push.json'), { event: 'issues' });
    expect(res.json()).toMatchObject({ status: 'ignored', reason: 'event_not_handled' });
    const tag = await gitlab(fixture('gitlab-push.json'), { event: 'Tag Push Hook' });
    expect(tag.json()).toMatchObject({ status: 'ignored' });
    expect(await forgeFingerprint(a.database)).toBe(before);
  });
});
