import { Layout, type PageContext } from '../../platform/http/page.js';
import { categoryLabel, durationLabel, statusKey } from './labels.js';
import { REQUEST_STATUSES, type CategoryRoute } from './rules.js';
import type { ConsultationPage } from './consultations.js';
import type { RequestListItem } from './views.js';
import { Select } from '../../platform/http/ui/form-controls.js';

export interface InboxQuery {
  team: string;
  /** `open` (the default), `all`, or one status. */
  status: string;
  /** '' (anyone), `me` or `none`. */
  assignee: string;
  category: string;
}

/** The query string of the inbox for these filters (and a cursor), for links and the next page. */
export function inboxHref(q: InboxQuery, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `/requests?${text}` : '/requests';
}

/**
 * The inbox: the filters, the requests with their age and time to first response,
 * and the questions other teams asked the reader's teams.
 */
export function InboxPage(props: {
  ctx: PageContext;
  query: InboxQuery;
  items: RequestListItem[];
  nextCursor: string | null;
  teams: { slug: string; name: string }[];
  categories: CategoryRoute[];
  consultations: ConsultationPage[];
}) {
  const { ctx, query, items } = props;
  const { t, locale } = ctx.i18n;
  const none: never[] = [];
  return (
    <Layout ctx={ctx} title={t('requests.inbox.title')}>
      <h1 id="inbox-title">{t('requests.inbox.title')}</h1>
      <p>{t('requests.inbox.intro')}</p>
      <details open={Boolean(query.team || query.assignee || query.category || query.status !== 'open')}>
        <summary>{t('requests.filter.title')}</summary>
        <form method="get" action="/requests" class="filters">
          <div class="grid">
            <Select
              field="filter-team"
              name="team"
              label={t('requests.filter.team')}
              value={query.team}
              options={[{ value: '', label: t('requests.filter.any') }, ...props.teams.map((tm) => ({ value: tm.slug, label: tm.name }))]}
              errors={none}
            />
            <Select
              field="filter-status"
              name="status"
              label={t('requests.filter.status')}
              value={query.status}
              options={[
                { value: 'open', label: t('requests.filter.open') },
                { value: 'all', label: t('requests.filter.any') },
                ...REQUEST_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })),
              ]}
              errors={none}
            />
            <Select
              field="filter-assignee"
              name="assignee"
              label={t('requests.filter.assignee')}
              value={query.assignee}
              options={[
                { value: '', label: t('requests.filter.anyone') },
                { value: 'me', label: t('requests.filter.me') },
                { value: 'none', label: t('requests.filter.nobody') },
              ]}
              errors={none}
            />
            <Select
              field="filter-category"
              name="category"
              label={t('requests.filter.category')}
              value={query.category}
              options={[
                { value: '', label: t('requests.filter.any') },
                ...props.categories.map((c) => ({ value: c.name, label: categoryLabel(locale, c.name) })),
              ]}
              errors={none}
            />
          </div>
          <button type="submit" class="secondary">
            {t('requests.filter.apply')}
          </button>
        </form>
      </details>
      {items.length === 0 ? (
        <p>{t('requests.inbox.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table aria-labelledby="inbox-title">
            <thead>
              <tr>
                <th scope="col">{t('requests.col.subject')}</th>
                <th scope="col">{t('requests.col.category')}</th>
                <th scope="col">{t('requests.col.team')}</th>
                <th scope="col">{t('requests.col.status')}</th>
                <th scope="col">{t('requests.col.assignee')}</th>
                <th scope="col">{t('requests.col.age')}</th>
                <th scope="col">{t('requests.col.firstResponse')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>
                    <a href={`/requests/${r.id}`}>{r.subject}</a>
                  </td>
                  <td>{categoryLabel(locale, r.category)}</td>
                  <td>{r.teamName[locale]}</td>
                  <td>{t(statusKey(r.status))}</td>
                  <td>{r.assignee?.displayName ?? '—'}</td>
                  <td>{durationLabel(ctx.i18n, r.ageMinutes)}</td>
                  <td>{durationLabel(ctx.i18n, r.firstResponseMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor ? (
        <p>
          <a href={inboxHref(query, props.nextCursor)}>{t('requests.inbox.more')}</a>
        </p>
      ) : null}
      <section aria-labelledby="consultations-title">
        <h2 id="consultations-title">{t('requests.consultations.title')}</h2>
        {props.consultations.length === 0 ? (
          <p>{t('requests.consultations.empty')}</p>
        ) : (
          <div class="overflow-auto">
            <table aria-labelledby="consultations-title">
              <thead>
                <tr>
                  <th scope="col">{t('requests.col.question')}</th>
                  <th scope="col">{t('requests.col.from')}</th>
                  <th scope="col">{t('requests.col.team')}</th>
                  <th scope="col">{t('requests.col.asked')}</th>
                </tr>
              </thead>
              <tbody>
                {props.consultations.map((c) => (
                  <tr>
                    <td>
                      <a href={`/requests/consultations/${c.id}`}>{c.question.length > 80 ? `${c.question.slice(0, 79)}…` : c.question}</a>
                    </td>
                    <td>{c.request.teamName[locale]}</td>
                    <td>{c.teamName[locale]}</td>
                    <td>{ctx.i18n.date(c.askedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p>
        <a href="/requests/new">{t('requests.inbox.write')}</a>
      </p>
    </Layout>
  );
}
