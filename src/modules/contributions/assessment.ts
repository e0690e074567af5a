import type { Kysely } from 'kysely';
import { activitySettings } from '../../platform/config.js';
import type { DB } from '../../platform/schema.js';
import type { ServiceContext } from '../../platform/services.js';
import { addDaysRemembered } from '../../platform/time.js';
import { everyoneActivity, rolesBy, type ActivitySummary } from './activity-summaries.js';
import { readStandings } from './activity-standings.js';
import { standingFromFacts, type ActivityAssessment, type ActivityPolicy, type ActivityReason, type ActivityStanding, type RoleFact } from './rules.js';

/**
 * assessActivity's answer from a person's summary (what the set-based query reads) instead of
 * their every contribution. It must say exactly what assessActivity says: assessment.test.ts
 * holds both to it, in memory and on both databases.
 */
export function assessFromSummary(policy: ActivityPolicy, summary: ActivitySummary, roles: RoleFact[], today: string): ActivityAssessment {
  const byContributions = summary.nthInWindow !== null;
  const heldRoles = policy.teamRoleCounts
    ? roles
        .filter((r) => r.since <= today && (r.until === null || r.until > today))
        .sort((a, b) => a.since.localeCompare(b.since) || a.team.localeCompare(b.team))
    : [];
  const count = summary.contributionsInWindow;
  const reasons: ActivityReason[] = [];
  if (byContributions) reasons.push({ code: 'enough_contributions', count, min: policy.minContributions, windowDays: policy.windowDays });
  for (const r of heldRoles) reasons.push({ code: 'holds_team_role', team: r.team, since: r.since });
  const active = byContributions || heldRoles.length > 0;
  if (!byContributions) {
    if (summary.lastContributionOn === null) reasons.push({ code: 'no_contribution' });
    else if (count === 0) reasons.push({ code: 'last_contribution_too_old', lastContributionOn: summary.lastContributionOn, windowDays: policy.windowDays });
    else reasons.push({ code: 'not_enough_contributions', count, min: policy.minContributions, windowDays: policy.windowDays });
    if (!policy.countDeclared && summary.awaiting > 0) reasons.push({ code: 'awaiting_confirmation', count: summary.awaiting });
  }

  let activeUntil: string | null = null;
  if (active && !heldRoles.some((r) => r.until === null)) {
    const ends = heldRoles.map((r) => addDaysRemembered(r.until!, -1));
    if (byContributions) ends.push(addDaysRemembered(summary.nthInWindow!, policy.windowDays));
    activeUntil = ends.sort().at(-1)!;
  }
  let inactiveSince: string | null = null;
  if (!active) {
    const candidates = policy.teamRoleCounts ? roles.filter((r) => r.until !== null && r.since < r.until && r.until <= today).map((r) => r.until!) : [];
    if (summary.lastFullWindowStart !== null) candidates.push(addDaysRemembered(summary.lastFullWindowStart, policy.windowDays + 1));
    inactiveSince = candidates.sort().at(-1) ?? null;
  }
  return {
    active,
    lastContributionOn: summary.lastContributionOn,
    activeUntil,
    inactiveSince,
    contributionsInWindow: count,
    windowDays: policy.windowDays,
    reasons,
  };
}

/**
 * The activity of `personIds` on `today`, with its reasons and counts, by person id: one query for
 * their contributions' summaries, one for their roles, whatever their number (a page's people).
 * Read live: the counts within the window change with the day (docs/activity.md).
 */
export async function assessPeople(
  db: Kysely<DB>,
  policy: ActivityPolicy,
  today: string,
  personIds: readonly string[],
): Promise<Map<string, ActivityAssessment>> {
  const { summaries, roles } = await everyoneActivity(db, policy, today, personIds);
  const result = new Map<string, ActivityAssessment>();
  for (const s of summaries) result.set(s.personId, assessFromSummary(policy, s, roles.get(s.personId) ?? [], today));
  return result;
}

/**
 * Everyone's standing on `today` (active, and between which days), by person id, from the stored
 * standings (activity-standings.ts) and the roles: two reads of a row per person, whatever their
 * contributions. Exactly what assessActivity says (assessment.test.ts); the few people with a
 * counted contribution dated after `today` (asked about a past day) are assessed live instead.
 */
export async function assessEveryone(db: Kysely<DB>, policy: ActivityPolicy, today: string): Promise<Map<string, ActivityStanding>> {
  const [standings, roles] = await Promise.all([readStandings(db, policy), policy.teamRoleCounts ? rolesBy(db, today) : new Map<string, RoleFact[]>()]);
  const result = new Map<string, ActivityStanding>();
  const later: string[] = [];
  for (const [personId, facts] of standings) {
    if (facts !== null && facts.lastOn > today) later.push(personId);
    else result.set(personId, standingFromFacts(policy, facts, roles.get(personId) ?? [], today));
  }
  for (const [personId, a] of await assessPeople(db, policy, today, later)) {
    result.set(personId, { active: a.active, lastContributionOn: a.lastContributionOn, activeUntil: a.activeUntil, inactiveSince: a.inactiveSince });
  }
  return result;
}

/**
 * The whole association's activity at once: for the members' room, reports and the benchmark.
 * Not a route: whoever calls it decides who may see the result.
 */
export function createActivityAssessment(ctx: ServiceContext) {
  const { policy } = activitySettings(ctx.config);
  return {
    assessEveryone: (today: string = ctx.clock.today()) => assessEveryone(ctx.database.db, policy, today),
  };
}
