import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { RapporteurLoad } from '../applications/service.js';
import type { SessionView } from './service.js';
import { computeQuorum, type QuorumRule } from '../bureau/rules.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { statusKey } from './sessions-list-page.js';
import { AgendaItemView, type ItemFacts } from './agenda-item.js';
import { Choices, Input, TextArea, labelled } from '../../platform/http/ui/form-controls.js';
import { PersonPicker } from '../people/picker.js';
import { MeetingPlace } from '../../platform/http/ui/meeting-place.js';
import { MinutesRecordForm } from './minutes-record-form.js';
import { sessionForMinutes } from './minutes-service.js';

export interface SessionPageProps {
  ctx: PageContext;
  timeZone: string;
  session: SessionView;
  /** By agenda item id, what the actor may read beside each item (applications, lapse reviews, items about a member). */
  facts: Record<string, ItemFacts>;
  /** The members matching the name typed in the item form, when it came back refused on it. */
  personMatches?: { id: string; displayName: string }[];
  teamNames: Record<string, string>;
  /** Who sits on the bureau today: the opening form's list. */
  bureau: { personId: string; displayName: string; office: string }[];
  quorumRule: QuorumRule;
  load: RapporteurLoad[];
  /** The form that was refused (`open`, `item`, `decision-<applicationId or agendaItemId>`…) and what it held. */
  form: string | null;
  values: Record<string, string>;
  present: string[];
  errors: FieldError[];
  message?: string;
}

export function SessionPage(props: SessionPageProps) {
  const { ctx, session, timeZone } = props;
  const { t } = ctx.i18n;
  const when = (instant: string) => formatMeetingDate(instant, ctx.i18n.locale, timeZone);
  const title = t('sessions.session.title', { date: formatMeetingDate(session.scheduledAt, ctx.i18n.locale, timeZone, false) });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href="/bureau/sessions">{t('sessions.session.back')}</a>
      </p>
      <h1>{title}</h1>
      <ul>
        <li>
          {labelled(ctx, t('minutes.date'))} <time dateTime={session.scheduledAt}>{when(session.scheduledAt)}</time> ({timeZone})
        </li>
        <li>
          {labelled(ctx, t('sessions.col.place'))} <MeetingPlace ctx={ctx} meeting={session} />
        </li>
        <li>
          {labelled(ctx, t('sessions.col.status'))} <strong>{t(statusKey(session.status))}</strong>
        </li>
        {session.openedAt ? (
          <li>
            {labelled(ctx, t('minutes.opened'))} {when(session.openedAt)}
          </li>
        ) : null}
        {session.closedAt ? (
          <li>
            {labelled(ctx, t('minutes.closed'))} {when(session.closedAt)}
          </li>
        ) : null}
      </ul>
      <p>
        <a href={`/bureau/sessions/${session.id}/minutes`}>{t(session.status === 'closed' ? 'sessions.minutes.link' : 'sessions.minutes.draftLink')}</a>
      </p>
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      {session.status === 'planned' && ctx.allowed('bureau.sessions.conduct') ? <OpeningForm {...props} /> : null}
      {session.status !== 'planned' ? <AttendanceSection {...props} /> : null}
      <section aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t('minutes.items')}</h2>
        {session.status === 'open' && session.quorum && !session.quorum.reached ? <p>{t('sessions.decision.noQuorum')}</p> : null}
        {session.agenda.length === 0 ? (
          <p>{t('minutes.noItems')}</p>
        ) : (
          <ol>
            {session.agenda.map((item, index) => (
              <AgendaItemView
                ctx={ctx}
                session={session}
                item={item}
                index={index}
                facts={props.facts[item.id]}
                teamNames={props.teamNames}
                load={props.load}
                values={props.form === `decision-${item.applicationId}` || props.form === `decision-${item.id}` ? props.values : {}}
                errors={props.errors}
              />
            ))}
          </ol>
        )}
      </section>
      {session.status !== 'closed' && ctx.allowed('bureau.sessions.plan') ? <NewItemForm {...props} /> : null}
      {session.status !== 'planned' ? (
        <MinutesRecordForm
          ctx={ctx}
          timeZone={timeZone}
          meeting={sessionForMinutes(session)}
          action={`/bureau/sessions/${session.id}/minutes`}
          present={session.attendance.filter((a) => a.present)}
          items={session.agenda.map((item) => ({ id: item.id, title: itemTitle(props, item), deliberations: item.deliberations }))}
          mayWrite={ctx.allowed('bureau.sessions.conduct')}
          values={props.form === 'minutes' ? props.values : {}}
          errors={props.errors}
        />
      ) : null}
      {session.status === 'open' && ctx.allowed('bureau.sessions.conduct') ? (
        <section aria-labelledby="close-title">
          <h2 id="close-title">{t('sessions.close.title')}</h2>
          <p>{t('sessions.close.intro')}</p>
          <form method="post" action={`/bureau/sessions/${session.id}/close`}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="irreversible">
              {t('sessions.close.submit')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** An item as the minutes head it: its title, or whose application or membership it examines. */
function itemTitle(props: SessionPageProps, item: SessionView['agenda'][number]): string {
  const { t } = props.ctx.i18n;
  if (item.kind === 'free') return item.title ?? '';
  if (item.kind === 'membership') return t('minutes.membership', { name: item.memberName ?? '' });
  return t('minutes.application', { name: item.applicantName ?? '' });
}

function OpeningForm(props: SessionPageProps) {
  const { ctx, session, bureau, quorumRule } = props;
  const { t } = ctx.i18n;
  const size = bureau.length;
  const { required } = computeQuorum(quorumRule, size, 0);
  return (
    <section aria-labelledby="open-title">
      <h2 id="open-title">{t('sessions.open.title')}</h2>
      <p>{t(quorumRule.kind === 'majority' ? 'sessions.open.quorumMajority' : 'sessions.open.quorumMinimum', { required, size })}</p>
      <form method="post" action={`/bureau/sessions/${session.id}/open`} novalidate>
        <CsrfField ctx={ctx} />
        <Choices
          field="open-present"
          name="presentPersonIds"
          type="checkbox"
          legend={t('sessions.open.present')}
          options={bureau.map((b) => ({
            value: b.personId,
            label: `${b.displayName} (${t(`bureau.office.${b.office}` as MessageKey)})`,
            checked: props.present.includes(b.personId),
          }))}
          errors={props.errors}
        />
        <button type="submit">{t('sessions.open.submit')}</button>
      </form>
    </section>
  );
}

function AttendanceSection(props: SessionPageProps) {
  const { ctx, session } = props;
  const { t } = ctx.i18n;
  const seat = (a: { displayName: string; office: string }) => `${a.displayName} (${t(`bureau.office.${a.office}` as MessageKey)})`;
  const present = session.attendance.filter((a) => a.present);
  const absent = session.attendance.filter((a) => !a.present);
  const q = session.quorum;
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('minutes.attendance')}</h2>
      <ul>
        <li>
          {labelled(ctx, t('minutes.present', { count: present.length }))} {present.map(seat).join(', ') || '—'}
        </li>
        <li>
          {labelled(ctx, t('minutes.absent', { count: absent.length }))} {absent.map(seat).join(', ') || '—'}
        </li>
        {q ? (
          <li>
            {labelled(ctx, t('minutes.quorum'))}{' '}
            <strong>{t(q.reached ? 'minutes.quorum.reached' : 'minutes.quorum.missed', { present: q.present, required: q.required })}</strong>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

function NewItemForm(props: SessionPageProps) {
  const { ctx, session } = props;
  const { t } = ctx.i18n;
  const values = props.form === 'item' ? props.values : {};
  return (
    <section aria-labelledby="new-item-title">
      <h2 id="new-item-title">{t('sessions.newItem.title')}</h2>
      <form method="post" action={`/bureau/sessions/${session.id}/agenda`} novalidate>
        <CsrfField ctx={ctx} />
        <Input field="item-title" name="title" label={t('sessions.newItem.itemTitle')} value={values.title} errors={props.errors} required maxLength={200} />
        <TextArea field="item-body" name="body" label={t('sessions.newItem.body')} value={values.body} errors={props.errors} maxLength={5000} />
        <PersonPicker
          ctx={ctx}
          field="item-person"
          label={t('sessions.newItem.person')}
          value={values.person}
          errors={props.errors}
          matches={props.personMatches}
          members
          optional
          hint={t('sessions.newItem.personHint')}
        />
        <button type="submit">{t('sessions.newItem.submit')}</button>
      </form>
    </section>
  );
}
