import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { TeamsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { PersonPicker, matchesFor } from '../people/picker.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { ConfirmationPage, isConfirmed } from '../../platform/http/confirmation.js';
import { Type } from '@sinclair/typebox';
import type { TeamWithRoster } from './service.js';
import { canManageRoster } from './policy.js';
import { personTeamsPages } from './people-pages.js';
import type { Extensions } from '../../platform/module.js';
import type { RosterColumn, RosterColumnSource } from './sections.js';

/** The team a page's path names, as typed: one that does not exist is the readable 404 page, as before any schema. */
const SlugParams = Type.Object({ slug: Type.String() });
const RosterParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }), personId: Type.String({ minLength: 1, maxLength: 64 }) });

function RoleName(props: { ctx: PageContext; role: string }) {
  return <>{props.role === 'lead' ? props.ctx.i18n.t('teams.role.lead') : props.ctx.i18n.t('teams.role.member')}</>;
}

function TeamPage(props: {
  ctx: PageContext;
  team: TeamWithRoster;
  canManage: boolean;
  /** The columns modules above teams add (each person's activity): for those who manage the roster only. */
  columns: RosterColumn[];
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  matches?: { id: string; displayName: string }[];
}) {
  const { ctx, team } = props;
  const { t, locale } = ctx.i18n;
  const current = team.roster.filter((r) => r.until === null);
  const past = team.roster.filter((r) => r.until !== null);
  return (
    <Layout ctx={ctx} title={team.name[locale]}>
      <h1>{team.name[locale]}</h1>
      {ctx.allowed('teams.update') ? (
        <p>
          <a href={`/teams/${team.slug}/edit`}>{t('teams.edit')}</a>
        </p>
      ) : null}
      <h2>{t('teams.mission')}</h2>
      <p>{team.mission[locale]}</p>
      {team.responsibilities[locale] ? (
        <>
          <h2>{t('teams.responsibilities')}</h2>
          <ul>
            {team.responsibilities[locale]
              .split('\n')
              .filter(Boolean)
              .map((r) => (
                <li>{r}</li>
              ))}
          </ul>
        </>
      ) : null}
      <h2 id="roster-title">{t('teams.roster')}</h2>
      {current.length === 0 ? (
        <p>{t('teams.roster.empty')}</p>
      ) : (
        <table aria-labelledby="roster-title">
          <thead>
            <tr>
              <th scope="col">{t('teams.col.person')}</th>
              <th scope="col">{t('teams.col.role')}</th>
              <th scope="col">{t('teams.col.since')}</th>
              {props.columns.map((column) => (
                <th scope="col">{column.header}</th>
              ))}
              {props.canManage ? (
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {current.map((r) => (
              <tr>
                <td>{ctx.allowed('people.list') ? <a href={`/people/${r.personId}`}>{r.displayName}</a> : r.displayName}</td>
                <td>
                  <RoleName ctx={ctx} role={r.role} />
                </td>
                <td>{ctx.i18n.date(r.since)}</td>
                {props.columns.map((column) => (
                  <td>{column.cell(r.personId)}</td>
                ))}
                {props.canManage ? (
                  <td>
                    <form method="post" action={`/teams/${team.slug}/members/${r.personId}/remove`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="irreversible" aria-label={t('teams.remove.label', { name: r.displayName })}>
                        {t('teams.remove')}
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!ctx.allowed('people.list') ? <p class="muted">{t('teams.roster.hiddenNote')}</p> : null}
      {props.canManage ? (
        <section aria-labelledby="add-title">
          <h2 id="add-title">{t('teams.add.title')}</h2>
          <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
          <form method="post" action={`/teams/${team.slug}/members`} novalidate>
            <CsrfField ctx={ctx} />
            <div class="grid">
              <PersonPicker
                ctx={ctx}
                label={t('teams.add.person')}
                value={props.values.person ?? props.values.email}
                errors={props.errors}
                matches={props.matches}
              />
              <label for="field-role">
                {t('teams.add.role')}
                <select id="field-role" name="role">
                  <option value="member" selected={props.values.role !== 'lead'}>
                    {t('teams.role.member')}
                  </option>
                  <option value="lead" selected={props.values.role === 'lead'}>
                    {t('teams.role.lead')}
                  </option>
                </select>
              </label>
            </div>
            <button type="submit">{t('teams.add.submit')}</button>
          </form>
        </section>
      ) : null}
      {past.length > 0 ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">{t('teams.history')}</h2>
          <ul>
            {past.map((r) => (
              <li>
                {r.displayName} — <RoleName ctx={ctx} role={r.role} />, {ctx.i18n.date(r.since)} → {ctx.i18n.date(r.until)}
                {props.columns.map((column) => {
                  const note = column.note(r.personId);
                  return note ? ` — ${note}` : '';
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

function TeamFormPage(props: {
  ctx: PageContext;
  title: string;
  action: string;
  creating: boolean;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  const area = (name: string, label: string) => (
    <label for={`field-${name}`}>
      {label}
      <textarea id={`field-${name}`} name={name} rows={4}>
        {values[name] ?? ''}
      </textarea>
    </label>
  );
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {props.creating ? (
          <Field name="slug" label={t('teams.field.slug')} value={values.slug} errors={errors} required maxLength={40} />
        ) : (
          <input type="hidden" name="version" value={values.version} />
        )}
        <div class="grid">
          <Field name="name-fr" label={t('teams.field.nameFr')} value={values['name-fr']} errors={errors} required maxLength={80} />
          <Field name="name-en" label={t('teams.field.nameEn')} value={values['name-en']} errors={errors} maxLength={80} />
        </div>
        {area('mission-fr', t('teams.field.missionFr'))}
        {area('mission-en', t('teams.field.missionEn'))}
        {area('responsibilities-fr', t('teams.field.responsibilitiesFr'))}
        {area('responsibilities-en', t('teams.field.responsibilitiesEn'))}
        <button type="submit">{t('common.save')}</button>
      </form>
    </Layout>
  );
}

function teamInput(v: Record<string, string>) {
  return {
    name: { fr: v['name-fr'] ?? '', en: v['name-en'] ?? '' },
    mission: { fr: v['mission-fr'] ?? '', en: v['mission-en'] ?? '' },
    responsibilities: { fr: v['responsibilities-fr'] ?? '', en: v['responsibilities-en'] ?? '' },
  };
}

/** The team pages; the roster's columns drawn by modules above teams come as `teams.rosterColumn` (./sections.ts). */
export function teamsPages(app: App, deps: PageDeps<TeamsUses> & { extensions: Extensions }): void {
  const { services, pageContext } = deps;
  const rosterColumns: readonly RosterColumnSource[] = deps.extensions['teams.rosterColumn'] ?? [];
  // "Add to a team" from a person's page: people-pages.tsx.
  personTeamsPages(app, deps);

  async function showTeam(request: FastifyRequest, slug: string, values: Record<string, string>, errors: FieldError[], message?: string) {
    const ctx = await pageContext(request);
    const withPast = true;
    const team = await services.teams.get(request.actor, slug, { withPast });
    const canManage = canManageRoster(request.actor, team.id);
    const personIds = team.roster.map((r) => r.personId);
    const columns = canManage ? await Promise.all(rosterColumns.map((column) => column(ctx, personIds))) : [];
    const matches = canManage ? await matchesFor(services.people, request.actor, values, errors) : undefined;
    return <TeamPage ctx={ctx} team={team} canManage={canManage} columns={columns} values={values} errors={errors} message={message} matches={matches} />;
  }

  app.get('/teams/:slug', { config: { policy: 'teams.read', page: true }, schema: { params: SlugParams, hide: true } }, async (request, reply) =>
    sendHtml(reply, await showTeam(request, request.params.slug, {}, [])),
  );

  app.post(
    '/teams/:slug/members',
    { config: { policy: 'teams.roster.manage', page: true }, schema: { params: SlugParams, hide: true } },
    async (request, reply) => {
      const { slug } = request.params;
      const values = formFields(request.body);
      try {
        const personId = await services.people.pick(request.actor, values);
        await services.teams.addToRoster(request.actor, slug, personId, values.role === 'lead' ? 'lead' : 'member');
        return reply.redirect(`/teams/${slug}?notice=notice.rosterChanged`, 303);
      } catch (e) {
        const shown = formErrorsOf(e, request.i18n);
        if (!shown) throw e;
        return sendHtml(reply, await showTeam(request, slug, values, shown.errors, shown.message), (e as AppError).status);
      }
    },
  );

  app.post(
    '/teams/:slug/members/:personId/remove',
    { config: { policy: 'teams.roster.manage', page: true }, schema: { params: RosterParams, hide: true } },
    async (request, reply) => {
      const { slug, personId } = request.params;
      if (!isConfirmed(formFields(request.body))) return sendHtml(reply, await confirmRemoval(request, slug, personId));
      await services.teams.removeFromRoster(request.actor, slug, personId);
      return reply.redirect(`/teams/${slug}?notice=notice.rosterChanged`, 303);
    },
  );

  /** Leaving a roster ends a role for good (coming back is a new one) and takes the team's rooms away: confirmed first. */
  async function confirmRemoval(request: FastifyRequest, slug: string, personId: string) {
    const ctx = await pageContext(request);
    const { t } = ctx.i18n;
    const team = await services.teams.get(request.actor, slug);
    const entry = team.roster.find((r) => r.personId === personId);
    if (!entry) throw new AppError('not_on_team', `This person is not on ${slug}`);
    const params = { name: entry.displayName, team: team.name[ctx.i18n.locale] };
    return (
      <ConfirmationPage
        ctx={ctx}
        title={t('teams.remove.confirm.title', params)}
        consequences={[t('teams.remove.confirm.roster', params), t('teams.remove.confirm.rooms', params)]}
        action={`/teams/${encodeURIComponent(slug)}/members/${encodeURIComponent(personId)}/remove`}
        confirmLabel={t('teams.remove.confirm.submit', params)}
        back={`/teams/${encodeURIComponent(slug)}`}
      />
    );
  }

  app.get('/teams/new', { config: { policy: 'teams.create', page: true } }, async (request, reply) => {
    const ctx = await pageContext(request);
    return sendHtml(reply, <TeamFormPage ctx={ctx} title={ctx.i18n.t('teams.new.title')} action="/teams/new" creating values={{}} errors={[]} />);
  });

  app.post('/teams/new', { config: { policy: 'teams.create', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const team = await services.teams.create(request.actor, { slug: values.slug ?? '', ...teamInput(values) });
      return reply.redirect(`/teams/${team.slug}?notice=notice.saved`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const ctx = await pageContext(request);
      const errors = shown.errors.map((x) => ({ ...x, path: x.path.replace('/name/', '/name-') }));
      return sendHtml(
        reply,
        <TeamFormPage ctx={ctx} title={ctx.i18n.t('teams.new.title')} action="/teams/new" creating values={values} errors={errors} message={shown.message} />,
        (e as AppError).status,
      );
    }
  });

  app.get('/teams/:slug/edit', { config: { policy: 'teams.update', page: true }, schema: { params: SlugParams, hide: true } }, async (request, reply) => {
    const { slug } = request.params;
    const ctx = await pageContext(request);
    const team = await services.teams.get(request.actor, slug);
    const values = {
      version: String(team.version),
      'name-fr': team.name.fr,
      'name-en': team.name.en,
      'mission-fr': team.mission.fr,
      'mission-en': team.mission.en,
      'responsibilities-fr': team.responsibilities.fr,
      'responsibilities-en': team.responsibilities.en,
    };
    return sendHtml(
      reply,
      <TeamFormPage
        ctx={ctx}
        title={ctx.i18n.t('teams.edit.title', { name: team.name[ctx.i18n.locale] })}
        action={`/teams/${slug}/edit`}
        creating={false}
        values={values}
        errors={[]}
      />,
    );
  });

  app.post('/teams/:slug/edit', { config: { policy: 'teams.update', page: true }, schema: { params: SlugParams, hide: true } }, async (request, reply) => {
    const { slug } = request.params;
    const values = formFields(request.body);
    try {
      await services.teams.update(request.actor, slug, teamInput(values), Number(values.version) || undefined);
      return reply.redirect(`/teams/${slug}?notice=notice.saved`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const ctx = await pageContext(request);
      const errors = shown.errors.map((x) => ({ ...x, path: x.path.replace('/name/', '/name-') }));
      return sendHtml(
        reply,
        <TeamFormPage
          ctx={ctx}
          title={ctx.i18n.t('teams.edit.title', { name: slug })}
          action={`/teams/${slug}/edit`}
          creating={false}
          values={values}
          errors={errors}
          message={shown.message}
        />,
        (e as AppError).status,
      );
    }
  });
}
