import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../app.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { TeamWithRoster } from '../teams/service.js';
import type { Association } from './repository.js';
import { RequestsOnHome, WriteToUs, type TeamRequestCount } from '../requests/home.js';

function HomePage(props: { ctx: PageContext; association: Association; teams: TeamWithRoster[]; requests: TeamRequestCount[] }) {
  const { ctx, association } = props;
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
        <p>{t('site.home.join.text')}</p>
        <WriteToUs ctx={ctx} />
        <h3>{t('site.home.members.title')}</h3>
        <p>{t('site.home.members.text')}</p>
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

function SettingsPage(props: { ctx: PageContext; values: Record<string, string>; errors: FieldError[]; message?: string }) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('site.settings.title')}>
      <h1>{t('site.settings.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/admin/settings" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="name" label={t('site.settings.name')} value={values.name} errors={errors} required maxLength={120} />
        <label for="field-description">
          {t('site.settings.description')}
          <textarea id="field-description" name="description" rows={6}>
            {values.description ?? ''}
          </textarea>
        </label>
        <button type="submit">{t('common.save')}</button>
      </form>
      <p>
        <a href="/admin/forges">{t('forges.admin.settingsLink')}</a>
      </p>
    </Layout>
  );
}

export function sitePages(app: App, deps: PageDeps): void {
  const { services, pageContext } = deps;
  const publicPage = { policy: 'site.public', page: true };

  app.get('/', { config: publicPage }, async (request, reply) => {
    const [association, teams, requests] = await Promise.all([
      services.site.association(),
      services.teams.list(request.actor),
      services.requests.openCounts(request.actor),
    ]);
    return sendHtml(reply, <HomePage ctx={await pageContext(request)} association={association} teams={teams} requests={requests} />);
  });

  app.get('/equipe', { config: publicPage }, async (request, reply) => {
    const teams = await services.teams.list(request.actor);
    return sendHtml(reply, <TeamPage ctx={await pageContext(request)} teams={teams} />);
  });
  app.get('/team', { config: publicPage }, async (_request, reply) => reply.redirect('/equipe', 301));

  const settings = { policy: 'site.settings', page: true };
  app.get('/admin/settings', { config: settings }, async (request, reply) => {
    const a = await services.site.association();
    return sendHtml(reply, <SettingsPage ctx={await pageContext(request)} values={{ name: a.name, description: a.description }} errors={[]} />);
  });
  app.post('/admin/settings', { config: settings }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      await services.site.updateAssociation(request.actor, { name: values.name ?? '', description: values.description ?? '' });
      return reply.redirect('/admin/settings?notice=notice.saved', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(
        reply,
        <SettingsPage ctx={await pageContext(request)} values={values} errors={shown.errors} message={shown.message} />,
        (e as AppError).status,
      );
    }
  });
}
