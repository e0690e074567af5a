import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { canConductAssemblies } from './policy.js';
import { createAssembliesRepository, type InviteeRow } from './repository.js';
import { checkMayGiveProxy, checkProxy, type Rsvp } from './rules.js';
import { refuse, type AssemblyKit } from './kit.js';
import type { Assembly, RsvpView } from './types.js';
import { searchKey } from '../../platform/text.js';
import { PICKER_MIN_CHARACTERS } from '../people/service.js';

/** As many matches as the people's picker offers under its field. */
const PROXY_HOLDER_MATCHES = 8;

/** Taking part: answers, proxies and check-in, from a session or from the personal link. */
export function createParticipation(ctx: ServiceContext, kit: AssemblyKit) {
  const { database, clock, config } = ctx;
  const { load, audit, inviteeIdOf, inviteeOf, presentInvitee, mayRead } = kit;

  async function giveProxyAs(assemblyId: string, giverId: string, holderId: string | null, actorId: string | null): Promise<void> {
    await database.transaction(async (trx) => {
      const repo = createAssembliesRepository(trx);
      // One proxy change at a time per assembly: the limit per holder and the ban on chains are
      // read and written under the same lock, so two requests at once cannot both pass them.
      await repo.lockForProxies(assemblyId, database.dialect);
      const a = await load(trx, assemblyId);
      // The two invitations concerned, not the whole list: an assembly may convene tens of thousands.
      const [giver] = await repo.invitees(assemblyId, giverId);
      const proxies = await repo.proxies(assemblyId);
      if (holderId !== null) {
        const [holder] = await repo.invitees(assemblyId, holderId);
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

  /**
   * Whom `giver` may give their proxy to, among those whose name holds `typed`: the assembly's
   * other voters, as the picker of the proxy form offers them (from the third character, ignoring
   * case and accents). Only a voter asks, while proxies are taken: the search names voters, and
   * nobody else has a proxy to give.
   */
  async function holdersNamed(assembly: Assembly, giver: InviteeRow | undefined, typed: string, limit: number) {
    if (!giver) throw new AppError('not_invited', 'You are not invited to this assembly');
    refuse(checkMayGiveProxy({ status: assembly.status, giver }));
    const q = searchKey(typed.trim());
    if (typed.trim().length < PICKER_MIN_CHARACTERS || !q) return [];
    return createAssembliesRepository(database.db).votersNamed(assembly.id, q, giver.personId, limit);
  }

  /**
   * The holder a name typed without a script designates: the one voter it matches. Several:
   * `ambiguous_person`, and the form offers them; none: `no_voter_named`. The proxy's own rules
   * (a limit per holder, no chains) are then `giveProxy`'s, as for a holder chosen from the list.
   */
  async function holderNamed(assembly: Assembly, giver: InviteeRow | undefined, typed: string): Promise<string> {
    const found = await holdersNamed(assembly, giver, typed, 2);
    if (found.length === 1) return found[0]!.personId;
    throw new AppError('validation_failed', found.length ? `Several voters match ${typed}` : `No voter matches ${typed}`, [
      found.length
        ? { path: '/holderId', code: 'ambiguous_person', message: 'several voters match: choose one' }
        : { path: '/holderId', code: 'no_voter_named', message: 'no other voter of this assembly has this name' },
    ]);
  }

  /** The signed-in voter's own invitation to this assembly (one who may not read it learns nothing of it). */
  async function signedInGiver(actor: Actor, id: string) {
    if (!actor.personId) throw new AppError('forbidden', 'Sign in first');
    const assembly = await load(database.db, id);
    const giver = await inviteeOf(database.db, id, actor.personId);
    if (!giver) await mayRead(actor, assembly);
    return { assembly, giver };
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

  /** What the personal link shows its invitee: the assembly, their place, the names at the other end of their proxies. */
  async function rsvpViewOf(assembly: Assembly, invitee: InviteeRow): Promise<RsvpView> {
    const repo = createAssembliesRepository(database.db);
    // The invitee's own proxies and the names at their other ends, not the list of every voter:
    // whom to give a proxy to is searched by name (proxyHoldersNamedByToken).
    const [agenda, proxies] = await Promise.all([repo.items(assembly.id), repo.proxiesOfPeople(assembly.id, [invitee.personId])]);
    const names: Record<string, string> = {};
    for (const p of proxies) {
      names[p.giverId] = p.giverName;
      names[p.holderId] = p.holderName;
    }
    return {
      assembly: { ...assembly, agenda },
      invitee: presentInvitee(invitee, proxies),
      names,
      canCheckIn: assembly.status === 'open' && invitee.checkedInAt === null,
    };
  }

  return {
    async rsvpView(token: string): Promise<RsvpView> {
      const { assembly, invitee } = await byToken(token);
      return rsvpViewOf(assembly, invitee);
    },

    /**
     * What `GET /api/v1/assemblies/rsvp/{token}` answers: the personal link's view, and every voter
     * its invitee may give their proxy to (none without a vote), as `proxyCandidates` — part of
     * the answer since API v1 began, kept for its clients. The pages search among the voters
     * instead (proxyHoldersNamedByToken) and never read this list.
     */
    async rsvpViewWithCandidates(token: string): Promise<RsvpView & { proxyCandidates: { personId: string; displayName: string }[] }> {
      const { assembly, invitee } = await byToken(token);
      const [view, invitees] = await Promise.all([
        rsvpViewOf(assembly, invitee),
        invitee.canVote ? createAssembliesRepository(database.db).invitees(assembly.id) : Promise.resolve([]),
      ]);
      const proxyCandidates = invitees
        .filter((i) => i.canVote && i.personId !== invitee.personId)
        .map((i) => ({ personId: i.personId, displayName: i.displayName }));
      return { ...view, proxyCandidates };
    },

    /** Whom the signed-in voter may give their proxy to, among those whose name holds `typed` (8 at most). */
    async proxyHoldersNamed(actor: Actor, id: string, typed: string): Promise<{ personId: string; displayName: string }[]> {
      const { assembly, giver } = await signedInGiver(actor, id);
      return holdersNamed(assembly, giver, typed, PROXY_HOLDER_MATCHES);
    },

    /** The same for the voter of the personal link (no login: the token is the credential). */
    async proxyHoldersNamedByToken(token: string, typed: string): Promise<{ personId: string; displayName: string }[]> {
      const { assembly, invitee } = await byToken(token);
      return holdersNamed(assembly, invitee, typed, PROXY_HOLDER_MATCHES);
    },

    /** The holder a name typed without a script designates, for the signed-in voter: see holderNamed. */
    async proxyHolderNamed(actor: Actor, id: string, typed: string): Promise<string> {
      const { assembly, giver } = await signedInGiver(actor, id);
      return holderNamed(assembly, giver, typed);
    },

    async proxyHolderNamedByToken(token: string, typed: string): Promise<string> {
      const { assembly, invitee } = await byToken(token);
      return holderNamed(assembly, invitee, typed);
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
