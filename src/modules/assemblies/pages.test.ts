import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type Browser, type TestAssociation } from '../../../test/harness.js';
import type { Office } from '../../platform/auth/actor.js';
import { documentFilename, readAssemblyForm, readConveneForm, readCountsForm, readDocumentForm, uploadedDocumentType } from './assembly-forms.js';
import { mailedLink, mailedResetToken } from '../../../test/mailbox.js';

const PASSWORD = 'a long and private passphrase';

describe('the forms of the assembly pages', () => {
  it('reads the new assembly: the day and time are the association’s wall clock', () => {
    const read = readAssemblyForm(
      { kind: 'extraordinary', title: ' AG 2026 ', date: '2026-07-15', time: '18:30', location: 'Salle des fêtes', videoUrl: '' },
      'Europe/Paris',
    );
    expect(read).toEqual({
      input: { kind: 'extraordinary', title: 'AG 2026', scheduledAt: '2026-07-15T16:30:00.000Z', location: 'Salle des fêtes', videoUrl: undefined },
      errors: [],
    });
    expect(
      readAssemblyForm({ kind: 'secret', title: '', date: '2026-02-30', time: '8h', videoUrl: 'visio' }, 'Europe/Paris').errors.map(
        (e) => `${e.path} ${e.code}`,
      ),
    ).toEqual([
      '/assembly-kind invalid_choice',
      '/assembly-title required',
      '/assembly-date invalid_date',
      '/assembly-time invalid_time',
      '/assembly-videoUrl invalid_url',
    ]);
  });

  it('reads a show of hands: empty counts as zero, anything else than a whole number is refused', () => {
    expect(readCountsForm({ for: '12', against: '', abstain: '3' }, 'counts-r1')).toEqual({ input: { for: 12, against: 0, abstain: 3 }, errors: [] });
    expect(readCountsForm({ for: '-1' }, 'counts-r1').errors).toEqual([{ path: '/counts-r1-counts', code: 'invalid_number', message: 'whole numbers from 0' }]);
    expect(readCountsForm({ for: '2.5' }, 'counts-r1').errors).toHaveLength(1);
  });

  it('reads the convocation: forcing it asks for a reason, not forcing it sends nothing more', () => {
    expect(readConveneForm({ reason: 'ignored' })).toEqual({ input: {}, errors: [] });
    expect(readConveneForm({ force: 'on', reason: ' Salle perdue ' })).toEqual({ input: { force: true, reason: 'Salle perdue' }, errors: [] });
    expect(readConveneForm({ force: 'on', reason: ' ' }).errors.map((e) => e.path)).toEqual(['/convene-reason']);
  });

  it('knows an uploaded document by its first bytes, and names it after its title', () => {
    const zip = (name: string, rest = '') => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(name + rest, 'latin1')]);
    expect(uploadedDocumentType(Buffer.from('%PDF-1.7\n…'))).toEqual({ contentType: 'application/pdf', extension: 'pdf' });
    expect(uploadedDocumentType(zip('mimetypeapplication/vnd.oasis.opendocument.text'))).toEqual({
      contentType: 'application/vnd.oasis.opendocument.text',
      extension: 'odt',
    });
    expect(uploadedDocumentType(zip('[Content_Types].xml', '....word/document.xml'))?.extension).toBe('docx');
    expect(uploadedDocumentType(Buffer.from('Rapport moral\nÀ lire avant l’AG.\n'))).toEqual({ contentType: 'text/plain; charset=utf-8', extension: 'txt' });
    // An HTML page would be text too, but it is downloaded as text, never shown from this origin.
    expect(uploadedDocumentType(Buffer.from('<html><script>alert(1)</script></html>'))?.contentType).toBe('text/plain; charset=utf-8');
    expect(uploadedDocumentType(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBeNull();
    expect(uploadedDocumentType(zip('evil.exe'))).toBeNull();
    expect(documentFilename('Rapport moral 2026 — Trésorerie', 'pdf')).toBe('rapport-moral-2026-tresorerie.pdf');
    expect(documentFilename('«»', 'txt')).toBe('document.txt');
  });

  it('takes a document as a link or as a file, and asks for one of them', () => {
    expect(readDocumentForm({ title: 'Budget', url: 'https://example.org/budget.pdf' }).input).toEqual({
      title: 'Budget',
      url: 'https://example.org/budget.pdf',
    });
    expect(readDocumentForm({ title: 'Budget', url: '', file: Buffer.alloc(0) }).errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      '/document-url link_or_file',
    ]);
    expect(readDocumentForm({ title: 'Budget', file: Buffer.from([0, 1, 2]) }).errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      '/document-file unsupported_document',
    ]);
  });
});

/** A fresh person with a password, logged in in their own browser; a member, a contributor or on the bureau as asked. */
async function loggedIn(a: TestAssociation, displayName: string, options: { office?: Office; member?: boolean; contributor?: boolean } = {}) {
  const p = await a.person({ displayName });
  if (options.office) await a.services.bureau.appoint(system, { personId: p.id, office: options.office });
  if (options.contributor) await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');
  if (options.member) await makeMember(a, p.id);
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  return { ...p, browser };
}

/** Memberships come from decisions; the test writes the row, as the harness's `member` role does. */
async function makeMember(a: TestAssociation, personId: string) {
  const now = a.clock.now();
  await a.database.db
    .insertInto('memberships')
    .values({
      id: `m-${personId}`,
      person_id: personId,
      status: 'active',
      since: now.slice(0, 10),
      until: null,
      decision_id: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}

/** A multipart form (a file upload), which Browser.post cannot send. */
async function postMultipart(
  a: TestAssociation,
  browser: Browser,
  url: string,
  fields: Record<string, string>,
  file: { name: string; type: string; content: Buffer },
) {
  const boundary = '----equipage-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: browser.csrf, ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return a.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
  });
}

const noticeOf = (location: unknown) => /[?&]notice=([^&#]+)/.exec(String(location))?.[1];
const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));

describe(`assembly pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** Alice (president, member), Bruno and Chloé (members), Dana (contributor), and Alice's new assembly on `date`. */
  async function prepared(date: string) {
    const alice = await loggedIn(a, 'Alice Présidente', { office: 'president', member: true });
    const bruno = await loggedIn(a, 'Bruno Membre', { member: true });
    const chloe = await loggedIn(a, 'Chloé Membre', { member: true });
    const dana = await loggedIn(a, 'Dana Contributrice', { contributor: true });
    await alice.browser.get('/assemblies');
    const created = await alice.browser.post('/assemblies', {
      kind: 'ordinary',
      title: 'AG ordinaire 2026',
      date,
      time: '18:30',
      location: 'Local associatif',
      videoUrl: '',
    });
    expect(created.statusCode, created.body).toBe(303);
    expect(noticeOf(created.headers.location)).toBe('notice.assemblyCreated');
    const id = /^\/assemblies\/([^?]+)\?/.exec(String(created.headers.location))![1]!;
    return { alice, bruno, chloe, dana, id };
  }

  const tokenOf = async (personId: string) => {
    const person = await a.database.db.selectFrom('people').select('email').where('id', '=', personId).executeTakeFirstOrThrow();
    return (await mailedLink(a, person.email, /\/assemblies\/rsvp\//)).pathname.split('/').pop()!;
  };

  it('prepares an assembly: the form, the page in words and in Paris time, the agenda, a link and an uploaded document', async () => {
    const { alice, bruno, id } = await prepared('2026-04-01');
    const list = await alice.browser.get('/assemblies');
    expect(list.body).toContain('<a href="/assemblies" aria-current="page">Assemblées</a>');
    expect(between(list.body, 'id="current-title"', '</table>')).toContain('AG ordinaire 2026');

    const page = await alice.browser.get(`/assemblies/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('mercredi 1 avril 2026 à 18:30');
    expect(page.body).toContain('Assemblée générale ordinaire');
    expect(page.body).toContain('En préparation');
    // Before the convocation, the bureau sees who would be convened: the four of them.
    expect(page.body).toContain('Convoquée aujourd’hui, l’assemblée réunirait 4 personnes, dont 3 avec voix délibérative.');

    const refused = await alice.browser.post(`/assemblies/${id}/items`, { title: '  ', body: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-item-title"');
    expect(refused.body).toMatch(/aria-invalid="true"[^>]*aria-describedby="field-item-title-error"/);
    const item = await alice.browser.post(`/assemblies/${id}/items`, { title: 'Rapport moral', body: 'Présenté par la présidente' });
    expect(noticeOf(item.headers.location)).toBe('notice.assemblyItemAdded');

    const linked = await alice.browser.post(`/assemblies/${id}/documents`, { title: 'Budget prévisionnel', url: 'https://example.org/budget.pdf' });
    expect(noticeOf(linked.headers.location)).toBe('notice.assemblyDocumentAdded');
    await alice.browser.get(`/assemblies/${id}`);
    const pdf = Buffer.from('%PDF-1.4\n% rapport\n');
    const uploaded = await postMultipart(
      a,
      alice.browser,
      `/assemblies/${id}/documents`,
      { title: 'Rapport financier', url: '' },
      { name: 'x.html', type: 'text/html', content: pdf },
    );
    expect(uploaded.statusCode, uploaded.body).toBe(303);
    const refusedUpload = await postMultipart(
      a,
      alice.browser,
      `/assemblies/${id}/documents`,
      { title: 'Programme' },
      { name: 'p.exe', type: 'application/pdf', content: Buffer.from([0x4d, 0x5a, 0, 1]) },
    );
    expect(refusedUpload.statusCode).toBe(400);
    expect(refusedUpload.body).toContain('Type de fichier non pris en charge');

    const after = await alice.browser.get(`/assemblies/${id}`);
    expect(after.body).toContain('<strong>Rapport moral</strong>');
    expect(after.body).toContain('<a href="https://example.org/budget.pdf" rel="noopener noreferrer">Budget prévisionnel</a>');
    const download = /href="(\/assemblies\/[^"]+\/documents\/[^"]+)"/.exec(after.body)![1]!;
    // Before the convocation, a member is not invited yet; once convened, they download it:
    // as a PDF, under the title's name, never shown inline.
    expect((await bruno.browser.get(download)).statusCode).toBe(404);
    expect((await alice.browser.post(`/assemblies/${id}/convene`, { confirmed: 'yes' })).statusCode).toBe(303);
    const got = await bruno.browser.get(download);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="rapport-financier.pdf"; filename*=UTF-8''rapport-financier.pdf`);
    expect(got.rawPayload.equals(pdf)).toBe(true);
  });

  it('refuses a convocation inside the notice period, then convenes with the reason given in a second step', async () => {
    const { alice, id } = await prepared('2026-03-07');
    await alice.browser.get(`/assemblies/${id}`);
    await alice.browser.post(`/assemblies/${id}/items`, { title: 'Rapport moral' });
    const refused = await alice.browser.post(`/assemblies/${id}/convene`, { confirmed: 'yes' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Délai de convocation trop court');
    expect(refused.body).toContain('L’assemblée a lieu dans moins de 15 jours');
    expect(refused.body).toContain('name="force"');
    expect(refused.body).toContain('id="field-convene-reason"');

    const noReason = await alice.browser.post(`/assemblies/${id}/convene`, { force: 'on', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/id="field-convene-reason-error"[^>]*>Ce champ est obligatoire/);

    const forced = await alice.browser.post(`/assemblies/${id}/convene`, { force: 'on', reason: 'La salle n’est libre que ce jour-là', confirmed: 'yes' });
    expect(forced.statusCode).toBe(303);
    expect(noticeOf(forced.headers.location)).toBe('notice.assemblyConvened');
    const page = await alice.browser.get(`/assemblies/${id}`);
    expect(page.body).toContain('hors délai, parce que : La salle n’est libre que ce jour-là');
    expect(page.body).not.toContain(`action="/assemblies/${id}/convene"`);
    expect(await a.database.db.selectFrom('mail_log').select('id').where('kind', '=', 'assembly_convocation').execute()).toHaveLength(4);
  });

  it('holds the assembly: an answer and a proxy by the personal link, check-in, a vote, a show of hands, the sheet and the minutes', async () => {
    const { alice, bruno, chloe, dana, id } = await prepared('2026-04-01');
    await alice.browser.post(`/assemblies/${id}/items`, { title: 'Rapport moral' });
    await alice.browser.get(`/assemblies/${id}`);
    expect((await alice.browser.post(`/assemblies/${id}/convene`, { confirmed: 'yes' })).statusCode).toBe(303);

    // Chloé answers by her link, without logging in, and gives her proxy to Bruno.
    const visitor = a.browser();
    const token = await tokenOf(chloe.id);
    const rsvp = await visitor.get(`/assemblies/rsvp/${token}`);
    expect(rsvp.statusCode).toBe(200);
    expect(rsvp.body).toContain('Bonjour Chloé Membre');
    expect(rsvp.body).toContain('Pas de réponse');
    expect(rsvp.body).toContain('Rapport moral');
    expect(rsvp.body).toContain('name="_csrf"');
    const answered = await visitor.post(`/assemblies/rsvp/${token}`, { answer: 'no' });
    expect(noticeOf(answered.headers.location)).toBe('notice.assemblyRsvpRecorded');
    await visitor.get(`/assemblies/rsvp/${token}`);
    const proxy = await visitor.post(`/assemblies/rsvp/${token}/proxy`, { holderId: bruno.id });
    expect(noticeOf(proxy.headers.location)).toBe('notice.assemblyProxyGiven');
    const after = await visitor.get(`/assemblies/rsvp/${token}`);
    expect(after.body).toContain('Vous avez donné votre pouvoir à Bruno Membre.');
    expect((await visitor.post(`/assemblies/rsvp/${token}`, { answer: 'perhaps' })).statusCode).toBe(400);
    expect((await a.browser().get('/assemblies/rsvp/nope.nope')).statusCode).toBe(404);

    // A contributor answers on the page, signed in; she has no vote and no proxy to give.
    const danaPage = await dana.browser.get(`/assemblies/${id}`);
    expect(danaPage.body).toContain('sans droit de vote');
    expect(danaPage.body).not.toContain(`action="/assemblies/${id}/proxy"`);
    expect(danaPage.body).not.toContain('id="invitee-');
    expect(noticeOf((await dana.browser.post(`/assemblies/${id}/rsvp`, { answer: 'yes' })).headers.location)).toBe('notice.assemblyRsvpRecorded');

    // On the day: Alice opens, checks Bruno in; Dana checks herself in by her link.
    a.clock.set('2026-04-01T16:00:00.000Z');
    // A month later, the logins of the preparation have expired.
    for (const p of [alice, bruno, dana]) await p.browser.login(p.email, PASSWORD);
    await alice.browser.get(`/assemblies/${id}`);
    expect(noticeOf((await alice.browser.post(`/assemblies/${id}/open`, {})).headers.location)).toBe('notice.assemblyOpened');
    const checked = await alice.browser.post(`/assemblies/${id}/check-in`, { personId: bruno.id, present: 'true' });
    expect(String(checked.headers.location)).toBe(`/assemblies/${id}?notice=notice.assemblyCheckedIn#invitee-${bruno.id}`);
    const danaLink = a.browser();
    const danaToken = await tokenOf(dana.id);
    expect((await danaLink.get(`/assemblies/rsvp/${danaToken}`)).body).toContain('J’arrive');
    expect(noticeOf((await danaLink.post(`/assemblies/rsvp/${danaToken}/check-in`, {})).headers.location)).toBe('notice.assemblyCheckedIn');
    expect((await danaLink.get(`/assemblies/rsvp/${danaToken}`)).body).not.toContain('J’arrive');

    const live = await alice.browser.get(`/assemblies/${id}`);
    // Bruno present with Chloé's proxy: 1 + 1 of 3 voters; the default quorum is a quarter.
    expect(live.body).toContain('Quorum atteint.');
    expect(live.body).toContain('Présent·es : 1 ; représenté·es : 1 ; soit 2 pour 1 requis·es (3 votant·es convoqué·es).');
    expect(between(live.body, `id="invitee-${chloe.id}"`, '</tr>')).toContain('a donné pouvoir à Bruno Membre');

    // Two resolutions: one voted in the app, one by a show of hands.
    await alice.browser.post(`/assemblies/${id}/resolutions`, { title: 'Approbation des comptes', text: '', majority: 'simple' });
    await alice.browser.post(`/assemblies/${id}/resolutions`, { title: 'Modification des statuts', text: '', majority: 'two_thirds' });
    const withResolutions = await alice.browser.get(`/assemblies/${id}`);
    const [first, second] = [...withResolutions.body.matchAll(/id="resolution-([^"]+)" aria-labelledby/g)].map((m) => m[1]!);
    expect(noticeOf((await alice.browser.post(`/assemblies/${id}/resolutions/${first}/open`, {})).headers.location)).toBe('notice.assemblyResolutionOpened');

    const brunoPage = await bruno.browser.get(`/assemblies/${id}`);
    expect(brunoPage.body).toContain('Il compte aussi pour les membres dont vous détenez le pouvoir (1).');
    expect(brunoPage.body).toContain('<li>Pouvoirs détenus (1) : Chloé Membre</li>');
    const voted = await bruno.browser.post(`/assemblies/${id}/resolutions/${first}/vote`, { choice: 'for' });
    expect(noticeOf(voted.headers.location)).toBe('notice.assemblyVoteRecorded');
    expect((await bruno.browser.get(`/assemblies/${id}`)).body).toContain('Vous avez voté : Pour.');
    // A vote can be changed until the vote closes (ASSEMBLY_VOTE_CHANGE, yes by default); the page shows the choice.
    const again = await bruno.browser.post(`/assemblies/${id}/resolutions/${first}/vote`, { choice: 'against' });
    expect(noticeOf(again.headers.location)).toBe('notice.assemblyVoteRecorded');
    expect((await bruno.browser.get(`/assemblies/${id}`)).body).toContain('Vous avez voté : Contre.');
    await bruno.browser.post(`/assemblies/${id}/resolutions/${first}/vote`, { choice: 'for' });
    // Dana has no vote: no buttons, and the route refuses her.
    expect((await dana.browser.get(`/assemblies/${id}`)).body).not.toContain(`/resolutions/${first}/vote`);
    expect((await dana.browser.post(`/assemblies/${id}/resolutions/${first}/vote`, { choice: 'for' })).statusCode).toBe(422);

    await alice.browser.get(`/assemblies/${id}`);
    expect(noticeOf((await alice.browser.post(`/assemblies/${id}/resolutions/${first}/close`, { confirmed: 'yes' })).headers.location)).toBe(
      'notice.assemblyResolutionClosed',
    );
    await alice.browser.post(`/assemblies/${id}/resolutions/${second}/open`, {});
    const tooMany = await alice.browser.post(`/assemblies/${id}/resolutions/${second}/counts`, { for: '5', against: '0', abstain: '0' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Plus de voix que de votant·es présent·es ou représenté·es.');
    expect(tooMany.body).toContain(`href="#field-counts-${second}-counts"`);
    expect(
      noticeOf((await alice.browser.post(`/assemblies/${id}/resolutions/${second}/counts`, { for: '1', against: '1', abstain: '' })).headers.location),
    ).toBe('notice.assemblyCountsRecorded');
    await alice.browser.post(`/assemblies/${id}/resolutions/${second}/close`, { confirmed: 'yes' });
    const results = await alice.browser.get(`/assemblies/${id}`);
    expect(between(results.body, `id="resolution-${first}"`, '</article>')).toContain('2 pour, 0 contre, 0 abstention(s)');
    expect(between(results.body, `id="resolution-${first}"`, '</article>')).toContain('<strong>Adoptée</strong>');
    expect(between(results.body, `id="resolution-${second}"`, '</article>')).toContain('Vote à main levée');
    expect(between(results.body, `id="resolution-${second}"`, '</article>')).toContain('<strong>Rejetée</strong>');

    // The attendance sheet: a line to sign per invitee, with the proxies; the bureau's alone.
    const sheet = await alice.browser.get(`/assemblies/${id}/attendance`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('Feuille d’émargement — AG ordinaire 2026');
    expect(sheet.body).toContain('<th scope="col" class="signature">Signature</th>');
    expect(sheet.body).toContain('Convoqué·es : 4 ; présent·es : 2 ; représenté·es : 1.');
    expect(between(sheet.body, '<th scope="row">Chloé Membre</th>', '</tr>')).toContain('<td>Bruno Membre</td>');
    expect((await bruno.browser.get(`/assemblies/${id}/attendance`)).statusCode).toBe(403);

    expect(noticeOf((await alice.browser.post(`/assemblies/${id}/close`, { confirmed: 'yes' })).headers.location)).toBe('notice.assemblyClosed');
    const closed = await bruno.browser.get(`/assemblies/${id}`);
    expect(closed.body).toContain(`<a href="/assemblies/${id}/minutes">Procès-verbal</a>`);
    const minutes = await bruno.browser.get(`/assemblies/${id}/minutes`);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.body).toContain('<article class="minutes"');
    expect(minutes.body).toContain('Approbation des comptes');
    // The personal link ends with the assembly.
    expect((await a.browser().get(`/assemblies/rsvp/${token}`)).statusCode).toBe(404);
  });

  it('shows an assembly only to those it convenes and to the bureau', async () => {
    const { id } = await prepared('2026-04-01');
    // Someone neither member nor contributor: no assembly convenes them, and theirs is an empty list.
    const stranger = await loggedIn(a, 'Eve Passante');
    const none = await stranger.browser.get('/assemblies');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('Aucune assemblée à venir.');
    expect((await stranger.browser.get(`/assemblies/${id}`)).statusCode).toBe(404);
    const anonymous = await a.browser().get(`/assemblies/${id}`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/assemblies/${id}`)}`);
    const member = await loggedIn(a, 'Fanny Membre', { member: true });
    // Not convened yet (a draft): the new member does not see it, nor any form to prepare one.
    expect((await member.browser.get(`/assemblies/${id}`)).statusCode).toBe(404);
    const list = await member.browser.get('/assemblies');
    expect(list.body).not.toContain('AG ordinaire 2026');
    expect(list.body).not.toContain('action="/assemblies"');
  });
});
