import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attribute,
  dayOf,
  deliveryOf,
  forgejoFacts,
  forgejoSignatureValid,
  gitlabFacts,
  gitlabTokenValid,
  identityInputErrors,
  normaliseIdentity,
  type ForgeItem,
} from './rules.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string) => JSON.parse(fixture(name).toString('utf8')) as Record<string, any>;
const today = '2026-11-28';
const SECRET = 'a-forgejo-secret-of-some-length';
const sign = (body: Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('forgejoSignatureValid', () => {
  const body = fixture('forgejo-push.json');
  it.each([
    ['the right signature', { 'x-forgejo-signature': sign(body) }, SECRET, true],
    ['the right signature in upper case', { 'x-forgejo-signature': sign(body).toUpperCase() }, SECRET, true],
    ['Gitea’s header', { 'x-gitea-signature': sign(body) }, SECRET, true],
    ['a signature under another secret', { 'x-forgejo-signature': sign(body, 'another-secret-entirely') }, SECRET, false],
    ['no signature', {}, SECRET, false],
    ['a truncated signature', { 'x-forgejo-signature': sign(body).slice(0, 40) }, SECRET, false],
    ['not hex', { 'x-forgejo-signature': 'z'.repeat(64) }, SECRET, false],
    ['the right signature but no secret configured', { 'x-forgejo-signature': sign(body) }, undefined, false],
    ['GitHub’s sha256= form', { 'x-forgejo-signature': `sha256=${sign(body)}` }, SECRET, false],
  ] as const)('%s', (_name, headers, secret, expected) => {
    expect(forgejoSignatureValid(secret, body, headers)).toBe(expected);
  });

  it('covers every byte: re-serialised JSON of the same payload does not verify', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(forgejoSignatureValid(SECRET, reserialised, { 'x-forgejo-signature': sign(body) })).toBe(false);
  });

  it('accepts exactly the bodies it was computed over (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), (a, b) => {
        const body = Buffer.from(a);
        const other = Buffer.concat([body, Buffer.from(b)]);
        expect(forgejoSignatureValid(SECRET, body, { 'x-forgejo-signature': sign(body) })).toBe(true);
        expect(forgejoSignatureValid(SECRET, other, { 'x-forgejo-signature': sign(body) })).toBe(false);
      }),
    );
  });
});

describe('gitlabTokenValid', () => {
  it.each([
    ['the same token', 'gitlab-token-0123456789', 'gitlab-token-0123456789', true],
    ['another token', 'gitlab-token-0123456789', 'gitlab-token-0123456780', false],
    ['a prefix of it', 'gitlab-token-0123456789', 'gitlab-token', false],
    ['no token sent', 'gitlab-token-0123456789', undefined, false],
    ['no token configured', undefined, 'gitlab-token-0123456789', false],
  ] as const)('%s', (_name, expected, given, valid) => {
    expect(gitlabTokenValid(expected, given === undefined ? {} : { 'x-gitlab-token': given })).toBe(valid);
  });
});

describe('deliveryOf', () => {
  const body = Buffer.from('{}');
  it('reads Forgejo’s headers, then Gitea’s', () => {
    expect(deliveryOf('forgejo', { 'x-forgejo-event': 'push', 'x-forgejo-delivery': 'f6266f16' }, body)).toEqual({ event: 'push', deliveryId: 'f6266f16' });
    expect(deliveryOf('forgejo', { 'x-gitea-event': 'pull_request', 'x-gitea-delivery': 'abc' }, body)).toEqual({ event: 'pull_request', deliveryId: 'abc' });
  });
  it('reads GitLab’s event UUID, then the Idempotency-Key', () => {
    expect(deliveryOf('gitlab', { 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'u-1', 'idempotency-key': 'k-1' }, body).deliveryId).toBe('u-1');
    expect(deliveryOf('gitlab', { 'x-gitlab-event': 'Push Hook', 'idempotency-key': 'k-1' }, body).deliveryId).toBe('k-1');
  });
  it('names a delivery without an id by its bytes: the same body is the same delivery', () => {
    const a = deliveryOf('gitlab', { 'x-gitlab-event': 'Push Hook' }, Buffer.from('{"a":1}'));
    expect(a.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(deliveryOf('gitlab', {}, Buffer.from('{"a":1}')).deliveryId).toBe(a.deliveryId);
    expect(deliveryOf('gitlab', {}, Buffer.from('{"a":2}')).deliveryId).not.toBe(a.deliveryId);
  });
});

describe('forgejoFacts', () => {
  it('turns the documented push into one contribution per commit', () => {
    expect(forgejoFacts('push', json('forgejo-push.json'), today)).toEqual({
      ignored: false,
      items: [
        {
          externalId: 'bffeb74224043ba2feb48d137756c8a9331c449a',
          occurredOn: '2017-03-13',
          summary: 'Webhooks Yay!',
          evidenceUrl: 'http://localhost:3000/forgejo/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a',
          author: { username: 'forgejo', email: 'someone@forgejo.org', name: 'Forgejo' },
        },
      ],
    });
  });

  it('turns a merged pull request into one contribution of its author', () => {
    const facts = forgejoFacts('pull_request', json('forgejo-pull-request-merged.json'), today);
    expect(facts).toEqual({
      ignored: false,
      items: [
        {
          externalId: 'pr:anbraten/test-repo#1',
          occurredOn: '2023-12-05',
          summary: 'Adjust file',
          evidenceUrl: 'https://forgejo.com/anbraten/test-repo/pulls/1',
          author: { username: 'anbraten', email: 'anbraten@noreply.forgejo.com', name: 'anbraten' },
        },
      ],
    });
  });

  it('ignores a pull request closed without merging, and events it does not handle', () => {
    const closed = json('forgejo-pull-request-merged.json');
    closed.pull_request.merged = false;
    expect(forgejoFacts('pull_request', closed, today)).toEqual({ ignored: true, reason: 'not_merged' });
    const opened = json('forgejo-pull-request-merged.json');
    opened.action = 'opened';
    expect(forgejoFacts('pull_request', opened, today)).toMatchObject({ ignored: true });
    expect(forgejoFacts('issues', json('forgejo-push.json'), today)).toEqual({ ignored: true, reason: 'event_not_handled' });
    expect(forgejoFacts('push', { ...json('forgejo-push.json'), commits: [] }, today)).toEqual({ ignored: true, reason: 'no_commits' });
  });

  it('summarises by the first line, and keeps one contribution for a commit listed twice', () => {
    const push = json('forgejo-push.json');
    push.commits[0].message = 'Fix the login form\n\nIt did not keep the email.\n';
    push.commits.push(push.commits[0]);
    const facts = forgejoFacts('push', push, today);
    expect(facts.ignored).toBe(false);
    if (!facts.ignored) expect(facts.items.map((i) => i.summary)).toEqual(['Fix the login form']);
  });
});

describe('gitlabFacts', () => {
  it('turns the documented push into one contribution per commit, authors known by email only', () => {
    const facts = gitlabFacts('Push Hook', json('gitlab-push.json'), today);
    expect(facts).toEqual({
      ignored: false,
      items: [
        {
          externalId: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
          occurredOn: '2011-12-12',
          summary: 'Update Catalan translation to e38cb41.',
          evidenceUrl: 'http://example.com/mike/diaspora/commit/b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
          author: { username: null, email: 'jordi@softcatala.org', name: 'Jordi Mallach' },
        },
        {
          externalId: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          occurredOn: '2012-01-03',
          summary: 'fixed readme',
          evidenceUrl: 'http://example.com/mike/diaspora/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          author: { username: null, email: 'gitlabdev@dv6700.(none)', name: 'GitLab dev user' },
        },
      ],
    });
  });

  it('knows an author whose email GitLab redacted by the pusher of the same name', () => {
    const push = json('gitlab-push.json');
    push.commits[0].author = { name: 'John Smith', email: '[REDACTED]' };
    const facts = gitlabFacts('Push Hook', push, today);
    if (facts.ignored) throw new Error('ignored');
    expect(facts.items[0].author).toEqual({ username: 'jsmith', email: null, name: 'John Smith' });
    expect(facts.items[1].author.username).toBeNull();
  });

  it('ignores the documented merge request event (an "open") and takes a merge', () => {
    expect(gitlabFacts('Merge Request Hook', json('gitlab-merge-request.json'), today)).toEqual({ ignored: true, reason: 'not_merged' });
    const merged = json('gitlab-merge-request.json');
    merged.object_attributes.action = 'merge';
    merged.object_attributes.state = 'merged';
    expect(gitlabFacts('Merge Request Hook', merged, today)).toEqual({
      ignored: false,
      items: [
        {
          externalId: 'mr:gitlabhq/gitlab-test!1',
          occurredOn: '2013-12-03',
          summary: 'MS-Viewport',
          evidenceUrl: 'http://example.com/diaspora/merge_requests/1',
          // Merged by "root" (user 1), written by user 51: the last commit's author stands in.
          author: { username: null, email: 'gitlabdev@dv6700.(none)', name: 'GitLab dev user' },
        },
      ],
    });
  });

  it('credits the merger when they wrote the merge request', () => {
    const merged = json('gitlab-merge-request.json');
    merged.object_attributes.action = 'merge';
    merged.object_attributes.author_id = merged.user.id;
    const facts = gitlabFacts('Merge Request Hook', merged, today);
    if (facts.ignored) throw new Error('ignored');
    expect(facts.items[0].author).toEqual({ username: 'root', email: 'admin@example.com', name: 'Administrator' });
  });

  it('reads events by their header: a push payload under another event is ignored', () => {
    expect(gitlabFacts('Tag Push Hook', json('gitlab-push.json'), today)).toEqual({ ignored: true, reason: 'event_not_handled' });
  });
});

describe('dayOf', () => {
  it.each([
    ['2017-03-13T13:52:11-04:00', '2017-03-13'],
    ['2013-12-03 17:23:34 UTC', '2013-12-03'],
    ['2030-01-01T00:00:00Z', today],
    ['yesterday', today],
    [null, today],
  ] as const)('%s → %s', (timestamp, day) => {
    expect(dayOf(timestamp, today)).toBe(day);
  });
});

describe('payloads of any shape', () => {
  it('never throw, and never give a contribution in the future or without an id', () => {
    const commit = fc.record(
      {
        id: fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 7, maxLength: 64 }), fc.integer()),
        message: fc.oneof(fc.string(), fc.constant(null)),
        timestamp: fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        url: fc.oneof(fc.webUrl(), fc.string()),
        author: fc.oneof(fc.record({ name: fc.string(), email: fc.string(), username: fc.string() }, { requiredKeys: [] }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const payload = fc.oneof(
      fc.anything(),
      fc.record({ commits: fc.oneof(fc.array(commit), fc.anything()), object_kind: fc.constant('push') }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.constantFrom('push', 'pull_request', 'Push Hook', 'Merge Request Hook', ''), payload, (event, p) => {
        for (const facts of [forgejoFacts(event, p, today), gitlabFacts(event, p, today)]) {
          if (facts.ignored) continue;
          for (const item of facts.items) {
            expect(item.occurredOn <= today).toBe(true);
            expect(item.externalId.length).toBeGreaterThan(0);
            expect(item.summary.length).toBeGreaterThan(0);
            expect(item.summary.length).toBeLessThanOrEqual(500);
          }
        }
      }),
    );
  });
});

describe('attribute', () => {
  const item = (author: ForgeItem['author']): ForgeItem => ({ externalId: 'abc1234', occurredOn: today, summary: 's', evidenceUrl: null, author });
  const accounts = new Map([
    ['forgejo:ada', 'p-ada'],
    ['email:ada@old.example', 'p-ada'],
    ['email:shared@example.org', 'p-linked'],
  ]);
  const people = new Map([
    ['bob@example.org', 'p-bob'],
    ['shared@example.org', 'p-record'],
  ]);
  it.each([
    ['a linked login', { username: 'ada', email: 'someone@else.org', name: 'Ada' }, 'p-ada'],
    ['a linked commit email', { username: null, email: 'ada@old.example', name: 'Ada' }, 'p-ada'],
    ['the email of a record', { username: 'bobby', email: 'bob@example.org', name: 'Bob' }, 'p-bob'],
    ['a linked email before the record that has it', { username: null, email: 'shared@example.org', name: 'X' }, 'p-linked'],
  ] as const)('finds the author by %s', (_name, author, personId) => {
    expect(attribute('forgejo', [item({ ...author })], accounts, people).credited).toEqual([{ item: item({ ...author }), personId }]);
  });

  it('reports an author nobody is linked to by their most specific identity', () => {
    const result = attribute('gitlab', [item({ username: 'carol', email: 'carol@example.org', name: 'Carol' })], accounts, people);
    expect(result.unknown).toEqual([expect.objectContaining({ identity: { forge: 'gitlab', identity: 'carol' }, displayName: 'Carol' })]);
    const byEmail = attribute('gitlab', [item({ username: null, email: 'carol@example.org', name: 'Carol' })], accounts, people);
    expect(byEmail.unknown[0].identity).toEqual({ forge: 'email', identity: 'carol@example.org' });
  });

  it('does not take a login on one forge for the same login on another', () => {
    expect(attribute('gitlab', [item({ username: 'ada', email: null, name: null })], accounts, people).unknown).toHaveLength(1);
  });

  it('counts items that name nobody apart', () => {
    expect(attribute('forgejo', [item({ username: null, email: null, name: 'Ghost' })], accounts, people)).toEqual({ credited: [], unknown: [], anonymous: 1 });
  });
});

describe('identityInputErrors', () => {
  it.each([
    [{ forge: 'forgejo', identity: 'ada-lovelace' }, []],
    [{ forge: 'gitlab', identity: '@Ada.Lovelace' }, []],
    [{ forge: 'email', identity: 'Ada@Example.org' }, []],
    [{ forge: 'github', identity: 'ada' }, ['/forge']],
    [{ forge: 'forgejo', identity: '   ' }, ['/identity']],
    [{ forge: 'forgejo', identity: 'ada lovelace' }, ['/identity']],
    [{ forge: 'gitlab', identity: 'ada@example.org' }, ['/identity']],
    [{ forge: 'email', identity: 'not-an-email' }, ['/identity']],
  ] as const)('%j → %j', (input, paths) => {
    expect(identityInputErrors(input).map((e) => e.path)).toEqual(paths);
  });

  it('normalises as forges compare: trimmed, without @, lower case', () => {
    expect(normaliseIdentity({ forge: 'gitlab', identity: ' @Ada.Lovelace ' })).toEqual({ forge: 'gitlab', identity: 'ada.lovelace' });
  });
});
