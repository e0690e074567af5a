import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { on, silentBus, type Subscription } from '../../platform/events.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { createPeopleRepository } from '../people/repository.js';
import { createTeamsRepository, type RosterEntry, type Team } from './repository.js';
import { canManageRoster, seesFullRoster } from './policy.js';
import { decideRosterAddition, isTeamSlug, type TeamRole } from './rules.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    /** Someone joined or left a team's roster, or changed role there: the rooms of their audiences follow. */
    'team.rosterChanged': { teamId: string; personId: string };
  }
}

export interface TeamText {
  fr: string;
  en: string;
}

export interface TeamInput {
  slug?: string;
  name?: Partial<TeamText>;
  mission?: Partial<TeamText>;
  responsibilities?: Partial<TeamText>;
  position?: number;
}

export interface TeamWithRoster extends Team {
  roster: RosterEntry[];
}

/** Every team's id by its slug (what people's import asks, through the composition root). */
export async function teamIdsBySlug(db: Kysely<DB>): Promise<Map<string, string>> {
  return new Map((await createTeamsRepository(db).list()).map((t) => [t.slug, t.id]));
}

/** Teams' part in what people does: people imported onto teams join those rosters as members. */
export function teamsSubscriptions(): Subscription[] {
  return [
    on('people.imported', 'teams', ({ onTeams, since }, { trx, now }) =>
      createTeamsRepository(trx).addRoles(onTeams.map((r) => ({ ...r, role: 'member' as const, since, now }))),
    ),
  ];
}

export function createTeamsService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const teams = createTeamsRepository(database.db);

  async function load(slug: string): Promise<Team> {
    const team = await teams.findBySlug(slug);
    if (!team) throw new AppError('not_found', `No team ${slug}`);
    return team;
  }

  /** The roster as this actor may see it (invariant: consent decides public visibility). */
  function visibleRoster(actor: Actor, roster: RosterEntry[]): RosterEntry[] {
    return seesFullRoster(actor) ? roster : roster.filter((r) => r.publicConsent);
  }

  return {
    /** The teams alone, without their rosters: for a filter or a select list. */
    async names(): Promise<Team[]> {
      return teams.list();
    },

    async list(actor: Actor): Promise<TeamWithRoster[]> {
      const all = await teams.list();
      const roster = await teams.roster(all.map((t) => t.id));
      return all.map((t) => ({
        ...t,
        roster: visibleRoster(
          actor,
          roster.filter((r) => r.teamId === t.id),
        ),
      }));
    },

    async get(actor: Actor, slug: string, options: { withPast?: boolean } = {}): Promise<TeamWithRoster> {
      const team = await load(slug);
      const withPast = options.withPast === true && canManageRoster(actor, team.id);
      return { ...team, roster: visibleRoster(actor, await teams.roster([team.id], { withPast })) };
    },

    rolesOf: (personId: string) => teams.rolesOf(personId),

    async create(actor: Actor, input: Required<Pick<TeamInput, 'slug'>> & TeamInput): Promise<Team> {
      const slug = input.slug.trim();
      if (!isTeamSlug(slug)) {
        throw new AppError('validation_failed', 'slug: lower-case letters, digits and dashes', [
          { path: '/slug', code: 'invalid_slug', message: 'lower-case letters, digits and dashes' },
        ]);
      }
      const nameFr = input.name?.fr?.trim() ?? '';
      if (!nameFr)
        throw new AppError('validation_failed', 'name.fr is required', [{ path: '/name/fr', code: 'required', message: 'a French name is required' }]);
      const now = clock.now();
      const id = newId();
      return database.transaction(async (trx) => {
        const repo = createTeamsRepository(trx);
        if (await repo.findBySlug(slug))
          throw new AppError('slug_taken', `A team ${slug} exists`, [{ path: '/slug', code: 'slug_taken', message: 'already used' }]);
        const all = await repo.list();
        await repo.insert({
          id,
          slug,
          name_fr: nameFr,
          name_en: input.name?.en?.trim() || nameFr,
          mission_fr: input.mission?.fr?.trim() ?? '',
          mission_en: input.mission?.en?.trim() ?? '',
          responsibilities_fr: input.responsibilities?.fr?.trim() ?? '',
          responsibilities_en: input.responsibilities?.en?.trim() ?? '',
          position: input.position ?? all.length + 1,
          created_at: now,
          updated_at: now,
          version: 1,
        });
        const team = (await repo.findBySlug(slug))!;
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'team.created',
          subjectType: 'team',
          subjectId: id,
          after: team,
          at: now,
        });
        return team;
      });
    },

    async update(actor: Actor, slug: string, input: TeamInput, expectedVersion?: number): Promise<Team> {
      const team = await load(slug);
      const now = clock.now();
      const changes = {
        updated_at: now,
        ...(input.name?.fr !== undefined ? { name_fr: input.name.fr.trim() } : {}),
        ...(input.name?.en !== undefined ? { name_en: input.name.en.trim() } : {}),
        ...(input.mission?.fr !== undefined ? { mission_fr: input.mission.fr.trim() } : {}),
        ...(input.mission?.en !== undefined ? { mission_en: input.mission.en.trim() } : {}),
        ...(input.responsibilities?.fr !== undefined ? { responsibilities_fr: input.responsibilities.fr.trim() } : {}),
        ...(input.responsibilities?.en !== undefined ? { responsibilities_en: input.responsibilities.en.trim() } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      };
      if (changes.name_fr === '' || changes.name_en === '') {
        throw new AppError('validation_failed', 'a team needs a name', [
          { path: changes.name_fr === '' ? '/name/fr' : '/name/en', code: 'required', message: 'a name is required' },
        ]);
      }
      return database.transaction(async (trx) => {
        const repo = createTeamsRepository(trx);
        if (!(await repo.update(team.id, expectedVersion ?? team.version, changes))) {
          throw new AppError('version_conflict', 'This team was changed by someone else; reload and try again');
        }
        const updated = (await repo.findBySlug(slug))!;
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'team.updated',
          subjectType: 'team',
          subjectId: team.id,
          before: team,
          after: updated,
          at: now,
        });
        return updated;
      });
    },

    /** Puts a person on a team, or changes their role there; the previous role stays as history. */
    async addToRoster(actor: Actor, slug: string, personId: string, role: TeamRole): Promise<RosterEntry> {
      const team = await load(slug);
      if (!canManageRoster(actor, team.id)) throw new AppError('forbidden', 'Only a lead of this team, the bureau or an administrator manage its roster');
      const now = clock.now();
      const today = clock.today();
      return database.transaction(async (trx) => {
        const repo = createTeamsRepository(trx);
        const person = await createPeopleRepository(trx).findById(personId);
        if (!person)
          throw new AppError('validation_failed', `No person ${personId}`, [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]);
        const current = await repo.currentRole(team.id, personId);
        const decision = decideRosterAddition(current?.role ?? null, role);
        if (isRefusal(decision)) throw AppError.from(decision);
        if (current) await repo.endRole(current.id, today);
        await repo.addRole({ teamId: team.id, personId, role, since: today, now });
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: decision.kind === 'add' ? 'team.role_started' : 'team.role_changed',
          subjectType: 'person',
          subjectId: personId,
          before: current ? { team: slug, role: current.role } : null,
          after: { team: slug, role },
          at: now,
        });
        await (ctx.events ?? silentBus).publish('team.rosterChanged', { teamId: team.id, personId }, { trx, now });
        const roster = await repo.roster([team.id]);
        return roster.find((r) => r.personId === personId)!;
      });
    },

    /** Ends a person's role on a team; the row is kept with its end date. */
    async removeFromRoster(actor: Actor, slug: string, personId: string): Promise<void> {
      const team = await load(slug);
      if (!canManageRoster(actor, team.id)) throw new AppError('forbidden', 'Only a lead of this team, the bureau or an administrator manage its roster');
      const now = clock.now();
      await database.transaction(async (trx) => {
        const repo = createTeamsRepository(trx);
        const current = await repo.currentRole(team.id, personId);
        if (!current) throw new AppError('not_on_team', `This person is not on ${slug}`);
        await repo.endRole(current.id, clock.today());
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'team.role_ended',
          subjectType: 'person',
          subjectId: personId,
          before: { team: slug, role: current.role },
          at: now,
        });
        await (ctx.events ?? silentBus).publish('team.rosterChanged', { teamId: team.id, personId }, { trx, now });
      });
    },
  };
}

export type TeamsService = ReturnType<typeof createTeamsService>;
