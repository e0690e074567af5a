import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageContext, PageDeps } from '../../platform/http/page.js';
import type { Extensions } from '../../platform/module.js';
import type { ApplicationsUses } from './uses.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, isRefusal, type FieldError } from '../../platform/errors.js';
import { ErrorSummary, Layout, sendHtml } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { Translator } from '../../platform/i18n/index.js';
import { activityReasons, activityStatus, teamNamesFor } from '../contributions/activity-view.js';
import type { Application } from './repository.js';
import type { CurrentMembership, RapporteurLoad } from './service.js';
import { checkEligibility, cooldownEndsOn, isOpenApplication, MOTIVATION_MAX } from './rules.js';
import { canManageApplications } from './policy.js';
import { presentApplication } from './routes.js';
import { ApplyPage, MembershipPage, type Standing } from './membership-page.js';
import {
  Outcome,
  RapporteurForm,
  RapporteurLoadTable,
  sessionDate,
  sessionLine,
  statusWords,
  WithdrawForm,
  type DecisionView,
  type ShownApplication,
  type View,
} from './application-view.js';

function ApplicationPage(props: {
  view: View;
  application: ShownApplication;
  decision: DecisionView | null;
  membership: CurrentMembership | undefined;
  bureau: { personId: string; displayName: string }[];
  activity: { status: string; reasons: string[] } | null;
  errors: FieldError[];
  message?: string;
  rapporteurValue?: string;
}) {
  const { view, application: a, decision } = props;
  const { ctx } = view;
  const { t } = ctx.i18n;
  const own = a.personId === ctx.actor.personId;
  const manager = canManageApplications(ctx.actor);
  const title = own ? t('applications.page.own') : t('applications.page.title', { name: a.displayName });
  const line = sessionLine(view, a, decision);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      <dl>
        <dt>{t('applications.field.status')}</dt>
        <dd>
          <strong>{statusWords(view, a.status)}</strong>
        </dd>
        <dt>{t('applications.field.session')}</dt>
        <dd>
          {line.text}
          {line.hint ? (
            <>
              <br />
              <small>{line.hint}</small>
            </>
          ) : null}
          {a.sessionId && ctx.allowed('bureau.sessions.read') ? (
            <>
              {' · '}
              <a href={`/bureau/sessions/${a.sessionId}`}>{t('applications.session.link')}</a>
            </>
          ) : null}
        </dd>
        <dt>{t('applications.field.submitted')}</dt>
        <dd>
          <time dateTime={a.submittedAt}>{ctx.i18n.dateTime(a.submittedAt)}</time>
        </dd>
        {manager ? (
          <>
            <dt>{t('applications.field.rapporteur')}</dt>
            <dd>{a.rapporteurName ?? t('applications.rapporteur.nobody')}</dd>
          </>
        ) : null}
      </dl>
      {decision ? <Outcome view={view} decision={decision} membership={props.membership} /> : null}
      <section aria-labelledby="motivation-title">
        <h2 id="motivation-title">{t('applications.field.motivation')}</h2>
        <p class="pre-line">{a.motivation}</p>
      </section>
      {props.activity ? (
        <section aria-labelledby="activity-title">
          <h2 id="activity-title">{t('applications.field.activity')}</h2>
          <p>
            <strong>{props.activity.status}</strong>
          </p>
          {props.activity.reasons.length > 0 ? (
            <ul aria-label={t('activity.reasons')}>
              {props.activity.reasons.map((r) => (
                <li>{r}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <a href={`/people/${a.personId}`}>{t('applications.field.applicant')}</a>
          </p>
        </section>
      ) : null}
      <RapporteurForm ctx={ctx} application={a} bureau={props.bureau} errors={props.errors} value={props.rapporteurValue} />
      <WithdrawForm ctx={ctx} application={a} />
      <p>{own ? <a href="/membership">{t('applications.back.membership')}</a> : <a href="/applications">{t('applications.back.list')}</a>}</p>
    </Layout>
  );
}

function ListPage(props: { view: View; items: Application[]; all: boolean; nextCursor: string | null; load: RapporteurLoad[] }) {
  const { view, items, all } = props;
  const { ctx } = view;
  const { t } = ctx.i18n;
  const next = new URLSearchParams({ ...(all ? { all: '1' } : {}), ...(props.nextCursor ? { cursor: props.nextCursor } : {}) });
  return (
    <Layout ctx={ctx} title={t('applications.list.title')}>
      <h1>{t('applications.list.title')}</h1>
      <p>{t('applications.list.intro')}</p>
      {ctx.allowed('members.register') ? (
        <p>
          <a href="/members">{t('memberships.register.link')}</a>
        </p>
      ) : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">{all ? t('applications.list.allTitle') : t('applications.list.openTitle')}</h2>
        <p>{all ? <a href="/applications">{t('applications.list.showOpen')}</a> : <a href="/applications?all=1">{t('applications.list.showAll')}</a>}</p>
        {items.length === 0 ? (
          <p>{all ? t('applications.list.emptyAll') : t('applications.list.empty')}</p>
        ) : (
          <div class="overflow-auto">
            <table aria-labelledby="list-title">
              <thead>
                <tr>
                  <th scope="col">{t('applications.col.applicant')}</th>
                  <th scope="col">{t('applications.col.status')}</th>
                  <th scope="col">{t('applications.col.session')}</th>
                  <th scope="col">{t('applications.col.rapporteur')}</th>
                  <th scope="col">{t('applications.col.submitted')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr>
                    <td>
                      <a href={`/applications/${a.id}`}>{a.displayName}</a>
                    </td>
                    <td>{statusWords(view, a.status)}</td>
                    <td>
                      {a.sessionScheduledAt ? (
                        <time dateTime={a.sessionScheduledAt}>{sessionDate(view, a.sessionScheduledAt)}</time>
                      ) : isOpenApplication(a.status) ? (
                        t('applications.session.waiting')
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{a.rapporteurName ?? t('applications.rapporteur.nobody')}</td>
                    <td>
                      <time dateTime={a.submittedAt}>{ctx.i18n.date(a.submittedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.nextCursor ? (
          <p>
            <a href={`/applications?${next.toString()}`} rel="next">
              {t('common.next')}
            </a>
          </p>
        ) : null}
      </section>
      <RapporteurLoadTable ctx={ctx} load={props.load} />
    </Layout>
  );
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const idRoute = { schema: { params: IdParams, hide: true } };
/** The list's filters, read as they come: anything else in them is ignored, as before a schema named them. */
const ListQuery = Type.Object({ all: Type.Optional(Type.Unknown()), cursor: Type.Optional(Type.Unknown()) });

/** The motivation's field errors in the reader's words (the service names them in English). */
function motivationErrors(errors: FieldError[], i18n: Translator): FieldError[] {
  return errors.map((e) => {
    if (e.path !== '/motivation') return e;
    if (e.code === 'required') return { ...e, message: i18n.t('applications.apply.motivationRequired') };
    if (e.code === 'too_long') return { ...e, message: i18n.t('applications.apply.motivationTooLong', { max: MOTIVATION_MAX }) };
    return e;
  });
}

/**
 * The person's own membership on their membership page: the memberships module renders it (it
 * owns memberships, above this module) and hands it over through this extension point.
 */
export type OwnMembershipSection = (ctx: PageContext, personId: string) => Promise<VNode>;

declare module '../../platform/module.js' {
  interface ExtensionPoints {
    'applications.ownMembership': OwnMembershipSection;
  }
}

export function applicationsPages(app: App, deps: PageDeps<ApplicationsUses> & { extensions: Extensions }): void {
  const { services, pageContext, config } = deps;
  const ownMembershipSections = deps.extensions['applications.ownMembership'] ?? [];
  const viewOf = async (request: FastifyRequest): Promise<View> => ({ ctx: await pageContext(request), timeZone: config.TIMEZONE });

  /** The actor's standing, judged by the same rule the service applies (checkEligibility). */
  async function standingOf(actor: Actor, i18n: Translator): Promise<Standing> {
    const personId = actor.personId!;
    const [membership, own, activity, teams] = await Promise.all([
      services.applications.membershipOf(personId),
      services.applications.ownApplications(actor),
      services.contributions.activity(actor, personId),
      teamNamesFor(services, i18n),
    ]);
    const shown = own.map((a) => presentApplication(a, actor));
    const open = shown.find((a) => isOpenApplication(a.status));
    const decisions: Record<string, DecisionView> = {};
    for (const a of own.filter((x) => x.decisionId)) {
      const decision = await services.applications.decisionOf(actor, a.id);
      if (decision) decisions[a.id] = decision;
    }
    const lastRejectedOn = await services.applications.lastRejectedOn(personId);
    const verdict = checkEligibility(
      { activity, isMember: membership !== undefined, openApplication: open ? { id: open.id, status: open.status } : null, lastRejectedOn },
      config.APPLICATION_COOLDOWN_DAYS,
      services.contributions.today(),
    );
    const facts = {
      activity,
      reasons: activityReasons(i18n, activity, Object.fromEntries(teams.map((tm) => [tm.slug, tm.name]))),
      // The first allowed day, as checkEligibility computes it.
      allowedFrom: lastRejectedOn ? cooldownEndsOn(lastRejectedOn, config.APPLICATION_COOLDOWN_DAYS) : null,
      openApplicationId: open?.id ?? null,
    };
    const refusal = isRefusal(verdict) ? { ...facts, code: verdict.code } : null;
    return { membership, open, past: shown.filter((a) => a !== open), decisions, refusal, facts };
  }

  app.get('/membership', { config: { policy: 'applications.apply', page: true } }, async (request, reply) => {
    const view = await viewOf(request);
    const [standing, ownMembership] = await Promise.all([
      standingOf(request.actor, view.ctx.i18n),
      Promise.all(ownMembershipSections.map((section) => section(view.ctx, request.actor.personId!))),
    ]);
    return sendHtml(reply, <MembershipPage view={view} standing={standing} ownMembership={ownMembership} />);
  });

  app.get('/membership/apply', { config: { policy: 'applications.apply', page: true } }, async (request, reply) => {
    const view = await viewOf(request);
    const { refusal } = await standingOf(request.actor, view.ctx.i18n);
    return sendHtml(reply, <ApplyPage view={view} motivation="" errors={[]} refused={null} before={refusal} />);
  });

  app.post('/membership/apply', { config: { policy: 'applications.apply', page: true } }, async (request, reply) => {
    const motivation = formFields(request.body).motivation ?? '';
    try {
      const application = await services.applications.apply(request.actor, { motivation });
      return reply.redirect(`/applications/${application.id}?notice=notice.applicationSubmitted`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || !(e instanceof AppError)) throw e;
      const view = await viewOf(request);
      if (e.code === 'validation_failed') {
        const errors = motivationErrors(e.errors, view.ctx.i18n);
        return sendHtml(reply, <ApplyPage view={view} motivation={motivation} errors={errors} refused={{ message: shown.message }} before={null} />, e.status);
      }
      // The rules refused (not active, already a member, one already open, too soon after a
      // rejection): say why in the reader's words, from the same facts the rules looked at.
      const { facts } = await standingOf(request.actor, view.ctx.i18n);
      return sendHtml(
        reply,
        <ApplyPage view={view} motivation={motivation} errors={[]} refused={{ refusal: { ...facts, code: e.code } }} before={null} />,
        e.status,
      );
    }
  });

  async function applicationPage(request: FastifyRequest, id: string, extras: { errors?: FieldError[]; message?: string; rapporteurValue?: string } = {}) {
    const view = await viewOf(request);
    const actor = request.actor;
    const application = presentApplication(await services.applications.get(actor, id), actor);
    const manager = canManageApplications(actor);
    const [decision, membership, bureau, activity, teams] = await Promise.all([
      services.applications.decisionOf(actor, id),
      services.applications.membershipOf(application.personId),
      application.allowedActions.includes('assignRapporteur') ? services.bureau.current() : Promise.resolve([]),
      manager ? services.applications.activityOfApplicant(actor, id) : Promise.resolve(null),
      manager ? teamNamesFor(services, view.ctx.i18n) : Promise.resolve([]),
    ]);
    const seats = bureau.filter((b, i) => bureau.findIndex((o) => o.personId === b.personId) === i);
    const teamNames = Object.fromEntries(teams.map((tm) => [tm.slug, tm.name]));
    return (
      <ApplicationPage
        view={view}
        application={application}
        decision={decision}
        membership={membership}
        bureau={seats}
        activity={activity ? { status: activityStatus(view.ctx.i18n, activity), reasons: activityReasons(view.ctx.i18n, activity, teamNames) } : null}
        errors={extras.errors ?? []}
        message={extras.message}
        rapporteurValue={extras.rapporteurValue}
      />
    );
  }

  app.get('/applications/:id', { config: { policy: 'applications.read', page: true }, ...idRoute }, async (request, reply) =>
    sendHtml(reply, await applicationPage(request, request.params.id)),
  );

  /** A refused action on the application page: shown on it, unless the application cannot be seen at all. */
  async function refusedOnPage(request: FastifyRequest, e: unknown, id: string, extras: { rapporteurValue?: string } = {}) {
    const shown = formErrorsOf(e, request.i18n);
    if (!shown || !(e instanceof AppError) || e.code === 'not_found') throw e;
    const errors = shown.errors.map((x) =>
      x.path === '/rapporteurId' && x.code === 'not_bureau_member' ? { ...x, message: request.i18n.t('applications.rapporteur.notBureau') } : x,
    );
    return applicationPage(request, id, { errors, message: shown.message, ...extras });
  }

  app.post('/applications/:id/withdraw', { config: { policy: 'applications.withdraw', page: true }, ...idRoute }, async (request, reply) => {
    const { id } = request.params;
    try {
      await services.applications.withdraw(request.actor, id);
      return reply.redirect(`/applications/${id}?notice=notice.applicationWithdrawn`, 303);
    } catch (e) {
      return sendHtml(reply, await refusedOnPage(request, e, id), (e as AppError).status);
    }
  });

  app.post('/applications/:id/rapporteur', { config: { policy: 'applications.manage', page: true }, ...idRoute }, async (request, reply) => {
    const { id } = request.params;
    const rapporteurId = (formFields(request.body).rapporteurId ?? '').trim();
    try {
      await services.applications.assignRapporteur(request.actor, id, rapporteurId || null);
      return reply.redirect(`/applications/${id}?notice=notice.rapporteurAssigned`, 303);
    } catch (e) {
      return sendHtml(reply, await refusedOnPage(request, e, id, { rapporteurValue: rapporteurId }), (e as AppError).status);
    }
  });

  app.get(
    '/applications',
    { config: { policy: 'applications.manage', page: true }, schema: { querystring: ListQuery, hide: true } },
    async (request, reply) => {
      const query = request.query;
      const all = query.all === '1';
      const cursor = typeof query.cursor === 'string' && query.cursor.length <= 64 ? query.cursor : undefined;
      const [view, page, load] = await Promise.all([
        viewOf(request),
        services.applications.list(request.actor, { open: !all, cursor, limit: 50 }),
        services.applications.rapporteurLoad(),
      ]);
      return sendHtml(reply, <ListPage view={view} items={page.items} all={all} nextCursor={page.nextCursor} load={load} />);
    },
  );
}
