import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { mailbox, mailedLink } from '../mailbox.js';
import { CHROMIUM, hasChromium, logOut, navLink, startJourney, type Journey } from './browser.js';
import { LANGUAGES } from './secretary-words.js';

const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery staple' };
const PRESIDENT = { name: 'Paula Présidente', email: 'paula@example.org' };
const VERA = { name: 'Véra Bénévole', email: 'vera@example.org', password: 'un potager fleuri au printemps' };
const ROOM = 'https://forum.example.org/c/membres';
const ZONE = 'Europe/Paris';

/** Today in the association's time zone, plus `days`, as YYYY-MM-DD (what a date field takes). */
function parisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The secretary's whole journey, as one story, once in French and once in English (docs/everyday-use.md):
 * on a fresh install the first visitor sets the association up and becomes its administrator and
 * secretary; they invite the volunteer Véra from the new-person form, and she sets her password
 * from the mail and lands on a home listing what is for her; she applies; the bureau holds its
 * session, accepts her, closes it and approves its minutes; Véra, a member, finds the members'
 * room on her home; the secretary prepares an assembly, convenes it and amends its agenda, and the
 * convocation Véra receives carries the agenda. Each irreversible act is confirmed on a page
 * first, and every page passes axe-core with the real Content-Security-Policy.
 */
describe.skipIf(!hasChromium).each(LANGUAGES)(`the secretary's journey in $language (${dialectUnderTest}, ${CHROMIUM})`, (L) => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    // A mail server is configured (the mails wait in the outbox, which no worker runs here): invitations are mailed.
    journey = await startJourney({ locale: L.locale, config: { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Bureau <bureau@tedomum.test>' } });
    page = journey.page;
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  const status = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  /** The field whose label starts with `label` (a label also holds the field's hint). */
  const startsWith = (scope: Locator, label: string) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const go = async (name: string) => (await navLink(page, name)).click();
  const signOut = async () => {
    await logOut(page);
    await page.getByRole('link', { name: /^(Se connecter|Log in)$/ }).waitFor();
  };

  it('sets up, invites Véra, who applies and is accepted in session; convenes and amends an assembly whose convocation carries the agenda', async () => {
    const s = journey.services;

    // 1. A fresh install: the first visitor finds the setup page, in their browser's language.
    await page.goto(`${journey.baseUrl}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe(L.locale);
    await journey.audit('setup page');
    await page.getByLabel(L.setup.association).fill('TeDomum');
    await page.getByLabel(L.setup.name).fill(ADMIN.name);
    await page.getByLabel(L.setup.email).fill(ADMIN.email);
    await page.getByLabel(L.setup.password).fill(ADMIN.password);
    await page.getByRole('button', { name: L.setup.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await status(L.setupDone);
    await heading(L.hello(ADMIN.name));
    await journey.audit('home (administrator)');

    // Paula is already among the people (an import would have added her); the administrator records
    // the elected bureau on the bureau page, as they may until its first session, picking Paula by
    // typing her name (htmx, under the CSP). Nobody gives themself an office, so the
    // administrator's own office, secretary, is recorded as the command line would.
    await s.people.create(system, { displayName: PRESIDENT.name, email: PRESIDENT.email, locale: L.locale });
    await go(L.nav.bureau);
    await heading(L.bureau.title);
    const appoint = page.getByRole('region', { name: L.bureau.appoint });
    await appoint.getByRole('searchbox', { name: new RegExp(`^${L.bureau.person}`) }).pressSequentially('paula', { delay: 30 });
    await appoint.getByRole('radio', { name: PRESIDENT.name }).check();
    await appoint.getByRole('combobox', { name: new RegExp(`^${L.bureau.office}`) }).selectOption({ label: L.bureau.president });
    await journey.audit('bureau page');
    await appoint.getByRole('button', { name: L.bureau.submit }).click();
    await status(L.bureau.changed);
    await s.bureau.appoint(system, { personId: await s.people.idForEmail(ADMIN.email, 'email'), office: 'secretary' });
    const bureau = await s.bureau.current();
    expect(bureau.map((b) => [b.displayName, b.office]).sort()).toEqual([
      [ADMIN.name, 'secretary'],
      [PRESIDENT.name, 'president'],
    ]);

    // The members' room: a web link the bureau sets in the settings.
    await go(L.nav.settings);
    await heading(L.settings.title);
    const bureauSets = page.getByRole('region', { name: L.settings.bureauSets });
    await bureauSets.getByLabel(L.settings.room).fill(ROOM);
    await journey.audit('settings');
    await bureauSets.getByRole('button', { name: L.settings.save, exact: true }).click();
    await status(L.settings.saved);
    // Saved, not only typed: the members' room is the one the association now has.
    expect((await s.settings.current()).values.membersRoom).toBe(ROOM);

    // The bureau plans an extra session a week ahead: applications go on the next planned session.
    await go(L.nav.sessions);
    await heading(L.sessions.title);
    const adhoc = page.getByRole('region', { name: L.sessions.adhoc });
    await adhoc.getByLabel('Date').fill(parisDay(7));
    await adhoc.getByLabel(L.sessions.time).fill('20:00');
    await adhoc.getByLabel(L.sessions.place, { exact: true }).fill('Local associatif');
    await journey.audit('sessions');
    await adhoc.getByRole('button', { name: L.sessions.plan }).click();
    await status(L.sessions.planned);
    await heading(L.sessions.heading);
    await journey.audit('session, planned');

    // 2. The secretary adds Véra with "send an invitation" ticked, and puts her on a team.
    await go(L.nav.people);
    await heading(L.people.title);
    await page.getByRole('link', { name: L.people.add }).click();
    await heading(L.people.newTitle);
    await page.getByLabel(L.people.name).fill(VERA.name);
    await page.getByLabel(L.people.email).fill(VERA.email);
    await page
      .getByRole('main')
      .getByRole('combobox', { name: new RegExp(`^${L.people.language}`) })
      .selectOption(L.locale);
    const invite = page.getByRole('checkbox', { name: L.people.invite });
    expect(await invite.isChecked()).toBe(true);
    await journey.audit('new person form');
    await page.getByRole('button', { name: L.people.create, exact: true }).click();
    await status(L.people.created);
    await heading(VERA.name);
    await journey.audit('person page, invited');
    await page.getByRole('button', { name: L.people.addToTeam }).click();
    await page.getByRole('region', { name: L.people.teams, exact: true }).getByRole('link', { name: L.people.community }).waitFor();

    // Véra follows the link in her mail, in her language, chooses a password and lands on her home.
    const [invitation] = (await mailbox(journey, VERA.email)).filter((m) => m.kind === 'invitation');
    expect(invitation?.body).toContain(L.locale === 'fr' ? 'vous invite à rejoindre' : 'invites you to join');
    const link = await mailedLink(journey, VERA.email, /^\/invitation$/);
    await signOut();
    await page.goto(`${journey.baseUrl}${link.pathname}${link.search}`);
    await heading(L.invitation.welcome);
    await journey.audit('invitation welcome');
    await page.getByLabel(L.invitation.password).first().fill(VERA.password);
    await page.getByRole('button', { name: L.invitation.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await heading(L.hello(VERA.name));
    expect(await page.locator('html').getAttribute('lang')).toBe(L.locale);
    await page.getByRole('region', { name: L.home.teams }).getByRole('link', { name: L.people.community }).waitFor();
    const standing = page.getByRole('region', { name: L.home.status });
    await standing.getByText(L.home.activeByRole).waitFor();
    // Not a member yet: the members' room is not on her home.
    expect(await page.getByRole('region', { name: L.home.room }).count()).toBe(0);
    await journey.audit('home (volunteer)');

    // 3. Véra, an active contributor, applies from her home's link.
    await standing.getByRole('link', { name: L.home.apply }).click();
    await heading(L.apply.title);
    await page.getByText(L.apply.notMember).waitFor();
    await journey.audit('membership, not a member');
    await page.getByRole('button', { name: L.apply.button }).click();
    await heading(L.apply.formTitle);
    await journey.audit('apply form');
    await page.getByLabel(L.apply.motivation).fill(L.apply.text);
    await page.getByRole('button', { name: L.apply.submit }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/applications/'));
    await status(L.apply.sent);
    await heading(L.apply.own);
    await page.getByText(L.apply.scheduled, { exact: true }).waitFor();
    await journey.audit('application, scheduled');
    await signOut();

    // 4. The bureau holds its session: the secretary and the president are present (quorum 2 of 2).
    await journey.logIn(ADMIN);
    await go(L.nav.sessions);
    await page.getByRole('table', { name: L.sessions.toHold }).getByRole('link').first().click();
    await heading(L.sessions.heading);
    const present = page.getByRole('group', { name: L.sessions.present });
    for (const name of [ADMIN.name, PRESIDENT.name]) await present.getByRole('checkbox', { name: new RegExp(`^${name} `) }).check();
    await journey.audit('session, to open');
    await page.getByRole('button', { name: L.sessions.open }).click();
    await status(L.sessions.opened);
    const decision = page.getByRole('form', { name: L.sessions.decision(VERA.name) });
    await decision.getByRole('radio', { name: L.sessions.accepted }).check();
    await decision.getByLabel(L.sessions.for, { exact: true }).fill('2');
    await decision.getByLabel(L.sessions.against, { exact: true }).fill('0');
    await decision.getByLabel(L.sessions.abstain, { exact: true }).fill('0');
    await journey.audit('session, open');
    await decision.getByRole('button', { name: L.sessions.record }).click();
    await status(L.sessions.recorded);
    const sessionUrl = page.url().replace(/[?#].*$/, '');
    const sessionId = sessionUrl.split('/').pop()!;

    // Closing can't be undone: the first click only asks, and the session stays open.
    await page.getByRole('button', { name: L.sessions.close }).click();
    await heading(L.sessions.closeConfirm);
    expect((await s.sessions.get(sessionId)).status).toBe('open');
    await journey.audit('confirmation of closing the session');
    await page.getByRole('button', { name: L.sessions.close }).click();
    await status(L.sessions.closed);
    expect((await s.sessions.get(sessionId)).status).toBe('closed');

    // The secretary writes the minutes' record, then approves it, again after a confirmation.
    const record = page.getByRole('region', { name: L.minutes.region });
    // A select's name holds its label, the option chosen and the hint: the label starts it.
    await record.getByRole('combobox', { name: new RegExp(`^${L.minutes.chair}`) }).selectOption({ label: PRESIDENT.name });
    await record.getByRole('combobox', { name: new RegExp(`^${L.minutes.secretary}`) }).selectOption({ label: ADMIN.name });
    await record.getByLabel(L.minutes.deliberations(VERA.name)).fill(L.minutes.text);
    await journey.audit('session closed, minutes to write');
    await record.getByRole('button', { name: L.minutes.save }).click();
    await status(L.minutes.saved);
    await page.getByRole('region', { name: L.minutes.region }).getByRole('button', { name: L.minutes.approve }).click();
    await heading(L.minutes.approveConfirm);
    expect((await s.sessions.get(sessionId)).minutesApprovedAt ?? null).toBeNull();
    await journey.audit('confirmation of approving the minutes');
    await page.getByRole('button', { name: L.minutes.approve }).click();
    await status(L.minutes.approved);
    await page.getByRole('region', { name: L.minutes.region }).getByText(L.minutes.approvedOn).waitFor();
    await journey.audit('session, minutes approved');
    await signOut();

    // 5. Véra, now a member, finds the members' room on her home.
    await journey.logIn(VERA);
    await heading(L.hello(VERA.name));
    await page.getByRole('region', { name: L.home.status }).getByText(L.home.memberSince).waitFor();
    const room = page.getByRole('region', { name: L.home.room }).getByRole('link', { name: L.home.openRoom });
    expect(await room.getAttribute('href')).toBe(ROOM);
    await journey.audit('home (member)');
    await signOut();

    // 6. The secretary prepares an assembly a month ahead, with two agenda items, and convenes it.
    await journey.logIn(ADMIN);
    await go(L.nav.assemblies);
    await heading(L.assembly.title);
    const prepare = page.getByRole('region', { name: L.assembly.prepare });
    await startsWith(prepare, L.assembly.field.title).fill(L.assembly.name);
    await startsWith(prepare, L.assembly.field.date).fill(parisDay(30));
    await startsWith(prepare, L.assembly.field.time).fill('18:30');
    await startsWith(prepare, L.assembly.field.place).fill('Salle des fêtes, Lyon');
    await journey.audit('assemblies');
    await prepare.getByRole('button', { name: L.assembly.create }).click();
    await heading(L.assembly.name);
    for (const item of L.assembly.items) {
      const add = page.getByRole('group', { name: L.assembly.addGroup });
      await add.getByLabel(L.assembly.itemTitle).fill(item);
      await page.getByRole('button', { name: L.assembly.addItem }).click();
      await status(L.assembly.itemAdded);
    }
    await journey.audit('assembly in preparation');
    const assemblyUrl = page.url().replace(/[?#].*$/, '');

    // Convening can't be undone: the confirmation page comes first, and nothing is sent from it.
    await page.getByRole('button', { name: L.assembly.convene }).click();
    await heading(L.assembly.conveneConfirm(L.assembly.name));
    expect((await mailbox(journey, VERA.email)).filter((m) => m.kind === 'assembly_convocation')).toEqual([]);
    await journey.audit('confirmation of the convocations');
    await page.getByRole('button', { name: L.assembly.send }).click();
    await status(L.assembly.convened);
    await page.waitForURL((u) => u.href.startsWith(assemblyUrl));

    // Véra's convocation, in her language, carries the agenda.
    const [convocation] = (await mailbox(journey, VERA.email)).filter((m) => m.kind === 'assembly_convocation');
    expect(convocation?.subject).toContain(L.assembly.convocationSubject);
    expect(convocation?.body).toContain(L.assembly.agendaHeading);
    expect(convocation?.body).toContain(`1. ${L.assembly.items[0]}`);
    expect(convocation?.body).toContain(`2. ${L.assembly.items[1]}`);

    // Convened, the agenda may still change: the change goes out as an amendment.
    const first = page.locator('details', { hasText: L.assembly.edit(L.assembly.items[0]!) });
    await first.locator('summary').click();
    await first.getByLabel(L.assembly.itemTitle).fill(L.assembly.amended);
    await journey.audit('convened assembly, editing an item');
    await first.getByRole('button', { name: L.assembly.save, exact: true }).click();
    await status(L.assembly.amendmentSent);
    await journey.audit('convened assembly, amended');
    const [amendment] = (await mailbox(journey, VERA.email)).filter((m) => m.kind === 'assembly_amendment');
    expect(amendment?.body).toContain(L.assembly.amendmentLine);
    expect(amendment?.body).toContain(`1. ${L.assembly.amended}`);
    expect(amendment?.body).toContain(`2. ${L.assembly.items[1]}`);

    // 7. Every page passed axe, with no script error and no failed request.
    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  }, 240_000);
});
