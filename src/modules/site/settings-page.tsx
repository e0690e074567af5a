import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { SiteUses } from './uses.js';
import type { Config } from '../../platform/config.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, TextareaField, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf } from '../../platform/http/forms.js';
import type { AssociationSettings } from '../../platform/settings/schema.js';

/** The server-level settings shown (read-only) to the bureau: what a sysadmin sets in the environment. */
const SERVER_SETTINGS = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'EQUIPAGE_SECRET',
  'TIMEZONE',
  'TOTP_REQUIRED_FOR',
  'TRUST_PROXY',
  'MATRIX_HOMESERVER_URL',
  'MATRIX_ACCESS_TOKEN',
  'XMPP_SERVICE',
  'XMPP_JID',
  'XMPP_PASSWORD',
  'FORGEJO_WEBHOOK_SECRET',
  'GITLAB_WEBHOOK_TOKEN',
  'WEBHOOK_SECRET',
  'REQUEST_CATEGORIES',
] as const satisfies readonly (keyof Config)[];

/**
 * A server setting as the page shows it: secrets only as "set", and an address without the
 * credentials it may carry (`postgres://user:password@host` shows as `postgres://***@host`).
 */
export function redactedSetting(name: string, value: unknown): { hidden: boolean; text: string | null } {
  if (value === undefined || value === null || value === '') return { hidden: false, text: null };
  if (/SECRET|TOKEN|PASSWORD/.test(name)) return { hidden: true, text: null };
  return { hidden: false, text: String(value).replace(/\/\/[^/@\s]*@/, '//***@') };
}

const SettingsBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  version: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  requestCategories: Type.Optional(Type.String({ maxLength: 4000 })),
  mailFooter: Type.Optional(Type.String({ maxLength: 4000 })),
  joinTextFr: Type.Optional(Type.String({ maxLength: 8000 })),
  joinTextEn: Type.Optional(Type.String({ maxLength: 8000 })),
  membersTextFr: Type.Optional(Type.String({ maxLength: 8000 })),
  membersTextEn: Type.Optional(Type.String({ maxLength: 8000 })),
  membersRoom: Type.Optional(Type.String({ maxLength: 1000 })),
});

const IdentityBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 20000 })),
});

interface SettingsPageProps {
  ctx: PageContext;
  identity: { name: string; description: string };
  settings: AssociationSettings;
  version: number;
  config: Config;
  errors: FieldError[];
  message?: string;
  /** The teams a request category goes to that have nobody on their roster: their requests will wait. */
  waitingTeams?: string[];
}

function ServerSettings(props: { ctx: PageContext; config: Config }) {
  const { t } = props.ctx.i18n;
  return (
    <section aria-labelledby="server-settings">
      <h2 id="server-settings">{t('settings.server.title')}</h2>
      <p>{t('settings.server.intro')}</p>
      <div class="overflow-auto">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.server.name')}</th>
              <th scope="col">{t('settings.server.value')}</th>
            </tr>
          </thead>
          <tbody>
            {SERVER_SETTINGS.map((name) => {
              const shown = redactedSetting(name, props.config[name]);
              return (
                <tr>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    {shown.hidden ? (
                      t('settings.server.hidden')
                    ) : shown.text === null ? (
                      <span class="muted">{t('settings.server.unset')}</span>
                    ) : (
                      <code>{shown.text}</code>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SettingsPage(props: SettingsPageProps) {
  const { ctx, errors, settings } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('site.settings.title')}>
      <h1>{t('site.settings.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/admin/settings" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="name" label={t('site.settings.name')} value={props.identity.name} errors={errors} required maxLength={120} />
        <TextareaField name="description" label={t('site.settings.description')} value={props.identity.description} errors={errors} rows={6} />
        <button type="submit">{t('common.save')}</button>
      </form>
      <section aria-labelledby="association-settings">
        <h2 id="association-settings">{t('settings.association.title')}</h2>
        <p>{t('settings.association.intro')}</p>
        <form method="post" action="/admin/settings/association" novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(props.version)} />
          <Field
            name="requestCategories"
            label={t('settings.requestCategories')}
            value={settings.requestCategories}
            errors={errors}
            hint={t('settings.requestCategoriesHint')}
            required
            maxLength={2000}
          />
          {(props.waitingTeams ?? []).map((team) => (
            <p role="note" class="warning">
              {t('requests.nobodyOnTeam', { team })}
            </p>
          ))}
          <TextareaField
            name="mailFooter"
            label={t('settings.mailFooter')}
            value={settings.mailFooter}
            errors={errors}
            hint={t('settings.mailFooterHint')}
            rows={2}
            maxLength={1000}
          />
          <TextareaField
            name="joinTextFr"
            label={t('settings.joinText.fr')}
            value={settings.joinText.fr}
            errors={errors}
            hint={t('settings.textHint')}
            rows={3}
          />
          <TextareaField
            name="joinTextEn"
            label={t('settings.joinText.en')}
            value={settings.joinText.en}
            errors={errors}
            hint={t('settings.textHint')}
            rows={3}
          />
          <TextareaField
            name="membersTextFr"
            label={t('settings.membersText.fr')}
            value={settings.membersText.fr}
            errors={errors}
            hint={t('settings.textHint')}
            rows={3}
          />
          <TextareaField
            name="membersTextEn"
            label={t('settings.membersText.en')}
            value={settings.membersText.en}
            errors={errors}
            hint={t('settings.textHint')}
            rows={3}
          />
          <Field
            name="membersRoom"
            label={t('settings.membersRoom')}
            value={settings.membersRoom}
            errors={errors}
            hint={t('settings.membersRoomHint')}
            maxLength={300}
          />
          <button type="submit">{t('common.save')}</button>
        </form>
      </section>
      <ServerSettings ctx={ctx} config={props.config} />
      {ctx.allowed('forge.unknown.read') ? (
        <p>
          <a href="/admin/forges">{t('forges.admin.settingsLink')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** Field paths of the settings' schema (`/joinText/fr`) as the form names them (`joinTextFr`). */
function formPath(e: FieldError): FieldError {
  return { ...e, path: e.path.replace(/^\/(joinText|membersText)\/(fr|en)$/, (_m, k: string, l: string) => `/${k}${l === 'fr' ? 'Fr' : 'En'}`) };
}

/** /admin/settings: the association's name and texts, what the bureau sets, and the server's settings read-only. */
export function settingsPages(app: App, deps: PageDeps<SiteUses>): void {
  const { services, pageContext, config } = deps;
  const settings = { policy: 'site.settings', page: true };

  async function show(request: FastifyRequest, over: Partial<SettingsPageProps> = {}) {
    const [a, stored, categories, teams] = await Promise.all([
      services.settings.association(),
      services.settings.current(),
      services.requests.categories(),
      services.teams.names(),
    ]);
    const ctx = await pageContext(request);
    // A category routed to a team with nobody on it is allowed, and warned of: its requests will wait.
    const routed = teams.filter((tm) => categories.some((c) => c.teamSlug === tm.slug));
    const empty = await services.requests.teamsWithNobody(routed.map((tm) => tm.id));
    return (
      <SettingsPage
        ctx={ctx}
        waitingTeams={routed.filter((tm) => empty.has(tm.id)).map((tm) => tm.name[ctx.i18n.locale])}
        identity={{ name: a.name, description: a.description }}
        settings={stored.values}
        version={stored.version}
        config={config}
        errors={[]}
        {...over}
      />
    );
  }

  app.get('/admin/settings', { config: settings }, async (request, reply) => sendHtml(reply, await show(request)));

  app.post('/admin/settings', { config: settings, schema: { body: IdentityBody, hide: true } }, async (request, reply) => {
    const values = { name: request.body.name ?? '', description: request.body.description ?? '' };
    try {
      await services.settings.updateAssociation(request.actor, values);
      return reply.redirect('/admin/settings?notice=notice.saved', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      return sendHtml(reply, await show(request, { identity: values, errors: shown.errors, message: shown.message }), (e as AppError).status);
    }
  });

  app.post('/admin/settings/association', { config: settings, schema: { body: SettingsBody, hide: true } }, async (request, reply) => {
    const b = request.body;
    // A field left out keeps its value (an empty body changes nothing); the form sends them all.
    const current = await services.settings.current();
    const now = current.values;
    const values: AssociationSettings = {
      requestCategories: b.requestCategories ?? now.requestCategories,
      mailFooter: b.mailFooter ?? now.mailFooter,
      joinText: { fr: b.joinTextFr ?? now.joinText.fr, en: b.joinTextEn ?? now.joinText.en },
      membersText: { fr: b.membersTextFr ?? now.membersText.fr, en: b.membersTextEn ?? now.membersText.en },
      membersRoom: b.membersRoom ?? now.membersRoom,
    };
    const version = b.version === undefined ? current.version : Number(b.version);
    try {
      await services.settings.update(request.actor, values, version);
      return reply.redirect('/admin/settings?notice=notice.saved#association-settings', 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const conflict = (e as AppError).code === 'version_conflict';
      return sendHtml(
        reply,
        await show(request, { settings: values, errors: shown.errors.map(formPath), message: conflict ? request.i18n.t('settings.conflict') : shown.message }),
        (e as AppError).status,
      );
    }
  });
}
