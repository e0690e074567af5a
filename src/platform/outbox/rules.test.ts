import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterFailure, defaultRetryPolicy, retryDelayMs } from './rules.js';

const policy = defaultRetryPolicy;

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

  it('believes a provider that says when to come back, within the cap', () => {
    expect(afterFailure({ attempts: 1, permanent: false, retryAfterMs: 2_500 }, policy, 0.5)).toEqual({ kind: 'retry', delayMs: 2_500 });
    expect(afterFailure({ attempts: 1, permanent: false, retryAfterMs: 3_600_000 }, policy, 0.5)).toEqual({ kind: 'retry', delayMs: policy.capMs });
  });

  it('gives up on a permanent failure at once, and on any failure after the last attempt', () => {
    expect(afterFailure({ attempts: 1, permanent: true }, policy, 0.5)).toEqual({ kind: 'dead' });
    expect(afterFailure({ attempts: policy.maxAttempts, permanent: false }, policy, 0.5)).toEqual({ kind: 'dead' });
    expect(afterFailure({ attempts: policy.maxAttempts - 1, permanent: false }, policy, 0.5).kind).toBe('retry');
  });
});
