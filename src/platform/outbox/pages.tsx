import { CursorQuery, PageIdParams } from '../http/input.js';
import type { App } from '../http/types.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import { CsrfField, Layout, sendHtml, type PageContext, type PageDeps } from '../http/page.js';
import type { createOutboxService } from './service.js';

/**
 * The services the outbox pages call. People's names come from the people module, which the
 * platform does not know: any service that finds a person's display name will do.
 */
export interface OutboxPageUses {
  outbox: ReturnType<typeof createOutboxService>;
  people: { get(actor: Actor, id: string): Promise<{ displayName: string }> };
}
import { catalogue, type MessageKey, type Translator } from '../i18n/index.js';
import type { OutboxEvent } from './repository.js';

/** Whom an event is about: its subject when that is a person, else the person its payload names. */
function personOf(e: OutboxEvent): string | null {
  if (e.subjectType === 'person' && e.subjectId) return e.subjectId;
  const payload = e.payload as { personId?: unknown } | null;
  return typeof payload?.personId === 'string' ? payload.personId : null;
}

/** A topic in the reader's words; a topic added later without a translation shows as written. */
function topicName(i18n: Translator, topic: string, payload?: unknown): string {
  // A mail says which one it is (the welcome mail, a decision…) where the catalogue names it.
  const kind = (payload as { kind?: unknown } | null | undefined)?.kind;
  const specific = topic === 'mail.send' && typeof kind === 'string' ? `outbox.topic.mail.${kind}` : null;
  const strings = catalogue(i18n.locale);
  if (specific && specific in strings) return i18n.t(specific as MessageKey);
  const key = `outbox.topic.${topic}`;
  return key in strings ? i18n.t(key as MessageKey) : topic;
}

/** Where delivery stands, for people who need not know what an outbox is. */
function deliveryState(i18n: Translator, e: OutboxEvent): string {
  if (e.deadAt) return i18n.t('outbox.dead', { date: i18n.dateTime(e.deadAt), error: e.lastError ?? '' });
  if (e.deliveredAt) return i18n.t('outbox.delivered', { date: i18n.dateTime(e.deliveredAt) });
  if (e.attempts > 0) return i18n.t('outbox.retrying', { count: e.attempts, error: e.lastError ?? '' });
  return i18n.t('outbox.waiting');
}

async function namesOf(services: OutboxPageUses, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    try {
      names.set(id, (await services.people.get(actor, id)).displayName);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    }
  }
  return names;
}

function DeadLetters(props: { ctx: PageContext; items: OutboxEvent[]; names: Map<string, string>; giveUpAfterHours: number }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby="dead-title">
      <h2 id="dead-title">{t('outbox.dead.title')}</h2>
      <p>{t('outbox.dead.intro', { hours: props.giveUpAfterHours })}</p>
      <ul>
        {props.items.map((e) => {
          const personId = personOf(e);
          const name = personId ? props.names.get(personId) : undefined;
          return (
            <li>
              <strong>{topicName(ctx.i18n, e.topic, e.payload)}</strong>
              {name ? ` — ${name}` : ''} — {deliveryState(ctx.i18n, e)}
              <form method="post" action={`/admin/outbox/${e.id}/retry`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="secondary" aria-label={t('outbox.retry.label', { topic: topicName(ctx.i18n, e.topic) })}>
                  {t('outbox.retry')}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function OutboxPage(props: {
  ctx: PageContext;
  items: OutboxEvent[];
  dead: OutboxEvent[];
  counts: { pending: number; dead: number };
  giveUpAfterHours: number;
  names: Map<string, string>;
  nextCursor: string | null;
}) {
  const { ctx, items, names } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('outbox.title')}>
      <h1 id="outbox-title">{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      <p>{t('outbox.counts', props.counts)}</p>
      <DeadLetters ctx={ctx} items={props.dead} names={names} giveUpAfterHours={props.giveUpAfterHours} />
      {items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table aria-labelledby="outbox-title">
            <thead>
              <tr>
                <th scope="col">{t('outbox.col.topic')}</th>
                <th scope="col">{t('outbox.col.person')}</th>
                <th scope="col">{t('outbox.col.created')}</th>
                <th scope="col">{t('outbox.col.delivery')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => {
                const personId = personOf(e);
                const name = personId ? names.get(personId) : undefined;
                return (
                  <tr>
                    <td>{topicName(ctx.i18n, e.topic, e.payload)}</td>
                    <td>{personId && name ? <a href={`/people/${personId}`}>{name}</a> : '—'}</td>
                    <td>
                      <time dateTime={e.createdAt}>{ctx.i18n.dateTime(e.createdAt)}</time>
                    </td>
                    <td>{deliveryState(ctx.i18n, e)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor ? (
        <p>
          <a href={`/admin/outbox?${new URLSearchParams({ cursor: props.nextCursor }).toString()}`} rel="next">
            {t('common.next')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The administrators' view of the outbox: what decisions caused to be sent, newest first. */
export function outboxPages(app: App, deps: PageDeps<OutboxPageUses>): void {
  const { services, pageContext } = deps;
  app.get('/admin/outbox', { config: { policy: 'outbox.read', page: true }, schema: { querystring: CursorQuery } }, async (request, reply) => {
    const { cursor: asked } = request.query;
    const cursor = asked !== undefined && asked.length <= 64 ? asked : undefined;
    const [ctx, page, dead, counts] = await Promise.all([
      pageContext(request),
      services.outbox.list({ cursor, limit: 50 }),
      services.outbox.list({ state: 'dead', limit: 50 }),
      services.outbox.counts(),
    ]);
    const names = await namesOf(
      services,
      request.actor,
      [...page.items, ...dead.items].map(personOf).filter((id): id is string => id !== null),
    );
    return sendHtml(
      reply,
      <OutboxPage
        ctx={ctx}
        items={page.items}
        dead={dead.items}
        counts={counts}
        giveUpAfterHours={deps.config.OUTBOX_GIVE_UP_AFTER_HOURS}
        names={names}
        nextCursor={page.nextCursor}
      />,
    );
  });

  app.post('/admin/outbox/:id/retry', { config: { policy: 'outbox.retry', page: true }, schema: { params: PageIdParams } }, async (request, reply) => {
    await services.outbox.retry(request.actor, request.params.id);
    return reply.redirect('/admin/outbox?notice=notice.outboxRetried', 303);
  });
}
