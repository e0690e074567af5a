import type { ContributionsUses } from './uses.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { catalogue, type MessageKey, type Translator } from '../../platform/i18n/index.js';
import type { PageContext } from '../../platform/http/page.js';
import type { Contribution } from './repository.js';
import type { ActivityAssessment } from './rules.js';
import type { PersonSection } from '../people/sections.js';
import type { RosterColumnSource } from '../teams/sections.js';

/*
 * How contributions and the active-contributor status read on pages: the person page's section,
 * the team page's status cells, and what the contribution forms share with them.
 */

/** A kind in the reader's words; a kind added by configuration without a translation shows as written. */
export function kindName(i18n: Translator, kind: string): string {
  return catalogue(i18n.locale)[`contributions.kind.${kind}`] ?? kind;
}

/** "Active until …" or "Inactive since …": the one line the bylaws turn on. */
export function activityStatus(i18n: Translator, a: ActivityAssessment): string {
  if (a.active) return a.activeUntil ? i18n.t('activity.active', { date: i18n.date(a.activeUntil) }) : i18n.t('activity.activeOpen');
  return a.inactiveSince ? i18n.t('activity.inactiveSince', { date: i18n.date(a.inactiveSince) }) : i18n.t('activity.inactive');
}

/** The reasons of an assessment in plain words: team slugs become team names, dates the reader's dates. */
export function activityReasons(i18n: Translator, a: ActivityAssessment, teamNames: Record<string, string>): string[] {
  const strings = catalogue(i18n.locale);
  return a.reasons.map((reason) => {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(reason)) {
      if (name === 'code') continue;
      if (name === 'team') params[name] = teamNames[String(value)] ?? String(value);
      else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) params[name] = i18n.date(value);
      else params[name] = value as string | number;
    }
    const key = `activity.reason.${reason.code}`;
    return key in strings || `${key}.other` in strings ? i18n.t(key as MessageKey, params) : reason.code;
  });
}

// Building an Intl formatter costs far more than formatting (a tenth of the person page's CPU when
// built for each amount): one per language, for the life of the process (it holds no data).
const euroFormats = {
  fr: new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

function euros(i18n: Translator, cents: number): string {
  return euroFormats[i18n.locale === 'fr' ? 'fr' : 'en'].format(cents / 100);
}

/**
 * The teams' names in the reader's language, for a filter or a contribution's team. The names
 * alone: the teams' list with rosters read every current role of the association (14 ms of the
 * session page and 8 of a person's page at 100,000 people) to show a select.
 */
export async function teamNamesFor(services: Pick<ContributionsUses, 'teams'>, i18n: Translator): Promise<{ slug: string; name: string }[]> {
  return (await services.teams.names()).map((tm) => ({ slug: tm.slug, name: tm.name[i18n.locale] || tm.name.fr }));
}

/** Rules accept only http(s) links; anything else recorded some other way is not made a link. */
export const isLink = (url: string | null): url is string => url !== null && /^https?:\/\//.test(url);

export function Evidence(props: { ctx: PageContext; url: string | null }) {
  if (!isLink(props.url)) return null;
  return (
    <a href={props.url} rel="nofollow noopener noreferrer">
      {props.ctx.i18n.t('contributions.evidence')}
    </a>
  );
}

export function KindLabel(props: { ctx: PageContext; c: Contribution }) {
  const { ctx, c } = props;
  return (
    <>
      {kindName(ctx.i18n, c.kind)}
      {c.amountCents !== null ? ` (${euros(ctx.i18n, c.amountCents)})` : ''}
    </>
  );
}

export interface ContributionsView {
  items: Contribution[];
  activity: ActivityAssessment;
  teamNames: Record<string, string>;
  own: boolean;
}

/** What the person page shows of someone's contributions, or null for those not allowed to see them. */
export async function contributionsOf(
  services: Pick<ContributionsUses, 'contributions' | 'teams'>,
  actor: Actor,
  personId: string,
  i18n: Translator,
): Promise<ContributionsView | null> {
  try {
    const [items, activity, teams] = await Promise.all([
      services.contributions.timeline(actor, personId),
      services.contributions.activity(actor, personId),
      teamNamesFor(services, i18n),
    ]);
    return { items, activity, teamNames: Object.fromEntries(teams.map((tm) => [tm.slug, tm.name])), own: actor.personId === personId };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/** The person page's section: the activity status with its reasons, then the timeline. */
export function ContributionsSection(props: { ctx: PageContext; view: ContributionsView }) {
  const { ctx, view } = props;
  const { t } = ctx.i18n;
  const reasons = activityReasons(ctx.i18n, view.activity, view.teamNames);
  return (
    <section aria-labelledby="contributions-title" id="contributions">
      <h2 id="contributions-title">{t('contributions.timeline.title')}</h2>
      <p>
        <strong>{activityStatus(ctx.i18n, view.activity)}</strong>
      </p>
      {reasons.length > 0 ? (
        <ul aria-label={t('activity.reasons')}>
          {reasons.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      ) : null}
      {view.own && ctx.allowed('contributions.declare') ? (
        <p>
          <a href="/contributions/new">{t('contributions.timeline.declare')}</a>
        </p>
      ) : null}
      {view.items.length === 0 ? (
        <p>{t('contributions.timeline.empty')}</p>
      ) : (
        <table aria-labelledby="contributions-title">
          <thead>
            <tr>
              <th scope="col">{t('contributions.col.date')}</th>
              <th scope="col">{t('contributions.col.kind')}</th>
              <th scope="col">{t('contributions.col.summary')}</th>
              <th scope="col">{t('contributions.col.team')}</th>
              <th scope="col">{t('contributions.col.status')}</th>
              <th scope="col">{t('contributions.col.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {view.items.map((c) => (
              <tr>
                <td>
                  <time dateTime={c.occurredOn}>{ctx.i18n.date(c.occurredOn)}</time>
                </td>
                <td>
                  <KindLabel ctx={ctx} c={c} />
                </td>
                <td>{c.summary}</td>
                <td>{c.teamSlug ? <a href={`/teams/${c.teamSlug}`}>{view.teamNames[c.teamSlug] ?? c.teamSlug}</a> : ''}</td>
                <td>
                  {c.status === 'rejected' && c.rejectionReason
                    ? t('contributions.rejectedBecause', { reason: c.rejectionReason })
                    : t(`contributions.status.${c.status}`)}
                </td>
                <td>
                  <Evidence ctx={ctx} url={c.evidenceUrl} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A person's page: their contributions (ContributionsSection), for those who may see them. */
export function contributionsPersonSection(services: Pick<ContributionsUses, 'contributions' | 'teams'>): PersonSection {
  return async (ctx, person) => {
    const view = await contributionsOf(services, ctx.actor, person.id, ctx.i18n);
    return view ? <ContributionsSection ctx={ctx} view={view} /> : null;
  };
}

/** A roster's or a list's status cell: the status, and when the last contribution was. */
export function ActivityCell(props: { ctx: PageContext; activity: ActivityAssessment }) {
  const { ctx, activity } = props;
  return (
    <>
      {activityStatus(ctx.i18n, activity)}
      <br />
      <small class="muted">
        {activity.lastContributionOn
          ? ctx.i18n.t('activity.lastContribution', { date: ctx.i18n.date(activity.lastContributionOn) })
          : ctx.i18n.t('activity.noContribution')}
      </small>
    </>
  );
}

/** A team's roster: each person's activity status (ActivityCell), and after a past role the status alone. */
export function activityRosterColumn(services: Pick<ContributionsUses, 'contributions'>): RosterColumnSource {
  return async (ctx, personIds) => {
    const activity = await activitiesOf(services, ctx.actor, personIds);
    return {
      header: ctx.i18n.t('activity.col.status'),
      cell: (personId) => (activity.has(personId) ? <ActivityCell ctx={ctx} activity={activity.get(personId)!} /> : null),
      note: (personId) => (activity.has(personId) ? activityStatus(ctx.i18n, activity.get(personId)!) : null),
    };
  };
}

/** Each person's assessment, for those allowed to see it; people they may not see are left out. */
export async function activitiesOf(
  services: Pick<ContributionsUses, 'contributions'>,
  actor: Actor,
  personIds: string[],
): Promise<Map<string, ActivityAssessment>> {
  return services.contributions.activities(actor, personIds);
}
