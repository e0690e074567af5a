import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { assessEveryone } from './assessment.js';
import { createContributionsRepository } from './repository.js';
import { assessActivity, type ActivityPolicy } from './rules.js';

/** A person as the association's audiences list them, with the chat handles rooms need. */
export interface AudiencePerson {
  id: string;
  displayName: string;
  matrixId: string | null;
  xmppJid: string | null;
}

const columns = ['people.id as id', 'people.display_name as displayName', 'people.matrix_id as matrixId', 'people.xmpp_jid as xmppJid'] as const;

/**
 * The association's audiences, read the same way by the rooms and the general
 * assemblies: the members (an active or lapsing membership), the team (on a team's
 * roster today, or active per the activity policy), one team's roster.
 */
export function createAudiences(db: Kysely<DB>, policy: ActivityPolicy) {
  async function peopleByIds(ids: string[]): Promise<AudiencePerson[]> {
    const found: AudiencePerson[] = [];
    // Bounded IN lists: SQLite caps bound parameters.
    for (let i = 0; i < ids.length; i += 500) {
      if (ids.length === 0) break;
      found.push(
        ...(await db
          .selectFrom('people')
          .select(columns)
          .where('people.id', 'in', ids.slice(i, i + 500))
          // An erased person's contributions still count in the figures, but nobody convenes or invites them.
          .where('people.erased_at', 'is', null)
          .execute()),
      );
    }
    return found;
  }

  /** Team roles held today, on one team or on any. */
  function currentRoles(teamSlug: string | null) {
    const q = db.selectFrom('team_roles').innerJoin('teams', 'teams.id', 'team_roles.team_id').where('team_roles.until', 'is', null);
    return teamSlug === null ? q : q.where('teams.slug', '=', teamSlug);
  }

  async function rosters(teamSlug: string | null): Promise<AudiencePerson[]> {
    return currentRoles(teamSlug).innerJoin('people', 'people.id', 'team_roles.person_id').select(columns).distinct().execute();
  }

  return {
    peopleByIds,

    async members(): Promise<AudiencePerson[]> {
      return db
        .selectFrom('memberships')
        .innerJoin('people', 'people.id', 'memberships.person_id')
        .select(columns)
        .where('memberships.status', 'in', ['active', 'lapsing'])
        .orderBy('people.sort_key')
        .orderBy('people.id')
        .execute();
    },

    /** One team's current roster. */
    team: (slug: string) => rosters(slug),

    /**
     * Which of these few people belong to the audience today: what one room delivery needs to
     * know, without listing a whole audience (the team's takes assessing everyone).
     */
    async whoBelongs(
      audience: { kind: 'members' } | { kind: 'contributors' } | { kind: 'team'; slug: string },
      ids: string[],
      today: string,
    ): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      if (audience.kind === 'members') {
        const rows = await db
          .selectFrom('memberships')
          .select('person_id')
          .where('status', 'in', ['active', 'lapsing'])
          .where('person_id', 'in', ids)
          .execute();
        return new Set(rows.map((r) => r.person_id));
      }
      const roster = await currentRoles(audience.kind === 'team' ? audience.slug : null)
        .select('team_roles.person_id')
        .where('team_roles.person_id', 'in', ids)
        .execute();
      const found = new Set(roster.map((r) => r.person_id));
      if (audience.kind === 'team') return found;
      const contributions = createContributionsRepository(db);
      for (const id of ids) {
        if (found.has(id)) continue;
        const facts = await contributions.activityFacts(id);
        if (assessActivity(policy, facts.contributions, facts.roles, today).active) found.add(id);
      }
      // As contributors() does: an erased person is in no audience.
      if (found.size === 0) return found;
      const erased = await db
        .selectFrom('people')
        .select('id')
        .where('id', 'in', [...found])
        .where('erased_at', 'is not', null)
        .execute();
      for (const e of erased) found.delete(e.id);
      return found;
    },

    /** The whole team: everyone on a roster today, and everyone active per the policy on `today`. */
    async contributors(today: string): Promise<AudiencePerson[]> {
      const roster = await rosters(null);
      const onRoster = new Set(roster.map((p) => p.id));
      const assessed = await assessEveryone(db, policy, today);
      const active = [...assessed].filter(([id, a]) => a.active && !onRoster.has(id)).map(([id]) => id);
      return [...roster, ...(await peopleByIds(active))];
    },
  };
}
