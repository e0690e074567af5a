/** Bureau sessions: planning, agenda, conduct, minutes, recurrence and calendar. */
import { system } from '../../harness.js';
import { EVERYONE, BUREAU, MINUTES_READERS, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/bureau/sessions': ['bureau.sessions.read', BUREAU],
  'POST /api/v1/bureau/sessions': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/sessions/:id': ['bureau.sessions.read', BUREAU],
  'POST /api/v1/bureau/sessions/:id/open': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/decisions': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/close': ['bureau.sessions.conduct', BUREAU],
  'GET /api/v1/bureau/sessions/:id/minutes': ['bureau.minutes.read', MINUTES_READERS],
  'PATCH /api/v1/bureau/sessions/:id/minutes': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/minutes/approval': ['bureau.sessions.conduct', BUREAU],
  'POST /api/v1/bureau/sessions/:id/agenda': ['bureau.sessions.plan', BUREAU],
  'POST /api/v1/bureau/sessions/:id/agenda/order': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/recurrence': ['bureau.sessions.read', BUREAU],
  'PUT /api/v1/bureau/recurrence': ['bureau.sessions.plan', BUREAU],
  'GET /api/v1/bureau/calendar.ics': ['bureau.calendar', EVERYONE],
  'GET /bureau/sessions': ['bureau.sessions.read', BUREAU],
  'POST /bureau/sessions/recurrence': ['bureau.sessions.plan', BUREAU],
  'POST /bureau/sessions': ['bureau.sessions.plan', BUREAU],
  'GET /bureau/sessions/:id': ['bureau.sessions.read', BUREAU],
  'POST /bureau/sessions/:id/open': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/decisions': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/close': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/minutes': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/minutes/approve': ['bureau.sessions.conduct', BUREAU],
  'POST /bureau/sessions/:id/agenda': ['bureau.sessions.plan', BUREAU],
  'POST /bureau/sessions/:id/items/:itemId/move': ['bureau.sessions.plan', BUREAU],
  'GET /bureau/sessions/:id/minutes': ['bureau.minutes.read', MINUTES_READERS],
  'GET /minutes': ['bureau.minutes.read', MINUTES_READERS],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ a, actors, fixture, next }: Context): Requests<typeof matrix> {
  /** A closed session whose minutes name a chair and a secretary: ready to approve, once. */
  async function approvableSession() {
    const sessionId = await fixture.closedSession();
    const chair = (await a.services.bureau.current())[0]!.personId;
    await a.services.sessionMinutes.record(system, sessionId, { chairId: chair, secretaryId: chair });
    return sessionId;
  }
  return {
    'GET /api/v1/bureau/sessions': async () => ({ method: 'GET', url: '/api/v1/bureau/sessions?when=upcoming' }),
    'POST /api/v1/bureau/sessions': async () => ({
      method: 'POST',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: new Date(Date.now() + 20 * 86_400_000 + next() * 60_000).toISOString(), location: 'Local associatif' },
    }),
    'GET /api/v1/bureau/sessions/:id': async () => ({ method: 'GET', url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}` }),
    'POST /api/v1/bureau/sessions/:id/open': async (actor) => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}/open`,
      json: { presentPersonIds: actor.role === 'bureau' ? [actor.id] : [] },
    }),
    'POST /api/v1/bureau/sessions/:id/decisions': async () => {
      const { sessionId, applicationId } = await fixture.openSessionWithApplication();
      return { method: 'POST', url: `/api/v1/bureau/sessions/${sessionId}/decisions`, json: { applicationId, outcome: 'deferred' } };
    },
    'POST /api/v1/bureau/sessions/:id/close': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/close`,
    }),
    'GET /api/v1/bureau/sessions/:id/minutes': async () => ({ method: 'GET', url: `/api/v1/bureau/sessions/${await fixture.closedSession()}/minutes` }),
    'PATCH /api/v1/bureau/sessions/:id/minutes': async () => ({
      method: 'PATCH',
      url: `/api/v1/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/minutes`,
      json: { deliberations: [] },
    }),
    'POST /api/v1/bureau/sessions/:id/minutes/approval': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${await approvableSession()}/minutes/approval`,
    }),
    'POST /api/v1/bureau/sessions/:id/agenda': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${await fixture.plannedSession()}/agenda`,
      json: { title: 'Budget des serveurs' },
    }),
    'POST /api/v1/bureau/sessions/:id/agenda/order': async () => {
      const session = await a.services.sessions.addItem(system, await fixture.plannedSession(), { title: 'Point divers' });
      return { method: 'POST', url: `/api/v1/bureau/sessions/${session.id}/agenda/order`, json: { itemIds: session.agenda.map((i) => i.id) } };
    },
    'GET /api/v1/bureau/recurrence': async () => ({ method: 'GET', url: '/api/v1/bureau/recurrence' }),
    'PUT /api/v1/bureau/recurrence': async () => ({
      method: 'PUT',
      url: '/api/v1/bureau/recurrence',
      json: { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0' },
    }),
    'GET /api/v1/bureau/calendar.ics': async () => ({
      method: 'GET',
      url: `/api/v1/bureau/calendar.ics?key=${a.services.sessionDocuments.calendarKeyFor(actors.bureau.id!)}`,
    }),
    'GET /bureau/sessions': async () => ({ method: 'GET', url: '/bureau/sessions' }),
    'POST /bureau/sessions/recurrence': async () => ({
      method: 'POST',
      url: '/bureau/sessions/recurrence',
      form: { frequency: 'monthly', week: '1', weekday: 'TU', time: '20:00', sessionsAhead: '3' },
    }),
    'POST /bureau/sessions': async () => ({
      method: 'POST',
      url: '/bureau/sessions',
      form: { date: new Date(Date.now() + 30 * 86_400_000 + next() * 86_400_000).toISOString().slice(0, 10), time: '20:00', location: 'Local' },
    }),
    'GET /bureau/sessions/:id': async () => ({ method: 'GET', url: `/bureau/sessions/${await fixture.plannedSession()}` }),
    'POST /bureau/sessions/:id/open': async (actor) => ({
      method: 'POST',
      url: `/bureau/sessions/${await fixture.plannedSession()}/open`,
      form: { presentPersonIds: actor.id ?? 'nobody' },
    }),
    'POST /bureau/sessions/:id/decisions': async () => {
      const { sessionId, applicationId } = await fixture.openSessionWithApplication();
      return { method: 'POST', url: `/bureau/sessions/${sessionId}/decisions`, form: { applicationId, outcome: 'deferred' } };
    },
    'POST /bureau/sessions/:id/close': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/close`,
      form: {},
    }),
    'POST /bureau/sessions/:id/minutes': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${(await fixture.openSessionWithApplication()).sessionId}/minutes`,
      form: { chairId: '' },
    }),
    'POST /bureau/sessions/:id/minutes/approve': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${await approvableSession()}/minutes/approve`,
      form: { confirmed: 'yes' },
    }),
    'POST /bureau/sessions/:id/agenda': async () => ({
      method: 'POST',
      url: `/bureau/sessions/${await fixture.plannedSession()}/agenda`,
      form: { title: 'Budget des serveurs' },
    }),
    'POST /bureau/sessions/:id/items/:itemId/move': async () => {
      const session = await a.services.sessions.addItem(system, await fixture.plannedSession(), { title: 'Point divers' });
      return { method: 'POST', url: `/bureau/sessions/${session.id}/items/${session.agenda[0].id}/move`, form: { direction: 'down' } };
    },
    'GET /bureau/sessions/:id/minutes': async () => ({ method: 'GET', url: `/bureau/sessions/${await fixture.closedSession()}/minutes` }),
    'GET /minutes': async () => ({ method: 'GET', url: '/minutes' }),
  };
}
