import type { FieldError } from '../../errors.js';
import { describedBy, errorFor, Field, FieldNotes, Labelled, TextareaField, type FieldProps, type TextareaFieldProps } from '../page.js';
import type { PageContext } from '../page.js';

/*
 * Labelled form controls for pages that hold several forms with the same field names (a
 * session's recurrence and ad-hoc forms, one decision form per application, an assembly's
 * resolutions): the element id
 * is `field-<key>` with a key unique on the page, and the field's error is the one whose path is
 * `/<key>`, as ErrorSummary links them. Inputs and text areas are the platform's Field and
 * TextareaField given that key.
 */

interface ControlProps {
  field: string;
  name: string;
  label: string;
  errors: FieldError[];
  hint?: string;
  required?: boolean;
}

export function Input(props: ControlProps & Omit<FieldProps, keyof ControlProps>) {
  return <Field {...props} />;
}

/** Short notes, so three rows unless told otherwise. */
export function TextArea(props: ControlProps & Omit<TextareaFieldProps, keyof ControlProps>) {
  return <TextareaField {...props} rows={props.rows ?? 3} />;
}

export function Select(props: ControlProps & { value?: string; options: { value: string; label: string }[] }) {
  const id = `field-${props.field}`;
  const error = errorFor(props.errors, props.field);
  return (
    <Labelled id={id} label={props.label} required={props.required} error={error} hint={props.hint}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, props.hint)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A group of radios or checkboxes: the fieldset carries the id, the legend names it, the error follows it. */
export function Choices(props: {
  field: string;
  name: string;
  legend: string;
  type: 'radio' | 'checkbox';
  options: { value: string; label: string; checked: boolean }[];
  errors: FieldError[];
  hint?: string;
}) {
  const id = `field-${props.field}`;
  const error = errorFor(props.errors, props.field);
  return (
    <fieldset id={id} aria-describedby={describedBy(id, error, props.hint)}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label for={`${id}-${o.value}`}>
          <input id={`${id}-${o.value}`} type={props.type} name={props.name} value={o.value} checked={o.checked} aria-invalid={error ? 'true' : undefined} />
          {o.label}
        </label>
      ))}
      <FieldNotes id={id} error={error} hint={props.hint} />
    </fieldset>
  );
}

/** Where the service's field errors show on a form: its path `/rationale` is the form's `/decision-<id>-rationale`. */
export function onForm(errors: FieldError[], form: string, names: Record<string, string> = {}): FieldError[] {
  return errors.map((e) => {
    const field = e.path.replace(/^\//, '').split('/')[0] ?? '';
    return { ...e, path: `/${form}-${names[field] ?? field}` };
  });
}

/** A label as the reader's typography writes it before a value: "Motif :" in French, "Rationale:" in English. */
export function labelled(ctx: PageContext, text: string): string {
  return ctx.i18n.locale === 'fr' ? `${text} :` : `${text}:`;
}
