import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { FastifyReply } from 'fastify';
import type { FieldError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { SiteMenu } from './menu.js';
import type { PageContext } from './context.js';
export type { PageContext, PageContextBuilder, PageDeps } from './context.js';

export function sendHtml(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${render(page)}`);
}

/** A piece of a page (what htmx swaps in), without the frame around it. */
export function sendFragment(reply: FastifyReply, fragment: VNode, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(render(fragment));
}

/**
 * Switches language and stays on the page. A visitor's choice is a link (`?lang=`, remembered in a
 * cookie); a logged-in person's language is their profile's, so for them it is a small form that
 * changes the profile — the profile wins over `?lang=`, and a link would do nothing.
 */
function LanguageSwitch(props: { ctx: PageContext }) {
  const { ctx } = props;
  const other = ctx.i18n.locale === 'fr' ? 'en' : 'fr';
  const label = other === 'fr' ? 'Français' : 'English';
  const url = new URL(ctx.path, 'http://equipage.invalid');
  url.searchParams.delete('lang');
  const here = `${url.pathname}${url.search}`;
  if (ctx.actor.personId) {
    return (
      <form method="post" action="/profile/language" class="inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="locale" value={other} />
        <input type="hidden" name="next" value={here} />
        <button type="submit" class="secondary outline" lang={other}>
          {label}
        </button>
      </form>
    );
  }
  url.searchParams.set('lang', other);
  return (
    <a href={`${url.pathname}${url.search}`} hrefLang={other} lang={other}>
      {label}
    </a>
  );
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { ctx, title } = props;
  const { t } = ctx.i18n;
  return (
    <html lang={ctx.i18n.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${title} · ${ctx.associationName}`}</title>
        {/* No icon yet: an empty one stops browsers from asking for a /favicon.ico that 404s. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/pico.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': ctx.csrf })}>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="container">
          <nav aria-label={t('nav.main')}>
            <ul>
              <li>
                <strong>{ctx.associationName}</strong>
              </li>
            </ul>
            <ul>
              <SiteMenu ctx={ctx} />
              <li>
                <LanguageSwitch ctx={ctx} />
              </li>
            </ul>
          </nav>
        </header>
        <main id="main" class="container">
          {ctx.notice ? (
            <p role="status" class="notice">
              {ctx.notice}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer class="container">
          <small>
            Équipage · <a href="/privacy">{t('privacy.footer')}</a>
          </small>
        </footer>
      </body>
    </html>
  );
}

export function CsrfField(props: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/** The list of a form's errors, announced to screen readers and linked to each field. */
export function ErrorSummary(props: { ctx: PageContext; errors: FieldError[]; message?: string }) {
  if (props.errors.length === 0 && !props.message) return null;
  return (
    <div role="alert" class="error-summary" aria-labelledby="error-summary-title">
      <p id="error-summary-title">
        <strong>{props.message ?? props.ctx.i18n.t('common.formHasErrors')}</strong>
      </p>
      {props.errors.length > 0 ? (
        <ul>
          {props.errors.map((e) => (
            <li>
              <a href={`#field-${fieldName(e.path)}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function fieldName(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '-') || 'form';
}

/** The error whose path names this field, as ErrorSummary links them (`/a/b` is field `a-b`). */
export function errorFor(errors: FieldError[] | undefined, key: string): FieldError | undefined {
  return errors?.find((e) => fieldName(e.path) === key);
}

/** The ids of the error and hint shown under the control `id`, for its aria-describedby. */
export function describedBy(id: string, error: FieldError | undefined, hint: string | undefined): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
}

/** The hint, then the error, under a control: the ids describedBy points to. */
export function FieldNotes(props: { id: string; error: FieldError | undefined; hint: string | undefined }) {
  return (
    <>
      {props.hint ? <small id={`${props.id}-hint`}>{props.hint}</small> : null}
      {props.error ? (
        <small id={`${props.id}-error`} class="field-error">
          {props.error.message}
        </small>
      ) : null}
    </>
  );
}

/** A label around one control (`id`), with a star when it is required and its notes below. */
export function Labelled(props: { id: string; label: string; required?: boolean; error: FieldError | undefined; hint?: string; children: ComponentChildren }) {
  return (
    <label for={props.id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
      {props.children}
      <FieldNotes id={props.id} error={props.error} hint={props.hint} />
    </label>
  );
}

export interface FieldProps {
  name: string;
  /**
   * What names the field on the page when several forms share it: the element id is `field-<key>`
   * and its error the one at `/<key>`. The name by default.
   */
  field?: string;
  label: string;
  value?: string | null;
  type?: string;
  errors?: FieldError[];
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  maxLength?: number;
  min?: number;
  max?: number;
}

/** A labelled input whose error, if any, is tied to it with aria-describedby. */
export function Field(props: FieldProps) {
  const key = props.field ?? props.name;
  const id = `field-${key}`;
  const error = errorFor(props.errors, key);
  return (
    <Labelled id={id} label={props.label} required={props.required} error={error} hint={props.hint}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autoComplete={props.autocomplete}
        maxLength={props.maxLength}
        min={props.min}
        max={props.max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, props.hint)}
      />
    </Labelled>
  );
}

export interface TextareaFieldProps {
  name: string;
  /** As for Field: the key of the field on the page, the name by default. */
  field?: string;
  label: string;
  value?: string | null;
  errors: FieldError[];
  hint?: string;
  maxLength?: number;
  required?: boolean;
  rows?: number;
}

/** A labelled text area whose error and hint are tied to it, as Field does for inputs. */
export function TextareaField(props: TextareaFieldProps) {
  const key = props.field ?? props.name;
  const id = `field-${key}`;
  const error = errorFor(props.errors, key);
  return (
    <Labelled id={id} label={props.label} required={props.required} error={error} hint={props.hint}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 8}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, props.hint)}
      >
        {props.value ?? ''}
      </textarea>
    </Labelled>
  );
}

export function ErrorPage(props: { ctx: PageContext; title: string; detail: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.detail}</p>
      <p>
        <a href="/">{props.ctx.i18n.t('error.back')}</a>
      </p>
    </Layout>
  );
}

export type { MessageKey };
