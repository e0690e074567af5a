import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { addDays } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import { createSessionsRepository } from '../sessions/repository.js';
import { createMembershipsRepository, type Membership, type RegisterEntry } from './repository.js';
import { CURRENT_MEMBERSHIP_STATUSES, MEMBERSHIP_STATUSES, membersOnDates, type MembershipStatus } from './rules.js';
import { mailMember, moveMembership } from './effects.js';
import { canReadMembershipOf, canReadRegister } from './policy.js';

export interface MembershipView {
  status: 'none' | MembershipStatus;
  since: string | null;
  until: string | null;
  /** While lapsing: the last day of grace. */
  graceUntil: string | null;
  history: Membership[];
}

/** CSV cells are text a spreadsheet may read as a formula: a leading =, +, - or @ is neutralised. */
function csvCell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The person's current membership (active or lapsing), read through `db` (a caller's transaction):
 * what the modules below ask of this one, through the ports the composition root fills.
 */
export function currentMembershipOf(db: Kysely<DB>, personId: string): Promise<Membership | undefined> {
  return createMembershipsRepository(db).currentOf(personId);
}

export { isCurrentMemberCondition } from './repository.js';
export { canReadRegister } from './policy.js';

export async function isCurrentMember(db: Kysely<DB>, personId: string): Promise<boolean> {
  return (await currentMembershipOf(db, personId)) !== undefined;
}

export function createMembershipsService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const memberships = createMembershipsRepository(database.db);

  return {
    /** A person's membership and its history: the person, the bureau and administrators. */
    async of(actor: Actor, personId: string): Promise<MembershipView> {
      if (!canReadMembershipOf(actor, personId)) throw new AppError('not_found', `No person ${personId}`);
      if (!(await createPeopleRepository(database.db).findById(personId))) throw new AppError('not_found', `No person ${personId}`);
      const history = await memberships.historyOf(personId);
      const latest = history[0];
      if (!latest) return { status: 'none', since: null, until: null, graceUntil: null, history };
      return { status: latest.status, since: latest.since, until: latest.until, graceUntil: latest.status === 'lapsing' ? latest.graceUntil : null, history };
    },

    /** One membership by its id (a lapse review names it): for the bureau and administrators, as the register. */
    async byId(actor: Actor, membershipId: string): Promise<Membership> {
      const membership = canReadRegister(actor) ? await memberships.findById(membershipId) : undefined;
      if (!membership) throw new AppError('not_found', `No membership ${membershipId}`);
      return membership;
    },

    /** Each person's memberships, the latest first, for those the actor may read: one query for a whole agenda. */
    async historiesOf(actor: Actor, personIds: readonly string[]): Promise<Map<string, Membership[]>> {
      const out = new Map<string, Membership[]>();
      for (const m of await memberships.historiesOf(personIds.filter((id) => canReadMembershipOf(actor, id)))) {
        const list = out.get(m.personId) ?? [];
        list.push(m);
        out.set(m.personId, list);
      }
      return out;
    },

    /** byId for several memberships (the lapse reviews of an agenda), in one query. */
    async byIds(actor: Actor, membershipIds: readonly string[]): Promise<Map<string, Membership>> {
      if (!canReadRegister(actor)) return new Map();
      return new Map((await memberships.findByIds(membershipIds)).map((m) => [m.id, m]));
    },

    /**
     * Resigns, effective at once: only the member themself, whoever else asks — not even
     * an administrator resigns someone. The room removal is queued and the person told.
     */
    async resign(actor: Actor, personId: string): Promise<MembershipView> {
      if (actor.personId !== personId) throw new AppError('forbidden', 'Only the member themself may resign');
      const today = clock.today();
      const now = clock.now();
      await database.transaction(async (trx) => {
        const current = await createMembershipsRepository(trx).currentOf(personId);
        if (!current) throw new AppError('illegal_transition', 'You are not a member');
        // Never before the start (a membership from a session held ahead of its calendar day).
        const until = today < current.since ? current.since : today;
        await moveMembership(trx, database.dialect, current, 'resign', { until, ended_reason: 'resigned' }, { actorId: actor.personId, now });
        // A lapse review about a membership that no longer exists leaves the agenda.
        const sessions = createSessionsRepository(trx);
        for (const item of await sessions.openItemsOfMembership(current.id))
          await sessions.setItemState(item.id, 'open', { state: 'withdrawn', updated_at: now });
        await mailMember(trx, 'resigned', personId, { date: today }, now);
      });
      return this.of(actor, personId);
    },

    /** The register of members: current ones by default, every status with `history`. */
    async register(actor: Actor, filter: { status?: MembershipStatus; history?: boolean }): Promise<RegisterEntry[]> {
      return (await this.registerPage(actor, filter)).items;
    },

    /** The register a page at a time (`limit`), or whole when no limit is given. */
    async registerPage(
      actor: Actor,
      filter: { status?: MembershipStatus; history?: boolean; limit?: number; cursor?: string },
    ): Promise<{ items: RegisterEntry[]; nextCursor: string | null }> {
      if (!canReadRegister(actor)) throw new AppError('forbidden', 'The register is for the bureau and administrators');
      const statuses: MembershipStatus[] = filter.status ? [filter.status] : filter.history ? [...MEMBERSHIP_STATUSES] : [...CURRENT_MEMBERSHIP_STATUSES];
      const limit = filter.limit === undefined ? undefined : Math.min(Math.max(filter.limit, 1), 500);
      const rows = await memberships.register({
        statuses,
        after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
        limit: limit === undefined ? undefined : limit + 1,
      });
      const page = limit === undefined ? rows : rows.slice(0, limit);
      const last = page[page.length - 1];
      const nextCursor = limit !== undefined && rows.length > limit && last ? encodeCursor(last.sortKey, last.id) : null;
      return { items: page.map(({ sortKey: _s, ...entry }) => entry), nextCursor };
    },

    /** The register as CSV (semicolons, as French spreadsheets expect; UTF-8 with BOM). */
    async registerCsv(actor: Actor, filter: { status?: MembershipStatus; history?: boolean }): Promise<string> {
      const rows = await this.register(actor, filter);
      const header = ['personId', 'displayName', 'email', 'status', 'since', 'until', 'endedReason'];
      const lines = rows.map((r) => [r.personId, r.displayName, r.email, r.status, r.since, r.until, r.endedReason].map(csvCell).join(';'));
      return `\ufeff${[header.join(';'), ...lines].join('\r\n')}\r\n`;
    },

    /** Members on the last day of each of the last `months` months (and today): counts over time. */
    async counts(actor: Actor, months = 24): Promise<{ date: string; members: number }[]> {
      if (!canReadRegister(actor)) throw new AppError('forbidden', 'The register is for the bureau and administrators');
      const changes = await memberships.changesByDay();
      const today = clock.today();
      const dates: string[] = [];
      const first = new Date(`${today.slice(0, 7)}-01T00:00:00.000Z`);
      for (let i = months; i >= 1; i--) {
        const d = new Date(first);
        d.setUTCMonth(d.getUTCMonth() - i + 1);
        dates.push(addDays(d.toISOString().slice(0, 10), -1));
      }
      dates.push(today);
      return membersOnDates(dates, changes);
    },
  };
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
