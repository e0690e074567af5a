import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAssociation, databaseFingerprint, dialectUnderTest, postCsv, system, testConfig, type TestAssociation } from '../../../test/harness.js';
import { AppError } from '../../platform/errors.js';
import { activitySettings } from '../../platform/config.js';
import { addDays } from '../../platform/time.js';
import { createContributionsRepository } from './repository.js';
import { assessEveryone } from './assessment.js';
import { createContributionsImport } from './import.js';
import { csvRecords, CsvSyntaxError } from '../../platform/csv.js';
import { contributionLines, contributionLinesFrom, derivedExternalId, parseContributionsCsv } from './import-rules.js';

const kinds = ['moderation', 'administration', 'development', 'communication', 'documentation', 'requests', 'donation', 'event', 'other'];
const today = '2026-11-28';
const parse = (text: string) => parseContributionsCsv(text, { kinds, today });

describe('parseContributionsCsv', () => {
  it('reads our format, numbering rows as lines of the file (header = line 1, blank lines counted)', () => {
    const parsed = parse(
      [
        'email,kind,occurredOn,summary,team,evidenceUrl,externalId',
        'Elodie@Example.org,moderation,2026-03-14,Modération du forum,,,',
        '',
        'jb@example.org,development,2026-03-15,"Correctif, enfin",technique,https://git.example.org/pr/12,pr-12',
        'zeynep@example.org,communication,2026-03-16,"Billet',
        'sur deux lignes",,,',
        'ada@example.org,event,2026-03-17,Stand,,,',
      ].join('\r\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.ignoredColumns).toEqual([]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 4, 5, 7]);
    expect(parsed.rows[0]).toMatchObject({
      email: 'elodie@example.org',
      kind: 'moderation',
      occurredOn: '2026-03-14',
      summary: 'Modération du forum',
      team: null,
    });
    expect(parsed.rows[0].externalId).toBe(derivedExternalId('elodie@example.org', 'moderation', '2026-03-14', 'Modération du forum'));
    expect(parsed.rows[1]).toMatchObject({ summary: 'Correctif, enfin', team: 'technique', evidenceUrl: 'https://git.example.org/pr/12', externalId: 'pr-12' });
    expect(parsed.rows[2].summary).toBe('Billet\r\nsur deux lignes');
  });

  it('reads a French export: `;`, BOM, accented headers in any case, dd/mm/yyyy dates and French kinds', () => {
    const parsed = parse(
      '\uFEFFCourriel;Nature;Date;Résumé;Équipe;Lien;Identifiant;Commentaire\n' +
        'elodie@example.org;Modération;14/03/2026;Forum;communaute;;;rien\n' +
        'jb@example.org;développement;1/4/2026;Correctif;Technique;https://example.org;x-1;\n' +
        'ada@example.org;don;02/01/2026;Don mensuel;;;;\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.ignoredColumns).toEqual(['Commentaire']);
    expect(parsed.rows.map((r) => [r.kind, r.occurredOn, r.team, r.externalId.startsWith('sha256:') ? 'derived' : r.externalId])).toEqual([
      ['moderation', '2026-03-14', 'communaute', 'derived'],
      ['development', '2026-04-01', 'Technique', 'x-1'],
      ['donation', '2026-01-02', null, 'derived'],
    ]);
  });

  it('names each bad line and what is wrong with it', () => {
    const parsed = parse(
      [
        'email,kind,occurredOn,summary,team,evidenceUrl',
        ',moderation,2026-03-14,Sans email,,',
        'a@example.org,sleeping,2026-03-14,Sieste,,',
        'a@example.org,moderation,31/02/2026,Date impossible,,',
        'a@example.org,moderation,2026-11-29,Demain,,',
        'a@example.org,moderation,March 3rd,Date illisible,,',
        'a@example.org,moderation,2026-03-14,   ,,',
        'a@example.org,moderation,2026-03-14,Lien,,not a link',
        'a@example.org,moderation,2026-03-14,Bonne ligne,,',
      ].join('\n'),
    );
    expect(parsed.errors.map((e) => [e.line, e.path, e.code])).toEqual([
      [2, '/email', 'required'],
      [3, '/kind', 'unknown_kind'],
      [4, '/occurredOn', 'invalid_date'],
      [5, '/occurredOn', 'in_future'],
      [6, '/occurredOn', 'invalid_date'],
      [7, '/summary', 'required'],
      [8, '/evidenceUrl', 'invalid_url'],
    ]);
    expect(parsed.rows.map((r) => r.line)).toEqual([9]);
  });

  it('refuses a header without the required columns, and an empty file', () => {
    expect(parse('courriel,date\na@example.org,2026-01-01\n').errors).toEqual([
      expect.objectContaining({ line: 1, path: '/header', code: 'missing_columns', message: expect.stringContaining('kind, summary') }),
    ]);
    expect(parse('').errors).toEqual([expect.objectContaining({ line: 1, code: 'missing_columns' })]);
  });

  it('derives the same id from the same contribution however it is written, and another from another', () => {
    const a = parse('email,kind,occurredOn,summary\nElodie@Example.org , Moderation ,14/03/2026, Forum \n').rows[0];
    const b = parse('courriel;type;date;résumé\nelodie@example.org;moderation;2026-03-14;Forum\n').rows[0];
    const c = parse('email,kind,occurredOn,summary\nelodie@example.org,moderation,2026-03-14,Forum bis\n').rows[0];
    expect(a.externalId).toBe(b.externalId);
    expect(c.externalId).not.toBe(a.externalId);
  });

  it('says where a quote is opened and never closed', () => {
    expect(() => parse('email,kind,occurredOn,summary\na@example.org,event,2026-01-01,ok\nb@example.org,event,2026-01-01,"never closed\n')).toThrow(
      new CsvSyntaxError(3, 'a quote (") opens a cell here and is never closed', true),
    );
  });

  it('reads a file as it arrives exactly as it reads it whole, wherever its pieces and windows are cut', async () => {
    const lineText = fc.oneof(
      fc.constantFrom(
        'a@example.org,event,2026-01-01,Stand',
        'a@example.org,don,01/02/2026,"Don, mensuel"',
        'b@example.org,event,2026-01-01,"Sur deux',
        'lignes"",fin",,',
        'c@example.org,sleeping,2030-01-01,',
        '',
        '"',
        'd@example.org,other,2026-01-02,Été à l’atelier ✓',
      ),
      fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\r', ' '), maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('email,kind,occurredOn,summary', '\uFEFFcourriel;nature;date;résumé', 'email,kind', ''),
        fc.array(lineText, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (header, lines, lineEnd, cuts, window, asBytes) => {
          const text = [header, ...lines].join(lineEnd).replace(/,/g, header.includes(';') ? ';' : ',');
          const whole = (() => {
            try {
              return [...contributionLines(text, { kinds, today })];
            } catch (e) {
              return e;
            }
          })();
          // The text handed over in pieces of the given sizes, as UTF-8 bytes (cut inside a character) or as text.
          const bytes = Buffer.from(text, 'utf8');
          async function* pieces() {
            const length = asBytes ? bytes.length : text.length;
            for (let at = 0, k = 0; at < length; at += cuts[k++ % cuts.length])
              yield asBytes ? bytes.subarray(at, at + cuts[k % cuts.length]) : text.slice(at, at + cuts[k % cuts.length]);
          }
          let streamed: unknown;
          try {
            const items = [];
            for await (const batch of contributionLinesFrom(pieces(), { kinds, today }, undefined, window)) items.push(...batch);
            streamed = items;
          } catch (e) {
            streamed = e;
          }
          expect(streamed).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads back any table written as RFC 4180 CSV, each record numbered by the line it starts on', () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r\n', 'x'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.array(cellText, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (delimiter, lineEnd, table) => {
          // Rows of empty cells would be blank lines, which the import passes over: keep one letter.
          const rows = table.map((cells) => ['r', ...cells]);
          const quote = (cell: string) => (/[",;\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell);
          const written = rows.map((cells) => cells.map(quote).join(delimiter));
          const text = written.join(lineEnd);
          const read = [...csvRecords(text, delimiter)];
          expect(read.map((r) => r.cells)).toEqual(rows);
          let line = 1;
          const starts = written.map((w) => {
            const start = line;
            line += (w.match(/\n/g) ?? []).length + 1;
            return start;
          });
          expect(read.map((r) => r.line)).toEqual(starts);
        },
      ),
    );
  });
});

describe(`importing contributions (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(`${today}T12:00:00.000Z`);
  });
  afterEach(async () => {
    await a?.close();
  });

  const post = (csv: string, query = '', headers = a.admin.headers) => postCsv(a, `/api/v1/contributions/import${query}`, csv, headers);
  const stored = () => a.database.db.selectFrom('contributions').selectAll().orderBy('occurred_on').execute();
  const standings = () => a.database.db.selectFrom('activity_standings').selectAll().orderBy('person_id').execute();
  const audited = async () => (await a.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);

  async function twoPeople() {
    const elodie = await a.person({ displayName: 'Élodie Dupont', email: 'elodie@example.org' });
    const jb = await a.person({ displayName: 'Jean-Baptiste Martin', email: 'jb@example.org' });
    return { elodie, jb };
  }
  const goodFile = [
    'email,kind,occurredOn,summary,team,evidenceUrl,externalId',
    'Elodie@example.org,moderation,2026-03-14,Modération du forum,communaute,,',
    'jb@example.org,development,15/03/2026,Correctif,technique,https://git.example.org/pr/12,pr-12',
    'jb@example.org,requests,2026-03-16,Réponse aux demandes,,,',
  ].join('\n');

  it('imports confirmed contributions once: the same file again imports nothing and skips every line', async () => {
    const { elodie, jb } = await twoPeople();
    const first = await post(goodFile);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ imported: 3, skipped: 0, invalidLines: 0, errors: [], ignoredColumns: [], dryRun: false });
    const rows = await stored();
    expect(rows.map((r) => [r.person_id, r.kind, r.occurred_on, r.status, r.source, r.recorded_by])).toEqual([
      [elodie.id, 'moderation', '2026-03-14', 'confirmed', 'import', a.admin.id],
      [jb.id, 'development', '2026-03-15', 'confirmed', 'import', a.admin.id],
      [jb.id, 'requests', '2026-03-16', 'confirmed', 'import', a.admin.id],
    ]);
    expect(rows[1]).toMatchObject({ external_id: 'pr-12', evidence_url: 'https://git.example.org/pr/12' });
    expect(rows[0].team_id).not.toBeNull();

    const before = await databaseFingerprint(a.database);
    const second = await post(goodFile);
    expect(second.json()).toMatchObject({ imported: 0, skipped: 3, invalidLines: 0 });
    expect(await stored()).toHaveLength(3);
    expect(await databaseFingerprint(a.database)).toBe(before);
    // One audit entry for the whole import, none for the one that changed nothing.
    expect((await audited()).filter((x) => x === 'contributions.imported')).toHaveLength(1);

    const activity = await a.app.inject({ method: 'GET', url: `/api/v1/people/${jb.id}/activity`, headers: a.admin.headers });
    expect(activity.json()).toMatchObject({ active: true, lastContributionOn: '2026-03-16' });
  });

  it("leaves the importer's own lines waiting for review: nobody confirms their own", async () => {
    const { elodie } = await twoPeople();
    const csv = [
      'email,kind,occurredOn,summary',
      `${a.admin.email},administration,2026-03-10,Mise à jour des serveurs`,
      `${elodie.email},moderation,2026-03-11,Modération`,
    ].join('\n');
    expect((await post(csv)).json()).toMatchObject({ imported: 2 });
    const rows = await stored();
    expect(rows.map((r) => [r.person_id, r.status, r.reviewed_by])).toEqual([
      [a.admin.id, 'declared', null],
      [elodie.id, 'confirmed', a.admin.id],
    ]);
  });

  it('a file with a bad line names the line and writes nothing', async () => {
    await twoPeople();
    // The token's first use is recorded; what follows must change nothing.
    await a.app.inject({ method: 'GET', url: '/api/v1/contributions', headers: a.admin.headers });
    const before = await databaseFingerprint(a.database);
    const res = await post(
      `${goodFile}\nnobody@example.org,moderation,2026-03-14,Inconnue,,,\njb@example.org,moderation,2026-03-14,Équipe inconnue,cuisine,,\njb@example.org,moderation,2030-01-01,Futur,,,`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'import_invalid', status: 422, imported: 0, skipped: 0, invalidLines: 3 });
    expect(res.json().errors).toEqual([
      { line: 5, path: '/email', code: 'unknown_email', message: expect.stringContaining('nobody@example.org') },
      { line: 6, path: '/team', code: 'unknown_team', message: expect.stringContaining('cuisine') },
      { line: 7, path: '/occurredOn', code: 'in_future', message: expect.any(String) },
    ]);
    expect(await stored()).toEqual([]);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('with skipInvalid imports the good lines and still reports the bad ones', async () => {
    await twoPeople();
    const res = await post(`${goodFile}\njb@example.org,sleeping,2026-03-14,Sieste,,,`, '?skipInvalid=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, skipped: 0, invalidLines: 1, errors: [{ line: 5, path: '/kind', code: 'unknown_kind' }] });
    expect(await stored()).toHaveLength(3);
  });

  it('a dry run reports what the import would do and writes nothing', async () => {
    await twoPeople();
    await post(goodFile.split('\n').slice(0, 2).join('\n'));
    const before = await databaseFingerprint(a.database);
    const storedBefore = await stored();
    const res = await post(`${goodFile}\n${goodFile.split('\n')[3]}`, '?dryRun=true');
    expect(res.statusCode).toBe(200);
    // Line 2 was imported before, line 5 repeats line 4: skipped; lines 3 and 4 would be imported.
    expect(res.json()).toMatchObject({ imported: 2, skipped: 2, invalidLines: 0, dryRun: true });
    expect(await stored()).toEqual(storedBefore);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('is all or nothing: a failure in a later chunk leaves no contribution behind', async () => {
    await twoPeople();
    // A first full assessment records the policy the standings follow; from then on every write keeps them.
    await assessEveryone(a.database.db, activitySettings(testConfig()).policy, a.clock.today());
    let calls = 0;
    const failing = createContributionsImport(
      { database: a.database, clock: a.clock, config: testConfig() },
      {
        chunkSize: 1,
        repository: (db) => {
          const real = createContributionsRepository(db);
          return {
            existingExternalIds: real.existingExternalIds,
            async insertMany(rows) {
              await real.insertMany(rows);
              if (++calls === 3) throw new Error('disk full');
            },
          };
        },
      },
    );
    await expect(failing.importCsv(system, goodFile)).rejects.toThrow('disk full');
    expect(calls).toBe(3);
    expect(await stored()).toEqual([]);
    expect(await standings()).toEqual([]);
    expect(await audited()).not.toContain('contributions.imported');
    // The same file imports whole afterwards, and the importees' standings with it.
    expect((await a.services.contributionsImport.importCsv(system, goodFile)).imported).toBe(3);
    const importees = [...new Set((await stored()).filter((r) => r.status === 'confirmed').map((r) => r.person_id))].sort();
    expect((await standings()).map((r) => r.person_id)).toEqual(importees);
    expect(importees.length).toBeGreaterThan(0);
  });

  it('leaves everything as it was when a row breaks a database constraint mid-import', async () => {
    const { jb } = await twoPeople();
    // Someone else's import got `pr-12` in between our check and our write: the unique index refuses it.
    const clashing = createContributionsImport(
      { database: a.database, clock: a.clock, config: testConfig() },
      {
        chunkSize: 1,
        repository: (db) => {
          const real = createContributionsRepository(db);
          return { insertMany: real.insertMany, existingExternalIds: async () => new Set<string>() };
        },
      },
    );
    await a.services.contributionsImport.importCsv(system, 'email,kind,occurredOn,summary,externalId\njb@example.org,event,2026-01-01,Avant,pr-12\n');
    const before = await stored();
    await expect(clashing.importCsv(system, goodFile)).rejects.toThrow();
    expect(await stored()).toEqual(before);
    expect(before).toMatchObject([{ person_id: jb.id, external_id: 'pr-12' }]);
  });

  it('records the command line as the importer with no person, and answers 400 to text that is not CSV', async () => {
    await twoPeople();
    const summary = await a.services.contributionsImport.importCsv(system, goodFile);
    expect(summary.imported).toBe(3);
    expect((await stored()).map((r) => r.recorded_by)).toEqual([null, null, null]);
    const broken = await post('email,kind,occurredOn,summary\njb@example.org,event,2026-01-01,"oops\n');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'invalid_csv', detail: expect.stringContaining('line 2') });
  });

  it('is for the bureau and administrators only', async () => {
    await twoPeople();
    const lead = await a.actingAs('lead');
    expect((await post(goodFile, '', lead.headers)).statusCode).toBe(403);
    const bureau = await a.actingAs('bureau');
    const res = await post(goodFile, '', bureau.headers);
    expect(res.statusCode).toBe(200);
    expect((await stored()).map((r) => r.recorded_by)).toEqual([bureau.id, bureau.id, bureau.id]);
    const asLead = { ...system, isAdmin: false, personId: lead.id };
    await expect(a.services.contributionsImport.importCsv(asLead, goodFile)).rejects.toBeInstanceOf(AppError);
  });

  it('finds thousands of people by email, and still names the one nobody has', async () => {
    const people = Array.from({ length: 2100 }, (_, i) => `p${i}@example.org`);
    await a.services.people.importCsv(system, `displayName,email\n${people.map((e, i) => `Personne ${i},${e}`).join('\n')}`);
    const csv = `email,kind,occurredOn,summary\n${[...people, 'ghost@example.org'].map((e) => `${e.toUpperCase()},event,2026-05-01,Assemblée`).join('\n')}`;
    const refused = await a.services.contributionsImport.importCsv(system, csv);
    expect(refused).toMatchObject({ imported: 0, invalidLines: 1, errors: [{ line: 2102, path: '/email', code: 'unknown_email' }] });
    expect(await a.services.contributionsImport.importCsv(system, csv, { skipInvalid: true })).toMatchObject({ imported: 2100, invalidLines: 1 });
    const p7 = await a.database.db.selectFrom('people').select('id').where('email', '=', 'p7@example.org').executeTakeFirstOrThrow();
    expect(await a.database.db.selectFrom('contributions').select('summary').where('person_id', '=', p7.id).execute()).toEqual([{ summary: 'Assemblée' }]);
  });

  it('stores each cell exactly as written: tabs, line breaks, backslashes, quotes, accents, and empty cells as nothing', async () => {
    const { elodie, jb } = await twoPeople();
    const summaries = [
      'Colonnes\tséparées\tpar des tabulations',
      'Compte rendu\nsur deux lignes\r\net un retour chariot',
      'C:\\Users\\élodie\\notes \\N \\t \\\\ fin\\',
      'Il a dit « bonjour » et "au revoir", l’été dernier — ça va ?',
    ];
    const csv = `email\tkind\toccurredOn\tsummary\tteam\tevidenceUrl\n${summaries
      .map((s, i) => `${i % 2 ? 'jb' : 'elodie'}@example.org\tother\t2026-03-1${i}\t"${s.replace(/"/g, '""')}"\t\t`)
      .join('\n')}\n`;
    const summary = await a.services.contributionsImport.importCsv(system, csv);
    expect(summary).toMatchObject({ imported: 4, invalidLines: 0 });
    const rows = await stored();
    expect(rows.map((r) => [r.person_id, r.summary, r.team_id, r.evidence_url, r.amount_cents, r.reviewed_by])).toEqual(
      summaries.map((s, i) => [i % 2 ? jb.id : elodie.id, s.trim(), null, null, null, null]),
    );
  });

  it('imports nothing when the last line is bad, though earlier chunks were already written', async () => {
    await twoPeople();
    const before = await databaseFingerprint(a.database);
    const chunked = createContributionsImport({ database: a.database, clock: a.clock, config: testConfig() }, { chunkSize: 2 });
    const lines = ['email,kind,occurredOn,summary'];
    for (let i = 0; i < 7; i++) lines.push(`jb@example.org,other,2026-03-0${i + 1},Tâche ${i}`);
    lines.push('ghost@example.org,other,2026-03-09,Personne');
    const summary = await chunked.importCsv(system, lines.join('\n'));
    expect(summary).toMatchObject({ imported: 0, invalidLines: 1, errors: [{ line: 9, path: '/email', code: 'unknown_email' }] });
    expect(await stored()).toEqual([]);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('counts a big file in chunks like a small one', async () => {
    await twoPeople();
    const lines = ['email,kind,occurredOn,summary'];
    for (let i = 0; i < 2500; i++) lines.push(`${i % 2 ? 'jb' : 'elodie'}@example.org,other,${addDays(today, -(i % 700))},Tâche ${i}`);
    const chunked = createContributionsImport({ database: a.database, clock: a.clock, config: testConfig() }, { chunkSize: 1000 });
    const text = `${lines.join('\n')}\n${lines.slice(1, 1201).join('\n')}`;
    expect(await chunked.importCsv(system, text)).toMatchObject({ imported: 2500, skipped: 1200, invalidLines: 0 });
    expect((await chunked.importCsv(system, text)).skipped).toBe(3700);
  });
});
