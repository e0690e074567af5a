import type { FieldError } from '../errors.js';
import { AppError } from '../errors.js';
import { catalogue, type Translator } from '../i18n/index.js';

/**
 * Field errors come from rules in English with a stable code; a form shows them in the reader's
 * language when a catalogue has `fieldError.<code>`, else the rule's own words.
 */
export function localiseFieldErrors(errors: FieldError[], t: Translator): FieldError[] {
  const strings = catalogue(t.locale);
  return errors.map((e) => {
    const key = `fieldError.${e.code}`;
    return key in strings ? { ...e, message: strings[key] } : e;
  });
}

/** A form body as plain strings (urlencoded forms never carry anything else). */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}

/**
 * The error to show on a form, or null when it is not about the form (an error page then says it).
 * A refusal (403) is about the reader's rights, not what they typed, unless it names the fields it
 * refuses: a rule such as "nobody gives themself an office" refuses the person chosen, so it is shown
 * beside that field like any invalid input, the form kept. `fields` renames the API's paths to the
 * form's field names where they differ (the API's `/personId` is a picker named `person`).
 */
export function formErrorsOf(error: unknown, t: Translator, fields: Record<string, string> = {}): { errors: FieldError[]; message: string } | null {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401) return null;
  if (error.status === 403 && error.errors.length === 0) return null;
  const errors = localiseFieldErrors(
    error.errors.map((e) => (Object.hasOwn(fields, e.path) ? { ...e, path: fields[e.path]! } : e)),
    t,
  );
  const title = t.t(`errors.${error.code}`);
  return { errors, message: errors.length > 0 ? t.t('common.formHasErrors') : title };
}
