import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { ForgesUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { Delivery, ForgeAccount, UnknownAuthor } from './repository.js';
import { identityKinds } from './rules.js';
import type { ProfileSection } from '../people/sections.js';

/** The record a page's path names, as typed: one that does not exist is the readable 404 page, as before any schema. */
const PathId = Type.Object({ id: Type.String() });

const kindKey = (k: string) => `forges.kind.${k}` as MessageKey;

/** The profile's forge accounts (ForgeAccountsSection below). */
export function forgesProfileSection(services: Pick<ForgesUses, 'forges'>): ProfileSection {
  return async (ctx, personId) => <ForgeAccountsSection ctx={ctx} accounts={await services.forges.accountsOf(ctx.actor, personId)} />;
}

/**
 * A person's forge accounts with the form to link one: on /profile and on /profile/forges (which
 * shows the form again with its errors).
 */
export function ForgeAccountsSection(props: {
  ctx: PageContext;
  accounts: ForgeAccount[];
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
}) {
  const { ctx, accounts } = props;
  const { t } = ctx.i18n;
  const values = props.values ?? {};
  const errors = props.errors ?? [];
  return (
    <section aria-labelledby="forges-title">
      <h2 id="forges-title">{t('forges.accounts.title')}</h2>
      <p>{t('forges.accounts.intro')}</p>
      {accounts.length === 0 ? (
        <p>{t('forges.accounts.empty')}</p>
      ) : (
        <ul>
          {accounts.map((a) => (
            <li>
              {t(kindKey(a.forge))} : <strong>{a.identity}</strong>{' '}
              <form method="post" action={`/profile/forges/${a.id}/delete`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="secondary outline" aria-label={t('forges.accounts.removeLabel', { identity: a.identity })}>
                  {t('forges.accounts.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/profile/forges" novalidate>
        <CsrfField ctx={ctx} />
        <div class="grid">
          <label for="field-forge">
            {t('forges.accounts.forge')}
            <select id="field-forge" name="forge">
              {identityKinds.map((k) => (
                <option value={k} selected={values.forge === k}>
                  {t(kindKey(k))}
                </option>
              ))}
            </select>
          </label>
          <Field
            name="identity"
            label={t('forges.accounts.identity')}
            value={values.identity}
            errors={errors}
            required
            maxLength={254}
            hint={t('forges.accounts.identityHint')}
          />
        </div>
        <button type="submit">{t('forges.accounts.add')}</button>
      </form>
    </section>
  );
}

function AdminPage(props: {
  ctx: PageContext;
  hooks: { forge: 'forgejo' | 'gitlab'; url: string; configured: boolean; setting: string }[];
  unknown: UnknownAuthor[];
  deliveries: Delivery[];
  /** The row whose form was refused, with what was typed and why. */
  failed?: { unknownId: string; email: string; errors: FieldError[]; message: string };
}) {
  const { ctx, failed } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('forges.admin.title')}>
      <h1>{t('forges.admin.title')}</h1>
      <p>{t('forges.admin.intro')}</p>
      <section aria-labelledby="hooks-title">
        <h2 id="hooks-title">{t('forges.admin.hooks')}</h2>
        <dl>
          {props.hooks.map((h) => (
            <>
              <dt>{t(`forges.admin.hook.${h.forge}`)}</dt>
              <dd>
                <code>{h.url}</code> — {h.configured ? t('forges.admin.configured') : t('forges.admin.notConfigured', { setting: h.setting })}
              </dd>
            </>
          ))}
        </dl>
      </section>
      <section aria-labelledby="unknown-title">
        <h2 id="unknown-title">{t('forges.admin.unknown')}</h2>
        {props.unknown.length === 0 ? (
          <p>{t('forges.admin.noUnknown')}</p>
        ) : (
          <>
            <p>{t('forges.admin.unknownIntro')}</p>
            {failed ? <ErrorSummary ctx={ctx} errors={[]} message={failed.errors[0]?.message ?? failed.message} /> : null}
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('forges.admin.col.identity')}</th>
                  <th scope="col">{t('forges.admin.col.name')}</th>
                  <th scope="col">{t('forges.admin.col.events')}</th>
                  <th scope="col">{t('forges.admin.col.lastSeen')}</th>
                  <th scope="col">{t('forges.admin.col.link')}</th>
                </tr>
              </thead>
              <tbody>
                {props.unknown.map((u) => {
                  const mine = failed?.unknownId === u.id ? failed : undefined;
                  const inputId = `link-email-${u.id}`;
                  return (
                    <tr>
                      <td>
                        {t(kindKey(u.forge))} : <strong>{u.identity}</strong>
                      </td>
                      <td>{u.displayName ?? '—'}</td>
                      <td>{u.events}</td>
                      <td>{ctx.i18n.dateTime(u.lastSeenAt)}</td>
                      <td>
                        <form method="post" action="/admin/forges/link" class="inline-form" novalidate>
                          <CsrfField ctx={ctx} />
                          <input type="hidden" name="unknownId" value={u.id} />
                          <input
                            id={inputId}
                            name="email"
                            type="email"
                            value={mine?.email ?? ''}
                            aria-label={t('forges.admin.linkLabel', { identity: u.identity })}
                            aria-invalid={mine ? 'true' : undefined}
                            required
                          />
                          <button type="submit">{t('forges.admin.link')}</button>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t('forges.admin.deliveries')}</h2>
        {props.deliveries.length === 0 ? (
          <p>{t('forges.admin.noDeliveries')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('forges.admin.col.receivedAt')}</th>
                <th scope="col">{t('forges.accounts.forge')}</th>
                <th scope="col">{t('forges.admin.col.event')}</th>
                <th scope="col">{t('forges.admin.col.recorded')}</th>
                <th scope="col">{t('forges.admin.col.unknownAuthors')}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr>
                  <td>{ctx.i18n.dateTime(d.receivedAt)}</td>
                  <td>{t(kindKey(d.forge))}</td>
                  <td>{d.event}</td>
                  <td>{d.result.recorded}</td>
                  <td>{d.result.unknownAuthors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

function AccountsPage(props: { ctx: PageContext; accounts: ForgeAccount[]; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.i18n.t('forges.accounts.title')}>
      <h1>{ctx.i18n.t('forges.accounts.title')}</h1>
      <p>
        <a href="/profile">{ctx.i18n.t('nav.profile')}</a>
      </p>
      <ForgeAccountsSection {...props} />
    </Layout>
  );
}

export function forgesPages(app: App, deps: PageDeps<ForgesUses>): void {
  const { services, pageContext, config } = deps;

  async function adminPage(request: FastifyRequest, failed?: { unknownId: string; email: string; errors: FieldError[]; message: string }) {
    const base = (config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
    const [unknown, deliveries] = await Promise.all([services.forges.unknownAuthors({ limit: 200 }), services.forges.recentDeliveries(20)]);
    const hooks = [
      { forge: 'forgejo' as const, url: `${base}/api/v1/hooks/forgejo`, configured: Boolean(config.FORGEJO_WEBHOOK_SECRET), setting: 'FORGEJO_WEBHOOK_SECRET' },
      { forge: 'gitlab' as const, url: `${base}/api/v1/hooks/gitlab`, configured: Boolean(config.GITLAB_WEBHOOK_TOKEN), setting: 'GITLAB_WEBHOOK_TOKEN' },
    ];
    return <AdminPage ctx={await pageContext(request)} hooks={hooks} unknown={unknown.items} deliveries={deliveries} failed={failed} />;
  }

  app.get('/admin/forges', { config: { policy: 'forge.unknown.read', page: true } }, async (request, reply) => sendHtml(reply, await adminPage(request)));

  app.post('/admin/forges/link', { config: { policy: 'forge.unknown.link', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    const unknownId = (values.unknownId ?? '').slice(0, 64);
    try {
      const personId = await services.people.idForEmail(values.email ?? '', 'email');
      await services.forges.linkUnknown(request.actor, unknownId, personId);
      return reply.redirect('/admin/forges?notice=notice.forgeAuthorLinked', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || (e as AppError).code === 'not_found') throw e;
      return sendHtml(reply, await adminPage(request, { unknownId, email: values.email ?? '', ...shown }), (e as AppError).status);
    }
  });

  const accountsPage = async (request: FastifyRequest, values?: Record<string, string>, errors?: FieldError[], message?: string) => {
    const accounts = await services.forges.accountsOf(request.actor, request.actor.personId!);
    return <AccountsPage ctx={await pageContext(request)} accounts={accounts} values={values} errors={errors} message={message} />;
  };

  app.get('/profile/forges', { config: { policy: 'forge.accounts.manage', page: true } }, async (request, reply) =>
    sendHtml(reply, await accountsPage(request)),
  );

  app.post('/profile/forges', { config: { policy: 'forge.accounts.manage', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      await services.forges.link(request.actor, request.actor.personId!, { forge: values.forge ?? '', identity: (values.identity ?? '').slice(0, 1000) });
      return reply.redirect('/profile?notice=notice.forgeAccountLinked#forges-title', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(reply, await accountsPage(request, values, shown.errors, shown.message), (e as AppError).status);
    }
  });

  app.post(
    '/profile/forges/:id/delete',
    { config: { policy: 'forge.accounts.manage', page: true }, schema: { params: PathId, hide: true } },
    async (request, reply) => {
      const id = request.params.id.slice(0, 64);
      await services.forges.unlink(request.actor, request.actor.personId!, id);
      return reply.redirect('/profile?notice=notice.forgeAccountUnlinked#forges-title', 303);
    },
  );
}
