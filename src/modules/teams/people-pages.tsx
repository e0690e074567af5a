import { Type } from '@sinclair/typebox';
import { IdParams } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import { CsrfField, type PageContext } from '../../platform/http/page.js';
import type { PersonSection, TeamChoices } from '../people/sections.js';
import type { TeamsUses } from './uses.js';
import { canManageRoster } from './policy.js';
import { TEAM_ROLES } from './rules.js';

/** The teams `actor` may add someone to, that this person is not on yet. */
export async function addableTeams(
  services: Pick<TeamsUses, 'teams'>,
  actor: Actor,
  locale: Locale,
  current: { slug: string; until: string | null }[],
): Promise<{ slug: string; name: string }[]> {
  const on = new Set(current.filter((r) => r.until === null).map((r) => r.slug));
  return (await services.teams.names()).filter((t) => canManageRoster(actor, t.id) && !on.has(t.slug)).map((t) => ({ slug: t.slug, name: t.name[locale] }));
}

/** On a person's page: "add to a team", for those who manage a roster. */
export function AddToTeam(props: { ctx: PageContext; personId: string; teams: { slug: string; name: string }[] }) {
  const { ctx, teams } = props;
  if (teams.length === 0) return null;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="add-to-team-title">
      <h2 id="add-to-team-title">{t('people.addToTeam.title')}</h2>
      <form method="post" action={`/people/${props.personId}/teams`}>
        <CsrfField ctx={ctx} />
        <div class="grid">
          <label for="field-team">
            {t('people.addToTeam.team')}
            <select id="field-team" name="team">
              {teams.map((team) => (
                <option value={team.slug}>{team.name}</option>
              ))}
            </select>
          </label>
          <label for="field-role">
            {t('teams.add.role')}
            <select id="field-role" name="role">
              <option value="member">{t('teams.role.member')}</option>
              <option value="lead">{t('teams.role.lead')}</option>
            </select>
          </label>
        </div>
        <button type="submit">{t('people.addToTeam.submit')}</button>
      </form>
    </section>
  );
}

/** A person's page: the teams they are and were on, then "add to a team" for those who manage a roster. */
export function teamsPersonSection(services: Pick<TeamsUses, 'teams'>): PersonSection {
  return async (ctx, person) => {
    const { t } = ctx.i18n;
    const roles = await services.teams.rolesOf(person.id);
    const teams = roles.map((r) => ({ slug: r.slug, name: ctx.i18n.locale === 'en' ? r.name_en : r.name_fr, role: r.role, since: r.since, until: r.until }));
    const addable = await addableTeams(services, ctx.actor, ctx.i18n.locale, teams);
    return (
      <>
        <section aria-labelledby="teams-title">
          <h2 id="teams-title">{t('people.page.teams')}</h2>
          {teams.length === 0 ? (
            <p>{t('people.page.noTeams')}</p>
          ) : (
            <ul>
              {teams.map((tm) => (
                <li>
                  <a href={`/teams/${tm.slug}`}>{tm.name}</a> — {tm.role === 'lead' ? t('people.role.lead') : t('people.role.member')},{' '}
                  {t('common.since', { date: ctx.i18n.date(tm.since) })}
                  {tm.until ? `, ${t('common.until', { date: ctx.i18n.date(tm.until) })}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
        <AddToTeam ctx={ctx} personId={person.id} teams={addable} />
      </>
    );
  };
}

/** The people directory's team filter: the teams' names only, not their rosters. */
export function teamChoices(services: Pick<TeamsUses, 'teams'>): TeamChoices {
  return async (ctx) => (await services.teams.names()).map((tm) => ({ slug: tm.slug, name: tm.name[ctx.i18n.locale] }));
}

const AddToTeamBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  team: Type.String({ minLength: 1, maxLength: 40 }),
  role: Type.Optional(Type.Union(TEAM_ROLES.map((r) => Type.Literal(r)))),
});

/** "Add to a team" from a person's page (the form above). */
export function personTeamsPages(app: App, deps: PageDeps<TeamsUses>): void {
  const { services } = deps;
  app.post(
    '/people/:id/teams',
    { config: { policy: 'teams.roster.manage', page: true }, schema: { params: IdParams, body: AddToTeamBody, hide: true } },
    async (request, reply) => {
      const { id } = request.params;
      await services.people.get(request.actor, id);
      await services.teams.addToRoster(request.actor, request.body.team, id, request.body.role ?? 'member');
      return reply.redirect(`/people/${id}?notice=notice.rosterChanged`, 303);
    },
  );
}
