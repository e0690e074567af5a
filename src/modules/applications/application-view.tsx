import type { ApplicationOutcome } from './rules.js';
import type { ErrorCode, FieldError } from '../../platform/errors.js';
import { CsrfField, describedBy, errorFor, Labelled, type PageContext } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { ActivityAssessment } from '../contributions/rules.js';
import { activityStatus } from '../contributions/activity-view.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import type { Application } from './repository.js';
import type { CurrentMembership, DecisionOnApplication, RapporteurLoad } from './service.js';

/*
 * How an application reads on pages: its status and session in words, the bureau's decision, and
 * why someone may not apply yet. The pages (pages.tsx) put these pieces together.
 */

/** An application with what the reader may do with it now (presentApplication), so that buttons never lie. */
export type ShownApplication = Application & { allowedActions: string[] };

/** A decision with the date of the session that took it (applications service, decisionOf). */
export type DecisionView = DecisionOnApplication;

/** What a page needs to write dates of sessions: the reader's language and the association's time zone. */
export interface View {
  ctx: PageContext;
  timeZone: string;
}

export function sessionDate(view: View, instant: string): string {
  return formatMeetingDate(instant, view.ctx.i18n.locale, view.timeZone);
}

export function statusWords(view: View, status: Application['status']): string {
  return view.ctx.i18n.t(`applications.status.${status}`);
}

/**
 * Where the application stands with the bureau's sessions (the applicant always sees
 * which session will examine it and when), with a hint when it waits for one.
 */
export function sessionLine(view: View, a: Application, decision: DecisionView | null): { text: string; hint?: string } {
  const { t } = view.ctx.i18n;
  if (a.status === 'withdrawn') return { text: t('applications.session.withdrawn', { date: view.ctx.i18n.dateTime(a.withdrawnAt) }) };
  if ((a.status === 'accepted' || a.status === 'rejected') && decision) {
    return { text: t('applications.session.decided', { date: sessionDate(view, decision.sessionScheduledAt) }) };
  }
  // Deferred and not yet moved on: the session that deferred it is not closed yet.
  if (a.status === 'deferred' && a.sessionId && decision?.sessionId === a.sessionId) {
    return { text: t('applications.session.deferred', { date: sessionDate(view, decision.sessionScheduledAt) }) };
  }
  if (a.sessionScheduledAt) return { text: t('applications.session.scheduled', { date: sessionDate(view, a.sessionScheduledAt) }) };
  return { text: t('applications.session.waiting'), hint: t('applications.session.waitingHint') };
}

/** The bureau's decision in words: the rationale of a rejection or a deferral, the date a member joined. */
export function Outcome(props: { view: View; decision: DecisionView; membership: CurrentMembership | undefined }) {
  const { view, decision, membership } = props;
  const { t } = view.ctx.i18n;
  const date = sessionDate(view, decision.sessionScheduledAt);
  const votes = decision.votes;
  return (
    <section aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('applications.outcome.title')}</h2>
      <p>{t(`applications.outcome.${decision.outcome as ApplicationOutcome}`, { date })}</p>
      {decision.outcome === 'accepted' && membership?.decisionId === decision.id ? (
        <p>
          <strong>{t('applications.memberSince', { date: view.ctx.i18n.date(membership.since) })}</strong>
        </p>
      ) : null}
      {decision.rationale && decision.outcome !== 'accepted' ? (
        <p class="pre-line">{t('applications.outcome.rationale', { rationale: decision.rationale })}</p>
      ) : null}
      {votes ? (
        <p>{t('applications.outcome.votes', { votes: t('minutes.votes.count', { for: votes.for, against: votes.against, abstain: votes.abstain }) })}</p>
      ) : null}
    </section>
  );
}

/** Withdrawing, for the applicant (or the bureau at their request), only while the application is open. */
export function WithdrawForm(props: { ctx: PageContext; application: ShownApplication }) {
  const { ctx, application } = props;
  const { t } = ctx.i18n;
  if (!application.allowedActions.includes('withdraw')) return null;
  const own = application.personId === ctx.actor.personId;
  const hintId = `withdraw-hint-${application.id}`;
  return (
    <form method="post" action={`/applications/${application.id}/withdraw`}>
      <CsrfField ctx={ctx} />
      <button type="submit" class="secondary" aria-describedby={hintId}>
        {own ? t('applications.withdraw') : t('applications.withdraw.forApplicant')}
      </button>
      <small id={hintId}>{own ? t('applications.withdraw.hint') : t('applications.withdraw.forApplicantHint')}</small>
    </form>
  );
}

/** The bureau names who reports on an application: a current bureau member, or nobody. */
export function RapporteurForm(props: {
  ctx: PageContext;
  application: ShownApplication;
  bureau: { personId: string; displayName: string }[];
  errors: FieldError[];
  value?: string;
}) {
  const { ctx, application, errors } = props;
  const { t } = ctx.i18n;
  if (!application.allowedActions.includes('assignRapporteur')) return null;
  const error = errorFor(errors, 'rapporteurId');
  const chosen = props.value ?? application.rapporteurId ?? '';
  return (
    <form method="post" action={`/applications/${application.id}/rapporteur`} novalidate>
      <CsrfField ctx={ctx} />
      <Labelled id="field-rapporteurId" label={t('applications.rapporteur.label')} error={error}>
        <select
          id="field-rapporteurId"
          name="rapporteurId"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy('field-rapporteurId', error, undefined)}
        >
          <option value="" selected={chosen === ''}>
            {t('applications.rapporteur.nobody')}
          </option>
          {props.bureau.map((b) => (
            <option value={b.personId} selected={chosen === b.personId}>
              {b.displayName}
            </option>
          ))}
        </select>
      </Labelled>
      <button type="submit">{t('applications.rapporteur.submit')}</button>
    </form>
  );
}

/** Why the rules would refuse an application from this person today (checkEligibility), and what to do. */
export interface ApplyRefusal {
  code: ErrorCode;
  activity: ActivityAssessment;
  /** The activity's reasons in words (activityReasons). */
  reasons: string[];
  /** After a rejection: the first day a new application is possible. */
  allowedFrom: string | null;
  openApplicationId: string | null;
}

export function WhyNot(props: { ctx: PageContext; refusal: ApplyRefusal }) {
  const { ctx, refusal } = props;
  const { t } = ctx.i18n;
  switch (refusal.code) {
    case 'not_active_contributor':
      return (
        <>
          <p>{t('applications.eligibility.notActive', { status: activityStatus(ctx.i18n, refusal.activity) })}</p>
          {refusal.reasons.length > 0 ? (
            <ul aria-label={t('activity.reasons')}>
              {refusal.reasons.map((r) => (
                <li>{r}</li>
              ))}
            </ul>
          ) : null}
          <p>
            {t('applications.eligibility.becomeActiveHint')}
            {ctx.allowed('contributions.declare') ? (
              <>
                {' '}
                <a href="/contributions/new">{t('applications.eligibility.becomeActive')}</a>
              </>
            ) : null}
          </p>
        </>
      );
    case 'application_cooldown':
      return <p>{t('applications.eligibility.cooldown', { date: ctx.i18n.date(refusal.allowedFrom) })}</p>;
    case 'already_member':
      return <p>{t('applications.eligibility.alreadyMember')}</p>;
    case 'application_already_open':
      return (
        <p>
          {t('applications.eligibility.alreadyOpen')}{' '}
          {refusal.openApplicationId ? <a href={`/applications/${refusal.openApplicationId}`}>{t('applications.apply.seeOpen')}</a> : null}
        </p>
      );
    default:
      return <p>{t(`errors.${refusal.code}` as MessageKey)}</p>;
  }
}

/** Membership's page imports the text area from here; it is the platform's. */
export { TextareaField as TextAreaField } from '../../platform/http/page.js';

/**
 * How many open applications each bureau member reports on, so that the bureau shares them out:
 * on the applications list and on the sessions page (which links each name to the person's page).
 */
export function RapporteurLoadTable(props: { ctx: PageContext; load: RapporteurLoad[]; linkNames?: boolean }) {
  const { t } = props.ctx.i18n;
  return (
    <section aria-labelledby="load-title">
      <h2 id="load-title">{t('applications.load.title')}</h2>
      <p>{t('applications.load.intro')}</p>
      {props.load.length === 0 ? (
        <p>{t('applications.load.empty')}</p>
      ) : (
        <table aria-labelledby="load-title">
          <thead>
            <tr>
              <th scope="col">{t('applications.load.col.member')}</th>
              <th scope="col">{t('applications.load.col.office')}</th>
              <th scope="col">{t('applications.load.col.count')}</th>
            </tr>
          </thead>
          <tbody>
            {props.load.map((l) => (
              <tr>
                <td>{props.linkNames ? <a href={`/people/${l.personId}`}>{l.displayName}</a> : l.displayName}</td>
                <td>{t(`bureau.office.${l.office}` as MessageKey)}</td>
                <td>{l.openApplications}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
