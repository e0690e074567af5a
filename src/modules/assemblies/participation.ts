import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { canConductAssemblies } from './policy.js';
import { createAssembliesRepository, type InviteeRow } from './repository.js';
import { checkProxy, type Rsvp } from './rules.js';
import { refuse, type AssemblyKit } from './kit.js';
import type { Assembly, RsvpView } from './types.js';

/** Taking part: answers, proxies and check-in, from a session or from the personal link. */
export function createParticipation(ctx: ServiceContext, kit: AssemblyKit) {
  const { database, clock, config } = ctx;
  const { load, audit, inviteeIdOf, inviteeOf, presentInvitee } = kit;

  async function giveProxyAs(assemblyId: string, giverId: string, holderId: string | null, actorId: string | null): Promise<void> {
    await database.transaction(async (trx) => {
      const repo = createAssembliesRepository(trx);
      // One proxy change at a time per assembly: the limit per holder and the ban on chains are
      // read and written under the same lock, so two requests at once cannot both pass them.
      await repo.lockForProxies(assemblyId, database.dialect);
      const a = await load(trx, assemblyId);
      const invitees = await repo.invitees(assemblyId);
      const proxies = await repo.proxies(assemblyId);
      const giver = invitees.find((i) => i.personId === giverId);
      if (holderId !== null) {
        const holder = invitees.find((i) => i.personId === holderId);
        refuse(
          checkProxy({
            status: a.status,
            giver: giver ? { canVote: giver.canVote, present: giver.checkedInAt !== null } : null,
            holder: holder ? { canVote: holder.canVote } : null,
            giverId,
            holderId,
            holderAlreadyHolds: proxies.filter((p) => p.holderId === holderId && p.giverId !== giverId).length,
            max: config.ASSEMBLY_MAX_PROXIES,
            holderGaveProxy: proxies.some((p) => p.giverId === holderId),
            giverHolds: proxies.filter((p) => p.holderId === giverId).length,
          }),
        );
      } else if (!giver) {
        throw new AppError('not_invited', 'You are not invited to this assembly');
      }
      await repo.setProxy(assemblyId, giverId, holderId, clock.now());
      await audit(trx, actorId, holderId ? 'assembly.proxy_given' : 'assembly.proxy_withdrawn', assemblyId, { giverId, holderId });
    });
  }

  async function checkInAs(assemblyId: string, personId: string, present: boolean, actorId: string | null): Promise<void> {
    await database.transaction(async (trx) => {
      const a = await load(trx, assemblyId);
      if (a.status !== 'open') throw new AppError('assembly_not_open', 'Check-in opens with the assembly');
      const me = await inviteeOf(trx, assemblyId, personId);
      if (!me) throw new AppError('not_invited', 'This person is not invited to this assembly');
      await createAssembliesRepository(trx).updateInvitee(me.id, {
        checked_in_at: present ? clock.now() : null,
        checked_in_by: present ? (actorId ?? personId) : null,
      });
      // Present in person: a proxy given beforehand is no longer needed.
      if (present) await createAssembliesRepository(trx).setProxy(assemblyId, personId, null, clock.now());
      await audit(trx, actorId, present ? 'assembly.checked_in' : 'assembly.checked_out', assemblyId, { personId });
    });
  }

  async function byToken(token: string): Promise<{ assembly: Assembly; invitee: InviteeRow & { assemblyId: string } }> {
    const id = inviteeIdOf(token);
    const invitee = id ? await createAssembliesRepository(database.db).inviteeById(id) : undefined;
    if (!invitee)
      throw new AppError(
        'invalid_rsvp_token',
        'This link is not valid: personal links mailed before December 2026 were replaced; use the latest mail, or sign in',
      );
    const assembly = await load(database.db, invitee.assemblyId);
    // The personal link ends with the assembly.
    if (assembly.status === 'closed') throw new AppError('invalid_rsvp_token', 'This assembly is over');
    return { assembly, invitee };
  }

  async function answerAs(assemblyId: string, inviteeId: string, rsvp: Rsvp, actorId: string | null) {
    await database.transaction(async (trx) => {
      const a = await load(trx, assemblyId);
      if (a.status !== 'convened' && a.status !== 'open')
        throw new AppError('illegal_transition', 'Answers are taken between the convocation and the assembly');
      await createAssembliesRepository(trx).updateInvitee(inviteeId, { rsvp, rsvp_at: clock.now() });
      await audit(trx, actorId, 'assembly.rsvp', assemblyId, { inviteeId, rsvp });
    });
  }

  return {
    async rsvpView(token: string): Promise<RsvpView> {
      const { assembly, invitee } = await byToken(token);
      const repo = createAssembliesRepository(database.db);
      const [agenda, invitees, proxies] = await Promise.all([repo.items(assembly.id), repo.invitees(assembly.id), repo.proxies(assembly.id)]);
      return {
        assembly: { ...assembly, agenda },
        invitee: presentInvitee(invitee, proxies),
        proxyCandidates: invitee.canVote
          ? invitees.filter((i) => i.canVote && i.personId !== invitee.personId).map((i) => ({ personId: i.personId, displayName: i.displayName }))
          : [],
        canCheckIn: assembly.status === 'open' && invitee.checkedInAt === null,
      };
    },

    async answer(token: string, rsvp: Rsvp): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await answerAs(assembly.id, invitee.id, rsvp, invitee.personId);
    },

    async answerAsMember(actor: Actor, id: string, rsvp: Rsvp): Promise<void> {
      const me = await inviteeOf(database.db, id, actor.personId);
      if (!me) throw new AppError('not_invited', 'You are not invited to this assembly');
      await answerAs(id, me.id, rsvp, actor.personId);
    },

    async giveProxyByToken(token: string, holderId: string | null): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await giveProxyAs(assembly.id, invitee.personId, holderId, invitee.personId);
    },

    async giveProxy(actor: Actor, id: string, holderId: string | null): Promise<void> {
      if (!actor.personId) throw new AppError('forbidden', 'Sign in first');
      await giveProxyAs(id, actor.personId, holderId, actor.personId);
    },

    async checkInByToken(token: string): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await checkInAs(assembly.id, invitee.personId, true, invitee.personId);
    },

    async checkIn(actor: Actor, id: string, personId: string, present: boolean): Promise<void> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await checkInAs(id, personId, present, actor.personId);
    },
  };
}
