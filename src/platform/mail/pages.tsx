import { CursorQuery } from '../http/input.js';
import type { App } from '../http/types.js';
import type { PageDeps } from '../http/page.js';
import type { createAuditService } from '../audit/service.js';
import { Layout, sendHtml, type PageContext } from '../http/page.js';
import type { LoggedMail } from '../audit/service.js';

function MailPage(props: { ctx: PageContext; items: LoggedMail[]; smtpHost: string | null; nextCursor: string | null }) {
  const { ctx, items } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('mail.admin.title')}>
      <h1 id="mail-title">{t('mail.admin.title')}</h1>
      {props.smtpHost ? <p>{t('mail.admin.smtp', { host: props.smtpHost })}</p> : <p role="note">{t('mail.admin.noSmtp')}</p>}
      {items.length === 0 ? (
        <p>{t('mail.admin.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table aria-labelledby="mail-title">
            <thead>
              <tr>
                <th scope="col">{t('mail.admin.created')}</th>
                <th scope="col">{t('mail.admin.to')}</th>
                <th scope="col">{t('mail.admin.subject')}</th>
                <th scope="col">{t('mail.admin.status')}</th>
                <th scope="col">{t('mail.admin.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr>
                  <td>
                    <time dateTime={m.createdAt}>{ctx.i18n.dateTime(m.createdAt)}</time>
                  </td>
                  {/* A mail about a moderation report: the service withheld whom it went to and what it says. */}
                  <td>{m.recipientWithheld ? <em>{t('mail.admin.recipientWithheld')}</em> : m.to}</td>
                  <td>{m.recipientWithheld ? '—' : m.subject}</td>
                  <td>
                    {t(`mail.status.${m.status}`)}
                    {m.lastError && m.status !== 'sent' ? <small> — {m.lastError}</small> : null}
                  </td>
                  <td>{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor ? (
        <p>
          <a href={`/admin/mail?${new URLSearchParams({ cursor: props.nextCursor }).toString()}`} rel="next">
            {t('common.next')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The mail log for administrators; it says plainly when no SMTP server sends the mails. */
export function mailPages(app: App, deps: PageDeps<{ audit: ReturnType<typeof createAuditService> }>): void {
  const { services, pageContext, config } = deps;
  app.get('/admin/mail', { config: { policy: 'mail.read', page: true }, schema: { querystring: CursorQuery } }, async (request, reply) => {
    const { cursor: asked } = request.query;
    const cursor = asked !== undefined && asked.length <= 64 ? asked : undefined;
    const [ctx, page] = await Promise.all([pageContext(request), services.audit.mails({ cursor, limit: 50 })]);
    // The host only: the URL may carry the SMTP password.
    const smtpHost = config.SMTP_URL ? new URL(config.SMTP_URL).host : null;
    return sendHtml(reply, <MailPage ctx={ctx} items={page.items} smtpHost={smtpHost} nextCursor={page.nextCursor} />);
  });
}
