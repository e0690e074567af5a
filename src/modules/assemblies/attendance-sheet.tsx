import { CsrfField, Layout, type PageContext } from '../../platform/http/page.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { MinutesDocument, minutesBlocks, plainText } from '../sessions/minutes-page.js';
import type { Assembly, Invitee } from './types.js';
import type { AssembliesService } from './service.js';
import { capacityKey, rsvpKey } from './rsvp-page.js';
import { labelled } from '../../platform/http/ui/form-controls.js';
import { MeetingPlace } from '../../platform/http/ui/meeting-place.js';

/*
 * Attendance: the bureau's table of invitees on the assembly's page (answers, proxies, check-in
 * on the day), the attendance sheet to print and sign (feuille d'émargement), and the minutes.
 */

// One formatter per language and zone, kept: building one for each of thousands of invitees cost
// more than rendering their rows.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const time = (instant: string, ctx: PageContext, timeZone: string) => {
  const key = `${ctx.i18n.locale} ${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(ctx.i18n.locale === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'short', timeZone })));
  return format.format(new Date(instant));
};

export function InviteeTable(props: {
  ctx: PageContext;
  assemblyId: string;
  invitees: Invitee[];
  /** The names of those the proxies name who are not in `invitees` (another page). */
  names?: Record<string, string>;
  /** The page of the list shown (a name searched, a cursor): a check-in comes back to it. */
  view?: { q?: string; after?: string; before?: string };
  canCheckIn: boolean;
  timeZone: string;
}) {
  const { ctx, invitees, timeZone } = props;
  const { t } = ctx.i18n;
  const names = { ...props.names, ...Object.fromEntries(invitees.map((i) => [i.personId, i.displayName])) };
  const view = Object.entries(props.view ?? {}).filter(([, value]) => value);
  return (
    <div class="overflow-auto">
      <table aria-labelledby="invitees-title">
        <thead>
          <tr>
            <th scope="col">{t('assemblies.col.name')}</th>
            <th scope="col">{t('assemblies.col.capacity')}</th>
            <th scope="col">{t('assemblies.col.vote')}</th>
            <th scope="col">{t('assemblies.col.rsvp')}</th>
            <th scope="col">{t('assemblies.col.proxy')}</th>
            <th scope="col">{t('assemblies.col.checkedIn')}</th>
          </tr>
        </thead>
        <tbody>
          {invitees.map((i) => (
            <tr id={`invitee-${i.personId}`}>
              <th scope="row">{i.displayName}</th>
              <td>{t(capacityKey(i.capacity))}</td>
              <td>{t(i.canVote ? 'common.yes' : 'common.no')}</td>
              <td>{t(rsvpKey(i.rsvp))}</td>
              <td>
                {i.proxyHolderId ? t('assemblies.proxy.to', { name: names[i.proxyHolderId] ?? '?' }) : null}
                {i.holdsProxiesFor.length > 0 ? t('assemblies.proxy.for', { names: i.holdsProxiesFor.map((id) => names[id] ?? '?').join(', ') }) : null}
              </td>
              <td>
                {i.checkedInAt ? <time dateTime={i.checkedInAt}>{time(i.checkedInAt, ctx, timeZone)}</time> : <span class="muted">—</span>}
                {props.canCheckIn ? (
                  <form method="post" action={`/assemblies/${props.assemblyId}/check-in`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="personId" value={i.personId} />
                    <input type="hidden" name="present" value={i.checkedInAt ? 'false' : 'true'} />
                    {view.map(([name, value]) => (
                      <input type="hidden" name={name} value={value} />
                    ))}{' '}
                    <button
                      type="submit"
                      class={i.checkedInAt ? 'secondary outline' : undefined}
                      aria-label={t(i.checkedInAt ? 'assemblies.checkOut.label' : 'assemblies.checkIn.label', { name: i.displayName })}
                    >
                      {t(i.checkedInAt ? 'assemblies.checkOut' : 'assemblies.checkIn')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type AttendanceSheet = Awaited<ReturnType<AssembliesService['attendanceSheet']>>;

/**
 * The feuille d'émargement: one line per invitee to sign on arrival, with the proxies given and
 * held, and the count that the quorum rests on. Printed from the browser (no script may run
 * inline here, so no print button): the stylesheet drops the site around it.
 */
export function AttendanceSheetPage(props: { ctx: PageContext; timeZone: string; sheet: AttendanceSheet }) {
  const { ctx, timeZone } = props;
  const { assembly, rows } = props.sheet;
  const { t } = ctx.i18n;
  const title = t('assemblies.attendance.title', { title: assembly.title });
  const present = rows.filter((r) => r.checkedInAt).length;
  const represented = rows.filter((r) => r.proxyHolder && !r.checkedInAt).length;
  return (
    <Layout ctx={ctx} title={title}>
      <p class="print-hidden">
        <a href={`/assemblies/${assembly.id}`}>{t('assemblies.attendance.back')}</a>
      </p>
      <p class="muted print-hidden">{t('assemblies.attendance.print')}</p>
      <article class="attendance-sheet">
        {/* Not a <header>: the print stylesheet drops the site's header, and this one belongs on paper. */}
        <div>
          <p>
            <strong>{ctx.associationName}</strong>
          </p>
          <h1>{title}</h1>
          <p>
            {labelled(ctx, t('assemblies.field.when'))}{' '}
            <time dateTime={assembly.scheduledAt}>{formatMeetingDate(assembly.scheduledAt, ctx.i18n.locale, timeZone)}</time>
            <br />
            {labelled(ctx, t('assemblies.field.where'))} <MeetingPlace ctx={ctx} meeting={assembly} />
          </p>
        </div>
        <table>
          <caption>{t('assemblies.attendance.caption', { total: rows.length, present, represented })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assemblies.col.number')}</th>
              <th scope="col">{t('assemblies.col.name')}</th>
              <th scope="col">{t('assemblies.col.capacity')}</th>
              <th scope="col">{t('assemblies.col.vote')}</th>
              <th scope="col">{t('assemblies.col.checkedIn')}</th>
              <th scope="col">{t('assemblies.col.proxyTo')}</th>
              <th scope="col">{t('assemblies.col.proxiesHeld')}</th>
              <th scope="col" class="signature">
                {t('assemblies.col.signature')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, index) => (
              <tr>
                <td>{index + 1}</td>
                <th scope="row">{r.displayName}</th>
                <td>{t(capacityKey(r.capacity))}</td>
                <td>{t(r.canVote ? 'common.yes' : 'common.no')}</td>
                <td>{r.checkedInAt ? <time dateTime={r.checkedInAt}>{time(r.checkedInAt, ctx, timeZone)}</time> : null}</td>
                <td>{r.proxyHolder}</td>
                <td>{r.represents.join(', ')}</td>
                <td class="signature"></td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="grid attendance-certified">
          <p>{t('assemblies.attendance.president')}</p>
          <p>{t('assemblies.attendance.secretary')}</p>
        </div>
      </article>
    </Layout>
  );
}

/** The minutes of an assembly, as the service writes them (Markdown), shown through the sessions' renderer. */
export function AssemblyMinutesPage(props: { ctx: PageContext; assembly: Assembly; markdown: string }) {
  const { ctx, assembly, markdown } = props;
  const { t } = ctx.i18n;
  const heading = minutesBlocks(markdown).find((b) => b.kind === 'heading');
  return (
    <Layout ctx={ctx} title={heading ? plainText(heading.text) : t('assemblies.minutes.title', { title: assembly.title })}>
      <p class="print-hidden">
        <a href={`/assemblies/${assembly.id}`}>{t('assemblies.minutes.back')}</a>
      </p>
      <p class="muted print-hidden">{t('assemblies.attendance.print')}</p>
      <MinutesDocument markdown={markdown} />
    </Layout>
  );
}
