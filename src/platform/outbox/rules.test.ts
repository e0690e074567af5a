import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterFailure, defaultRetryPolicy, HOUR_MS, retryDelayMs, retryWindowOver, type RetryPolicy } from './rules.js';

const policy = defaultRetryPolicy;
const first = '2026-12-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(first) + ms).toISOString();
const failing = (attempts: number, extra: { permanent?: boolean; retryAfterMs?: number } = {}) => ({
  attempts,
  permanent: extra.permanent ?? false,
  retryAfterMs: extra.retryAfterMs,
  firstAttemptAt: first,
});

describe('outbox retry rules', () => {
  it('retries first after about a second, then doubles, and never waits more than the cap', () => {
    expect(retryDelayMs(1, policy, 0)).toBe(500);
    expect(retryDelayMs(1, policy, 0.999)).toBeLessThanOrEqual(1_000);
    expect(retryDelayMs(2, policy, 0)).toBe(1_000);
    expect(retryDelayMs(3, policy, 0)).toBe(2_000);
    expect(retryDelayMs(40, policy, 0.999)).toBeLessThanOrEqual(policy.capMs);
  });

  it('draws every delay between half and all of its ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
        const d = retryDelayMs(n, policy, r);
        return d >= Math.floor(ceiling / 2) && d <= ceiling;
      }),
    );
  });

  it('grows the delay exponentially until the cap, and never past it, whatever the draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const d = retryDelayMs(n, policy, r);
        // Below the cap, each failure waits twice as long as the one before it, for the same draw.
        const belowCap = policy.baseMs * 2 ** n <= policy.capMs;
        return d <= policy.capMs && (!belowCap || Math.abs(retryDelayMs(n + 1, policy, r) - 2 * d) <= 1);
      }),
    );
  });

  it('believes a provider that says when to come back, within the cap', () => {
    expect(afterFailure(failing(1, { retryAfterMs: 2_500 }), at(0), policy, 0.5)).toEqual({ kind: 'retry', delayMs: 2_500 });
    expect(afterFailure(failing(1, { retryAfterMs: 3_600_000 }), at(0), policy, 0.5)).toEqual({ kind: 'retry', delayMs: policy.capMs });
  });

  it('gives up on a permanent failure at once', () => {
    expect(afterFailure(failing(1, { permanent: true }), at(0), policy, 0.5)).toEqual({ kind: 'dead' });
  });

  // The retry window: a receiver down for most of a day still gets its events.
  it.each([
    { since: '1 second', elapsedMs: 1_000, attempts: 2, outcome: 'retry' },
    { since: '20 minutes (the old give-up)', elapsedMs: 20 * 60_000, attempts: 13, outcome: 'retry' },
    { since: '12 hours', elapsedMs: 12 * HOUR_MS, attempts: 90, outcome: 'retry' },
    { since: '23 hours', elapsedMs: 23 * HOUR_MS, attempts: 150, outcome: 'retry' },
    { since: '23 h 59 min 59 s', elapsedMs: 24 * HOUR_MS - 1_000, attempts: 160, outcome: 'retry' },
    { since: '24 hours', elapsedMs: 24 * HOUR_MS, attempts: 160, outcome: 'dead' },
    { since: '25 hours', elapsedMs: 25 * HOUR_MS, attempts: 170, outcome: 'dead' },
  ])('a delivery failing for $since since its first attempt is $outcome', ({ elapsedMs, attempts, outcome }) => {
    const next = afterFailure(failing(attempts), at(elapsedMs), policy, 0.5);
    expect(next.kind).toBe(outcome);
    if (next.kind === 'retry') expect(next.delayMs).toBeLessThanOrEqual(policy.capMs);
  });

  it('counts the retry window from the first attempt, whatever the number of attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 48 * HOUR_MS }), (attempts, elapsedMs) => {
        const next = afterFailure(failing(attempts), at(elapsedMs), policy, 0.5);
        return next.kind === (elapsedMs >= policy.giveUpAfterMs ? 'dead' : 'retry');
      }),
    );
  });

  it('follows the configured window, and the optional attempt bound when an operator still sets one', () => {
    const twoHours: RetryPolicy = { ...policy, giveUpAfterMs: 2 * HOUR_MS };
    expect(retryWindowOver(first, at(2 * HOUR_MS - 1), twoHours)).toBe(false);
    expect(retryWindowOver(first, at(2 * HOUR_MS), twoHours)).toBe(true);
    const bounded: RetryPolicy = { ...policy, maxAttempts: 12 };
    expect(afterFailure(failing(11), at(60_000), bounded, 0.5).kind).toBe('retry');
    expect(afterFailure(failing(12), at(60_000), bounded, 0.5)).toEqual({ kind: 'dead' });
  });

  it('keeps retrying a receiver that is down for 23 hours, never more than the cap apart', () => {
    // Walks the schedule as the dispatcher lives it: fail, wait the drawn delay, fail again.
    let elapsed = 0;
    let attempts = 0;
    const waits: number[] = [];
    for (;;) {
      attempts++;
      const next = afterFailure(failing(attempts), at(elapsed), policy, 0.5);
      if (next.kind === 'dead') break;
      waits.push(next.delayMs);
      elapsed += next.delayMs;
    }
    expect(elapsed).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(elapsed).toBeLessThan(24 * HOUR_MS + policy.capMs);
    expect(Math.max(...waits)).toBeLessThanOrEqual(policy.capMs);
    expect(waits.slice(0, 4)).toEqual([750, 1_500, 3_000, 6_000]);
    expect(waits.at(-1)).toBe(0.75 * policy.capMs);
  });
});
