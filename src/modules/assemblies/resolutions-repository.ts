import type { Kysely, Selectable } from 'kysely';
import type { AssemblyResolutionTable, DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { Majority, ResolutionStatus, VoteChoice, VoteMethod } from './rules.js';
import type { Resolution } from './types.js';

/* An assembly's resolutions and the votes cast on them. */

function toResolution(r: Selectable<AssemblyResolutionTable>): Resolution {
  return {
    id: r.id,
    position: Number(r.position),
    title: r.title,
    text: r.text,
    majority: r.majority as Majority,
    status: r.status as ResolutionStatus,
    method: r.method as VoteMethod | null,
    votes: r.votes_for === null ? null : { for: Number(r.votes_for), against: Number(r.votes_against), abstain: Number(r.votes_abstain) },
    result: r.result as Resolution['result'],
    closedAt: r.closed_at,
  };
}

export function createResolutionsRepository(db: Kysely<DB>) {
  return {
    async resolutions(assemblyId: string): Promise<Resolution[]> {
      const rows = await db.selectFrom('assembly_resolutions').selectAll().where('assembly_id', '=', assemblyId).orderBy('position').execute();
      return rows.map(toResolution);
    },

    async resolution(assemblyId: string, id: string): Promise<(Resolution & { version: number }) | undefined> {
      const row = await db.selectFrom('assembly_resolutions').selectAll().where('assembly_id', '=', assemblyId).where('id', '=', id).executeTakeFirst();
      return row ? { ...toResolution(row), version: Number(row.version) } : undefined;
    },

    async addResolution(r: { assemblyId: string; title: string; text: string | null; majority: Majority }): Promise<Resolution> {
      const last = await db
        .selectFrom('assembly_resolutions')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('assembly_id', '=', r.assemblyId)
        .executeTakeFirst();
      const row = {
        id: newId(),
        assembly_id: r.assemblyId,
        position: Number(last?.max ?? 0) + 1,
        title: r.title,
        text: r.text,
        majority: r.majority,
        status: 'proposed',
        method: null,
        votes_for: null,
        votes_against: null,
        votes_abstain: null,
        result: null,
        closed_at: null,
        version: 1,
      };
      await db.insertInto('assembly_resolutions').values(row).execute();
      return toResolution(row);
    },

    /** Removes a resolution no vote was opened on (nothing refers to it yet). */
    async removeProposedResolution(id: string): Promise<boolean> {
      const r = await db.deleteFrom('assembly_resolutions').where('id', '=', id).where('status', '=', 'proposed').executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    async updateResolution(
      id: string,
      version: number,
      patch: Partial<Omit<Selectable<AssemblyResolutionTable>, 'id' | 'version' | 'assembly_id'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('assembly_resolutions')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async votes(resolutionId: string): Promise<{ voterId: string; castBy: string; choice: VoteChoice }[]> {
      const rows = await db
        .selectFrom('assembly_votes')
        .select(['voter_id as voterId', 'cast_by as castBy', 'choice'])
        .where('resolution_id', '=', resolutionId)
        .execute();
      return rows.map((r) => ({ ...r, choice: r.choice as VoteChoice }));
    },

    /** The resolutions of the assembly this person's vote was recorded on. */
    async votedOn(assemblyId: string, personId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('assembly_votes')
        .innerJoin('assembly_resolutions', 'assembly_resolutions.id', 'assembly_votes.resolution_id')
        .select('assembly_votes.resolution_id as id')
        .where('assembly_resolutions.assembly_id', '=', assemblyId)
        .where('assembly_votes.voter_id', '=', personId)
        .execute();
      return rows.map((r) => r.id);
    },

    /** How this person's own vote was recorded on each resolution of the assembly (what "I chose"). */
    async choicesOf(assemblyId: string, personId: string): Promise<Record<string, VoteChoice>> {
      const rows = await db
        .selectFrom('assembly_votes')
        .innerJoin('assembly_resolutions', 'assembly_resolutions.id', 'assembly_votes.resolution_id')
        .select(['assembly_votes.resolution_id as id', 'assembly_votes.choice as choice'])
        .where('assembly_resolutions.assembly_id', '=', assemblyId)
        .where('assembly_votes.voter_id', '=', personId)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.id, r.choice as VoteChoice]));
    },

    /** A changed vote: the votes this person cast (their own and their proxies') are withdrawn before the new ones. */
    async withdrawVotesCastBy(resolutionId: string, castBy: string): Promise<void> {
      await db.deleteFrom('assembly_votes').where('resolution_id', '=', resolutionId).where('cast_by', '=', castBy).execute();
    },

    /** Records votes; the unique (resolution, voter) index makes a second vote fail. */
    async castVotes(votes: { resolutionId: string; voterId: string; castBy: string; choice: VoteChoice; at: string }[]): Promise<void> {
      if (votes.length === 0) return;
      await db
        .insertInto('assembly_votes')
        .values(votes.map((v) => ({ id: newId(), resolution_id: v.resolutionId, voter_id: v.voterId, cast_by: v.castBy, choice: v.choice, cast_at: v.at })))
        .execute();
    },
  };
}
