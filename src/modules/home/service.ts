import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { SettingsService } from '../../platform/settings/service.js';
import { roomKind, roomLink } from '../../platform/settings/schema.js';
import type { MembershipView } from '../memberships/service.js';
import type { ActivityAssessment } from '../contributions/rules.js';
import type { Team } from '../teams/repository.js';
import type { Session } from '../sessions/repository.js';
import type { Assembly } from '../assemblies/types.js';
import type { TeamRequestCount } from '../requests/home.js';
import { createPeopleRepository } from '../people/repository.js';
import { createRoomsRepository } from '../rooms/repository.js';
import { createSessionsRepository } from '../sessions/repository.js';
import { createAssembliesRepository } from '../assemblies/repository.js';
import { parseAudience } from '../rooms/rules.js';
import { canPlanSessions } from '../sessions/policy.js';

/** The services the home reads through their public functions (built in container.ts). */
export interface HomeSources {
  memberships: { of(actor: Actor, personId: string): Promise<MembershipView> };
  contributions: { awaitingReview(actor: Actor): Promise<unknown[]>; activity(actor: Actor, personId: string): Promise<ActivityAssessment> };
  requests: { openCounts(actor: Actor): Promise<TeamRequestCount[]> };
  teams: { names(): Promise<Team[]> };
  sessions: { list(filter: { when?: 'upcoming'; limit?: number }): Promise<Session[]> };
  settings: SettingsService;
}

export interface MembersRoom {
  /** Where the room opens; null when its address is not one the home can link to. */
  link: string | null;
  address: string;
  kind: 'matrix' | 'xmpp' | 'web';
  /** The chat address the person gave for this kind of room; null when the room needs one they have not given. */
  myAddress: string | null;
  needsAddress: boolean;
}

export interface Home {
  displayName: string;
  membership: Pick<MembershipView, 'status' | 'since' | 'until' | 'graceUntil'>;
  activity: Pick<ActivityAssessment, 'active' | 'activeUntil' | 'inactiveSince'>;
  myTeams: { slug: string; name: { fr: string; en: string }; lead: boolean }[];
  waiting: {
    contributionsToConfirm: number | null;
    /** The applications on the agenda of the bureau's next session (bureau only). */
    applicationsOnAgenda: number | null;
    requests: TeamRequestCount[];
    /** A convened assembly still to come that the person has not answered. */
    assemblyToAnswer: Assembly | null;
    /** Open resolutions of an open assembly the person may vote on and has not. */
    votesOpen: { assembly: Assembly; count: number } | null;
  };
  nextSession: Session | null;
  nextAssembly: Assembly | null;
  membersRoom: MembersRoom | null;
}

/**
 * "What's for me": one person's home. A bounded number of queries whatever the data (each source
 * is one or two queries; only the next assembly is looked into), so the home stays as fast with
 * thirty teams and three hundred contributions as with one.
 */
export function createHomeService(ctx: ServiceContext, sources: HomeSources) {
  const { database, clock } = ctx;

  async function nextAssemblies(personId: string): Promise<{ next: Assembly | null; open: Assembly | null }> {
    const mine = await createAssembliesRepository(database.db).list({ personId });
    const now = clock.now();
    const open = mine.find((a) => a.status === 'open') ?? null;
    const upcoming = mine.filter((a) => a.status === 'convened' && a.scheduledAt > now).sort((x, y) => x.scheduledAt.localeCompare(y.scheduledAt));
    return { next: open ?? upcoming[0] ?? null, open };
  }

  async function toAnswer(personId: string, next: Assembly | null): Promise<Assembly | null> {
    if (!next || next.status !== 'convened') return null;
    const [me] = await createAssembliesRepository(database.db).invitees(next.id, personId);
    return me && me.rsvp === null ? next : null;
  }

  async function votesOpen(personId: string, open: Assembly | null): Promise<Home['waiting']['votesOpen']> {
    if (!open) return null;
    const repo = createAssembliesRepository(database.db);
    const [[me], resolutions, voted] = await Promise.all([repo.invitees(open.id, personId), repo.resolutions(open.id), repo.votedOn(open.id, personId)]);
    if (!me?.canVote) return null;
    const count = resolutions.filter((r) => r.status === 'open' && !voted.includes(r.id)).length;
    return count > 0 ? { assembly: open, count } : null;
  }

  async function membersRoom(actor: Actor, person: { matrixId: string | null; xmppJid: string | null }): Promise<MembersRoom | null> {
    const { values } = await sources.settings.current();
    let address = values.membersRoom;
    if (!address) {
      const registered = (await createRoomsRepository(database.db).list()).find((r) => parseAudience(r.audience)?.kind === 'members');
      if (!registered) return null;
      address = registered.address;
    }
    const kind = roomKind(address);
    if (!kind) return null;
    const myAddress = kind === 'matrix' ? person.matrixId : kind === 'xmpp' ? person.xmppJid : null;
    // The room is the members': others see it only once they are members.
    if (!actor.isMember) return null;
    return { link: roomLink(address), address, kind, myAddress, needsAddress: kind !== 'web' && !myAddress };
  }

  return {
    async of(actor: Actor & { personId: string }): Promise<Home> {
      const me = actor.personId;
      const reviews = actor.leadOf.length > 0 || actor.office !== null;
      const bureau = canPlanSessions(actor);
      const [person, membership, activity, toConfirm, requests, teams, sessions, assemblies] = await Promise.all([
        createPeopleRepository(database.db).findById(me),
        sources.memberships.of(actor, me),
        sources.contributions.activity(actor, me),
        reviews ? sources.contributions.awaitingReview(actor) : Promise.resolve(null),
        sources.requests.openCounts(actor),
        sources.teams.names(),
        bureau ? sources.sessions.list({ when: 'upcoming', limit: 1 }) : Promise.resolve([]),
        nextAssemblies(me),
      ]);
      const nextSession = sessions[0] ?? null;
      const [agenda, assemblyToAnswer, votes, room] = await Promise.all([
        nextSession ? createSessionsRepository(database.db).agenda(nextSession.id) : Promise.resolve(null),
        toAnswer(me, assemblies.next),
        votesOpen(me, assemblies.open),
        membersRoom(actor, { matrixId: person?.matrixId ?? null, xmppJid: person?.xmppJid ?? null }),
      ]);
      return {
        displayName: person?.displayName ?? actor.displayName ?? '',
        membership: { status: membership.status, since: membership.since, until: membership.until, graceUntil: membership.graceUntil },
        activity: { active: activity.active, activeUntil: activity.activeUntil, inactiveSince: activity.inactiveSince },
        myTeams: teams.filter((t) => actor.teamIds.includes(t.id)).map((t) => ({ slug: t.slug, name: t.name, lead: actor.leadOf.includes(t.id) })),
        waiting: {
          contributionsToConfirm: toConfirm ? toConfirm.length : null,
          applicationsOnAgenda: agenda ? agenda.filter((i) => i.kind === 'application' && i.state === 'open').length : null,
          requests,
          assemblyToAnswer,
          votesOpen: votes,
        },
        nextSession,
        nextAssembly: assemblies.next,
        membersRoom: room,
      };
    },
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
