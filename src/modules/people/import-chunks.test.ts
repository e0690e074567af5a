import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, postCsv, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { MAX_REPORTED } from '../../platform/csv.js';

/**
 * A people import reads its file as it arrives and writes it a chunk at a time in one transaction
 * (docs/import.md): what it reports and writes is that of the whole file read at once, a line
 * repeating an earlier chunk's email included; a dry run, or a file that turns out unreadable
 * halfway, leaves nothing, not even the import's own table of lines.
 */
const WITH_SMTP = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'TeDomum <bureau@tedomum.test>' };

const FILE = [
  'displayName,email,teams',
  'Élodie Dupont,elodie@example.org,technique',
  'Ann Smith,ann@example.org,',
  'Déjà Là,deja.la@example.org,',
  'Sans Adresse,,',
  'Karim Benali,karim@example.org,nulle-part',
  '"Bérénice',
  'Martin",berenice@example.org,communaute',
  'Élodie Encore,ELODIE@example.org,',
  'Zoé Petit,zoe@example.org,',
  'Ann Again,ann@example.org,',
  '',
].join('\n');

/** The file as the command line reads it: pieces of a few bytes, cut anywhere, a multi-byte letter and a quoted line break included. */
async function* pieces(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe(`a people import read and written a chunk at a time (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  const teamsOf = async (email: string) =>
    (
      await a.database.db
        .selectFrom('team_roles')
        .innerJoin('people', 'people.id', 'team_roles.person_id')
        .innerJoin('teams', 'teams.id', 'team_roles.team_id')
        .select('teams.slug')
        .where('people.email_normalized', '=', email)
        .execute()
    ).map((r) => r.slug);

  it('reports and writes as for the whole file: repeats of an earlier chunk with its line, errors in line order, teams and invitations of every chunk', async () => {
    a = await buildAssociation({ config: WITH_SMTP });
    await a.person({ email: 'deja.la@example.org', displayName: 'Déjà Là' });
    const whole = await a.services.people.importCsv(system, FILE, { dryRun: true, invite: true });
    const summary = await a.services.people.importCsv(system, pieces(FILE, 5), { invite: true, chunkSize: 2 });
    expect({ ...summary, dryRun: true }).toEqual(whole);
    expect(summary).toEqual({
      imported: 4,
      skipped: 3,
      errors: [
        expect.objectContaining({ line: 5, path: '/email', code: 'required' }),
        expect.objectContaining({ line: 6, path: '/teams', code: 'unknown_team' }),
      ],
      invalidLines: 2,
      duplicates: [
        { line: 9, email: 'ELODIE@example.org', firstLine: 2 },
        { line: 11, email: 'ann@example.org', firstLine: 3 },
      ],
      duplicateLines: 2,
      ignoredColumns: [],
      dryRun: false,
      invitations: { sent: 4, alreadySignedUp: 0, withoutEmail: 0 },
    });
    const names = await a.database.db
      .selectFrom('people')
      .select('display_name')
      .where('email_normalized', 'in', ['elodie@example.org', 'berenice@example.org'])
      .orderBy('display_name')
      .execute();
    expect(names.map((n) => n.display_name)).toEqual(['Bérénice\nMartin', 'Élodie Dupont']);
    expect(await teamsOf('elodie@example.org')).toEqual(['technique']);
    expect(await teamsOf('berenice@example.org')).toEqual(['communaute']);
    const invited = await a.database.db
      .selectFrom('mail_log')
      .select(sql<number>`count(*)`.as('n'))
      .where('kind', '=', 'invitation')
      .executeTakeFirstOrThrow();
    expect(Number(invited.n)).toBe(4);
    // Again: everyone is known now, and the import's table of lines went with the first one.
    expect(await a.services.people.importCsv(system, FILE, { chunkSize: 3 })).toMatchObject({ imported: 0, skipped: 7, invalidLines: 2 });
  });

  it('a dry run, or a quote never closed after a first chunk was written, leaves the database as it was', async () => {
    a = await buildAssociation();
    const before = await stateFingerprint(a);
    expect(await a.services.people.importCsv(system, FILE, { dryRun: true, chunkSize: 2 })).toMatchObject({ imported: 5, dryRun: true });
    expect(await stateFingerprint(a)).toEqual(before);
    const broken = `${FILE}Jamais Fermé,"jamais@example.org\n`;
    await expect(a.services.people.importCsv(system, pieces(broken, 7), { chunkSize: 2 })).rejects.toMatchObject({ code: 'invalid_csv' });
    expect(await stateFingerprint(a)).toEqual(before);
    const res = await postCsv(a, '/api/v1/people/import', broken);
    await expectProblem(res, 400, 'invalid_csv');
    expect(await stateFingerprint(a)).toEqual(before);
    expect(await a.services.people.importCsv(system, FILE)).toMatchObject({ imported: 5 });
  });

  it(`reports the first ${MAX_REPORTED} errors and repeats, and counts them all`, async () => {
    a = await buildAssociation();
    const lines = ['displayName,email'];
    for (let i = 0; i < MAX_REPORTED + 5; i++) lines.push(`Sans Adresse ${i},`, `Même ${i},meme@example.org`);
    const summary = await a.services.people.importCsv(system, lines.join('\n'), { chunkSize: 300 });
    expect(summary).toMatchObject({ imported: 1, invalidLines: MAX_REPORTED + 5, duplicateLines: MAX_REPORTED + 4 });
    expect(summary.errors).toHaveLength(MAX_REPORTED);
    expect(summary.duplicates).toHaveLength(MAX_REPORTED);
    expect(summary.duplicates.at(-1)).toEqual({ line: 2 * MAX_REPORTED + 3, email: 'meme@example.org', firstLine: 3 });
  });
});
