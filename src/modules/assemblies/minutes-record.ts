import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { associationName } from '../../platform/mail/repository.js';
import { checkMinutesApproval, checkMinutesChange, storedDeliberations, type MeetingForMinutes, type MinutesChange } from '../sessions/rules.js';
import { canConductAssemblies } from './policy.js';
import { createAssembliesRepository } from './repository.js';
import { renderAssemblyMinutes } from './minutes.js';
import type { AssemblyKit } from './kit.js';
import type { AgendaItem, Assembly } from './types.js';

/** The assembly as the minutes' rules see it: taken from the opening, approved once closed. */
export function assemblyForMinutes(a: Assembly): MeetingForMinutes {
  return {
    held: a.status === 'open' || a.status === 'closed',
    closed: a.status === 'closed',
    approvedAt: a.minutesApprovedAt,
    chairId: a.chairId,
    secretaryId: a.secretaryId,
  };
}

/**
 * An assembly's minutes: written when it closes from attendance, quorum and resolutions, and
 * written again each time the secretary names the chair and the secretary or writes what was said
 * on an item, until the bureau approves them ("Minutes are approved, then never rewritten").
 * The stored text is the record the members read.
 */
export function createAssemblyMinutes(ctx: ServiceContext, kit: Pick<AssemblyKit, 'load' | 'audit' | 'quorumOf'>) {
  const { database, clock, config } = ctx;
  const { load, audit, quorumOf } = kit;

  /** The minutes of a closed assembly (`a` as it stands once closed), from what its rows hold now. */
  async function minutesOf(trx: Kysely<DB>, a: Assembly): Promise<string> {
    const repo = createAssembliesRepository(trx);
    const [invitees, proxies, agenda, resolutions] = await Promise.all([repo.invitees(a.id), repo.proxies(a.id), repo.items(a.id), repo.resolutions(a.id)]);
    const names = new Map(invitees.map((i) => [i.personId, i.displayName]));
    const presentIds = new Set(invitees.filter((i) => i.checkedInAt).map((i) => i.personId));
    return renderAssemblyMinutes({
      association: await associationName(trx),
      assembly: { ...a, agenda },
      attendance: {
        present: invitees.filter((i) => i.checkedInAt).map((i) => ({ displayName: i.displayName, capacity: i.capacity })),
        represented: proxies
          .filter((p) => !presentIds.has(p.giverId) && presentIds.has(p.holderId))
          .map((p) => ({ giver: names.get(p.giverId) ?? '?', holder: names.get(p.holderId) ?? '?' })),
        absent: invitees.filter((i) => !i.checkedInAt).length,
        voters: invitees.filter((i) => i.canVote).length,
      },
      record: { chair: (a.chairId && names.get(a.chairId)) ?? null, secretary: (a.secretaryId && names.get(a.secretaryId)) ?? null },
      quorum: await quorumOf(trx, a.id),
      resolutions,
      locale: 'fr',
      timeZone: config.TIMEZONE,
    });
  }

  /** Writes the record's change and, once closed, the minutes again; refused by the rules as a whole. */
  async function write(
    actor: Actor,
    id: string,
    decide: (
      a: Assembly,
      present: string[],
      agenda: AgendaItem[],
    ) => { patch: Partial<Assembly>; deliberations?: { itemId: string; text: string | null }[]; action: string },
  ) {
    if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
    return database.transaction(async (trx) => {
      const repo = createAssembliesRepository(trx);
      const a = await load(trx, id);
      const present = (await repo.invitees(id)).filter((i) => i.checkedInAt).map((i) => i.personId);
      const { patch, deliberations, action } = decide(a, present, await repo.items(id));
      if (deliberations?.length) await repo.setDeliberations(id, deliberations);
      const next: Assembly = { ...a, ...patch };
      const minutes = next.status === 'closed' ? await minutesOf(trx, next) : undefined;
      const ok = await repo.update(id, a.version, {
        chair_id: next.chairId,
        secretary_id: next.secretaryId,
        minutes_approved_at: next.minutesApprovedAt,
        ...(patch.minutesApprovedAt ? { minutes_approved_by: actor.personId } : {}),
        ...(minutes !== undefined ? { minutes } : {}),
        updated_at: clock.now(),
      });
      if (!ok) throw new AppError('version_conflict', 'The assembly changed meanwhile; reload and try again');
      await audit(trx, actor.personId, action, id, { ...patch, deliberations: deliberations?.map((d) => d.itemId) });
      return { ...(await load(trx, id)), agenda: await repo.items(id) };
    });
  }

  return {
    minutesOf,

    /** Who may chair or take the minutes: the people checked in, for the bureau's form. */
    async presentForMinutes(actor: Actor, id: string): Promise<{ personId: string; displayName: string }[]> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      return createAssembliesRepository(database.db).checkedIn(id);
    },

    /** Changes who chaired, who took the minutes, or what was said on items; refused once approved. */
    recordMinutes(actor: Actor, id: string, change: MinutesChange) {
      return write(actor, id, (a, present, agenda) => {
        const refusal = checkMinutesChange(
          assemblyForMinutes(a),
          change,
          present,
          agenda.map((i) => i.id),
        );
        if (isRefusal(refusal)) throw AppError.from(refusal);
        const patch: Partial<Assembly> = {};
        if (change.chairId !== undefined) patch.chairId = change.chairId;
        if (change.secretaryId !== undefined) patch.secretaryId = change.secretaryId;
        const deliberations = change.deliberations?.map((d) => ({ itemId: d.itemId, text: storedDeliberations(d.text) }));
        return { patch, deliberations, action: 'assembly.minutes_recorded' };
      });
    },

    /** Approves the minutes of a closed assembly that names its chair and secretary; once. */
    approveMinutes(actor: Actor, id: string) {
      return write(actor, id, (a) => {
        const refusal = checkMinutesApproval(assemblyForMinutes(a));
        if (isRefusal(refusal)) throw AppError.from(refusal);
        return { patch: { minutesApprovedAt: clock.now() }, action: 'assembly.minutes_approved' };
      });
    },
  };
}

export type AssemblyMinutes = ReturnType<typeof createAssemblyMinutes>;
