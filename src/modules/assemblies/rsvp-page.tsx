import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { RSVP_ANSWERS, type AssemblyKind, type AssemblyStatus, type Capacity, type Rsvp } from './rules.js';
import type { AgendaItem, Assembly, Invitee, RsvpView } from './types.js';
import { labelled } from '../../platform/http/ui/form-controls.js';
import { PersonPicker } from '../people/picker.js';
import { MeetingPlace } from '../../platform/http/ui/meeting-place.js';

/*
 * What an invitee sees of an assembly and does in it, on the personal link (no login) and on the
 * assembly's page when signed in: the assembly in words, the agenda, one's answer, one's proxy.
 */

export const kindKey = (kind: AssemblyKind) => `assemblies.kind.${kind}` as const;
export const statusKey = (status: AssemblyStatus) => `assemblies.status.${status}` as const;
/** The words of each capacity, one key per word of CAPACITIES (a third one needs no change here). */
export const capacityKey = (capacity: Capacity) => `assemblies.capacity.${capacity}` as const;
export const rsvpKey = (rsvp: Rsvp | null) => `assemblies.rsvp.${rsvp ?? 'none'}` as const;

/** When and where, in words and in the association's time zone. */
export function AssemblyFacts(props: { ctx: PageContext; timeZone: string; assembly: Assembly }) {
  const { ctx, assembly, timeZone } = props;
  const { t } = ctx.i18n;
  const when = (instant: string) => formatMeetingDate(instant, ctx.i18n.locale, timeZone);
  return (
    <ul>
      <li>
        {labelled(ctx, t('assemblies.field.kind'))} {t(kindKey(assembly.kind))}
      </li>
      <li>
        {labelled(ctx, t('assemblies.field.when'))} <time dateTime={assembly.scheduledAt}>{when(assembly.scheduledAt)}</time> ({timeZone})
      </li>
      <li>
        {labelled(ctx, t('assemblies.field.where'))} <MeetingPlace ctx={ctx} meeting={assembly} />
      </li>
      <li>
        {labelled(ctx, t('assemblies.field.status'))} <strong>{t(statusKey(assembly.status))}</strong>
      </li>
    </ul>
  );
}

export function AgendaList(props: { ctx: PageContext; agenda: AgendaItem[] }) {
  const { t } = props.ctx.i18n;
  if (props.agenda.length === 0) return <p>{t('assemblies.agenda.none')}</p>;
  return (
    <ol>
      {props.agenda.map((item) => (
        <li>
          <strong>{item.title}</strong>
          {item.body ? <p class="pre-line">{item.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** One's answer, then a button for each; the current answer's button is the filled one. */
export function RsvpForm(props: { ctx: PageContext; action: string; rsvp: Rsvp | null }) {
  const { ctx, rsvp } = props;
  const { t } = ctx.i18n;
  return (
    <>
      <p>
        {labelled(ctx, t('assemblies.rsvp.current'))} <strong>{t(rsvpKey(rsvp))}</strong>
      </p>
      <form method="post" action={props.action}>
        <CsrfField ctx={ctx} />
        <div role="group" aria-label={t('assemblies.rsvp.current')}>
          {RSVP_ANSWERS.map((answer) => (
            <button type="submit" name="answer" value={answer} class={answer === rsvp ? undefined : 'secondary'}>
              {t(`assemblies.rsvp.answer.${answer}`)}
            </button>
          ))}
        </div>
      </form>
    </>
  );
}

/**
 * A voter who will not attend gives their proxy to another member (docs/assemblies.md), or takes it back.
 * The holder is found by name among the assembly's other voters (`search`: the picker's address,
 * which finds nobody else), not picked from a list of every voter: an assembly may convene tens of
 * thousands. The form sends the voter chosen as `holderId`, or without a script the name as typed
 * (`person`), which the server resolves among the same voters. The refusals (too many proxies for
 * that member, oneself) come back as the page's summary.
 */
export function ProxyForm(props: {
  ctx: PageContext;
  action: string;
  search: string;
  holderId: string | null;
  /** The current holder's name, when the page knows it. */
  holderName: string | null;
  /** The voters matching the name typed, when the form came back with several. */
  matches?: { personId: string; displayName: string }[];
  values: Record<string, string>;
  errors: FieldError[];
}) {
  const { ctx, holderId } = props;
  const { t } = ctx.i18n;
  const typed = (props.values.person ?? '').trim();
  return (
    <>
      <p>{holderId ? t('assemblies.proxy.given', { name: props.holderName ?? t('assemblies.proxy.someone') }) : t('assemblies.proxy.intro')}</p>
      <form method="post" action={props.action}>
        <CsrfField ctx={ctx} />
        <PersonPicker
          ctx={ctx}
          field="proxy-holderId"
          label={t('assemblies.proxy.holder')}
          value={props.values.person}
          errors={props.errors}
          matches={props.matches?.map((m) => ({ id: m.personId, displayName: m.displayName }))}
          hint={t('assemblies.proxy.hint')}
          search={{ url: props.search, how: t('assemblies.proxy.search'), choiceName: 'holderId', none: t('assemblies.proxy.noVoter', { q: typed }) }}
        />
        <button type="submit">{t('assemblies.proxy.submit')}</button>
      </form>
      {holderId ? (
        <form method="post" action={props.action}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="holderId" value="" />
          <button type="submit" class="secondary">
            {t('assemblies.proxy.withdraw')}
          </button>
        </form>
      ) : null}
    </>
  );
}

/** What one's place says: the capacity, the vote, and the proxies held (named when the page knows them). */
export function PlaceSummary(props: { ctx: PageContext; timeZone: string; invitee: Invitee; names: Record<string, string> }) {
  const { ctx, invitee, names } = props;
  const { t } = ctx.i18n;
  const held = invitee.holdsProxiesFor.map((id) => names[id]).filter((n): n is string => Boolean(n));
  return (
    <ul>
      <li>
        {labelled(ctx, t('assemblies.me.capacity'))} {t(capacityKey(invitee.capacity))} — {t(invitee.canVote ? 'assemblies.me.votes' : 'assemblies.me.noVote')}
      </li>
      {invitee.holdsProxiesFor.length > 0 ? (
        <li>
          {held.length > 0
            ? `${labelled(ctx, t('assemblies.me.holds', { count: invitee.holdsProxiesFor.length }))} ${held.join(', ')}`
            : t('assemblies.me.holds', { count: invitee.holdsProxiesFor.length })}
        </li>
      ) : null}
      {invitee.checkedInAt ? (
        <li>
          {labelled(ctx, t('assemblies.me.checkedIn'))}{' '}
          <time dateTime={invitee.checkedInAt}>{formatMeetingDate(invitee.checkedInAt, ctx.i18n.locale, props.timeZone)}</time>
        </li>
      ) : null}
    </ul>
  );
}

export interface RsvpPageProps {
  ctx: PageContext;
  timeZone: string;
  token: string;
  view: RsvpView;
  form: string | null;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  /** The voters matching the name typed in the proxy form, when it came back with several. */
  holderMatches?: { personId: string; displayName: string }[];
}

/** The personal link of the convocation mail: no login, the token in the address is the credential. */
export function RsvpPage(props: RsvpPageProps) {
  const { ctx, view, token } = props;
  const { t } = ctx.i18n;
  const { assembly, invitee } = view;
  const base = `/assemblies/rsvp/${encodeURIComponent(token)}`;
  const names = view.names;
  // Answers and proxies are taken from the convocation to the close (the link ends with the assembly).
  const answering = assembly.status === 'convened' || assembly.status === 'open';
  return (
    <Layout ctx={ctx} title={assembly.title}>
      <h1>{assembly.title}</h1>
      <p>{t('assemblies.rsvpPage.hello', { name: invitee.displayName })}</p>
      <AssemblyFacts ctx={ctx} timeZone={props.timeZone} assembly={assembly} />
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      {view.canCheckIn ? (
        <section aria-labelledby="check-in-title">
          <h2 id="check-in-title">{t('assemblies.rsvpPage.checkInTitle')}</h2>
          <form method="post" action={`${base}/check-in`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('assemblies.rsvpPage.checkIn')}</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="me-title">
        <h2 id="me-title">{t('assemblies.me.title')}</h2>
        <PlaceSummary ctx={ctx} timeZone={props.timeZone} invitee={invitee} names={names} />
        {answering ? <RsvpForm ctx={ctx} action={base} rsvp={invitee.rsvp} /> : null}
      </section>
      {invitee.canVote && answering && !invitee.checkedInAt ? (
        <section aria-labelledby="proxy-title">
          <h2 id="proxy-title">{t('assemblies.proxy.title')}</h2>
          <ProxyForm
            ctx={ctx}
            action={`${base}/proxy`}
            search={`${base}/proxy-holders`}
            holderId={invitee.proxyHolderId}
            holderName={invitee.proxyHolderId ? (names[invitee.proxyHolderId] ?? null) : null}
            matches={props.holderMatches}
            values={props.form === 'proxy' ? props.values : {}}
            errors={props.errors}
          />
        </section>
      ) : null}
      <section aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t('assemblies.agenda.title')}</h2>
        <AgendaList ctx={ctx} agenda={assembly.agenda} />
      </section>
      <p class="muted">{t('assemblies.rsvpPage.private')}</p>
    </Layout>
  );
}
