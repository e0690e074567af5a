import type { Kysely } from 'kysely';
import type { ApplicationTable, DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import { openApplicationStatuses, type ApplicationStatus } from './rules.js';

export interface Application {
  id: string;
  personId: string;
  displayName: string;
  motivation: string;
  status: ApplicationStatus;
  sessionId: string | null;
  /** When the session it is on takes place (null while it waits for one). */
  sessionScheduledAt: string | null;
  rapporteurId: string | null;
  rapporteurName: string | null;
  decisionId: string | null;
  submittedAt: string;
  decidedAt: string | null;
  withdrawnAt: string | null;
  version: number;
}

export function createApplicationsRepository(db: Kysely<DB>) {
  function base() {
    return db
      .selectFrom('applications')
      .innerJoin('people', 'people.id', 'applications.person_id')
      .leftJoin('bureau_sessions', 'bureau_sessions.id', 'applications.session_id')
      .leftJoin('people as rapporteur', 'rapporteur.id', 'applications.rapporteur_id')
      .select([
        'applications.id as id',
        'applications.person_id as personId',
        'people.display_name as displayName',
        'applications.motivation as motivation',
        'applications.status as status',
        'applications.session_id as sessionId',
        'bureau_sessions.scheduled_at as sessionScheduledAt',
        'applications.rapporteur_id as rapporteurId',
        'rapporteur.display_name as rapporteurName',
        'applications.decision_id as decisionId',
        'applications.submitted_at as submittedAt',
        'applications.decided_at as decidedAt',
        'applications.withdrawn_at as withdrawnAt',
        'applications.version as version',
      ]);
  }
  return {
    async findById(id: string): Promise<Application | undefined> {
      return base().where('applications.id', '=', id).executeTakeFirst();
    },

    async findByIds(ids: readonly string[]): Promise<Application[]> {
      if (ids.length === 0) return [];
      return base()
        .where('applications.id', 'in', [...new Set(ids)])
        .execute();
    },

    /** Records a submitted application, waiting for a session; returns its id. */
    async submit(a: { personId: string; motivation: string; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('applications')
        .values({
          id,
          person_id: a.personId,
          motivation: a.motivation,
          status: 'submitted',
          session_id: null,
          rapporteur_id: null,
          decision_id: null,
          submitted_at: a.now,
          decided_at: null,
          withdrawn_at: null,
          created_at: a.now,
          updated_at: a.now,
          version: 1,
        })
        .execute();
      return id;
    },

    /** The person's application still waiting for a decision, if any. */
    async openOf(personId: string): Promise<Application | undefined> {
      return base().where('applications.person_id', '=', personId).where('applications.status', 'in', openApplicationStatuses).executeTakeFirst();
    },

    async ofPerson(personId: string): Promise<Application[]> {
      return base().where('applications.person_id', '=', personId).orderBy('applications.id', 'desc').execute();
    },

    async lastRejectionAt(personId: string): Promise<string | null> {
      const row = await db
        .selectFrom('applications')
        .select('decided_at')
        .where('person_id', '=', personId)
        .where('status', '=', 'rejected')
        .orderBy('decided_at', 'desc')
        .executeTakeFirst();
      return row?.decided_at ?? null;
    },

    /** Applications waiting for a session, oldest first: they go on the next agenda in this order. */
    async waitingForSession(): Promise<Application[]> {
      return base()
        .where('applications.status', 'in', ['submitted', 'deferred'])
        .where('applications.session_id', 'is', null)
        .orderBy('applications.submitted_at')
        .execute();
    },

    async list(filter: { personId?: string; open?: boolean; beforeId?: string; limit: number }): Promise<Application[]> {
      let q = base();
      if (filter.personId) q = q.where('applications.person_id', '=', filter.personId);
      if (filter.open) q = q.where('applications.status', 'in', openApplicationStatuses);
      if (filter.beforeId) q = q.where('applications.id', '<', filter.beforeId);
      return q.orderBy('applications.id', 'desc').limit(filter.limit).execute();
    },

    /**
     * Moves an application on, if nobody else did meanwhile (optimistic concurrency, a version column):
     * false when the version changed, which callers turn into a conflict.
     */
    async update(
      id: string,
      version: number,
      patch: Partial<Pick<ApplicationTable, 'status' | 'session_id' | 'rapporteur_id' | 'decision_id' | 'decided_at' | 'withdrawn_at'>> & {
        updated_at: string;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('applications')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Open applications per rapporteur: the load view of the bureau. */
    async openByRapporteur(): Promise<{ rapporteurId: string; count: number }[]> {
      const rows = await db
        .selectFrom('applications')
        .select(['rapporteur_id', (eb) => eb.fn.countAll<number>().as('count')])
        .where('status', 'in', openApplicationStatuses)
        .where('rapporteur_id', 'is not', null)
        .groupBy('rapporteur_id')
        .execute();
      return rows.map((r) => ({ rapporteurId: r.rapporteur_id!, count: Number(r.count) }));
    },
  };
}
