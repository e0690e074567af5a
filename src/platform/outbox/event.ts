/**
 * Side effects of a change, written in the change's own transaction ("Nothing is lost"): a
 * welcome mail, an invitation to the members' room. The dispatcher (dispatcher.ts) delivers them;
 * administrators see what waits, what was delivered and the dead letters.
 */
export interface OutboxEvent {
  id: string;
  topic: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: unknown;
  createdAt: string;
  availableAt: string;
  attempts: number;
  deliveredAt: string | null;
  lastError: string | null;
  deadAt: string | null;
  /** When the current round of attempts began; null until the first claim. */
  firstAttemptAt: string | null;
}
