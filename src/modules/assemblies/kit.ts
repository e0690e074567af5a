import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { keysOf } from '../../platform/auth/keys.js';
import { AppError, isRefusal, type Refusal } from '../../platform/errors.js';
import { activitySettings, publicBaseUrl } from '../../platform/config.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createAudiences } from '../contributions/audiences.js';
import { createBureauRepository } from '../bureau/repository.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository, type InviteeRow } from './repository.js';
import { assemblyInvitees, computeAssemblyQuorum, transitionAssembly, type Quorum } from './rules.js';
import type { Assembly, Invitee } from './types.js';

/** An error from a rule's refusal, if any. */
export function refuse(refusal: Refusal | null): void {
  if (refusal) throw AppError.from(refusal);
}

export const blank = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/**
 * What every part of the assemblies service shares: loading, the personal links, who is
 * convened, the quorum, who may read and do what, the audit entry and the guarded transitions.
 */
export function createAssemblyKit(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const publicUrl = publicBaseUrl(config);
  const audiences = (db: Kysely<DB>) => createAudiences(db, activitySettings(config).policy);

  // The personal link: the invitee's id and a MAC of it under the personal-links purpose key. No
  // table to keep; it ends with the assembly. Links made before purpose keys no longer match.
  function rsvpToken(inviteeId: string): string {
    return `${inviteeId}.${keysOf(config).mac('personalLinks', inviteeId).slice(0, 32)}`;
  }
  function inviteeIdOf(token: string): string | null {
    const [id, mac] = token.split('.');
    if (!id || !mac || id.length > 64) return null;
    const expected = Buffer.from(rsvpToken(id).split('.')[1]);
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }
  const rsvpLink = (inviteeId: string) => `${publicUrl}/assemblies/rsvp/${rsvpToken(inviteeId)}`;

  async function load(db: Kysely<DB>, id: string): Promise<Assembly> {
    const a = await createAssembliesRepository(db).findById(id);
    if (!a) throw new AppError('not_found', `No assembly ${id}`);
    return a;
  }

  /**
   * Who the assembly convenes today: every member, every contributor and every bureau office
   * holder ("Every member and every contributor is invited to every general assembly"). The
   * offices are read through the bureau's repository, as the sessions and applications modules
   * do: the bureau sits below the assemblies in the order, so no cycle can form.
   */
  async function desiredInvitees(db: Kysely<DB>) {
    const who = audiences(db);
    const today = clock.today();
    const [members, contributors, offices] = await Promise.all([who.members(), who.contributors(today), createBureauRepository(db).current(today)]);
    return assemblyInvitees({
      members: members.map((p) => ({ personId: p.id, displayName: p.displayName })),
      contributors: contributors.map((p) => ({ personId: p.id, displayName: p.displayName })),
      officeHolders: offices.map((o) => ({ personId: o.personId, displayName: o.displayName })),
      votersAre: config.ASSEMBLY_VOTERS,
    });
  }

  function presentInvitee(row: InviteeRow, proxies: { giverId: string; holderId: string }[]): Invitee {
    return {
      personId: row.personId,
      displayName: row.displayName,
      capacity: row.capacity,
      canVote: row.canVote,
      rsvp: row.rsvp,
      rsvpAt: row.rsvpAt,
      checkedInAt: row.checkedInAt,
      proxyHolderId: proxies.find((p) => p.giverId === row.personId)?.holderId ?? null,
      holdsProxiesFor: proxies.filter((p) => p.holderId === row.personId).map((p) => p.giverId),
    };
  }

  /**
   * The quorum now: voters present, and absent voters whose holder is a present voter, as the
   * database counts them (repository attendanceCounts, the one definition of those facts).
   */
  async function quorumOf(db: Kysely<DB>, assemblyId: string): Promise<Quorum> {
    return quorumFromCounts(await createAssembliesRepository(db).attendanceCounts(assemblyId));
  }

  function quorumFromCounts(counts: { voters: number; present: number; represented: number }): Quorum {
    return computeAssemblyQuorum({ voters: counts.voters, present: counts.present, represented: counts.represented, rule: config.ASSEMBLY_QUORUM });
  }

  async function inviteeOf(db: Kysely<DB>, assemblyId: string, personId: string | null): Promise<InviteeRow | undefined> {
    if (!personId) return undefined;
    return (await createAssembliesRepository(db).invitees(assemblyId, personId))[0];
  }

  async function mayRead(actor: Actor, a: Assembly): Promise<void> {
    if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return;
    if (!(await inviteeOf(database.db, a.id, actor.personId))) throw new AppError('not_found', `No assembly ${a.id}`);
  }

  function allowedActions(actor: Actor, a: Assembly, me: InviteeRow | undefined): string[] {
    const actions: string[] = [];
    const prepare = canPrepareAssemblies(actor);
    const conduct = canConductAssemblies(actor);
    if (prepare && a.status !== 'closed') actions.push('update', 'addItem', 'addDocument');
    if (prepare && a.status === 'draft') actions.push('convene');
    if (conduct && a.status === 'convened') actions.push('open');
    // Resolutions usually go out with the convocation: the bureau may propose them from the start.
    if (conduct && a.status !== 'closed') actions.push('addResolution');
    // What was convened on changes until the assembly opens (checkAgendaChange says when and how).
    if (prepare && (a.status === 'draft' || a.status === 'convened')) actions.push('changeAgenda');
    if (conduct && (a.status === 'draft' || a.status === 'convened')) actions.push('changeResolutions');
    if (conduct && a.status === 'open') actions.push('checkIn', 'openResolution', 'recordCounts', 'closeResolution', 'close');
    if (me && (a.status === 'convened' || a.status === 'open')) actions.push('rsvp');
    if (me?.canVote && (a.status === 'convened' || a.status === 'open')) actions.push('proxy');
    if (me?.canVote && a.status === 'open') actions.push('vote');
    // The bylaws' choice (ASSEMBLY_VOTE_CHANGE): a vote may be changed until the vote closes.
    if (me?.canVote && a.status === 'open' && ctx.config.ASSEMBLY_VOTE_CHANGE) actions.push('changeVote');
    if (a.status === 'closed') actions.push('minutes');
    if (conduct || prepare) actions.push('attendance');
    return actions;
  }

  async function audit(db: Kysely<DB>, actorId: string | null, action: string, assemblyId: string, after?: Record<string, unknown>) {
    await createAuditRepository(db, database.dialect).append({
      actorId,
      action,
      subjectType: 'assembly',
      subjectId: assemblyId,
      after: after ?? null,
      at: clock.now(),
    });
  }

  /** Moves the assembly with optimistic concurrency. */
  async function move(db: Kysely<DB>, a: Assembly, event: 'convene' | 'open' | 'close', patch: Record<string, unknown>) {
    const next = transitionAssembly(a.status, event);
    if (isRefusal(next)) throw AppError.from(next);
    const ok = await createAssembliesRepository(db).update(a.id, a.version, { ...patch, status: next.status, updated_at: clock.now() });
    if (!ok) throw new AppError('version_conflict', 'The assembly changed meanwhile; reload and try again');
  }

  return {
    rsvpToken,
    inviteeIdOf,
    rsvpLink,
    load,
    desiredInvitees,
    presentInvitee,
    quorumOf,
    quorumFromCounts,
    inviteeOf,
    mayRead,
    allowedActions,
    audit,
    move,
  };
}

export type AssemblyKit = ReturnType<typeof createAssemblyKit>;
