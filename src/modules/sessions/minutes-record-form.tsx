import type { FieldError } from '../../platform/errors.js';
import { CsrfField, type PageContext } from '../../platform/http/page.js';
import { ConfirmationPage } from '../../platform/http/confirmation.js';
import { Select, TextArea } from '../../platform/http/ui/form-controls.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import type { MeetingForMinutes } from './rules.js';

/** Where a field of an item's deliberations is named in the form: `deliberations-<itemId>`. */
export const DELIBERATIONS_FIELD = 'deliberations-';

export interface MinutesRecordFormProps {
  ctx: PageContext;
  timeZone: string;
  meeting: MeetingForMinutes;
  /** Where the form posts (`…/minutes`) and where approval posts (`…/minutes/approve`). */
  action: string;
  /** Who may chair or take the minutes: the people present. */
  present: { personId: string; displayName: string }[];
  items: { id: string; title: string; deliberations: string | null }[];
  /** May this reader change and approve the minutes? Otherwise the section only says where they stand. */
  mayWrite: boolean;
  /** What a refused form held, and why. */
  values: Record<string, string>;
  errors: FieldError[];
}

/**
 * The secretary's part of the minutes, for a bureau session as for a general assembly: who
 * chaired, who took the minutes, what was said on each item; then their approval, an act that
 * can't be undone (a confirmation page first).
 */
export function MinutesRecordForm(props: MinutesRecordFormProps) {
  const { ctx, meeting, values } = props;
  const { t } = ctx.i18n;
  const approved = meeting.approvedAt;
  const people = [{ value: '', label: t('minutesRecord.nobody') }, ...props.present.map((p) => ({ value: p.personId, label: p.displayName }))];
  return (
    <section aria-labelledby="minutes-record-title" id="minutes-record">
      <h2 id="minutes-record-title">{t('minutesRecord.title')}</h2>
      {approved ? (
        <p>
          <strong>{t('minutesRecord.approved', { date: formatMeetingDate(approved, ctx.i18n.locale, props.timeZone, false) })}</strong>
        </p>
      ) : !meeting.held ? (
        <p>{t('minutesRecord.notYet')}</p>
      ) : props.mayWrite ? (
        <>
          <p>{t('minutesRecord.intro')}</p>
          <form method="post" action={props.action} novalidate>
            <CsrfField ctx={ctx} />
            <Select
              field="minutes-chairId"
              name="chairId"
              label={t('minutesRecord.chair')}
              value={values.chairId ?? meeting.chairId ?? ''}
              options={people}
              errors={props.errors}
              hint={t('minutesRecord.presentOnly')}
            />
            <Select
              field="minutes-secretaryId"
              name="secretaryId"
              label={t('minutesRecord.secretary')}
              value={values.secretaryId ?? meeting.secretaryId ?? ''}
              options={people}
              errors={props.errors}
              hint={t('minutesRecord.presentOnly')}
            />
            {props.items.map((item) => (
              <TextArea
                field={`minutes-${DELIBERATIONS_FIELD}${item.id}`}
                name={`${DELIBERATIONS_FIELD}${item.id}`}
                label={t('minutesRecord.deliberations', { item: item.title })}
                value={values[`${DELIBERATIONS_FIELD}${item.id}`] ?? item.deliberations ?? ''}
                errors={props.errors}
                maxLength={20000}
                rows={4}
              />
            ))}
            <button type="submit">{t('minutesRecord.save')}</button>
          </form>
          {meeting.closed ? (
            <>
              <h3>{t('minutesRecord.approveTitle')}</h3>
              <p>{t(meeting.chairId && meeting.secretaryId ? 'minutesRecord.approveIntro' : 'minutesRecord.approveNeeds')}</p>
              <form method="post" action={`${props.action}/approve`}>
                <CsrfField ctx={ctx} />
                <button type="submit" class="irreversible">
                  {t('minutesRecord.approve')}
                </button>
              </form>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The form's fields as the record's change: an empty choice names nobody; every item's text is sent. */
export function readMinutesForm(values: Record<string, string>): {
  change: { chairId: string | null; secretaryId: string | null; deliberations: { itemId: string; text: string }[] };
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const deliberations = Object.entries(values)
    .filter(([name]) => name.startsWith(DELIBERATIONS_FIELD))
    .map(([name, text]) => ({ itemId: name.slice(DELIBERATIONS_FIELD.length), text }));
  for (const d of deliberations) {
    if (d.text.length > 20000) errors.push({ path: `/minutes-${DELIBERATIONS_FIELD}${d.itemId}`, code: 'too_long', message: 'at most 20,000 characters' });
  }
  if (deliberations.length > 200) errors.push({ path: '/minutes-chairId', code: 'too_many', message: 'at most 200 items' });
  const person = (field: string) => {
    const value = (values[field] ?? '').trim();
    if (value.length > 64) errors.push({ path: `/minutes-${field}`, code: 'invalid_choice', message: 'someone present' });
    return value === '' ? null : value;
  };
  return { change: { chairId: person('chairId'), secretaryId: person('secretaryId'), deliberations }, errors };
}

/**
 * The confirmation before approving minutes, the same for a session and an assembly: who answers
 * for them, how many items have written deliberations, and that nothing will change afterwards.
 */
export function MinutesApprovalConfirmation(props: { ctx: PageContext; chair: string; secretary: string; written: number; action: string; back: string }) {
  const { t } = props.ctx.i18n;
  return (
    <ConfirmationPage
      ctx={props.ctx}
      title={t('minutesRecord.confirm.title')}
      consequences={[
        t('minutesRecord.confirm.people', { chair: props.chair, secretary: props.secretary }),
        ...(props.written > 0 ? [t('minutesRecord.confirm.items', { count: props.written })] : []),
        t('minutesRecord.confirm.frozen'),
      ]}
      action={props.action}
      confirmLabel={t('minutesRecord.approve')}
      back={props.back}
    />
  );
}
