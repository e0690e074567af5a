import { Layout, type PageContext } from '../../platform/http/page.js';
import type { RegisterEntry } from './repository.js';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from './rules.js';
import { statusInWords } from './status-view.js';

/*
 * The register of members [registre des membres] for the bureau: the current members
 * with their since-dates, any status or the whole history, the same list as CSV, and the number
 * of members over time.
 */

/** What the register shows: the current members, one status, or every membership ever held. */
export type RegisterFilter = 'current' | MembershipStatus | 'all';

export const registerFilters: RegisterFilter[] = ['current', ...MEMBERSHIP_STATUSES, 'all'];

/** The filter a query asks for; anything else (absent, misspelt) shows the current members. */
export function registerFilterOf(value: unknown): RegisterFilter {
  return registerFilters.find((f) => f === value) ?? 'current';
}

/** The filter as the service and the JSON API take it. */
export function serviceFilterOf(filter: RegisterFilter): { status?: MembershipStatus; history?: boolean } {
  if (filter === 'current') return {};
  if (filter === 'all') return { history: true };
  return { status: filter };
}

/** The CSV export of the same list: the JSON API's route, which a browser session may call too. */
export function exportLinkOf(filter: RegisterFilter): string {
  const query = new URLSearchParams(Object.entries(serviceFilterOf(filter)).map(([k, v]) => [k, String(v)])).toString();
  return `/api/v1/members/export.csv${query ? `?${query}` : ''}`;
}

/** Only a list that may hold ended memberships needs the column of their end. */
const showsEnds = (filter: RegisterFilter) => filter !== 'current' && filter !== 'active' && filter !== 'lapsing';

function FilterForm(props: { ctx: PageContext; filter: RegisterFilter }) {
  const { ctx, filter } = props;
  const { t } = ctx.i18n;
  return (
    <form method="get" action="/members" role="search">
      <label for="field-status">
        {t('memberships.filter.label')}
        <select id="field-status" name="status">
          {registerFilters.map((f) => (
            <option value={f} selected={f === filter}>
              {t(`memberships.filter.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('memberships.filter.submit')}</button>
    </form>
  );
}

function RegisterTable(props: { ctx: PageContext; filter: RegisterFilter; items: RegisterEntry[] }) {
  const { ctx, filter, items } = props;
  const { t } = ctx.i18n;
  if (items.length === 0) return <p>{t('memberships.register.empty')}</p>;
  const ends = showsEnds(filter);
  return (
    <div class="overflow-auto">
      <table aria-labelledby="register-title">
        <thead>
          <tr>
            <th scope="col">{t('memberships.col.name')}</th>
            <th scope="col">{t('memberships.col.status')}</th>
            <th scope="col">{t('memberships.col.since')}</th>
            {ends ? <th scope="col">{t('memberships.col.until')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr>
              <td>
                <a href={`/people/${m.personId}`}>{m.displayName}</a>
              </td>
              <td>{statusInWords(ctx, m)}</td>
              <td>
                <time dateTime={m.since}>{ctx.i18n.date(m.since)}</time>
              </td>
              {ends ? <td>{m.until ? <time dateTime={m.until}>{ctx.i18n.date(m.until)}</time> : '—'}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Members on each date, with a bar drawn by the browser (a meter: no script, no inline style). */
function CountsTable(props: { ctx: PageContext; counts: { date: string; members: number }[] }) {
  const { ctx, counts } = props;
  const { t } = ctx.i18n;
  const most = Math.max(1, ...counts.map((c) => c.members));
  return (
    <table aria-labelledby="counts-title">
      <thead>
        <tr>
          <th scope="col">{t('memberships.counts.col.date')}</th>
          <th scope="col">{t('memberships.counts.col.members')}</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((c, i) => (
          <tr>
            <td>
              <time dateTime={c.date}>{i === counts.length - 1 ? t('memberships.counts.today', { date: ctx.i18n.date(c.date) }) : ctx.i18n.date(c.date)}</time>
            </td>
            <td>
              {c.members} <meter min={0} max={most} value={c.members} aria-hidden="true" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RegisterPage(props: {
  ctx: PageContext;
  filter: RegisterFilter;
  items: RegisterEntry[];
  nextCursor: string | null;
  counts: { date: string; members: number }[];
}) {
  const { ctx, filter, items } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('memberships.register.title')}>
      <h1>{t('memberships.register.title')}</h1>
      <p>{t('memberships.register.intro')}</p>
      <FilterForm ctx={ctx} filter={filter} />
      <section aria-labelledby="register-title">
        <h2 id="register-title">{t(`memberships.filter.${filter}`)}</h2>
        <p>{t('memberships.register.shown', { count: items.length })}</p>
        <RegisterTable ctx={ctx} filter={filter} items={items} />
        {props.nextCursor ? (
          <p>
            <a href={`/members?${new URLSearchParams({ status: filter, cursor: props.nextCursor }).toString()}`} rel="next">
              {t('common.next')}
            </a>
          </p>
        ) : null}
        <p>
          <a href={exportLinkOf(filter)} download>
            {t('memberships.register.export')}
          </a>
          <br />
          <small>{t('memberships.register.exportHint')}</small>
        </p>
      </section>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('memberships.counts.title')}</h2>
        <p>{t('memberships.counts.intro')}</p>
        <CountsTable ctx={ctx} counts={props.counts} />
      </section>
    </Layout>
  );
}
