import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { activitySettings } from '../../platform/config.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { formatDay } from '../../platform/i18n/meeting-dates.js';
import { translate } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { isCalendarDate } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createContributionsRepository, type Contribution, type ContributionRow } from './repository.js';
import { assessPeople } from './assessment.js';
import { contributionInputErrors, decideReview, type ActivityAssessment, type ContributionInput, type ContributionStatus } from './rules.js';
import { canReview, canSeeContributionsOf, canSeeDonationAmounts } from './policy.js';

export interface RecordInput extends ContributionInput {
  personId?: string;
  teamSlug?: string | null;
  externalId?: string | null;
  source?: string;
}

/** A contribution as this actor may see it: donations without amount or details for most. */
export function presentContribution(c: Contribution, actor: Actor): Contribution {
  if (c.kind !== 'donation' || canSeeDonationAmounts(actor) || c.personId === actor.personId) return c;
  return { ...c, amountCents: null, summary: '', evidenceUrl: null };
}

export function createContributionsService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const { kinds, policy } = activitySettings(config);
  const contributions = createContributionsRepository(database.db);

  async function teamIdOf(slug: string | null | undefined): Promise<string | null> {
    if (!slug) return null;
    const team = await createTeamsRepository(database.db).findBySlug(slug);
    if (!team) throw new AppError('validation_failed', `No team ${slug}`, [{ path: '/teamSlug', code: 'unknown_team', message: 'no such team' }]);
    return team.id;
  }

  async function load(id: string): Promise<Contribution> {
    const c = await contributions.findById(id);
    if (!c) throw new AppError('not_found', `No contribution ${id}`);
    return c;
  }

  return {
    kinds,
    policy,
    /** The association's today, for forms that default to it (the clock tests pin). */
    today: (): string => clock.today(),

    /**
     * Records a contribution. Declared when people record their own (nobody confirms their own);
     * confirmed when a lead of the team, the bureau or an administrator records someone else's.
     * Idempotent by (source, external id): the same one twice gives the first back.
     */
    async record(actor: Actor, input: RecordInput): Promise<{ contribution: Contribution; created: boolean }> {
      const today = clock.today();
      const errors = contributionInputErrors(input, kinds, today);
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      const personId = input.personId ?? actor.personId;
      if (!personId) throw new AppError('validation_failed', 'personId is required', [{ path: '/personId', code: 'required', message: 'whose contribution?' }]);
      const teamId = await teamIdOf(input.teamSlug);
      const forSomeoneElse = personId !== actor.personId;
      if (forSomeoneElse && !canReview(actor, teamId)) {
        throw new AppError('forbidden', 'Only a lead of the team, the bureau or an administrator record contributions for someone else');
      }
      const source = input.source ?? 'manual';
      const externalId = input.externalId?.trim() || null;
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createContributionsRepository(trx);
        if (externalId) {
          const existing = await repo.findByExternalId(source, externalId);
          if (existing) return { contribution: existing, created: false };
        }
        if (!(await createPeopleRepository(trx).findById(personId))) {
          throw new AppError('validation_failed', `No person ${personId}`, [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]);
        }
        const confirmed = forSomeoneElse;
        const row: ContributionRow = {
          id: newId(),
          person_id: personId,
          team_id: teamId,
          kind: input.kind,
          occurred_on: input.occurredOn,
          summary: input.summary.trim(),
          evidence_url: input.evidenceUrl?.trim() || null,
          amount_cents: input.amountCents ?? null,
          source,
          external_id: externalId,
          status: confirmed ? 'confirmed' : 'declared',
          recorded_by: actor.personId,
          reviewed_by: confirmed ? actor.personId : null,
          reviewed_at: confirmed ? now : null,
          rejection_reason: null,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await repo.insert(row);
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: confirmed ? 'contribution.recorded' : 'contribution.declared',
          subjectType: 'person',
          subjectId: personId,
          after: { contributionId: row.id, kind: row.kind, occurredOn: row.occurred_on, status: row.status, team: input.teamSlug ?? null },
          at: now,
        });
        return { contribution: (await repo.findById(row.id))!, created: true };
      });
    },

    /** Confirms or rejects a declared contribution; the declarer is told by mail. */
    async review(actor: Actor, id: string, outcome: 'confirmed' | 'rejected', reason?: string): Promise<Contribution> {
      const c = await load(id);
      const teamId = c.teamSlug ? (await createTeamsRepository(database.db).findBySlug(c.teamSlug))!.id : null;
      if (!canReview(actor, teamId)) throw new AppError('forbidden', 'Only a lead of this team, the bureau or an administrator review it');
      const decision = decideReview(c, actor.personId ?? '', outcome, reason);
      if (isRefusal(decision)) throw AppError.from(decision);
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createContributionsRepository(trx);
        const changed = await repo.review(id, c.version, {
          status: decision.status,
          reviewed_by: actor.personId,
          reviewed_at: now,
          rejection_reason: outcome === 'rejected' ? reason!.trim() : null,
          updated_at: now,
        });
        if (!changed) throw new AppError('already_reviewed', 'Someone reviewed it in the meantime');
        const person = (await createPeopleRepository(trx).findById(c.personId))!;
        const key = outcome === 'confirmed' ? 'contributions.mail.confirmed' : 'contributions.mail.rejected';
        await createMailRepository(trx).record({
          to: person.email,
          personId: person.id,
          kind: `contribution_${outcome}`,
          subject: translate(person.locale, `${key}.subject`),
          body: translate(person.locale, `${key}.body`, {
            name: person.displayName,
            summary: c.summary,
            date: formatDay(c.occurredOn, person.locale),
            reason: reason?.trim() ?? '',
          }),
          now,
        });
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: `contribution.${outcome}`,
          subjectType: 'person',
          subjectId: c.personId,
          before: { contributionId: id, status: c.status },
          after: { contributionId: id, status: decision.status, reason: reason?.trim() || null },
          at: now,
        });
        return (await repo.findById(id))!;
      });
    },

    async get(actor: Actor, id: string): Promise<Contribution> {
      const c = await load(id);
      if (!canSeeContributionsOf(actor, c.personId)) throw new AppError('not_found', `No contribution ${id}`);
      return presentContribution(c, actor);
    },

    async timeline(actor: Actor, personId: string): Promise<Contribution[]> {
      if (!canSeeContributionsOf(actor, personId)) throw new AppError('not_found', `No person ${personId}`);
      return (await contributions.ofPerson(personId)).map((c) => presentContribution(c, actor));
    },

    /** The `perPerson` latest contributions of each person the actor may see, in one query (what an agenda shows beside each item). */
    async latestOfEach(actor: Actor, personIds: readonly string[], perPerson: number): Promise<Map<string, Contribution[]>> {
      const out = new Map<string, Contribution[]>();
      for (const c of await contributions.latestOfEach(
        personIds.filter((id) => canSeeContributionsOf(actor, id)),
        perPerson,
      )) {
        const list = out.get(c.personId) ?? [];
        list.push(presentContribution(c, actor));
        out.set(c.personId, list);
      }
      return out;
    },

    /** The review queue: declared contributions of the teams the actor leads, or all for the bureau. */
    async awaitingReview(actor: Actor): Promise<Contribution[]> {
      const all = actor.isAdmin || actor.office !== null;
      const list = await contributions.awaitingReview(all ? null : actor.leadOf);
      return list.filter((c) => c.personId !== actor.personId).map((c) => presentContribution(c, actor));
    },

    async list(actor: Actor, filter: { personId?: string; status?: ContributionStatus; team?: string; cursor?: string; limit?: number }) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      // Scoped in the query: people who do not run the association see only their own.
      const seesOthers = canSeeContributionsOf(actor, '');
      const personId = seesOthers ? filter.personId : actor.personId!;
      const teamId = filter.team ? ((await createTeamsRepository(database.db).findBySlug(filter.team))?.id ?? 'none') : undefined;
      const rows = await contributions.list({ personId, status: filter.status, teamId, beforeId: filter.cursor, limit: limit + 1 });
      const page = rows.slice(0, limit).map((c) => presentContribution(c, actor));
      return { items: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
    },

    /** Is this person active on `on` (default today)? With the reasons, in codes the pages put into words. */
    async activity(actor: Actor, personId: string, on?: string): Promise<ActivityAssessment> {
      if (!canSeeContributionsOf(actor, personId)) throw new AppError('not_found', `No person ${personId}`);
      if (on !== undefined && !isCalendarDate(on))
        throw new AppError('validation_failed', 'on must be a date', [{ path: '/on', code: 'invalid_date', message: 'YYYY-MM-DD' }]);
      // The summary query (assessment.ts) reads a few index entries per person, where the person's
      // contributions could be thousands; tests hold it to exactly what assessActivity decides.
      const assessed = (await assessPeople(database.db, policy, on ?? clock.today(), [personId])).get(personId);
      if (!assessed) throw new AppError('not_found', `No person ${personId}`);
      return assessed;
    },

    /** The activity of each of `personIds` the actor may see, in two queries whatever their number (a roster, a page's rows). */
    async activities(actor: Actor, personIds: readonly string[], on?: string): Promise<Map<string, ActivityAssessment>> {
      const visible = personIds.filter((id) => canSeeContributionsOf(actor, id));
      return assessPeople(database.db, policy, on ?? clock.today(), visible);
    },
  };
}

export type ContributionsService = ReturnType<typeof createContributionsService>;
