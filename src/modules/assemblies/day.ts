import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository } from './repository.js';
import { checkCounts, checkVote, tallyResolution, transitionAssembly, type Majority, type Quorum, type VoteChoice } from './rules.js';
import { blank, refuse, type AssemblyKit } from './kit.js';
import { heldBeforePlanned } from '../sessions/rules.js';
import type { AssemblyView, Resolution } from './types.js';
import type { AgendaChanges } from './amendments.js';
import type { AssemblyMinutes } from './minutes-record.js';

/** The day: opening, resolutions, votes in the app or by show of hands, closing with the minutes. */
export function createAssemblyDay(
  ctx: ServiceContext,
  kit: AssemblyKit,
  view: (actor: Actor, id: string) => Promise<AssemblyView>,
  agenda: Pick<AgendaChanges, 'loadForChange' | 'amendAgenda'>,
  minutesOf: AssemblyMinutes['minutesOf'],
) {
  const { database, clock, config } = ctx;
  const { load, audit, move, quorumOf, mayRead } = kit;

  /** The votes of a resolution as they stand: counted by show of hands, or cast in the app. */
  async function countsOf(repo: ReturnType<typeof createAssembliesRepository>, r: Resolution) {
    if (r.method === 'show_of_hands') return r.votes ?? { for: 0, against: 0, abstain: 0 };
    const votes = await repo.votes(r.id);
    return {
      for: votes.filter((v) => v.choice === 'for').length,
      against: votes.filter((v) => v.choice === 'against').length,
      abstain: votes.filter((v) => v.choice === 'abstain').length,
    };
  }

  return {
    /** What closing the vote now would give, changing nothing: said on the confirmation before it is done. */
    async resolutionClosePreview(actor: Actor, id: string, resolutionId: string) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      const repo = createAssembliesRepository(database.db);
      const r = await repo.resolution(id, resolutionId);
      if (!r) throw new AppError('not_found', 'No such resolution');
      if (r.status !== 'open') throw new AppError('resolution_not_open', 'This resolution is not being voted');
      const counts = await countsOf(repo, r);
      return { title: r.title, ...counts, result: tallyResolution({ majority: r.majority, ...counts }) };
    },

    async open(actor: Actor, id: string): Promise<AssemblyView> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        const now = clock.now();
        // Opened before its planned day, the assembly is held today: never dated in the future.
        const early = heldBeforePlanned(a.scheduledAt, now, config.TIMEZONE) ? { scheduled_at: now, planned_at: a.scheduledAt } : {};
        await move(trx, a, 'open', { opened_at: now, ...early });
        await audit(trx, actor.personId, 'assembly.opened', id);
      });
      return view(actor, id);
    },

    async quorum(actor: Actor, id: string): Promise<Quorum> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      return quorumOf(database.db, id);
    },

    async addResolution(actor: Actor, id: string, input: { title: string; text?: string | null; majority: Majority }) {
      if (!canConductAssemblies(actor) && !canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau proposes the resolutions');
      const title = input.title.trim();
      if (!title) throw new AppError('validation_failed', 'A title is required', [{ path: '/title', code: 'required', message: 'a title is required' }]);
      return database.transaction(async (trx) => {
        const change = await agenda.loadForChange(trx, id, true);
        const r = await createAssembliesRepository(trx).addResolution({ assemblyId: id, title, text: blank(input.text), majority: input.majority });
        await audit(trx, actor.personId, 'assembly.resolution_added', id, { resolutionId: r.id, title, majority: input.majority });
        await agenda.amendAgenda(trx, change, actor, 'resolutionAdded', title);
        return r;
      });
    },

    async openResolution(actor: Actor, id: string, resolutionId: string) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status !== 'open') throw new AppError('assembly_not_open', 'The assembly is not open');
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (r.status !== 'proposed') throw new AppError('illegal_transition', 'This resolution was already put to the vote');
        if (!(await repo.updateResolution(r.id, r.version, { status: 'open' }))) throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.resolution_opened', id, { resolutionId });
      });
    },

    /** A voter's vote, in the app: for themselves and for each absent member whose proxy they hold. */
    async vote(actor: Actor, id: string, resolutionId: string, choice: VoteChoice): Promise<{ recorded: number }> {
      if (!actor.personId) throw new AppError('forbidden', 'Sign in first');
      const personId = actor.personId;
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        const invitees = await repo.invitees(id);
        const me = invitees.find((i) => i.personId === personId);
        const votes = await repo.votes(resolutionId);
        const alreadyVoted = votes.some((v) => v.voterId === personId);
        refuse(
          checkVote({
            resolutionStatus: r.status,
            assemblyStatus: a.status,
            voter: me ? { canVote: me.canVote, present: me.checkedInAt !== null } : null,
            alreadyVoted,
            mayChange: config.ASSEMBLY_VOTE_CHANGE,
            method: r.method,
          }),
        );
        // A changed vote replaces what this voter cast, for themselves and for the proxies they hold.
        if (alreadyVoted) await repo.withdrawVotesCastBy(resolutionId, personId);
        const present = new Set(invitees.filter((i) => i.checkedInAt).map((i) => i.personId));
        const represented = (await repo.proxies(id))
          .filter((p) => p.holderId === personId && !present.has(p.giverId) && !votes.some((v) => v.voterId === p.giverId && v.castBy !== personId))
          .map((p) => p.giverId);
        const now = clock.now();
        await repo.castVotes([personId, ...represented].map((voterId) => ({ resolutionId, voterId, castBy: personId, choice, at: now })));
        if (r.method === null && !(await repo.updateResolution(r.id, r.version, { method: 'individual' })))
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, personId, alreadyVoted ? 'assembly.vote_changed' : 'assembly.voted', id, { resolutionId, voters: 1 + represented.length });
        return { recorded: 1 + represented.length };
      });
    },

    /** Counts from a show of hands, entered by the bureau. */
    async recordCounts(actor: Actor, id: string, resolutionId: string, counts: { for: number; against: number; abstain: number }) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (a.status !== 'open') throw new AppError('assembly_not_open', 'The assembly is not open');
        if (r.status !== 'open') throw new AppError('resolution_not_open', 'This resolution is not being voted');
        if (r.method === 'individual') throw new AppError('illegal_transition', 'Votes were cast in the app for this resolution');
        const q = await quorumOf(trx, id);
        refuse(checkCounts({ ...counts, voters: q.present + q.represented }));
        if (
          !(await repo.updateResolution(r.id, r.version, {
            method: 'show_of_hands',
            votes_for: counts.for,
            votes_against: counts.against,
            votes_abstain: counts.abstain,
          }))
        )
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.counts_recorded', id, { resolutionId, ...counts });
      });
    },

    async closeResolution(actor: Actor, id: string, resolutionId: string) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      return database.transaction(async (trx) => {
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (r.status !== 'open') throw new AppError('resolution_not_open', 'This resolution is not being voted');
        const counts = await countsOf(repo, r);
        const result = tallyResolution({ majority: r.majority, ...counts });
        if (
          !(await repo.updateResolution(r.id, r.version, {
            status: 'closed',
            method: r.method ?? 'individual',
            votes_for: counts.for,
            votes_against: counts.against,
            votes_abstain: counts.abstain,
            result,
            closed_at: clock.now(),
          }))
        )
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.resolution_closed', id, { resolutionId, ...counts, result });
        return { ...counts, result };
      });
    },

    /** Refuses what close() would refuse, changing nothing: an assembly closes once open, with no vote running. */
    async closePreview(actor: Actor, id: string): Promise<{ invitees: number }> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      const a = await load(database.db, id);
      const next = transitionAssembly(a.status, 'close');
      if (isRefusal(next)) throw AppError.from(next);
      const repo = createAssembliesRepository(database.db);
      if ((await repo.resolutions(id)).some((r) => r.status === 'open'))
        throw new AppError('illegal_transition', 'A resolution is still being voted: close it first');
      return { invitees: (await repo.attendanceCounts(id)).total };
    },

    /** Closes the assembly and writes its minutes from attendance, resolutions and results. */
    async close(actor: Actor, id: string): Promise<{ status: 'closed'; minutes: string }> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const resolutions = await repo.resolutions(id);
        if (resolutions.some((r) => r.status === 'open')) throw new AppError('illegal_transition', 'A resolution is still being voted: close it first');
        await repo.freezeVotes(id);
        const closedAt = clock.now();
        const minutes = await minutesOf(trx, { ...a, status: 'closed', closedAt });
        await move(trx, a, 'close', { closed_at: closedAt, minutes });
        await audit(trx, actor.personId, 'assembly.closed', id);
        return { status: 'closed' as const, minutes };
      });
    },
  };
}
