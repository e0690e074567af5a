/**
 * When the dispatcher tries again, and when it gives up (issue 6). Pure: the random draw is
 * passed in, so tests can pin it.
 */
export interface RetryPolicy {
  /** The first retry comes after about this long. */
  baseMs: number;
  /** No wait is ever longer than this. */
  capMs: number;
  /** After this many failed attempts the event goes to the dead letters. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 12 };

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

/**
 * What happens after a failed delivery. A provider that said when to come back (a 429) is
 * believed, within the cap; a failure that retrying cannot mend, or the last allowed attempt,
 * sends the event to the dead letters, where an administrator can retry it by hand.
 */
export function afterFailure(failure: { attempts: number; permanent: boolean; retryAfterMs?: number }, policy: RetryPolicy, random: number): FailureOutcome {
  if (failure.permanent || failure.attempts >= policy.maxAttempts) return { kind: 'dead' };
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0) {
    return { kind: 'retry', delayMs: Math.min(policy.capMs, Math.ceil(failure.retryAfterMs)) };
  }
  return { kind: 'retry', delayMs: retryDelayMs(failure.attempts, policy, random) };
}
