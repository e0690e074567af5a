import type { PageContext } from '../../platform/http/page.js';

export interface TeamRequestCount {
  teamSlug: string;
  teamName: { fr: string; en: string };
  requests: number;
  consultations: number;
}

/** On the home page of a team's members: what waits in each of their teams' inbox (docs/requests.md, "The inbox"). */
export function RequestsOnHome(props: { ctx: PageContext; counts: TeamRequestCount[] }) {
  const { ctx, counts } = props;
  if (counts.length === 0) return null;
  const { t, locale } = ctx.i18n;
  return (
    <section aria-labelledby="requests-home-title">
      <h2 id="requests-home-title">{t('requests.home.title')}</h2>
      <ul>
        {counts.map((c) => (
          <li>
            <a href={`/requests?team=${encodeURIComponent(c.teamSlug)}`}>
              {t('requests.home.line', {
                team: c.teamName[locale],
                requests: t('requests.home.requests', { count: c.requests }),
                consultations: t('requests.home.consultations', { count: c.consultations }),
              })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Everyone may write to the association: the way in, from the home page. */
export function WriteToUs(props: { ctx: PageContext }) {
  return (
    <p>
      <a href="/requests/new">{props.ctx.i18n.t('requests.home.write')}</a>
    </p>
  );
}
