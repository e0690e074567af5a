import type { ComponentChildren } from 'preact';
import { CsrfField, Layout, type PageContext } from './page.js';

/**
 * Acts that can't be undone (closing a session or a vote, convening, ending an office…) are
 * confirmed on a page of their own: the first click posts the form without `confirmed`, and the
 * answer is this page, which says what will happen and to whom and changes nothing. It works
 * without a script, so the Content-Security-Policy (no inline script) cannot break it. The API
 * takes no confirmation field: a client that calls it has decided.
 */
export const CONFIRMED_FIELD = 'confirmed';

/** Whether the form comes from the confirmation page (its hidden `confirmed=yes`). */
export function isConfirmed(fields: Record<string, string>): boolean {
  return fields[CONFIRMED_FIELD] === 'yes';
}

export interface Confirmation {
  /** The act, as a question: "Send the convocations?" */
  title: string;
  /** What will happen, and to whom, one sentence each ("12 convocations will be mailed."). */
  consequences: string[];
  /** The form's action, posted again with `confirmed=yes`. */
  action: string;
  /** The fields the first click carried (a reason, a choice), posted again unchanged. */
  fields?: Record<string, string>;
  /** The confirming button's words ("Send the 12 convocations"). */
  confirmLabel: string;
  /** Where "cancel" goes back to: the page of the first click. */
  back: string;
  children?: ComponentChildren;
}

export function ConfirmationPage(props: { ctx: PageContext } & Confirmation) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  const carried = Object.entries(props.fields ?? {}).filter(([name]) => name !== '_csrf' && name !== CONFIRMED_FIELD);
  return (
    <Layout ctx={ctx} title={props.title}>
      <article class="confirmation" aria-labelledby="confirmation-title">
        <h1 id="confirmation-title">{props.title}</h1>
        <ul>
          {props.consequences.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
        {props.children}
        <p>
          <strong>{t('confirm.irreversible')}</strong>
        </p>
        <form method="post" action={props.action} class="inline-form">
          <CsrfField ctx={ctx} />
          {carried.map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name={CONFIRMED_FIELD} value="yes" />
          <button type="submit" class="irreversible">
            {props.confirmLabel}
          </button>
        </form>{' '}
        <a href={props.back} role="button" class="secondary outline">
          {t('confirm.cancel')}
        </a>
      </article>
    </Layout>
  );
}
