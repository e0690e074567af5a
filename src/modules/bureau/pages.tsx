import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParams } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { BureauUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { PersonPicker, matchesFor } from '../people/picker.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { ConfirmationPage, isConfirmed } from '../../platform/http/confirmation.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { BureauChange, OfficeTerm } from './repository.js';
import { isOffice, OFFICES } from './rules.js';

const officeKey = (o: string) => `bureau.office.${o}` as MessageKey;

/** The warning beside an office held (or proposed) for someone who is not a member today (appointmentWarnings). */
function NotAMember(props: { ctx: PageContext; show: boolean }) {
  if (!props.show) return null;
  return (
    <>
      {' '}
      <strong class="warning">{props.ctx.i18n.t('bureau.warning.notAMember')}</strong>
    </>
  );
}

function BureauPage(props: {
  ctx: PageContext;
  current: OfficeTerm[];
  /** Those of the current holders and the proposed appointees who are not members today. */
  notMembers: Set<string>;
  history: OfficeTerm[] | null;
  pending: BureauChange[];
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  matches?: { id: string; displayName: string }[];
}) {
  const { ctx, current } = props;
  const { t } = ctx.i18n;
  const canManage = ctx.allowed('bureau.members.manage');
  return (
    <Layout ctx={ctx} title={t('bureau.title')}>
      <h1>{t('bureau.title')}</h1>
      <p>{t('bureau.intro')}</p>
      {current.length === 0 ? (
        <p>{t('bureau.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('bureau.col.office')}</th>
              <th scope="col">{t('bureau.col.person')}</th>
              <th scope="col">{t('bureau.col.since')}</th>
              {canManage ? (
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {current.map((term) => (
              <tr>
                <td>{t(officeKey(term.office))}</td>
                <td>
                  {term.displayName}
                  <NotAMember ctx={ctx} show={props.notMembers.has(term.personId)} />
                </td>
                <td>{ctx.i18n.date(term.since)}</td>
                {canManage ? (
                  <td>
                    <form method="post" action={`/bureau/offices/${term.id}/end`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="irreversible" aria-label={t('bureau.end.label', { name: term.displayName })}>
                        {t('bureau.end')}
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.pending.length > 0 ? (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{t('bureau.pending.title')}</h2>
          <p>{t('bureau.pending.intro')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('bureau.pending.change')}</th>
                <th scope="col">{t('bureau.pending.proposedBy')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.pending.map((c) => {
                const what = t(c.kind === 'appoint' ? 'bureau.pending.appoint' : 'bureau.pending.end', {
                  name: c.displayName,
                  office: t(officeKey(c.office)),
                });
                return (
                  <tr>
                    <td>
                      {what}
                      {c.effectiveOn ? ` (${t('bureau.pending.from', { date: ctx.i18n.date(c.effectiveOn) })})` : null}
                      <NotAMember ctx={ctx} show={c.kind === 'appoint' && props.notMembers.has(c.personId)} />
                    </td>
                    <td>{c.proposedByName}</td>
                    <td>
                      {ctx.allowed('bureau.changes.confirm') && c.proposedBy !== ctx.actor.personId && c.personId !== ctx.actor.personId ? (
                        <form method="post" action={`/bureau/changes/${c.id}/confirm`} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <button type="submit" aria-label={t('bureau.pending.confirmLabel', { what })}>
                            {t('bureau.pending.confirm')}
                          </button>
                        </form>
                      ) : null}
                      <form method="post" action={`/bureau/changes/${c.id}/cancel`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="secondary" aria-label={t('bureau.pending.cancelLabel', { what })}>
                          {t('bureau.pending.cancel')}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      {canManage ? (
        <section aria-labelledby="appoint-title">
          <h2 id="appoint-title">{t('bureau.appoint.title')}</h2>
          <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
          <form method="post" action="/bureau/offices" novalidate>
            <CsrfField ctx={ctx} />
            <div class="grid">
              <PersonPicker
                ctx={ctx}
                label={t('bureau.appoint.person')}
                value={props.values.person ?? props.values.email}
                errors={props.errors}
                matches={props.matches}
              />
              <label for="field-office">
                {t('bureau.appoint.office')}
                <select id="field-office" name="office">
                  {OFFICES.map((o) => (
                    <option value={o} selected={props.values.office === o}>
                      {t(officeKey(o))}
                    </option>
                  ))}
                </select>
              </label>
              <Field name="since" type="date" label={t('bureau.appoint.since')} value={props.values.since} errors={props.errors} />
            </div>
            <button type="submit">{t('bureau.appoint.submit')}</button>
          </form>
        </section>
      ) : null}
      {props.history && props.history.length > 0 ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t('bureau.history')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('bureau.col.office')}</th>
                <th scope="col">{t('bureau.col.person')}</th>
                <th scope="col">{t('bureau.col.since')}</th>
                <th scope="col">{t('bureau.col.until')}</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map((term) => (
                <tr>
                  <td>{t(officeKey(term.office))}</td>
                  <td>{term.displayName}</td>
                  <td>{ctx.i18n.date(term.since)}</td>
                  <td>{term.until ? ctx.i18n.date(term.until) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </Layout>
  );
}

export function bureauPages(app: App, deps: PageDeps<BureauUses>): void {
  const { services, pageContext } = deps;

  async function show(request: FastifyRequest, values: Record<string, string>, errors: FieldError[], message?: string) {
    const ctx = await pageContext(request);
    const manage = ctx.allowed('bureau.members.manage');
    const history = manage ? await services.bureau.history() : null;
    const pending = manage ? await services.bureau.pending() : [];
    const matches = manage ? await matchesFor(services.people, request.actor, values, errors) : undefined;
    const current = await services.bureau.current();
    const notMembers = await services.bureau.notMembersToday([...current.map((c) => c.personId), ...pending.map((c) => c.personId)]);
    return (
      <BureauPage
        ctx={ctx}
        current={current}
        notMembers={notMembers}
        history={history}
        pending={pending}
        values={values}
        errors={errors}
        message={message}
        matches={matches}
      />
    );
  }

  app.get('/bureau', { config: { policy: 'bureau.members.list', page: true } }, async (request, reply) => sendHtml(reply, await show(request, {}, [])));

  app.post('/bureau/offices', { config: { policy: 'bureau.members.manage', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const personId = await services.people.pick(request.actor, values);
      const office = isOffice(values.office) ? values.office : 'member';
      const outcome = await services.bureau.requestAppointment(request.actor, { personId, office, since: values.since || undefined });
      // Allowed, but said at once: an office for someone who is not a member (appointmentWarnings).
      const notAMember = outcome.warnings.some((w) => w.code === 'not_a_member');
      const notice = outcome.pending
        ? notAMember
          ? 'notice.officeProposedNotAMember'
          : 'notice.officeProposed'
        : notAMember
          ? 'notice.officeChangedNotAMember'
          : 'notice.officeChanged';
      return reply.redirect(`/bureau?notice=${notice}`, 303);
    } catch (e) {
      // The API's `/personId` is this form's person picker.
      const shown = formErrorsOf(e, request.i18n, { '/personId': '/person' });
      if (!shown) throw e;
      return sendHtml(reply, await show(request, values, shown.errors, shown.message), (e as AppError).status);
    }
  });

  /** Ending an office can't be undone (a new appointment starts a new term): confirmed first, saying whose and which. */
  async function confirmEnd(request: FastifyRequest, id: string) {
    const term = (await services.bureau.current()).find((o) => o.id === id);
    if (!term) throw new AppError('not_found', `No current office ${id}`);
    const ctx = await pageContext(request);
    const { t } = ctx.i18n;
    const office = t(officeKey(term.office));
    return (
      <ConfirmationPage
        ctx={ctx}
        title={t('bureau.end.confirm.title', { name: term.displayName, office })}
        consequences={[t('bureau.end.confirm.ends', { name: term.displayName, office })]}
        action={`/bureau/offices/${encodeURIComponent(id)}/end`}
        confirmLabel={t('bureau.end.confirm.submit')}
        back="/bureau"
      />
    );
  }

  /** A refusal shown on the bureau page, with its status; anything else is the app's own error. */
  async function refused(request: FastifyRequest, reply: FastifyReply, e: unknown) {
    const shown = formErrorsOf(e, request.i18n);
    if (!shown) throw e;
    return sendHtml(reply, await show(request, {}, shown.errors, shown.message), (e as AppError).status);
  }

  app.post('/bureau/offices/:id/end', { config: { policy: 'bureau.members.manage', page: true }, schema: { params: IdParams } }, async (request, reply) => {
    try {
      if (!isConfirmed(formFields(request.body))) return sendHtml(reply, await confirmEnd(request, request.params.id));
      const outcome = await services.bureau.requestEnd(request.actor, request.params.id);
      return reply.redirect(`/bureau?notice=${outcome.pending ? 'notice.officeProposed' : 'notice.officeChanged'}`, 303);
    } catch (e) {
      return refused(request, reply, e);
    }
  });

  app.post(
    '/bureau/changes/:id/confirm',
    { config: { policy: 'bureau.changes.confirm', page: true }, schema: { params: IdParams } },
    async (request, reply) => {
      try {
        await services.bureau.confirm(request.actor, request.params.id);
        return reply.redirect('/bureau?notice=notice.officeChanged', 303);
      } catch (e) {
        return refused(request, reply, e);
      }
    },
  );

  app.post('/bureau/changes/:id/cancel', { config: { policy: 'bureau.members.manage', page: true }, schema: { params: IdParams } }, async (request, reply) => {
    try {
      await services.bureau.cancel(request.actor, request.params.id);
      return reply.redirect('/bureau?notice=notice.changeCancelled', 303);
    } catch (e) {
      return refused(request, reply, e);
    }
  });
}
