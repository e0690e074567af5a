import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { SessionsUses } from './uses.js';
import { AppError, isRefusal, type FieldError } from '../../platform/errors.js';
import { isBureau, type Actor } from '../../platform/auth/actor.js';
import { sendHtml } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { ConfirmationPage, isConfirmed } from '../../platform/http/confirmation.js';
import { publicBaseUrl } from '../../platform/config.js';
import { teamNamesFor } from '../contributions/activity-view.js';
import type { ItemFacts } from './agenda-item.js';
import type { AgendaItem, Session } from './repository.js';
import { parseQuorumRule } from '../bureau/rules.js';
import { transitionSession } from './rules.js';
import { checkMinutesApproval } from './rules.js';
import { sessionForMinutes } from './minutes-service.js';
import { parseRecurrence } from './recurrence.js';
import { MinutesIndexPage, MinutesPage } from './minutes-page.js';
import { SessionPage } from './session-page.js';
import { SessionsListPage } from './sessions-list-page.js';
import { movedOrder, readDecisionForm, readItemForm, readRecurrenceForm, readSessionForm, repeatedField } from './session-forms.js';
import { onForm } from '../../platform/http/ui/form-controls.js';
import { MinutesApprovalConfirmation, readMinutesForm } from './minutes-record-form.js';
import { matchesFor } from '../people/picker.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ItemParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), itemId: Type.String({ minLength: 1, maxLength: 64 }) });
const page = (policy: string) => ({ config: { policy, page: true } });
/** A page whose path names records: the params are typed from their schema, and a malformed one is the readable 404 page. */
const pageOf = <P extends typeof IdParams | typeof ItemParams>(policy: string, params: P) => ({
  config: { policy, page: true },
  schema: { params, hide: true },
});

const pad = (n: number) => String(n).padStart(2, '0');
const validationFailed = (errors: FieldError[]) => new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

/** A refused form shown again: what it held, and which form it was. */
interface FormState {
  form: string | null;
  values: Record<string, string>;
  present?: string[];
  errors: FieldError[];
  message?: string;
}
const blank: FormState = { form: null, values: {}, errors: [] };

/** Why a decision must say why, by outcome (a rejection, keeping a member, an exclusion). */
const rationaleRequired: Record<string, MessageKey> = {
  kept: 'sessions.decision.rationaleRequired.kept',
  excluded: 'sessions.decision.rationaleRequired.excluded',
};

/**
 * The bureau's sessions: the list with the recurrence, the ad-hoc session and the
 * calendar feed; a session's page, where it is held (agenda, attendance, decisions, closing);
 * and the minutes, for the bureau and for members.
 */
export function sessionsPages(app: App, deps: PageDeps<SessionsUses>): void {
  const { services, pageContext, config } = deps;
  const timeZone = config.TIMEZONE;
  const quorumRule = parseQuorumRule(config.BUREAU_QUORUM) ?? { kind: 'majority' as const };
  const publicUrl = publicBaseUrl(config);

  /** The recurrence form filled with the rule in force, or with the bylaws' usual "first Tuesday at 20:00". */
  async function recurrenceValues(): Promise<Record<string, string>> {
    const current = await services.sessionPlanning.recurrence();
    const parsed = current ? parseRecurrence({ rrule: current.rrule, timezone: current.timezone }) : null;
    if (!current || !parsed || isRefusal(parsed)) return { frequency: 'monthly', week: '1', weekday: 'TU', time: '20:00', sessionsAhead: '3' };
    const day = parsed.byDay[0];
    return {
      frequency: parsed.freq,
      week: String(day?.ordinal ?? 1),
      weekday: day?.weekday ?? 'TU',
      time: `${pad(parsed.hour)}:${pad(parsed.minute)}`,
      location: current.location ?? '',
      videoUrl: current.videoUrl ?? '',
      sessionsAhead: String(current.sessionsAhead),
    };
  }

  async function listPage(request: FastifyRequest, state: FormState) {
    const ctx = await pageContext(request);
    const [upcoming, past, recurrence, load, prefill] = await Promise.all([
      services.sessions.list({ when: 'upcoming', limit: 50 }),
      services.sessions.list({ when: 'past', limit: 200 }),
      services.sessionPlanning.recurrence(),
      services.applications.rapporteurLoad(),
      recurrenceValues(),
    ]);
    const all = [...past, ...upcoming];
    const byDate = (a: Session, b: Session) => a.scheduledAt.localeCompare(b.scheduledAt);
    const current = await Promise.all(
      all
        .filter((s) => s.status !== 'closed')
        .sort(byDate)
        .map(async (s) => ({ ...s, items: (await services.sessions.get(s.id)).agenda.length })),
    );
    const closed = all.filter((s) => s.status === 'closed').sort((a, b) => byDate(b, a));
    const actor = request.actor;
    // The feed answers only current bureau members: an administrator off the bureau gets no link.
    const calendarUrl =
      actor.personId && isBureau(actor)
        ? `${publicUrl}/api/v1/bureau/calendar.ics?key=${encodeURIComponent(services.sessionDocuments.calendarKeyFor(actor.personId))}`
        : null;
    return (
      <SessionsListPage
        ctx={ctx}
        timeZone={timeZone}
        current={current}
        closed={closed}
        recurrence={recurrence}
        load={load}
        calendarUrl={calendarUrl}
        form={state.form === 'recurrence' || state.form === 'session' ? state.form : null}
        values={{
          recurrence: state.form === 'recurrence' ? state.values : prefill,
          session: state.form === 'session' ? state.values : {},
        }}
        errors={state.errors}
        message={state.message}
      />
    );
  }

  /** Runs a form's action and redirects, or shows the page again with the refusal beside the form's fields. */
  async function attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    state: Omit<FormState, 'errors'> & { errors?: FieldError[]; names?: Record<string, string> },
    show: (state: FormState) => Promise<VNode>,
    action: () => Promise<string | VNode>,
  ) {
    try {
      if (state.errors?.length) throw validationFailed(state.errors);
      const done = await action();
      // A page instead of a place to go: the confirmation of an act that can't be undone.
      return typeof done === 'string' ? reply.redirect(done, 303) : sendHtml(reply, done);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || (e as AppError).code === 'not_found') throw e;
      const form = state.form ?? 'form';
      let errors = shown.errors.map((x) => (x.path.startsWith(`/${form}-`) ? x : onForm([x], form, state.names)[0]!));
      const because = rationaleRequired[state.values.outcome ?? ''] ?? 'sessions.decision.rationaleRequired';
      errors = errors.map((x) => (x.path.endsWith('-rationale') && x.code === 'required' ? { ...x, message: request.i18n.t(because) } : x));
      // A form without fields of its own (moving an item): its refusal is the summary's message.
      const message = state.form === null && errors.length > 0 ? errors.map((x) => x.message).join(' ') : shown.message;
      if (state.form === null) errors = [];
      return sendHtml(reply, await show({ ...state, errors, message }), (e as AppError).status);
    }
  }

  app.get('/bureau/sessions', page('bureau.sessions.read'), async (request, reply) => sendHtml(reply, await listPage(request, blank)));

  app.post('/bureau/sessions/recurrence', page('bureau.sessions.plan'), async (request, reply) => {
    const values = formFields(request.body);
    const { input, errors } = readRecurrenceForm(values);
    return attempt(
      request,
      reply,
      { form: 'recurrence', values, errors, names: { rrule: 'frequency' } },
      (s) => listPage(request, s),
      async () => {
        // The form has no duration: the one in force (or the default) stays.
        const current = await services.sessionPlanning.recurrence();
        await services.sessionPlanning.setRecurrence(request.actor, { ...input, durationMinutes: current?.durationMinutes, timezone: timeZone });
        return '/bureau/sessions?notice=notice.recurrenceSet';
      },
    );
  });

  app.post('/bureau/sessions', page('bureau.sessions.plan'), async (request, reply) => {
    const values = formFields(request.body);
    const { input, errors } = readSessionForm(values, timeZone);
    return attempt(
      request,
      reply,
      { form: 'session', values, errors, names: { scheduledAt: 'date' } },
      (s) => listPage(request, s),
      async () => `/bureau/sessions/${(await services.sessions.create(request.actor, input)).id}?notice=notice.sessionPlanned`,
    );
  });

  /**
   * What the bureau reads beside each item: for an application, the motivation, the activity and
   * the applicant's previous terms (a returning member); for a lapse review, the membership and
   * the activity; for an item about a member, their membership. Loaded for the whole agenda at
   * once, a few queries whatever its length (test/query-counts.test.ts): items the actor may not
   * see the facts of are shown without them.
   */
  async function agendaFacts(actor: Actor, agenda: AgendaItem[]): Promise<Record<string, ItemFacts>> {
    const applications = await services.applications.getMany(
      actor,
      agenda.flatMap((i) => (i.kind === 'application' && i.applicationId ? [i.applicationId] : [])),
    );
    const reviewed = await services.memberships.byIds(
      actor,
      agenda.flatMap((i) => (i.kind === 'membership' && i.membershipId ? [i.membershipId] : [])),
    );
    const applicants = [...applications.values()].map((a) => a.personId);
    const underReview = [...reviewed.values()].map((m) => m.personId);
    const named = agenda.flatMap((i) => (i.kind === 'free' && i.personId ? [i.personId] : []));
    const withActivity = [...applicants, ...underReview];
    const [activities, latest, histories] = await Promise.all([
      services.contributions.activities(actor, withActivity),
      services.contributions.latestOfEach(actor, withActivity, 5),
      services.memberships.historiesOf(actor, [...applicants, ...named]),
    ]);
    const facts: Record<string, ItemFacts> = {};
    for (const item of agenda) {
      if (item.kind === 'application' && item.applicationId) {
        const application = applications.get(item.applicationId);
        const activity = application && activities.get(application.personId);
        if (!application || !activity) continue;
        facts[item.id] = {
          kind: 'application',
          motivation: application.motivation,
          activity,
          contributions: latest.get(application.personId) ?? [],
          previousTerms: (histories.get(application.personId) ?? []).filter((m) => m.until !== null),
        };
      } else if (item.kind === 'membership' && item.membershipId) {
        const membership = reviewed.get(item.membershipId);
        const activity = membership && activities.get(membership.personId);
        if (!membership || !activity) continue;
        facts[item.id] = { kind: 'membership', membership, activity, contributions: latest.get(membership.personId) ?? [] };
      } else if (item.kind === 'free' && item.personId) {
        facts[item.id] = { kind: 'member', membership: histories.get(item.personId)?.[0] ?? null };
      }
    }
    return facts;
  }

  async function sessionPage(request: FastifyRequest, id: string, state: FormState) {
    const ctx = await pageContext(request);
    const actor = request.actor;
    const session = await services.sessions.get(id);
    const [offices, load, teams] = await Promise.all([services.bureau.current(), services.applications.rapporteurLoad(), teamNamesFor(services, ctx.i18n)]);
    const facts = await agendaFacts(actor, session.agenda);
    // The item form's picker came back refused on its member: the members matching what was typed.
    const personMatches =
      state.form === 'item' ? await matchesFor(services.people, actor, state.values, state.errors, 'item-person', { members: true }) : undefined;
    // One seat per person, as the opening counts them.
    const bureau = offices.filter((o, i) => offices.findIndex((p) => p.personId === o.personId) === i);
    return (
      <SessionPage
        ctx={ctx}
        timeZone={timeZone}
        session={session}
        facts={facts}
        personMatches={personMatches}
        teamNames={Object.fromEntries(teams.map((tm) => [tm.slug, tm.name]))}
        bureau={bureau}
        quorumRule={quorumRule}
        load={load}
        form={state.form}
        values={state.values}
        present={state.present ?? []}
        errors={state.errors}
        message={state.message}
      />
    );
  }

  app.get('/bureau/sessions/:id', pageOf('bureau.sessions.read', IdParams), async (request, reply) =>
    sendHtml(reply, await sessionPage(request, request.params.id, blank)),
  );

  app.post('/bureau/sessions/:id/open', pageOf('bureau.sessions.conduct', IdParams), async (request, reply) => {
    const id = request.params.id;
    const present = repeatedField(request.body, 'presentPersonIds');
    // A session is opened by someone sitting in it: nobody ticked is a slip, not an empty session.
    const errors: FieldError[] =
      present.length === 0
        ? [{ path: '/open-present', code: 'none_present', message: 'tick who is present' }]
        : present.length > 200 || present.some((p) => p.length > 64)
          ? [{ path: '/open-present', code: 'invalid_choice', message: 'current bureau members' }]
          : [];
    return attempt(
      request,
      reply,
      { form: 'open', values: {}, present, errors, names: { presentPersonIds: 'present' } },
      (s) => sessionPage(request, id, s),
      async () => {
        await services.sessions.open(request.actor, id, present);
        return `/bureau/sessions/${id}?notice=notice.sessionOpened`;
      },
    );
  });

  app.post('/bureau/sessions/:id/decisions', pageOf('bureau.sessions.conduct', IdParams), async (request, reply) => {
    const id = request.params.id;
    const values = formFields(request.body);
    const { target, form, input, errors } = readDecisionForm(values);
    return attempt(
      request,
      reply,
      { form, values, errors },
      (s) => sessionPage(request, id, s),
      async () => {
        await services.sessions.decide(request.actor, id, { ...target, ...input });
        return `/bureau/sessions/${id}?notice=notice.decisionRecorded`;
      },
    );
  });

  /**
   * An act on the session that can't be undone: the first click answers its confirmation page,
   * the confirmed form does it and goes back to the session (`to`).
   */
  function irreversible(
    path: string,
    confirm: (request: FastifyRequest, id: string) => Promise<VNode>,
    act: (actor: Actor, id: string) => Promise<unknown>,
    to: string,
  ) {
    app.post(path, pageOf('bureau.sessions.conduct', IdParams), async (request, reply) => {
      const id = request.params.id;
      return attempt(
        request,
        reply,
        { form: null, values: {} },
        (s) => sessionPage(request, id, s),
        async () => {
          if (!isConfirmed(formFields(request.body))) return confirm(request, id);
          await act(request.actor, id);
          return `/bureau/sessions/${id}${to}`;
        },
      );
    });
  }

  irreversible(
    '/bureau/sessions/:id/close',
    (r, id) => confirmClose(r, id),
    (actor, id) => services.sessions.close(actor, id),
    '?notice=notice.sessionClosed',
  );

  /** Closing makes the decisions final and moves what is left: said, with the counts, before it is done. */
  async function confirmClose(request: FastifyRequest, id: string) {
    const ctx = await pageContext(request);
    const { t } = ctx.i18n;
    const session = await services.sessions.get(id);
    // Only a session that can close is confirmed: the refusal otherwise, as closing would give it.
    const refusal = transitionSession(session.status, 'close');
    if (isRefusal(refusal)) throw AppError.from(refusal);
    const carried = session.agenda.filter((item) => item.state === 'open').length;
    return (
      <ConfirmationPage
        ctx={ctx}
        title={t('sessions.close.confirm.title', { date: ctx.i18n.dateTime(session.scheduledAt) })}
        consequences={[
          t('sessions.close.confirm.decisions', { count: session.decisions.length }),
          ...(carried > 0 ? [t('sessions.close.confirm.carried', { count: carried })] : []),
          t('sessions.close.confirm.frozen'),
        ]}
        action={`/bureau/sessions/${encodeURIComponent(id)}/close`}
        confirmLabel={t('sessions.close.submit')}
        back={`/bureau/sessions/${encodeURIComponent(id)}`}
      />
    );
  }

  app.post('/bureau/sessions/:id/agenda', pageOf('bureau.sessions.plan', IdParams), async (request, reply) => {
    const id = request.params.id;
    const values = formFields(request.body);
    const { input, about, errors } = readItemForm(values);
    return attempt(
      request,
      reply,
      { form: 'item', values, errors, names: { personId: 'person' } },
      (s) => sessionPage(request, id, s),
      async () => {
        // Whom a name typed without a script, or the match chosen, names; the service checks they are a member.
        const personId = about ? await services.people.pick(request.actor, about, 'item-person', { members: true }) : null;
        await services.sessions.addItem(request.actor, id, { ...input, personId });
        return `/bureau/sessions/${id}?notice=notice.itemAdded`;
      },
    );
  });

  app.post('/bureau/sessions/:id/items/:itemId/move', pageOf('bureau.sessions.plan', ItemParams), async (request, reply) => {
    const { id, itemId } = request.params;
    const direction = formFields(request.body).direction;
    return attempt(
      request,
      reply,
      { form: null, values: {} },
      (s) => sessionPage(request, id, s),
      async () => {
        if (direction !== 'up' && direction !== 'down') throw validationFailed([{ path: '/direction', code: 'invalid_choice', message: 'up or down' }]);
        const order = movedOrder(
          (await services.sessions.get(id)).agenda.map((i) => i.id),
          itemId,
          direction,
        );
        if (!order) throw new AppError('not_found', `No item ${itemId} on this agenda`);
        await services.sessions.reorder(request.actor, id, order);
        return `/bureau/sessions/${id}?notice=notice.agendaReordered#item-${itemId}`;
      },
    );
  });

  app.post('/bureau/sessions/:id/minutes', pageOf('bureau.sessions.conduct', IdParams), async (request, reply) => {
    const id = request.params.id;
    const values = formFields(request.body);
    const { change, errors } = readMinutesForm(values);
    return attempt(
      request,
      reply,
      { form: 'minutes', values, errors },
      (s) => sessionPage(request, id, s),
      async () => {
        await services.sessionMinutes.record(request.actor, id, change);
        return `/bureau/sessions/${id}?notice=notice.minutesRecorded#minutes-record`;
      },
    );
  });

  irreversible(
    '/bureau/sessions/:id/minutes/approve',
    (r, id) => confirmApproval(r, id),
    (actor, id) => services.sessionMinutes.approve(actor, id),
    '?notice=notice.minutesApproved#minutes-record',
  );

  /** Approving freezes the minutes: who answers for them and what they hold, said before it is done. */
  async function confirmApproval(request: FastifyRequest, id: string) {
    const ctx = await pageContext(request);
    const session = await services.sessions.get(id);
    const refusal = checkMinutesApproval(sessionForMinutes(session));
    if (refusal) throw AppError.from(refusal);
    const name = (personId: string | null) => session.attendance.find((a) => a.personId === personId)?.displayName ?? '—';
    return (
      <MinutesApprovalConfirmation
        ctx={ctx}
        chair={name(session.chairId)}
        secretary={name(session.secretaryId)}
        written={session.agenda.filter((item) => item.deliberations).length}
        action={`/bureau/sessions/${encodeURIComponent(id)}/minutes/approve`}
        back={`/bureau/sessions/${encodeURIComponent(id)}#minutes-record`}
      />
    );
  }

  app.get('/bureau/sessions/:id/minutes', pageOf('bureau.minutes.read', IdParams), async (request, reply) => {
    const id = request.params.id;
    const { markdown, audience, locale } = await services.sessionDocuments.minutes(request.actor, id);
    const ctx = await pageContext(request);
    return sendHtml(reply, <MinutesPage ctx={ctx} sessionId={id} markdown={markdown} audience={audience} lang={locale} />);
  });

  app.get('/minutes', page('bureau.minutes.read'), async (request, reply) => {
    const ctx = await pageContext(request);
    const sessions = await services.sessions.list({ status: 'closed', limit: 200 });
    return sendHtml(reply, <MinutesIndexPage ctx={ctx} sessions={sessions} timeZone={timeZone} />);
  });
}
