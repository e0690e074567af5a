import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { pickerPages } from './picker.js';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { describeAction } from '../../platform/audit/describe.js';
import type { AuditEntry } from '../../platform/audit/repository.js';
import type { Person } from './repository.js';
import { REQUEST_NOTIFICATIONS, type PersonInput } from './rules.js';
import { Choices } from '../../platform/http/ui/form-controls.js';
import { presentPerson, type PersonView } from './service.js';
import { canUpdatePerson } from './policy.js';
import { importPages } from './import-page.js';
import { directoryPages } from './directory-page.js';
import { emailPages, PendingEmailNotice } from './email-pages.js';
import type { EmailStatus } from './email-change.js';
import { normaliseEmail } from '../../platform/text.js';
import { publicBaseUrl } from '../../platform/config.js';
import type { Extensions } from '../../platform/module.js';
import { peopleExtensionsOf } from './sections.js';

type PersonForm = Record<string, string>;

function formFromPerson(p: Person): PersonForm {
  return {
    displayName: p.displayName,
    email: p.email,
    pseudonym: p.pseudonym ?? '',
    pronouns: p.pronouns ?? '',
    locale: p.locale,
    matrixId: p.matrixId ?? '',
    xmppJid: p.xmppJid ?? '',
    publicConsent: p.publicConsent ? 'on' : '',
    requestNotifications: p.requestNotifications,
  };
}

function inputFromForm(v: PersonForm): PersonInput {
  return {
    displayName: v.displayName ?? '',
    email: v.email ?? '',
    pseudonym: v.pseudonym ?? '',
    pronouns: v.pronouns ?? '',
    locale: v.locale === 'en' ? 'en' : 'fr',
    matrixId: v.matrixId ?? '',
    xmppJid: v.xmppJid ?? '',
    publicConsent: v.publicConsent === 'on',
    // The creation form has no such field: absent, the default applies.
    requestNotifications: v.requestNotifications,
  };
}

function PersonFields(props: { ctx: PageContext; values: PersonForm; errors: FieldError[]; editing?: boolean }) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  return (
    <>
      <Field name="displayName" label={t('people.field.displayName')} value={values.displayName} errors={errors} required maxLength={120} />
      <Field
        name="email"
        type="email"
        label={t('people.field.email')}
        value={values.email}
        errors={errors}
        required
        hint={props.editing ? t('people.email.hint') : undefined}
      />
      <div class="grid">
        <Field name="pseudonym" label={t('people.field.pseudonym')} value={values.pseudonym} errors={errors} maxLength={60} />
        <Field name="pronouns" label={t('people.field.pronouns')} value={values.pronouns} errors={errors} maxLength={40} />
      </div>
      <label for="field-locale">
        {t('people.field.locale')}
        <select id="field-locale" name="locale">
          <option value="fr" selected={values.locale !== 'en'}>
            Français
          </option>
          <option value="en" selected={values.locale === 'en'}>
            English
          </option>
        </select>
      </label>
      <div class="grid">
        <Field name="matrixId" label={t('people.field.matrixId')} value={values.matrixId} errors={errors} hint={t('people.field.matrixIdHint')} />
        <Field name="xmppJid" label={t('people.field.xmppJid')} value={values.xmppJid} errors={errors} hint={t('people.field.xmppJidHint')} />
      </div>
      <label for="field-publicConsent">
        <input
          id="field-publicConsent"
          type="checkbox"
          name="publicConsent"
          checked={values.publicConsent === 'on'}
          aria-describedby="field-publicConsent-hint"
        />
        {t('people.field.publicConsent')}
      </label>
      <small id="field-publicConsent-hint">{t('people.field.publicConsentHint')}</small>
      {props.editing ? (
        <Choices
          field="requestNotifications"
          name="requestNotifications"
          legend={t('people.field.requestNotifications')}
          hint={t('people.field.requestNotificationsHint')}
          type="radio"
          options={REQUEST_NOTIFICATIONS.map((n) => ({
            value: n,
            label: t(`people.requestNotifications.${n}`),
            checked: (values.requestNotifications || 'each') === n,
          }))}
          errors={errors}
        />
      ) : null}
    </>
  );
}

function PersonFormPage(props: {
  ctx: PageContext;
  title: string;
  action: string;
  values: PersonForm;
  errors: FieldError[];
  message?: string;
  version?: number;
  /** Choices of the modules above people, under the fields (the new-person form only). */
  options?: (VNode | null)[];
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} message={props.message} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {props.version ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        <PersonFields ctx={ctx} values={props.values} errors={props.errors} editing={props.version !== undefined} />
        {props.options}
        <button type="submit">{ctx.i18n.t('common.save')}</button>
      </form>
    </Layout>
  );
}

function PersonPage(props: {
  ctx: PageContext;
  person: PersonView;
  history: AuditEntry[];
  canEdit: boolean;
  emailStatus: EmailStatus;
  /** What the modules above people show under the name (PeopleExtensions.personNotes). */
  notes: (VNode | null)[];
  /** What they show between the contact details and the history (PeopleExtensions.person). */
  sections: (VNode | null)[];
}) {
  const { ctx, person } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={person.displayName}>
      <h1>
        {person.displayName}
        {person.pronouns ? <small class="muted"> ({person.pronouns})</small> : null}
      </h1>
      {props.canEdit ? (
        <p>
          <a href={`/people/${person.id}/edit`}>{t('people.edit')}</a>
        </p>
      ) : null}
      {props.notes}
      {person.email !== undefined ? (
        <section aria-labelledby="contact-title">
          <h2 id="contact-title">{t('people.page.contact')}</h2>
          <dl>
            <dt>{t('people.field.email')}</dt>
            <dd>
              {person.email}
              <PendingEmailNotice ctx={ctx} personId={person.id} email={person.email} status={props.emailStatus} canCancel={props.canEdit} />
            </dd>
            {person.matrixId ? (
              <>
                <dt>{t('people.field.matrixId')}</dt>
                <dd>{person.matrixId}</dd>
              </>
            ) : null}
            {person.xmppJid ? (
              <>
                <dt>{t('people.field.xmppJid')}</dt>
                <dd>{person.xmppJid}</dd>
              </>
            ) : null}
            {person.requestNotifications && props.canEdit ? (
              <>
                <dt>{t('people.page.requestNotifications')}</dt>
                <dd>
                  {t(`people.requestNotifications.${person.requestNotifications}`)} —{' '}
                  <a href={`/people/${person.id}/edit#field-requestNotifications`}>{t('people.page.requestNotificationsChange')}</a>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {props.sections}
      {props.history.length > 0 || props.canEdit ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t('people.page.history')}</h2>
          {props.history.length === 0 ? (
            <p>{t('people.page.noHistory')}</p>
          ) : (
            <ol>
              {props.history.map((h) => (
                <li>
                  <time dateTime={h.at}>{ctx.i18n.dateTime(h.at)}</time> — {describeAction(h.action, ctx.i18n)}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </Layout>
  );
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** The record a page's path names, as typed: one that does not exist is the readable 404 page, as before any schema. */
const PathId = Type.Object({ id: Type.String() });

/**
 * The people pages. `extensions` are what the modules above people draw on a person's page and on the
 * profile (see ./sections.ts), in the order shown.
 */
export function peoplePages(app: App, deps: PageDeps<PeopleUses> & { extensions: Extensions }): void {
  const { services, pageContext } = deps;
  const sections = peopleExtensionsOf(deps.extensions);

  // The directory: directory-page.tsx.
  directoryPages(app, { ...deps, extensions: sections });
  // The pickers' search and "add to a team": picker.tsx.
  pickerPages(app, deps);

  // "Create this person" from a picker arrives with the name typed.
  const NewPersonQuery = Type.Object({ displayName: Type.Optional(Type.String({ maxLength: 200 })) });
  app.get('/people/new', { config: { policy: 'people.create', page: true }, schema: { querystring: NewPersonQuery, hide: true } }, async (request, reply) => {
    const ctx = await pageContext(request);
    const values = { locale: ctx.i18n.locale, displayName: request.query.displayName ?? '' };
    // Offered ticked: someone added is usually meant to get in.
    const options = sections.newPersonOptions.map((o) => o.field(ctx, true));
    return sendHtml(
      reply,
      <PersonFormPage ctx={ctx} title={ctx.i18n.t('people.new.title')} action="/people/new" values={values} errors={[]} options={options} />,
    );
  });

  app.post('/people/new', { config: { policy: 'people.create', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const person = await services.people.create(request.actor, inputFromForm(values));
      const ctx = await pageContext(request);
      let notice: string = 'notice.personCreated';
      for (const option of sections.newPersonOptions) {
        if (values[option.name] !== 'yes' || !option.field(ctx, true)) continue;
        try {
          notice = await option.apply(request.actor, person.id, publicBaseUrl(deps.config));
        } catch (e) {
          // The person is added; their page says what is missing and offers it again.
          if (!(e instanceof AppError)) throw e;
        }
      }
      return reply.redirect(`/people/${person.id}?notice=${notice}`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const ctx = await pageContext(request);
      const options = sections.newPersonOptions.map((o) => o.field(ctx, values[o.name] === 'yes'));
      return sendHtml(
        reply,
        <PersonFormPage
          ctx={ctx}
          title={ctx.i18n.t('people.new.title')}
          action="/people/new"
          values={values}
          errors={shown.errors}
          message={shown.message}
          options={options}
        />,
        (e as AppError).status,
      );
    }
  });

  // The CSV import: import-page.tsx.
  importPages(app, deps);

  // The links mailed for a change of login email, and cancelling it: email-pages.tsx.
  emailPages(app, deps);

  app.get('/people/:id', { config: { policy: 'people.read', page: true }, schema: { params: IdParams, hide: true } }, async (request, reply) => {
    const { id } = request.params;
    const ctx = await pageContext(request);
    const person = await services.people.get(request.actor, id);
    const view = presentPerson(person, request.actor);
    const [history, emailStatus, notes, shown] = await Promise.all([
      services.people.history(request.actor, id),
      services.people.emailStatus(person),
      Promise.all(sections.personNotes.map((section) => section(ctx, view))),
      Promise.all(sections.person.map((section) => section(ctx, view))),
    ]);
    return sendHtml(
      reply,
      <PersonPage
        ctx={ctx}
        person={view}
        history={history}
        canEdit={canUpdatePerson(request.actor, id)}
        emailStatus={emailStatus}
        notes={notes}
        sections={shown}
      />,
    );
  });

  const editPage = async (request: FastifyRequest, id: string, values: PersonForm | null, errors: FieldError[], message?: string) => {
    const ctx = await pageContext(request);
    const person = await services.people.get(request.actor, id);
    if (!canUpdatePerson(request.actor, id)) throw new AppError('forbidden', ctx.i18n.t('errors.forbidden'));
    const action = id === request.actor.personId && request.url.startsWith('/profile') ? '/profile' : `/people/${id}/edit`;
    const title = action === '/profile' ? ctx.i18n.t('accounts.profile.title') : ctx.i18n.t('people.edit.title', { name: person.displayName });
    return { ctx, person, action, title, values: values ?? formFromPerson(person), errors, message };
  };

  app.get('/people/:id/edit', { config: { policy: 'people.update', page: true }, schema: { params: PathId, hide: true } }, async (request, reply) => {
    const p = await editPage(request, request.params.id, null, []);
    return sendHtml(reply, <PersonFormPage {...p} version={p.person.version} />);
  });

  async function saveEdit(request: FastifyRequest, reply: FastifyReply, id: string, back: string) {
    const values = formFields(request.body);
    try {
      const version = Number(values.version) || undefined;
      const saved = await services.people.update(request.actor, id, inputFromForm(values), version);
      // A different address was proposed, not saved: say where the confirmation link went.
      const proposed = normaliseEmail(values.email ?? '') !== normaliseEmail(saved.email);
      return reply.redirect(`${back}?notice=${proposed ? 'notice.emailChangePending' : 'notice.saved'}`, 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const p = await editPage(request, id, values, shown.errors, shown.message);
      return sendHtml(reply, <PersonFormPage {...p} version={Number(values.version) || p.person.version} />, (e as AppError).status);
    }
  }

  app.post('/people/:id/edit', { config: { policy: 'people.update', page: true }, schema: { params: PathId, hide: true } }, async (request, reply) => {
    const id = request.params.id;
    return saveEdit(request, reply, id, `/people/${id}`);
  });

  app.get('/profile', { config: { policy: 'me.update', page: true } }, async (request, reply) => {
    const p = await editPage(request, request.actor.personId!, null, []);
    const [emailStatus, shown] = await Promise.all([
      services.people.emailStatus(p.person),
      Promise.all(sections.profile.map((section) => section(p.ctx, p.person.id))),
    ]);
    return sendHtml(
      reply,
      <Layout ctx={p.ctx} title={p.title}>
        <h1>{p.title}</h1>
        <p>
          <a href={`/people/${p.person.id}`}>{p.person.displayName}</a>
        </p>
        <PendingEmailNotice ctx={p.ctx} personId={p.person.id} email={p.person.email} status={emailStatus} canCancel />
        <form method="post" action="/profile" novalidate>
          <CsrfField ctx={p.ctx} />
          <input type="hidden" name="version" value={String(p.person.version)} />
          <PersonFields ctx={p.ctx} values={p.values} errors={[]} editing />
          <button type="submit">{p.ctx.i18n.t('common.save')}</button>
        </form>
        {shown}
      </Layout>,
    );
  });

  app.post('/profile', { config: { policy: 'me.update', page: true } }, async (request, reply) =>
    saveEdit(request, reply, request.actor.personId!, '/profile'),
  );
}
