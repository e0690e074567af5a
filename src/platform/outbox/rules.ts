/**
 * When the dispatcher tries again, and when it gives up. Pure: the clock and the random draw are
 * passed in, so tests can pin them.
 *
 * The give-up is a duration, not a count of attempts: a receiver down for a night (a webhook
 * endpoint being upgraded, a homeserver restarting) must get its events once it is back, so an
 * event keeps being retried for `giveUpAfterMs` (24 hours by default) since its first attempt.
 * The backoff is capped at a few minutes, so a receiver that comes back is served soon after.
 */
export interface RetryPolicy {
  /** The first retry comes after about this long. */
  baseMs: number;
  /** No wait is ever longer than this. */
  capMs: number;
  /** Failures keep being retried for this long since the event's first attempt; then it goes to the dead letters. */
  giveUpAfterMs: number;
  /**
   * An additional bound on failed attempts, for operators who set OUTBOX_MAX_ATTEMPTS before the
   * give-up became a duration; unset (the default), only the duration counts.
   */
  maxAttempts?: number;
}

export const HOUR_MS = 3_600_000;

export const defaultRetryPolicy: RetryPolicy = { baseMs: 1_000, capMs: 10 * 60_000, giveUpAfterMs: 24 * HOUR_MS };

/**
 * Exponential backoff with jitter: the n-th failure waits base·2^(n−1), capped, then drawn
 * between half and all of it, so instances that failed together do not retry together.
 * `random` is in [0, 1).
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type FailureOutcome = { kind: 'retry'; delayMs: number } | { kind: 'dead' };

export interface Failure {
  /** Attempts made so far, this one included. */
  attempts: number;
  permanent: boolean;
  /** How long the provider asked us to wait (a 429's Retry-After), if it said. */
  retryAfterMs?: number;
  /** When this round of attempts began: the first attempt, or the last retry by hand. */
  firstAttemptAt: string;
}

/** Whether an event that keeps failing has been retried long enough to be given up. */
export function retryWindowOver(firstAttemptAt: string, now: string, policy: RetryPolicy): boolean {
  return Date.parse(now) - Date.parse(firstAttemptAt) >= policy.giveUpAfterMs;
}

/**
 * What happens after a failed delivery, at `now`. A provider that said when to come back (a 429)
 * is believed, within the cap; a failure that retrying cannot mend, or one past the retry window
 * (or past the optional attempt bound), sends the event to the dead letters, where an
 * administrator can retry it by hand.
 */
export function afterFailure(failure: Failure, now: string, policy: RetryPolicy, random: number): FailureOutcome {
  if (failure.permanent || retryWindowOver(failure.firstAttemptAt, now, policy)) return { kind: 'dead' };
  if (policy.maxAttempts !== undefined && failure.attempts >= policy.maxAttempts) return { kind: 'dead' };
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0) {
    return { kind: 'retry', delayMs: Math.min(policy.capMs, Math.ceil(failure.retryAfterMs)) };
  }
  return { kind: 'retry', delayMs: retryDelayMs(failure.attempts, policy, random) };
}
