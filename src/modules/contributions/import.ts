import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { importInTransaction, MAX_REPORTED } from '../../platform/csv.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';
import { activitySettings } from '../../platform/config.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createContributionsRepository, type ContributionRow } from './repository.js';
import { createImportLookups } from './import-repository.js';
import {
  contributionLines,
  contributionLinesFrom,
  IMPORT_SOURCE,
  teamResolver,
  type ContributionImportRow,
  type ContributionsHeader,
  type ImportLineError,
} from './import-rules.js';
import { contributionsPolicies } from './policy.js';

export interface ContributionsImportOptions {
  /** Report what would happen; write nothing. */
  dryRun?: boolean;
  /** Import the valid lines even when others are invalid (otherwise one invalid line stops everything). */
  skipInvalid?: boolean;
}

export interface ContributionsImportSummary {
  /** Contributions written (or that would be, on a dry run). */
  imported: number;
  /** Valid lines already imported before, or repeating an earlier line of the same file. */
  skipped: number;
  /** Lines refused: each has at least one entry in `errors`. */
  invalidLines: number;
  /** The first MAX_REPORTED errors, by line (header = line 1). */
  errors: ImportLineError[];
  ignoredColumns: string[];
  dryRun: boolean;
}

/** The CSV: its whole text, or its pieces as they are read (text, or UTF-8 bytes). */
export type ImportInput = string | AsyncIterable<string | Buffer>;

/** Lines looked up and written at a time: the memory an import holds, whatever the file's size. */
const CHUNK = 20_000;

/** Past this many new emails in a chunk, reading every person's email is cheaper than looking them up. */
const EMAILS_WORTH_READING_EVERYONE = 2000;

export interface ContributionsImportDeps {
  /** Tests replace it to fail mid-import; the default is the contributions repository. */
  repository?: (db: Kysely<DB>) => Pick<ReturnType<typeof createContributionsRepository>, 'insertMany' | 'existingExternalIds'>;
  chunkSize?: number;
}

/**
 * The contributions import (docs/import.md): `equipage import contributions FILE` and
 * `POST /api/v1/contributions/import`. Idempotent by (source `import`, external id); one invalid
 * line writes nothing unless `skipInvalid`; everything is written in one transaction, with one
 * audit entry for the whole import rather than one per line, so a million lines stay fast.
 *
 * The file is read and written a chunk at a time inside that transaction. A dry run, or a file
 * with an invalid line, runs exactly as a real import and rolls back at the end: its counts are
 * those of the real thing, and nothing stays.
 */
export function createContributionsImport(ctx: ServiceContext, deps: ContributionsImportDeps = {}) {
  const { database, clock, config } = ctx;
  const { kinds } = activitySettings(config);
  const repository = deps.repository ?? createContributionsRepository;
  const chunkSize = deps.chunkSize ?? CHUNK;

  async function run(
    trx: Kysely<DB>,
    discard: (summary: ContributionsImportSummary) => never,
    actor: Actor,
    input: ImportInput,
    options: ContributionsImportOptions,
  ): Promise<ContributionsImportSummary> {
    const now = clock.now();
    const repo = repository(trx);
    const lookups = createImportLookups(trx);
    const teamOf = teamResolver(await createTeamsRepository(trx).list());
    // Email → person id, or null for nobody; everyone at once when a chunk names many.
    const personOf = new Map<string, string | null>();
    let everyoneRead = false;
    const header: ContributionsHeader = { ignoredColumns: [] };
    const errors: ImportLineError[] = [];
    let invalidLines = 0;
    let imported = 0;
    let skipped = 0;
    const report = (lineErrors: ImportLineError[]) => {
      invalidLines++;
      for (const e of lineErrors) if (errors.length < MAX_REPORTED) errors.push(e);
    };

    // Parse errors of the chunk wait here, so that errors stay in line order with the lookup ones.
    let pending: ImportLineError[][] = [];
    let chunk: ContributionImportRow[] = [];
    const flush = async () => {
      const unknownEmails = everyoneRead ? [] : [...new Set(chunk.map((r) => r.email).filter((e) => !personOf.has(e)))];
      if (unknownEmails.length > EMAILS_WORTH_READING_EVERYONE) {
        for (const [email, id] of await lookups.everyPersonIdByEmail()) personOf.set(email, id);
        everyoneRead = true;
      } else if (unknownEmails.length > 0) {
        const found = await lookups.personIdsByEmail(unknownEmails);
        for (const email of unknownEmails) personOf.set(email, found.get(email) ?? null);
      }
      // Already imported, in an earlier import or an earlier chunk of this one (same transaction).
      const existing = await repo.existingExternalIds(
        IMPORT_SOURCE,
        chunk.map((r) => r.externalId),
      );
      const rows: ContributionRow[] = [];
      for (const row of chunk) {
        const personId = personOf.get(row.email) ?? null;
        const teamId = row.team === null ? null : teamOf(row.team);
        if (!personId || teamId === undefined) {
          const lineErrors: ImportLineError[] = [];
          if (!personId) lineErrors.push({ line: row.line, path: '/email', code: 'unknown_email', message: `nobody has the email ${row.email}` });
          if (teamId === undefined) lineErrors.push({ line: row.line, path: '/team', code: 'unknown_team', message: `no team ${row.team}` });
          pending.push(lineErrors);
          continue;
        }
        if (existing.has(row.externalId)) {
          skipped++;
          continue;
        }
        // The same line twice in one chunk: the first one counts.
        existing.add(row.externalId);
        // Nobody confirms their own: the importer's own lines wait for review like any declaration.
        const own = personId === actor.personId;
        rows.push({
          id: newId(),
          person_id: personId,
          team_id: teamId,
          kind: row.kind,
          occurred_on: row.occurredOn,
          summary: row.summary,
          evidence_url: row.evidenceUrl,
          amount_cents: null,
          source: IMPORT_SOURCE,
          external_id: row.externalId,
          status: own ? 'declared' : 'confirmed',
          recorded_by: actor.personId,
          reviewed_by: own ? null : actor.personId,
          reviewed_at: own ? null : now,
          rejection_reason: null,
          created_at: now,
          updated_at: now,
          version: 1,
        });
      }
      if (rows.length > 0) await repo.insertMany(rows);
      imported += rows.length;
      if (pending.length > 0) for (const lineErrors of pending.sort((a, b) => a[0].line - b[0].line)) report(lineErrors);
      pending = [];
      chunk = [];
    };

    const reading = { kinds, today: clock.today() };
    if (typeof input === 'string') {
      for (const item of contributionLines(input, reading, header)) {
        if (Array.isArray(item)) pending.push(item);
        else chunk.push(item);
        if (chunk.length >= chunkSize) await flush();
      }
    } else {
      for await (const items of contributionLinesFrom(input, reading, header))
        for (const item of items) {
          if (Array.isArray(item)) pending.push(item);
          else chunk.push(item);
          if (chunk.length >= chunkSize) await flush();
        }
    }
    await flush();

    const accepted = invalidLines === 0 || options.skipInvalid === true;
    const summary: ContributionsImportSummary = {
      imported: accepted ? imported : 0,
      skipped,
      invalidLines,
      errors,
      ignoredColumns: header.ignoredColumns,
      dryRun: options.dryRun === true,
    };
    if (!accepted || options.dryRun) discard(summary);
    if (imported > 0) {
      await createAuditRepository(trx, database.dialect).append({
        actorId: actor.personId,
        action: 'contributions.imported',
        subjectType: 'contribution_import',
        subjectId: newId(),
        after: { imported, skipped, invalidLines, skipInvalid: options.skipInvalid === true },
        at: now,
      });
    }
    return summary;
  }

  return {
    /**
     * Imports contributions from CSV text as `actor` (null person for the command line): each one
     * confirmed, with source `import`, recorded by the actor. See docs/import.md. The command line
     * passes the file as a stream (read a window at a time: memory stays flat in the file's size),
     * the API the request's text.
     */
    async importCsv(actor: Actor, input: ImportInput, options: ContributionsImportOptions = {}): Promise<ContributionsImportSummary> {
      if (!contributionsPolicies['contributions.import'](actor)) throw new AppError('forbidden', 'Only the bureau or an administrator import contributions');
      return importInTransaction<ContributionsImportSummary>(database, (trx, discard) => run(trx, discard, actor, input, options));
    },
  };
}

export type ContributionsImport = ReturnType<typeof createContributionsImport>;
