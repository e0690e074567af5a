import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import type { FieldError } from '../../platform/errors.js';
import { sendFragment, type PageContext } from '../../platform/http/page.js';
import { PickerResults } from '../people/picker.js';
import type { AssembliesService } from './service.js';

/*
 * Whom a voter gives their proxy to, searched by name among the assembly's other voters, on the
 * assembly's page and on the personal link (docs/assemblies.md): the proxy form's person picker
 * and how a form names its holder, instead of a select of every voter.
 */

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
/** What the proxy form's picker sends: the typed name (`person`, as every picker's input is named, or `q`) and where its matches go. */
const HolderQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  person: Type.Optional(Type.String({ maxLength: 200 })),
  field: Type.Optional(Type.String({ pattern: '^[a-z][a-zA-Z-]{0,30}$' })),
});

type Holder = { personId: string; displayName: string };

/** The voters a name typed in the proxy form matches, when the form came back because several do. */
export async function holderMatchesFor(
  state: { form: string | null; values: Record<string, string>; errors: FieldError[] },
  find: (typed: string) => Promise<Holder[]>,
): Promise<Holder[] | undefined> {
  const typed = (state.values.person ?? '').trim();
  if (state.form !== 'proxy' || !typed || !state.errors.some((e) => e.path === '/proxy-holderId' && e.code === 'ambiguous_person')) return undefined;
  return find(typed);
}

/**
 * The holder a proxy form names: the voter chosen among the matches (`holderId`), else the one
 * the name typed without a script designates (`person`); neither withdraws the proxy.
 */
export async function holderOf(values: Record<string, string>, named: (typed: string) => Promise<string>): Promise<string | null> {
  const chosen = (values.holderId ?? '').trim();
  if (chosen) return chosen;
  const typed = (values.person ?? '').trim();
  return typed ? named(typed) : null;
}

/**
 * The proxy form's picker: the voters of the assembly, other than the one asking, whose name
 * holds what was typed; signed in, or by the personal link (the token is the credential). An HTML
 * fragment for htmx (PickerResults), JSON for scripts. The service refuses whoever has no proxy to
 * give (a wrong link, an invitee without a vote, someone not convened) before searching.
 */
export function proxyHolderPages(app: App, deps: { assemblies: AssembliesService; pageContext: (request: FastifyRequest) => Promise<PageContext> }): void {
  const { assemblies, pageContext } = deps;

  async function holderResults(request: FastifyRequest, reply: FastifyReply, query: Static<typeof HolderQuery>, find: (typed: string) => Promise<Holder[]>) {
    const typed = (query.q ?? query.person ?? '').trim();
    const holders = await find(typed);
    if (request.headers.accept?.includes('application/json')) {
      return reply.header('cache-control', 'no-store').send({ items: holders.map((h) => ({ id: h.personId, displayName: h.displayName })) });
    }
    const ctx = await pageContext(request);
    return sendFragment(
      reply.header('cache-control', 'no-store'),
      <PickerResults
        ctx={ctx}
        field={query.field ?? 'proxy-holderId'}
        q={typed}
        people={holders.map((h) => ({ id: h.personId, displayName: h.displayName }))}
        choiceName="holderId"
        none={ctx.i18n.t('assemblies.proxy.noVoter', { q: typed })}
      />,
    );
  }

  app.get(
    '/assemblies/rsvp/:token/proxy-holders',
    { config: { policy: 'assemblies.rsvp', page: true }, schema: { params: TokenParams, querystring: HolderQuery, hide: true } },
    async (request, reply) => holderResults(request, reply, request.query, (typed) => assemblies.proxyHoldersNamedByToken(request.params.token, typed)),
  );

  app.get(
    '/assemblies/:id/proxy-holders',
    { config: { policy: 'assemblies.participate', page: true }, schema: { params: IdParams, querystring: HolderQuery, hide: true } },
    async (request, reply) => holderResults(request, reply, request.query, (typed) => assemblies.proxyHoldersNamed(request.actor, request.params.id, typed)),
  );
}
