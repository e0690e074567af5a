import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { errorStatus } from '../../platform/errors.js';
import { catalogue } from '../../platform/i18n/index.js';
import {
  assemblyInvitees,
  assemblyTransitions,
  checkConvocation,
  checkCounts,
  checkProxy,
  checkVote,
  computeAssemblyQuorum,
  earliestAssemblyDate,
  isQuorumRule,
  meetsNoticePeriod,
  parseAssemblyQuorumRule,
  tallyResolution,
  transitionAssembly,
  type AssemblyEvent,
  type AssemblyStatus,
  type ResolutionStatus,
  type VoteMethod,
} from './rules.js';

const person = (n: string) => ({ personId: `id-${n.toLowerCase()}`, displayName: n });

describe('assemblyInvitees ("Every member and every contributor is invited to every general assembly")', () => {
  // 3 members and 5 contributors who are not members; someone who is neither is not invited.
  const members = ['Maëlle', 'Ada', 'Zoé'].map(person);
  const contributors = ['Bruno', 'Chloé', 'Élise', 'Yann', 'Karim'].map(person);

  it('invites every member and every contributor, 3 of the 8 with a vote by default, sorted by name', () => {
    const invitees = assemblyInvitees({ members, contributors, officeHolders: [], votersAre: 'members' });
    expect(invitees).toHaveLength(8);
    expect(invitees.filter((i) => i.canVote)).toHaveLength(3);
    expect(invitees.map((i) => i.displayName)).toEqual(['Ada', 'Bruno', 'Chloé', 'Élise', 'Karim', 'Maëlle', 'Yann', 'Zoé']);
    expect(invitees.find((i) => i.displayName === 'Bruno')).toEqual({ personId: 'id-bruno', displayName: 'Bruno', capacity: 'contributor', canVote: false });
    expect(invitees.find((i) => i.displayName === 'Zoé')).toEqual({ personId: 'id-zoé', displayName: 'Zoé', capacity: 'member', canVote: true });
    expect(invitees.map((i) => i.personId)).not.toContain('id-nobody');
  });

  it('gives everyone a vote when the configuration says so', () => {
    const invitees = assemblyInvitees({ members, contributors, officeHolders: [person('Odile')], votersAre: 'everyone' });
    expect(invitees.every((i) => i.canVote)).toBe(true);
    expect(invitees.filter((i) => i.capacity === 'member')).toHaveLength(3);
  });

  it('invites a member who also contributes once, as a member, whatever order the lists come in', () => {
    const ada = person('Ada');
    const invitees = assemblyInvitees({ members: [ada], contributors: [person('Bruno'), ada, ada], officeHolders: [], votersAre: 'members' });
    expect(invitees).toEqual([
      { ...ada, capacity: 'member', canVote: true },
      { ...person('Bruno'), capacity: 'contributor', canVote: false },
    ]);
  });

  it('invites a bureau office holder who is neither member nor contributor, heard without a vote; one who is either keeps that capacity', () => {
    const [ada, bruno, odile] = [person('Ada'), person('Bruno'), person('Odile')];
    const invitees = assemblyInvitees({ members: [ada], contributors: [bruno], officeHolders: [odile, ada, bruno], votersAre: 'members' });
    expect(invitees).toEqual([
      { ...ada, capacity: 'member', canVote: true },
      { ...bruno, capacity: 'contributor', canVote: false },
      { ...odile, capacity: 'office_holder', canVote: false },
    ]);
  });

  it('invites nobody when there is nobody', () => {
    expect(assemblyInvitees({ members: [], contributors: [], officeHolders: [], votersAre: 'members' })).toEqual([]);
  });

  it('property: each person once; members exactly the member list; votes follow the setting', () => {
    const people = fc.uniqueArray(fc.record({ personId: fc.string({ minLength: 1, maxLength: 4 }), displayName: fc.string({ maxLength: 6 }) }), {
      selector: (p) => p.personId,
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        people,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        (everyone, m, c, o, all) => {
          const pick = (indexes: number[]) => (everyone.length ? indexes.map((i) => everyone[i % everyone.length]) : []);
          const [memberList, contributorList, officeList] = [pick(m), pick(c), pick(o)];
          const invitees = assemblyInvitees({
            members: memberList,
            contributors: contributorList,
            officeHolders: officeList,
            votersAre: all ? 'everyone' : 'members',
          });
          const ids = invitees.map((i) => i.personId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(new Set([...memberList, ...contributorList, ...officeList].map((p) => p.personId)));
          const memberIds = new Set(memberList.map((p) => p.personId));
          const contributorIds = new Set(contributorList.map((p) => p.personId));
          for (const i of invitees) {
            expect(i.capacity).toBe(memberIds.has(i.personId) ? 'member' : contributorIds.has(i.personId) ? 'contributor' : 'office_holder');
            expect(i.canVote).toBe(all || memberIds.has(i.personId));
          }
        },
      ),
    );
  });
});

describe('transitionAssembly: every (state, event) pair', () => {
  const statuses: AssemblyStatus[] = ['draft', 'convened', 'open', 'closed'];
  const events: AssemblyEvent[] = ['convene', 'open', 'close'];
  const legal: Record<string, AssemblyStatus> = { 'draft/convene': 'convened', 'convened/open': 'open', 'open/close': 'closed' };
  const pairs = statuses.flatMap((s) => events.map((e) => [s, e] as const));

  it.each(pairs.filter(([s, e]) => `${s}/${e}` in legal))('%s + %s is legal', (status, event) => {
    expect(transitionAssembly(status, event)).toEqual({ status: legal[`${status}/${event}`] });
    expect(assemblyTransitions[status][event]).toBe(legal[`${status}/${event}`]);
  });

  it.each(pairs.filter(([s, e]) => !(`${s}/${e}` in legal)))('%s + %s is refused', (status, event) => {
    expect(transitionAssembly(status, event)).toMatchObject({ code: 'illegal_transition', message: expect.stringContaining(status) });
  });
});

describe('checkConvocation', () => {
  const now = '2026-12-01T10:00:00.000Z';
  const convocation = (overrides: Partial<Parameters<typeof checkConvocation>[0]> = {}) =>
    checkConvocation({
      status: 'draft',
      scheduledAt: '2027-01-15T18:30:00.000Z',
      now,
      noticeDays: 15,
      force: false,
      reason: null,
      agendaItems: 2,
      ...overrides,
    });

  it('convenes a draft 30 days ahead', () => {
    expect(convocation({ scheduledAt: '2026-12-31T10:00:00.000Z' })).toBeNull();
  });

  it('an assembly with an empty agenda cannot be convened, even forced', () => {
    expect(convocation({ agendaItems: 0 })).toMatchObject({ code: 'empty_agenda' });
    expect(convocation({ agendaItems: 0, force: true, reason: 'urgent' })).toMatchObject({ code: 'empty_agenda' });
    expect(errorStatus.empty_agenda).toBe(422);
  });

  it('refuses 5 days ahead, naming the earliest date', () => {
    const refusal = convocation({ scheduledAt: '2026-12-06T10:00:00.000Z' });
    expect(refusal).toMatchObject({ code: 'notice_period_too_short' });
    expect(refusal!.message).toContain('2026-12-16T10:00:00.000Z');
    expect(errorStatus[refusal!.code]).toBe(422);
  });

  it('counts whole periods of 24 hours: exactly 15 days passes, one minute less does not', () => {
    expect(convocation({ scheduledAt: '2026-12-16T10:00:00.000Z' })).toBeNull();
    expect(convocation({ scheduledAt: '2026-12-16T09:59:00.000Z' })).toMatchObject({ code: 'notice_period_too_short' });
    expect(earliestAssemblyDate(now, 15)).toBe('2026-12-16T10:00:00.000Z');
    // Across the change to summer time, still 15 × 24 hours.
    expect(meetsNoticePeriod({ now: '2027-03-20T10:00:00.000Z', scheduledAt: '2027-04-04T09:00:00.000Z', noticeDays: 15 })).toBe(false);
    expect(meetsNoticePeriod({ now: '2027-03-20T10:00:00.000Z', scheduledAt: '2027-04-04T10:00:00.000Z', noticeDays: 15 })).toBe(true);
  });

  it('convenes inside the notice period when forced with a reason', () => {
    expect(convocation({ scheduledAt: '2026-12-06T10:00:00.000Z', force: true, reason: 'Dissolution urgente' })).toBeNull();
  });

  it.each([null, '', '   \n'])('refuses to force with the reason %j', (reason) => {
    const refusal = convocation({ scheduledAt: '2026-12-06T10:00:00.000Z', force: true, reason });
    expect(refusal).toMatchObject({ code: 'validation_failed', errors: [{ path: '/reason', code: 'required' }] });
    expect(errorStatus[refusal!.code]).toBe(400);
  });

  it('does not ask for a reason when forcing was not needed', () => {
    expect(convocation({ force: true, reason: '' })).toBeNull();
  });

  it.each(['2026-12-01T10:00:00.000Z', '2026-11-30T10:00:00.000Z', 'not a date'])('refuses an assembly at %s, even forced', (scheduledAt) => {
    for (const force of [false, true]) {
      expect(convocation({ scheduledAt, force, reason: 'urgent' })).toMatchObject({ code: 'validation_failed', errors: [{ path: '/scheduledAt' }] });
    }
  });

  it.each<AssemblyStatus>(['convened', 'open', 'closed'])('refuses to convene an assembly that is %s', (status) => {
    expect(convocation({ status })).toMatchObject({ code: 'illegal_transition' });
  });

  it('a notice period of 0 days convenes for any time to come', () => {
    expect(convocation({ noticeDays: 0, scheduledAt: '2026-12-01T10:01:00.000Z' })).toBeNull();
  });
});

describe('checkProxy', () => {
  const proxy = (overrides: Partial<Parameters<typeof checkProxy>[0]> = {}) =>
    checkProxy({
      status: 'convened',
      giverId: 'ada',
      holderId: 'bruno',
      giver: { canVote: true, present: false },
      holder: { canVote: true },
      holderAlreadyHolds: 0,
      max: 2,
      holderGaveProxy: false,
      ...overrides,
    });

  it.each<AssemblyStatus>(['convened', 'open'])('gives a proxy from one voter to another while the assembly is %s', (status) => {
    expect(proxy({ status })).toBeNull();
  });

  it.each<AssemblyStatus>(['draft', 'closed'])('refuses a proxy while the assembly is %s', (status) => {
    expect(proxy({ status })).toMatchObject({ code: 'illegal_transition' });
  });

  it.each([
    ['a giver not invited', { giver: null }, 'not_a_voter', undefined],
    ['a giver without a vote', { giver: { canVote: false, present: false } }, 'not_a_voter', undefined],
    ['a proxy to oneself', { holderId: 'ada' }, 'proxy_to_self', '/holderId'],
    ['a holder not invited', { holder: null }, 'not_a_voter', '/holderId'],
    ['a holder without a vote', { holder: { canVote: false } }, 'not_a_voter', '/holderId'],
    ['a holder who already holds the maximum', { holderAlreadyHolds: 2 }, 'too_many_proxies', '/holderId'],
    ['a holder who gave their own proxy', { holderGaveProxy: true }, 'proxy_chain', '/holderId'],
    ['a giver who holds proxies', { giverHolds: 1 }, 'proxy_chain', undefined],
    ['a giver checked in', { status: 'open' as const, giver: { canVote: true, present: true } }, 'already_present', undefined],
  ] as const)('refuses %s', (_label, overrides, code, path) => {
    const refusal = proxy(overrides);
    expect(refusal).toMatchObject({ code });
    if (path) expect(refusal!.errors).toEqual([expect.objectContaining({ path })]);
    else expect(refusal!.errors).toBeUndefined();
  });

  it('statuses: 409 for what the state forbids, 422 for the people chosen', () => {
    expect(errorStatus.already_present).toBe(409);
    for (const code of ['not_a_voter', 'proxy_to_self', 'too_many_proxies', 'proxy_chain'] as const) expect(errorStatus[code]).toBe(422);
  });

  it('a holder may take proxies up to the maximum, and none when it is 0', () => {
    expect(proxy({ holderAlreadyHolds: 1 })).toBeNull();
    expect(proxy({ max: 0 })).toMatchObject({ code: 'too_many_proxies' });
  });
});

describe('computeAssemblyQuorum', () => {
  it.each([
    ['1/4', 10, 3],
    ['1/4', 8, 2],
    ['1/4', 1, 1],
    ['1/4', 0, 0],
    ['1/2', 7, 4],
    ['2/3', 9, 6],
    ['2/3', 10, 7],
    ['1/1', 5, 5],
    ['12', 100, 12],
    ['12', 5, 12],
    ['none', 50, 0],
  ])('%s of %i voters needs %i', (rule, voters, required) => {
    const q = computeAssemblyQuorum({ voters, present: required, represented: 0, rule });
    expect(q).toEqual({ voters, present: required, represented: 0, required, reached: true });
    if (required > 0) expect(computeAssemblyQuorum({ voters, present: required - 1, represented: 0, rule }).reached).toBe(false);
  });

  it('counts the voters represented by a proxy with those present', () => {
    expect(computeAssemblyQuorum({ voters: 10, present: 1, represented: 2, rule: '1/4' })).toMatchObject({ required: 3, reached: true });
    expect(computeAssemblyQuorum({ voters: 10, present: 1, represented: 1, rule: '1/4' })).toMatchObject({ required: 3, reached: false });
  });

  it.each(['none', '1/4', '1/2', '2/3', '99/99', '1', '10', '9999'])('%s is a rule', (rule) => {
    expect(isQuorumRule(rule)).toBe(true);
  });

  it.each(['', 'None', 'majority', '0', '01', '10000', '0/4', '1/0', '3/2', '1/100', ' 1/4', '1/4 ', '1.5', '-1', '1/4/2'])('%j is not a rule', (rule) => {
    expect(isQuorumRule(rule)).toBe(false);
    expect(() => computeAssemblyQuorum({ voters: 1, present: 1, represented: 0, rule })).toThrow(RangeError);
  });

  it('property: a fraction a/b requires the smallest number of voters that is at least a/b of them', () => {
    const fraction = fc.integer({ min: 1, max: 99 }).chain((b) => fc.tuple(fc.integer({ min: 1, max: b }), fc.constant(b)));
    fc.assert(
      fc.property(fraction, fc.integer({ min: 0, max: 10_000 }), fc.nat(10_000), fc.nat(10_000), ([a, b], voters, present, represented) => {
        const q = computeAssemblyQuorum({ voters, present, represented, rule: `${a}/${b}` });
        // required/voters ≥ a/b, and one less would not be (in integers, no float rounding).
        expect(q.required * b).toBeGreaterThanOrEqual(a * voters);
        if (q.required > 0) expect((q.required - 1) * b).toBeLessThan(a * voters);
        expect(q.required).toBeLessThanOrEqual(voters);
        expect(q.reached).toBe(present + represented >= q.required);
        expect(q).toMatchObject({ voters, present, represented });
      }),
    );
  });

  it('property: more people present never loses a quorum', () => {
    const rule = fc.constantFrom('none', '1/4', '1/2', '2/3', '1/1', '1', '7', '50');
    fc.assert(
      fc.property(rule, fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(50), (r, voters, present, represented, more) => {
        const before = computeAssemblyQuorum({ voters, present, represented, rule: r });
        const after = computeAssemblyQuorum({ voters, present: present + more, represented, rule: r });
        expect(after.required).toBe(before.required);
        if (before.reached) expect(after.reached).toBe(true);
      }),
    );
  });

  it('parses a rule into its parts', () => {
    expect(parseAssemblyQuorumRule('none')).toEqual({ kind: 'none' });
    expect(parseAssemblyQuorumRule('2/3')).toEqual({ kind: 'fraction', numerator: 2, denominator: 3 });
    expect(parseAssemblyQuorumRule('15')).toEqual({ kind: 'count', count: 15 });
  });
});

describe('tallyResolution', () => {
  it.each([
    ['simple', 3, 2, 0, 'adopted'],
    ['simple', 2, 2, 0, 'rejected'],
    ['simple', 2, 3, 0, 'rejected'],
    ['simple', 1, 0, 10, 'adopted'],
    ['simple', 0, 0, 5, 'rejected'],
    ['simple', 0, 0, 0, 'rejected'],
    ['two_thirds', 2, 1, 0, 'adopted'],
    ['two_thirds', 6, 3, 9, 'adopted'],
    ['two_thirds', 5, 3, 0, 'rejected'],
    ['two_thirds', 66, 34, 0, 'rejected'],
    ['two_thirds', 67, 33, 0, 'adopted'],
    ['two_thirds', 1, 0, 0, 'adopted'],
    ['two_thirds', 0, 0, 3, 'rejected'],
    ['two_thirds', 0, 0, 0, 'rejected'],
  ] as const)('%s: %i for, %i against, %i abstaining → %s', (majority, yes, against, abstain, result) => {
    expect(tallyResolution({ majority, for: yes, against, abstain })).toBe(result);
  });

  const counts = fc.record({ for: fc.nat(1000), against: fc.nat(1000), abstain: fc.nat(1000) });

  it('property: abstentions never change the result', () => {
    fc.assert(
      fc.property(fc.constantFrom('simple', 'two_thirds' as const), counts, fc.nat(1000), (majority, c, abstain) => {
        expect(tallyResolution({ majority, ...c, abstain })).toBe(tallyResolution({ majority, ...c }));
      }),
    );
  });

  it('property: simple adopts exactly when for > against; two thirds when for ≥ ⅔ of the votes cast and > 0', () => {
    fc.assert(
      fc.property(counts, (c) => {
        expect(tallyResolution({ majority: 'simple', ...c }) === 'adopted').toBe(c.for > c.against);
        const cast = c.for + c.against;
        expect(tallyResolution({ majority: 'two_thirds', ...c }) === 'adopted').toBe(c.for > 0 && c.for / cast >= 2 / 3 - 1e-12);
      }),
    );
  });

  it('property: two thirds is stricter than simple, and one more vote for never turns adopted into rejected', () => {
    fc.assert(
      fc.property(fc.constantFrom('simple', 'two_thirds' as const), counts, (majority, c) => {
        if (tallyResolution({ majority: 'two_thirds', ...c }) === 'adopted') expect(tallyResolution({ majority: 'simple', ...c })).toBe('adopted');
        if (tallyResolution({ majority, ...c }) === 'adopted') {
          expect(tallyResolution({ majority, ...c, for: c.for + 1 })).toBe('adopted');
          if (c.against > 0) expect(tallyResolution({ majority, ...c, against: c.against - 1 })).toBe('adopted');
        }
      }),
    );
  });
});

describe('checkVote', () => {
  const vote = (overrides: Partial<Parameters<typeof checkVote>[0]> = {}) =>
    checkVote({
      assemblyStatus: 'open',
      resolutionStatus: 'open',
      method: 'individual',
      voter: { canVote: true, present: true },
      alreadyVoted: false,
      mayChange: false,
      ...overrides,
    });

  it('a vote can be changed until the vote closes, when the bylaws allow it', () => {
    expect(vote({ alreadyVoted: true, mayChange: true })).toBeNull();
    expect(vote({ alreadyVoted: true, mayChange: true, resolutionStatus: 'closed' })).toMatchObject({ code: 'resolution_not_open' });
    expect(vote({ alreadyVoted: true, mayChange: false })).toMatchObject({ code: 'already_voted' });
  });

  it('records the vote of a voter present (or represented by someone present) on an open resolution', () => {
    expect(vote()).toBeNull();
    expect(vote({ method: null })).toBeNull();
  });

  it.each<[string, Partial<Parameters<typeof checkVote>[0]>, string, number]>([
    ...(['draft', 'convened', 'closed'] as AssemblyStatus[]).map((s): [string, Partial<Parameters<typeof checkVote>[0]>, string, number] => [
      `an assembly ${s}`,
      { assemblyStatus: s },
      'assembly_not_open',
      409,
    ]),
    ...(['proposed', 'closed'] as ResolutionStatus[]).map((s): [string, Partial<Parameters<typeof checkVote>[0]>, string, number] => [
      `a resolution ${s}`,
      { resolutionStatus: s },
      'resolution_not_open',
      409,
    ]),
    ['someone not invited', { voter: null }, 'not_a_voter', 422],
    ['an invitee without a vote', { voter: { canVote: false, present: true } }, 'not_a_voter', 422],
    ['a voter neither present nor represented', { voter: { canVote: true, present: false } }, 'not_present', 422],
    ['a second vote', { alreadyVoted: true }, 'already_voted', 409],
    ['a vote on a resolution by show of hands', { method: 'show_of_hands' as VoteMethod }, 'counts_only', 409],
  ])('refuses %s', (_label, overrides, code, status) => {
    const refusal = vote(overrides);
    expect(refusal).toMatchObject({ code });
    expect(errorStatus[refusal!.code]).toBe(status);
  });

  it('says first what the state forbids, then who the voter is', () => {
    expect(vote({ assemblyStatus: 'closed', resolutionStatus: 'closed', voter: null })).toMatchObject({ code: 'assembly_not_open' });
    expect(vote({ resolutionStatus: 'closed', voter: null })).toMatchObject({ code: 'resolution_not_open' });
    expect(vote({ voter: { canVote: false, present: false }, alreadyVoted: true })).toMatchObject({ code: 'not_a_voter' });
  });
});

describe('checkCounts', () => {
  it('takes counts that add up to at most the voters present or represented', () => {
    expect(checkCounts({ for: 5, against: 3, abstain: 2, voters: 10 })).toBeNull();
    expect(checkCounts({ for: 0, against: 0, abstain: 0, voters: 0 })).toBeNull();
  });

  it('refuses more votes than voters', () => {
    expect(checkCounts({ for: 5, against: 3, abstain: 3, voters: 10 })).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/votes', code: 'more_votes_than_voters' }],
    });
  });

  it('refuses negative or fractional counts, naming each', () => {
    const refusal = checkCounts({ for: -1, against: 1.5, abstain: 0, voters: 10 });
    expect(refusal).toMatchObject({ code: 'validation_failed' });
    expect(refusal!.errors!.map((e) => e.path)).toEqual(['/for', '/against']);
  });
});

describe('the refusals', () => {
  it('have a title in both languages', () => {
    const codes = ['notice_period_too_short', 'not_a_voter', 'not_present', 'proxy_to_self', 'proxy_chain', 'too_many_proxies', 'already_present'];
    for (const code of [...codes, 'assembly_not_open', 'resolution_not_open', 'already_voted', 'counts_only']) {
      expect(code in errorStatus).toBe(true);
      for (const locale of ['fr', 'en'] as const) expect(catalogue(locale)[`errors.${code}`], `${locale} ${code}`).toEqual(expect.any(String));
    }
  });
});
