import type { Actor } from '../../platform/auth/actor.js';
import type { MembershipTable } from '../../platform/schema.js';
import type { createTeamsService } from '../teams/service.js';
import type { createApplicationsService } from '../applications/service.js';
import type { createBureauService } from '../bureau/service.js';
import type { createContributionsService } from '../contributions/service.js';
import type { createPeopleService } from '../people/service.js';
import type { createSessionDocuments } from './documents.js';
import type { createSessionMinutes } from './minutes-service.js';
import type { createSessionPlanning } from './planning.js';
import type { createSessionsService } from './service.js';

/** A membership as the session page tells it beside an item: since when, on hold until when, or how it ended. */
export interface MemberTerm {
  id: string;
  personId: string;
  status: MembershipTable['status'];
  since: string;
  until: string | null;
  lapsingSince: string | null;
  graceUntil: string | null;
}

/**
 * What the session page reads of memberships, which the memberships module (above this one)
 * answers; the composition root passes its service. Each read is scoped to what the actor may see.
 */
export interface MembershipFacts {
  /** Memberships under review, by id. */
  byIds(actor: Actor, membershipIds: readonly string[]): Promise<Map<string, MemberTerm>>;
  /** Each person's memberships, the latest first. */
  historiesOf(actor: Actor, personIds: readonly string[]): Promise<Map<string, MemberTerm[]>>;
}

/**
 * The application's services that the sessions module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface SessionsUses {
  applications: ReturnType<typeof createApplicationsService>;
  bureau: ReturnType<typeof createBureauService>;
  contributions: ReturnType<typeof createContributionsService>;
  memberships: MembershipFacts;
  /** The picker of the member an item is about: its search, and what it sent resolved. */
  people: Pick<ReturnType<typeof createPeopleService>, 'directory' | 'pick'>;
  sessionDocuments: ReturnType<typeof createSessionDocuments>;
  sessionMinutes: ReturnType<typeof createSessionMinutes>;
  sessionPlanning: ReturnType<typeof createSessionPlanning>;
  sessions: ReturnType<typeof createSessionsService>;
  teams: ReturnType<typeof createTeamsService>;
}
