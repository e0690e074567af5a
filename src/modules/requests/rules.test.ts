import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isDueForClosing,
  assigneeRefusal,
  canAnswerConsultation,
  canDecideJoin,
  canHandleRequest,
  contributionExternalId,
  durationParts,
  followLinkValidUntil,
  handlerOf,
  isFollowLinkValid,
  minutesBetween,
  parseRequestCategories,
  REQUEST_STATUSES,
  requestScope,
  routeRequest,
  submissionErrors,
  submissionRetryAt,
  transitionRequest,
  type RequestEvent,
  type RequestStatus,
  type Viewer,
} from './rules.js';

const viewer = (over: Partial<Viewer> = {}): Viewer => ({ personId: 'p', isAdmin: false, isBureau: false, teamIds: [], leadOf: [], ...over });
const request = { teamId: 'communaute', category: 'question', reportedPersonId: null };
const report = { teamId: 'communaute', category: 'moderation', reportedPersonId: 'reported' };

describe('transitionRequest', () => {
  const table: [RequestStatus, RequestEvent, RequestStatus | 'refused'][] = [
    ['new', 'assign', 'in_progress'],
    ['waiting', 'assign', 'waiting'],
    ['new', 'reply', 'in_progress'],
    ['new', 'reply_and_wait', 'waiting'],
    ['in_progress', 'reply_and_wait', 'waiting'],
    ['waiting', 'reply', 'in_progress'],
    ['resolved', 'reply_and_wait', 'resolved'],
    ['new', 'note', 'new'],
    ['waiting', 'requester_reply', 'in_progress'],
    ['new', 'requester_reply', 'new'],
    ['resolved', 'requester_reply', 'in_progress'],
    ['closed', 'requester_reply', 'refused'],
    ['in_progress', 'resolve', 'resolved'],
    ['waiting', 'resolve', 'resolved'],
    ['resolved', 'resolve', 'refused'],
    ['resolved', 'reopen', 'in_progress'],
    ['in_progress', 'reopen', 'refused'],
    ['resolved', 'close', 'closed'],
    ['new', 'close', 'closed'],
    ['closed', 'close', 'refused'],
    ['closed', 'note', 'refused'],
  ];
  it.each(table)('%s + %s → %s', (from, event, to) => {
    const next = transitionRequest(from, event);
    if (to === 'refused') expect(next).toMatchObject({ code: 'illegal_transition' });
    else expect(next).toEqual({ status: to });
  });

  it('never leaves closed, and never lands on new except by staying there', () => {
    const events: RequestEvent[] = ['assign', 'reply', 'reply_and_wait', 'note', 'requester_reply', 'resolve', 'reopen', 'close'];
    fc.assert(
      fc.property(fc.constantFrom(...REQUEST_STATUSES), fc.constantFrom(...events), (from, event) => {
        const next = transitionRequest(from, event);
        if (from === 'closed') expect('code' in next).toBe(true);
        if ('status' in next && next.status === 'new') expect(from).toBe('new');
      }),
    );
  });
});

describe('parseRequestCategories', () => {
  it('routes names to Communauté by default and join to the chosen team', () => {
    expect(parseRequestCategories('question,account:accueil,join,moderation')).toEqual([
      { name: 'question', teamSlug: 'communaute' },
      { name: 'account', teamSlug: 'accueil' },
      { name: 'join', teamSlug: null },
      { name: 'moderation', teamSlug: 'communaute' },
    ]);
  });
  it.each([
    ['', 'at least one'],
    ['question,question', 'twice'],
    ['Question', 'is not name'],
    ['question:Team', 'not a team slug'],
    ['join:technique', 'join goes'],
    ['a:b:c', 'is not name'],
  ])('refuses %j', (text, problem) => {
    expect(parseRequestCategories(text)).toContain(problem);
  });
});

describe('submissions', () => {
  const categories = parseRequestCategories('question,join,moderation') as Exclude<ReturnType<typeof parseRequestCategories>, string>;
  const valid = { email: 'ana@example.org', category: 'question', subject: 'Accès', message: 'Je ne peux plus me connecter.' };
  it('accepts a valid one and routes it', () => {
    expect(submissionErrors(valid, categories, ['communaute', 'technique'])).toEqual([]);
    expect(routeRequest(categories, 'question', 'technique')).toBe('communaute');
    expect(routeRequest(categories, 'join', 'technique')).toBe('technique');
  });
  it('names each bad field', () => {
    const errors = submissionErrors({ email: 'nope', category: 'join', subject: ' ', message: 'x'.repeat(5001), link: 'ftp://x', teamSlug: '' }, categories, [
      'communaute',
    ]);
    expect(errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      '/email:invalid_email',
      '/link:invalid_url',
      '/message:too_long',
      '/subject:required',
      '/teamSlug:required',
    ]);
    expect(submissionErrors({ ...valid, category: 'join', teamSlug: 'nowhere' }, categories, ['communaute']).map((e) => e.code)).toEqual(['unknown_team']);
    expect(submissionErrors({ ...valid, category: 'spam' }, categories, ['communaute']).map((e) => e.code)).toEqual(['unknown_category']);
    // A category whose configured team does not exist is not offered.
    expect(submissionErrors(valid, categories, ['technique']).map((e) => e.code)).toEqual(['unknown_category']);
  });
});

describe('who sees a request', () => {
  it('lets the owning team and the bureau handle it, administrators all but reports', () => {
    expect(canHandleRequest(viewer({ teamIds: ['communaute'] }), request)).toBe(true);
    expect(canHandleRequest(viewer({ teamIds: ['technique'] }), request)).toBe(false);
    expect(canHandleRequest(viewer({ isBureau: true }), request)).toBe(true);
    expect(canHandleRequest(viewer({ isAdmin: true }), request)).toBe(true);
    expect(canHandleRequest(viewer({ isAdmin: true }), report)).toBe(false);
    expect(canHandleRequest(viewer({ isAdmin: true, teamIds: ['communaute'] }), report)).toBe(true);
    expect(canHandleRequest(viewer({ isBureau: true }), report)).toBe(true);
    expect(canHandleRequest(viewer(), request)).toBe(false);
  });

  it('never shows a report to the person it is about, whatever their roles', () => {
    const everything = viewer({ personId: 'reported', isAdmin: true, isBureau: true, teamIds: ['communaute', 'technique'], leadOf: ['communaute'] });
    expect(canHandleRequest(everything, report)).toBe(false);
    expect(canDecideJoin(everything, { ...report, category: 'join' })).toBe(false);
    expect(canAnswerConsultation(everything, { teamId: 'technique', request: report })).toBe(false);
    expect(requestScope(everything).notAbout).toBe('reported');
  });

  it('scopes the list query exactly as canHandleRequest', () => {
    const teams = ['communaute', 'technique'];
    const arbitraryViewer = fc.record({
      personId: fc.constantFrom('p', 'reported', null),
      isAdmin: fc.boolean(),
      isBureau: fc.boolean(),
      teamIds: fc.subarray(teams),
      leadOf: fc.constant([] as string[]),
    });
    const arbitraryRequest = fc.record({
      teamId: fc.constantFrom(...teams),
      category: fc.constantFrom('question', 'moderation', 'join'),
      reportedPersonId: fc.constantFrom(null, 'reported', 'other'),
    });
    fc.assert(
      fc.property(arbitraryViewer, arbitraryRequest, (v, r) => {
        const s = requestScope(v);
        const about = s.notAbout !== null && r.reportedPersonId === s.notAbout;
        const own = s.teamIds.includes(r.teamId);
        const inScope = !about && (s.allTeams ? !s.reportsOnlyOnOwnTeams || r.category !== 'moderation' || own : own);
        expect(inScope).toBe(canHandleRequest(v, r));
      }),
    );
  });

  it('lets a lead of the team asked decide a join request, not a lead of another team', () => {
    const join = { teamId: 'technique', category: 'join', reportedPersonId: null };
    expect(canDecideJoin(viewer({ teamIds: ['technique'], leadOf: ['technique'] }), join)).toBe(true);
    expect(canDecideJoin(viewer({ teamIds: ['technique'] }), join)).toBe(false);
    expect(canDecideJoin(viewer({ teamIds: ['communaute'], leadOf: ['communaute'] }), join)).toBe(false);
    expect(canDecideJoin(viewer({ isBureau: true }), join)).toBe(true);
  });

  it('gives consultations to the team asked, not to the team that asked', () => {
    expect(canAnswerConsultation(viewer({ teamIds: ['technique'] }), { teamId: 'technique', request })).toBe(true);
    expect(canAnswerConsultation(viewer({ teamIds: ['communaute'] }), { teamId: 'technique', request })).toBe(false);
    expect(canAnswerConsultation(viewer({ isAdmin: true }), { teamId: 'technique', request: report })).toBe(false);
  });

  it('assigns only within the roster and never to the person reported', () => {
    expect(assigneeRefusal({ onRoster: true, isReported: false })).toBeNull();
    expect(assigneeRefusal({ onRoster: false, isReported: false })).toMatchObject({ code: 'not_on_team' });
    expect(assigneeRefusal({ onRoster: true, isReported: true })).toMatchObject({ code: 'forbidden' });
  });
});

describe('isDueForClosing', () => {
  it.each([
    ['2026-12-01T10:00:00.000Z', '2026-12-15T09:59:59.999Z', 14, false],
    ['2026-12-01T10:00:00.000Z', '2026-12-15T10:00:00.000Z', 14, true],
    ['2026-12-01T10:00:00.000Z', '2027-06-01T10:00:00.000Z', 0, false],
    [null, '2027-06-01T10:00:00.000Z', 14, false],
  ] as const)('resolved %s, now %s, after %i days → %s', (resolvedAt, now, days, due) => {
    expect(isDueForClosing(resolvedAt, now, days)).toBe(due);
  });
});

describe('the follow link', () => {
  it('works until closed + 30 days', () => {
    expect(isFollowLinkValid(null, '2030-01-01T00:00:00.000Z')).toBe(true);
    expect(followLinkValidUntil('2026-01-01T10:00:00.000Z')).toBe('2026-01-31T10:00:00.000Z');
    expect(isFollowLinkValid('2026-01-01T10:00:00.000Z', '2026-01-31T09:59:59.999Z')).toBe(true);
    expect(isFollowLinkValid('2026-01-01T10:00:00.000Z', '2026-01-31T10:00:00.000Z')).toBe(false);
  });
});

describe('spam limits', () => {
  const rule = { limit: 3, windowMinutes: 60 };
  it('accepts up to the limit within the window, then says when the oldest leaves it', () => {
    const now = '2026-05-01T12:00:00.000Z';
    expect(submissionRetryAt([], now, rule)).toBeNull();
    expect(submissionRetryAt(['2026-05-01T11:10:00.000Z', '2026-05-01T11:20:00.000Z'], now, rule)).toBeNull();
    expect(submissionRetryAt(['2026-05-01T11:30:00.000Z', '2026-05-01T11:10:00.000Z', '2026-05-01T11:20:00.000Z'], now, rule)).toBe('2026-05-01T12:10:00.000Z');
    // Older than the window: not counted.
    expect(submissionRetryAt(['2026-05-01T10:59:00.000Z', '2026-05-01T11:20:00.000Z', '2026-05-01T11:30:00.000Z'], now, rule)).toBeNull();
  });
  it('always answers a time after now when it refuses', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 8 }), (ago) => {
        const now = Date.parse('2026-05-01T12:00:00.000Z');
        const recent = ago.map((m) => new Date(now - m * 60_000).toISOString());
        const at = submissionRetryAt(recent, new Date(now).toISOString(), rule);
        const counted = ago.filter((m) => m < 60).length;
        expect(at === null).toBe(counted < rule.limit);
        if (at) expect(Date.parse(at)).toBeGreaterThan(now);
      }),
    );
  });
});

describe('ages and handlers', () => {
  it('shows minutes, then hours, then days', () => {
    expect(minutesBetween('2026-01-01T10:00:00.000Z', '2026-01-01T10:59:59.000Z')).toBe(59);
    expect(durationParts(59)).toEqual({ value: 59, unit: 'minutes' });
    expect(durationParts(60)).toEqual({ value: 1, unit: 'hours' });
    expect(durationParts(47 * 60 + 59)).toEqual({ value: 47, unit: 'hours' });
    expect(durationParts(48 * 60)).toEqual({ value: 2, unit: 'days' });
  });
  it('credits the assignee, else whoever resolved, once per request', () => {
    expect(handlerOf({ assigneeId: 'a' }, 'r')).toBe('a');
    expect(handlerOf({ assigneeId: null }, 'r')).toBe('r');
    expect(contributionExternalId('x')).toBe('request:x');
  });
});
