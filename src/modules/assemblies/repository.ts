import { sql, type Kysely, type Selectable } from 'kysely';
import type { AssemblyResolutionTable, AssemblyTable, DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type {
  AgendaItem,
  Assembly,
  AssemblyDocument,
  AssemblyKind,
  AssemblyStatus,
  Capacity,
  Majority,
  Resolution,
  ResolutionStatus,
  Rsvp,
  VoteChoice,
  VoteMethod,
} from './types.js';

function toAssembly(r: Selectable<AssemblyTable>): Assembly {
  return {
    id: r.id,
    kind: r.kind as AssemblyKind,
    title: r.title,
    scheduledAt: r.scheduled_at,
    durationMinutes: Number(r.duration_minutes),
    location: r.location,
    videoUrl: r.video_url,
    status: r.status as AssemblyStatus,
    convenedAt: r.convened_at,
    forcedReason: r.forced_reason,
    plannedAt: r.planned_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    version: Number(r.version),
  };
}

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

export interface InviteeRow {
  id: string;
  personId: string;
  displayName: string;
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

export function createAssembliesRepository(db: Kysely<DB>) {
  return {
    async insert(a: {
      kind: AssemblyKind;
      title: string;
      scheduledAt: string;
      durationMinutes: number;
      location: string | null;
      videoUrl: string | null;
      now: string;
    }): Promise<Assembly> {
      const row = {
        id: newId(),
        kind: a.kind,
        title: a.title,
        scheduled_at: a.scheduledAt,
        duration_minutes: a.durationMinutes,
        location: a.location,
        video_url: a.videoUrl,
        status: 'draft',
        convened_at: null,
        forced_reason: null,
        planned_at: null,
        opened_at: null,
        closed_at: null,
        minutes: null,
        created_at: a.now,
        updated_at: a.now,
        version: 1,
      };
      await db.insertInto('assemblies').values(row).execute();
      return toAssembly(row);
    },

    async findById(id: string): Promise<Assembly | undefined> {
      const row = await db.selectFrom('assemblies').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAssembly(row) : undefined;
    },

    async minutesOf(id: string): Promise<string | null> {
      return (await db.selectFrom('assemblies').select('minutes').where('id', '=', id).executeTakeFirst())?.minutes ?? null;
    },

    /** Every assembly, the latest first; or those that convene one person. */
    async list(options: { personId?: string } = {}): Promise<Assembly[]> {
      let q = db.selectFrom('assemblies').selectAll('assemblies');
      if (options.personId) {
        const personId = options.personId;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('assembly_invitees')
              .select('assembly_invitees.id')
              .whereRef('assembly_invitees.assembly_id', '=', 'assemblies.id')
              .where('assembly_invitees.person_id', '=', personId),
          ),
        );
      }
      const rows = await q.orderBy('scheduled_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toAssembly);
    },

    /** Convened assemblies still to come: the scheduler convenes newcomers and sends reminders. */
    async upcomingConvened(now: string): Promise<Assembly[]> {
      const rows = await db.selectFrom('assemblies').selectAll().where('status', '=', 'convened').where('scheduled_at', '>', now).execute();
      return rows.map(toAssembly);
    },

    /** Optimistic concurrency: false when someone changed the assembly meanwhile. */
    async update(id: string, version: number, patch: Partial<Omit<Selectable<AssemblyTable>, 'id' | 'version'>>): Promise<boolean> {
      const r = await db
        .updateTable('assemblies')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async items(assemblyId: string): Promise<AgendaItem[]> {
      const rows = await db.selectFrom('assembly_items').selectAll().where('assembly_id', '=', assemblyId).orderBy('position').execute();
      return rows.map((r) => ({ id: r.id, position: Number(r.position), title: r.title, body: r.body }));
    },

    async addItem(assemblyId: string, title: string, body: string | null): Promise<AgendaItem> {
      const last = await db
        .selectFrom('assembly_items')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('assembly_id', '=', assemblyId)
        .executeTakeFirst();
      const item = { id: newId(), assembly_id: assemblyId, position: Number(last?.max ?? 0) + 1, title, body };
      await db.insertInto('assembly_items').values(item).execute();
      return { id: item.id, position: item.position, title, body };
    },

    async documents(assemblyId: string): Promise<AssemblyDocument[]> {
      return db
        .selectFrom('assembly_documents')
        .select(['id', 'title', 'url', 'filename', 'content_type as contentType'])
        .where('assembly_id', '=', assemblyId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async document(assemblyId: string, id: string) {
      return db.selectFrom('assembly_documents').selectAll().where('assembly_id', '=', assemblyId).where('id', '=', id).executeTakeFirst();
    },

    async addDocument(d: {
      assemblyId: string;
      title: string;
      url: string | null;
      filename: string | null;
      contentType: string | null;
      content: Buffer | null;
      now: string;
    }): Promise<AssemblyDocument> {
      const id = newId();
      await db
        .insertInto('assembly_documents')
        .values({
          id,
          assembly_id: d.assemblyId,
          title: d.title,
          url: d.url,
          filename: d.filename,
          content_type: d.contentType,
          content: d.content,
          created_at: d.now,
        })
        .execute();
      return { id, title: d.title, url: d.url, filename: d.filename, contentType: d.contentType };
    },

    async invitees(assemblyId: string, personId?: string): Promise<InviteeRow[]> {
      let q = db
        .selectFrom('assembly_invitees')
        .innerJoin('people', 'people.id', 'assembly_invitees.person_id')
        .select([
          'assembly_invitees.id as id',
          'assembly_invitees.person_id as personId',
          'people.display_name as displayName',
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
      // One invitee (the reader, a newcomer) without reading the whole list of a large association.
      if (personId !== undefined) q = q.where('assembly_invitees.person_id', '=', personId);
      const rows = await q.orderBy('people.sort_key').orderBy('people.id').execute();
      return rows.map((r) => ({
        ...r,
        locale: r.locale as 'fr' | 'en',
        capacity: r.capacity as Capacity,
        canVote: Number(r.canVote) === 1,
        rsvp: r.rsvp as Rsvp | null,
      }));
    },

    async inviteeById(id: string): Promise<(InviteeRow & { assemblyId: string }) | undefined> {
      const row = await db.selectFrom('assembly_invitees').select(['assembly_id', 'person_id']).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const [found] = await this.invitees(row.assembly_id, row.person_id);
      return found ? { ...found, assemblyId: row.assembly_id } : undefined;
    },

    /** addInvitee for many at once (convening a whole association): multi-row inserts, a few hundred rows each. */
    async addInvitees(list: { assemblyId: string; personId: string; capacity: Capacity; canVote: boolean; convenedAt: string }[]): Promise<string[]> {
      const rows = list.map((i) => ({
        id: newId(),
        assembly_id: i.assemblyId,
        person_id: i.personId,
        capacity: i.capacity,
        can_vote: i.canVote ? 1 : 0,
        convened_at: i.convenedAt,
        reminded_at: null,
        rsvp: null,
        rsvp_at: null,
        checked_in_at: null,
        checked_in_by: null,
      }));
      // 11 columns × 500 rows stays under SQLite's and PostgreSQL's bound on parameters.
      for (let k = 0; k < rows.length; k += 500)
        await db
          .insertInto('assembly_invitees')
          .values(rows.slice(k, k + 500))
          .execute();
      return rows.map((r) => r.id);
    },

    async addInvitee(i: { assemblyId: string; personId: string; capacity: Capacity; canVote: boolean; convenedAt: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('assembly_invitees')
        .values({
          id,
          assembly_id: i.assemblyId,
          person_id: i.personId,
          capacity: i.capacity,
          can_vote: i.canVote ? 1 : 0,
          convened_at: i.convenedAt,
          reminded_at: null,
          rsvp: null,
          rsvp_at: null,
          checked_in_at: null,
          checked_in_by: null,
        })
        .execute();
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
                .when(eb.and([eb(votesNow('assembly_invitees'), '=', 1), eb('checked_in_at', 'is not', null)]))
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

    /** The proxies one person gave or holds. */
    async proxiesOf(assemblyId: string, personId: string): Promise<{ giverId: string; holderId: string }[]> {
      return db
        .selectFrom('assembly_proxies')
        .select(['giver_id as giverId', 'holder_id as holderId'])
        .where('assembly_id', '=', assemblyId)
        .where((eb) => eb.or([eb('giver_id', '=', personId), eb('holder_id', '=', personId)]))
        .orderBy('created_at')
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

    /** Records votes; the unique (resolution, voter) index makes a second vote fail. */
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

    async castVotes(votes: { resolutionId: string; voterId: string; castBy: string; choice: VoteChoice; at: string }[]): Promise<void> {
      if (votes.length === 0) return;
      await db
        .insertInto('assembly_votes')
        .values(votes.map((v) => ({ id: newId(), resolution_id: v.resolutionId, voter_id: v.voterId, cast_by: v.castBy, choice: v.choice, cast_at: v.at })))
        .execute();
    },
  };
}
