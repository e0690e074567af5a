import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appointmentWarnings, computeQuorum, decideAppointment, OFFICES, parseQuorumRule, type HeldOffice } from './rules.js';
import type { Office } from '../../platform/auth/actor.js';

const bureau: HeldOffice[] = [
  { personId: 'ada', office: 'president' },
  { personId: 'bea', office: 'treasurer' },
  { personId: 'carl', office: 'member' },
  { personId: 'dina', office: 'member' },
];

describe('decideAppointment', () => {
  it.each<[string, HeldOffice[], string, Office, ReturnType<typeof decideAppointment>]>([
    ['a newcomer to an empty bureau', [], 'zoe', 'president', { endsPrevious: false }],
    ['a newcomer to a vacant single office', bureau, 'zoe', 'secretary', { endsPrevious: false }],
    ['a newcomer as one more plain member', bureau, 'zoe', 'member', { endsPrevious: false }],
    ['a plain member becoming secretary', bureau, 'carl', 'secretary', { endsPrevious: true }],
    ['the treasurer stepping back to plain member', bureau, 'bea', 'member', { endsPrevious: true }],
    ['the president moving to the vacant secretary office', bureau, 'ada', 'secretary', { endsPrevious: true }],
  ])('appoints %s', (_label, current, personId, office, expected) => {
    expect(decideAppointment(current, personId, office)).toEqual(expected);
  });

  it.each<[string, HeldOffice[], string, Office]>([
    ['someone to an office held by someone else', bureau, 'zoe', 'president'],
    ['a plain member to the treasurer office', bureau, 'carl', 'treasurer'],
    ['the president to the treasurer office', bureau, 'ada', 'treasurer'],
    ['the president again as president', bureau, 'ada', 'president'],
    ['a plain member again as plain member', bureau, 'carl', 'member'],
  ])('refuses %s with office_already_held', (_label, current, personId, office) => {
    expect(decideAppointment(current, personId, office)).toMatchObject({ code: 'office_already_held' });
  });

  const personArb = fc.constantFrom('ada', 'bea', 'carl', 'dina', 'zoe');
  const officeArb = fc.constantFrom(...OFFICES);
  /** A bureau as the database can hold it: one office per person, one holder per single office. */
  const bureauArb = fc
    .uniqueArray(fc.record({ personId: personArb, office: officeArb }), { selector: (h) => h.personId })
    .filter((held) => (['president', 'secretary', 'treasurer'] as Office[]).every((o) => held.filter((h) => h.office === o).length <= 1));

  it('property: applying every accepted appointment keeps one office per person and one holder per single office', () => {
    fc.assert(
      fc.property(bureauArb, fc.array(fc.tuple(personArb, officeArb), { maxLength: 12 }), (start, moves) => {
        let held = start;
        for (const [personId, office] of moves) {
          const decision = decideAppointment(held, personId, office);
          if ('code' in decision) continue;
          expect(decision.endsPrevious).toBe(held.some((h) => h.personId === personId));
          held = [...held.filter((h) => h.personId !== personId), { personId, office }];
          expect(new Set(held.map((h) => h.personId)).size).toBe(held.length);
          for (const single of ['president', 'secretary', 'treasurer'] as Office[]) {
            expect(held.filter((h) => h.office === single).length).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('property: any number of people can be plain members', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 30 }), (ids) => {
        let held: HeldOffice[] = [];
        for (const personId of ids) {
          expect(decideAppointment(held, personId, 'member')).toEqual({ endsPrevious: false });
          held = [...held, { personId, office: 'member' }];
        }
      }),
    );
  });
});

describe('computeQuorum', () => {
  const majority = { kind: 'majority' } as const;
  const minimum = (count: number) => ({ kind: 'minimum', count }) as const;

  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [6, 4],
    [7, 4],
  ])('majority of a bureau of %i needs %i present', (size, required) => {
    expect(computeQuorum(majority, size, required)).toEqual({ required, present: required, reached: true });
    expect(computeQuorum(majority, size, required - 1)).toEqual({ required, present: required - 1, reached: false });
  });

  it.each([
    [3, 5, 3],
    [3, 3, 3],
    [3, 2, 2],
    [5, 1, 1],
    [2, 7, 2],
  ])('a minimum of %i with a bureau of %i needs %i (capped at the bureau size)', (count, size, required) => {
    expect(computeQuorum(minimum(count), size, required)).toMatchObject({ required, reached: true });
    expect(computeQuorum(minimum(count), size, required - 1)).toMatchObject({ required, reached: false });
  });

  it('a bureau of nobody never reaches quorum', () => {
    expect(computeQuorum(majority, 0, 0).reached).toBe(false);
    expect(computeQuorum(majority, 0, 3).reached).toBe(false);
    expect(computeQuorum(minimum(2), 0, 5).reached).toBe(false);
  });

  it('property: a majority is more than half and at most the bureau; reached exactly when enough are present', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 250 }), (size, present) => {
        const q = computeQuorum(majority, size, present);
        expect(q.required * 2).toBeGreaterThan(size);
        expect((q.required - 1) * 2).toBeLessThanOrEqual(size);
        expect(q.required).toBeLessThanOrEqual(size);
        expect(q.present).toBe(present);
        expect(q.reached).toBe(present >= q.required);
      }),
    );
  });

  it('property: a minimum is never more than the bureau nor less than one; reached exactly when enough are present', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 250 }), (count, size, present) => {
        const q = computeQuorum(minimum(count), size, present);
        expect(q.required).toBe(Math.min(count, size));
        expect(q.reached).toBe(present >= q.required);
      }),
    );
  });
});

describe('parseQuorumRule', () => {
  it.each([
    ['majority', { kind: 'majority' }],
    ['1', { kind: 'minimum', count: 1 }],
    ['3', { kind: 'minimum', count: 3 }],
    ['999', { kind: 'minimum', count: 999 }],
  ])('reads %j', (text, rule) => {
    expect(parseQuorumRule(text)).toEqual(rule);
  });

  it.each(['', '0', '03', '-1', '1000', '2.5', 'Majority', 'half', ' 3', '3 '])('refuses %j', (text) => {
    expect(parseQuorumRule(text)).toBeNull();
  });
});

describe('appointmentWarnings', () => {
  it('warns, without refusing, when the person is not a member today; says nothing of a member', () => {
    expect(appointmentWarnings({ isMemberToday: false }).map((w) => w.code)).toEqual(['not_a_member']);
    expect(appointmentWarnings({ isMemberToday: true })).toEqual([]);
  });
});
