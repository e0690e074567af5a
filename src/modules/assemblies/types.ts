import type { AssemblyKind, AssemblyStatus, Capacity, Majority, Quorum, ResolutionResult, ResolutionStatus, Rsvp, VoteChoice, VoteMethod } from './rules.js';

/**
 * The shapes of general assemblies as the service gives them to routes and pages.
 * Instants are ISO-8601 UTC; people are named by id and display name.
 */

export interface Assembly {
  id: string;
  kind: AssemblyKind;
  title: string;
  scheduledAt: string;
  durationMinutes: number;
  location: string | null;
  videoUrl: string | null;
  status: AssemblyStatus;
  convenedAt: string | null;
  /** Set when convened inside the notice period: why the bureau did it anyway. */
  forcedReason: string | null;
  openedAt: string | null;
  closedAt: string | null;
  /** Set when it was held before its planned day: `scheduledAt` is then when it was held. */
  plannedAt?: string | null;
  /** The minutes' record (sessions/rules.ts, checkMinutesChange): who chaired, who took the minutes, when they were approved. */
  chairId: string | null;
  secretaryId: string | null;
  minutesApprovedAt: string | null;
  version: number;
}

export interface AgendaItem {
  id: string;
  position: number;
  title: string;
  body: string | null;
  /** What was said on the item, written by the secretary for the minutes. */
  deliberations: string | null;
}

export interface AssemblyDocument {
  id: string;
  title: string;
  /** A link, or null for an upload (downloaded at /assemblies/{id}/documents/{documentId}). */
  url: string | null;
  filename: string | null;
  contentType: string | null;
}

export interface Invitee {
  personId: string;
  displayName: string;
  capacity: Capacity;
  canVote: boolean;
  rsvp: Rsvp | null;
  rsvpAt: string | null;
  checkedInAt: string | null;
  /** The member this invitee gave their proxy to, if any. */
  proxyHolderId: string | null;
  /** Members whose proxy this invitee holds. */
  holdsProxiesFor: string[];
}

export interface Resolution {
  id: string;
  position: number;
  title: string;
  text: string | null;
  majority: Majority;
  status: ResolutionStatus;
  method: VoteMethod | null;
  votes: { for: number; against: number; abstain: number } | null;
  result: ResolutionResult | null;
  closedAt: string | null;
}

export interface AssemblyView extends Assembly {
  agenda: AgendaItem[];
  documents: AssemblyDocument[];
  resolutions: Resolution[];
  invitees: { total: number; voters: number; answered: { yes: number; no: number; maybe: number } };
  quorum: Quorum | null;
  /** What the reader may do here, by action name (convene, open, checkIn, vote, close, …). */
  allowedActions: string[];
  /** The reader's own place, when invited. */
  me:
    | (Invitee & {
        votedOn: string[];
        /** What I chose, by resolution id. */ choices: Record<string, VoteChoice>;
        /** The names of the people at the other end of my proxies, by person id. */
        names: Record<string, string>;
      })
    | null;
}

/** What the personal RSVP link (no login) shows and lets one do. */
export interface RsvpView {
  assembly: Assembly & { agenda: AgendaItem[] };
  invitee: Invitee;
  /** The names of the people at the other end of this invitee's proxies, by person id (whom to give one to is searched by name). */
  names: Record<string, string>;
  /** Check-in by the personal link is possible on the day, once the assembly is open. */
  canCheckIn: boolean;
}
