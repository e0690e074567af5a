import type { Insertable, Kysely } from 'kysely';
import type { AgendaItemTable, BureauRecurrenceTable, BureauSessionTable, DB, DecisionTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { Votes, AgendaItemState, DecisionOutcome, SessionStatus, SessionOrigin } from './rules.js';

export interface Session {
  id: string;
  status: SessionStatus;
  scheduledAt: string;
  durationMinutes: number;
  location: string | null;
  videoUrl: string | null;
  origin: SessionOrigin;
  bureauSize: number | null;
  quorumRequired: number | null;
  openedAt: string | null;
  closedAt: string | null;
  /** Set when the session was held before its planned day: `scheduledAt` is then when it was held. */
  plannedAt: string | null;
  /** The minutes' record (checkMinutesChange in rules.ts): who chaired, who took the minutes, when they were approved. */
  chairId: string | null;
  secretaryId: string | null;
  minutesApprovedAt: string | null;
  version: number;
}

export interface AgendaItem {
  id: string;
  sessionId: string;
  kind: 'application' | 'free' | 'membership';
  applicationId: string | null;
  /** A lapse review: the membership under review. A free item may be about a member (exclusion). */
  membershipId: string | null;
  personId: string | null;
  /** The member concerned by a lapse review or an exclusion item. */
  memberName: string | null;
  title: string | null;
  body: string | null;
  position: number;
  state: AgendaItemState;
  carriedTo: string | null;
  /** What was said on the item, for the minutes. */
  deliberations: string | null;
  /** For an application: who applies, and the bureau member who reports on it. */
  applicantId: string | null;
  applicantName: string | null;
  rapporteurId: string | null;
  rapporteurName: string | null;
}

export interface Attendance {
  personId: string;
  displayName: string;
  office: string;
  present: boolean;
}

export interface Decision {
  id: string;
  sessionId: string;
  agendaItemId: string;
  applicationId: string | null;
  membershipId: string | null;
  outcome: DecisionOutcome;
  votes: Votes | null;
  rationale: string | null;
  decidedBy: string | null;
  decidedAt: string;
}

export interface Recurrence {
  rrule: string;
  timezone: string;
  anchor: string | null;
  location: string | null;
  videoUrl: string | null;
  durationMinutes: number;
  sessionsAhead: number;
  updatedAt: string;
}

const sessionColumns = [
  'id',
  'status',
  'scheduled_at as scheduledAt',
  'duration_minutes as durationMinutes',
  'location',
  'video_url as videoUrl',
  'origin',
  'bureau_size as bureauSize',
  'quorum_required as quorumRequired',
  'opened_at as openedAt',
  'closed_at as closedAt',
  'planned_at as plannedAt',
  'chair_id as chairId',
  'secretary_id as secretaryId',
  'minutes_approved_at as minutesApprovedAt',
  'version',
] as const;

export function createSessionsRepository(db: Kysely<DB>) {
  return {
    async recurrence(): Promise<Recurrence | undefined> {
      return db
        .selectFrom('bureau_recurrence')
        .select([
          'rrule',
          'timezone',
          'anchor',
          'location',
          'video_url as videoUrl',
          'duration_minutes as durationMinutes',
          'sessions_ahead as sessionsAhead',
          'updated_at as updatedAt',
        ])
        .where('id', '=', 'bureau')
        .executeTakeFirst();
    },

    async saveRecurrence(row: Omit<BureauRecurrenceTable, 'id'>): Promise<void> {
      const existing = await db.selectFrom('bureau_recurrence').select('id').where('id', '=', 'bureau').executeTakeFirst();
      if (existing) await db.updateTable('bureau_recurrence').set(row).where('id', '=', 'bureau').execute();
      else
        await db
          .insertInto('bureau_recurrence')
          .values({ id: 'bureau', ...row })
          .execute();
    },

    async insertSession(row: Insertable<BureauSessionTable>): Promise<void> {
      await db.insertInto('bureau_sessions').values(row).execute();
    },

    /** Inserts a session the recurrence planned, unless that occurrence exists already (another instance). */
    async insertRecurringSession(row: Insertable<BureauSessionTable>): Promise<boolean> {
      const result = await db
        .insertInto('bureau_sessions')
        .values(row)
        .onConflict((oc) => oc.column('recurrence_slot').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async findById(id: string): Promise<Session | undefined> {
      return db.selectFrom('bureau_sessions').select(sessionColumns).where('id', '=', id).executeTakeFirst();
    },

    /** Planned sessions from `from` on, soonest first. */
    async plannedFrom(from: string): Promise<Session[]> {
      return db
        .selectFrom('bureau_sessions')
        .select(sessionColumns)
        .where('status', '=', 'planned')
        .where('scheduled_at', '>', from)
        .orderBy('scheduled_at')
        .execute();
    },

    async recurrenceSlotsFrom(from: string): Promise<string[]> {
      const rows = await db
        .selectFrom('bureau_sessions')
        .select('recurrence_slot')
        .where('recurrence_slot', 'is not', null)
        .where('scheduled_at', '>', from)
        .execute();
      return rows.map((r) => r.recurrence_slot!);
    },

    async list(filter: { status?: SessionStatus; from?: string; before?: string; limit: number; descending?: boolean }): Promise<Session[]> {
      let q = db.selectFrom('bureau_sessions').select(sessionColumns);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.from) q = q.where('scheduled_at', '>=', filter.from);
      if (filter.before) q = q.where('scheduled_at', '<', filter.before);
      return q
        .orderBy('scheduled_at', filter.descending ? 'desc' : 'asc')
        .orderBy('id')
        .limit(filter.limit)
        .execute();
    },

    async update(
      id: string,
      version: number,
      patch: Partial<
        Pick<
          BureauSessionTable,
          | 'status'
          | 'scheduled_at'
          | 'planned_at'
          | 'bureau_size'
          | 'quorum_required'
          | 'opened_by'
          | 'opened_at'
          | 'closed_by'
          | 'closed_at'
          | 'chair_id'
          | 'secretary_id'
          | 'minutes_approved_at'
          | 'minutes_approved_by'
        >
      > & {
        updated_at: string;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('bureau_sessions')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async recordAttendance(sessionId: string, rows: { personId: string; office: string; present: boolean }[]): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insertInto('bureau_attendance')
        .values(rows.map((r) => ({ session_id: sessionId, person_id: r.personId, office: r.office, present: r.present ? 1 : 0 })))
        .execute();
    },

    async attendance(sessionId: string): Promise<Attendance[]> {
      const rows = await db
        .selectFrom('bureau_attendance')
        .innerJoin('people', 'people.id', 'bureau_attendance.person_id')
        .select([
          'bureau_attendance.person_id as personId',
          'people.display_name as displayName',
          'bureau_attendance.office as office',
          'bureau_attendance.present as present',
        ])
        .where('bureau_attendance.session_id', '=', sessionId)
        .orderBy('people.sort_key')
        .execute();
      return rows.map((r) => ({ ...r, present: Number(r.present) === 1 }));
    },

    async agenda(sessionId: string): Promise<AgendaItem[]> {
      return db
        .selectFrom('agenda_items')
        .leftJoin('applications', 'applications.id', 'agenda_items.application_id')
        .leftJoin('people as applicant', 'applicant.id', 'applications.person_id')
        .leftJoin('people as rapporteur', 'rapporteur.id', 'applications.rapporteur_id')
        .leftJoin('memberships', 'memberships.id', 'agenda_items.membership_id')
        .leftJoin('people as member', (join) =>
          join.on((eb) => eb.or([eb('member.id', '=', eb.ref('memberships.person_id')), eb('member.id', '=', eb.ref('agenda_items.person_id'))])),
        )
        .select([
          'agenda_items.id as id',
          'agenda_items.session_id as sessionId',
          'agenda_items.kind as kind',
          'agenda_items.application_id as applicationId',
          'agenda_items.membership_id as membershipId',
          'agenda_items.person_id as personId',
          'member.display_name as memberName',
          'agenda_items.title as title',
          'agenda_items.body as body',
          'agenda_items.position as position',
          'agenda_items.state as state',
          'agenda_items.carried_to as carriedTo',
          'agenda_items.deliberations as deliberations',
          'applicant.id as applicantId',
          'applicant.display_name as applicantName',
          'applications.rapporteur_id as rapporteurId',
          'rapporteur.display_name as rapporteurName',
        ])
        .where('agenda_items.session_id', '=', sessionId)
        .orderBy('agenda_items.position')
        .orderBy('agenda_items.id')
        .execute();
    },

    async findItem(id: string): Promise<AgendaItem | undefined> {
      const row = await db.selectFrom('agenda_items').select('session_id').where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return (await this.agenda(row.session_id)).find((i) => i.id === id);
    },

    /** The open item of this application on this session, if it is on its agenda. */
    async openItemOf(sessionId: string, applicationId: string): Promise<{ id: string; state: AgendaItemState } | undefined> {
      return db
        .selectFrom('agenda_items')
        .select(['id', 'state'])
        .where('session_id', '=', sessionId)
        .where('application_id', '=', applicationId)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
    },

    /** Open agenda items reviewing this membership (on any session). */
    async openItemsOfMembership(membershipId: string): Promise<{ id: string; sessionId: string }[]> {
      return db
        .selectFrom('agenda_items')
        .select(['id', 'session_id as sessionId'])
        .where('membership_id', '=', membershipId)
        .where('state', '=', 'open')
        .execute();
    },

    /**
     * Adds an open item at the end of a session's agenda: an application, a lapse review or a
     * free item (what it is about says which). Returns the item's id.
     */
    async appendItem(item: {
      sessionId: string;
      kind: AgendaItemTable['kind'];
      applicationId?: string | null;
      membershipId?: string | null;
      personId?: string | null;
      title?: string | null;
      body?: string | null;
      createdBy: string | null;
      now: string;
    }): Promise<string> {
      const id = newId();
      const last = await db
        .selectFrom('agenda_items')
        .select((eb) => eb.fn.max<number | null>('position').as('max'))
        .where('session_id', '=', item.sessionId)
        .executeTakeFirst();
      await db
        .insertInto('agenda_items')
        .values({
          id,
          session_id: item.sessionId,
          kind: item.kind,
          application_id: item.applicationId ?? null,
          membership_id: item.membershipId ?? null,
          person_id: item.personId ?? null,
          title: item.title ?? null,
          body: item.body ?? null,
          position: Number(last?.max ?? 0) + 1,
          state: 'open',
          carried_to: null,
          created_by: item.createdBy,
          created_at: item.now,
          updated_at: item.now,
        })
        .execute();
      return id;
    },

    /** Moves an item to another state, only from `from`: false when someone moved it first. */
    async setItemState(id: string, from: AgendaItemState, patch: { state: AgendaItemState; carried_to?: string | null; updated_at: string }): Promise<boolean> {
      const result = await db.updateTable('agenda_items').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** What was said on each item, for the minutes (null: nothing). */
    async setDeliberations(sessionId: string, texts: { itemId: string; text: string | null }[], now: string): Promise<void> {
      for (const d of texts) {
        await db
          .updateTable('agenda_items')
          .set({ deliberations: d.text, updated_at: now })
          .where('id', '=', d.itemId)
          .where('session_id', '=', sessionId)
          .execute();
      }
    },

    async setPosition(id: string, position: number, now: string): Promise<void> {
      await db.updateTable('agenda_items').set({ position, updated_at: now }).where('id', '=', id).execute();
    },

    async insertDecision(row: DecisionTable): Promise<void> {
      await db.insertInto('decisions').values(row).execute();
    },

    async decisions(sessionId: string): Promise<Decision[]> {
      const rows = await db.selectFrom('decisions').selectAll().where('session_id', '=', sessionId).orderBy('decided_at').orderBy('id').execute();
      return rows.map(toDecision);
    },

    /** A decision about a member names their membership once the memberships module found it. */
    async attachMembershipToDecision(id: string, membershipId: string): Promise<void> {
      await db.updateTable('decisions').set({ membership_id: membershipId }).where('id', '=', id).execute();
    },

    async findDecision(id: string): Promise<Decision | undefined> {
      const row = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDecision(row) : undefined;
    },
  };
}

function toDecision(r: DecisionTable): Decision {
  return {
    id: r.id,
    sessionId: r.session_id,
    agendaItemId: r.agenda_item_id,
    applicationId: r.application_id,
    membershipId: r.membership_id,
    outcome: r.outcome,
    votes: r.votes_for === null ? null : { for: Number(r.votes_for), against: Number(r.votes_against), abstain: Number(r.votes_abstain) },
    rationale: r.rationale,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
