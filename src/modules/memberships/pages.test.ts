import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, databaseFingerprint, dialectUnderTest, system, type Browser, type TestAssociation } from '../../../test/harness.js';
import { anonymous, type Actor } from '../../platform/auth/actor.js';
import { mailedResetToken } from '../../../test/mailbox.js';

const PASSWORD = 'a long and private passphrase';
const T0 = '2026-11-20T10:00:00.000Z';
/** The session that accepts everyone: members since 1 December 2026. */
const SESSION_AT = '2026-12-01T19:00:00.000Z';
/** Omar's only contribution counts for a year (the default window): until 15 January 2027. */
const OLD_CONTRIBUTION_ON = '2026-01-15';
/** The day of the checks: Omar is no longer active, grace runs 60 days, until 21 March 2027. */
const CHECKS_AT = '2027-01-20T10:00:00.000Z';

interface Someone {
  id: string;
  email: string;
  displayName: string;
  browser: Browser;
  actor: Actor;
}

/** A fresh person who set a password through the mailed reset link, logged in in their own browser. */
async function loggedIn(a: TestAssociation, displayName: string, options: { team?: string; locale?: 'fr' | 'en' } = {}): Promise<Someone> {
  const p = await a.person({ displayName, locale: options.locale });
  if (options.team) await a.services.teams.addToRoster(system, options.team, p.id, 'member');
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  return { ...p, browser, actor: { ...anonymous, personId: p.id, displayName } };
}

/** Text as a page shows it: apostrophes are typographic in the catalogues. */
const text = (html: string) => html.replace(/&#39;|&apos;/g, "'");

/** The rows of the table that a heading labels, as the text of their cells. */
function rowsOf(html: string, labelledBy: string): string[][] {
  const table = new RegExp(`<table aria-labelledby="${labelledBy}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
      cell[1]
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .trim(),
    ),
  );
}

describe(`register of members and resignation pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bea: Someone;
  let lina: Someone;
  let omar: Someone;
  let eve: Someone;
  let remi: Someone;

  /**
   * Four members accepted in one session through the services, as in life: Lina, Eve and Rémi are
   * on a team (always active), Omar's only activity is one contribution of last January. Then
   * Rémi resigns and the daily checks run once Omar's contribution no longer counts.
   */
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(T0);
    bea = await loggedIn(a, 'Béa Bureau');
    await a.services.bureau.appoint(system, { personId: bea.id, office: 'president' });
    bea.actor = { ...bea.actor, office: 'president' };
    const session = await a.services.sessions.create(bea.actor, { scheduledAt: SESSION_AT });
    lina = await loggedIn(a, 'Lina Active', { team: 'communaute' });
    eve = await loggedIn(a, '=1+1 Eve', { team: 'technique' });
    remi = await loggedIn(a, 'Rémi Parti', { team: 'communaute' });
    omar = await loggedIn(a, 'Omar Ancien');
    await a.services.contributions.record(system, { personId: omar.id, kind: 'moderation', occurredOn: OLD_CONTRIBUTION_ON, summary: 'Modération du forum' });
    const applications = [];
    for (const p of [lina, eve, remi, omar]) applications.push(await a.services.applications.apply(p.actor, { motivation: 'Je veux voter en AG.' }));

    a.clock.set(SESSION_AT);
    await a.services.sessions.open(bea.actor, session.id, [bea.id]);
    for (const application of applications) await a.services.sessions.decide(bea.actor, session.id, { applicationId: application.id, outcome: 'accepted' });
    await a.services.sessions.close(bea.actor, session.id);

    a.clock.set(CHECKS_AT);
    await a.services.memberships.resign(remi.actor, remi.id);
    expect(await a.services.lifecycle.run()).toMatchObject({ members: 3, lapsing: 1 });
    // Login sessions do not last two months: everyone signs in again today.
    for (const p of [bea, lina, eve, remi, omar]) expect((await p.browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  });
  afterEach(async () => {
    await a?.close();
  });

  describe('the register (/members)', () => {
    it('lists the current members with their since-dates, names linking to their page, a lapsing one with its grace', async () => {
      const page = await bea.browser.get('/members');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Registre des membres</h1>');
      expect(rowsOf(page.body, 'register-title')).toEqual([
        ['=1+1 Eve', 'Active', '1 décembre 2026'],
        ['Lina Active', 'Active', '1 décembre 2026'],
        ['Omar Ancien', 'En suspens jusqu’au 21 mars 2027', '1 décembre 2026'],
      ]);
      expect(page.body).toContain(`<a href="/people/${lina.id}">Lina Active</a>`);
      expect(page.body).toContain('<time datetime="2026-12-01">1 décembre 2026</time>');
      expect(page.body).not.toContain('Rémi Parti');
      expect(page.body).toContain('<option value="current" selected>Membres actuels (adhésions actives et en suspens)</option>');
      expect(page.body).toContain('<a href="/api/v1/members/export.csv" download>Télécharger cette liste (CSV)</a>');
    });

    it('filters by status, and the whole history shows the ended memberships with their end', async () => {
      const lapsing = await bea.browser.get('/members?status=lapsing');
      expect(rowsOf(lapsing.body, 'register-title').map((r) => r[0])).toEqual(['Omar Ancien']);
      expect(lapsing.body).toContain('<option value="lapsing" selected>');
      expect(lapsing.body).toContain('href="/api/v1/members/export.csv?status=lapsing"');

      const resigned = await bea.browser.get('/members?status=resigned');
      expect(rowsOf(resigned.body, 'register-title')).toEqual([['Rémi Parti', 'Démission', '1 décembre 2026', '20 janvier 2027']]);

      const all = await bea.browser.get('/members?status=all');
      expect(rowsOf(all.body, 'register-title').map((r) => [r[0], r[1], r[3]])).toEqual([
        ['=1+1 Eve', 'Active', '—'],
        ['Lina Active', 'Active', '—'],
        ['Omar Ancien', 'En suspens jusqu’au 21 mars 2027', '—'],
        ['Rémi Parti', 'Démission', '20 janvier 2027'],
      ]);
      expect(all.body).toContain('<h2 id="register-title">Tout l’historique</h2>');
      expect(all.body).toContain('href="/api/v1/members/export.csv?history=true"');

      const none = await bea.browser.get('/members?status=excluded');
      expect(none.body).toContain('Aucune adhésion ne correspond à ce choix.');
      // A misspelt filter shows the current members rather than an empty list.
      expect(rowsOf((await bea.browser.get('/members?status=nope')).body, 'register-title')).toHaveLength(3);
    });

    it('exports the same list as CSV from the browser session: a header, one line per member, semicolons, formulas neutralised', async () => {
      const csv = await bea.browser.get('/api/v1/members/export.csv');
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toContain('attachment');
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('personId;displayName;email;status;since;until;endedReason');
      expect(lines.slice(1)).toEqual([
        `${eve.id};'=1+1 Eve;${eve.email};active;2026-12-01;;`,
        `${lina.id};Lina Active;${lina.email};active;2026-12-01;;`,
        `${omar.id};Omar Ancien;${omar.email};lapsing;2026-12-01;;`,
      ]);
      const history = await bea.browser.get('/api/v1/members/export.csv?history=true');
      expect(history.body).toContain(`${remi.id};Rémi Parti;${remi.email};resigned;2026-12-01;2027-01-20;resigned`);
      // The register is the bureau's: a member's browser session gets no CSV.
      expect((await lina.browser.get('/api/v1/members/export.csv')).statusCode).toBe(403);
    });

    it('counts the members at the end of each month and today', async () => {
      const page = await bea.browser.get('/members');
      expect(page.body).toContain('<h2 id="counts-title">Nombre de membres au fil du temps</h2>');
      const rows = rowsOf(page.body, 'counts-title');
      expect(rows).toHaveLength(13);
      expect(rows[0]).toEqual(['31 janvier 2026', '0']);
      expect(rows.at(-3)).toEqual(['30 novembre 2026', '0']);
      // Rémi was a member on the last day of December; he resigned today.
      expect(rows.at(-2)).toEqual(['31 décembre 2026', '4']);
      expect(rows.at(-1)).toEqual(['Aujourd’hui (20 janvier 2027)', '3']);
      expect(page.body).toContain('3 <meter min="0" max="4" value="3" aria-hidden="true"></meter>');
    });

    it('is the bureau’s: a plain person, a contributor and a member get 403, and only the bureau sees the link on /applications', async () => {
      const plain = await loggedIn(a, 'Paul Passant');
      expect((await plain.browser.get('/members')).statusCode).toBe(403);
      expect((await omar.browser.get('/members')).statusCode).toBe(403);
      expect((await lina.browser.get('/members')).statusCode).toBe(403);
      expect((await bea.browser.get('/applications')).body).toContain('<a href="/members">Registre des membres</a>');
    });
  });

  describe('one’s own membership (/membership)', () => {
    it('an active member sees since when, and a link to resign', async () => {
      const page = await lina.browser.get('/membership');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<strong>Membre depuis le 1 décembre 2026</strong>');
      expect(page.body).toContain('<a href="/membership/resign">Démissionner</a>');
      expect(page.body).not.toContain('en suspens');
    });

    it('a lapsing member is told until when, and how to keep the membership', async () => {
      const page = await omar.browser.get('/membership');
      expect(text(page.body)).toContain(
        'Votre contribution n’est plus active : votre adhésion est en suspens jusqu’au 21 mars 2027. Déclarez une contribution pour la maintenir.',
      );
      expect(page.body).toContain('<a href="/contributions/new" role="button">Déclarer une contribution</a>');
      expect(page.body).toContain('<a href="/membership/resign">Démissionner</a>');
    });

    it('a former member sees how and when it ended, and has no link to resign', async () => {
      const page = await remi.browser.get('/membership');
      expect(page.body).toContain('<strong>Vous avez démissionné le 20 janvier 2027 : vous n’êtes plus membre.</strong>');
      expect(page.body).toContain('Membre du 1 décembre 2026 au 20 janvier 2027');
      expect(page.body).not.toContain('/membership/resign');
    });

    it('reads in English for an English speaker', async () => {
      await a.services.people.update(system, omar.id, { locale: 'en' });
      const page = await omar.browser.get('/membership');
      expect(page.body).toContain('<html lang="en">');
      expect(page.body).toContain('<strong>Member since 1 December 2026</strong>');
      expect(page.body).toContain('Your contribution is no longer active: your membership is on hold until 21 March 2027. Declare a contribution to keep it.');
      expect(page.body).toContain('<a href="/membership/resign">Resign</a>');
    });
  });

  describe('resigning (/membership/resign)', () => {
    it('explains the consequences, refuses without the ticked box, then resigns at once', async () => {
      const page = await lina.browser.get('/membership/resign');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Votre démission prend effet immédiatement, dès que vous la confirmez.');
      expect(page.body).toContain('Vous quittez le salon privé des membres');
      expect(page.body).toContain('Vous pourrez présenter une nouvelle candidature plus tard');
      expect(page.body).toMatch(/<input id="field-confirm" type="checkbox" name="confirm" value="yes" required\/>/);

      const before = await databaseFingerprint(a.database);
      const unticked = await lina.browser.post('/membership/resign', {});
      expect(unticked.statusCode).toBe(400);
      expect(unticked.body).toContain('role="alert"');
      expect(unticked.body).toContain('<a href="#field-confirm">Cochez cette case pour confirmer votre démission.</a>');
      expect(unticked.body).toMatch(/<input id="field-confirm"[^>]*aria-invalid="true" aria-describedby="field-confirm-error"\/>/);
      expect(unticked.body).toContain('<small id="field-confirm-error" class="field-error">Cochez cette case pour confirmer votre démission.</small>');
      expect((await lina.browser.post('/membership/resign', { confirm: 'no' })).statusCode).toBe(400);
      expect(await databaseFingerprint(a.database)).toBe(before);

      const done = await lina.browser.post('/membership/resign', { confirm: 'yes' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/membership?notice=notice.resigned');
      const after = await lina.browser.get(String(done.headers.location));
      expect(after.body).toContain('<p role="status" class="notice">Votre démission est enregistrée : vous n’êtes plus membre.');
      expect(after.body).toContain('<strong>Vous avez démissionné le 20 janvier 2027 : vous n’êtes plus membre.</strong>');
      expect((await a.services.memberships.of(lina.actor, lina.id)).status).toBe('resigned');
      // Effective at once: out of the members' room, and told by mail.
      const outbox = await a.database.db.selectFrom('outbox').select(['topic', 'subject_id']).where('topic', '=', 'room.remove').execute();
      expect(outbox).toContainEqual({ topic: 'room.remove', subject_id: lina.id });
      const mails = await a.database.db.selectFrom('mail_log').select('kind').where('person_id', '=', lina.id).execute();
      expect(mails.map((m) => m.kind)).toContain('membership_resigned');
      expect(rowsOf((await bea.browser.get('/members')).body, 'register-title').map((r) => r[0])).not.toContain('Lina Active');
    });

    it('someone who is not a member is told so, and a forced submission gets 409 on the page', async () => {
      const plain = await loggedIn(a, 'Paul Passant');
      const page = await plain.browser.get('/membership/resign');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Vous n’êtes pas membre : il n’y a pas d’adhésion dont démissionner.');
      expect(page.body).not.toContain('name="confirm"');

      const before = await databaseFingerprint(a.database);
      const forced = await plain.browser.post('/membership/resign', { confirm: 'yes' });
      expect(forced.statusCode).toBe(409);
      expect(forced.body).toContain('role="alert"');
      expect(forced.body).toContain('Démission impossible : vous n’êtes pas membre.');
      // Unticked, it is still the membership that is missing, not the box (there is none to tick).
      const unticked = await plain.browser.post('/membership/resign', {});
      expect(unticked.statusCode).toBe(409);
      expect(unticked.body).toContain('Démission impossible : vous n’êtes pas membre.');
      expect(unticked.body).not.toContain('#field-confirm');
      expect(await databaseFingerprint(a.database)).toBe(before);
      // A former member likewise.
      await remi.browser.get('/membership');
      expect((await remi.browser.post('/membership/resign', { confirm: 'yes' })).statusCode).toBe(409);
    });

    it('reads in English, and refuses without a form token', async () => {
      await a.services.people.update(system, lina.id, { locale: 'en' });
      const page = await lina.browser.get('/membership/resign');
      expect(page.body).toContain('<h1>Resign</h1>');
      expect(page.body).toContain('Your resignation takes effect at once, as soon as you confirm it.');
      expect(page.body).toContain('I confirm that I resign, with immediate effect.');
      const unticked = await lina.browser.post('/membership/resign', {});
      expect(unticked.body).toContain('Tick this box to confirm your resignation.');
      expect((await lina.browser.post('/membership/resign', { confirm: 'yes' }, { csrf: 'forged' })).statusCode).toBe(403);
      expect((await a.services.memberships.of(lina.actor, lina.id)).status).toBe('active');
    });
  });
});
