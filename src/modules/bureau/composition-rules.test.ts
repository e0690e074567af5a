import { describe, expect, it } from 'vitest';
import { checkConfirmation, checkNotSelf, checkOfficeDate, checkQuorumKept, compositionPhase } from './rules.js';
import { heldBeforePlanned } from '../sessions/rules.js';

describe('the rules of the bureau’s composition', () => {
  it.each([
    // date, phase, assembly days, refused?
    ['2026-12-01', 'governed', [], false],
    ['2026-12-24', 'governed', [], false],
    ['2026-11-21', 'governed', ['2026-11-21'], true],
    ['2026-11-21', 'setup', [], true],
    ['2026-11-21', 'setup', ['2026-11-21'], false],
  ] as const)('an office dated %s while %s (assemblies held on %j) is refused: %s', (date, phase, assemblyDays, refused) => {
    const r = checkOfficeDate({ date, today: '2026-12-01', phase, assemblyDays: [...assemblyDays], path: '/since' });
    expect(r === null ? null : r.errors?.[0]?.code).toBe(refused ? 'in_the_past' : null);
  });

  it('nobody gives themself an office; the server (no person) records history', () => {
    expect(checkNotSelf('p1', 'p1')?.code).toBe('self_appointment');
    expect(checkNotSelf('p1', 'p2')).toBeNull();
    expect(checkNotSelf(null, 'p2')).toBeNull();
  });

  it.each([
    // seats before, after, quorum required before, refused?
    [3, 2, 2, false],
    [2, 1, 2, true],
    [5, 2, 3, true],
    [1, 0, 1, true],
    [3, 3, 2, false],
    [2, 3, 2, false],
  ])('a bureau of %i seats going to %i (quorum %i) is refused: %s', (seatsBefore, seatsAfter, requiredBefore, refused) => {
    expect(checkQuorumKept({ seatsBefore, seatsAfter, requiredBefore })?.code ?? null).toBe(refused ? 'bureau_quorum_at_risk' : null);
  });

  it.each([
    [{ confirmerId: 'c', confirmerOnBureau: true }, null],
    [{ confirmerId: 'p', confirmerOnBureau: true }, 'second_member_required'],
    [{ confirmerId: 's', confirmerOnBureau: true }, 'self_appointment'],
    [{ confirmerId: 'c', confirmerOnBureau: false }, 'forbidden'],
    [{ confirmerId: null, confirmerOnBureau: false }, 'forbidden'],
    [{ confirmerId: 'c', confirmerOnBureau: true, status: 'cancelled' as const }, 'change_not_pending'],
  ])('confirming %j: %s', (who, code) => {
    const r = checkConfirmation({ status: 'pending', proposedBy: 'p', personId: 's', ...who });
    expect(r?.code ?? null).toBe(code);
  });

  it('the bureau is set up until its first session, governed from then on', () => {
    expect(compositionPhase(false)).toBe('setup');
    expect(compositionPhase(true)).toBe('governed');
  });

  it.each([
    ['2026-12-22T18:00:00.000Z', '2026-12-03T19:00:00.000Z', true],
    ['2026-12-03T20:00:00.000Z', '2026-12-03T08:00:00.000Z', false],
    ['2026-12-01T18:00:00.000Z', '2026-12-03T19:00:00.000Z', false],
    // 23:30 UTC on the 3rd is already the 4th in Paris: the same day there.
    ['2026-12-04T10:00:00.000Z', '2026-12-03T23:30:00.000Z', false],
  ])('planned at %s, opened at %s: held before its planned day: %s', (planned, now, early) => {
    expect(heldBeforePlanned(planned, now, 'Europe/Paris')).toBe(early);
  });
});
