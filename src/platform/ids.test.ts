import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newId } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The index of the first id not greater than the one before, or -1. */
const firstOutOfOrder = (ids: string[]) => ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]);
const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

// The generator keeps state across calls (last instant, counter): each test starts later than the last,
// after the first, which uses the real clock.
let clock = Date.UTC(2030, 0, 1);
const later = (ms = 1000) => (clock += ms);

describe('newId', () => {
  it('uses the current time by default', () => {
    const before = Date.now();
    const id = newId();
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('is a UUIDv7 (RFC 9562): version 7, variant 10, the instant in its first 48 bits', () => {
    const now = later();
    const id = newId(now);
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBe(now);
  });

  it('increases strictly within one millisecond, as text (the order keyset pagination uses)', () => {
    const now = later();
    const ids = Array.from({ length: 1000 }, () => newId(now));
    expect(firstOutOfOrder(ids)).toBe(-1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
  });

  it('keeps increasing past 4096 ids in one millisecond (the counter has 12 bits)', () => {
    const now = later();
    const ids = Array.from({ length: 10_000 }, () => newId(now));
    expect(firstOutOfOrder(ids)).toBe(-1);
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
  });

  it('keeps increasing when the clock goes back', () => {
    const now = later();
    const first = newId(now);
    const second = newId(now - 5000);
    expect(second > first).toBe(true);
  });

  it('property: ids increase strictly whatever the sequence of instants', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), (steps) => {
        const start = later(10_000);
        let previous = newId(start);
        let t = start;
        for (const step of steps) {
          t += step;
          const id = newId(t);
          expect(id).toMatch(UUID_V7);
          expect(id > previous).toBe(true);
          previous = id;
        }
      }),
    );
  });
});
