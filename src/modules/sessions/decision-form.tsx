import type { FieldError } from '../../platform/errors.js';
import { CsrfField, type PageContext } from '../../platform/http/page.js';
import type { DecisionOutcome } from './rules.js';
import type { Decision } from './repository.js';
import { Choices, TextArea, labelled } from '../../platform/http/ui/form-controls.js';

/*
 * A decision of the bureau on an agenda item: the summary once it is recorded, and the form that
 * records it. The form names its item by the application (`applicationId`) or by the agenda item
 * (`agendaItemId`: a lapse review, an item about a member); its fields' ids are
 * `field-decision-<that id>-…`, as the route reads them back (session-forms.ts).
 */

export function DecisionSummary(props: { ctx: PageContext; decision: Decision }) {
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

export interface DecisionFormProps {
  ctx: PageContext;
  sessionId: string;
  /** The hidden field that names the item, and its value. */
  target: { name: 'applicationId' | 'agendaItemId'; id: string };
  outcomes: readonly DecisionOutcome[];
  /** The item in words, for the form's accessible name. */
  title: string;
  /** When the rationale is required, and who reads it. */
  rationaleHint: string;
  values: Record<string, string>;
  errors: FieldError[];
}

export function DecisionForm(props: DecisionFormProps) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  const form = `decision-${props.target.id}`;
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
      action={`/bureau/sessions/${props.sessionId}/decisions`}
      novalidate
      aria-label={t('sessions.decision.formLabel', { item: props.title })}
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name={props.target.name} value={props.target.id} />
      <Choices
        field={`${form}-outcome`}
        name="outcome"
        type="radio"
        legend={t('minutes.decision')}
        options={props.outcomes.map((o) => ({ value: o, label: t(`minutes.outcome.${o}`), checked: values.outcome === o }))}
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
        hint={props.rationaleHint}
        maxLength={5000}
      />
      <button type="submit">{t('sessions.decision.submit')}</button>
    </form>
  );
}
