import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import { Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import type { PersonView } from './service.js';
import { ACTIVITY_FILTERS, isActivityFilter } from './rules.js';
import type { PeopleExtensions } from './sections.js';

/** The directory of people: search by name, email or pseudonym, filters by team and activity, keyset pages. */
function DirectoryPage(props: {
  ctx: PageContext;
  q: string;
  team: string;
  status: string;
  teams: { slug: string; name: string }[];
  items: PersonView[];
  nextCursor: string | null;
}) {
  const { ctx, items } = props;
  const { t } = ctx.i18n;
  const showEmail = items.some((p) => p.email !== undefined);
  const next = new URLSearchParams({
    ...(props.q ? { q: props.q } : {}),
    ...(props.team ? { team: props.team } : {}),
    ...(props.status ? { status: props.status } : {}),
    ...(props.nextCursor ? { cursor: props.nextCursor } : {}),
  });
  return (
    <Layout ctx={ctx} title={t('people.directory.title')}>
      <h1>{t('people.directory.title')}</h1>
      <p>
        {ctx.allowed('people.create') ? <a href="/people/new">{t('people.directory.new')}</a> : null}
        {ctx.allowed('people.import') ? (
          <>
            {' · '}
            <a href="/people/import">{t('people.directory.import')}</a>
          </>
        ) : null}
      </p>
      <form method="get" action="/people" role="search">
        <div class="grid">
          <label for="q">
            {t('people.directory.search')}
            <input id="q" name="q" type="search" value={props.q} />
          </label>
          <label for="team">
            {t('people.directory.team')}
            <select id="team" name="team">
              <option value="">{t('people.directory.anyTeam')}</option>
              {props.teams.map((tm) => (
                <option value={tm.slug} selected={tm.slug === props.team}>
                  {tm.name}
                </option>
              ))}
            </select>
          </label>
          <label for="status">
            {t('activity.filter')}
            <select id="status" name="status">
              <option value="">{t('activity.filter.all')}</option>
              {ACTIVITY_FILTERS.map((filter) => (
                <option value={filter} selected={props.status === filter}>
                  {t(`activity.filter.${filter}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      {items.length === 0 ? (
        <p>{t('people.directory.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('people.col.name')}</th>
              {showEmail ? <th scope="col">{t('people.col.email')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr>
                <td>
                  <a href={`/people/${p.id}`}>{p.displayName}</a>
                  {p.pseudonym ? <span class="muted"> ({p.pseudonym})</span> : null}
                </td>
                {showEmail ? <td>{p.email ?? ''}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextCursor ? (
        <p>
          <a href={`/people?${next.toString()}`} rel="next">
            {t('common.next')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The directory's search and filters, read as they come: what the page cannot use is ignored, never refused. */
const DirectoryQuery = Type.Object({
  q: Type.Optional(Type.Unknown()),
  team: Type.Optional(Type.Unknown()),
  status: Type.Optional(Type.Unknown()),
  cursor: Type.Optional(Type.Unknown()),
});

/** One value of the address bar; a repeated parameter (several values) counts as none. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function directoryPages(app: App, deps: PageDeps<PeopleUses> & { extensions: Pick<PeopleExtensions, 'teamChoices'> }): void {
  const { services, pageContext, extensions } = deps;

  app.get('/people', { config: { policy: 'people.list', page: true }, schema: { querystring: DirectoryQuery, hide: true } }, async (request, reply) => {
    const query = request.query;
    const q = text(query.q).slice(0, 200);
    const team = text(query.team).slice(0, 40);
    const status = isActivityFilter(query.status) ? query.status : undefined;
    const ctx = await pageContext(request);
    const [result, teamOptions] = await Promise.all([
      services.people.directory(request.actor, { q, team, status, cursor: text(query.cursor) || undefined, limit: 50 }),
      extensions.teamChoices(ctx),
    ]);
    return sendHtml(
      reply,
      <DirectoryPage ctx={ctx} q={q} team={team} status={status ?? ''} teams={teamOptions} items={result.items} nextCursor={result.nextCursor} />,
    );
  });
}
