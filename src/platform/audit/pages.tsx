import { Type } from '@sinclair/typebox';
import type { App } from '../http/types.js';
import type { PageDeps } from '../http/page.js';
import type { createAuditService } from './service.js';
import { Layout, sendHtml } from '../http/page.js';
import { describeAction } from './describe.js';

export function auditPages(app: App, deps: PageDeps<{ audit: ReturnType<typeof createAuditService> }>): void {
  const { services, pageContext } = deps;
  const query = Type.Object({ subjectType: Type.Optional(Type.String()), subjectId: Type.Optional(Type.String()), cursor: Type.Optional(Type.String()) });
  app.get('/audit', { config: { policy: 'audit.read', page: true }, schema: { querystring: query } }, async (request, reply) => {
    const query = request.query;
    const ctx = await pageContext(request);
    const { t } = ctx.i18n;
    const { items, nextCursor } = await services.audit.list({
      subjectType: query.subjectType || undefined,
      subjectId: query.subjectId || undefined,
      cursor: query.cursor || undefined,
      limit: 100,
    });
    const next = new URLSearchParams({
      ...(query.subjectType ? { subjectType: query.subjectType } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(nextCursor ? { cursor: nextCursor } : {}),
    });
    return sendHtml(
      reply,
      <Layout ctx={ctx} title={t('audit.title')}>
        <h1>{t('audit.title')}</h1>
        <p>{t('audit.intro')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.col.when')}</th>
              <th scope="col">{t('audit.col.who')}</th>
              <th scope="col">{t('audit.col.action')}</th>
              <th scope="col">{t('audit.col.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>
                  <time dateTime={e.at}>{ctx.i18n.dateTime(e.at)}</time>
                </td>
                <td>{e.actorId ? <a href={`/people/${e.actorId}`}>{e.actorId.slice(0, 8)}</a> : t('audit.system')}</td>
                <td>{describeAction(e.action, ctx.i18n)}</td>
                <td>{e.subjectType === 'person' ? <a href={`/people/${e.subjectId}`}>{e.subjectType}</a> : e.subjectType}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {nextCursor ? (
          <p>
            <a href={`/audit?${next.toString()}`} rel="next">
              {t('common.next')}
            </a>
          </p>
        ) : null}
      </Layout>,
    );
  });
}
