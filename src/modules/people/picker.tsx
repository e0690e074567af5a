import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import type { FieldError } from '../../platform/errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { describedBy, errorFor, FieldNotes, sendFragment, type PageContext } from '../../platform/http/page.js';
import { PICKER_MIN_CHARACTERS, type PersonView } from './service.js';

/** What a picker offers under its field: the people whose name matches, and "create this person". */
export function PickerResults(props: { ctx: PageContext; field: string; q: string; people: Pick<PersonView, 'id' | 'displayName'>[] }) {
  const { ctx, field, q, people } = props;
  const { t } = ctx.i18n;
  if (q.trim().length < PICKER_MIN_CHARACTERS) return <p class="muted">{t('people.picker.typeMore')}</p>;
  return (
    <fieldset>
      <legend>{people.length ? t('people.picker.choose') : t('people.picker.none', { q })}</legend>
      {people.map((p, i) => (
        <label for={`${field}-pick-${i}`}>
          <input id={`${field}-pick-${i}`} type="radio" name="personId" value={p.id} checked={people.length === 1} />
          {p.displayName}
        </label>
      ))}
      {ctx.allowed('people.create') ? (
        <a href={`/people/new?displayName=${encodeURIComponent(q.trim())}`}>{t('people.picker.create', { q: q.trim() })}</a>
      ) : null}
    </fieldset>
  );
}

/**
 * A person chosen by typing a name or an email address. With htmx, the matches appear as one types
 * (from the third character, ignoring case and accents: the people's search key); without a
 * script, the form is sent as typed and the server finds the person, or shows the matches.
 */
export function PersonPicker(props: {
  ctx: PageContext;
  field?: string;
  label: string;
  value?: string;
  errors: FieldError[];
  /** Matches to show at once (the form comes back with several matches or none). */
  matches?: Pick<PersonView, 'id' | 'displayName'>[];
}) {
  const { ctx } = props;
  const field = props.field ?? 'person';
  const id = `field-${field}`;
  const error = errorFor(props.errors, field);
  const hint = ctx.i18n.t('people.picker.hint');
  return (
    <div class="person-picker">
      <label for={id}>
        {props.label}
        <span aria-hidden="true"> *</span>
        <input
          id={id}
          name={field}
          type="search"
          value={props.value ?? ''}
          required
          autoComplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, error, hint)}
          hx-get={`/people/picker?field=${field}`}
          hx-trigger="input changed delay:250ms, search"
          hx-target={`#${field}-matches`}
          hx-sync="this:replace"
        />
        <FieldNotes id={id} error={error} hint={hint} />
      </label>
      <div id={`${field}-matches`} aria-live="polite">
        {props.matches ? <PickerResults ctx={ctx} field={field} q={props.value ?? ''} people={props.matches} /> : null}
      </div>
    </div>
  );
}

/** The matches to show again under a picker whose form came back refused on its field. */
export async function matchesFor(
  people: { directory(actor: Actor, q: { q?: string; limit?: number }): Promise<{ items: PersonView[] }> },
  actor: Actor,
  values: Record<string, string>,
  errors: FieldError[],
  field = 'person',
): Promise<Pick<PersonView, 'id' | 'displayName'>[] | undefined> {
  const typed = (values[field] ?? '').trim();
  if (!errors.some((e) => e.path === `/${field}`) || typed.includes('@') || typed.length < PICKER_MIN_CHARACTERS) return undefined;
  return (await people.directory(actor, { q: typed, limit: 8 })).items;
}

const PickerQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  field: Type.Optional(Type.String({ pattern: '^[a-z][a-zA-Z]{0,30}$' })),
  // The field's own value, as htmx sends it (the input's name is the field's).
  person: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The small search behind the pickers: an HTML fragment for htmx, JSON for scripts. */
export function pickerPages(app: App, deps: PageDeps<PeopleUses>): void {
  const { services, pageContext } = deps;
  app.get('/people/picker', { config: { policy: 'people.list', page: true }, schema: { querystring: PickerQuery, hide: true } }, async (request, reply) => {
    const q = (request.query.q ?? request.query.person ?? '').trim();
    const field = request.query.field ?? 'person';
    const people = q.length >= PICKER_MIN_CHARACTERS ? (await services.people.directory(request.actor, { q, limit: 8 })).items : [];
    if (request.headers.accept?.includes('application/json')) {
      return reply.header('cache-control', 'no-store').send({ items: people.map((p) => ({ id: p.id, displayName: p.displayName })) });
    }
    return sendFragment(reply, <PickerResults ctx={await pageContext(request)} field={field} q={q} people={people} />);
  });
}
