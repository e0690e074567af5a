import { createAudiences } from '../contributions/audiences.js';
import { activitySettings } from '../../platform/config.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/ids.js';
import { parseJsonColumn } from '../../platform/db.js';
import { applicationOf, membershipOf, PASSWORD, president, sessionDeciding, signedIn, type Signed } from '../../../test/privacy-fixtures.js';

const ERASE_AT = '2026-02-10T10:00:00.000Z';

/**
 * Erasure on request (GDPR article 17): Eva is pseudonymised while the decisions, minutes, counts
 * and the audit chain stay whole; she can no longer sign in, however she tries.
 */
describe(`erasing a person (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let carol: Actor & { personId: string };
  let eva: Signed;
  let sessionId: string;
  let applicationId: string;

  const erase = (id: string, body: unknown, headers = a.admin.headers) =>
    a.app.inject({ method: 'POST', url: `/api/v1/people/${id}/erase`, headers, payload: body as object });
  const get = (url: string, headers = a.admin.headers) => a.app.inject({ method: 'GET', url, headers });

  beforeEach(async () => {
    a = await buildAssociation();
    carol = await president(a);
    a.clock.set('2026-01-05T10:00:00.000Z');
    eva = await signedIn(a, {
      displayName: 'Eva Effacée',
      email: 'eva.effacee@example.org',
      pronouns: 'elle',
      pseudonym: 'evita',
      matrixId: '@eva:example.org',
      xmppJid: 'eva@jabber.example.org',
    });
    await a.services.teams.addToRoster(system, 'technique', eva.id, 'lead');
    await a.services.contributions.record(system, { personId: eva.id, kind: 'development', occurredOn: '2026-01-04', summary: 'Correctif du serveur' });
    await a.services.forges.link(system, eva.id, { forge: 'forgejo', identity: 'eva-forge' });
    const office = await a.services.bureau.appoint(system, { personId: eva.id, office: 'secretary', since: '2024-01-01' });
    await a.services.bureau.end(system, office.id, '2025-01-01');
    ({
      sessionId,
      applicationIds: [applicationId],
    } = await sessionDeciding(a, carol, '2026-01-20T19:00:00.000Z', [
      { personId: eva.id, motivation: 'Je veux voter, signé Eva', outcome: 'rejected', rationale: 'Revenez quand vous voulez' },
    ]));
    await a.database.db.insertInto('administrators').values({ person_id: eva.id, since: '2025-06-01', granted_by: null }).execute();
    const now = a.clock.now();
    for (const provider of ['matrix', 'xmpp'] as const) {
      const roomId = newId();
      await a.database.db
        .insertInto('rooms')
        .values({
          id: roomId,
          provider,
          address: provider === 'matrix' ? '!membres:example.org' : 'membres@conference.example.org',
          audience: 'contributors',
          name: `Salon ${provider}`,
          created_at: now,
          archived_at: null,
          last_reconciled_at: null,
          last_drift: null,
        })
        .execute();
      if (provider === 'matrix')
        await a.database.db
          .insertInto('room_deliveries')
          .values({ id: newId(), room_id: roomId, handle: '@eva:example.org', person_id: eva.id, action: 'invite', outbox_id: null, delivered_at: now })
          .execute();
    }
    a.clock.set(ERASE_AT);
    expect((await eva.browser.login(eva.email, PASSWORD)).statusCode).toBe(303);
  });
  afterEach(async () => {
    await a?.close();
  });

  it('pseudonymises the record, removes every way in, and keeps decisions, minutes and counts whole', async () => {
    const db = a.database.db;
    const before = {
      contributions: (await db.selectFrom('contributions').select('id').where('person_id', '=', eva.id).execute()).length,
      decision: await db.selectFrom('decisions').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow(),
      offices: await db.selectFrom('bureau_offices').selectAll().where('person_id', '=', eva.id).execute(),
      audit: (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((r) => JSON.stringify(r)),
    };
    const res = await erase(eva.id, { confirm: ' eva effacée ', reason: 'request' });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ id: eva.id, displayName: expect.stringMatching(/^Personne effacée [0-9A-F]{6}$/), erasedAt: ERASE_AT });
    expect(result.removed).toMatchObject({
      identities: 1,
      apiTokens: 1,
      administrator: 1,
      forgeAccounts: 1,
      teamRolesEnded: 1,
      applicationTexts: 1,
      roomRemovals: 2,
    });

    // The record: same id, a pseudonym, nothing that identifies her.
    const person = (await get(`/api/v1/people/${eva.id}`)).json();
    expect(person).toMatchObject({
      id: eva.id,
      displayName: result.displayName,
      email: `erased-${eva.id}@invalid`,
      pseudonym: null,
      pronouns: null,
      matrixId: null,
      xmppJid: null,
      publicConsent: false,
    });
    const row = await db.selectFrom('people').selectAll().where('id', '=', eva.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ erased_at: ERASE_AT, erased_by: a.admin.id });
    expect(JSON.stringify(row)).not.toMatch(/eva|evita|elle/i);

    // No way in: identities, sessions, tokens, resets, the administrator role, forge accounts are gone.
    for (const table of ['identities', 'sessions', 'api_tokens', 'password_resets', 'forge_accounts', 'administrators'] as const) {
      expect((await db.selectFrom(table).select('person_id').where('person_id', '=', eva.id).execute()).length, table).toBe(0);
    }
    expectProblem(await get('/api/v1/me', eva.headers), 401, 'unauthenticated');
    expect((await eva.browser.get('/profile')).statusCode).toBe(303);
    const again = a.browser();
    expect((await again.login('eva.effacee@example.org', PASSWORD)).statusCode).not.toBe(303);
    expect((await again.login(`erased-${eva.id}@invalid`, PASSWORD)).statusCode).not.toBe(303);
    // Nobody can ask a reset link for the placeholder either: nothing is written.
    const quiet = await stateFingerprint(a);
    await a.services.accounts.requestPasswordReset(`erased-${eva.id}@invalid`, 'http://equipage.test');
    await a.services.accounts.requestPasswordReset('eva.effacee@example.org', 'http://equipage.test');
    expect(await stateFingerprint(a)).toBe(quiet);

    // Roles end, history stays; the motivation goes, the decision and the minutes stay, under the pseudonym.
    expect(await db.selectFrom('team_roles').select(['role', 'until']).where('person_id', '=', eva.id).execute()).toEqual([
      { role: 'lead', until: '2026-02-10' },
    ]);
    expect(await db.selectFrom('bureau_offices').selectAll().where('person_id', '=', eva.id).execute()).toEqual(before.offices);
    expect((await db.selectFrom('contributions').select('id').where('person_id', '=', eva.id).execute()).length).toBe(before.contributions);
    // Her contribution of January still counts in the figures, but the team's audience (assemblies, rooms) leaves her out.
    const audiences = createAudiences(db, activitySettings(a.config).policy);
    expect((await audiences.contributors('2026-02-10')).map((p) => p.id)).not.toContain(eva.id);
    expect(await audiences.peopleByIds([eva.id])).toEqual([]);
    expect(await db.selectFrom('applications').select(['status', 'motivation', 'purged_at']).where('id', '=', applicationId).executeTakeFirstOrThrow()).toEqual(
      {
        status: 'rejected',
        motivation: '',
        purged_at: ERASE_AT,
      },
    );
    expect(await db.selectFrom('decisions').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow()).toEqual(before.decision);
    const carolHeaders = await a.bearer(carol.personId);
    const minutes = await get(`/api/v1/bureau/sessions/${sessionId}/minutes`, carolHeaders);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.body).toContain(result.displayName);
    expect(minutes.body).toContain('Revenez quand vous voulez');
    expect(minutes.body).not.toContain('Eva');

    // Mails to her keep kind and dates, lose address and text; the one still queued will not go.
    const mails = await db.selectFrom('mail_log').selectAll().where('person_id', '=', eva.id).execute();
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(m).toMatchObject({ to_address: `erased-${eva.id}@invalid`, subject: '', body_text: '', body_html: null });
    const queued = mails.filter((m) => m.status === 'failed');
    expect(queued.length).toBeGreaterThan(0);
    const events = await db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'mail.send')
      .where(
        'subject_id',
        'in',
        queued.map((m) => m.id),
      )
      .execute();
    for (const e of events) expect(e).toMatchObject({ delivered_at: ERASE_AT, last_error: 'recipient erased' });

    // She leaves the chat rooms by her former handles; earlier deliveries no longer show them.
    const removals = await db.selectFrom('outbox').select('payload').where('topic', '=', 'room.sync').execute();
    const handles = removals.map((r) => parseJsonColumn(r.payload) as { handle: string; reason: string }).filter((p) => p.reason === 'person_erased');
    expect(handles.map((p) => p.handle).sort()).toEqual(['@eva:example.org', 'eva@jabber.example.org']);
    expect(await db.selectFrom('room_deliveries').select('handle').where('person_id', '=', eva.id).execute()).toEqual([{ handle: 'erased' }]);

    // Search no longer finds her by her name or address.
    expect((await get('/api/v1/people?q=eva')).json().items.map((p: { id: string }) => p.id)).not.toContain(eva.id);

    // The audit chain: nothing rewritten, one entry more, without personal data, and still whole.
    const audit = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(audit.slice(0, before.audit.length).map((r) => JSON.stringify(r))).toEqual(before.audit);
    const erased = audit.find((e) => e.action === 'person.erased')!;
    expect(erased).toMatchObject({ action: 'person.erased', actor_id: a.admin.id, subject_type: 'person', subject_id: eva.id });
    const payload = parseJsonColumn(erased.after) as { reason: string; removed: Record<string, number> };
    expect(payload).toMatchObject({ reason: 'request', removed: { identities: 1, apiTokens: 1 } });
    expect(JSON.stringify(payload)).not.toMatch(/eva|elle|example\.org|Personne/i);
    expect(await a.services.audit.verify()).toMatchObject({ ok: true });

    // Twice: refused, nothing changes.
    const settled = await stateFingerprint(a);
    expectProblem(await erase(eva.id, { confirm: result.displayName, reason: 'request' }), 409, 'already_erased');
    expect(await stateFingerprint(a)).toBe(settled);
  });

  it('refuses, changing nothing: an unknown person, a wrong name, an officer of the bureau, the last administrator, a member, an open application', async () => {
    const before = await stateFingerprint(a);
    expectProblem(await erase(newId(), { confirm: 'X', reason: 'request' }), 404, 'not_found');
    const wrong = expectProblem(await erase(eva.id, { confirm: 'Eve Effacée', reason: 'request' }), 400, 'validation_failed');
    expect(wrong.errors).toEqual([expect.objectContaining({ path: '/confirm', code: 'confirmation_mismatch' })]);
    expectProblem(await erase(carol.personId, { confirm: 'Carole Présidente', reason: 'request' }), 409, 'active_bureau_member');
    // Eva is an administrator too: with her, Ada is not the last one.
    await a.database.db.deleteFrom('administrators').where('person_id', '=', eva.id).execute();
    const alone = await stateFingerprint(a);
    expectProblem(await erase(a.admin.id, { confirm: 'Ada Admin', reason: 'request' }), 409, 'last_administrator');
    expect(await stateFingerprint(a)).toBe(alone);
    await a.database.db.insertInto('administrators').values({ person_id: eva.id, since: '2025-06-01', granted_by: null }).execute();
    expect(await stateFingerprint(a)).toBe(before);

    const member = await a.person({ displayName: 'Marc Membre' });
    await membershipOf(a, member.id, 'active');
    const waiting = await a.person({ displayName: 'Wanda Candidate' });
    await applicationOf(a, waiting.id, 'Je veux entrer');
    const carolHeaders = await a.bearer(carol.personId);
    const later = await stateFingerprint(a);
    expectProblem(await erase(member.id, { confirm: 'Marc Membre', reason: 'request' }), 409, 'still_member');
    expectProblem(await erase(waiting.id, { confirm: 'Wanda Candidate', reason: 'objection' }), 409, 'open_application');
    // Only administrators erase; the bureau does not.
    expectProblem(await erase(waiting.id, { confirm: 'Wanda Candidate', reason: 'request' }, carolHeaders), 403, 'forbidden');
    expect(await stateFingerprint(a)).toBe(later);
  });

  it('through the pages: a link on the person page, a second step that asks for the name, the form kept on a mistake', async () => {
    const admin = a.browser();
    expect((await admin.login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    const page = await admin.get(`/people/${eva.id}`);
    expect(page.body).toContain(`<a href="/people/${eva.id}/erase">Effacer cette personne…</a>`);
    // Others see no such link.
    expect(
      (await a.app.inject({ method: 'GET', url: `/people/${eva.id}`, headers: { ...(await a.bearer(carol.personId)), accept: 'text/html' } })).body,
    ).not.toContain('/erase');

    const step = await admin.get(`/people/${eva.id}/erase`);
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('<h1>Effacer Eva Effacée</h1>');
    expect(step.body).toContain('Pour confirmer, tapez le nom de la personne : Eva Effacée');

    const before = await stateFingerprint(a);
    const mistake = await admin.post(`/people/${eva.id}/erase`, { confirm: 'Eva', reason: 'request' });
    expect(mistake.statusCode).toBe(400);
    expect(mistake.body).toContain('Tapez le nom de la personne exactement comme il est affiché.');
    expect(mistake.body).toMatch(/<input id="field-confirm" name="confirm" type="text" value="Eva"/);
    expect(await stateFingerprint(a)).toBe(before);

    const done = await admin.post(`/people/${eva.id}/erase`, { confirm: 'Eva Effacée', reason: 'consent_withdrawn' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/people/${eva.id}?notice=notice.personErased`);
    const after = await admin.get(String(done.headers.location));
    expect(after.body).toContain('La personne est effacée');
    expect(after.body).toContain('Personne effacée le 10 février 2026.');
    expect(after.body).not.toContain('Eva Effacée');
    expect(after.body).not.toContain('eva.effacee@example.org');

    // The second step now says why it cannot be done, and offers no form.
    const twice = await admin.get(`/people/${eva.id}/erase`);
    expect(twice.body).toContain('Cette personne est déjà effacée');
    expect(twice.body).not.toContain('name="confirm"');
    expect((await admin.post(`/people/${eva.id}/erase`, { confirm: 'x', reason: 'request' })).statusCode).toBe(409);
  });
});
