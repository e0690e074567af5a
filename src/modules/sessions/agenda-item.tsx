import type { FieldError } from '../../platform/errors.js';
import { CsrfField, type PageContext } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { RapporteurLoad } from '../applications/service.js';
import type { Contribution } from '../contributions/repository.js';
import type { ActivityAssessment } from '../contributions/rules.js';
import { Evidence, KindLabel, activityReasons, activityStatus } from '../contributions/activity-view.js';
import type { AgendaItem } from './repository.js';
import type { SessionView } from './service.js';
import type { MemberTerm } from './uses.js';
import { APPLICATION_OUTCOMES } from '../applications/rules.js';
import { FREE_ITEM_OUTCOMES, MEMBERSHIP_OUTCOMES } from './rules.js';
import { DecisionForm, DecisionSummary } from './decision-form.js';
import { labelled } from '../../platform/http/ui/form-controls.js';

/** Whether someone is active, and what they did lately (the latest few, most recent first). */
interface ActivityFacts {
  activity: ActivityAssessment | null;
  contributions: Contribution[];
}

/**
 * What the bureau reads beside an item: an application (why the person applies, whether they are
 * active, and their previous terms if they were a member before); a lapse review (the membership
 * and the activity); an item about a member (their membership).
 */
export type ItemFacts =
  | ({ kind: 'application'; motivation: string; previousTerms: MemberTerm[] } & ActivityFacts)
  | ({ kind: 'membership'; membership: MemberTerm } & ActivityFacts)
  | { kind: 'member'; membership: MemberTerm | null };

export interface AgendaItemProps {
  ctx: PageContext;
  session: SessionView;
  item: AgendaItem;
  index: number;
  facts: ItemFacts | undefined;
  teamNames: Record<string, string>;
  load: RapporteurLoad[];
  /** The values typed in this item's decision form when it was refused. */
  values: Record<string, string>;
  errors: FieldError[];
}

/** The person an item is about: the applicant, the member under review, or the member a free item names. */
function concerned(item: AgendaItem, facts: ItemFacts | undefined): string | null {
  if (item.kind === 'application') return item.applicantId;
  if (item.kind === 'membership') return facts?.kind === 'membership' ? facts.membership.personId : null;
  return item.personId;
}

/** The item in words, for labels: "Candidature de …", "Fin d’adhésion de …", or its title. */
function itemTitle(ctx: PageContext, item: AgendaItem): string {
  const { t } = ctx.i18n;
  if (item.kind === 'application') return t('sessions.item.application', { name: item.applicantName ?? '' });
  if (item.kind === 'membership') return t('sessions.item.membership', { name: item.memberName ?? '' });
  return item.title ?? '';
}

export function AgendaItemView(props: AgendaItemProps) {
  const { ctx, session, item, facts } = props;
  const { t } = ctx.i18n;
  const headingId = `item-${item.id}`;
  const decision = session.decisions.find((d) => d.agendaItemId === item.id);
  const title = itemTitle(ctx, item);
  const personId = concerned(item, facts);
  const person = personId ? <a href={`/people/${personId}`}>{item.kind === 'application' ? item.applicantName : item.memberName}</a> : item.memberName;
  const graceUntil = facts?.kind === 'membership' ? facts.membership.graceUntil : null;
  const withdrawn = item.kind === 'membership' ? 'sessions.item.state.withdrawnReview' : 'sessions.item.state.withdrawn';
  return (
    <li>
      <article aria-labelledby={`${headingId}-title`} id={headingId}>
        <header>
          <h3 id={`${headingId}-title`}>
            {item.kind === 'application' && item.applicantId ? (
              <>
                {t('sessions.item.applicationOf')} {person}
              </>
            ) : item.kind === 'membership' ? (
              <>
                {t('sessions.item.membershipOf')} {person}
                {graceUntil ? `${labelled(ctx, '')} ${t('sessions.item.graceOver', { date: ctx.i18n.date(graceUntil) })}` : null}
              </>
            ) : (
              item.title
            )}
          </h3>
          <p>
            <strong>{t(item.state === 'withdrawn' ? withdrawn : `sessions.item.state.${item.state}`)}</strong>
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
        {item.kind === 'free' && item.personId ? (
          <p>
            {labelled(ctx, t('sessions.item.aboutMember'))} {person}
            {facts?.kind === 'member' && facts.membership ? <> — {membershipState(ctx, facts.membership)}</> : null}
          </p>
        ) : null}
        {item.kind === 'free' && item.body ? <p class="pre-line">{item.body}</p> : null}
        {facts?.kind === 'application' ? <ApplicationDetails {...props} facts={facts} /> : null}
        {facts?.kind === 'membership' ? (
          <>
            <p>{membershipState(ctx, facts.membership)}</p>
            <ActivityDetails {...props} facts={facts} />
          </>
        ) : null}
        {item.kind === 'application' ? <Rapporteur {...props} /> : null}
        {decision ? <DecisionSummary ctx={ctx} decision={decision} /> : null}
        <DecisionPart {...props} title={title} personId={personId} />
        {session.status !== 'closed' && ctx.allowed('bureau.sessions.plan') ? <MoveButtons {...props} title={title} /> : null}
      </article>
    </li>
  );
}

/** The decision form of an item the session may decide now; none for whoever the item is about. */
function DecisionPart(props: AgendaItemProps & { title: string; personId: string | null }) {
  const { ctx, session, item } = props;
  const { t } = ctx.i18n;
  const decidable = item.state === 'open' && session.status === 'open' && session.quorum?.reached && ctx.allowed('bureau.sessions.conduct');
  if (!decidable) return null;
  const common = { ctx, sessionId: session.id, title: props.title, values: props.values, errors: props.errors };
  if (item.kind === 'application') {
    if (!item.applicationId) return null;
    if (props.personId === ctx.actor.personId) return <p>{t('sessions.decision.ownApplication')}</p>;
    return (
      <DecisionForm
        {...common}
        target={{ name: 'applicationId', id: item.applicationId }}
        outcomes={APPLICATION_OUTCOMES}
        rationaleHint={t('sessions.decision.rationaleHint')}
      />
    );
  }
  if (item.kind === 'free' && !item.personId) return null;
  if (props.personId === ctx.actor.personId) return <p>{t('sessions.decision.ownMembership')}</p>;
  const review = item.kind === 'membership';
  return (
    <DecisionForm
      {...common}
      target={{ name: 'agendaItemId', id: item.id }}
      outcomes={review ? MEMBERSHIP_OUTCOMES : FREE_ITEM_OUTCOMES}
      rationaleHint={t(review ? 'sessions.decision.rationaleHint.membership' : 'sessions.decision.rationaleHint.member')}
    />
  );
}

/** Where a membership stands, in a sentence: since when, on hold until when, or how it ended. */
function membershipState(ctx: PageContext, m: MemberTerm): string {
  const { t, date } = ctx.i18n;
  if (m.status === 'active') return t('sessions.item.memberSince', { date: date(m.since) });
  if (m.status === 'lapsing')
    return `${t('sessions.item.memberSince', { date: date(m.since) })} ${t('sessions.item.lapsingSince', { since: date(m.lapsingSince), until: date(m.graceUntil) })}`;
  return t('sessions.item.termEnded', { since: date(m.since), until: date(m.until), reason: t(`sessions.term.ended.${m.status}`) });
}

function ApplicationDetails(props: AgendaItemProps & { facts: Extract<ItemFacts, { kind: 'application' }> }) {
  const { ctx, facts } = props;
  const { t } = ctx.i18n;
  return (
    <>
      <h4>{t('sessions.item.motivation')}</h4>
      <blockquote class="pre-line">{facts.motivation}</blockquote>
      {facts.previousTerms.length > 0 ? (
        <>
          <h4>{t('sessions.item.previousTerms')}</h4>
          <ul>
            {facts.previousTerms.map((m) => (
              <li>{membershipState(ctx, m)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <ActivityDetails {...props} facts={facts} />
    </>
  );
}

/** Whether the person is active, why, and their latest contributions. */
function ActivityDetails(props: AgendaItemProps & { facts: ActivityFacts }) {
  const { ctx, facts } = props;
  const { t } = ctx.i18n;
  const reasons = facts.activity ? activityReasons(ctx.i18n, facts.activity, props.teamNames) : [];
  return (
    <>
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
