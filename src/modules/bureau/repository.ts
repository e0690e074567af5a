import type { Kysely } from 'kysely';
import type { BureauChangeTable, DB } from '../../platform/schema.js';
import type { Office } from '../../platform/auth/actor.js';
import type { ChangeKind, ChangeStatus, OfficeSource } from './rules.js';
import { newId } from '../../platform/ids.js';

export interface OfficeTerm {
  id: string;
  personId: string;
  displayName: string;
  office: Office;
  since: string;
  until: string | null;
  /** How it was recorded: set up before the first session, confirmed by a second bureau member, or imported history. */
  source: OfficeSource;
}

/** A proposed change of the bureau's composition, waiting for a second bureau member. */
export interface BureauChange {
  id: string;
  kind: ChangeKind;
  personId: string;
  displayName: string;
  office: Office;
  officeId: string | null;
  effectiveOn: string | null;
  status: ChangeStatus;
  proposedBy: string;
  proposedByName: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  version: number;
}

export function createBureauRepository(db: Kysely<DB>) {
  function base() {
    return db
      .selectFrom('bureau_offices')
      .innerJoin('people', 'people.id', 'bureau_offices.person_id')
      .select([
        'bureau_offices.id as id',
        'bureau_offices.person_id as personId',
        'people.display_name as displayName',
        'bureau_offices.office as office',
        'bureau_offices.since as since',
        'bureau_offices.until as until',
        'bureau_offices.source as source',
      ]);
  }
  function changes() {
    return db
      .selectFrom('bureau_changes')
      .innerJoin('people as subject', 'subject.id', 'bureau_changes.person_id')
      .innerJoin('people as proposer', 'proposer.id', 'bureau_changes.proposed_by')
      .select([
        'bureau_changes.id as id',
        'bureau_changes.kind as kind',
        'bureau_changes.person_id as personId',
        'subject.display_name as displayName',
        'bureau_changes.office as office',
        'bureau_changes.office_id as officeId',
        'bureau_changes.effective_on as effectiveOn',
        'bureau_changes.status as status',
        'bureau_changes.proposed_by as proposedBy',
        'proposer.display_name as proposedByName',
        'bureau_changes.proposed_at as proposedAt',
        'bureau_changes.decided_by as decidedBy',
        'bureau_changes.decided_at as decidedAt',
        'bureau_changes.version as version',
      ]);
  }
  return {
    /** Offices held on `today`: started, and not yet ended (`until` is the first day no longer held). */
    async current(today: string): Promise<OfficeTerm[]> {
      return base()
        .where('bureau_offices.since', '<=', today)
        .where((eb) => eb.or([eb('bureau_offices.until', 'is', null), eb('bureau_offices.until', '>', today)]))
        .orderBy('bureau_offices.office')
        .orderBy('people.sort_key')
        .execute();
    },

    /** Offices held on `date` or starting later: what a new appointment from `date` could overlap. */
    async heldFrom(date: string): Promise<OfficeTerm[]> {
      return base()
        .where((eb) => eb.or([eb('bureau_offices.until', 'is', null), eb('bureau_offices.until', '>', date)]))
        .execute();
    },

    /**
     * Which of these people are members today (an active or lapsing membership, as the register
     * and `Actor.isMember` count them), read from the register's table as the audiences read it:
     * the memberships module sits above the bureau and cannot be asked.
     */
    async membersAmong(personIds: string[]): Promise<Set<string>> {
      if (personIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('memberships')
        .select('person_id')
        .where('status', 'in', ['active', 'lapsing'])
        .where('person_id', 'in', [...new Set(personIds)])
        .execute();
      return new Set(rows.map((r) => r.person_id));
    },

    async history(): Promise<OfficeTerm[]> {
      return base().orderBy('bureau_offices.since', 'desc').execute();
    },

    async findById(id: string): Promise<OfficeTerm | undefined> {
      return base().where('bureau_offices.id', '=', id).executeTakeFirst();
    },

    async appoint(t: { personId: string; office: Office; since: string; now: string; source: OfficeSource; changeId?: string | null }): Promise<string> {
      const id = newId();
      await db
        .insertInto('bureau_offices')
        .values({
          id,
          person_id: t.personId,
          office: t.office,
          since: t.since,
          until: null,
          created_at: t.now,
          source: t.source,
          change_id: t.changeId ?? null,
        })
        .execute();
      return id;
    },

    /** Has the bureau held a session yet? Until then its composition is being set up. */
    async firstSessionHeld(): Promise<boolean> {
      return (await db.selectFrom('bureau_sessions').select('id').where('opened_at', 'is not', null).limit(1).executeTakeFirst()) !== undefined;
    },

    /** When the assemblies that met were held: one of them elected the bureau being set up. */
    async assembliesHeldAt(): Promise<string[]> {
      return (await db.selectFrom('assemblies').select('scheduled_at').where('status', 'in', ['open', 'closed']).execute()).map((r) => r.scheduled_at);
    },

    async pendingChanges(): Promise<BureauChange[]> {
      return (await changes().where('bureau_changes.status', '=', 'pending').orderBy('bureau_changes.proposed_at').execute()).map(toChange);
    },

    async findChange(id: string): Promise<BureauChange | undefined> {
      const row = await changes().where('bureau_changes.id', '=', id).executeTakeFirst();
      return row ? toChange(row) : undefined;
    },

    async proposeChange(c: Omit<BureauChangeTable, 'id' | 'status' | 'decided_by' | 'decided_at' | 'version'>): Promise<string> {
      const id = newId();
      await db
        .insertInto('bureau_changes')
        .values({ ...c, id, status: 'pending', decided_by: null, decided_at: null, version: 1 })
        .execute();
      return id;
    },

    /** Settles a pending change once: false when someone confirmed or cancelled it meanwhile. */
    async settleChange(id: string, version: number, to: 'confirmed' | 'cancelled', by: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('bureau_changes')
        .set({ status: to, decided_by: by, decided_at: at, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async end(id: string, until: string): Promise<void> {
      await db.updateTable('bureau_offices').set({ until }).where('id', '=', id).execute();
    },
  };
}

/** PostgreSQL may hand integers back as text. */
function toChange<T extends Omit<BureauChange, 'version'> & { version: number | string }>(r: T): BureauChange {
  return { ...r, version: Number(r.version) };
}
