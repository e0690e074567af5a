import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { ContributionsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, Field, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { Contribution } from './repository.js';
import { contributionInputErrors } from './rules.js';
import { Evidence, KindLabel, isLink, kindName, teamNamesFor } from './activity-view.js';

/**
 * "20", "12,50", "12.5", "1 000" → cents; empty → null; anything else → undefined. At most
 * 9,999,999.99 €, which keeps the cents within the database's integer column.
 */
export function centsFromEuros(text: string): number | null | undefined {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '');
  if (compact === '') return null;
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function fieldName(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '-');
}

/** A labelled select whose error, if any, is tied to it (as Field does for inputs). */
function SelectField(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  errors: FieldError[];
  required?: boolean;
}) {
  const id = `field-${props.name}`;
  const error = props.errors.find((e) => fieldName(e.path) === props.name);
  return (
    <label for={id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {error.message}
        </small>
      ) : null}
    </label>
  );
}

function DeclarePage(props: {
  ctx: PageContext;
  kinds: string[];
  teams: { slug: string; name: string }[];
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  awaiting: number | null;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx.i18n;
  const forOthers = ctx.allowed('contributions.review');
  return (
    <Layout ctx={ctx} title={t('contributions.new.title')}>
      <h1>{t('contributions.new.title')}</h1>
      <p>{t('contributions.new.intro')}</p>
      <ul>
        {ctx.actor.personId ? (
          <li>
            <a href={`/people/${ctx.actor.personId}#contributions`}>{t('contributions.new.mine')}</a>
          </li>
        ) : null}
        {props.awaiting !== null ? (
          <li>
            <a href="/contributions/review">{t('contributions.new.awaiting', { count: props.awaiting })}</a>
          </li>
        ) : null}
      </ul>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <form method="post" action="/contributions/new" novalidate>
        <CsrfField ctx={ctx} />
        <div class="grid">
          <SelectField
            name="kind"
            label={t('contributions.field.kind')}
            value={values.kind}
            options={props.kinds.map((k) => ({ value: k, label: kindName(ctx.i18n, k) }))}
            errors={errors}
            required
          />
          <Field name="occurredOn" type="date" label={t('contributions.field.occurredOn')} value={values.occurredOn} errors={errors} required />
        </div>
        <Field name="summary" label={t('contributions.field.summary')} value={values.summary} errors={errors} required maxLength={500} />
        <SelectField
          name="teamSlug"
          label={t('contributions.field.team')}
          value={values.teamSlug}
          options={[{ value: '', label: t('contributions.field.noTeam') }, ...props.teams.map((tm) => ({ value: tm.slug, label: tm.name }))]}
          errors={errors}
        />
        <Field
          name="evidenceUrl"
          type="url"
          label={t('contributions.field.evidenceUrl')}
          value={values.evidenceUrl}
          errors={errors}
          hint={t('contributions.field.evidenceUrlHint')}
          maxLength={2000}
        />
        <Field name="amount" label={t('contributions.field.amount')} value={values.amount} errors={errors} hint={t('contributions.field.amountHint')} />
        {forOthers ? (
          <Field
            name="email"
            type="email"
            label={t('contributions.field.email')}
            value={values.email}
            errors={errors}
            hint={t('contributions.field.emailHint')}
          />
        ) : null}
        <button type="submit">{t('contributions.new.submit')}</button>
      </form>
    </Layout>
  );
}

function ReviewPage(props: {
  ctx: PageContext;
  items: Contribution[];
  teamNames: Record<string, string>;
  errors: FieldError[];
  message?: string;
  reasons: Record<string, string>;
}) {
  const { ctx, items, errors } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('contributions.review.title')}>
      <h1>{t('contributions.review.title')}</h1>
      <p>{t('contributions.review.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      {items.length === 0 ? <p>{t('contributions.review.empty')}</p> : null}
      {items.map((c) => {
        const reasonId = `field-reason-${c.id}`;
        const error = errors.find((e) => e.path === `/reason-${c.id}`);
        const label = { name: c.personName, date: ctx.i18n.date(c.occurredOn) };
        return (
          <article aria-labelledby={`contribution-${c.id}`}>
            <h2 id={`contribution-${c.id}`}>
              <a href={`/people/${c.personId}`}>{c.personName}</a> — <KindLabel ctx={ctx} c={c} />
            </h2>
            <p>
              <time dateTime={c.occurredOn}>{ctx.i18n.date(c.occurredOn)}</time>
              {c.teamSlug ? ` · ${props.teamNames[c.teamSlug] ?? c.teamSlug}` : ''}
              {isLink(c.evidenceUrl) ? ' · ' : ''}
              <Evidence ctx={ctx} url={c.evidenceUrl} />
            </p>
            {c.summary ? <p>{c.summary}</p> : null}
            <form method="post" action={`/contributions/${c.id}/confirm`}>
              <CsrfField ctx={ctx} />
              <button type="submit" aria-label={t('contributions.review.confirmLabel', label)}>
                {t('contributions.review.confirm')}
              </button>
            </form>
            <form method="post" action={`/contributions/${c.id}/reject`} novalidate>
              <CsrfField ctx={ctx} />
              <label for={reasonId}>
                {t('contributions.review.reason')}
                <input
                  id={reasonId}
                  name="reason"
                  type="text"
                  required
                  maxLength={1000}
                  value={props.reasons[c.id] ?? ''}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? `${reasonId}-error` : undefined}
                />
                {error ? (
                  <small id={`${reasonId}-error`} class="field-error">
                    {error.message}
                  </small>
                ) : null}
              </label>
              <button type="submit" class="secondary" aria-label={t('contributions.review.rejectLabel', label)}>
                {t('contributions.review.reject')}
              </button>
            </form>
          </article>
        );
      })}
    </Layout>
  );
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Form field ← the service's field path. */
const formPath: Record<string, string> = { '/amountCents': '/amount', '/personId': '/email' };

export function contributionsPages(app: App, deps: PageDeps<ContributionsUses>): void {
  const { services, pageContext } = deps;

  async function declarePage(request: FastifyRequest, values: Record<string, string>, errors: FieldError[], message?: string) {
    const ctx = await pageContext(request);
    const [teams, awaiting] = await Promise.all([
      teamNamesFor(services, ctx.i18n),
      ctx.allowed('contributions.review') ? services.contributions.awaitingReview(request.actor).then((l) => l.length) : Promise.resolve(null),
    ]);
    return <DeclarePage ctx={ctx} kinds={services.contributions.kinds} teams={teams} values={values} errors={errors} message={message} awaiting={awaiting} />;
  }

  app.get('/contributions/new', { config: { policy: 'contributions.declare', page: true } }, async (request, reply) =>
    sendHtml(reply, await declarePage(request, { occurredOn: services.contributions.today() }, [])),
  );

  app.post('/contributions/new', { config: { policy: 'contributions.declare', page: true } }, async (request, reply) => {
    const values = formFields(request.body);
    const amountCents = centsFromEuros(values.amount ?? '');
    const input = {
      kind: values.kind ?? '',
      occurredOn: values.occurredOn ?? '',
      summary: values.summary ?? '',
      teamSlug: values.teamSlug || null,
      evidenceUrl: values.evidenceUrl?.trim() || null,
      amountCents: amountCents ?? null,
    };
    try {
      // Every mistake at once: the rules', the amount's and the email's, before anything is written.
      const errors = contributionInputErrors(input, services.contributions.kinds, services.contributions.today());
      if (amountCents === undefined) errors.push({ path: '/amount', code: 'invalid_amount', message: 'an amount in euros' });
      // The API's bound (schemas.ts), which the rules leave to the schema.
      if ((input.evidenceUrl ?? '').length > 2000) errors.push({ path: '/evidenceUrl', code: 'too_long', message: 'at most 2000 characters' });
      let personId: string | undefined;
      if (values.email?.trim()) {
        try {
          personId = await services.people.idForEmail(values.email.trim(), 'email');
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
          errors.push(...e.errors);
        }
      }
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      const { contribution } = await services.contributions.record(request.actor, { ...input, personId });
      const notice = contribution.status === 'confirmed' ? 'notice.contributionRecorded' : 'notice.contributionDeclared';
      return reply.redirect(`/people/${contribution.personId}?notice=${notice}#contributions`, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'forbidden') {
        return sendHtml(reply, await declarePage(request, values, [], request.i18n.t('contributions.new.forOtherForbidden')), e.status);
      }
      const shown = formErrorsOf(e, request.i18n);
      if (!shown) throw e;
      const errors = shown.errors.map((x) => ({ ...x, path: formPath[x.path] ?? x.path }));
      return sendHtml(reply, await declarePage(request, values, errors, shown.message), (e as AppError).status);
    }
  });

  async function reviewPage(request: FastifyRequest, errors: FieldError[], message?: string, reasons: Record<string, string> = {}) {
    const ctx = await pageContext(request);
    const [items, teams] = await Promise.all([services.contributions.awaitingReview(request.actor), teamNamesFor(services, ctx.i18n)]);
    const teamNames = Object.fromEntries(teams.map((tm) => [tm.slug, tm.name]));
    return <ReviewPage ctx={ctx} items={items} teamNames={teamNames} errors={errors} message={message} reasons={reasons} />;
  }

  app.get('/contributions/review', { config: { policy: 'contributions.review', page: true } }, async (request, reply) =>
    sendHtml(reply, await reviewPage(request, [])),
  );

  /** A review's refusal: a missing reason or a review that came too late show on the queue; others on an error page. */
  async function reviewFailed(request: FastifyRequest, e: unknown, id: string, reason: string) {
    if (!(e instanceof AppError) || (e.code !== 'validation_failed' && e.code !== 'already_reviewed')) throw e;
    const shown = formErrorsOf(e, request.i18n)!;
    const errors = shown.errors.map((x) => ({ ...x, path: x.path === '/reason' ? `/reason-${id}` : x.path }));
    return reviewPage(request, errors, shown.message, { [id]: reason });
  }

  app.post(
    '/contributions/:id/confirm',
    { config: { policy: 'contributions.review', page: true }, schema: { params: IdParams, hide: true } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        await services.contributions.review(request.actor, id, 'confirmed');
        return reply.redirect('/contributions/review?notice=notice.contributionConfirmed', 303);
      } catch (e) {
        return sendHtml(reply, await reviewFailed(request, e, id, ''), (e as AppError).status);
      }
    },
  );

  app.post(
    '/contributions/:id/reject',
    { config: { policy: 'contributions.review', page: true }, schema: { params: IdParams, hide: true } },
    async (request, reply) => {
      const { id } = request.params;
      const reason = formFields(request.body).reason ?? '';
      try {
        if (reason.length > 1000) {
          throw new AppError('validation_failed', 'reason: too long', [{ path: '/reason', code: 'too_long', message: 'at most 1000 characters' }]);
        }
        await services.contributions.review(request.actor, id, 'rejected', reason);
        return reply.redirect('/contributions/review?notice=notice.contributionRejected', 303);
      } catch (e) {
        return sendHtml(reply, await reviewFailed(request, e, id, reason), (e as AppError).status);
      }
    },
  );
}
