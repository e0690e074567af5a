import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DB, RequestConsultationTable, RequestMessageTable, RequestTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import { searchKey } from '../../platform/text.js';
import { MODERATION_CATEGORY, OPEN_STATUSES, type RequestScope, type RequestStatus, type ConsultationStatus } from './rules.js';

export type RequestRow = Selectable<RequestTable>;

export interface RequestRecord {
  id: string;
  category: string;
  teamId: string;
  teamSlug: string;
  teamName: { fr: string; en: string };
  status: RequestStatus;
  requesterEmail: string;
  requesterName: string | null;
  requesterPersonId: string | null;
  locale: 'fr' | 'en';
  subject: string;
  message: string;
  link: string | null;
  concerns: string | null;
  reportedPersonId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  tokenSalt: string;
  firstResponseAt: string | null;
  lastActivityAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  joinOutcome: 'accepted' | 'refused' | null;
  joinReason: string | null;
  joinPersonId: string | null;
  createdAt: string;
  version: number;
}

export interface RequestMessage {
  id: string;
  authorKind: RequestMessageTable['author_kind'];
  authorId: string | null;
  authorName: string | null;
  internal: boolean;
  body: string;
  consultationId: string | null;
  createdAt: string;
}

export interface Consultation {
  id: string;
  requestId: string;
  teamId: string;
  teamSlug: string;
  teamName: { fr: string; en: string };
  question: string;
  askedBy: string | null;
  askedByName: string | null;
  askedAt: string;
  status: RequestConsultationTable['status'];
  answer: string | null;
  answeredBy: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  version: number;
}

export interface RequestFilter {
  scope: RequestScope;
  teamId?: string;
  statuses?: readonly RequestStatus[];
  /** A person's id, or `none` for the requests nobody took yet. */
  assignee?: string;
  category?: string;
  afterId?: string;
  limit: number;
}

type Eb = ExpressionBuilder<DB, 'requests'>;

/** The scope as a condition: what requestScope (rules.ts) lets this viewer see, inside the query. */
function scoped(eb: Eb, scope: RequestScope) {
  const conditions = [];
  if (scope.notAbout) conditions.push(eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', scope.notAbout)]));
  // No bound booleans: SQLite binds none, so "nothing" is written 1 = 0.
  const own = scope.teamIds.length > 0 ? eb('requests.team_id', 'in', scope.teamIds) : sql<boolean>`1 = 0`;
  if (!scope.allTeams) conditions.push(own);
  else if (scope.reportsOnlyOnOwnTeams) conditions.push(eb.or([eb('requests.category', '!=', MODERATION_CATEGORY), own]));
  return conditions.length > 0 ? eb.and(conditions) : sql<boolean>`1 = 1`;
}

const bool = (v: unknown) => Number(v) === 1 || v === true;

export function createRequestsRepository(db: Kysely<DB>) {
  function base() {
    return db
      .selectFrom('requests')
      .innerJoin('teams', 'teams.id', 'requests.team_id')
      .leftJoin('people as assignee', 'assignee.id', 'requests.assignee_id')
      .selectAll('requests')
      .select(['teams.slug as team_slug', 'teams.name_fr as team_name_fr', 'teams.name_en as team_name_en', 'assignee.display_name as assignee_name']);
  }
  type Joined = RequestRow & { team_slug: string; team_name_fr: string; team_name_en: string; assignee_name: string | null };
  const present = (r: Joined): RequestRecord => ({
    id: r.id,
    category: r.category,
    teamId: r.team_id,
    teamSlug: r.team_slug,
    teamName: { fr: r.team_name_fr, en: r.team_name_en },
    status: r.status,
    requesterEmail: r.requester_email,
    requesterName: r.requester_name,
    requesterPersonId: r.requester_person_id,
    locale: r.locale === 'en' ? 'en' : 'fr',
    subject: r.subject,
    message: r.message,
    link: r.link,
    concerns: r.concerns,
    reportedPersonId: r.reported_person_id,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    tokenSalt: r.token_salt,
    firstResponseAt: r.first_response_at,
    lastActivityAt: r.last_activity_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    joinOutcome: r.join_outcome,
    joinReason: r.join_reason,
    joinPersonId: r.join_person_id,
    createdAt: r.created_at,
    version: Number(r.version),
  });

  function consultations() {
    return db
      .selectFrom('request_consultations')
      .innerJoin('teams', 'teams.id', 'request_consultations.team_id')
      .leftJoin('people as asker', 'asker.id', 'request_consultations.asked_by')
      .leftJoin('people as answerer', 'answerer.id', 'request_consultations.answered_by')
      .selectAll('request_consultations')
      .select([
        'teams.slug as team_slug',
        'teams.name_fr as team_name_fr',
        'teams.name_en as team_name_en',
        'asker.display_name as asker_name',
        'answerer.display_name as answerer_name',
      ]);
  }
  type JoinedConsultation = Selectable<RequestConsultationTable> & {
    team_slug: string;
    team_name_fr: string;
    team_name_en: string;
    asker_name: string | null;
    answerer_name: string | null;
  };
  const presentConsultation = (r: JoinedConsultation): Consultation => ({
    id: r.id,
    requestId: r.request_id,
    teamId: r.team_id,
    teamSlug: r.team_slug,
    teamName: { fr: r.team_name_fr, en: r.team_name_en },
    question: r.question,
    askedBy: r.asked_by,
    askedByName: r.asker_name,
    askedAt: r.asked_at,
    status: r.status,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredByName: r.answerer_name,
    answeredAt: r.answered_at,
    version: Number(r.version),
  });

  return {
    async insert(row: RequestRow): Promise<void> {
      await db.insertInto('requests').values(row).execute();
    },

    async findById(id: string): Promise<RequestRecord | undefined> {
      const row = await base().where('requests.id', '=', id).executeTakeFirst();
      return row ? present(row) : undefined;
    },

    async findByIds(ids: string[]): Promise<RequestRecord[]> {
      if (ids.length === 0) return [];
      const rows = await base().where('requests.id', 'in', ids).execute();
      return rows.map(present);
    },

    async findByTokenHash(hash: string): Promise<RequestRecord | undefined> {
      const row = await base().where('requests.token_hash', '=', hash).executeTakeFirst();
      return row ? present(row) : undefined;
    },

    /**
     * Re-issues the follow link (a token made before purpose keys is replaced by the one the next
     * mail carries). A revoked link stays revoked; the version is untouched, since nothing the
     * team edits changed.
     */
    async renewTokenHash(id: string, hash: string): Promise<void> {
      await db.updateTable('requests').set({ token_hash: hash }).where('id', '=', id).where('token_hash', 'not like', 'revoked:%').execute();
    },

    /** Optimistic concurrency: false when someone changed the request since `version` was read. */
    async update(id: string, version: number, changes: Partial<RequestRow>): Promise<boolean> {
      const r = await db
        .updateTable('requests')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Resolved requests whose resolution is older than `before`: the candidates for closing by themselves. */
    async resolvedBefore(before: string): Promise<string[]> {
      const rows = await db.selectFrom('requests').select('id').where('status', '=', 'resolved').where('resolved_at', '<=', before).orderBy('id').execute();
      return rows.map((r) => r.id);
    },

    /** The inbox, oldest first (first come, first served), scoped to what the viewer may see. */
    async list(filter: RequestFilter): Promise<RequestRecord[]> {
      let q = base().where((eb) => scoped(eb, filter.scope));
      if (filter.teamId) q = q.where('requests.team_id', '=', filter.teamId);
      if (filter.statuses?.length) q = q.where('requests.status', 'in', [...filter.statuses]);
      if (filter.assignee === 'none') q = q.where('requests.assignee_id', 'is', null);
      else if (filter.assignee) q = q.where('requests.assignee_id', '=', filter.assignee);
      if (filter.category) q = q.where('requests.category', '=', filter.category);
      if (filter.afterId) q = q.where('requests.id', '>', filter.afterId);
      const rows = await q.orderBy('requests.id').limit(filter.limit).execute();
      return rows.map(present);
    },

    /** Open requests per team, for the home page of the team's members. */
    async openCounts(teamIds: string[], notAbout: string | null): Promise<Map<string, number>> {
      if (teamIds.length === 0) return new Map();
      let q = db
        .selectFrom('requests')
        .select(['team_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('team_id', 'in', teamIds)
        .where('status', 'in', [...OPEN_STATUSES]);
      if (notAbout) q = q.where((eb) => eb.or([eb('reported_person_id', 'is', null), eb('reported_person_id', '!=', notAbout)]));
      const rows = await q.groupBy('team_id').execute();
      return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
    },

    async messages(requestId: string, options: { includeInternal: boolean }): Promise<RequestMessage[]> {
      let q = db
        .selectFrom('request_messages')
        .leftJoin('people', 'people.id', 'request_messages.author_id')
        .selectAll('request_messages')
        .select('people.display_name as author_name')
        .where('request_messages.request_id', '=', requestId);
      if (!options.includeInternal) q = q.where('request_messages.internal', '=', 0);
      const rows = await q.orderBy('request_messages.id').execute();
      return rows.map((r) => ({
        id: r.id,
        authorKind: r.author_kind,
        authorId: r.author_id,
        authorName: r.author_name,
        internal: bool(r.internal),
        body: r.body,
        consultationId: r.consultation_id,
        createdAt: r.created_at,
      }));
    },

    async addMessage(m: {
      requestId: string;
      authorKind: RequestMessageTable['author_kind'];
      authorId: string | null;
      internal: boolean;
      body: string;
      consultationId?: string | null;
      now: string;
    }): Promise<string> {
      const id = newId();
      await db
        .insertInto('request_messages')
        .values({
          id,
          request_id: m.requestId,
          author_kind: m.authorKind,
          author_id: m.authorId,
          internal: m.internal ? 1 : 0,
          body: m.body,
          consultation_id: m.consultationId ?? null,
          created_at: m.now,
        })
        .execute();
      return id;
    },

    async consultationsOf(requestId: string): Promise<Consultation[]> {
      const rows = await consultations().where('request_consultations.request_id', '=', requestId).orderBy('request_consultations.id').execute();
      return rows.map(presentConsultation);
    },

    async consultationById(id: string): Promise<Consultation | undefined> {
      const row = await consultations().where('request_consultations.id', '=', id).executeTakeFirst();
      return row ? presentConsultation(row) : undefined;
    },

    /**
     * The consultations asked to these teams (every team for the bureau and administrators), with
     * the same exclusions as the inbox: none about a report on the viewer, no report for an
     * administrator off the teams asked.
     */
    async consultationsFor(scope: RequestScope, filter: { teamId?: string; status?: ConsultationStatus; limit: number }): Promise<Consultation[]> {
      let q = consultations().innerJoin('requests', 'requests.id', 'request_consultations.request_id');
      if (scope.notAbout) {
        const me = scope.notAbout;
        q = q.where((eb) => eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', me)]));
      }
      const own = scope.teamIds;
      if (!scope.allTeams) q = own.length ? q.where('request_consultations.team_id', 'in', own) : q.where(sql<boolean>`1 = 0`);
      else if (scope.reportsOnlyOnOwnTeams)
        q = q.where((eb) =>
          eb.or([eb('requests.category', '!=', MODERATION_CATEGORY), own.length ? eb('request_consultations.team_id', 'in', own) : sql<boolean>`1 = 0`]),
        );
      if (filter.teamId) q = q.where('request_consultations.team_id', '=', filter.teamId);
      if (filter.status) q = q.where('request_consultations.status', '=', filter.status);
      const rows = await q.orderBy('request_consultations.id').limit(filter.limit).execute();
      return rows.map(presentConsultation);
    },

    async openConsultationCounts(teamIds: string[], notAbout: string | null): Promise<Map<string, number>> {
      if (teamIds.length === 0) return new Map();
      let q = db
        .selectFrom('request_consultations')
        .innerJoin('requests', 'requests.id', 'request_consultations.request_id')
        .select(['request_consultations.team_id as team_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('request_consultations.team_id', 'in', teamIds)
        .where('request_consultations.status', '=', 'open');
      if (notAbout) q = q.where((eb) => eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', notAbout)]));
      const rows = await q.groupBy('request_consultations.team_id').execute();
      return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
    },

    async addConsultation(c: { requestId: string; teamId: string; question: string; askedBy: string | null; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('request_consultations')
        .values({
          id,
          request_id: c.requestId,
          team_id: c.teamId,
          question: c.question,
          asked_by: c.askedBy,
          asked_at: c.now,
          status: 'open',
          answer: null,
          answered_by: null,
          answered_at: null,
          version: 1,
        })
        .execute();
      return id;
    },

    async answerConsultation(id: string, version: number, answer: { text: string; by: string | null; at: string }): Promise<boolean> {
      const r = await db
        .updateTable('request_consultations')
        .set({ status: 'answered', answer: answer.text, answered_by: answer.by, answered_at: answer.at, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * The one person a report's "about whom" names, by email, chat address, name or pseudonym
     * (ignoring case and accents); null when nobody or several people match.
     */
    async personNamed(text: string): Promise<string | null> {
      const raw = text.trim();
      if (!raw) return null;
      const key = searchKey(raw);
      const rows = await db
        .selectFrom('people')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('email_normalized', '=', raw.toLowerCase()),
            eb('matrix_id', '=', raw),
            eb('xmpp_jid', '=', raw),
            eb('sort_key', '=', key),
            eb(eb.fn('lower', ['pseudonym']), '=', raw.toLowerCase()),
          ]),
        )
        .limit(2)
        .execute();
      return rows.length === 1 ? rows[0].id : null;
    },

    /**
     * The requests that arrived on these teams in (since, until], as a digest for `personId` lists
     * them: never a report about them, nor a request they wrote.
     */
    async arrivedFor(personId: string, teamIds: string[], since: string, until: string): Promise<RequestRecord[]> {
      if (teamIds.length === 0) return [];
      const rows = await base()
        .where('requests.team_id', 'in', teamIds)
        .where('requests.created_at', '>', since)
        .where('requests.created_at', '<=', until)
        .where((eb) => eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', personId)]))
        .where((eb) => eb.or([eb('requests.requester_person_id', 'is', null), eb('requests.requester_person_id', '!=', personId)]))
        .orderBy('requests.created_at')
        .orderBy('requests.id')
        .execute();
      return rows.map(present);
    },

    /** The questions asked to these teams in (since, until], as a digest for `personId` lists them: not theirs, none about a report on them. */
    async askedFor(personId: string, teamIds: string[], since: string, until: string): Promise<Consultation[]> {
      if (teamIds.length === 0) return [];
      const rows = await consultations()
        .innerJoin('requests', 'requests.id', 'request_consultations.request_id')
        .where('request_consultations.team_id', 'in', teamIds)
        .where('request_consultations.asked_at', '>', since)
        .where('request_consultations.asked_at', '<=', until)
        .where((eb) => eb.or([eb('request_consultations.asked_by', 'is', null), eb('request_consultations.asked_by', '!=', personId)]))
        .where((eb) => eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', personId)]))
        .orderBy('request_consultations.asked_at')
        .orderBy('request_consultations.id')
        .execute();
      return rows.map(presentConsultation);
    },

    /** The submissions counted against this key since `since`. */
    async submissionsSince(keyHash: string, since: string): Promise<string[]> {
      const rows = await db.selectFrom('request_throttle').select('at').where('key_hash', '=', keyHash).where('at', '>', since).execute();
      return rows.map((r) => r.at);
    },

    async countSubmission(scope: 'ip' | 'email', keyHash: string, at: string): Promise<void> {
      await db.insertInto('request_throttle').values({ id: newId(), scope, key_hash: keyHash, at }).execute();
    },

    /** Forgets the submissions that no longer count. */
    async pruneSubmissions(before: string): Promise<void> {
      await db.deleteFrom('request_throttle').where('at', '<=', before).execute();
    },
  };
}

export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
