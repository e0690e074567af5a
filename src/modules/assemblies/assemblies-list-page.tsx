import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { ASSEMBLY_KINDS } from './rules.js';
import type { Assembly } from './types.js';
import { kindKey, statusKey } from './rsvp-page.js';
import { Input, Select } from '../../platform/http/ui/form-controls.js';
import { MeetingPlace } from '../../platform/http/ui/meeting-place.js';

/** The assemblies that convene the reader (all of them for the bureau), and the form to prepare a new one. */

export interface AssembliesListProps {
  ctx: PageContext;
  timeZone: string;
  /** Being prepared, convened or being held, soonest first. */
  current: Assembly[];
  /** Held and closed, latest first. */
  past: Assembly[];
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

export function AssembliesListPage(props: AssembliesListProps) {
  const { ctx, timeZone } = props;
  const { t } = ctx.i18n;
  const when = (instant: string) => formatMeetingDate(instant, ctx.i18n.locale, timeZone);
  return (
    <Layout ctx={ctx} title={t('assemblies.title')}>
      <h1>{t('assemblies.title')}</h1>
      <p>{t('assemblies.intro')}</p>
      <section aria-labelledby="current-title">
        <h2 id="current-title">{t('assemblies.current')}</h2>
        {props.current.length === 0 ? (
          <p>{t('assemblies.current.none')}</p>
        ) : (
          <table aria-labelledby="current-title">
            <thead>
              <tr>
                <th scope="col">{t('assemblies.col.assembly')}</th>
                <th scope="col">{t('assemblies.field.when')}</th>
                <th scope="col">{t('assemblies.field.where')}</th>
                <th scope="col">{t('assemblies.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.current.map((a) => (
                <tr>
                  <th scope="row">
                    <a href={`/assemblies/${a.id}`}>{a.title}</a>
                    <br />
                    <small>{t(kindKey(a.kind))}</small>
                  </th>
                  <td>
                    <time dateTime={a.scheduledAt}>{when(a.scheduledAt)}</time>
                  </td>
                  <td>
                    <MeetingPlace ctx={ctx} meeting={a} />
                  </td>
                  <td>{t(statusKey(a.status))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t('assemblies.past')}</h2>
        {props.past.length === 0 ? (
          <p>{t('assemblies.past.none')}</p>
        ) : (
          <ul>
            {props.past.map((a) => (
              <li>
                <a href={`/assemblies/${a.id}`}>{a.title}</a>, <time dateTime={a.scheduledAt}>{when(a.scheduledAt)}</time> —{' '}
                <a href={`/assemblies/${a.id}/minutes`}>{t('assemblies.minutes.link')}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {ctx.allowed('assemblies.manage') ? <NewAssemblyForm {...props} /> : null}
    </Layout>
  );
}

function NewAssemblyForm(props: AssembliesListProps) {
  const { ctx, values, errors, timeZone } = props;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="new-title">
      <h2 id="new-title">{t('assemblies.new.title')}</h2>
      <p>{t('assemblies.new.intro', { zone: timeZone })}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/assemblies" novalidate>
        <CsrfField ctx={ctx} />
        <Select
          field="assembly-kind"
          name="kind"
          label={t('assemblies.field.kind')}
          value={values.kind}
          options={ASSEMBLY_KINDS.map((kind) => ({ value: kind, label: t(`assemblies.kind.${kind}`) }))}
          errors={errors}
        />
        <Input field="assembly-title" name="title" label={t('assemblies.field.title')} value={values.title} errors={errors} required maxLength={200} />
        <div class="grid">
          <Input field="assembly-date" name="date" type="date" label={t('assemblies.field.date')} value={values.date} errors={errors} required />
          <Input
            field="assembly-time"
            name="time"
            type="time"
            label={t('assemblies.field.time')}
            value={values.time}
            errors={errors}
            hint={t('assemblies.field.timeHint', { zone: timeZone })}
            required
          />
        </div>
        <div class="grid">
          <Input field="assembly-location" name="location" label={t('assemblies.field.location')} value={values.location} errors={errors} maxLength={300} />
          <Input
            field="assembly-videoUrl"
            name="videoUrl"
            type="url"
            label={t('assemblies.field.videoUrl')}
            value={values.videoUrl}
            errors={errors}
            hint={t('assemblies.field.placeHint')}
            maxLength={500}
          />
        </div>
        <button type="submit">{t('assemblies.new.submit')}</button>
      </form>
    </section>
  );
}
