import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, postCsv, expectProblem, stateFingerprint, type TestAssociation } from './harness.js';
import { mailbox, mailedLink } from './mailbox.js';

/**
 * Importing people and inviting them in one go: each new person with an address is mailed an
 * invitation in their language, through the mail log (which never shows the link), batched; the
 * people already known are not; without a mail server the import is refused and nothing is written.
 */
// Configured, never reached: the tests read mails as queued, before any delivery.
const WITH_SMTP = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'TeDomum <bureau@tedomum.test>' };
const paheko = readFileSync(new URL('./fixtures/paheko-members-export.csv', import.meta.url));

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----equipage-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(`importing people with invitations (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  const importCsv = (csv: string, query: string) => postCsv(a, `/api/v1/people/import${query}`, csv);

  /** The bureau's page upload of a file, the invitation box ticked or not. */
  async function uploadPage(content: Buffer, fields: Record<string, string>) {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const form = await browser.get('/people/import');
    const body = multipart({ _csrf: browser.csrf, csv: '', ...fields }, { name: 'membres.csv', content });
    const res = await a.app.inject({
      method: 'POST',
      url: '/people/import',
      payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
    });
    return { form, res, browser };
  }

  it('mails each new person an invitation in their language, never the people already known; the log never shows the link; each appears "invited on" on their page', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const known = await a.person({ email: 'deja.la@example.org', displayName: 'Déjà Là' });
    const csv = [
      'displayName,email,locale',
      'Élodie Dupont,elodie.dupont@example.org,fr',
      'Ann Smith,ann.smith@example.org,en',
      'Karim Benali,karim.benali@example.org,',
      'Déjà Là,deja.la@example.org,fr',
      `Admin Again,${a.admin.email},fr`,
    ].join('\n');
    const res = await importCsv(csv, '?invite=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, skipped: 2, invitations: { sent: 3, alreadySignedUp: 0, withoutEmail: 0 } });

    const [elodie] = (await mailbox(a, 'elodie.dupont@example.org')).filter((m) => m.kind === 'invitation');
    expect(elodie.subject).toContain('Invitation à rejoindre');
    expect(elodie.body).toContain('Élodie Dupont');
    const [ann] = (await mailbox(a, 'ann.smith@example.org')).filter((m) => m.kind === 'invitation');
    expect(ann.subject).toContain('Invitation to join');
    expect((await mailbox(a, 'karim.benali@example.org')).filter((m) => m.kind === 'invitation')).toHaveLength(1);
    // Those already known are skipped by the import, and invited by nobody.
    expect((await mailbox(a, known.email)).filter((m) => m.kind === 'invitation')).toEqual([]);
    expect((await mailbox(a, a.admin.email)).filter((m) => m.kind === 'invitation')).toEqual([]);

    // The link is in the mail, and works; the mail log never shows it.
    const link = await mailedLink(a, 'ann.smith@example.org', /\/invitation$/);
    const token = link.searchParams.get('token')!;
    const log = await a.app.inject({ method: 'GET', url: '/api/v1/mail?limit=50', headers: a.admin.headers });
    expect(log.body).toContain('ann.smith@example.org');
    expect(log.body).not.toContain(token);
    expect((await a.browser().get(`${link.pathname}${link.search}`)).statusCode).toBe(200);

    // Each appears invited on their page.
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const people = (await a.app.inject({ method: 'GET', url: '/api/v1/people?q=dupont', headers: a.admin.headers })).json().items as { id: string }[];
    const page = await browser.get(`/people/${people[0].id}`);
    expect(page.body).toMatch(/Invité·e le [^<]+, pas encore connecté·e/);
  });

  it('invites in batches: 450 new people, 450 invitations, one each', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const lines = ['displayName,email'];
    for (let i = 0; i < 450; i++) lines.push(`Personne ${i},personne.${i}@example.org`);
    const res = await importCsv(lines.join('\n'), '?invite=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 450, invitations: { sent: 450, alreadySignedUp: 0, withoutEmail: 0 } });
    const counts = await a.database.db
      .selectFrom('mail_log')
      .select((eb) => [eb.fn.countAll<number>().as('mails'), eb.fn.count<number>('to_address').distinct().as('recipients')])
      .where('kind', '=', 'invitation')
      .executeTakeFirstOrThrow();
    expect({ mails: Number(counts.mails), recipients: Number(counts.recipients) }).toEqual({ mails: 450, recipients: 450 });
    const queued = await a.database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic', '=', 'mail.send')
      .executeTakeFirstOrThrow();
    expect(Number(queued.n)).toBe(450);
    const invitations = await a.database.db
      .selectFrom('password_resets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('purpose', '=', 'invitation')
      .executeTakeFirstOrThrow();
    expect(Number(invitations.n)).toBe(450);
  });

  it('without the box, or on a dry run, mails nothing; a dry run says how many invitations would go', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const csv = 'displayName,email\nÉlodie Dupont,elodie.dupont@example.org\nAnn Smith,ann.smith@example.org\n';
    const dry = await importCsv(csv, '?invite=true&dryRun=true');
    expect(dry.json()).toMatchObject({ imported: 2, dryRun: true, invitations: { sent: 2, withoutEmail: 0 } });
    const plain = await importCsv(csv, '');
    expect(plain.json().imported).toBe(2);
    expect(plain.json().invitations).toBeUndefined();
    expect((await mailbox(a, 'elodie.dupont@example.org')).filter((m) => m.kind === 'invitation')).toEqual([]);
  });

  it('on the page: the box is unticked and says why; ticked, a Paheko export is imported and each new member invited, with the count', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    const { form, res } = await uploadPage(paheko, { invite: 'yes' });
    expect(form.body).toContain('name="invite"');
    expect(form.body).not.toMatch(/name="invite"[^>]*checked/);
    expect(form.body).toContain('Décochée par défaut : un import reprend souvent des données anciennes');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('9 importée(s), 1 ignorée(s), 2 erreur(s).');
    expect(res.body).toContain('9 invitation(s) envoyée(s), 0 personne(s) sans adresse e-mail, 0 déjà inscrite(s).');
    const mails = await a.database.db
      .selectFrom('mail_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'invitation')
      .executeTakeFirstOrThrow();
    expect(Number(mails.n)).toBe(9);
  });

  it('without a mail server, importing with invitations is refused (409 mail_not_configured) by the API and the page, and nothing is imported', async () => {
    a = await buildAssociation();
    const before = await stateFingerprint(a);
    expectProblem(await importCsv('displayName,email\nÉlodie Dupont,elodie.dupont@example.org\n', '?invite=true'), 409, 'mail_not_configured');
    expect(await stateFingerprint(a)).toBe(before);

    const { form, res } = await uploadPage(paheko, { invite: 'yes' });
    expect(form.body).toContain('Aucun serveur d’e-mail n’est configuré : un import ne peut pas envoyer d’invitations');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Rien n’a été importé : aucun serveur d’e-mail n’est configuré');
    const found = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=ndiaye', headers: a.admin.headers });
    expect(found.json().items).toEqual([]);
    // Unticked, the same file is imported as before.
    const plain = await uploadPage(paheko, {});
    expect(plain.res.statusCode).toBe(200);
    expect(plain.res.body).toContain('9 importée(s)');
  });
});
