import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Layout, type PageContext } from '../../platform/http/page.js';
import { formatSessionDate } from '../sessions/minutes.js';
import { SessionPlace } from '../sessions/sessions-list-page.js';
import { labelled } from '../sessions/decision-form.js';
import { Input, Select, TextArea } from '../sessions/form-controls.js';
import type { Assembly, AssemblyView, Invitee, Resolution } from './types.js';
import { AgendaList, AssemblyFacts, PlaceSummary, ProxyForm, RsvpForm, kindKey, rsvpKey, statusKey } from './rsvp-page.js';
import { InviteeTable } from './attendance-sheet.js';

export interface AssembliesListProps {
  ctx: PageContext;
  timeZone: string;
  /** Being prepared, convened or being held, soonest first. */
  current: Assembly[];
  /** Held and closed, latest first. */
  past: Assembly[];
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

export function AssembliesListPage(props: AssembliesListProps) {
  const { ctx, timeZone } = props;
  const { t } = ctx.i18n;
  const when = (instant: string) => formatSessionDate(instant, ctx.i18n.locale, timeZone);
  return (
    <Layout ctx={ctx} title={t('assemblies.title')}>
      <h1>{t('assemblies.title')}</h1>
      <p>{t('assemblies.intro')}</p>
      <section aria-labelledby="current-title">
        <h2 id="current-title">{t('assemblies.current')}</h2>
        {props.current.length === 0 ? (
          <p>{t('assemblies.current.none')}</p>
        ) : (
          <table aria-labelledby="current-title">
            <thead>
              <tr>
                <th scope="col">{t('assemblies.col.assembly')}</th>
                <th scope="col">{t('assemblies.field.when')}</th>
                <th scope="col">{t('assemblies.field.where')}</th>
                <th scope="col">{t('assemblies.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.current.map((a) => (
                <tr>
                  <th scope="row">
                    <a href={`/assemblies/${a.id}`}>{a.title}</a>
                    <br />
                    <small>{t(kindKey(a.kind))}</small>
                  </th>
                  <td>
                    <time dateTime={a.scheduledAt}>{when(a.scheduledAt)}</time>
                  </td>
                  <td>
                    <SessionPlace ctx={ctx} session={a} />
                  </td>
                  <td>{t(statusKey(a.status))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t('assemblies.past')}</h2>
        {props.past.length === 0 ? (
          <p>{t('assemblies.past.none')}</p>
        ) : (
          <ul>
            {props.past.map((a) => (
              <li>
                <a href={`/assemblies/${a.id}`}>{a.title}</a>, <time dateTime={a.scheduledAt}>{when(a.scheduledAt)}</time> —{' '}
                <a href={`/assemblies/${a.id}/minutes`}>{t('assemblies.minutes.link')}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {ctx.allowed('assemblies.manage') ? <NewAssemblyForm {...props} /> : null}
    </Layout>
  );
}

function NewAssemblyForm(props: AssembliesListProps) {
  const { ctx, values, errors, timeZone } = props;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="new-title">
      <h2 id="new-title">{t('assemblies.new.title')}</h2>
      <p>{t('assemblies.new.intro', { zone: timeZone })}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/assemblies" novalidate>
        <CsrfField ctx={ctx} />
        <Select
          field="assembly-kind"
          name="kind"
          label={t('assemblies.field.kind')}
          value={values.kind}
          options={[
            { value: 'ordinary', label: t('assemblies.kind.ordinary') },
            { value: 'extraordinary', label: t('assemblies.kind.extraordinary') },
          ]}
          errors={errors}
        />
        <Input field="assembly-title" name="title" label={t('assemblies.field.title')} value={values.title} errors={errors} required maxLength={200} />
        <div class="grid">
          <Input field="assembly-date" name="date" type="date" label={t('assemblies.field.date')} value={values.date} errors={errors} required />
          <Input
            field="assembly-time"
            name="time"
            type="time"
            label={t('assemblies.field.time')}
            value={values.time}
            errors={errors}
            hint={t('assemblies.field.timeHint', { zone: timeZone })}
            required
          />
        </div>
        <div class="grid">
          <Input field="assembly-location" name="location" label={t('assemblies.field.location')} value={values.location} errors={errors} maxLength={300} />
          <Input
            field="assembly-videoUrl"
            name="videoUrl"
            type="url"
            label={t('assemblies.field.videoUrl')}
            value={values.videoUrl}
            errors={errors}
            hint={t('assemblies.field.placeHint')}
            maxLength={500}
          />
        </div>
        <button type="submit">{t('assemblies.new.submit')}</button>
      </form>
    </section>
  );
}

export interface AssemblyPageProps {
  ctx: PageContext;
  timeZone: string;
  noticeDays: number;
  assembly: AssemblyView;
  /** Everyone convened (or who would be), for the bureau; null for others, who see the counts. */
  invitees: Invitee[] | null;
  /** Whom the reader may give their proxy to. */
  proxyCandidates: { personId: string; displayName: string }[];
  /** The form that was refused (`item`, `document`, `convene`, `resolution`, `counts-<id>`, `proxy`), what it held and why. */
  form: string | null;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  code?: string;
}

export function AssemblyPage(props: AssemblyPageProps) {
  const { ctx, assembly, timeZone } = props;
  const { t } = ctx.i18n;
  const can = (action: string) => assembly.allowedActions.includes(action);
  const when = (instant: string) => formatSessionDate(instant, ctx.i18n.locale, timeZone);
  const valuesOf = (form: string) => (props.form === form ? props.values : {});
  // The sheet's page is the bureau's on the day (its route's policy), not every preparer's.
  const sheet = can('attendance') && ctx.allowed('assemblies.conduct');
  return (
    <Layout ctx={ctx} title={assembly.title}>
      <p>
        <a href="/assemblies">{t('assemblies.back')}</a>
      </p>
      <h1>{assembly.title}</h1>
      <AssemblyFacts ctx={ctx} timeZone={timeZone} assembly={assembly} />
      <ul>
        {assembly.convenedAt ? (
          <li>
            {labelled(ctx, t('assemblies.field.convenedAt'))} {when(assembly.convenedAt)}
            {assembly.forcedReason ? ` — ${t('assemblies.convene.forcedBecause', { reason: assembly.forcedReason })}` : null}
          </li>
        ) : null}
        {assembly.openedAt ? (
          <li>
            {labelled(ctx, t('assemblies.field.openedAt'))} {when(assembly.openedAt)}
          </li>
        ) : null}
        {assembly.closedAt ? (
          <li>
            {labelled(ctx, t('assemblies.field.closedAt'))} {when(assembly.closedAt)}
          </li>
        ) : null}
      </ul>
      {can('minutes') || sheet ? (
        <nav aria-label={t('assemblies.documents.nav')}>
          <ul>
            {can('minutes') ? (
              <li>
                <a href={`/assemblies/${assembly.id}/minutes`}>{t('assemblies.minutes.link')}</a>
              </li>
            ) : null}
            {sheet ? (
              <li>
                <a href={`/assemblies/${assembly.id}/attendance`}>{t('assemblies.attendance.link')}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      {assembly.me ? <MySection {...props} /> : null}
      {can('convene') ? <ConveneSection {...props} /> : null}
      {can('open') ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t('assemblies.open.title')}</h2>
          <p>{t('assemblies.open.intro')}</p>
          <form method="post" action={`/assemblies/${assembly.id}/open`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('assemblies.open.submit')}</button>
          </form>
        </section>
      ) : null}
      {assembly.quorum && assembly.status !== 'draft' && assembly.status !== 'convened' ? <QuorumSection {...props} /> : null}
      <section aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t('assemblies.agenda.title')}</h2>
        <AgendaList ctx={ctx} agenda={assembly.agenda} />
        {can('addItem') ? (
          <form method="post" action={`/assemblies/${assembly.id}/items`} novalidate>
            <CsrfField ctx={ctx} />
            <fieldset>
              <legend>{t('assemblies.agenda.add')}</legend>
              <Input field="item-title" name="title" label={t('assemblies.agenda.itemTitle')} value={valuesOf('item').title} errors={props.errors} required maxLength={200} />
              <TextArea field="item-body" name="body" label={t('assemblies.agenda.itemBody')} value={valuesOf('item').body} errors={props.errors} maxLength={5000} />
            </fieldset>
            <button type="submit">{t('assemblies.agenda.submit')}</button>
          </form>
        ) : null}
      </section>
      <DocumentsSection {...props} />
      <InviteesSection {...props} />
      <ResolutionsSection {...props} />
      {can('close') ? (
        <section aria-labelledby="close-title">
          <h2 id="close-title">{t('assemblies.close.title')}</h2>
          <p>{t('assemblies.close.intro')}</p>
          <form method="post" action={`/assemblies/${assembly.id}/close`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('assemblies.close.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** The reader's own place: their answer, their proxy, the proxies they hold. */
function MySection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const me = assembly.me!;
  const { t } = ctx.i18n;
  const can = (action: string) => assembly.allowedActions.includes(action);
  const names = Object.fromEntries((props.invitees ?? []).map((i) => [i.personId, i.displayName]));
  return (
    <section aria-labelledby="me-title">
      <h2 id="me-title">{t('assemblies.me.title')}</h2>
      <PlaceSummary ctx={ctx} timeZone={props.timeZone} invitee={me} names={names} />
      {can('rsvp') ? <RsvpForm ctx={ctx} action={`/assemblies/${assembly.id}/rsvp`} rsvp={me.rsvp} /> : <p>{labelled(ctx, t('assemblies.rsvp.current'))} {t(rsvpKey(me.rsvp))}</p>}
      {can('proxy') && me.canVote && !me.checkedInAt ? (
        <>
          <h3 id="proxy-title">{t('assemblies.proxy.title')}</h3>
          <ProxyForm
            ctx={ctx}
            action={`/assemblies/${assembly.id}/proxy`}
            holderId={me.proxyHolderId}
            candidates={props.proxyCandidates}
            values={props.form === 'proxy' ? props.values : {}}
            errors={props.errors}
          />
        </>
      ) : null}
    </section>
  );
}

/**
 * Convening sends every invitee their convocation. Inside the notice period the service refuses
 * (`notice_period_too_short`); the form then asks, as a second step, whether to convene anyway
 * and why — the reason is recorded and shown on the assembly.
 */
function ConveneSection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const { t } = ctx.i18n;
  const secondStep = props.form === 'convene' && (props.code === 'notice_period_too_short' || props.values.force === 'on');
  const values = props.form === 'convene' ? props.values : {};
  return (
    <section aria-labelledby="convene-title">
      <h2 id="convene-title">{t('assemblies.convene.title')}</h2>
      <p>{t('assemblies.convene.intro', { count: props.invitees?.length ?? assembly.invitees.total, days: props.noticeDays })}</p>
      <form method="post" action={`/assemblies/${assembly.id}/convene`} novalidate>
        <CsrfField ctx={ctx} />
        {secondStep ? (
          <fieldset>
            <legend>{t('assemblies.convene.forceLegend')}</legend>
            <p>{t('assemblies.convene.tooShort', { days: props.noticeDays })}</p>
            <label for="field-convene-force">
              <input id="field-convene-force" type="checkbox" name="force" checked={values.force === 'on'} />
              {t('assemblies.convene.force')}
            </label>
            <TextArea
              field="convene-reason"
              name="reason"
              label={t('assemblies.convene.reason')}
              value={values.reason}
              errors={props.errors}
              hint={t('assemblies.convene.reasonHint')}
              maxLength={2000}
            />
          </fieldset>
        ) : null}
        <button type="submit">{t(secondStep ? 'assemblies.convene.submitForced' : 'assemblies.convene.submit')}</button>
      </form>
    </section>
  );
}

function QuorumSection(props: AssemblyPageProps) {
  const { ctx } = props;
  const q = props.assembly.quorum!;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="quorum-title">
      <h2 id="quorum-title">{t('assemblies.quorum.title')}</h2>
      <p role="status">
        <strong>{t(q.reached ? 'assemblies.quorum.reached' : 'assemblies.quorum.missed')}</strong>{' '}
        {t('assemblies.quorum.detail', { present: q.present, represented: q.represented, total: q.present + q.represented, required: q.required, voters: q.voters })}
      </p>
      <progress value={Math.min(q.present + q.represented, q.required)} max={Math.max(q.required, 1)} aria-label={t('assemblies.quorum.title')} />
    </section>
  );
}

function DocumentsSection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const { t } = ctx.i18n;
  const values = props.form === 'document' ? props.values : {};
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('assemblies.documents.title')}</h2>
      {assembly.documents.length === 0 ? (
        <p>{t('assemblies.documents.none')}</p>
      ) : (
        <ul>
          {assembly.documents.map((d) => (
            <li>
              {d.url ? (
                <a href={d.url} rel="noopener noreferrer">
                  {d.title}
                </a>
              ) : (
                <a href={`/assemblies/${assembly.id}/documents/${d.id}`} download={d.filename ?? undefined}>
                  {d.title}
                </a>
              )}
              {d.filename ? <small class="muted"> ({d.filename})</small> : null}
            </li>
          ))}
        </ul>
      )}
      {assembly.allowedActions.includes('addDocument') ? (
        <form method="post" action={`/assemblies/${assembly.id}/documents`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('assemblies.documents.add')}</legend>
            <Input field="document-title" name="title" label={t('assemblies.documents.docTitle')} value={values.title} errors={props.errors} required maxLength={200} />
            <Input
              field="document-url"
              name="url"
              type="url"
              label={t('assemblies.documents.url')}
              value={values.url}
              errors={props.errors}
              hint={t('assemblies.documents.urlHint')}
              maxLength={500}
            />
            <Input field="document-file" name="file" type="file" label={t('assemblies.documents.file')} errors={props.errors} hint={t('assemblies.documents.fileHint')} />
          </fieldset>
          <button type="submit">{t('assemblies.documents.submit')}</button>
        </form>
      ) : null}
    </section>
  );
}

function InviteesSection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const { t } = ctx.i18n;
  const { total, voters, answered } = assembly.invitees;
  return (
    <section aria-labelledby="invitees-title">
      <h2 id="invitees-title">{t('assemblies.invitees.title')}</h2>
      <p>
        {t(assembly.status === 'draft' ? 'assemblies.invitees.wouldBe' : 'assemblies.invitees.summary', { total, voters })}{' '}
        {assembly.status === 'draft' ? null : t('assemblies.invitees.answered', { yes: answered.yes, no: answered.no, maybe: answered.maybe })}
      </p>
      {props.invitees ? (
        <InviteeTable ctx={ctx} assemblyId={assembly.id} invitees={props.invitees} canCheckIn={assembly.allowedActions.includes('checkIn')} timeZone={props.timeZone} />
      ) : null}
    </section>
  );
}

function ResolutionsSection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const { t } = ctx.i18n;
  const values = props.form === 'resolution' ? props.values : {};
  if (assembly.resolutions.length === 0 && !assembly.allowedActions.includes('addResolution')) return null;
  return (
    <section aria-labelledby="resolutions-title">
      <h2 id="resolutions-title">{t('assemblies.resolutions.title')}</h2>
      {assembly.resolutions.length === 0 ? <p>{t('assemblies.resolutions.none')}</p> : null}
      {assembly.resolutions.map((r) => (
        <ResolutionView {...props} resolution={r} />
      ))}
      {assembly.allowedActions.includes('addResolution') ? (
        <form method="post" action={`/assemblies/${assembly.id}/resolutions`} novalidate>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('assemblies.resolutions.add')}</legend>
            <Input field="resolution-title" name="title" label={t('assemblies.resolutions.resTitle')} value={values.title} errors={props.errors} required maxLength={200} />
            <TextArea field="resolution-text" name="text" label={t('assemblies.resolutions.text')} value={values.text} errors={props.errors} maxLength={5000} />
            <Select
              field="resolution-majority"
              name="majority"
              label={t('assemblies.resolutions.majority')}
              value={values.majority ?? 'simple'}
              options={[
                { value: 'simple', label: t('assemblies.majority.simple') },
                { value: 'two_thirds', label: t('assemblies.majority.two_thirds') },
              ]}
              errors={props.errors}
            />
          </fieldset>
          <button type="submit">{t('assemblies.resolutions.submit')}</button>
        </form>
      ) : null}
    </section>
  );
}

function ResolutionView(props: AssemblyPageProps & { resolution: Resolution }) {
  const { ctx, assembly, resolution: r } = props;
  const { t } = ctx.i18n;
  const can = (action: string) => assembly.allowedActions.includes(action);
  const base = `/assemblies/${assembly.id}/resolutions/${r.id}`;
  const countsForm = `counts-${r.id}`;
  const counts = props.form === countsForm ? props.values : {};
  const voted = assembly.me?.votedOn.includes(r.id) ?? false;
  // Who votes in person also votes for the absent members whose proxy they hold.
  const proxies = assembly.me?.holdsProxiesFor.length ?? 0;
  return (
    <article id={`resolution-${r.id}`} aria-labelledby={`resolution-${r.id}-title`}>
      <h3 id={`resolution-${r.id}-title`}>{t('assemblies.resolution.heading', { position: r.position, title: r.title })}</h3>
      {r.text ? <p class="pre-line">{r.text}</p> : null}
      <ul>
        <li>
          {labelled(ctx, t('assemblies.resolutions.majority'))} {t(`assemblies.majority.${r.majority}`)}
        </li>
        <li>
          {labelled(ctx, t('assemblies.field.status'))} {t(`assemblies.resolution.status.${r.status}`)}
        </li>
        {r.votes ? (
          <li>
            {labelled(ctx, t(r.method === 'show_of_hands' ? 'assemblies.resolution.hands' : 'assemblies.resolution.votes'))}{' '}
            {t('assemblies.resolution.count', { for: r.votes.for, against: r.votes.against, abstain: r.votes.abstain })}
          </li>
        ) : null}
        {r.result ? (
          <li>
            {labelled(ctx, t('assemblies.resolution.result'))} <strong>{t(`assemblies.resolution.result.${r.result}`)}</strong>
          </li>
        ) : null}
      </ul>
      {r.status === 'proposed' && can('openResolution') ? (
        <form method="post" action={`${base}/open`}>
          <CsrfField ctx={ctx} />
          <button type="submit">{t('assemblies.resolution.open', { title: r.title })}</button>
        </form>
      ) : null}
      {r.status === 'open' && can('vote') ? (
        voted ? (
          <p>{t('assemblies.resolution.voted')}</p>
        ) : r.method === 'show_of_hands' ? (
          <p>{t('assemblies.resolution.byHands')}</p>
        ) : !assembly.me?.checkedInAt ? (
          <p>{t('assemblies.resolution.checkInFirst')}</p>
        ) : (
          <form method="post" action={`${base}/vote`}>
            <CsrfField ctx={ctx} />
            {proxies > 0 ? <p>{t('assemblies.resolution.withProxies', { count: proxies })}</p> : null}
            <div role="group" aria-label={t('assemblies.resolution.yourVote')}>
              {(['for', 'against', 'abstain'] as const).map((choice) => (
                <button type="submit" name="choice" value={choice}>
                  {t(`assemblies.vote.${choice}`)}
                </button>
              ))}
            </div>
          </form>
        )
      ) : null}
      {r.status === 'open' && r.method !== 'individual' && can('recordCounts') ? (
        <form method="post" action={`${base}/counts`} novalidate>
          <CsrfField ctx={ctx} />
          <fieldset id={`field-${countsForm}-counts`}>
            <legend>{t('assemblies.resolution.countsLegend')}</legend>
            <div class="grid">
              {(['for', 'against', 'abstain'] as const).map((name) => (
                <Input field={`${countsForm}-${name}`} name={name} type="number" min={0} label={t(`assemblies.vote.${name}`)} value={counts[name]} errors={props.errors} />
              ))}
            </div>
          </fieldset>
          <button type="submit" class="secondary">
            {t('assemblies.resolution.countsSubmit')}
          </button>
        </form>
      ) : null}
      {r.status === 'open' && can('closeResolution') ? (
        <form method="post" action={`${base}/close`}>
          <CsrfField ctx={ctx} />
          <button type="submit">{t('assemblies.resolution.close', { title: r.title })}</button>
        </form>
      ) : null}
    </article>
  );
}
