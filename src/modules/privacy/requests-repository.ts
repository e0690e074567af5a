import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { randomToken } from '../../platform/auth/secrets.js';
import { chunks } from './chunks.js';
import { heldVerifiedAt } from '../people/email-repository.js';
import { CONTRIBUTION_SOURCE, contributionExternalId, isJoin, OPEN_STATUSES } from '../requests/rules.js';

/** A report about the person is none of their business: not in their export, whatever their part in it. */
function notAbout(eb: ExpressionBuilder<DB, 'requests'>, personId: string) {
  return eb.or([eb('requests.reported_person_id', 'is', null), eb('requests.reported_person_id', '!=', personId)]);
}

/** What the requester wrote or was written: their own answers and the team's public replies. */
export interface ExportedRequest {
  id: string;
  category: string;
  team: string;
  status: string;
  email: string;
  name: string | null;
  locale: string;
  subject: string;
  message: string;
  link: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  join: { outcome: string | null; reason: string | null } | null;
  messages: { id: string; from: 'you' | 'team'; body: string; createdAt: string }[];
}

/** A request the person worked on: their part only, never the requester's text nor a colleague's. */
export interface ExportedHandledRequest {
  id: string;
  category: string;
  team: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
  assignedToYou: boolean;
  resolvedByYou: boolean;
  closedByYou: boolean;
  messages: { id: string; kind: 'reply' | 'note' | 'answer'; body: string; createdAt: string }[];
  questions: { id: string; team: string; question: string; askedAt: string }[];
}

/**
 * What the privacy module reads and writes of the requests to the teams: a person's
 * requests for their export, the pseudonym of an erased requester, and the retention purge of
 * closed requests. The requests module knows nothing of erasure nor retention.
 */
export function createPrivacyRequestsRepository(db: Kysely<DB>) {
  return {
    // -----------------------------------------------------------------------------------------
    // Export

    /**
     * The requests the person submitted: by their record (linked when the address was theirs, or
     * when a join request made them a person), or by the address written from (normalised as the
     * requests module stores it) when they had verified it at the time. Only public messages:
     * never an internal note nor a consultation; no name from the team.
     */
    async submitted(personId: string): Promise<ExportedRequest[]> {
      const rows = await db
        .selectFrom('requests')
        .innerJoin('teams', 'teams.id', 'requests.team_id')
        .selectAll('requests')
        .select('teams.slug as team_slug')
        .where((eb) =>
          eb.and([
            eb.or([
              heldVerifiedAt(personId, 'requests.requester_email_normalized', 'requests.created_at'),
              eb('requests.requester_person_id', '=', personId),
              eb('requests.join_person_id', '=', personId),
            ]),
            notAbout(eb, personId),
          ]),
        )
        .orderBy('requests.created_at')
        .orderBy('requests.id')
        .execute();
      const messages = new Map<string, ExportedRequest['messages']>();
      for (const part of chunks(rows.map((r) => r.id))) {
        const found = await db
          .selectFrom('request_messages')
          .select(['id', 'request_id', 'author_kind', 'body', 'created_at'])
          .where('request_id', 'in', part)
          .where('internal', '=', 0)
          .where('author_kind', 'in', ['requester', 'team'])
          .orderBy('id')
          .execute();
        for (const m of found) {
          const list = messages.get(m.request_id) ?? [];
          list.push({ id: m.id, from: m.author_kind === 'requester' ? 'you' : 'team', body: m.body, createdAt: m.created_at });
          messages.set(m.request_id, list);
        }
      }
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        team: r.team_slug,
        status: r.status,
        email: r.requester_email,
        name: r.requester_name,
        locale: r.locale,
        subject: r.subject,
        message: r.message,
        link: r.link,
        createdAt: r.created_at,
        firstResponseAt: r.first_response_at,
        resolvedAt: r.resolved_at,
        closedAt: r.closed_at,
        join: isJoin(r.category) ? { outcome: r.join_outcome, reason: r.join_reason } : null,
        messages: messages.get(r.id) ?? [],
      }));
    },

    /** The requests the person handled: assigned to them, resolved or closed by them, or where they wrote or asked something. */
    async handled(personId: string): Promise<ExportedHandledRequest[]> {
      const rows = await db
        .selectFrom('requests')
        .innerJoin('teams', 'teams.id', 'requests.team_id')
        .select([
          'requests.id',
          'requests.category',
          'requests.status',
          'requests.created_at',
          'requests.closed_at',
          'requests.assignee_id',
          'requests.resolved_by',
          'requests.closed_by',
          'teams.slug',
        ])
        .where((eb) =>
          eb.and([
            eb.or([
              eb('requests.assignee_id', '=', personId),
              eb('requests.resolved_by', '=', personId),
              eb('requests.closed_by', '=', personId),
              eb(
                'requests.id',
                'in',
                eb
                  .selectFrom('request_messages')
                  .select('request_messages.request_id')
                  .where('request_messages.author_id', '=', personId)
                  .where('request_messages.author_kind', 'in', ['team', 'consultation']),
              ),
              eb(
                'requests.id',
                'in',
                eb.selectFrom('request_consultations').select('request_consultations.request_id').where('request_consultations.asked_by', '=', personId),
              ),
            ]),
            notAbout(eb, personId),
          ]),
        )
        .orderBy('requests.created_at')
        .orderBy('requests.id')
        .execute();
      const messages = new Map<string, ExportedHandledRequest['messages']>();
      const questions = new Map<string, ExportedHandledRequest['questions']>();
      for (const part of chunks(rows.map((r) => r.id))) {
        const written = await db
          .selectFrom('request_messages')
          .select(['id', 'request_id', 'author_kind', 'internal', 'body', 'created_at'])
          .where('request_id', 'in', part)
          .where('author_id', '=', personId)
          .where('author_kind', 'in', ['team', 'consultation'])
          .orderBy('id')
          .execute();
        for (const m of written) {
          const kind = m.author_kind === 'consultation' ? 'answer' : Number(m.internal) === 1 ? 'note' : 'reply';
          messages.set(m.request_id, [...(messages.get(m.request_id) ?? []), { id: m.id, kind, body: m.body, createdAt: m.created_at }]);
        }
        const asked = await db
          .selectFrom('request_consultations')
          .innerJoin('teams', 'teams.id', 'request_consultations.team_id')
          .select([
            'request_consultations.id',
            'request_consultations.request_id',
            'teams.slug',
            'request_consultations.question',
            'request_consultations.asked_at',
          ])
          .where('request_consultations.request_id', 'in', part)
          .where('request_consultations.asked_by', '=', personId)
          .orderBy('request_consultations.id')
          .execute();
        for (const q of asked) {
          questions.set(q.request_id, [...(questions.get(q.request_id) ?? []), { id: q.id, team: q.slug, question: q.question, askedAt: q.asked_at }]);
        }
      }
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        team: r.slug,
        status: r.status,
        createdAt: r.created_at,
        closedAt: r.closed_at,
        assignedToYou: r.assignee_id === personId,
        resolvedByYou: r.resolved_by === personId,
        closedByYou: r.closed_by === personId,
        messages: messages.get(r.id) ?? [],
        questions: questions.get(r.id) ?? [],
      }));
    },

    // -----------------------------------------------------------------------------------------
    // Erasure

    /**
     * The requests the person submitted (as for the export) take the pseudonym and placeholder
     * `fields`; their answers in the thread become `placeholder`; the follow links stop working (the
     * digest becomes a value no token digests to). The team's messages keep their text: they name
     * their author by id, which now shows the pseudonym where the author is the erased person.
     */
    async eraseRequester(
      personId: string,
      fields: { requester_email: string; requester_email_normalized: string; requester_name: string; subject: string; message: string; link: null },
      placeholder: string,
      at: string,
    ): Promise<{ requests: number; messages: number }> {
      const ids = (
        await db
          .selectFrom('requests')
          .select('id')
          .where((eb) =>
            eb.or([
              heldVerifiedAt(personId, 'requests.requester_email_normalized', 'requests.created_at'),
              eb('requester_person_id', '=', personId),
              eb('join_person_id', '=', personId),
            ]),
          )
          .execute()
      ).map((r) => r.id);
      let messages = 0;
      for (const part of chunks(ids)) {
        await db
          .updateTable('requests')
          .set((eb) => ({
            ...fields,
            requester_person_id: personId,
            token_hash: sql<string>`'revoked:' || ${sql.ref('id')}`,
            token_salt: randomToken(),
            updated_at: at,
            version: eb('version', '+', 1),
          }))
          .where('id', 'in', part)
          .execute();
        const r = await db
          .updateTable('request_messages')
          .set({ body: placeholder })
          .where('request_id', 'in', part)
          .where('author_kind', '=', 'requester')
          .executeTakeFirst();
        messages += Number(r.numUpdatedRows);
      }
      return { requests: ids.length, messages };
    },

    /** Reports about the person name them by their pseudonym instead of the words of the reporter. */
    async renameInReports(personId: string, displayName: string, at: string): Promise<number> {
      const r = await db
        .updateTable('requests')
        .set((eb) => ({ concerns: displayName, updated_at: at, version: eb('version', '+', 1) }))
        .where('reported_person_id', '=', personId)
        .where('concerns', 'is not', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Open requests given to the person go back to their team (nobody has them); returns their ids. */
    async unassign(personId: string, at: string): Promise<string[]> {
      const ids = (
        await db
          .selectFrom('requests')
          .select('id')
          .where('assignee_id', '=', personId)
          .where('status', 'in', [...OPEN_STATUSES])
          .execute()
      ).map((r) => r.id);
      for (const part of chunks(ids)) {
        await db
          .updateTable('requests')
          .set((eb) => ({ assignee_id: null, updated_at: at, version: eb('version', '+', 1) }))
          .where('id', 'in', part)
          .execute();
      }
      return ids;
    },

    // -----------------------------------------------------------------------------------------
    // Retention

    /**
     * Requests closed before `before` and not purged yet (the purge writes the address
     * `PURGED-<id>@INVALID`, see purgedRequestFields), and whether a contribution points at each.
     */
    async due(before: string) {
      const rows = await db
        .selectFrom('requests')
        .select(['id', 'status', 'closed_at', 'requester_email_normalized'])
        .where('status', '=', 'closed')
        .where('closed_at', '<', before)
        .where('requester_email_normalized', '!=', sql<string>`'PURGED-' || ${sql.ref('id')} || '@INVALID'`)
        .orderBy('id')
        .execute();
      const referenced = new Set<string>();
      for (const part of chunks(rows.map((r) => r.id))) {
        const found = await db
          .selectFrom('contributions')
          .select('external_id')
          .where('source', '=', CONTRIBUTION_SOURCE)
          .where('external_id', 'in', part.map(contributionExternalId))
          .execute();
        for (const c of found) referenced.add(String(c.external_id));
      }
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        closedAt: r.closed_at,
        emailNormalized: r.requester_email_normalized,
        referenced: referenced.has(contributionExternalId(r.id)),
      }));
    },

    /** Writes a purged request's fields, and `placeholder` over every text of its thread and its questions to other teams. */
    async purge(id: string, fields: Partial<DB['requests']>, placeholder: string, at: string): Promise<void> {
      await db
        .updateTable('requests')
        .set((eb) => ({ ...fields, token_hash: `revoked:${id}`, token_salt: randomToken(), updated_at: at, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await db.updateTable('request_messages').set({ body: placeholder }).where('request_id', '=', id).execute();
      await db.updateTable('request_consultations').set({ question: placeholder }).where('request_id', '=', id).execute();
      await db.updateTable('request_consultations').set({ answer: placeholder }).where('request_id', '=', id).where('answer', 'is not', null).execute();
    },

    /** Requests nothing points at go whole, with their thread and questions. */
    async delete(ids: string[]): Promise<void> {
      for (const part of chunks(ids)) {
        await db.deleteFrom('request_messages').where('request_id', 'in', part).execute();
        await db.deleteFrom('request_consultations').where('request_id', 'in', part).execute();
        await db.deleteFrom('requests').where('id', 'in', part).execute();
      }
    },
  };
}
