import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { RapporteurLoad } from '../applications/service.js';
import { RapporteurLoadTable } from '../applications/application-view.js';
import type { Session } from './repository.js';
import type { RecurrenceView } from './planning.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { weekdays } from './recurrence.js';
import { ordinals } from './session-forms.js';
import { Input, Select } from '../../platform/http/ui/form-controls.js';
import { MeetingPlace } from '../../platform/http/ui/meeting-place.js';

export const statusKey = (status: Session['status']) => `sessions.status.${status}` as const;

export interface SessionsListProps {
  ctx: PageContext;
  timeZone: string;
  /** To hold: upcoming ones, and past ones not closed yet (one may be in progress). */
  current: (Session & { items: number })[];
  closed: Session[];
  recurrence: RecurrenceView | null;
  load: RapporteurLoad[];
  calendarUrl: string | null;
  /** The values and errors of the form that was sent, by form: `recurrence` or `session`. */
  form: 'recurrence' | 'session' | null;
  values: { recurrence: Record<string, string>; session: Record<string, string> };
  errors: FieldError[];
  message?: string;
}

export function SessionsListPage(props: SessionsListProps) {
  const { ctx, timeZone } = props;
  const { t } = ctx.i18n;
  const when = (instant: string) => formatMeetingDate(instant, ctx.i18n.locale, timeZone);
  const canPlan = ctx.allowed('bureau.sessions.plan');
  return (
    <Layout ctx={ctx} title={t('sessions.title')}>
      <h1>{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>

      <section aria-labelledby="current-title">
        <h2 id="current-title">{t('sessions.upcoming')}</h2>
        {props.current.length === 0 ? (
          <p>{t('sessions.upcoming.none')}</p>
        ) : (
          <table aria-labelledby="current-title">
            <thead>
              <tr>
                <th scope="col">{t('sessions.col.date')}</th>
                <th scope="col">{t('sessions.col.place')}</th>
                <th scope="col">{t('sessions.col.status')}</th>
                <th scope="col">{t('sessions.col.items')}</th>
              </tr>
            </thead>
            <tbody>
              {props.current.map((s) => (
                <tr>
                  <td>
                    <a href={`/bureau/sessions/${s.id}`}>
                      <time dateTime={s.scheduledAt}>{when(s.scheduledAt)}</time>
                    </a>
                  </td>
                  <td>
                    <MeetingPlace ctx={ctx} meeting={s} />
                  </td>
                  <td>{t(statusKey(s.status))}</td>
                  <td>{s.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="closed-title">
        <h2 id="closed-title">{t('sessions.past')}</h2>
        {props.closed.length === 0 ? (
          <p>{t('sessions.past.none')}</p>
        ) : (
          <ul>
            {props.closed.map((s) => (
              <li>
                <a href={`/bureau/sessions/${s.id}`}>
                  <time dateTime={s.scheduledAt}>{when(s.scheduledAt)}</time>
                </a>{' '}
                — <a href={`/bureau/sessions/${s.id}/minutes`}>{t('sessions.minutes.link')}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recurrence-title">
        <h2 id="recurrence-title">{t('sessions.recurrence.title')}</h2>
        <p>
          {props.recurrence
            ? t('sessions.recurrence.current', { rule: props.recurrence.description[ctx.i18n.locale], count: props.recurrence.sessionsAhead })
            : t('sessions.recurrence.none')}
        </p>
        {canPlan ? <RecurrenceForm {...props} /> : null}
      </section>

      {canPlan ? (
        <section aria-labelledby="adhoc-title">
          <h2 id="adhoc-title">{t('sessions.adhoc.title')}</h2>
          <p>{t('sessions.adhoc.intro', { zone: timeZone })}</p>
          {props.form === 'session' ? <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} /> : null}
          <form method="post" action="/bureau/sessions" novalidate>
            <CsrfField ctx={ctx} />
            <div class="grid">
              <Input
                field="session-date"
                name="date"
                type="date"
                label={t('sessions.field.date')}
                value={props.values.session.date}
                errors={props.errors}
                required
              />
              <Input
                field="session-time"
                name="time"
                type="time"
                label={t('sessions.field.time')}
                value={props.values.session.time}
                errors={props.errors}
                hint={t('sessions.field.timeHint', { zone: timeZone })}
                required
              />
            </div>
            <PlaceFields ctx={ctx} form="session" values={props.values.session} errors={props.errors} />
            <button type="submit">{t('sessions.adhoc.submit')}</button>
          </form>
        </section>
      ) : null}

      {props.calendarUrl ? (
        <section aria-labelledby="calendar-title">
          <h2 id="calendar-title">{t('sessions.calendar.title')}</h2>
          <p>{t('sessions.calendar.intro')}</p>
          <p class="token-once">
            <a href={props.calendarUrl}>{props.calendarUrl}</a>
          </p>
          <p>
            <small>{t('sessions.calendar.private')}</small>
          </p>
        </section>
      ) : null}

      <RapporteurLoadTable ctx={ctx} load={props.load} linkNames />
    </Layout>
  );
}

function PlaceFields(props: { ctx: PageContext; form: string; values: Record<string, string>; errors: FieldError[] }) {
  const { t } = props.ctx.i18n;
  return (
    <div class="grid">
      <Input
        field={`${props.form}-location`}
        name="location"
        label={t('sessions.field.location')}
        value={props.values.location}
        errors={props.errors}
        maxLength={300}
      />
      <Input
        field={`${props.form}-videoUrl`}
        name="videoUrl"
        type="url"
        label={t('sessions.field.videoUrl')}
        value={props.values.videoUrl}
        errors={props.errors}
        hint={t('sessions.field.placeHint')}
        maxLength={500}
      />
    </div>
  );
}

function RecurrenceForm(props: SessionsListProps) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  const values = props.values.recurrence;
  return (
    <>
      {props.form === 'recurrence' ? <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} /> : null}
      <form method="post" action="/bureau/sessions/recurrence" novalidate>
        <CsrfField ctx={ctx} />
        <div class="grid">
          <Select
            field="recurrence-frequency"
            name="frequency"
            label={t('sessions.recurrence.frequency')}
            value={values.frequency}
            options={[
              { value: 'monthly', label: t('sessions.recurrence.monthly') },
              { value: 'weekly', label: t('sessions.recurrence.weekly') },
            ]}
            errors={props.errors}
          />
          <Select
            field="recurrence-week"
            name="week"
            label={t('sessions.recurrence.week')}
            value={values.week}
            options={ordinals.map((o) => ({ value: String(o), label: t(`sessions.recurrence.week.${o}` as MessageKey) }))}
            errors={props.errors}
            hint={t('sessions.recurrence.weekHint')}
          />
          <Select
            field="recurrence-weekday"
            name="weekday"
            label={t('sessions.recurrence.weekday')}
            value={values.weekday}
            options={weekdays.map((d) => ({ value: d, label: t(`sessions.weekday.${d}` as MessageKey) }))}
            errors={props.errors}
          />
          <Input
            field="recurrence-time"
            name="time"
            type="time"
            label={t('sessions.field.time')}
            value={values.time}
            errors={props.errors}
            hint={t('sessions.field.timeHint', { zone: props.timeZone })}
            required
          />
        </div>
        <PlaceFields ctx={ctx} form="recurrence" values={values} errors={props.errors} />
        <Input
          field="recurrence-sessionsAhead"
          name="sessionsAhead"
          type="number"
          min={1}
          max={12}
          label={t('sessions.recurrence.ahead')}
          value={values.sessionsAhead}
          errors={props.errors}
          hint={t('sessions.recurrence.aheadHint')}
        />
        <button type="submit">{t('sessions.recurrence.submit')}</button>
      </form>
    </>
  );
}
