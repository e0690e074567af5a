import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { Capacity, Rsvp } from './rules.js';

/*
 * Who an assembly convenes, who came, and the proxies between them: the rows behind the
 * convocation, the attendance sheet and the quorum.
 */

export interface InviteeRow {
  id: string;
  personId: string;
  displayName: string;
  /** The person's sort key (people.sort_key, copied on the invitation): the list's order, with the person's id. */
  sortKey: string;
  email: string;
  locale: 'fr' | 'en';
  capacity: Capacity;
  canVote: boolean;
  convenedAt: string | null;
  remindedAt: string | null;
  rsvp: Rsvp | null;
  rsvpAt: string | null;
  checkedInAt: string | null;
}

/**
 * Does this invitee (table alias) hold a vote now? The right to vote is the membership on the
 * day, not the one at the convocation: someone convened as a member who has since resigned,
 * lapsed or been excluded votes no more, counts in no quorum, and gives or holds no proxy. A
 * closed assembly keeps the votes as they stood when it closed (frozen by `freezeVotes`).
 */
function votesNow(alias: string) {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<number>`(case when ${col('can_vote')} = 1 and (${col('capacity')} <> 'member'
    or exists (select 1 from memberships m where m.person_id = ${col('person_id')} and m.status in ('active', 'lapsing'))
    or exists (select 1 from assemblies x where x.id = ${col('assembly_id')} and x.status = 'closed')) then 1 else 0 end)`;
}

/** A page of an assembly's invitees: in the people's order, after or before a row (keyset), whose folded name holds `q`. */
export interface InviteePageQuery {
  /** Already folded with searchKey(): matched against the people's search key. */
  q?: string;
  after?: { sortKey: string; id: string };
  before?: { sortKey: string; id: string };
  limit: number;
}

export function createInviteesRepository(db: Kysely<DB>) {
  function selectInvitees(assemblyId: string) {
    return db
      .selectFrom('assembly_invitees')
      .innerJoin('people', 'people.id', 'assembly_invitees.person_id')
      .select([
        'assembly_invitees.id as id',
        'assembly_invitees.person_id as personId',
        'people.display_name as displayName',
        'assembly_invitees.sort_key as sortKey',
        'people.email as email',
        'people.locale as locale',
        'assembly_invitees.capacity as capacity',
        votesNow('assembly_invitees').as('canVote'),
        'assembly_invitees.convened_at as convenedAt',
        'assembly_invitees.reminded_at as remindedAt',
        'assembly_invitees.rsvp as rsvp',
        'assembly_invitees.rsvp_at as rsvpAt',
        'assembly_invitees.checked_in_at as checkedInAt',
      ])
      .where('assembly_invitees.assembly_id', '=', assemblyId);
  }

  function toInviteeRow(r: Awaited<ReturnType<ReturnType<typeof selectInvitees>['execute']>>[number]): InviteeRow {
    return { ...r, locale: r.locale as 'fr' | 'en', capacity: r.capacity as Capacity, canVote: Number(r.canVote) === 1, rsvp: r.rsvp as Rsvp | null };
  }

  async function invitees(assemblyId: string, personId?: string): Promise<InviteeRow[]> {
    let q = selectInvitees(assemblyId);
    // One invitee (the reader, a newcomer) without reading the whole list of a large association.
    if (personId !== undefined) q = q.where('assembly_invitees.person_id', '=', personId);
    const rows = await q.orderBy('assembly_invitees.sort_key').orderBy('assembly_invitees.person_id').execute();
    return rows.map(toInviteeRow);
  }

  /**
   * A page of the invitees (the bureau's table): `limit` rows after `after`, or the `limit` rows
   * just before `before` (the previous page), in the people's order either way.
   */
  async function inviteesPage(assemblyId: string, query: InviteePageQuery): Promise<InviteeRow[]> {
    let q = selectInvitees(assemblyId);
    if (query.q) q = q.where('people.search_key', 'like', `%${query.q.replace(/[\\%_]/g, '')}%`);
    const { after, before } = query;
    // The invitation's own copy of the sort key, with the person's id: the order of the index
    // `(assembly_id, sort_key, person_id)`, which yields a page without sorting every invitee.
    // Row values, so that both databases start the walk at the cursor rather than filter from the first.
    if (after) q = q.where((eb) => eb(eb.refTuple('assembly_invitees.sort_key', 'assembly_invitees.person_id'), '>', eb.tuple(after.sortKey, after.id)));
    if (before) q = q.where((eb) => eb(eb.refTuple('assembly_invitees.sort_key', 'assembly_invitees.person_id'), '<', eb.tuple(before.sortKey, before.id)));
    const direction = before ? 'desc' : 'asc';
    const rows = await q.orderBy('assembly_invitees.sort_key', direction).orderBy('assembly_invitees.person_id', direction).limit(query.limit).execute();
    return (before ? rows.reverse() : rows).map(toInviteeRow);
  }

  /**
   * addInvitee for many at once (convening a whole association): a few hundred rows a statement.
   * Each row takes its person's sort key from a join of the rows given (a `with … values` list) to
   * `people`, not from a subquery per row: PostgreSQL plans and runs 500 subqueries in a statement
   * about ten times slower (2.7 s of 5.8 s for 20,000 invitees). A trigger keeps the key in step after.
   */
  async function addInvitees(list: { assemblyId: string; personId: string; capacity: Capacity; canVote: boolean; convenedAt: string }[]): Promise<string[]> {
    const rows = list.map((i) => ({ ...i, id: newId() }));
    // 6 parameters × 500 rows stays under SQLite's and PostgreSQL's bound on parameters.
    for (let k = 0; k < rows.length; k += 500) {
      const values = rows
        .slice(k, k + 500)
        .map((r) => sql`(${r.id}, ${r.assemblyId}, ${r.personId}, ${r.capacity}, cast(${r.canVote ? 1 : 0} as integer), ${r.convenedAt})`);
      await sql`
        with given (id, assembly_id, person_id, capacity, can_vote, convened_at) as (values ${sql.join(values)})
        insert into assembly_invitees (id, assembly_id, person_id, capacity, can_vote, convened_at, sort_key)
        select given.id, given.assembly_id, given.person_id, given.capacity, given.can_vote, given.convened_at, coalesce(people.sort_key, '')
        from given left join people on people.id = given.person_id`.execute(db);
    }
    return rows.map((r) => r.id);
  }

  return {
    invitees,
    inviteesPage,

    async inviteeById(id: string): Promise<(InviteeRow & { assemblyId: string }) | undefined> {
      const row = await db.selectFrom('assembly_invitees').select(['assembly_id', 'person_id']).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const [found] = await invitees(row.assembly_id, row.person_id);
      return found ? { ...found, assemblyId: row.assembly_id } : undefined;
    },

    addInvitees,

    async addInvitee(i: { assemblyId: string; personId: string; capacity: Capacity; canVote: boolean; convenedAt: string }): Promise<string> {
      const [id] = await addInvitees([i]);
      return id;
    },

    async updateInvitee(
      id: string,
      patch: Partial<{
        capacity: Capacity;
        can_vote: number;
        reminded_at: string;
        rsvp: Rsvp;
        rsvp_at: string;
        checked_in_at: string | null;
        checked_in_by: string | null;
      }>,
    ): Promise<void> {
      await db.updateTable('assembly_invitees').set(patch).where('id', '=', id).execute();
    },

    /** The reminder went out to these invitees (many at once: a few hundred ids a statement). */
    async markReminded(ids: readonly string[], at: string): Promise<void> {
      for (let k = 0; k < ids.length; k += 500)
        await db
          .updateTable('assembly_invitees')
          .set({ reminded_at: at })
          .where('id', 'in', ids.slice(k, k + 500))
          .execute();
    },

    /**
     * What the assembly's page shows of its invitees, counted by the database: a federation's
     * assembly convenes tens of thousands, and the page needs numbers, not rows. `present` and
     * `represented` are the quorum's (voters present; absent voters whose holder is a present voter).
     */
    async attendanceCounts(assemblyId: string) {
      const counts = await db
        .selectFrom('assembly_invitees')
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number>(votesNow('assembly_invitees')).as('voters'),
          eb.fn.sum<number>(eb.case().when('rsvp', '=', 'yes').then(1).else(0).end()).as('yes'),
          eb.fn.sum<number>(eb.case().when('rsvp', '=', 'no').then(1).else(0).end()).as('no'),
          eb.fn.sum<number>(eb.case().when('rsvp', '=', 'maybe').then(1).else(0).end()).as('maybe'),
          eb.fn
            .sum<number>(
              eb
                .case()
                // The arrival first: the right to vote (a seek in memberships) is asked of those present only.
                .when(eb.and([eb('checked_in_at', 'is not', null), eb(votesNow('assembly_invitees'), '=', 1)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('present'),
        ])
        .where('assembly_id', '=', assemblyId)
        .executeTakeFirstOrThrow();
      const represented = await db
        .selectFrom('assembly_proxies as p')
        .innerJoin('assembly_invitees as g', (j) => j.onRef('g.assembly_id', '=', 'p.assembly_id').onRef('g.person_id', '=', 'p.giver_id'))
        .innerJoin('assembly_invitees as h', (j) => j.onRef('h.assembly_id', '=', 'p.assembly_id').onRef('h.person_id', '=', 'p.holder_id'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.assembly_id', '=', assemblyId)
        .where(votesNow('g'), '=', 1)
        .where('g.checked_in_at', 'is', null)
        .where(votesNow('h'), '=', 1)
        .where('h.checked_in_at', 'is not', null)
        .executeTakeFirstOrThrow();
      // SUM of no rows is NULL, and PostgreSQL's is numeric (text to pg): Number() covers both.
      return {
        total: Number(counts.total),
        voters: Number(counts.voters ?? 0),
        answered: { yes: Number(counts.yes ?? 0), no: Number(counts.no ?? 0), maybe: Number(counts.maybe ?? 0) },
        present: Number(counts.present ?? 0),
        represented: Number(represented.n),
      };
    },

    /** The proxies one person gave or holds, with both ends' names (their place names the other end). */
    async proxiesOf(assemblyId: string, personId: string): Promise<{ giverId: string; holderId: string; giverName: string; holderName: string }[]> {
      return db
        .selectFrom('assembly_proxies as p')
        .innerJoin('people as gp', 'gp.id', 'p.giver_id')
        .innerJoin('people as hp', 'hp.id', 'p.holder_id')
        .select(['p.giver_id as giverId', 'p.holder_id as holderId', 'gp.display_name as giverName', 'hp.display_name as holderName'])
        .where('p.assembly_id', '=', assemblyId)
        .where((eb) => eb.or([eb('p.giver_id', '=', personId), eb('p.holder_id', '=', personId)]))
        .orderBy('p.created_at')
        .execute();
    },

    /**
     * Whom a voter may give their proxy to, by name: the assembly's other invitees who vote now,
     * whose folded name holds `q`, in the people's order, `limit` at most. Nobody else is
     * found, so the search names no one the giver could not choose.
     */
    async votersNamed(assemblyId: string, q: string, exceptPersonId: string, limit: number): Promise<{ personId: string; displayName: string }[]> {
      return db
        .selectFrom('assembly_invitees')
        .innerJoin('people', 'people.id', 'assembly_invitees.person_id')
        .select(['assembly_invitees.person_id as personId', 'people.display_name as displayName'])
        .where('assembly_invitees.assembly_id', '=', assemblyId)
        .where('assembly_invitees.person_id', '<>', exceptPersonId)
        .where(votesNow('assembly_invitees'), '=', 1)
        .where('people.search_key', 'like', `%${q.replace(/[\\%_]/g, '')}%`)
        .orderBy('assembly_invitees.sort_key')
        .orderBy('assembly_invitees.person_id')
        .limit(limit)
        .execute();
    },

    /** The proxies that stand: a proxy given or held by someone who no longer votes has fallen. */
    async proxies(assemblyId: string): Promise<{ giverId: string; holderId: string }[]> {
      return db
        .selectFrom('assembly_proxies as p')
        .innerJoin('assembly_invitees as g', (j) => j.onRef('g.assembly_id', '=', 'p.assembly_id').onRef('g.person_id', '=', 'p.giver_id'))
        .innerJoin('assembly_invitees as h', (j) => j.onRef('h.assembly_id', '=', 'p.assembly_id').onRef('h.person_id', '=', 'p.holder_id'))
        .select(['p.giver_id as giverId', 'p.holder_id as holderId'])
        .where('p.assembly_id', '=', assemblyId)
        .where(votesNow('g'), '=', 1)
        .where(votesNow('h'), '=', 1)
        .orderBy('p.created_at')
        .execute();
    },

    /** The standing proxies given or held by these people, with both ends' names (a page of invitees names the other end, wherever it is). */
    async proxiesOfPeople(
      assemblyId: string,
      personIds: readonly string[],
    ): Promise<{ giverId: string; holderId: string; giverName: string; holderName: string }[]> {
      if (personIds.length === 0) return [];
      return db
        .selectFrom('assembly_proxies as p')
        .innerJoin('assembly_invitees as g', (j) => j.onRef('g.assembly_id', '=', 'p.assembly_id').onRef('g.person_id', '=', 'p.giver_id'))
        .innerJoin('assembly_invitees as h', (j) => j.onRef('h.assembly_id', '=', 'p.assembly_id').onRef('h.person_id', '=', 'p.holder_id'))
        .innerJoin('people as gp', 'gp.id', 'p.giver_id')
        .innerJoin('people as hp', 'hp.id', 'p.holder_id')
        .select(['p.giver_id as giverId', 'p.holder_id as holderId', 'gp.display_name as giverName', 'hp.display_name as holderName'])
        .where('p.assembly_id', '=', assemblyId)
        .where((eb) => eb.or([eb('p.giver_id', 'in', personIds), eb('p.holder_id', 'in', personIds)]))
        .where(votesNow('g'), '=', 1)
        .where(votesNow('h'), '=', 1)
        .orderBy('p.created_at')
        .execute();
    },

    /**
     * Takes the assembly's row lock (PostgreSQL) for the rest of the transaction: proxies are
     * given one at a time per assembly, so two at once cannot both pass the limit per holder or
     * make a chain. SQLite runs one write transaction at a time already.
     */
    async lockForProxies(assemblyId: string, dialect: 'sqlite' | 'postgres'): Promise<void> {
      if (dialect === 'postgres') await db.selectFrom('assemblies').select('id').where('id', '=', assemblyId).forUpdate().execute();
    },

    /** At the close: the votes as they stand that day stay with the assembly, whatever happens to memberships later. */
    async freezeVotes(assemblyId: string): Promise<void> {
      await db
        .updateTable('assembly_invitees')
        .set({ can_vote: 0 })
        .where('assembly_id', '=', assemblyId)
        .where('can_vote', '=', 1)
        .where(votesNow('assembly_invitees'), '=', 0)
        .execute();
    },

    /** One proxy per giver: a new one replaces the old; null withdraws it. */
    async setProxy(assemblyId: string, giverId: string, holderId: string | null, now: string): Promise<void> {
      await db.deleteFrom('assembly_proxies').where('assembly_id', '=', assemblyId).where('giver_id', '=', giverId).execute();
      if (holderId)
        await db
          .insertInto('assembly_proxies')
          .values({ id: newId(), assembly_id: assemblyId, giver_id: giverId, holder_id: holderId, created_at: now })
          .execute();
    },
  };
}
