import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout } from '../../platform/http/page.js';
import type { VNode } from 'preact';
import { MOTIVATION_MAX } from './rules.js';
import type { CurrentMembership } from './service.js';
import {
  sessionLine,
  statusWords,
  TextAreaField,
  WhyNot,
  WithdrawForm,
  type ApplyRefusal,
  type DecisionView,
  type ShownApplication,
  type View,
} from './application-view.js';

/*
 * The applicant's side: their membership page, and the form to apply. Whether they may apply is
 * the rules' call (checkEligibility); these pages say it before they try, and why.
 */

/** Where the signed-in person stands: membership, applications, and whether they may apply today. */
export interface Standing {
  membership: CurrentMembership | undefined;
  open: ShownApplication | undefined;
  past: ShownApplication[];
  decisions: Record<string, DecisionView>;
  /** Why the rules would refuse an application today; null when they may apply. */
  refusal: ApplyRefusal | null;
  /** What explains a refusal, whichever the rules give. */
  facts: Omit<ApplyRefusal, 'code'>;
}

/**
 * `ownMembership`: the person's whole membership record (status, dates, and the ones that ended),
 * as the memberships module tells it (OwnMembershipSection).
 */
export function MembershipPage(props: { view: View; standing: Standing; ownMembership: VNode[] }) {
  const { view, standing } = props;
  const { ctx } = view;
  const { t } = ctx.i18n;
  const { open, refusal } = standing;
  const line = open ? sessionLine(view, open, standing.decisions[open.id] ?? null) : null;
  return (
    <Layout ctx={ctx} title={t('applications.membership.title')}>
      <h1>{t('applications.membership.title')}</h1>
      <p>{t('applications.membership.intro')}</p>
      <section aria-labelledby="membership-title">
        <h2 id="membership-title">{t('applications.membership.status')}</h2>
        {props.ownMembership}
      </section>
      {open && line ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t('applications.membership.open')}</h2>
          <p>
            <strong>{statusWords(view, open.status)}</strong> — {line.text}
            {line.hint ? (
              <>
                <br />
                <small>{line.hint}</small>
              </>
            ) : null}
          </p>
          <p>
            <a href={`/applications/${open.id}`}>{t('applications.membership.see', { date: ctx.i18n.date(open.submittedAt) })}</a>
          </p>
          <WithdrawForm ctx={ctx} application={open} />
        </section>
      ) : null}
      {refusal === null ? (
        <p>
          <a href="/membership/apply" role="button">
            {t('applications.membership.apply')}
          </a>
        </p>
      ) : null}
      {refusal && (refusal.code === 'not_active_contributor' || refusal.code === 'application_cooldown') ? (
        <section aria-labelledby="why-title">
          <h2 id="why-title">{t('applications.eligibility.title')}</h2>
          <WhyNot ctx={ctx} refusal={refusal} />
        </section>
      ) : null}
      {standing.past.length > 0 ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">{t('applications.membership.past')}</h2>
          <ul>
            {standing.past.map((a) => {
              const decision = standing.decisions[a.id] ?? null;
              return (
                <li>
                  <a href={`/applications/${a.id}`}>{t('applications.membership.see', { date: ctx.i18n.date(a.submittedAt) })}</a> —{' '}
                  <strong>{statusWords(view, a.status)}</strong> — {sessionLine(view, a, decision).text}
                  {a.status === 'rejected' && decision?.rationale ? (
                    <>
                      <br />
                      <span class="pre-line">{t('applications.outcome.rationale', { rationale: decision.rationale })}</span>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {ctx.allowed('applications.manage') ? (
        <p>
          <a href="/applications">{t('applications.membership.review')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ApplyPage(props: {
  view: View;
  motivation: string;
  errors: FieldError[];
  /** A refused submission: why, shown above the form that keeps what was written. */
  refused: { message?: string; refusal?: ApplyRefusal } | null;
  /** On arrival, when the rules would refuse anyway: say why instead of offering a form that cannot succeed. */
  before: ApplyRefusal | null;
}) {
  const { view, errors, refused } = props;
  const { ctx } = view;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('applications.apply.title')}>
      <h1>{t('applications.apply.title')}</h1>
      <p>{t('applications.apply.intro')}</p>
      {refused?.refusal ? (
        <div role="alert" class="error-summary" aria-labelledby="error-summary-title">
          <p id="error-summary-title">
            <strong>{t('applications.apply.refused')}</strong>
          </p>
          <WhyNot ctx={ctx} refusal={refused.refusal} />
        </div>
      ) : refused ? (
        <ErrorSummary ctx={ctx} errors={errors} message={refused.message} />
      ) : null}
      {props.before ? (
        <section aria-labelledby="why-title">
          <h2 id="why-title">{t('applications.eligibility.title')}</h2>
          <WhyNot ctx={ctx} refusal={props.before} />
        </section>
      ) : (
        <form method="post" action="/membership/apply" novalidate>
          <CsrfField ctx={ctx} />
          <TextAreaField
            name="motivation"
            label={t('applications.apply.motivation')}
            hint={t('applications.apply.motivationHint', { max: MOTIVATION_MAX })}
            value={props.motivation}
            errors={errors}
            maxLength={MOTIVATION_MAX}
            required
          />
          <button type="submit">{t('applications.apply.submit')}</button>
        </form>
      )}
      <p>
        <a href="/membership">{t('applications.eligibility.back')}</a>
      </p>
    </Layout>
  );
}
