import type { Kysely, Selectable } from 'kysely';
import type { DB, TeamTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { TeamRole } from './rules.js';

export interface Team {
  id: string;
  slug: string;
  name: { fr: string; en: string };
  mission: { fr: string; en: string };
  responsibilities: { fr: string; en: string };
  position: number;
  version: number;
}

export interface RosterEntry {
  roleId: string;
  personId: string;
  displayName: string;
  role: TeamRole;
  since: string;
  until: string | null;
  publicConsent: boolean;
}

export function toTeam(row: Selectable<TeamTable>): Team {
  return {
    id: row.id,
    slug: row.slug,
    name: { fr: row.name_fr, en: row.name_en },
    mission: { fr: row.mission_fr, en: row.mission_en },
    responsibilities: { fr: row.responsibilities_fr, en: row.responsibilities_en },
    position: Number(row.position),
    version: Number(row.version),
  };
}

export function createTeamsRepository(db: Kysely<DB>) {
  return {
    async insert(row: Selectable<TeamTable>): Promise<void> {
      await db.insertInto('teams').values(row).execute();
    },

    async list(): Promise<Team[]> {
      const rows = await db.selectFrom('teams').selectAll().orderBy('position').orderBy('slug').execute();
      return rows.map(toTeam);
    },

    async findBySlug(slug: string): Promise<Team | undefined> {
      const row = await db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toTeam(row) : undefined;
    },

    async update(id: string, version: number, changes: Partial<Selectable<TeamTable>>): Promise<boolean> {
      const r = await db
        .updateTable('teams')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Current roster (until is null), or the whole history with `withPast`. */
    async roster(teamIds: string[], options: { withPast?: boolean } = {}): Promise<(RosterEntry & { teamId: string })[]> {
      if (teamIds.length === 0) return [];
      let q = db
        .selectFrom('team_roles')
        .innerJoin('people', 'people.id', 'team_roles.person_id')
        .select([
          'team_roles.id as roleId',
          'team_roles.team_id as teamId',
          'team_roles.person_id as personId',
          'people.display_name as displayName',
          'people.sort_key as sortKey',
          'people.public_consent as publicConsent',
          'team_roles.role as role',
          'team_roles.since as since',
          'team_roles.until as until',
        ])
        .where('team_roles.team_id', 'in', teamIds);
      if (!options.withPast) q = q.where('team_roles.until', 'is', null);
      const rows = await q.orderBy('team_roles.role').orderBy('people.sort_key').execute();
      return rows.map(({ sortKey: _s, ...r }) => ({ ...r, publicConsent: Number(r.publicConsent) === 1 }));
    },

    async currentRole(teamId: string, personId: string) {
      return db
        .selectFrom('team_roles')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('person_id', '=', personId)
        .where('until', 'is', null)
        .executeTakeFirst();
    },

    /** A person's roles on every team, current and past, for their page. */
    async rolesOf(personId: string) {
      return db
        .selectFrom('team_roles')
        .innerJoin('teams', 'teams.id', 'team_roles.team_id')
        .select(['team_roles.id', 'teams.slug', 'teams.name_fr', 'teams.name_en', 'team_roles.role', 'team_roles.since', 'team_roles.until'])
        .where('team_roles.person_id', '=', personId)
        .orderBy('team_roles.since', 'desc')
        .execute();
    },

    async addRole(r: { teamId: string; personId: string; role: TeamRole; since: string; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('team_roles')
        .values({ id, team_id: r.teamId, person_id: r.personId, role: r.role, since: r.since, until: null, created_at: r.now })
        .execute();
      return id;
    },

    async addRoles(rows: { teamId: string; personId: string; role: TeamRole; since: string; now: string }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) {
        await db
          .insertInto('team_roles')
          .values(
            rows
              .slice(i, i + 1000)
              .map((r) => ({ id: newId(), team_id: r.teamId, person_id: r.personId, role: r.role, since: r.since, until: null, created_at: r.now })),
          )
          .execute();
      }
    },

    /** Ends a role; the row stays as history. */
    async endRole(roleId: string, until: string): Promise<void> {
      await db.updateTable('team_roles').set({ until }).where('id', '=', roleId).where('until', 'is', null).execute();
    },
  };
}

export type TeamsRepository = ReturnType<typeof createTeamsRepository>;
