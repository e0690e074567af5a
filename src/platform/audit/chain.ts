import { createHash } from 'node:crypto';

/** Hash of the chain before its first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same values hash the same on both databases. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface ChainedFields {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

/** Each entry's hash covers its content and the previous hash: editing any entry breaks every later link. */
export function entryHash(prevHash: string, entry: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

export type ChainVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; firstBadSeq: number; reason: string };

/**
 * Walks the chain in seq order, one entry at a time (the log can be large), and names the
 * first entry that does not follow from the one before. A chain cannot show by itself that its
 * newest entries were cut off: given a head hash noted earlier (`knownHead`), the verdict also
 * fails when no entry has that hash any more.
 */
export function createChainVerifier(knownHead?: string) {
  let knownHeadSeen = knownHead === undefined;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let failure: { firstBadSeq: number; reason: string } | null = null;
  return {
    feed(e: ChainedFields & { prevHash: string; hash: string }): boolean {
      if (failure) return false;
      count++;
      const { prevHash, hash, ...fields } = e;
      const content: ChainedFields = {
        seq: fields.seq,
        at: fields.at,
        actorId: fields.actorId,
        action: fields.action,
        subjectType: fields.subjectType,
        subjectId: fields.subjectId,
        before: fields.before,
        after: fields.after,
      };
      if (e.seq !== expectedSeq) failure = { firstBadSeq: e.seq, reason: `expected entry ${expectedSeq}` };
      else if (prevHash !== prev) failure = { firstBadSeq: e.seq, reason: 'previous hash does not match' };
      else if (entryHash(prev, content) !== hash) failure = { firstBadSeq: e.seq, reason: 'content does not match its hash' };
      if (failure) return false;
      prev = hash;
      if (hash === knownHead) knownHeadSeen = true;
      expectedSeq++;
      return true;
    },
    verdict(): ChainVerdict {
      if (failure) return { ok: false, entries: count, ...failure };
      if (!knownHeadSeen)
        return { ok: false, entries: count, firstBadSeq: expectedSeq, reason: `no entry has the head hash ${knownHead}: entries were removed` };
      return { ok: true, entries: count, head: prev };
    },
  };
}
