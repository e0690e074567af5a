import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import type { FieldError } from '../../platform/errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { describedBy, errorFor, FieldNotes, sendFragment, type PageContext } from '../../platform/http/page.js';
import { PICKER_MIN_CHARACTERS, type PersonView } from './service.js';

/**
 * What a picker offers under its field: the people whose name matches, and "create this person";
 * a picker of members offers today's members only, and no creation (a new person is no member).
 * A picker restricted to other people (`none` says whom, as the proxy holders of an assembly)
 * offers no creation either, and sends its choice as `choiceName` (`personId` otherwise).
 */
export function PickerResults(props: {
  ctx: PageContext;
  field: string;
  q: string;
  people: Pick<PersonView, 'id' | 'displayName'>[];
  members?: boolean;
  choiceName?: string;
  none?: string;
}) {
  const { ctx, field, q, people, members } = props;
  const { t } = ctx.i18n;
  if (q.trim().length < PICKER_MIN_CHARACTERS) return <p class="muted">{t('people.picker.typeMore')}</p>;
  const none = props.none ?? (members ? t('people.picker.noMember', { q }) : t('people.picker.none', { q }));
  return (
    <fieldset>
      <legend>{people.length ? t('people.picker.choose') : none}</legend>
      {people.map((p, i) => (
        <label for={`${field}-pick-${i}`}>
          <input id={`${field}-pick-${i}`} type="radio" name={props.choiceName ?? 'personId'} value={p.id} checked={people.length === 1} />
          {p.displayName}
        </label>
      ))}
      {!members && props.none === undefined && ctx.allowed('people.create') ? (
        <a href={`/people/new?displayName=${encodeURIComponent(q.trim())}`}>{t('people.picker.create', { q: q.trim() })}</a>
      ) : null}
    </fieldset>
  );
}

/**
 * A person chosen by typing a name or an email address. With htmx, the matches appear as one types
 * (from the third character, ignoring case and accents: the people's search key); without a
 * script, the form is sent as typed (`person`) and the server finds the person, or shows the
 * matches. `field` places the control and its error (`/<field>`); the typed text is sent as
 * `person` and the chosen match as `personId`, whatever the field.
 */
export function PersonPicker(props: {
  ctx: PageContext;
  field?: string;
  label: string;
  value?: string;
  errors: FieldError[];
  /** Matches to show at once (the form comes back with several matches or none). */
  matches?: Pick<PersonView, 'id' | 'displayName'>[];
  /** Only today's members are offered (an agenda item about a member), and nobody is created. */
  members?: boolean;
  /** The form may be sent without a person. */
  optional?: boolean;
  /** Said under the field, after how to search. */
  hint?: string;
  /**
   * A search of its own instead of the register's: the address htmx asks (which answers with
   * PickerResults), how to search it, the name its choice is sent as, and what it says when
   * nobody matches. The assembly's proxy form searches the assembly's voters this way.
   */
  search?: { url: string; how: string; choiceName: string; none: string };
}) {
  const { ctx, search } = props;
  const field = props.field ?? 'person';
  const id = `field-${field}`;
  const error = errorFor(props.errors, field);
  const hint = [search?.how ?? ctx.i18n.t('people.picker.hint'), props.hint].filter(Boolean).join(' ');
  const url = search
    ? `${search.url}${search.url.includes('?') ? '&' : '?'}field=${field}`
    : `/people/picker?field=${field}${props.members ? '&members=true' : ''}`;
  return (
    <div class="person-picker">
      <label for={id}>
        {props.label}
        {props.optional ? null : <span aria-hidden="true"> *</span>}
        <input
          id={id}
          name="person"
          type="search"
          value={props.value ?? ''}
          required={!props.optional}
          autoComplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, error, hint)}
          hx-get={url}
          hx-trigger="input changed delay:250ms, search"
          hx-target={`#${field}-matches`}
          hx-sync="this:replace"
        />
        <FieldNotes id={id} error={error} hint={hint} />
      </label>
      <div id={`${field}-matches`} aria-live="polite">
        {props.matches ? (
          <PickerResults
            ctx={ctx}
            field={field}
            q={props.value ?? ''}
            people={props.matches}
            members={props.members}
            choiceName={search?.choiceName}
            none={search?.none}
          />
        ) : null}
      </div>
    </div>
  );
}

/** The matches to show again under a picker whose form came back refused on its field (the typed text is `person`). */
export async function matchesFor(
  people: { directory(actor: Actor, q: { q?: string; members?: boolean; limit?: number }): Promise<{ items: PersonView[] }> },
  actor: Actor,
  values: Record<string, string>,
  errors: FieldError[],
  field = 'person',
  options: { members?: boolean } = {},
): Promise<Pick<PersonView, 'id' | 'displayName'>[] | undefined> {
  const typed = (values.person ?? '').trim();
  if (!errors.some((e) => e.path === `/${field}`) || typed.includes('@') || typed.length < PICKER_MIN_CHARACTERS) return undefined;
  return (await people.directory(actor, { q: typed, members: options.members, limit: 8 })).items;
}

const PickerQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  field: Type.Optional(Type.String({ pattern: '^[a-z][a-zA-Z-]{0,30}$' })),
  // The typed text, as htmx sends it (every picker's input is named `person`).
  person: Type.Optional(Type.String({ maxLength: 200 })),
  // Today's members only: for those who may read the register (the service refuses anyone else).
  members: Type.Optional(Type.Boolean()),
});

/** The small search behind the pickers: an HTML fragment for htmx, JSON for scripts. */
export function pickerPages(app: App, deps: PageDeps<PeopleUses>): void {
  const { services, pageContext } = deps;
  app.get('/people/picker', { config: { policy: 'people.list', page: true }, schema: { querystring: PickerQuery, hide: true } }, async (request, reply) => {
    const q = (request.query.q ?? request.query.person ?? '').trim();
    const field = request.query.field ?? 'person';
    const members = request.query.members === true;
    const people = q.length >= PICKER_MIN_CHARACTERS ? (await services.people.directory(request.actor, { q, members, limit: 8 })).items : [];
    if (request.headers.accept?.includes('application/json')) {
      return reply.header('cache-control', 'no-store').send({ items: people.map((p) => ({ id: p.id, displayName: p.displayName })) });
    }
    return sendFragment(reply, <PickerResults ctx={await pageContext(request)} field={field} q={q} people={people} members={members} />);
  });
}
