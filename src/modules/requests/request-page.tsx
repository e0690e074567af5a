import { CsrfField, ErrorSummary, Layout, TextareaField, type PageContext } from '../../platform/http/page.js';
import { durationLabel, statusKey } from './labels.js';
import { isReport, LIMITS } from './rules.js';
import { CategoryName, Fact, Thread } from './thread.js';
import type { FormState } from './public-pages.js';
import type { RequestView } from './views.js';
import { Select } from '../../platform/http/ui/form-controls.js';

/*
 * One request as its team sees it (docs/requests.md): the facts, the whole thread with the internal
 * notes marked, and the forms the reader may use now (the view's allowedActions).
 */

type Props = {
  ctx: PageContext;
  view: RequestView;
  teammates: { personId: string; displayName: string }[];
  otherTeams: { slug: string; name: string }[];
  /** The slugs of the teams with nobody on their roster today: what is sent there waits. */
  nobodyOn: string[];
} & FormState;

function ActionButton(props: { ctx: PageContext; action: string; label: string; secondary?: boolean; irreversible?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <button type="submit" class={props.irreversible ? 'irreversible' : props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

/** A team with nobody on its roster: what is sent there waits; the act is allowed, the reader is warned. */
export function NobodyOnTeam(props: { ctx: PageContext; team: string }) {
  return (
    <p role="note" class="warning">
      {props.ctx.i18n.t('requests.nobodyOnTeam', { team: props.team })}
    </p>
  );
}

function Facts(props: { ctx: PageContext; view: RequestView }) {
  const { ctx, view } = props;
  const { t, locale } = ctx.i18n;
  return (
    <dl>
      <Fact label={t('requests.fact.category')}>
        <CategoryName ctx={ctx} category={view.category} />
      </Fact>
      <Fact label={t('requests.fact.team')}>{view.teamName[locale]}</Fact>
      <Fact label={t('requests.fact.status')}>
        <strong>{t(statusKey(view.status))}</strong>
      </Fact>
      <Fact label={t('requests.fact.requester')}>
        {view.requester.name ? `${view.requester.name} — ` : ''}
        {view.requester.personId ? <a href={`/people/${view.requester.personId}`}>{view.requester.email}</a> : view.requester.email}
      </Fact>
      <Fact label={t('requests.fact.received')}>
        <time dateTime={view.createdAt}>{ctx.i18n.dateTime(view.createdAt)}</time>
      </Fact>
      <Fact label={t('requests.fact.age')}>{durationLabel(ctx.i18n, view.ageMinutes)}</Fact>
      <Fact label={t('requests.fact.firstResponse')}>
        {view.firstResponseMinutes === null ? t('requests.fact.noResponse') : durationLabel(ctx.i18n, view.firstResponseMinutes)}
      </Fact>
      <Fact label={t('requests.fact.assignee')}>{view.assignee?.displayName ?? t('requests.fact.nobody')}</Fact>
      {view.link ? (
        <Fact label={t('requests.fact.link')}>
          <a href={view.link} rel="nofollow noopener noreferrer">
            {view.link}
          </a>
        </Fact>
      ) : null}
      {isReport(view.category) && view.concerns ? (
        <Fact label={t('requests.fact.concerns')}>
          {view.concerns} {view.concernsMatched ? t('requests.fact.concernsMatched') : t('requests.fact.concernsUnmatched')}
        </Fact>
      ) : null}
    </dl>
  );
}

export function RequestPage(props: Props) {
  const { ctx, view, values, errors } = props;
  const { t, locale } = ctx.i18n;
  const can = (action: string) => view.allowedActions.includes(action);
  const base = `/requests/${view.id}`;
  const teamName = view.teamName[locale];
  const asked = new Map(view.consultations.map((c) => [c.id, c.teamName[locale]]));
  return (
    <Layout ctx={ctx} title={view.subject}>
      <hgroup>
        <h1>{view.subject}</h1>
        <p>{t(statusKey(view.status))}</p>
      </hgroup>
      {isReport(view.category) ? (
        <p role="note" class="notice">
          {t('requests.report.notice')}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      {props.nobodyOn.includes(view.teamSlug) ? <NobodyOnTeam ctx={ctx} team={teamName} /> : null}
      <Facts ctx={ctx} view={view} />

      {view.join ? (
        <section aria-labelledby="join-title">
          <h2 id="join-title">{t('requests.join.title', { team: teamName })}</h2>
          {view.join.outcome === 'accepted' ? <p>{t('requests.join.accepted')}</p> : null}
          {view.join.outcome === 'refused' ? <p>{t('requests.join.refused', { reason: view.join.reason ?? '' })}</p> : null}
          {view.join.outcome === null && !can('acceptJoin') ? <p>{t('requests.join.leadDecides')}</p> : null}
          {can('acceptJoin') ? <ActionButton ctx={ctx} action={`${base}/accept-join`} label={t('requests.join.accept')} /> : null}
          {can('refuseJoin') ? (
            <form method="post" action={`${base}/refuse-join`} novalidate>
              <CsrfField ctx={ctx} />
              <TextareaField
                name="reason"
                label={t('requests.join.reason')}
                value={values.reason}
                errors={errors}
                required
                maxLength={LIMITS.reason}
                rows={3}
              />
              <button type="submit" class="secondary">
                {t('requests.join.refuse')}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      <Thread
        ctx={ctx}
        asRequester={false}
        teamName={teamName}
        original={{ body: view.message, createdAt: view.createdAt, by: view.requester.name }}
        entries={view.messages.map((m) => ({
          author: m.author,
          authorName: m.authorName,
          internal: m.internal,
          teamName: m.consultationId ? asked.get(m.consultationId) : undefined,
          body: m.body,
          createdAt: m.createdAt,
        }))}
      />

      {can('reply') ? (
        <section aria-labelledby="reply-title">
          <h2 id="reply-title">{t('requests.reply.title')}</h2>
          <form method="post" action={`${base}/replies`} novalidate>
            <CsrfField ctx={ctx} />
            <TextareaField name="body" label={t('requests.reply.toRequester')} value={values.body} errors={errors} required maxLength={LIMITS.reply} rows={5} />
            <label for="field-waiting">
              <input id="field-waiting" type="checkbox" name="waiting" value="yes" checked={values.waiting === undefined || values.waiting === 'yes'} />
              {t('requests.reply.waiting')}
            </label>
            <button type="submit">{t('requests.reply.submit')}</button>
          </form>
        </section>
      ) : null}

      {can('reply') ? (
        // The note is a form of its own, on another background: a reply and a note never look alike (docs/requests.md, "The inbox").
        <section aria-labelledby="note-title" class="internal-note-form">
          <h2 id="note-title">{t('requests.note.title')}</h2>
          <p>
            <span aria-hidden="true">🔒 </span>
            <strong>{t('requests.note.lock')}</strong>
          </p>
          <form method="post" action={`${base}/replies`} novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="internal" value="yes" />
            <TextareaField name="note" label={t('requests.note.body')} value={values.note} errors={errors} required maxLength={LIMITS.reply} rows={4} />
            <button type="submit" class="secondary">
              {t('requests.note.submit')}
            </button>
          </form>
        </section>
      ) : null}

      {can('assign') ? (
        <section aria-labelledby="assign-title">
          <h2 id="assign-title">{t('requests.assign.title')}</h2>
          <form method="post" action={`${base}/assign`} novalidate>
            <CsrfField ctx={ctx} />
            <Select
              field="personId"
              name="personId"
              label={t('requests.assign.to')}
              value={values.personId ?? view.assignee?.personId ?? ctx.actor.personId ?? ''}
              options={[
                { value: '', label: t('requests.assign.nobody') },
                ...props.teammates.map((p) => ({ value: p.personId, label: p.personId === ctx.actor.personId ? t('requests.assign.me') : p.displayName })),
              ]}
              errors={errors}
            />
            <button type="submit" class="secondary">
              {t('requests.assign.submit')}
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="consultations-title">
        <h2 id="consultations-title">{t('requests.consultations.ofRequest')}</h2>
        {view.consultations.map((c) => (
          <article>
            <header>
              <strong>{c.teamName[locale]}</strong> · {t(`requests.consultation.status.${c.status}`)} ·{' '}
              {t('requests.consultation.askedBy', { name: c.askedBy ?? '—', date: ctx.i18n.date(c.askedAt) })}
            </header>
            <p class="pre-line">{c.question}</p>
          </article>
        ))}
        {view.consultations
          .filter((c) => c.status === 'open' && props.nobodyOn.includes(c.teamSlug))
          .map((c) => (
            <NobodyOnTeam ctx={ctx} team={c.teamName[locale]} />
          ))}
        {can('consult') && props.otherTeams.length > 0 ? (
          <form method="post" action={`${base}/consult`} novalidate>
            {props.otherTeams
              .filter((tm) => props.nobodyOn.includes(tm.slug) && !view.consultations.some((c) => c.status === 'open' && c.teamSlug === tm.slug))
              .map((tm) => (
                <NobodyOnTeam ctx={ctx} team={tm.name} />
              ))}
            <CsrfField ctx={ctx} />
            <Select
              field="teamSlug"
              name="teamSlug"
              label={t('requests.consult.team')}
              required
              value={values.teamSlug ?? props.otherTeams[0]?.slug}
              options={props.otherTeams.map((tm) => ({ value: tm.slug, label: tm.name }))}
              errors={errors}
            />
            <TextareaField
              name="question"
              label={t('requests.consult.question')}
              hint={t('requests.consult.hint')}
              value={values.question}
              errors={errors}
              required
              maxLength={LIMITS.reply}
              rows={4}
            />
            <button type="submit" class="secondary">
              {t('requests.consult.submit')}
            </button>
          </form>
        ) : null}
      </section>

      {can('resolve') || can('reopen') || can('close') ? (
        <section aria-labelledby="state-title">
          <h2 id="state-title">{t('requests.state.title')}</h2>
          {can('resolve') ? <ActionButton ctx={ctx} action={`${base}/resolve`} label={t('requests.resolve')} /> : null}
          {can('reopen') ? <ActionButton ctx={ctx} action={`${base}/reopen`} label={t('requests.reopen')} secondary /> : null}
          {can('close') ? <ActionButton ctx={ctx} action={`${base}/close`} label={t('requests.close')} irreversible /> : null}
        </section>
      ) : null}
    </Layout>
  );
}
