import type { FieldError } from '../../platform/errors.js';

/*
 * Labelled form controls for pages that hold several forms with the same field names (the
 * sessions page's recurrence and ad-hoc forms, one decision form per application): the element id
 * is `field-<key>` with a key unique on the page, and the field's error is the one whose path is
 * `/<key>`, as ErrorSummary links them.
 */

export function errorAt(errors: FieldError[], key: string): FieldError | undefined {
  return errors.find((e) => e.path === `/${key}`);
}

function described(id: string, error: FieldError | undefined, hint: string | undefined): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
}

function Below(props: { id: string; error: FieldError | undefined; hint: string | undefined }) {
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

interface ControlProps {
  field: string;
  name: string;
  label: string;
  errors: FieldError[];
  hint?: string;
  required?: boolean;
}

export function Input(props: ControlProps & { value?: string | null; type?: string; maxLength?: number; min?: number; max?: number }) {
  const id = `field-${props.field}`;
  const error = errorAt(props.errors, props.field);
  return (
    <label for={id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        maxLength={props.maxLength}
        min={props.min}
        max={props.max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, error, props.hint)}
      />
      <Below id={id} error={error} hint={props.hint} />
    </label>
  );
}

export function Select(props: ControlProps & { value?: string; options: { value: string; label: string }[] }) {
  const id = `field-${props.field}`;
  const error = errorAt(props.errors, props.field);
  return (
    <label for={id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined} aria-describedby={described(id, error, props.hint)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <Below id={id} error={error} hint={props.hint} />
    </label>
  );
}

export function TextArea(props: ControlProps & { value?: string | null; rows?: number; maxLength?: number }) {
  const id = `field-${props.field}`;
  const error = errorAt(props.errors, props.field);
  return (
    <label for={id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, error, props.hint)}
      >
        {props.value ?? ''}
      </textarea>
      <Below id={id} error={error} hint={props.hint} />
    </label>
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
  const error = errorAt(props.errors, props.field);
  return (
    <fieldset id={id} aria-describedby={described(id, error, props.hint)}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label for={`${id}-${o.value}`}>
          <input id={`${id}-${o.value}`} type={props.type} name={props.name} value={o.value} checked={o.checked} aria-invalid={error ? 'true' : undefined} />
          {o.label}
        </label>
      ))}
      <Below id={id} error={error} hint={props.hint} />
    </fieldset>
  );
}
