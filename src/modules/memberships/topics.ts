/*
 * The outbox topics a membership's start and end queue, in the decision's transaction ("Nothing
 * is lost"): the rooms module delivers them (room invitations and removals, webhooks).
 */
declare module '../../platform/outbox/topics.js' {
  interface OutboxTopics {
    /** A membership started: webhooks bound to the members hear of it. */
    'membership.started': { personId: string; membershipId: string; since: string; decisionId: string | null };
    /** A membership ended (lapsed, resigned, excluded): webhooks bound to the members hear of it. */
    'membership.ended': { personId: string; membershipId: string; status: string; until: string | null };
    /** Invite a new member to the members' rooms. */
    'room.invite': MembersRoomChange;
    /** Take a former member out of the members' rooms. */
    'room.remove': MembersRoomChange;
  }
}

/** Who joins or leaves the members' rooms, with the handles known when the change was made. */
export interface MembersRoomChange {
  personId: string;
  audience: 'members';
  matrixId: string | null;
  xmppJid: string | null;
  reason: string;
}
