import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { parseJsonColumn } from '../../platform/db.js';
import { bool } from './chunks.js';
import { heldVerifiedAt } from '../people/email-repository.js';
import { withholdSecretLinks } from '../../platform/mail/secret-links.js';
import { mailLogWithLetters, textOfMail } from '../../platform/mail/repository.js';

/** What an audit entry about or by the person shows them: another person appears by no name or id. */
export interface ExportedAuditEntry {
  seq: number;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  byThemselves: boolean;
  /** Entries about the person carry what changed; entries they wrote about others carry nothing of those. */
  before?: unknown;
  after?: unknown;
}

/** Reads everything one person's export holds (the accounts tables included: the accounts module knows nothing of exports). */
export function createExportRepository(db: Kysely<DB>) {
  return {
    async person(id: string) {
      return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async administratorSince(id: string): Promise<string | null> {
      const row = await db.selectFrom('administrators').select('since').where('person_id', '=', id).executeTakeFirst();
      return row?.since ?? null;
    },

    /** Login identities: never the password hash. */
    async identities(id: string) {
      const rows = await db
        .selectFrom('identities')
        .select(['provider', 'subject', 'created_at', 'updated_at'])
        .where('person_id', '=', id)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ provider: r.provider, subject: r.subject, createdAt: r.created_at, updatedAt: r.updated_at }));
    },

    /** Login sessions: dates and browser; never the id, which is the digest of the cookie. */
    async loginSessions(id: string) {
      const rows = await db
        .selectFrom('sessions')
        .select(['created_at', 'expires_at', 'last_seen_at', 'revoked_at', 'user_agent'])
        .where('person_id', '=', id)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        lastSeenAt: r.last_seen_at,
        revokedAt: r.revoked_at,
        userAgent: r.user_agent,
      }));
    },

    /** API tokens: label and prefix, never the hash. */
    async apiTokens(id: string) {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'label', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
        .where('person_id', '=', id)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, label: r.label, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
    },

    async passwordResets(id: string) {
      const rows = await db
        .selectFrom('password_resets')
        .select(['created_at', 'expires_at', 'used_at'])
        .where('person_id', '=', id)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ requestedAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at }));
    },

    /** The second factor: whether and since when, never its secret nor the recovery codes' hashes. */
    async secondFactor(id: string) {
      const [factor, codes] = await Promise.all([
        db.selectFrom('totp_factors').select(['created_at', 'confirmed_at']).where('person_id', '=', id).executeTakeFirst(),
        db.selectFrom('totp_recovery_codes').select(['created_at', 'used_at']).where('person_id', '=', id).orderBy('created_at').execute(),
      ]);
      return factor
        ? { enrolledAt: factor.created_at, confirmedAt: factor.confirmed_at, recoveryCodes: codes.map((c) => ({ createdAt: c.created_at, usedAt: c.used_at })) }
        : null;
    },

    async teamRoles(id: string) {
      const rows = await db
        .selectFrom('team_roles')
        .innerJoin('teams', 'teams.id', 'team_roles.team_id')
        .select(['teams.slug', 'team_roles.role', 'team_roles.since', 'team_roles.until'])
        .where('team_roles.person_id', '=', id)
        .orderBy('team_roles.since')
        .orderBy('team_roles.id')
        .execute();
      return rows.map((r) => ({ team: r.slug, role: r.role, since: r.since, until: r.until }));
    },

    /** Second-step sign-in challenges: dates only, never the digest of the token the form carried. */
    async signInChallenges(id: string) {
      const rows = await db
        .selectFrom('login_challenges')
        .select(['created_at', 'expires_at', 'used_at'])
        .where('person_id', '=', id)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at }));
    },

    /**
     * Changes of the person's bureau office proposed to the bureau (appointed, or an office ended),
     * pending, confirmed or cancelled: who proposed and who decided are other people, left out.
     */
    async bureauChanges(id: string) {
      const rows = await db
        .selectFrom('bureau_changes')
        .select(['kind', 'office', 'effective_on', 'status', 'proposed_at', 'decided_at'])
        .where('person_id', '=', id)
        .orderBy('proposed_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        kind: r.kind,
        office: r.office,
        effectiveOn: r.effective_on,
        status: r.status,
        proposedAt: r.proposed_at,
        decidedAt: r.decided_at,
      }));
    },

    /** When the person was last sent the digest of their teams' waiting requests, or null. */
    async lastRequestDigestAt(id: string): Promise<string | null> {
      const row = await db.selectFrom('request_digests').select('sent_at').where('person_id', '=', id).executeTakeFirst();
      return row?.sent_at ?? null;
    },

    async bureauOffices(id: string) {
      const rows = await db
        .selectFrom('bureau_offices')
        .select(['office', 'since', 'until'])
        .where('person_id', '=', id)
        .orderBy('since')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ office: r.office, since: r.since, until: r.until }));
    },

    async memberships(id: string) {
      const rows = await db.selectFrom('memberships').selectAll().where('person_id', '=', id).orderBy('since').orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        since: r.since,
        until: r.until,
        endedReason: r.ended_reason,
        lapsingSince: r.lapsing_since,
        graceUntil: r.grace_until,
        reviewSince: r.review_since,
        keptUntil: r.kept_until,
        warnedUntil: r.warned_until,
        decisionId: r.decision_id,
        endedDecisionId: r.ended_decision_id,
      }));
    },

    async contributions(id: string) {
      const rows = await db
        .selectFrom('contributions')
        .leftJoin('teams', 'teams.id', 'contributions.team_id')
        .select([
          'contributions.id',
          'contributions.kind',
          'contributions.occurred_on',
          'contributions.summary',
          'contributions.evidence_url',
          'contributions.amount_cents',
          'contributions.source',
          'contributions.external_id',
          'contributions.status',
          'contributions.rejection_reason',
          'contributions.reviewed_at',
          'contributions.created_at',
          'teams.slug',
        ])
        .where('contributions.person_id', '=', id)
        .orderBy('contributions.occurred_on')
        .orderBy('contributions.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        occurredOn: r.occurred_on,
        summary: r.summary,
        evidenceUrl: r.evidence_url,
        amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
        team: r.slug,
        source: r.source,
        externalId: r.external_id,
        status: r.status,
        rejectionReason: r.rejection_reason,
        reviewedAt: r.reviewed_at,
        recordedAt: r.created_at,
      }));
    },

    async forgeAccounts(id: string) {
      const rows = await db
        .selectFrom('forge_accounts')
        .select(['forge', 'identity', 'created_at'])
        .where('person_id', '=', id)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ forge: r.forge, identity: r.identity, linkedAt: r.created_at }));
    },

    /** Applications with the decision on each: outcome, date and rationale as the minutes record them (the votes stay with the bureau). */
    async applications(id: string) {
      const rows = await db
        .selectFrom('applications')
        .leftJoin('bureau_sessions', 'bureau_sessions.id', 'applications.session_id')
        .leftJoin('decisions', 'decisions.id', 'applications.decision_id')
        .select([
          'applications.id',
          'applications.status',
          'applications.motivation',
          'applications.submitted_at',
          'applications.decided_at',
          'applications.withdrawn_at',
          'applications.purged_at',
          'applications.session_id',
          'bureau_sessions.scheduled_at',
          'decisions.outcome',
          'decisions.decided_at as decision_at',
          'decisions.rationale',
        ])
        .where('applications.person_id', '=', id)
        .orderBy('applications.submitted_at')
        .orderBy('applications.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        motivation: r.purged_at ? null : r.motivation,
        submittedAt: r.submitted_at,
        decidedAt: r.decided_at,
        withdrawnAt: r.withdrawn_at,
        motivationPurgedAt: r.purged_at,
        session: r.session_id ? { id: r.session_id, scheduledAt: r.scheduled_at } : null,
        decision: r.outcome ? { outcome: r.outcome, decidedAt: r.decision_at, rationale: r.rationale } : null,
      }));
    },

    /** Items of bureau agendas about the person: their applications, their membership reviews, items about them. */
    async agendaItems(id: string) {
      const rows = await db
        .selectFrom('agenda_items')
        .innerJoin('bureau_sessions', 'bureau_sessions.id', 'agenda_items.session_id')
        .leftJoin('decisions', 'decisions.agenda_item_id', 'agenda_items.id')
        .select([
          'agenda_items.id',
          'agenda_items.kind',
          'agenda_items.title',
          'agenda_items.body',
          'agenda_items.state',
          'agenda_items.application_id',
          'agenda_items.membership_id',
          'agenda_items.session_id',
          'bureau_sessions.scheduled_at',
          'decisions.outcome',
          'decisions.decided_at',
          'decisions.rationale',
        ])
        .where((eb) =>
          eb.or([
            eb('agenda_items.person_id', '=', id),
            eb('agenda_items.application_id', 'in', eb.selectFrom('applications').select('applications.id').where('applications.person_id', '=', id)),
            eb('agenda_items.membership_id', 'in', eb.selectFrom('memberships').select('memberships.id').where('memberships.person_id', '=', id)),
          ]),
        )
        .orderBy('bureau_sessions.scheduled_at')
        .orderBy('agenda_items.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        state: r.state,
        applicationId: r.application_id,
        membershipId: r.membership_id,
        session: { id: r.session_id, scheduledAt: r.scheduled_at },
        decision: r.outcome ? { outcome: r.outcome, decidedAt: r.decided_at, rationale: r.rationale } : null,
      }));
    },

    async bureauAttendance(id: string) {
      const rows = await db
        .selectFrom('bureau_attendance')
        .innerJoin('bureau_sessions', 'bureau_sessions.id', 'bureau_attendance.session_id')
        .select(['bureau_attendance.session_id', 'bureau_sessions.scheduled_at', 'bureau_attendance.office', 'bureau_attendance.present'])
        .where('bureau_attendance.person_id', '=', id)
        .orderBy('bureau_sessions.scheduled_at')
        .execute();
      return rows.map((r) => ({ sessionId: r.session_id, scheduledAt: r.scheduled_at, office: r.office, present: bool(r.present) }));
    },

    async assemblyInvitations(id: string) {
      const rows = await db
        .selectFrom('assembly_invitees')
        .innerJoin('assemblies', 'assemblies.id', 'assembly_invitees.assembly_id')
        .select([
          'assemblies.id',
          'assemblies.title',
          'assemblies.scheduled_at',
          'assembly_invitees.capacity',
          'assembly_invitees.can_vote',
          'assembly_invitees.convened_at',
          'assembly_invitees.reminded_at',
          'assembly_invitees.rsvp',
          'assembly_invitees.rsvp_at',
          'assembly_invitees.checked_in_at',
        ])
        .where('assembly_invitees.person_id', '=', id)
        .orderBy('assemblies.scheduled_at')
        .execute();
      return rows.map((r) => ({
        assemblyId: r.id,
        title: r.title,
        scheduledAt: r.scheduled_at,
        capacity: r.capacity,
        canVote: bool(r.can_vote),
        convenedAt: r.convened_at,
        remindedAt: r.reminded_at,
        rsvp: r.rsvp,
        rsvpAt: r.rsvp_at,
        checkedInAt: r.checked_in_at,
      }));
    },

    /** Proxies given or held: the other party is another person's data and is left out. */
    async assemblyProxies(id: string) {
      const rows = await db
        .selectFrom('assembly_proxies')
        .select(['assembly_id', 'giver_id', 'created_at'])
        .where((eb) => eb.or([eb('giver_id', '=', id), eb('holder_id', '=', id)]))
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ assemblyId: r.assembly_id, direction: r.giver_id === id ? 'given' : 'held', createdAt: r.created_at }));
    },

    /** The person's own votes (cast by them or by their proxy holder); never the votes they cast for someone else. */
    async assemblyVotes(id: string) {
      const rows = await db
        .selectFrom('assembly_votes')
        .innerJoin('assembly_resolutions', 'assembly_resolutions.id', 'assembly_votes.resolution_id')
        .select([
          'assembly_resolutions.assembly_id',
          'assembly_votes.resolution_id',
          'assembly_resolutions.title',
          'assembly_votes.choice',
          'assembly_votes.cast_at',
          'assembly_votes.cast_by',
        ])
        .where('assembly_votes.voter_id', '=', id)
        .orderBy('assembly_votes.cast_at')
        .execute();
      return rows.map((r) => ({
        assemblyId: r.assembly_id,
        resolutionId: r.resolution_id,
        resolution: r.title,
        choice: r.choice,
        castAt: r.cast_at,
        byProxy: r.cast_by !== id,
      }));
    },

    /**
     * Mails addressed to the person: by their id, or to an address they had verified when the mail
     * was written. Never by their current address alone: whoever typed it into their profile would
     * read the mails of its owner.
     */
    async mails(id: string) {
      const rows = await mailLogWithLetters(db)
        .select([
          'mail_log.id',
          'mail_log.kind',
          'mail_log.to_address',
          'mail_log.subject',
          'mail_log.body_text',
          'mail_log.letter_fields',
          'mail_letters.body_text as letter_text',
          'mail_log.created_at',
          'mail_log.sent_at',
          'mail_log.status',
          'mail_log.locale',
        ])
        .where((eb) => eb.or([eb('mail_log.person_id', '=', id), heldVerifiedAt(id, 'mail_log.to_address', 'mail_log.created_at')]))
        .orderBy('mail_log.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        subject: r.subject,
        // As the mail log shows it: a link mailed to the person is a credential, not their data.
        body: withholdSecretLinks(textOfMail(r), r.locale === 'en' ? 'en' : 'fr'),
        createdAt: r.created_at,
        sentAt: r.sent_at,
        status: r.status,
        locale: r.locale,
      }));
    },

    /** The login addresses the person verified, with when they held each; and the change waiting for confirmation (never its links). */
    async loginAddresses(id: string) {
      const [held, pending] = await Promise.all([
        db.selectFrom('person_emails').selectAll().where('person_id', '=', id).orderBy('verified_from').orderBy('id').execute(),
        db
          .selectFrom('email_changes')
          .select(['new_email', 'proposed_by', 'created_at', 'expires_at', 'status', 'ended_at'])
          .where('person_id', '=', id)
          .orderBy('created_at')
          .execute(),
      ]);
      return {
        verified: held.map((r) => ({ email: r.email_normalized, from: r.verified_from, until: r.verified_until, how: r.verified_by })),
        changes: pending.map((r) => ({
          email: r.new_email,
          byThemselves: r.proposed_by === id,
          proposedAt: r.created_at,
          expiresAt: r.expires_at,
          status: r.status,
          endedAt: r.ended_at,
        })),
      };
    },

    async roomDeliveries(id: string) {
      const rows = await db
        .selectFrom('room_deliveries')
        .innerJoin('rooms', 'rooms.id', 'room_deliveries.room_id')
        .select(['rooms.id', 'rooms.name', 'rooms.provider', 'room_deliveries.handle', 'room_deliveries.action', 'room_deliveries.delivered_at'])
        .where('room_deliveries.person_id', '=', id)
        .orderBy('room_deliveries.delivered_at')
        .execute();
      return rows.map((r) => ({ roomId: r.id, room: r.name, provider: r.provider, handle: r.handle, action: r.action, deliveredAt: r.delivered_at }));
    },

    /** Audit entries about the person (with what changed) and by them (what they did, not to whom it was done). */
    async audit(id: string): Promise<ExportedAuditEntry[]> {
      const out: ExportedAuditEntry[] = [];
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom('audit_log')
          .select(['seq', 'at', 'actor_id', 'action', 'subject_type', 'subject_id', 'before', 'after'])
          .where('seq', '>', after)
          .where((eb) => eb.or([eb('actor_id', '=', id), eb.and([eb('subject_type', '=', 'person'), eb('subject_id', '=', id)])]))
          .orderBy('seq')
          .limit(5000)
          .execute();
        if (rows.length === 0) return out;
        for (const r of rows) {
          const about = r.subject_type === 'person' && r.subject_id === id;
          out.push({
            seq: Number(r.seq),
            at: r.at,
            action: r.action,
            subjectType: r.subject_type,
            subjectId: r.subject_id,
            byThemselves: r.actor_id === id,
            ...(about ? { before: parseJsonColumn(r.before), after: parseJsonColumn(r.after) } : {}),
          });
        }
        after = Number(rows[rows.length - 1].seq);
      }
    },
  };
}
