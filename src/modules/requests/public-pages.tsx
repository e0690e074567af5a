import type { FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, TextareaField, type PageContext } from '../../platform/http/page.js';
import { categoryLabel, statusKey } from './labels.js';
import { LIMITS, type CategoryRoute } from './rules.js';
import { CategoryName, Fact, Thread } from './thread.js';
import type { FollowView } from './views.js';
import { Select } from '../../platform/http/ui/form-controls.js';

/*
 * The requester's pages, open to anyone: the form to write to the association, and the page the
 * private link opens (the request, the team's public replies, the answer form).
 */

export interface FormState {
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

/** The form to write to the association. The honeypot sits in a hidden block no person sees or reaches. */
export function NewRequestPage(props: { ctx: PageContext; categories: CategoryRoute[]; teams: { slug: string; name: string }[] } & FormState) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('requests.new.title')}>
      <h1>{t('requests.new.title')}</h1>
      <p>{t('requests.new.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/requests/new" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          name="email"
          type="email"
          label={t('requests.field.email')}
          hint={t('requests.field.emailHint')}
          value={values.email}
          errors={errors}
          required
          autocomplete="email"
          maxLength={254}
        />
        <Field name="name" label={t('requests.field.name')} value={values.name} errors={errors} autocomplete="name" maxLength={LIMITS.name} />
        <Select
          field="category"
          name="category"
          label={t('requests.field.category')}
          required
          value={values.category ?? props.categories[0]?.name}
          options={props.categories.map((c) => ({ value: c.name, label: categoryLabel(ctx.i18n.locale, c.name) }))}
          errors={errors}
        />
        <Select
          field="teamSlug"
          name="teamSlug"
          label={t('requests.field.team')}
          hint={t('requests.field.teamHint')}
          value={values.teamSlug ?? ''}
          options={[{ value: '', label: t('requests.field.teamNone') }, ...props.teams.map((tm) => ({ value: tm.slug, label: tm.name }))]}
          errors={errors}
        />
        <Field name="subject" label={t('requests.field.subject')} value={values.subject} errors={errors} required maxLength={LIMITS.subject} />
        <TextareaField name="message" label={t('requests.field.message')} value={values.message} errors={errors} required maxLength={LIMITS.message} />
        <Field
          name="link"
          type="url"
          label={t('requests.field.link')}
          hint={t('requests.field.linkHint')}
          value={values.link}
          errors={errors}
          maxLength={LIMITS.link}
        />
        <Field
          name="concerns"
          label={t('requests.field.concerns')}
          hint={t('requests.field.concernsHint')}
          value={values.concerns}
          errors={errors}
          maxLength={LIMITS.concerns}
        />
        <div hidden>
          <label for="field-website">
            {t('requests.field.website')}
            <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
          </label>
        </div>
        <button type="submit">{t('requests.new.submit')}</button>
      </form>
    </Layout>
  );
}

/** The private link's page: no login, no team member's name, no internal note. */
export function FollowPage(props: { ctx: PageContext; token: string; view: FollowView } & FormState) {
  const { ctx, view, errors } = props;
  const { t, locale } = ctx.i18n;
  const teamName = view.teamName[locale];
  return (
    <Layout ctx={ctx} title={t('requests.follow.title')}>
      <hgroup>
        <h1>{view.subject}</h1>
        <p>{t('requests.follow.title')}</p>
      </hgroup>
      <p>{t('requests.follow.intro')}</p>
      <dl>
        <Fact label={t('requests.fact.category')}>
          <CategoryName ctx={ctx} category={view.category} />
        </Fact>
        <Fact label={t('requests.fact.team')}>{teamName}</Fact>
        <Fact label={t('requests.fact.status')}>
          <strong>{t(statusKey(view.status))}</strong>
        </Fact>
        {view.link ? (
          <Fact label={t('requests.fact.link')}>
            <a href={view.link} rel="nofollow noopener noreferrer">
              {view.link}
            </a>
          </Fact>
        ) : null}
      </dl>
      <Thread
        ctx={ctx}
        asRequester
        teamName={teamName}
        original={{ body: view.message, createdAt: view.createdAt, by: null }}
        entries={view.messages.map((m) => ({ author: m.author, body: m.body, createdAt: m.createdAt }))}
      />
      {view.canReply ? (
        <section aria-labelledby="answer-title">
          <h2 id="answer-title">{t('requests.follow.replyLabel')}</h2>
          <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
          <form method="post" action={`/requests/follow/${encodeURIComponent(props.token)}`} novalidate>
            <CsrfField ctx={ctx} />
            <TextareaField
              name="body"
              label={t('requests.follow.replyLabel')}
              value={props.values.body}
              errors={errors}
              required
              maxLength={LIMITS.reply}
              rows={5}
            />
            <button type="submit">{t('requests.follow.submit')}</button>
          </form>
        </section>
      ) : (
        <p>{t('requests.follow.closed')}</p>
      )}
      {view.validUntil ? <p class="muted">{t('requests.follow.validUntil', { date: ctx.i18n.date(view.validUntil) })}</p> : null}
    </Layout>
  );
}
