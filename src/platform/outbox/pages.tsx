import type { App } from '../http/types.js';
import type { PageDeps } from '../../app.js';
import type { Actor } from '../auth/actor.js';
import type { Services } from '../../container.js';
import { AppError } from '../errors.js';
import { Layout, sendHtml, type PageContext } from '../http/page.js';
import { catalogue, type MessageKey, type Translator } from '../i18n/index.js';
import type { OutboxEvent } from './repository.js';

/** Whom an event is about: its subject when that is a person, else the person its payload names. */
function personOf(e: OutboxEvent): string | null {
  if (e.subjectType === 'person' && e.subjectId) return e.subjectId;
  const payload = e.payload as { personId?: unknown } | null;
  return typeof payload?.personId === 'string' ? payload.personId : null;
}

/** A topic in the reader's words; a topic added later without a translation shows as written. */
function topicName(i18n: Translator, topic: string): string {
  const key = `outbox.topic.${topic}`;
  return key in catalogue(i18n.locale) ? i18n.t(key as MessageKey) : topic;
}

/** Where delivery stands, for people who need not know what an outbox is. */
function deliveryState(i18n: Translator, e: OutboxEvent): string {
  if (e.deliveredAt) return i18n.t('outbox.delivered', { date: i18n.dateTime(e.deliveredAt) });
  if (e.attempts > 0) return i18n.t('outbox.retrying', { attempts: e.attempts, error: e.lastError ?? '' });
  return i18n.t('outbox.waiting');
}

async function namesOf(services: Services, actor: Actor, ids: string[]): Promise<Map<string, string>> {
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

function OutboxPage(props: { ctx: PageContext; items: OutboxEvent[]; names: Map<string, string>; nextCursor: string | null }) {
  const { ctx, items, names } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('outbox.title')}>
      <h1 id="outbox-title">{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
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
                    <td>{topicName(ctx.i18n, e.topic)}</td>
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
export function outboxPages(app: App, deps: PageDeps): void {
  const { services, pageContext } = deps;
  app.get('/admin/outbox', { config: { policy: 'outbox.read', page: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 64 ? query.cursor : undefined;
    const [ctx, page] = await Promise.all([pageContext(request), services.outbox.list({ cursor, limit: 50 })]);
    const names = await namesOf(
      services,
      request.actor,
      page.items.map(personOf).filter((id): id is string => id !== null),
    );
    return sendHtml(reply, <OutboxPage ctx={ctx} items={page.items} names={names} nextCursor={page.nextCursor} />);
  });
}
