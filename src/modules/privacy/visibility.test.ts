import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type Role, type TestAssociation } from '../../../test/harness.js';
import { applicationOf, president, sessionDeciding } from '../../../test/privacy-fixtures.js';

/** Words that only an application and its decision hold (no Markdown character: the minutes escape those). */
const DECIDED_MOTIVATION = 'MotivationRefusee42';
const OPEN_MOTIVATION = 'MotivationOuverte99';
const RATIONALE = 'RationaleDuBureau17';
const SECRETS = [DECIDED_MOTIVATION, OPEN_MOTIVATION, RATIONALE];
const SEARCHED = 'Refusee42';

type Viewer = Exclude<Role, 'bureau' | 'admin'> | 'admin' | 'applicant' | 'bureau';

/**
 * An application is never visible beyond the applicant and the bureau. Every route that
 * can show an application — the applications API and pages, the bureau's sessions, agendas,
 * minutes and load, the person's page and membership, the directory and its search, the audit
 * and mail logs, one's own export — is read by every kind of visitor; the motivation and the
 * bureau's rationale appear only where they may.
 */
describe(`who sees an application (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let ana: { id: string; displayName: string };
  let urls: { api: string[]; pages: string[] };
  let minutesPage: string;
  const headers = {} as Record<Viewer, Record<string, string>>;
  const seen = {} as Record<Viewer, Map<string, { status: number; body: string }>>;

  beforeAll(async () => {
    a = await buildAssociation();
    const carol = await president(a);
    ana = await a.person({ displayName: 'Ana Candidate' });
    const decided = await sessionDeciding(a, carol, '2026-01-20T19:00:00.000Z', [
      { personId: ana.id, motivation: `Je contribue. ${DECIDED_MOTIVATION}`, outcome: 'rejected', rationale: `Pas encore. ${RATIONALE}` },
    ]);
    a.clock.set('2026-02-01T10:00:00.000Z');
    const planned = (await a.services.sessions.create(carol, { scheduledAt: '2026-03-03T19:00:00.000Z' })).id;
    const open = await applicationOf(a, ana.id, `Je reviens. ${OPEN_MOTIVATION}`, planned);
    const [closedId] = decided.applicationIds;
    minutesPage = `/bureau/sessions/${decided.sessionId}/minutes`;

    for (const role of ['anonymous', 'person', 'contributor', 'member', 'lead'] as const) headers[role] = (await a.actingAs(role)).headers;
    headers.admin = a.admin.headers;
    headers.applicant = await a.bearer(ana.id);
    headers.bureau = await a.bearer(carol.personId);

    urls = {
      api: [
        '/api/v1/applications',
        '/api/v1/applications?open=true',
        `/api/v1/applications/${closedId}`,
        `/api/v1/applications/${open}`,
        '/api/v1/bureau/load',
        '/api/v1/bureau/sessions',
        `/api/v1/bureau/sessions/${decided.sessionId}`,
        `/api/v1/bureau/sessions/${planned}`,
        `/api/v1/bureau/sessions/${decided.sessionId}/minutes`,
        // A piece of the motivation: the search box echoes what was typed, and must find nobody by it.
        `/api/v1/people?q=${SEARCHED}`,
        '/api/v1/people?q=ana',
        `/api/v1/people/${ana.id}`,
        `/api/v1/people/${ana.id}/membership`,
        `/api/v1/people/${ana.id}/activity`,
        '/api/v1/audit?subjectType=application',
        '/api/v1/audit',
        '/api/v1/mail',
        '/api/v1/outbox',
        '/api/v1/me/export',
      ],
      pages: [
        '/membership',
        '/applications',
        '/applications?all=1',
        `/applications/${closedId}`,
        `/applications/${open}`,
        '/bureau/sessions',
        `/bureau/sessions/${decided.sessionId}`,
        `/bureau/sessions/${planned}`,
        `/bureau/sessions/${decided.sessionId}/minutes`,
        '/minutes',
        `/people/${ana.id}`,
        `/people?q=${SEARCHED}`,
        '/audit',
        '/admin/mail',
      ],
    };
    for (const viewer of Object.keys(headers) as Viewer[]) {
      seen[viewer] = new Map();
      for (const url of urls.api) {
        const res = await a.app.inject({ method: 'GET', url, headers: headers[viewer] });
        seen[viewer].set(url, { status: res.statusCode, body: res.body });
      }
      for (const url of urls.pages) {
        const res = await a.app.inject({ method: 'GET', url, headers: { ...headers[viewer], accept: 'text/html' } });
        seen[viewer].set(url, { status: res.statusCode, body: res.body });
      }
    }
  });
  afterAll(async () => {
    await a?.close();
  });

  const everything = (viewer: Viewer) => [...seen[viewer].values()].map((r) => r.body).join('\n');
  const leaks = (viewer: Viewer) =>
    [...seen[viewer]].flatMap(([url, r]) => SECRETS.filter((s) => r.body.includes(s)).map((s) => `${url} shows ${s} (${r.status})`));

  it.each(['anonymous', 'person', 'contributor', 'member', 'lead'] as const)('%s: no motivation, no rationale, on any route', (viewer) => {
    expect(leaks(viewer)).toEqual([]);
    // And the applications themselves are not found, listed nor counted.
    const list = seen[viewer].get('/api/v1/applications')!;
    if (list.status === 200) expect(JSON.parse(list.body).items).toEqual([]);
    for (const url of urls.api.filter((u) => /^\/api\/v1\/applications\/./.test(u))) expect([401, 404], url).toContain(seen[viewer].get(url)!.status);
  });

  it('the directory finds nobody by the text of an application, whoever searches', () => {
    for (const viewer of ['contributor', 'lead', 'admin', 'bureau'] as const) {
      const found = seen[viewer].get(`/api/v1/people?q=${SEARCHED}`)!;
      expect(found.status, viewer).toBe(200);
      expect(JSON.parse(found.body).items, viewer).toEqual([]);
    }
  });

  it('a member reads in the minutes the name and the outcome, never the text nor the reasons', () => {
    const minutes = seen.member.get(minutesPage)!;
    expect(minutes.status).toBe(200);
    expect(minutes.body).toContain('Ana Candidate');
    expect(minutes.body).toMatch(/[Rr]efusée/);
    expect(leaks('member')).toEqual([]);
  });

  it('the applicant reads their own applications, the decision and its reasons', () => {
    const all = everything('applicant');
    for (const s of SECRETS) expect(all, s).toContain(s);
    const list = JSON.parse(seen.applicant.get('/api/v1/applications')!.body).items;
    expect(list.map((x: { personId: string }) => x.personId)).toEqual([ana.id, ana.id]);
    // Their export holds them too; nobody else's does.
    expect(seen.applicant.get('/api/v1/me/export')!.body).toContain(DECIDED_MOTIVATION);
    for (const viewer of ['person', 'contributor', 'member', 'lead', 'admin', 'bureau'] as const) {
      expect(seen[viewer].get('/api/v1/me/export')!.body, viewer).not.toContain(DECIDED_MOTIVATION);
    }
  });

  it('the bureau reads every application, the agendas and the reasons', () => {
    const all = everything('bureau');
    for (const s of SECRETS) expect(all, s).toContain(s);
    expect(JSON.parse(seen.bureau.get('/api/v1/applications')!.body).items).toHaveLength(2);
  });

  it('an administrator who holds no office does not, anywhere', () => {
    expect(leaks('admin')).toEqual([]);
  });
});
