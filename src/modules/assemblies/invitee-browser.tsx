import type { PageContext } from '../../platform/http/page.js';
import { InviteeTable } from './attendance-sheet.js';
import type { InviteePage } from './invitee-list.js';

/** Which page of the invitees the bureau looks at: a name searched, and where the page starts or ends. */
export interface InviteeView {
  q?: string;
  after?: string;
  before?: string;
}

/** Invitees shown a page at a time on the assembly's page. */
export const INVITEES_PER_PAGE = 100;

/** The assembly's page at this view of its invitees (the table's heading, where links and check-ins come back to). */
export function inviteeViewHref(assemblyId: string, view: InviteeView, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  for (const key of ['q', 'after', 'before'] as const) if (view[key]) params.set(key, view[key]);
  const query = params.toString();
  return `/assemblies/${encodeURIComponent(assemblyId)}${query ? `?${query}` : ''}`;
}

/**
 * The bureau's invitee table, a page at a time: a search by name (from the desk on the day, to
 * check someone in), then the page, then links to the pages before and after. Plain links and a
 * plain GET form: it works without a script.
 */
export function InviteeBrowser(props: { ctx: PageContext; assemblyId: string; page: InviteePage; view: InviteeView; canCheckIn: boolean; timeZone: string }) {
  const { ctx, assemblyId, page, view } = props;
  const { t } = ctx.i18n;
  const q = view.q?.trim() ?? '';
  const link = (cursor: { after?: string; before?: string }) => `${inviteeViewHref(assemblyId, { q: q || undefined, ...cursor })}#invitees-title`;
  return (
    <>
      <form method="get" action={`/assemblies/${assemblyId}#invitees-title`} role="search">
        <label for="invitees-q">
          {t('assemblies.invitees.search')}
          <input id="invitees-q" name="q" type="search" value={q} maxLength={200} aria-describedby="invitees-q-hint" />
          <small id="invitees-q-hint">{t('assemblies.invitees.searchHint')}</small>
        </label>
        <button type="submit">{t('common.search')}</button>
        {q || view.after || view.before ? (
          <p>
            <a href={`/assemblies/${assemblyId}#invitees-title`}>{t('assemblies.invitees.showAll')}</a>
          </p>
        ) : null}
      </form>
      {page.items.length === 0 ? (
        <p>{q ? t('assemblies.invitees.none', { q }) : view.after || view.before ? null : t('assemblies.invitees.empty')}</p>
      ) : (
        <InviteeTable
          ctx={ctx}
          assemblyId={assemblyId}
          invitees={page.items}
          names={page.names}
          view={view}
          canCheckIn={props.canCheckIn}
          timeZone={props.timeZone}
        />
      )}
      {page.previousCursor || page.nextCursor ? (
        <nav aria-label={t('assemblies.invitees.pages')}>
          <ul>
            {page.previousCursor ? (
              <li>
                <a href={link({ before: page.previousCursor })} rel="prev">
                  {t('assemblies.invitees.previous')}
                </a>
              </li>
            ) : null}
            {page.nextCursor ? (
              <li>
                <a href={link({ after: page.nextCursor })} rel="next">
                  {t('common.next')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
