import type { FieldError } from '../../platform/errors.js';
import { CsrfField, type PageContext } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { RapporteurLoad } from '../applications/service.js';
import type { Contribution } from '../contributions/repository.js';
import type { ActivityAssessment } from '../contributions/rules.js';
import { Evidence, KindLabel, activityReasons, activityStatus } from '../contributions/activity-view.js';
import type { AgendaItem, Decision } from './repository.js';
import type { SessionView } from './service.js';
import { Choices, TextArea } from './form-controls.js';

/** "Motif :" in French typography, "Rationale:" in English (as the minutes write it). */
export function labelled(ctx: PageContext, text: string): string {
  return ctx.i18n.locale === 'fr' ? `${text} :` : `${text}:`;
}

/** What the bureau reads beside an application: why the person applies, and whether they are active. */
export interface ApplicationFacts {
  motivation: string;
  activity: ActivityAssessment | null;
  /** The latest few, most recent first. */
  contributions: Contribution[];
}

export interface AgendaItemProps {
  ctx: PageContext;
  session: SessionView;
  item: AgendaItem;
  index: number;
  facts: ApplicationFacts | undefined;
  teamNames: Record<string, string>;
  load: RapporteurLoad[];
  /** The values typed in this item's decision form when it was refused. */
  values: Record<string, string>;
  errors: FieldError[];
}

export function AgendaItemView(props: AgendaItemProps) {
  const { ctx, session, item, facts } = props;
  const { t } = ctx.i18n;
  const headingId = `item-${item.id}`;
  const decision = session.decisions.find((d) => d.agendaItemId === item.id);
  const isApplication = item.kind === 'application';
  const title = isApplication ? t('sessions.item.application', { name: item.applicantName ?? '' }) : (item.title ?? '');
  return (
    <li>
      <article aria-labelledby={`${headingId}-title`} id={headingId}>
        <header>
          <h3 id={`${headingId}-title`}>
            {isApplication && item.applicantId ? (
              <>
                {t('sessions.item.applicationOf')} <a href={`/people/${item.applicantId}`}>{item.applicantName}</a>
              </>
            ) : (
              item.title
            )}
          </h3>
          <p>
            <strong>{t(`sessions.item.state.${item.state}` as MessageKey)}</strong>
            {item.carriedTo ? (
              <>
                {' — '}
                <a href={`/bureau/sessions/${item.carriedTo}`}>{t('sessions.item.carriedTo')}</a>
              </>
            ) : null}
            {item.applicationId && ctx.allowed('applications.manage') ? (
              <>
                {' — '}
                <a href={`/applications/${item.applicationId}`}>{t('sessions.item.applicationPage')}</a>
              </>
            ) : null}
          </p>
        </header>
        {!isApplication && item.body ? <p class="pre-line">{item.body}</p> : null}
        {isApplication && facts ? <ApplicationDetails {...props} facts={facts} /> : null}
        {isApplication ? <Rapporteur {...props} /> : null}
        {decision ? <DecisionSummary ctx={ctx} decision={decision} /> : null}
        {isApplication &&
        item.applicationId &&
        item.state === 'open' &&
        session.status === 'open' &&
        session.quorum?.reached &&
        ctx.allowed('bureau.sessions.conduct') ? (
          item.applicantId === ctx.actor.personId ? (
            <p>{t('sessions.decision.ownApplication')}</p>
          ) : (
            <DecisionForm {...props} applicationId={item.applicationId} title={title} />
          )
        ) : null}
        {session.status !== 'closed' && ctx.allowed('bureau.sessions.plan') ? <MoveButtons {...props} title={title} /> : null}
      </article>
    </li>
  );
}

function ApplicationDetails(props: AgendaItemProps & { facts: ApplicationFacts }) {
  const { ctx, facts } = props;
  const { t } = ctx.i18n;
  const reasons = facts.activity ? activityReasons(ctx.i18n, facts.activity, props.teamNames) : [];
  return (
    <>
      <h4>{t('sessions.item.motivation')}</h4>
      <blockquote class="pre-line">{facts.motivation}</blockquote>
      <h4>{t('sessions.item.activity')}</h4>
      {facts.activity ? (
        <>
          <p>{activityStatus(ctx.i18n, facts.activity)}</p>
          {reasons.length > 0 ? (
            <ul aria-label={t('activity.reasons')}>
              {reasons.map((r) => (
                <li>{r}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p class="muted">{t('sessions.item.activityUnknown')}</p>
      )}
      <h4>{t('sessions.item.contributions')}</h4>
      {facts.contributions.length === 0 ? (
        <p>{t('contributions.timeline.empty')}</p>
      ) : (
        <ul>
          {facts.contributions.map((c) => (
            <li>
              <time dateTime={c.occurredOn}>{ctx.i18n.date(c.occurredOn)}</time> — <KindLabel ctx={ctx} c={c} />
              {c.summary ? ` — ${c.summary}` : ''} <small class="muted">({t(`contributions.status.${c.status}` as MessageKey)})</small>{' '}
              <Evidence ctx={ctx} url={c.evidenceUrl} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Rapporteur(props: AgendaItemProps) {
  const { ctx, item, session } = props;
  const { t } = ctx.i18n;
  const canAssign = item.applicationId && item.state === 'open' && session.status !== 'closed' && ctx.allowed('applications.manage');
  const fieldId = `field-rapporteur-${item.id}`;
  return (
    <>
      <p>
        {labelled(ctx, t('minutes.rapporteur'))} {item.rapporteurName ?? t('sessions.item.noRapporteur')}
      </p>
      {canAssign ? (
        <form method="post" action={`/applications/${item.applicationId}/rapporteur`} class="grid">
          <CsrfField ctx={ctx} />
          <label for={fieldId}>
            {t('sessions.item.rapporteurChoose')}
            <select id={fieldId} name="rapporteurId">
              <option value="" selected={!item.rapporteurId}>
                {t('sessions.item.noRapporteur')}
              </option>
              {props.load.map((l) => (
                <option value={l.personId} selected={l.personId === item.rapporteurId}>
                  {t('sessions.item.rapporteurOption', { name: l.displayName, count: l.openApplications })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            {t('sessions.item.rapporteurSubmit')}
          </button>
        </form>
      ) : null}
    </>
  );
}

function DecisionSummary(props: { ctx: PageContext; decision: Decision }) {
  const { ctx, decision } = props;
  const { t } = ctx.i18n;
  return (
    <ul aria-label={t('minutes.decision')}>
      <li>
        {labelled(ctx, t('minutes.decision'))} <strong>{t(`minutes.outcome.${decision.outcome}`)}</strong>
      </li>
      {decision.votes ? (
        <li>
          {labelled(ctx, t('minutes.votes'))}{' '}
          {t('minutes.votes.count', { for: decision.votes.for, against: decision.votes.against, abstain: decision.votes.abstain })}
        </li>
      ) : null}
      {decision.rationale ? (
        <li>
          {labelled(ctx, t('minutes.rationale'))} {decision.rationale}
        </li>
      ) : null}
    </ul>
  );
}

function DecisionForm(props: AgendaItemProps & { applicationId: string; title: string }) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  const form = `decision-${props.applicationId}`;
  const voteError = errors.find((e) => e.path === `/${form}-votes`);
  const vote = (name: string, label: string) => (
    <label for={`field-${form}-${name}`}>
      {label}
      <input
        id={`field-${form}-${name}`}
        name={name}
        type="number"
        min={0}
        max={1000}
        value={values[name] ?? ''}
        aria-invalid={voteError ? 'true' : undefined}
        aria-describedby={voteError ? `field-${form}-votes-error` : undefined}
      />
    </label>
  );
  return (
    <form
      method="post"
      action={`/bureau/sessions/${props.session.id}/decisions`}
      novalidate
      aria-label={t('sessions.decision.formLabel', { item: props.title })}
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name="applicationId" value={props.applicationId} />
      <Choices
        field={`${form}-outcome`}
        name="outcome"
        type="radio"
        legend={t('minutes.decision')}
        options={(['accepted', 'rejected', 'deferred'] as const).map((o) => ({ value: o, label: t(`minutes.outcome.${o}`), checked: values.outcome === o }))}
        errors={errors}
      />
      <fieldset id={`field-${form}-votes`}>
        <legend>{t('sessions.decision.votes')}</legend>
        <div class="grid">
          {vote('votesFor', t('sessions.decision.for'))}
          {vote('votesAgainst', t('sessions.decision.against'))}
          {vote('votesAbstain', t('sessions.decision.abstain'))}
        </div>
        {voteError ? (
          <small id={`field-${form}-votes-error`} class="field-error">
            {voteError.message}
          </small>
        ) : null}
      </fieldset>
      <TextArea
        field={`${form}-rationale`}
        name="rationale"
        label={t('minutes.rationale')}
        value={values.rationale}
        errors={errors}
        hint={t('sessions.decision.rationaleHint')}
        maxLength={5000}
      />
      <button type="submit">{t('sessions.decision.submit')}</button>
    </form>
  );
}

function MoveButtons(props: AgendaItemProps & { title: string }) {
  const { ctx, session, item, index } = props;
  const { t } = ctx.i18n;
  const move = (direction: 'up' | 'down') => (
    <form method="post" action={`/bureau/sessions/${session.id}/items/${item.id}/move`} class="inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="secondary outline" aria-label={t(`sessions.item.move.${direction}Label`, { item: props.title })}>
        {t(`sessions.item.move.${direction}`)}
      </button>
    </form>
  );
  const up = index > 0;
  const down = index < session.agenda.length - 1;
  if (!up && !down) return null;
  return (
    <p>
      {up ? move('up') : null} {down ? move('down') : null}
    </p>
  );
}
