import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { publicBaseUrl } from '../../platform/config.js';
import { MAX_REPORTED, type CsvInput } from '../../platform/csv.js';
import { silentBus } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { DB } from '../../platform/schema.js';
import type { ServiceContext } from '../../platform/services.js';
import { normaliseEmail } from '../../platform/text.js';
import { peopleLinesFrom, type ImportLineError, type ImportRow } from './import-rules.js';
import { createImportLedger } from './import-repository.js';
import { createPeopleRepository, type PersonRow } from './repository.js';
import { newPersonRow } from './rules.js';
import type { ImportInvitationsReport, PeopleQuestions } from './ports.js';

/** People put on teams by an import join those rosters as members from `since` (the event `people.imported`). */
export interface PeopleImported {
  onTeams: { teamId: string; personId: string }[];
  since: string;
}

export interface ImportSummary {
  imported: number;
  /** Lines of people already known, and lines repeating an earlier line's email. */
  skipped: number;
  /** The first MAX_REPORTED of them, by line. */
  errors: ImportLineError[];
  /** Lines refused: each has at least one entry in `errors`, the first MAX_REPORTED entries being kept. */
  invalidLines: number;
  /** The first MAX_REPORTED lines repeating an earlier line's email. */
  duplicates: { line: number; email: string; firstLine: number }[];
  duplicateLines: number;
  ignoredColumns: string[];
  dryRun: boolean;
  /**
   * Only when the import was asked to invite its newcomers: the invitations mailed (on a dry run,
   * those that would be), and the people passed over.
   */
  invitations?: ImportInvitationsReport;
}

/** Lines looked up and written at a time: the memory an import holds, whatever the file's size. */
export const IMPORT_CHUNK = 2000;

/**
 * A people import inside its transaction (docs/import.md): the file's lines are read as they
 * arrive and handled a chunk at a time. Each chunk's emails are looked up, in the import's ledger
 * for a line that came before (a repeated line is skipped and reported with the first one's
 * number), then among the people already known (skipped); the others are written with their
 * audit entries, the event that puts them on their teams and, when asked, their invitations. On
 * a dry run nothing is written and the counts are those the import would give.
 */
export async function importPeople(
  ctx: ServiceContext,
  questions: PeopleQuestions,
  trx: Transaction<DB>,
  actor: Actor,
  input: CsvInput,
  options: { dryRun: boolean; invite: boolean; chunkSize: number },
): Promise<ImportSummary> {
  const { database, clock } = ctx;
  const now = clock.now();
  const today = clock.today();
  const repo = createPeopleRepository(trx);
  const ledger = createImportLedger(trx);
  const audit = createAuditRepository(trx, database.dialect);
  const teams = await questions.teamIdsBySlug(trx);
  const header = { ignoredColumns: [] as string[] };
  const summary: ImportSummary = {
    imported: 0,
    skipped: 0,
    errors: [],
    invalidLines: 0,
    duplicates: [],
    duplicateLines: 0,
    ignoredColumns: [],
    dryRun: options.dryRun,
  };
  const invitations = { sent: 0, alreadySignedUp: 0, withoutEmail: 0 };
  await ledger.open();

  let chunk: ImportRow[] = [];
  // Errors found while reading wait for their chunk, so that they stay in line order with the lookups' ones.
  let refused: ImportLineError[][] = [];
  const flush = async () => {
    const keys = chunk.map((r) => normaliseEmail(r.email));
    const before = await ledger.firstLines([...new Set(keys)]);
    const firsts = new Map<string, number>();
    const fresh: { row: ImportRow; key: string }[] = [];
    chunk.forEach((row, i) => {
      const key = keys[i]!;
      const first = before.get(key) ?? firsts.get(key);
      if (first === undefined) {
        firsts.set(key, row.line);
        fresh.push({ row, key });
        return;
      }
      summary.skipped++;
      summary.duplicateLines++;
      if (summary.duplicates.length < MAX_REPORTED) summary.duplicates.push({ line: row.line, email: row.email, firstLine: first });
    });
    await ledger.record([...firsts]);
    const known = await repo.existingEmails([...firsts.keys()]);
    const rows: PersonRow[] = [];
    const onTeams: PeopleImported['onTeams'] = [];
    for (const { row, key } of fresh) {
      if (known.has(key)) {
        summary.skipped++;
        continue;
      }
      const unknownTeam = row.teams.find((slug) => !teams.has(slug));
      if (unknownTeam) {
        refused.push([{ line: row.line, path: '/teams', code: 'unknown_team', message: `no team ${unknownTeam}` }]);
        continue;
      }
      const person = newPersonRow(newId(), row, now);
      rows.push(person);
      for (const slug of row.teams) onTeams.push({ teamId: teams.get(slug)!, personId: person.id });
    }
    refused.sort((a, b) => a[0]!.line - b[0]!.line);
    for (const lineErrors of refused) {
      summary.invalidLines++;
      for (const e of lineErrors) if (summary.errors.length < MAX_REPORTED) summary.errors.push(e);
    }
    summary.imported += rows.length;
    chunk = [];
    refused = [];
    if (rows.length === 0) return;
    const withoutEmail = rows.filter((row) => !row.email.trim()).length;
    if (options.dryRun) {
      invitations.sent += rows.length - withoutEmail;
      invitations.withoutEmail += withoutEmail;
      return;
    }
    await repo.insertMany(rows);
    await (ctx.events ?? silentBus).publish('people.imported', { onTeams, since: today }, { trx, now });
    await audit.appendMany(
      rows.map((row) => ({
        actorId: actor.personId,
        action: 'person.imported',
        subjectType: 'person',
        subjectId: row.id,
        after: { displayName: row.display_name, email: row.email },
        at: now,
      })),
    );
    // In the import's transaction: the people and their invitations commit together.
    if (options.invite) {
      const sent = await questions.invitations.inviteMany(
        trx,
        actor,
        rows.map((row) => row.id),
        publicBaseUrl(ctx.config),
      );
      invitations.sent += sent.sent;
      invitations.alreadySignedUp += sent.alreadySignedUp;
      invitations.withoutEmail += sent.withoutEmail;
    }
  };

  for await (const outcomes of peopleLinesFrom(input, header)) {
    for (const outcome of outcomes) {
      if (Array.isArray(outcome)) refused.push(outcome);
      else chunk.push(outcome);
      if (chunk.length >= options.chunkSize) await flush();
    }
  }
  await flush();
  await ledger.close();
  summary.ignoredColumns = header.ignoredColumns;
  if (options.invite) summary.invitations = invitations;
  return summary;
}
