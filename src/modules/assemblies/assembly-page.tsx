import { CsrfField, ErrorSummary, Layout } from '../../platform/http/page.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { MinutesRecordForm } from '../sessions/minutes-record-form.js';
import { assemblyForMinutes } from './minutes-record.js';
import type { AssemblyPageProps } from './assembly-page-props.js';
import { AgendaList, AssemblyFacts, PlaceSummary, ProxyForm, RsvpForm, rsvpKey } from './rsvp-page.js';
import { InviteeBrowser } from './invitee-browser.js';
import { ResolutionsSection } from './resolutions.js';
import { AmendmentWarning, EditableItem, RemoveButton } from './agenda-editor.js';
import { Input, TextArea, labelled } from '../../platform/http/ui/form-controls.js';

/*
 * An assembly's page: what it is, the reader's own place, then each stage as the service allows
 * it to the reader (allowedActions) — preparing (agenda, documents), convening, opening, the
 * quorum and the check-in on the day, the resolutions, closing — and the links to the sheet and
 * the minutes.
 */

export function AssemblyPage(props: AssemblyPageProps) {
  const { ctx, assembly, timeZone } = props;
  const { t } = ctx.i18n;
  const can = (action: string) => assembly.allowedActions.includes(action);
  const when = (instant: string) => formatMeetingDate(instant, ctx.i18n.locale, timeZone);
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
      {assembly.convenedAt || assembly.openedAt || assembly.closedAt ? (
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
      ) : null}
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
        {can('changeAgenda') ? (
          <>
            <AmendmentWarning ctx={ctx} assembly={assembly} />
            {assembly.agenda.length === 0 ? (
              <p>{t('assemblies.agenda.none')}</p>
            ) : (
              <ol>
                {assembly.agenda.map((item) => (
                  <EditableItem ctx={ctx} assembly={assembly} item={item} errors={props.errors} />
                ))}
              </ol>
            )}
          </>
        ) : (
          <AgendaList ctx={ctx} agenda={assembly.agenda} />
        )}
        {can('addItem') ? (
          <form method="post" action={`/assemblies/${assembly.id}/items`} novalidate>
            <CsrfField ctx={ctx} />
            <fieldset>
              <legend>{t('assemblies.agenda.add')}</legend>
              <Input
                field="item-title"
                name="title"
                label={t('assemblies.agenda.itemTitle')}
                value={valuesOf('item').title}
                errors={props.errors}
                required
                maxLength={200}
              />
              <TextArea
                field="item-body"
                name="body"
                label={t('assemblies.agenda.itemBody')}
                value={valuesOf('item').body}
                errors={props.errors}
                maxLength={5000}
              />
            </fieldset>
            <button type="submit">{t('assemblies.agenda.submit')}</button>
          </form>
        ) : null}
      </section>
      <DocumentsSection {...props} />
      <InviteesSection {...props} />
      <ResolutionsSection {...props} />
      {props.presentForMinutes !== null || assembly.minutesApprovedAt ? (
        <MinutesRecordForm
          ctx={ctx}
          timeZone={props.timeZone}
          meeting={assemblyForMinutes(assembly)}
          action={`/assemblies/${assembly.id}/minutes`}
          present={props.presentForMinutes ?? []}
          items={assembly.agenda.map((item) => ({ id: item.id, title: item.title, deliberations: item.deliberations }))}
          mayWrite={props.presentForMinutes !== null}
          values={props.form === 'minutes' ? props.values : {}}
          errors={props.errors}
        />
      ) : null}
      {can('close') ? (
        <section aria-labelledby="close-title">
          <h2 id="close-title">{t('assemblies.close.title')}</h2>
          <p>{t('assemblies.close.intro')}</p>
          <form method="post" action={`/assemblies/${assembly.id}/close`}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="irreversible">
              {t('assemblies.close.submit')}
            </button>
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
  // The other ends of my proxies are named by my place itself, on this page of invitees or not.
  const names = {
    ...props.invitees?.names,
    ...Object.fromEntries((props.invitees?.items ?? []).map((i) => [i.personId, i.displayName])),
    ...me.names,
  };
  return (
    <section aria-labelledby="me-title">
      <h2 id="me-title">{t('assemblies.me.title')}</h2>
      <PlaceSummary ctx={ctx} timeZone={props.timeZone} invitee={me} names={names} />
      {can('rsvp') ? (
        <RsvpForm ctx={ctx} action={`/assemblies/${assembly.id}/rsvp`} rsvp={me.rsvp} />
      ) : (
        <p>
          {labelled(ctx, t('assemblies.rsvp.current'))} {t(rsvpKey(me.rsvp))}
        </p>
      )}
      {can('proxy') && me.canVote && !me.checkedInAt ? (
        <>
          <h3 id="proxy-title">{t('assemblies.proxy.title')}</h3>
          <ProxyForm
            ctx={ctx}
            action={`/assemblies/${assembly.id}/proxy`}
            search={`/assemblies/${assembly.id}/proxy-holders`}
            holderId={me.proxyHolderId}
            holderName={me.proxyHolderId ? (names[me.proxyHolderId] ?? null) : null}
            matches={props.holderMatches}
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
      <p>{t('assemblies.convene.intro', { count: props.invitees?.wouldBe?.total ?? assembly.invitees.total, days: props.noticeDays })}</p>
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
        <button type="submit" class="irreversible">
          {t(secondStep ? 'assemblies.convene.submitForced' : 'assemblies.convene.submit')}
        </button>
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
        {t('assemblies.quorum.detail', {
          present: q.present,
          represented: q.represented,
          total: q.present + q.represented,
          required: q.required,
          voters: q.voters,
        })}
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
              {assembly.allowedActions.includes('changeAgenda') ? (
                <RemoveButton ctx={ctx} action={`/assemblies/${assembly.id}/documents/${d.id}/remove`} title={d.title} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {assembly.allowedActions.includes('addDocument') ? (
        <form method="post" action={`/assemblies/${assembly.id}/documents`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('assemblies.documents.add')}</legend>
            <Input
              field="document-title"
              name="title"
              label={t('assemblies.documents.docTitle')}
              value={values.title}
              errors={props.errors}
              required
              maxLength={200}
            />
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
            <Input
              field="document-file"
              name="file"
              type="file"
              label={t('assemblies.documents.file')}
              errors={props.errors}
              hint={t('assemblies.documents.fileHint')}
            />
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
  const { answered } = assembly.invitees;
  // Before the convocation nobody is convened yet: the bureau sees who would be (counted whole, shown a page at a time).
  const preview = assembly.status === 'draft' ? props.invitees?.wouldBe : null;
  const total = preview ? preview.total : assembly.invitees.total;
  const voters = preview ? preview.voters : assembly.invitees.voters;
  return (
    <section aria-labelledby="invitees-title">
      <h2 id="invitees-title">{t('assemblies.invitees.title')}</h2>
      <p>
        {t(assembly.status === 'draft' ? 'assemblies.invitees.wouldBe' : 'assemblies.invitees.summary', { total, voters, count: total })}{' '}
        {assembly.status === 'draft' ? null : t('assemblies.invitees.answered', { yes: answered.yes, no: answered.no, maybe: answered.maybe })}
      </p>
      {props.invitees ? (
        <InviteeBrowser
          ctx={ctx}
          assemblyId={assembly.id}
          page={props.invitees}
          view={props.inviteeView}
          canCheckIn={assembly.allowedActions.includes('checkIn')}
          timeZone={props.timeZone}
        />
      ) : null}
    </section>
  );
}
