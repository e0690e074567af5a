import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  sessionTransitions,
  transitionSession,
  type DecisionContext,
  type DecisionInput,
  type SessionEvent,
  type AgendaItemState,
  type SessionStatus,
} from './rules.js';

describe('sessionTransitions: every (state, event) pair', () => {
  const statuses: SessionStatus[] = ['planned', 'open', 'closed'];
  const events: SessionEvent[] = ['open', 'close'];
  // The session lifecycle (docs/applications.md, "Lifecycles"): planned → open → closed, and nothing else.
  const legal: Record<string, SessionStatus> = { 'planned/open': 'open', 'open/close': 'closed' };
  const pairs = statuses.flatMap((s) => events.map((e) => [s, e] as const));

  it.each(pairs.filter(([s, e]) => `${s}/${e}` in legal))('%s + %s is legal', (status, event) => {
    expect(transitionSession(status, event)).toEqual({ status: legal[`${status}/${event}`] });
    expect(sessionTransitions[status][event]).toBe(legal[`${status}/${event}`]);
  });

  it.each(pairs.filter(([s, e]) => !(`${s}/${e}` in legal)))('%s + %s is refused', (status, event) => {
    // Opening needs a planned session; closing needs an open one.
    const code = event === 'open' ? 'session_not_planned' : 'session_not_open';
    expect(transitionSession(status, event)).toMatchObject({ code, message: expect.stringContaining(status) });
  });
});

describe('checkDecision', () => {
  const ready: DecisionContext = { session: { status: 'open', quorumReached: true, present: 3 }, item: { state: 'open', kind: 'application' } };
  const ctx = (session: Partial<DecisionContext['session']> = {}, item: Partial<DecisionContext['item']> = {}): DecisionContext => ({
    session: { ...ready.session, ...session },
    item: { ...ready.item, ...item },
  });
  const accept: DecisionInput = { outcome: 'accepted', votes: { for: 3, against: 0, abstain: 0 } };

  it('accepts, rejects with a rationale, and defers in an open session with quorum', () => {
    expect(checkDecision(ready, accept)).toEqual({ ok: true });
    expect(checkDecision(ready, { outcome: 'accepted' })).toEqual({ ok: true });
    expect(checkDecision(ready, { outcome: 'rejected', rationale: 'Pas encore assez de contributions.' })).toEqual({ ok: true });
    expect(checkDecision(ready, { outcome: 'deferred' })).toEqual({ ok: true });
  });

  it.each([
    ['a planned session, without quorum, on a decided item', ctx({ status: 'planned', quorumReached: false }, { state: 'decided' }), 'session_not_open'],
    ['a closed session with quorum', ctx({ status: 'closed' }), 'session_not_open'],
    ['an open session without quorum, on a decided item', ctx({ quorumReached: false }, { state: 'decided' }), 'quorum_not_reached'],
    ['a free item', ctx({}, { kind: 'free' }), 'not_decidable'],
    ['a decided item', ctx({}, { state: 'decided' }), 'already_decided'],
    ['a withdrawn item', ctx({}, { state: 'withdrawn' }), 'already_decided'],
    ['a carried-over item', ctx({}, { state: 'carried_over' as AgendaItemState }), 'already_decided'],
  ])('refuses %s: %s', (_name, context, code) => {
    // Even an input that is itself invalid is refused for the state first.
    expect(checkDecision(context, accept)).toMatchObject({ code });
    expect(checkDecision(context, { outcome: 'rejected' })).toMatchObject({ code });
  });

  it('a rejection says why: no rationale, or only blanks, is a validation failure on /rationale', () => {
    for (const rationale of [undefined, '', '   \n']) {
      expect(checkDecision(ready, { outcome: 'rejected', rationale })).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/rationale', code: 'required' }],
      });
    }
  });

  it('votes cannot exceed the members present', () => {
    expect(checkDecision(ready, { outcome: 'accepted', votes: { for: 2, against: 1, abstain: 1 } })).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/votes', code: 'more_votes_than_present' }],
    });
    expect(checkDecision(ready, { outcome: 'deferred', votes: { for: 1, against: 1, abstain: 1 } })).toEqual({ ok: true });
  });

  it.each([
    ['accepted', { for: 1, against: 1, abstain: 1 }],
    ['accepted', { for: 0, against: 2, abstain: 0 }],
    ['accepted', { for: 0, against: 0, abstain: 3 }],
    ['rejected', { for: 2, against: 1, abstain: 0 }],
  ] as const)('votes must agree with the outcome: %s with %j is refused', (outcome, votes) => {
    expect(checkDecision(ready, { outcome, votes, rationale: 'motif' })).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/votes', code: 'votes_contradict_outcome' }],
    });
  });

  it('a tie may reject, and a deferral takes any votes', () => {
    expect(checkDecision(ready, { outcome: 'rejected', votes: { for: 1, against: 1, abstain: 1 }, rationale: 'motif' })).toEqual({ ok: true });
    expect(checkDecision(ready, { outcome: 'deferred', votes: { for: 3, against: 0, abstain: 0 } })).toEqual({ ok: true });
  });

  it('reports every problem of the input at once', () => {
    const refusal = checkDecision(ready, { outcome: 'rejected', votes: { for: 3, against: 0, abstain: 0 } });
    expect(refusal).toMatchObject({ code: 'validation_failed' });
    expect((refusal as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['/rationale', '/votes']);
  });
});
