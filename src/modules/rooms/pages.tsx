import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { RoomsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Labelled, Layout, errorFor, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { MessageKey, Translator } from '../../platform/i18n/index.js';
import type { OutboxEvent } from '../../platform/outbox/repository.js';
import type { RoomDelivery } from './repository.js';
import type { Drift, RoomView } from './service.js';
import { PROVIDER_KINDS, parseAudience, type DriftEntry } from './rules.js';

/** The record a page's path names, as typed: one that does not exist is the readable 404 page, as before any schema. */
const PathId = Type.Object({ id: Type.String() });

function audienceName(i18n: Translator, audience: string): string {
  const a = parseAudience(audience);
  if (!a) return audience;
  return a.kind === 'team' ? i18n.t('rooms.audience.team', { team: a.slug }) : i18n.t(`rooms.audience.${a.kind}`);
}

function driftSummary(i18n: Translator, room: RoomView): string {
  if (!room.lastDrift || !room.lastReconciledAt) return i18n.t('rooms.neverChecked');
  return `${i18n.t('rooms.driftSummary', room.lastDrift)} (${i18n.dateTime(room.lastReconciledAt)})`;
}

function RoomsPage(props: { ctx: PageContext; rooms: RoomView[]; values: Record<string, string>; errors: FieldError[]; message?: string }) {
  const { ctx, rooms } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('rooms.title')}>
      <h1 id="rooms-title">{t('rooms.title')}</h1>
      <p>{t('rooms.intro')}</p>
      {rooms.length === 0 ? (
        <p>{t('rooms.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table aria-labelledby="rooms-title">
            <thead>
              <tr>
                <th scope="col">{t('rooms.col.name')}</th>
                <th scope="col">{t('rooms.col.provider')}</th>
                <th scope="col">{t('rooms.col.audience')}</th>
                <th scope="col">{t('rooms.col.drift')}</th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((r) => (
                <tr>
                  <td>
                    <a href={`/rooms/${r.id}`}>{r.name}</a>
                  </td>
                  <td>
                    {t(`rooms.provider.${r.provider}`)}
                    {r.configured ? null : <small> ({t('rooms.notConfigured')})</small>}
                  </td>
                  <td>{audienceName(ctx.i18n, r.audience)}</td>
                  <td>{driftSummary(ctx.i18n, r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ctx.allowed('rooms.manage') ? (
        <section aria-labelledby="create-title">
          <h2 id="create-title">{t('rooms.create.title')}</h2>
          <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
          <form method="post" action="/rooms" novalidate>
            <CsrfField ctx={ctx} />
            <Labelled id="field-provider" label={t('rooms.create.provider')} required error={errorFor(props.errors, 'provider')}>
              <select id="field-provider" name="provider" required>
                {PROVIDER_KINDS.map((p) => (
                  <option value={p} selected={props.values.provider === p}>
                    {t(`rooms.provider.${p}`)}
                  </option>
                ))}
              </select>
            </Labelled>
            <Field
              name="address"
              label={t('rooms.create.address')}
              hint={t('rooms.create.addressHelp')}
              value={props.values.address}
              errors={props.errors}
              required
              maxLength={500}
            />
            <Labelled id="field-audience" label={t('rooms.create.audience')} required error={errorFor(props.errors, 'audience')}>
              <input
                id="field-audience"
                name="audience"
                list="audiences"
                value={props.values.audience ?? 'members'}
                required
                maxLength={80}
                aria-invalid={errorFor(props.errors, 'audience') ? 'true' : undefined}
              />
              <datalist id="audiences">
                <option value="members">{t('rooms.audience.members')}</option>
                <option value="contributors">{t('rooms.audience.contributors')}</option>
              </datalist>
            </Labelled>
            <Field name="name" label={t('rooms.create.name')} value={props.values.name} errors={props.errors} maxLength={120} />
            <button type="submit">{t('rooms.create.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function EntryList(props: { ctx: PageContext; title: string; entries: DriftEntry[]; id: string }) {
  if (props.entries.length === 0) return null;
  const { t } = props.ctx.i18n;
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>
        {props.title} ({props.entries.length})
      </h3>
      <ul>
        {props.entries.map((e) => (
          <li>
            {e.personId && e.displayName ? <a href={`/people/${e.personId}`}>{e.displayName}</a> : <em>{t('rooms.drift.unknownPerson')}</em>}
            {e.handle ? <code> {e.handle}</code> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DriftSection(props: { ctx: PageContext; drift: Drift }) {
  const { ctx, drift } = props;
  const { t } = ctx.i18n;
  const clean = drift.missing.length + drift.extra.length + drift.unreachable.length === 0;
  return (
    <>
      {drift.problems.map((p) => (
        <p role="alert" class="problem">
          {ctx.i18n.t(`rooms.problem.${p}` as MessageKey)}
        </p>
      ))}
      <p>{t('rooms.drift.checkedAt', { date: ctx.i18n.dateTime(drift.checkedAt) })}</p>
      {drift.membersFromProvider ? null : <p>{t('rooms.drift.ledger')}</p>}
      {clean ? <p>{t('rooms.drift.none')}</p> : null}
      <EntryList ctx={ctx} id="drift-missing" title={t('rooms.drift.missing')} entries={drift.missing} />
      <EntryList ctx={ctx} id="drift-extra" title={t('rooms.drift.extra')} entries={drift.extra} />
      <EntryList ctx={ctx} id="drift-unreachable" title={t('rooms.drift.unreachable')} entries={drift.unreachable} />
    </>
  );
}

function RoomPage(props: {
  ctx: PageContext;
  room: RoomView;
  drift: Drift | null;
  driftError: string | null;
  deliveries: RoomDelivery[];
  waiting: OutboxEvent[];
}) {
  const { ctx, room } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={room.name}>
      <p>
        <a href="/rooms">{t('rooms.title')}</a>
      </p>
      <h1>{room.name}</h1>
      <dl>
        <dt>{t('rooms.col.provider')}</dt>
        <dd>{t(`rooms.provider.${room.provider}`)}</dd>
        <dt>{t('rooms.room.address')}</dt>
        <dd>
          <code>{room.address}</code>
        </dd>
        <dt>{t('rooms.col.audience')}</dt>
        <dd>{audienceName(ctx.i18n, room.audience)}</dd>
      </dl>
      <section aria-labelledby="drift-title">
        <h2 id="drift-title">{t('rooms.drift.title')}</h2>
        {!room.configured ? <p role="alert">{t('rooms.drift.notConfigured')}</p> : null}
        {props.driftError ? <p role="alert">{t('rooms.drift.unavailable', { error: props.driftError })}</p> : null}
        {props.drift ? <DriftSection ctx={ctx} drift={props.drift} /> : null}
        {room.configured && ctx.allowed('rooms.reconcile') ? (
          <form method="post" action={`/rooms/${room.id}/reconcile`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('rooms.reconcile')}</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t('rooms.deliveries.title')}</h2>
        {props.deliveries.length === 0 ? (
          <p>{t('rooms.deliveries.empty')}</p>
        ) : (
          <table aria-labelledby="deliveries-title">
            <thead>
              <tr>
                <th scope="col">{t('rooms.deliveries.when')}</th>
                <th scope="col">{t('rooms.deliveries.who')}</th>
                <th scope="col">{t('rooms.deliveries.action')}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr>
                  <td>
                    <time dateTime={d.deliveredAt}>{ctx.i18n.dateTime(d.deliveredAt)}</time>
                  </td>
                  <td>
                    {d.personId && d.displayName ? <a href={`/people/${d.personId}`}>{d.displayName}</a> : null} <code>{d.handle}</code>
                  </td>
                  <td>{t(`rooms.action.${d.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.waiting.length > 0 ? (
          <>
            <h3>{t('rooms.pending.title')}</h3>
            <ul>
              {props.waiting.map((e) => (
                <li>
                  {e.deadAt
                    ? t('outbox.dead', { date: ctx.i18n.dateTime(e.deadAt), error: e.lastError ?? '' })
                    : e.attempts > 0
                      ? t('outbox.retrying', { count: e.attempts, error: e.lastError ?? '' })
                      : t('outbox.waiting')}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </Layout>
  );
}

/** The rooms for the bureau and administrators: drift, repair, and the last deliveries. */
export function roomsPages(app: App, deps: PageDeps<RoomsUses>): void {
  const { services, pageContext } = deps;

  async function list(request: FastifyRequest, values: Record<string, string>, errors: FieldError[], message?: string) {
    const [ctx, rooms] = await Promise.all([pageContext(request), services.rooms.list(request.actor)]);
    return <RoomsPage ctx={ctx} rooms={rooms} values={values} errors={errors} message={message} />;
  }

  app.get('/rooms', { config: { policy: 'rooms.read', page: true } }, async (request, reply) => sendHtml(reply, await list(request, {}, [])));

  app.post('/rooms', { config: { policy: 'rooms.manage', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const provider = PROVIDER_KINDS.find((p) => p === values.provider);
      if (!provider) throw new AppError('validation_failed', 'Unknown provider', [{ path: '/provider', code: 'required', message: 'choose a provider' }]);
      const room = await services.rooms.create(request.actor, { provider, address: values.address ?? '', audience: values.audience ?? '', name: values.name });
      return reply.redirect(`/rooms/${room.id}?notice=notice.roomCreated`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(reply, await list(request, values, shown.errors, shown.message), (e as AppError).status);
    }
  });

  app.get('/rooms/:id', { config: { policy: 'rooms.read', page: true }, schema: { params: PathId, hide: true } }, async (request, reply) => {
    const { id } = request.params;
    const room = await services.rooms.get(request.actor, id);
    let drift: Drift | null = null;
    let driftError: string | null = null;
    if (room.configured) {
      try {
        drift = await services.rooms.drift(request.actor, id);
      } catch (e) {
        // The page still shows the deliveries when the provider is down.
        if (!(e instanceof AppError && e.code === 'provider_unavailable')) throw e;
        driftError = e.message;
      }
    }
    const [ctx, deliveries, pending, dead] = await Promise.all([
      pageContext(request),
      services.rooms.deliveries(request.actor, id),
      services.outbox.list({ subjectId: id, state: 'pending', limit: 20 }),
      services.outbox.list({ subjectId: id, state: 'dead', limit: 20 }),
    ]);
    return sendHtml(
      reply,
      <RoomPage ctx={ctx} room={room} drift={drift} driftError={driftError} deliveries={deliveries} waiting={[...dead.items, ...pending.items]} />,
    );
  });

  app.post('/rooms/:id/reconcile', { config: { policy: 'rooms.reconcile', page: true }, schema: { params: PathId, hide: true } }, async (request, reply) => {
    const { id } = request.params;
    await services.rooms.reconcile(request.actor, id);
    return reply.redirect(`/rooms/${id}?notice=notice.roomReconciled`, 303);
  });
}
