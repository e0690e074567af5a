import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';
import { parseJsonColumn } from '../db.js';
import type { DB } from '../schema.js';
import { newId } from '../ids.js';
import { entryHash, GENESIS_HASH, type ChainedFields } from './chain.js';

export interface AuditInput {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  at: string;
}

export interface AuditEntry extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

function toEntry(row: DB['audit_log']): AuditEntry {
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: parseJsonColumn(row.before),
    after: parseJsonColumn(row.after),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditRepository(db: Kysely<DB>, dialect: Dialect) {
  return {
    /**
     * Appends one entry to the chain. Call it inside the transaction of the change it records.
     * On PostgreSQL an advisory transaction lock serialises writers so the chain never forks;
     * SQLite already serialises write transactions.
     */
    async append(input: AuditInput): Promise<void> {
      await this.appendMany([input]);
    },

    /** Appends many entries at once (imports), chained in the given order, in multi-row inserts. */
    async appendMany(inputs: AuditInput[]): Promise<void> {
      if (inputs.length === 0) return;
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7240001)`.execute(db);
      const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      let seq = last ? Number(last.seq) : 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows: DB['audit_log'][] = [];
      for (const input of inputs) {
        const fields: ChainedFields = {
          seq: ++seq,
          at: input.at,
          actorId: input.actorId,
          action: input.action,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          before: input.before ?? null,
          after: input.after ?? null,
        };
        const hash = entryHash(prevHash, fields);
        rows.push({
          id: newId(),
          seq: fields.seq,
          at: fields.at,
          actor_id: fields.actorId,
          action: fields.action,
          subject_type: fields.subjectType,
          subject_id: fields.subjectId,
          before: fields.before === null ? null : JSON.stringify(fields.before),
          after: fields.after === null ? null : JSON.stringify(fields.after),
          prev_hash: prevHash,
          hash,
        });
        prevHash = hash;
      }
      for (let i = 0; i < rows.length; i += 2000)
        await db
          .insertInto('audit_log')
          .values(rows.slice(i, i + 2000))
          .execute();
    },

    async list(filter: { subjectType?: string; subjectId?: string; actorId?: string; afterSeq?: number; limit: number }): Promise<AuditEntry[]> {
      let q = db.selectFrom('audit_log').selectAll();
      if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
      if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
      if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
      if (filter.afterSeq !== undefined) q = q.where('seq', '<', filter.afterSeq);
      const rows = await q.orderBy('seq', 'desc').limit(filter.limit).execute();
      return rows.map(toEntry);
    },

    /** Entries about a person (what happened to their record, roles and account): their page's history. */
    async aboutPerson(personId: string, limit: number): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject_type', '=', 'person')
        .where('subject_id', '=', personId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },

    /** Streams the whole chain in order, a page at a time, for `equipage audit verify`. */
    async *all(pageSize = 5000): AsyncGenerator<AuditEntry[]> {
      let after = 0;
      for (;;) {
        const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
        if (rows.length === 0) return;
        const page = rows.map(toEntry);
        yield page;
        after = page[page.length - 1].seq;
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
