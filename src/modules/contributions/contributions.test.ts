import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { activitySettings } from '../../platform/config.js';
import { addDays } from '../../platform/time.js';
import { assessEveryone } from './assessment.js';
import { createContributionsRepository } from './repository.js';

describe(`contributions and activity (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  const today = '2026-11-28';
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(`${today}T12:00:00.000Z`);
  });
  afterEach(async () => {
    await a?.close();
  });

  const record = (payload: object, headers = a.admin.headers) => a.app.inject({ method: 'POST', url: '/api/v1/contributions', headers, payload });
  const activity = async (personId: string, on?: string) =>
    (await a.app.inject({ method: 'GET', url: `/api/v1/people/${personId}/activity${on ? `?on=${on}` : ''}`, headers: a.admin.headers })).json();

  it('the whole association’s assessment follows each write at once: recorded, declared, confirmed, rejected', async () => {
    const lead = await a.actingAs('lead');
    const p = await a.person();
    const mine = await a.bearer(p.id);
    const everyone = async () => (await assessEveryone(a.database.db, activitySettings(a.config).policy, today)).get(p.id);
    expect(await everyone()).toEqual({ active: false, lastContributionOn: null, activeUntil: null, inactiveSince: null });

    const old = addDays(today, -400);
    await record({ personId: p.id, kind: 'moderation', occurredOn: old, summary: 'Modération' });
    expect(await everyone()).toEqual({ active: false, lastContributionOn: old, activeUntil: null, inactiveSince: addDays(old, 366) });

    const recent = addDays(today, -3);
    const declared = await record({ kind: 'development', occurredOn: recent, summary: 'Correctif', teamSlug: 'technique' }, mine);
    const rejectedToo = await record({ kind: 'development', occurredOn: today, summary: 'Autre', teamSlug: 'technique' }, mine);
    expect((await everyone())?.active).toBe(false);
    await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${declared.json().id}/confirm`, headers: lead.headers });
    expect(await everyone()).toEqual({ active: true, lastContributionOn: recent, activeUntil: addDays(recent, 365), inactiveSince: null });
    const rejected = await a.app.inject({
      method: 'POST',
      url: `/api/v1/contributions/${rejectedToo.json().id}/reject`,
      headers: lead.headers,
      payload: { reason: 'Doublon' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(await everyone()).toEqual({ active: true, lastContributionOn: recent, activeUntil: addDays(recent, 365), inactiveSince: null });
  });

  it('one confirmed contribution 10 days ago: active until that date + the window', async () => {
    const p = await a.person();
    const on = addDays(today, -10);
    const res = await record({ personId: p.id, kind: 'moderation', occurredOn: on, summary: 'Modération du forum' });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('confirmed');
    expect(await activity(p.id)).toMatchObject({
      active: true,
      lastContributionOn: on,
      activeUntil: addDays(on, 365),
      contributionsInWindow: 1,
      windowDays: 365,
    });
  });

  it('the only one 400 days ago: inactive today, yet active when asked about 300 days ago', async () => {
    const p = await a.person();
    const on = addDays(today, -400);
    await record({ personId: p.id, kind: 'development', occurredOn: on, summary: 'Migration du cluster' });
    const now = await activity(p.id);
    expect(now).toMatchObject({ active: false, lastContributionOn: on, inactiveSince: addDays(on, 366) });
    expect(now.reasons.map((r: { code: string }) => r.code)).toContain('last_contribution_too_old');
    expect(await activity(p.id, addDays(today, -300))).toMatchObject({ active: true, activeUntil: addDays(on, 365) });
  });

  it('declared only: not active until a lead confirms it, and the declarer is told', async () => {
    const lead = await a.actingAs('lead');
    const p = await a.person();
    const mine = await a.bearer(p.id);
    const declared = await record({ kind: 'development', occurredOn: addDays(today, -3), summary: 'Correctif', teamSlug: 'technique' }, mine);
    expect(declared.json().status).toBe('declared');
    expect(await activity(p.id)).toMatchObject({ active: false });
    expect((await activity(p.id)).reasons.map((r: { code: string }) => r.code)).toContain('awaiting_confirmation');

    const own = await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${declared.json().id}/confirm`, headers: mine });
    expect(own.statusCode).toBe(403);

    const confirmed = await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${declared.json().id}/confirm`, headers: lead.headers });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(await activity(p.id)).toMatchObject({ active: true });
    const mails = await a.app.inject({ method: 'GET', url: `/api/v1/mail?to=${encodeURIComponent(p.email)}`, headers: a.admin.headers });
    expect(mails.json().items[0].kind).toBe('contribution_confirmed');
  });

  it('gives the latest contributions of each person asked, newest first, at most as many as asked each', async () => {
    const ada = await a.person();
    const bea = await a.person();
    for (const day of ['2026-11-01', '2026-11-03', '2026-11-03', '2026-11-05', '2026-11-07', '2026-11-09', '2026-11-11'])
      expect((await record({ personId: ada.id, kind: 'moderation', occurredOn: day, summary: `Ada ${day}` })).statusCode).toBe(201);
    for (const day of ['2026-11-02', '2026-11-10'])
      expect((await record({ personId: bea.id, kind: 'moderation', occurredOn: day, summary: `Béa ${day}` })).statusCode).toBe(201);
    const latest = await createContributionsRepository(a.database.db).latestOfEach([ada.id, bea.id, ada.id], 3);
    expect(latest.map((c) => c.occurredOn)).toEqual(['2026-11-11', '2026-11-10', '2026-11-09', '2026-11-07', '2026-11-02']);
    expect(latest.filter((c) => c.personId === ada.id)).toHaveLength(3);
    expect(await createContributionsRepository(a.database.db).latestOfEach([], 3)).toEqual([]);
  });

  it('writes the day of a confirmed or rejected contribution in the mail the way the person’s language writes it', async () => {
    const lead = await a.actingAs('lead');
    const body = async (email: string) =>
      (await a.database.db.selectFrom('mail_log').select('body_text').where('to_address', '=', email).executeTakeFirstOrThrow()).body_text;
    const camille = await a.person({ locale: 'fr' });
    const sam = await a.person({ locale: 'en' });
    const mine = await record({ kind: 'development', occurredOn: '2026-11-20', summary: 'Correctif', teamSlug: 'technique' }, await a.bearer(camille.id));
    const theirs = await record({ kind: 'development', occurredOn: '2026-11-20', summary: 'Fix', teamSlug: 'technique' }, await a.bearer(sam.id));
    await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${mine.json().id}/confirm`, headers: lead.headers });
    await a.app.inject({
      method: 'POST',
      url: `/api/v1/contributions/${theirs.json().id}/reject`,
      headers: lead.headers,
      payload: { reason: 'Counted twice' },
    });
    expect(await body(camille.email)).toContain('Votre contribution du vendredi 20 novembre 2026 (« Correctif »)');
    expect(await body(sam.email)).toMatch(/Friday,? 20 November 2026/);
    expect(await body(sam.email)).not.toContain('2026-11-20');
  });

  it('a rejection needs a reason; nobody confirms their own', async () => {
    const p = await a.person();
    const declared = await record({ kind: 'communication', occurredOn: today, summary: 'Billet de blog' }, await a.bearer(p.id));
    const noReason = await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${declared.json().id}/reject`, headers: a.admin.headers, payload: {} });
    expect(noReason.statusCode).toBe(400);
    const rejected = await a.app.inject({
      method: 'POST',
      url: `/api/v1/contributions/${declared.json().id}/reject`,
      headers: a.admin.headers,
      payload: { reason: 'Déjà compté' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: 'Déjà compté' });
    const again = await a.app.inject({ method: 'POST', url: `/api/v1/contributions/${declared.json().id}/confirm`, headers: a.admin.headers });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_reviewed');
  });

  it('refuses a contribution in the future or of an unknown kind, changing nothing', async () => {
    const p = await a.person();
    const future = await record({ personId: p.id, kind: 'moderation', occurredOn: addDays(today, 1), summary: 'Demain' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ path: '/occurredOn', code: 'in_future' });
    const kind = await record({ personId: p.id, kind: 'sleeping', occurredOn: today, summary: 'Sieste' });
    expect(kind.json().errors[0]).toMatchObject({ path: '/kind', code: 'unknown_kind' });
    const list = await a.app.inject({ method: 'GET', url: `/api/v1/contributions?personId=${p.id}`, headers: a.admin.headers });
    expect(list.json().items).toEqual([]);
  });

  it('is idempotent by external id', async () => {
    const p = await a.person();
    const body = { personId: p.id, kind: 'event', occurredOn: today, summary: 'Stand au festival', externalId: 'festival-2026' };
    const first = await record(body);
    const second = await record(body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });

  it('hides donation amounts from everyone but the bureau', async () => {
    const donor = await a.person();
    const bureau = await a.actingAs('bureau');
    const contributor = await a.actingAs('contributor');
    const d = await record({ personId: donor.id, kind: 'donation', occurredOn: today, summary: 'Don de 50 €', amountCents: 5000 });
    const seenByBureau = await a.app.inject({ method: 'GET', url: `/api/v1/contributions/${d.json().id}`, headers: bureau.headers });
    expect(seenByBureau.json()).toMatchObject({ kind: 'donation', amountCents: 5000 });
    const seenByContributor = await a.app.inject({ method: 'GET', url: `/api/v1/contributions/${d.json().id}`, headers: contributor.headers });
    expect(seenByContributor.json()).toMatchObject({ kind: 'donation', amountCents: null, summary: '' });
  });

  it('filters the directory by activity', async () => {
    const active = await a.person({ displayName: 'Active Person' });
    const inactive = await a.person({ displayName: 'Idle Person' });
    await record({ personId: active.id, kind: 'moderation', occurredOn: today, summary: 'Modération' });
    await record({ personId: inactive.id, kind: 'moderation', occurredOn: addDays(today, -800), summary: 'Il y a longtemps' });
    const names = async (status: string) =>
      (await a.app.inject({ method: 'GET', url: `/api/v1/people?status=${status}`, headers: a.admin.headers }))
        .json()
        .items.map((p: { displayName: string }) => p.displayName);
    expect(await names('active')).toEqual(['Active Person']);
    expect(await names('inactive')).toEqual(expect.arrayContaining(['Idle Person', 'Ada Admin']));
    expect(await names('inactive')).not.toContain('Active Person');
  });
});
