import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSyntaxError, detectDelimiter } from '../../platform/csv.js';
import { parsePeopleCsv } from './import-rules.js';
import { AppError } from '../../platform/errors.js';
import { buildAssociation, dialectUnderTest, postCsv, system, type TestAssociation } from '../../../test/harness.js';

/** A copy of <repo>/../shared/samples/paheko-members-export.csv, so the tests do not depend on shared/. */
const fixture = new URL('../../../test/fixtures/paheko-members-export.csv', import.meta.url);
const sharedSample = new URL('../../../../shared/samples/paheko-members-export.csv', import.meta.url);
const paheko = readFileSync(fixture, 'utf8');

describe('parsePeopleCsv on our format', () => {
  it('reads every column, numbering rows as lines of the file (header = line 1)', () => {
    const parsed = parsePeopleCsv(
      [
        'displayName,email,locale,matrixId,xmppJid,teams',
        'Élodie Dupont,elodie@example.org,fr,@elodie:matrix.org,elodie@jabber.fr,technique',
        'Jean-Baptiste Martin,jb@example.org,en,,,"technique|communaute"',
        '',
        'Zeynep Çelik,zeynep@example.org,,,,',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.duplicates).toEqual([]);
    expect(parsed.ignoredColumns).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        displayName: 'Élodie Dupont',
        email: 'elodie@example.org',
        locale: 'fr',
        pseudonym: null,
        matrixId: '@elodie:matrix.org',
        xmppJid: 'elodie@jabber.fr',
        teams: ['technique'],
      },
      {
        line: 3,
        displayName: 'Jean-Baptiste Martin',
        email: 'jb@example.org',
        locale: 'en',
        pseudonym: null,
        matrixId: null,
        xmppJid: null,
        teams: ['technique', 'communaute'],
      },
      { line: 5, displayName: 'Zeynep Çelik', email: 'zeynep@example.org', locale: undefined, pseudonym: null, matrixId: null, xmppJid: null, teams: [] },
    ]);
  });

  it('keeps a quoted quote and a quoted comma inside a field', () => {
    const parsed = parsePeopleCsv('displayName,email\n"Chloé ""Clo"" Thomas, Nantes",chloe@example.org\n');
    expect(parsed.rows.map((r) => r.displayName)).toEqual(['Chloé "Clo" Thomas, Nantes']);
  });

  it('keeps a quote inside an unquoted field as written, as the contributions import does', () => {
    const parsed = parsePeopleCsv('displayName,email\nJeanne d"Arc,jeanne@example.org\n"Paul" Dupont,paul@example.org\n');
    expect(parsed.rows.map((r) => r.displayName)).toEqual(['Jeanne d"Arc', 'Paul Dupont']);
  });

  it('ignores a byte-order mark and Windows line endings', () => {
    const parsed = parsePeopleCsv('\uFEFFdisplayName,email\r\nÉlodie Dupont,elodie@example.org\r\nJürgen Müller,juergen@example.org\r\n');
    expect(parsed.rows.map((r) => [r.line, r.displayName, r.email])).toEqual([
      [2, 'Élodie Dupont', 'elodie@example.org'],
      [3, 'Jürgen Müller', 'juergen@example.org'],
    ]);
  });

  it('understands the language written out in words', () => {
    const parsed = parsePeopleCsv('displayName,email,langue\nA,a@example.org,Français\nB,b@example.org,English\nC,c@example.org,EN-GB\n');
    expect(parsed.rows.map((r) => r.locale)).toEqual(['fr', 'en', 'en']);
  });

  it('reports a language it does not know as an error on its line', () => {
    const parsed = parsePeopleCsv('displayName,email,locale\nA,a@example.org,de\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toMatchObject([{ line: 2, path: '/locale', code: 'invalid_locale' }]);
  });

  it('refuses a header without an email or a name column, on line 1', () => {
    for (const header of ['displayName,phone', 'email,phone', 'a,b']) {
      const parsed = parsePeopleCsv(`${header}\nx,y\n`);
      expect(parsed.rows).toEqual([]);
      expect(parsed.errors).toMatchObject([{ line: 1, path: '/header', code: 'missing_columns' }]);
    }
  });

  it('lists the columns it does not use', () => {
    expect(parsePeopleCsv('displayName,email,phone,Ville\nA,a@example.org,06,Lyon\n').ignoredColumns).toEqual(['phone', 'Ville']);
  });

  it('reads an empty file as nothing to import', () => {
    for (const text of ['', '\n\n', '\uFEFF']) expect(parsePeopleCsv(text)).toEqual({ rows: [], errors: [], duplicates: [], ignoredColumns: [] });
  });

  it('numbers a record by the line it starts on, even when a quoted field spans lines', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        'displayName,email',
        '"Chloé',
        'Thomas",chloe@example.org',
        'Bob,bob@example',
        '"Ada',
        '',
        'Lovelace",ada@example.org',
        'Bob,BOB@example',
      ].join(eol);
      const parsed = parsePeopleCsv(text);
      expect(parsed.rows.map((r) => r.line)).toEqual([2, 5]);
      expect(parsed.errors.map((e) => e.line)).toEqual([4, 8]);
    }
  });

  it('property: every row carries the line of the file where its record starts', () => {
    const name = fc.stringMatching(/^[A-Za-zé"' ]{1,8}(\r?\n[A-Za-zé"' ]{1,8})?$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ name, blankLinesBefore: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        (records, eol) => {
          let text = `displayName,email${eol}`;
          let line = 2;
          const expected: number[] = [];
          records.forEach((r, i) => {
            text += eol.repeat(r.blankLinesBefore);
            line += r.blankLinesBefore;
            expected.push(line);
            const field = `"${r.name.replace(/\r?\n/g, eol).replace(/"/g, '""')}"`;
            text += `${field},person${i}@example.org${eol}`;
            line += 1 + (r.name.match(/\n/g)?.length ?? 0);
          });
          const parsed = parsePeopleCsv(text);
          expect(parsed.errors.map((e) => e.line)).toEqual(records.flatMap((r, i) => (r.name.trim() === '' ? [expected[i]] : [])));
          expect(parsed.rows.map((r) => r.line)).toEqual(expected.filter((_l, i) => records[i].name.trim() !== ''));
        },
      ),
    );
  });
});

describe('parsePeopleCsv on a Paheko member export', () => {
  const parsed = parsePeopleCsv(paheko);

  it.skipIf(!existsSync(sharedSample))('is the same file as the sample in shared/ beside the repository', () => {
    expect(paheko).toBe(readFileSync(sharedSample, 'utf8'));
  });

  it('imports the good lines, names as "Firstname Lastname", with the line numbers of the file', () => {
    expect(parsed.rows.map((r) => [r.line, r.displayName, r.email])).toEqual([
      [2, 'Élodie Dupont', 'elodie.dupont@example.org'],
      [3, 'Jean-Baptiste Martin', 'jb.martin@example.org'],
      [4, "Aïssatou N'Diaye", 'aissatou.ndiaye@example.org'],
      [5, 'François Lefèvre', 'francois.lefevre@example.org'],
      [6, 'Zeynep Çelik', 'zeynep.celik@example.org'],
      [7, "Siobhán O'Brien", 'siobhan.obrien@example.org'],
      [9, 'Chloé Thomas', 'chloe.thomas@example.org'],
      [10, 'Minh Trần', 'minh.tran@example.org'],
      [13, 'Jürgen Müller', 'juergen.mueller@example.org'],
    ]);
  });

  it('reports the member with no email (line 8) and the invalid email (line 12) as errors on their lines', () => {
    expect(parsed.errors).toMatchObject([
      { line: 8, path: '/email', code: 'required' },
      { line: 12, path: '/email', code: 'invalid_email' },
    ]);
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors[1].message).toContain('lea.roux@example');
  });

  it('reports the email that differs only by case (line 11) as a duplicate of line 2', () => {
    expect(parsed.duplicates).toEqual([{ line: 11, email: 'ELODIE.DUPONT@example.org', firstLine: 2 }]);
  });

  it('reads the line with a quoted quote (line 9) without shifting its columns', () => {
    expect(paheko.split('\n')[8]).toContain('""Les Tilleuls""');
    expect(parsed.rows.find((r) => r.line === 9)).toMatchObject({ displayName: 'Chloé Thomas', email: 'chloe.thomas@example.org' });
  });

  it('imports the former member (line 7) like the others, and lists the columns it leaves out', () => {
    expect(parsed.rows.find((r) => r.line === 7)?.displayName).toBe("Siobhán O'Brien");
    expect(parsed.ignoredColumns).toEqual(
      expect.arrayContaining(['id', 'Numéro de membre', 'Adresse postale', 'Code postal', 'Ville', "Date d'inscription", 'Catégorie']),
    );
    expect(parsed.ignoredColumns).not.toContain('Nom & prénom');
    expect(parsed.ignoredColumns).not.toContain('Adresse E-Mail');
  });

  it('gives the same result when the export is separated by semicolons', () => {
    const semicolons = paheko.replace(/","/g, '";"');
    expect(detectDelimiter(semicolons)).toBe(';');
    expect(parsePeopleCsv(semicolons)).toEqual(parsed);
  });

  it('gives the same result with Windows line endings', () => {
    expect(parsePeopleCsv(paheko.replace(/\n/g, '\r\n'))).toEqual(parsed);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['displayName,email', ','],
    ['Nom;Prénom;Courriel', ';'],
    ['nom_adh\tprenom_adh\temail_adh', '\t'],
    ['"Nom, prénom";"Courriel"', ';'],
    ['"a;b;c",d', ','],
    ['\uFEFFNom;Prénom;Courriel\nDupont, fils;Jean;j@example.org', ';'],
    ['email', ','],
    ['', ','],
  ])('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('parsePeopleCsv on a Galette-like export', () => {
  it.each([
    ['nom_adh;prenom_adh;email_adh;pseudo_adh;pref_lang', 'Dupont;Élodie;elodie@example.org;élo;fr_FR'],
    ['Nom;Prénom;Courriel;Pseudo;Langue', 'Dupont;Élodie;elodie@example.org;élo;français'],
    ['NOM;PRENOM;E-MAIL;PSEUDO;LANGUE', 'Dupont;Élodie;elodie@example.org;élo;FR'],
  ])('maps %s', (header, line) => {
    const parsed = parsePeopleCsv(`${header}\n${line}\nMartin;;martin@example.org;;\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ignoredColumns).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.displayName, r.email, r.pseudonym, r.locale])).toEqual([
      [2, 'Élodie Dupont', 'elodie@example.org', 'élo', 'fr'],
      [3, 'Martin', 'martin@example.org', null, undefined],
    ]);
  });
});

// Printable characters, the separators and quotes a CSV is made of, and both kinds of line end.
const csvish = fc
  .array(fc.oneof(fc.constantFrom(',', ';', '"', '\n', '\r\n', '\t', ' ', '@', '.'), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 60 })
  .map((parts) => parts.join(''));
const headers = fc.constantFrom('', 'displayName,email\n', 'Nom;Prénom;Courriel\n', '"Nom & prénom","Adresse E-Mail"\n');

describe('parsePeopleCsv on any text', () => {
  it('property: returns a result, or throws only a CSV syntax error', () => {
    fc.assert(
      fc.property(headers, csvish, (header, body) => {
        try {
          const parsed = parsePeopleCsv(header + body);
          for (const r of [...parsed.rows, ...parsed.errors, ...parsed.duplicates]) expect(r.line).toBeGreaterThanOrEqual(1);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe(`importing unreadable CSV (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
  });
  afterAll(async () => {
    await a.close();
  });

  it('answers 400 invalid_csv for a quote that never closes', async () => {
    const res = await postCsv(a, '/api/v1/people/import', 'displayName,email\n"Élodie Dupont,elodie@example.org\n');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'invalid_csv' });
  });

  it('stores names and pseudonyms exactly as written: backslashes, tabs, quotes, accents', async () => {
    const people = [
      { displayName: 'Zoé \\N Backslash\\', email: 'zoe.bs@example.org', pseudonym: 'zo\\t\\\\é' },
      { displayName: 'Tab\tulé « Guillemets » "doubles"', email: 'tab@example.org', pseudonym: '' },
    ];
    const csv = `displayName,email,pseudonym\n${people.map((p) => [p.displayName, p.email, p.pseudonym].map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')}\n`;
    expect(await a.services.people.importCsv(system, csv)).toMatchObject({ imported: 2, errors: [] });
    const stored = await a.database.db
      .selectFrom('people')
      .select(['display_name', 'pseudonym', 'email'])
      .where(
        'email',
        'in',
        people.map((p) => p.email),
      )
      .orderBy('email', 'desc')
      .execute();
    expect(stored).toEqual(people.map((p) => ({ display_name: p.displayName, pseudonym: p.pseudonym || null, email: p.email })));
  });

  it('property: the service imports, or refuses with invalid_csv, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(headers, csvish, async (header, body) => {
        try {
          const summary = await a.services.people.importCsv(system, header + body, { dryRun: true });
          expect(summary.dryRun).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('invalid_csv');
        }
      }),
      { numRuns: 100 },
    );
  });
});
