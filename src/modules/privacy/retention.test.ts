import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, dropTestSchema, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { bundledMain } from '../../../test/cli-process.js';
import { createSchema } from '../../platform/db.js';
import { ConfigError, parseConfig } from '../../platform/config.js';
import type { Actor } from '../../platform/auth/actor.js';
import { applicationOf, president, sessionDeciding } from '../../../test/privacy-fixtures.js';

const RITA_REJECTED = '2025-03-15T19:00:00.000Z';
const WILL_WITHDRAWN = '2025-04-01T10:00:00.000Z';
const WENDY_WITHDRAWN = '2025-04-20T09:00:00.000Z';

/**
 * Retention (RETENTION_MONTHS, 12 by default): the texts of rejected and withdrawn applications
 * and the mail log go after the period; decisions, minutes and the audit chain stay whole.
 */
describe(`the retention purge (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let carol: Actor & { personId: string };
  let rita: { id: string };
  let alice: { id: string };
  let will: { id: string };
  let wendy: { id: string };
  let sessionId: string;
  let ritaApplication: string;
  let aliceApplication: string;
  let willApplication: string;
  let wendyApplication: string;

  const applications = () => a.database.db.selectFrom('applications').select(['id', 'status', 'motivation', 'purged_at']).orderBy('id').execute();
  const mailCount = async () => (await a.database.db.selectFrom('mail_log').select('id').execute()).length;

  beforeEach(async () => {
    a = await buildAssociation();
    carol = await president(a);
    rita = await a.person({ displayName: 'Rita Refusée' });
    alice = await a.person({ displayName: 'Alice Acceptée' });
    will = await a.person({ displayName: 'Will Retiré' });
    wendy = await a.person({ displayName: 'Wendy Retirée' });
    ({
      sessionId,
      applicationIds: [ritaApplication, aliceApplication],
    } = await sessionDeciding(a, carol, RITA_REJECTED, [
      { personId: rita.id, motivation: 'Le texte de Rita', outcome: 'rejected', rationale: 'Pas encore active' },
      { personId: alice.id, motivation: 'Le texte d’Alice', outcome: 'accepted' },
    ]));
    // The mails of the decision go out (no SMTP here: the log is the delivery).
    await a.dispatcher().drain();
    a.clock.set(WILL_WITHDRAWN);
    willApplication = await applicationOf(a, will.id, 'Le texte de Will');
    await a.services.applications.withdraw(system, willApplication);
    a.clock.set('2025-04-10T09:00:00.000Z');
    const planned = (await a.services.sessions.create(system, { scheduledAt: '2025-05-06T18:00:00.000Z' })).id;
    wendyApplication = await applicationOf(a, wendy.id, 'Le texte de Wendy', planned);
    a.clock.set(WENDY_WITHDRAWN);
    await a.services.applications.withdraw(system, wendyApplication);
    a.clock.set('2026-05-01T08:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  it('purges nothing the day before the period ends, then exactly what is due, and a second run changes nothing', async () => {
    const mailsBefore = await mailCount();
    expect(mailsBefore).toBeGreaterThan(0);
    const decisions = await a.database.db.selectFrom('decisions').selectAll().orderBy('id').execute();

    const before = await stateFingerprint(a);
    expect(await a.services.privacy.purge('2026-03-14')).toMatchObject({ applicationsPurged: 0, applicationsDeleted: 0, mailsDeleted: 0 });
    expect(await stateFingerprint(a)).toBe(before);

    // 15 March 2026: Rita's rejection is twelve months old; so are the mails of that session.
    const first = await a.services.privacy.purge('2026-03-15');
    expect(first).toMatchObject({ date: '2026-03-15', months: 12, applicationsPurged: 1, applicationsDeleted: 0, mailsDeleted: mailsBefore });
    expect(await mailCount()).toBe(0);
    const rows = new Map((await applications()).map((r) => [r.id, r]));
    expect(rows.get(ritaApplication)).toMatchObject({ status: 'rejected', motivation: '', purged_at: '2026-05-01T08:00:00.000Z' });
    expect(rows.get(aliceApplication)).toMatchObject({ status: 'accepted', motivation: 'Le texte d’Alice', purged_at: null });
    expect(rows.get(willApplication)).toMatchObject({ motivation: 'Le texte de Will' });

    // 20 April 2026: Will's withdrawal (never on an agenda) goes whole; Wendy's was on an agenda and stays, emptied.
    const second = await a.services.privacy.purge('2026-04-20');
    expect(second).toMatchObject({ applicationsPurged: 1, applicationsDeleted: 1 });
    const after = new Map((await applications()).map((r) => [r.id, r]));
    expect(after.has(willApplication)).toBe(false);
    expect(after.get(wendyApplication)).toMatchObject({ status: 'withdrawn', motivation: '' });
    expect(await a.database.db.selectFrom('agenda_items').select('state').where('application_id', '=', wendyApplication).execute()).toEqual([
      { state: 'withdrawn' },
    ]);

    // Decisions and minutes are whole: the members read the name and the outcome, the bureau the rationale.
    expect(await a.database.db.selectFrom('decisions').selectAll().orderBy('id').execute()).toEqual(decisions);
    const minutes = await a.app.inject({ method: 'GET', url: `/api/v1/bureau/sessions/${sessionId}/minutes`, headers: await a.bearer(carol.personId) });
    expect(minutes.body).toContain('Rita Refusée');
    expect(minutes.body).toContain('Pas encore active');
    expect(minutes.body).toContain('Alice Acceptée');

    const actions = (await a.database.db.selectFrom('audit_log').select(['action', 'subject_id']).execute()).map((e) => `${e.action} ${e.subject_id}`);
    expect(actions).toEqual(
      expect.arrayContaining([`application.purged ${ritaApplication}`, `application.purged ${wendyApplication}`, `application.deleted ${willApplication}`]),
    );
    expect(actions.filter((x) => x.startsWith('privacy.purged'))).toEqual(['privacy.purged 2026-03-15', 'privacy.purged 2026-04-20']);
    expect(await a.services.audit.verify()).toMatchObject({ ok: true });

    const settled = await stateFingerprint(a);
    expect(await a.services.privacy.purge('2026-04-20')).toMatchObject({
      applicationsPurged: 0,
      applicationsDeleted: 0,
      mailsDeleted: 0,
      outboxEventsDeleted: 0,
    });
    expect(await stateFingerprint(a)).toBe(settled);
  });

  it('follows RETENTION_MONTHS', async () => {
    await a.close();
    a = await buildAssociation({ config: { RETENTION_MONTHS: '24' } });
    const p = await a.person({ displayName: 'Rose Refusée' });
    a.clock.set(WILL_WITHDRAWN);
    const id = await applicationOf(a, p.id, 'Le texte de Rose');
    await a.services.applications.withdraw(system, id);
    expect((await a.services.privacy.purge('2026-04-01')).applicationsDeleted).toBe(0);
    expect((await a.services.privacy.purge('2027-04-01')).applicationsDeleted).toBe(1);
  });
});

describe('RETENTION_MONTHS in the configuration', () => {
  it('is 12 by default, and a whole number of months from 1 to 120', () => {
    expect(parseConfig({}).RETENTION_MONTHS).toBe(12);
    expect(parseConfig({ RETENTION_MONTHS: '6' }).RETENTION_MONTHS).toBe(6);
    for (const bad of ['0', '-3', '121', 'douze', '1.5', '1e1']) {
      expect(() => parseConfig({ RETENTION_MONTHS: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe(`the privacy notice (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation({ config: { RETENTION_MONTHS: '18' } });
  });
  afterAll(async () => {
    await a?.close();
  });

  it('is public, in French first and in English, says how long with the configured period, and every page links to it', async () => {
    const fr = await a.app.inject({ method: 'GET', url: '/privacy', headers: { accept: 'text/html' } });
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('<h1>Vos données personnelles</h1>');
    expect(fr.body).toContain('supprimé 18 mois après la décision ou le retrait');
    expect(fr.body).toContain('Supprimés du journal 18 mois après leur envoi.');
    expect(fr.body).toContain('<h2 id="privacy-requests">Demandes aux équipes</h2>');
    expect(fr.body).toContain('18 mois après la clôture de la demande');
    expect(fr.body).toContain('jamais la personne signalée');
    expect(fr.body).toContain('Pourquoi (base légale)');
    expect(fr.body).toContain('TeDomum');
    const en = await a.app.inject({ method: 'GET', url: '/privacy?lang=en', headers: { accept: 'text/html' } });
    expect(en.body).toContain('<h1>Your personal data</h1>');
    expect(en.body).toContain('deleted 18 months after the decision or the withdrawal');
    expect(en.body).toContain('18 months after the request is closed');
    expect(en.body).not.toMatch(/[àéè]/);
    for (const url of ['/', '/equipe', '/login']) {
      const page = await a.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(page.body, url).toContain('<a href="/privacy">Données personnelles</a>');
    }
  });
});

describe(`equipage privacy purge (${dialectUnderTest})`, { timeout: 120_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let cleanup: () => Promise<void> = async () => {};
  const root = new URL('../../..', import.meta.url).pathname;

  const equipage = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bundledMain(), ...args], {
      cwd: root,
      env: { ...process.env, ...env, ...extra },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'equipage-privacy-'));
    const pg = process.env.DATABASE_URL;
    let databaseUrl = `sqlite:${join(dir, 'equipage.sqlite')}`;
    if (pg?.startsWith('postgres')) {
      const schema = `privacy_${randomBytes(5).toString('hex')}`;
      await createSchema(pg, schema);
      const url = new URL(pg);
      url.searchParams.set('options', `-c search_path=${schema}`);
      databaseUrl = url.toString();
      cleanup = () => dropTestSchema(pg, schema);
    }
    env = { DATABASE_URL: databaseUrl, EQUIPAGE_SECRET: 'privacy-test-secret-privacy-test-secret' };
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the purge as of a date, says what it did, and refuses a bad date or period with exit code 2', () => {
    const ran = equipage(['privacy', 'purge', '--date', '2026-03-15']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Retention purge as of 2026-03-15 (12 months): 0 application text(s) deleted');
    const badDate = equipage(['privacy', 'purge', '--date', '2026-02-31']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date must be a date written YYYY-MM-DD');
    const badPeriod = equipage(['privacy', 'purge'], { RETENTION_MONTHS: '0' });
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toContain('RETENTION_MONTHS');
    expect(equipage(['privacy', 'forget']).code).toBe(2);
  });
});
