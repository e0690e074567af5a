import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { RequestsUses } from './uses.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/page.js';
import { IdParams } from '../../platform/http/schemas.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { ConfirmationPage, isConfirmed } from '../../platform/http/confirmation.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { FollowPage, NewRequestPage, type FormState } from './public-pages.js';
import { InboxPage, type InboxQuery } from './inbox-page.js';
import { RequestPage } from './request-page.js';
import { ConsultationPage } from './consultation-page.js';
import { requestScope, transitionRequest } from './rules.js';
import { viewerOf } from './policy.js';
import type { InboxFilter } from './service.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const page = (policy: string) => ({ config: { policy, page: true } });
/** A page whose path names a record or a link's token: params typed from their schema, a malformed one is the readable 404 page. */
const pageOf = <P extends typeof IdParams | typeof TokenParams>(policy: string, params: P) => ({
  config: { policy, page: true },
  schema: { params, hide: true },
});
/** The links that prefill the form and the inbox's filters, read as they come: anything else in them is ignored. */
const NewRequestQuery = Type.Object({ category: Type.Optional(Type.Unknown()), team: Type.Optional(Type.Unknown()) });
const InboxFilters = Type.Object({
  team: Type.Optional(Type.Unknown()),
  status: Type.Optional(Type.Unknown()),
  assignee: Type.Optional(Type.Unknown()),
  category: Type.Optional(Type.Unknown()),
  cursor: Type.Optional(Type.Unknown()),
});

type Notice = Extract<MessageKey, `notice.${string}`>;
const blank: FormState = { values: {}, errors: [] };
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The requests' pages: the public form, the private follow page, the inbox, a request,
 * and a question asked by another team. Thin: the service decides; refusals come back beside the
 * form's fields with the values kept.
 */
export function requestsPages(app: App, deps: PageDeps<RequestsUses>): void {
  const { services, pageContext } = deps;
  const requests = services.requests;

  const teamOptions = async (locale: 'fr' | 'en', onlyOf?: FastifyRequest['actor']) =>
    (await services.teams.names())
      // The inbox's filter offers the teams whose requests the reader sees (requestScope, rules.ts).
      .filter((tm) => !onlyOf || requestScope(viewerOf(onlyOf)).allTeams || onlyOf.teamIds.includes(tm.id))
      .map((tm) => ({ id: tm.id, slug: tm.slug, name: tm.name[locale] }));

  async function newPage(request: FastifyRequest, state: FormState) {
    const ctx = await pageContext(request);
    return <NewRequestPage ctx={ctx} categories={await requests.categories()} teams={await teamOptions(ctx.i18n.locale)} {...state} />;
  }

  async function followPage(request: FastifyRequest, token: string, state: FormState) {
    const ctx = await pageContext(request);
    return <FollowPage ctx={ctx} token={token} view={await requests.followView(token)} {...state} />;
  }

  async function requestPage(request: FastifyRequest, id: string, state: FormState) {
    const ctx = await pageContext(request);
    const view = await requests.get(request.actor, id);
    const [teammates, teams] = await Promise.all([requests.teammates(request.actor, id), teamOptions(ctx.i18n.locale)]);
    // A team with nobody on its roster is warned of, not refused: what goes there waits (rules.ts, nobodyToTell).
    const empty = await requests.teamsWithNobody(teams.map((tm) => tm.id));
    const nobodyOn = teams.filter((tm) => empty.has(tm.id)).map((tm) => tm.slug);
    return (
      <RequestPage ctx={ctx} view={view} teammates={teammates} otherTeams={teams.filter((tm) => tm.slug !== view.teamSlug)} nobodyOn={nobodyOn} {...state} />
    );
  }

  async function consultationPage(request: FastifyRequest, id: string, state: FormState) {
    const ctx = await pageContext(request);
    return <ConsultationPage ctx={ctx} consultation={await requests.consultation(request.actor, id)} {...state} />;
  }

  /** Runs a form's action and redirects, or shows the page again with the refusal beside the fields. */
  async function attempt(request: FastifyRequest, reply: FastifyReply, show: (state: FormState) => Promise<VNode>, action: () => Promise<string | VNode>) {
    const values = formFields(request.body);
    try {
      const done = await action();
      // A page instead of a place to go: the confirmation of an act that can't be undone.
      return typeof done === 'string' ? reply.redirect(done, 303) : sendHtml(reply, done);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || !(e instanceof AppError) || e.code === 'not_found' || e.code === 'invalid_follow_token') throw e;
      return sendHtml(reply.headers(e.headers), await show({ values, errors: shown.errors, message: shown.message }), e.status);
    }
  }

  const at = (id: string, notice: Notice) => `/requests/${encodeURIComponent(id)}?notice=${notice}`;

  app.get('/requests/new', { ...page('requests.submit'), schema: { querystring: NewRequestQuery, hide: true } }, async (request, reply) => {
    const query = request.query;
    const values = { category: text(query.category), teamSlug: text(query.team) };
    return sendHtml(reply, await newPage(request, { values, errors: [] }));
  });

  app.post('/requests/new', page('requests.submit'), async (request, reply) =>
    attempt(
      request,
      reply,
      (s) => newPage(request, s),
      async () => {
        const v = formFields(request.body);
        await requests.submit(
          {
            email: v.email ?? '',
            category: v.category ?? '',
            subject: v.subject ?? '',
            message: v.message ?? '',
            teamSlug: v.teamSlug,
            link: v.link,
            name: v.name,
            concerns: v.concerns,
            website: v.website,
            locale: request.i18n.locale,
          },
          { ip: request.ip },
        );
        return '/requests/new?notice=notice.requestReceived';
      },
    ),
  );

  app.get('/requests/follow/:token', pageOf('requests.follow', TokenParams), async (request, reply) =>
    sendHtml(reply, await followPage(request, request.params.token, blank)),
  );

  app.post('/requests/follow/:token', pageOf('requests.follow', TokenParams), async (request, reply) => {
    const token = request.params.token;
    return attempt(
      request,
      reply,
      (s) => followPage(request, token, s),
      async () => {
        await requests.followReply(token, { body: formFields(request.body).body ?? '' });
        return `/requests/follow/${encodeURIComponent(token)}?notice=notice.requestAnswerSent`;
      },
    );
  });

  app.get('/requests', { ...page('requests.handle'), schema: { querystring: InboxFilters, hide: true } }, async (request, reply) => {
    const q = request.query;
    const query: InboxQuery = { team: text(q.team), status: text(q.status) || 'open', assignee: text(q.assignee), category: text(q.category) };
    const ctx = await pageContext(request);
    const [list, consultations, teams] = await Promise.all([
      requests.list(request.actor, {
        team: query.team || undefined,
        // `all`, or anything else that is no status, filters nothing (the service ignores it).
        status: query.status as InboxFilter['status'],
        assignee: query.assignee || undefined,
        category: query.category || undefined,
        cursor: text(q.cursor) || undefined,
      }),
      requests.consultations(request.actor, { status: 'open' }),
      teamOptions(ctx.i18n.locale, request.actor),
    ]);
    return sendHtml(
      reply,
      <InboxPage
        ctx={ctx}
        query={query}
        items={list.items}
        nextCursor={list.nextCursor}
        teams={teams}
        categories={await requests.categories()}
        consultations={consultations}
      />,
    );
  });

  app.get('/requests/consultations/:id', pageOf('requests.handle', IdParams), async (request, reply) =>
    sendHtml(reply, await consultationPage(request, request.params.id, blank)),
  );

  app.post('/requests/consultations/:id/answer', pageOf('requests.handle', IdParams), async (request, reply) => {
    const id = request.params.id;
    return attempt(
      request,
      reply,
      (s) => consultationPage(request, id, s),
      async () => {
        await requests.answerConsultation(request.actor, id, { answer: formFields(request.body).answer ?? '' });
        return `/requests/consultations/${encodeURIComponent(id)}?notice=notice.consultationAnswered`;
      },
    );
  });

  app.get('/requests/:id', pageOf('requests.handle', IdParams), async (request, reply) =>
    sendHtml(reply, await requestPage(request, request.params.id, blank)),
  );

  /** A form on the request's page: `act` does it and names the notice; a refusal shows the page again. */
  const onRequest = (path: string, policy: string, act: (request: FastifyRequest, id: string, values: Record<string, string>) => Promise<Notice>) =>
    app.post(`/requests/:id/${path}`, pageOf(policy, IdParams), async (request, reply) => {
      const id = request.params.id;
      return attempt(
        request,
        reply,
        (s) => requestPage(request, id, s),
        async () => at(id, await act(request, id, formFields(request.body))),
      );
    });

  onRequest('replies', 'requests.handle', async (request, id, v) => {
    // The note has its own form (request-page.tsx): its text is `note`, and a refusal shows beside it.
    const internal = v.internal === 'yes';
    try {
      await requests.reply(request.actor, id, { body: (internal ? (v.note ?? v.body) : v.body) ?? '', internal, waiting: v.waiting === 'yes' });
    } catch (e) {
      if (internal && e instanceof AppError) for (const error of e.errors ?? []) if (error.path === '/body') error.path = '/note';
      throw e;
    }
    return internal ? 'notice.requestNoted' : 'notice.requestReplied';
  });
  onRequest('assign', 'requests.handle', async (request, id, v) => {
    await requests.assign(request.actor, id, { personId: v.personId ? v.personId : null });
    return 'notice.requestAssigned';
  });
  onRequest('consult', 'requests.handle', async (request, id, v) => {
    await requests.consult(request.actor, id, { teamSlug: v.teamSlug ?? '', question: v.question ?? '' });
    return 'notice.requestConsulted';
  });
  onRequest('resolve', 'requests.handle', async (request, id) => {
    await requests.resolve(request.actor, id);
    return 'notice.requestResolved';
  });
  onRequest('reopen', 'requests.handle', async (request, id) => {
    await requests.reopen(request.actor, id);
    return 'notice.requestReopened';
  });
  app.post('/requests/:id/close', pageOf('requests.handle', IdParams), async (request, reply) => {
    const id = request.params.id;
    return attempt(
      request,
      reply,
      (s) => requestPage(request, id, s),
      async () => {
        // Closing is final (no reopening, the link ages out): confirmed first, on a page saying so.
        if (!isConfirmed(formFields(request.body))) return confirmClose(request, id);
        await requests.close(request.actor, id);
        return at(id, 'notice.requestClosed');
      },
    );
  });

  async function confirmClose(request: FastifyRequest, id: string) {
    const ctx = await pageContext(request);
    const { t } = ctx.i18n;
    const view = await requests.get(request.actor, id);
    // Only a request that can close is confirmed: the refusal otherwise, as closing would give it.
    const refusal = transitionRequest(view.status, 'close');
    if (isRefusal(refusal)) throw AppError.from(refusal);
    const requester = view.requester.name ?? view.requester.email;
    return (
      <ConfirmationPage
        ctx={ctx}
        title={t('requests.close.confirm.title', { subject: view.subject })}
        consequences={[t('requests.close.confirm.final', { requester }), t('requests.close.confirm.link', { requester })]}
        action={`/requests/${encodeURIComponent(id)}/close`}
        confirmLabel={t('requests.close.confirm.submit')}
        back={`/requests/${encodeURIComponent(id)}`}
      />
    );
  }
  onRequest('accept-join', 'requests.join.decide', async (request, id) => {
    await requests.acceptJoin(request.actor, id);
    return 'notice.requestJoinAccepted';
  });
  onRequest('refuse-join', 'requests.join.decide', async (request, id, v) => {
    await requests.refuseJoin(request.actor, id, { reason: v.reason ?? '' });
    return 'notice.requestJoinRefused';
  });
}
