import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { SiteUses } from './uses.js';
import { Type } from '@sinclair/typebox';
import { Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import type { AssociationSettings } from '../../platform/settings/schema.js';
import { PersonalHome } from '../home/pages.js';
import { settingsPages } from './settings-page.js';
import type { TeamWithRoster } from '../teams/service.js';
import type { Association } from '../../platform/settings/identity.js';
import { RequestsOnHome, WriteToUs, type TeamRequestCount } from '../requests/home.js';

function HomePage(props: { ctx: PageContext; association: Association; teams: TeamWithRoster[]; requests: TeamRequestCount[]; texts: AssociationSettings }) {
  const { ctx, association, texts } = props;
  const { t, locale } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <hgroup>
        <h1>{association.name}</h1>
        {association.description ? <p class="pre-line">{association.description}</p> : null}
      </hgroup>
      <RequestsOnHome ctx={ctx} counts={props.requests} />
      <section aria-labelledby="teams-title">
        <h2 id="teams-title">{t('site.home.teams')}</h2>
        <div class="team-grid">
          {props.teams.map((team) => (
            <article>
              <header>
                <h3>
                  <a href={`/teams/${team.slug}`}>{team.name[locale]}</a>
                </h3>
              </header>
              <p>{team.mission[locale]}</p>
              {team.responsibilities[locale] ? (
                <ul>
                  {team.responsibilities[locale]
                    .split('\n')
                    .filter(Boolean)
                    .map((r) => (
                      <li>{r}</li>
                    ))}
                </ul>
              ) : null}
            </article>
          ))}
        </div>
        <p>
          <a href="/equipe">{t('site.home.seeTeam')}</a>
          {ctx.allowed('teams.create') ? (
            <>
              {' · '}
              <a href="/teams/new">{t('teams.new')}</a>
            </>
          ) : null}
        </p>
      </section>
      <section aria-labelledby="join-title">
        <h2 id="join-title">{t('site.home.join.title')}</h2>
        <p class="pre-line">{texts.joinText[locale] || t('site.home.join.text')}</p>
        <WriteToUs ctx={ctx} />
        <h3>{t('site.home.members.title')}</h3>
        <p class="pre-line">{texts.membersText[locale] || t('site.home.members.text')}</p>
      </section>
    </Layout>
  );
}

/** L'équipe: contributors by team, only those who consented to appear (the service filters). */
function TeamPage(props: { ctx: PageContext; teams: TeamWithRoster[] }) {
  const { ctx } = props;
  const { t, locale } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('site.team.title')}>
      <h1>{t('site.team.title')}</h1>
      <p>{t('site.team.intro')}</p>
      {props.teams.map((team) => {
        const shown = team.roster.filter((r) => r.publicConsent);
        return (
          <section aria-labelledby={`team-${team.slug}`}>
            <h2 id={`team-${team.slug}`}>{team.name[locale]}</h2>
            <p>{team.mission[locale]}</p>
            {shown.length === 0 ? (
              <p class="muted">{t('site.team.empty')}</p>
            ) : (
              <ul>
                {shown.map((r) => (
                  <li>
                    {r.displayName}
                    {r.role === 'lead' ? <span class="muted"> — {t('site.team.lead')}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

export function sitePages(app: App, deps: PageDeps<SiteUses>): void {
  const { services, pageContext } = deps;
  const publicPage = { policy: 'site.public', page: true };

  // `/` is the personal home of a signed-in person and the public page of a visitor; `?public=1`
  // shows a signed-in person the page visitors see.
  const HomeQuery = Type.Object({ public: Type.Optional(Type.Literal('1')) });
  app.get('/', { config: publicPage, schema: { querystring: HomeQuery, hide: true } }, async (request, reply) => {
    const actor = request.actor;
    if (actor.personId !== null && request.query.public === undefined) {
      const home = await services.home.of({ ...actor, personId: actor.personId });
      return sendHtml(reply, <PersonalHome ctx={await pageContext(request)} home={home} />);
    }
    const [association, teams, requests, settings] = await Promise.all([
      services.settings.association(),
      services.teams.list(actor),
      services.requests.openCounts(actor),
      services.settings.current(),
    ]);
    return sendHtml(reply, <HomePage ctx={await pageContext(request)} association={association} teams={teams} requests={requests} texts={settings.values} />);
  });

  app.get('/equipe', { config: publicPage }, async (request, reply) => {
    const teams = await services.teams.list(request.actor);
    return sendHtml(reply, <TeamPage ctx={await pageContext(request)} teams={teams} />);
  });
  app.get('/team', { config: publicPage }, async (_request, reply) => reply.redirect('/equipe', 301));

  settingsPages(app, deps);
}
