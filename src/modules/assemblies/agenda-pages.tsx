import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { FieldError } from '../../platform/errors.js';
import type { PageContext } from '../../platform/http/page.js';
import { formFields } from '../../platform/http/forms.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { isOneOf, MAJORITIES } from './rules.js';
import type { AssembliesService } from './service.js';
import type { assemblyConfirmations } from './confirmations.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const ItemParams = Type.Object({ id: Id, itemId: Id });
const DocumentParams = Type.Object({ id: Id, documentId: Id });
const ResolutionParams = Type.Object({ id: Id, resolutionId: Id });
const formOf = <P extends typeof ItemParams | typeof DocumentParams | typeof ResolutionParams>(policy: string, params: P) => ({
  config: { policy, page: true },
  schema: { params, hide: true },
});

/** The steps of a form of the assembly's page (pages.tsx runs them: read, confirm if asked, run). */
export interface AgendaFormSteps<T> {
  read: (request: FastifyRequest, params: T) => { form: string | null; values?: Record<string, string>; errors?: FieldError[] };
  run: (request: FastifyRequest, params: T) => Promise<string>;
  confirm?: (request: FastifyRequest, params: T) => Promise<VNode>;
}

export interface AgendaPageDeps {
  assemblies: AssembliesService;
  confirmations: ReturnType<typeof assemblyConfirmations>;
  pageContext: (request: FastifyRequest) => Promise<PageContext>;
  at: (id: string, notice: Extract<MessageKey, `notice.${string}`>, anchor?: string) => string;
  submit: <T extends { id: string }>(request: FastifyRequest, reply: FastifyReply, params: T, steps: AgendaFormSteps<T>) => Promise<unknown>;
}

const titleRequired = (form: string, title: string): FieldError[] =>
  title.trim() ? [] : [{ path: `/${form}-title`, code: 'required', message: 'a title is required' }];

/**
 * Editing and removing what an assembly's agenda holds, from its page: items and resolutions are
 * edited in place, items, documents and resolutions removed after a confirmation that says
 * whether an amendment will be mailed and to how many people (checkAgendaChange's rule).
 */
export function agendaPages(app: App, deps: AgendaPageDeps): void {
  const { assemblies, confirmations, pageContext, at, submit } = deps;
  /** The notice once done: an amendment went out, or the agenda simply changed. */
  const noticeOf = ({ amended }: { amended: boolean }) => (amended ? ('notice.agendaAmended' as const) : ('notice.agendaChanged' as const));
  const titleOf = async (request: FastifyRequest, id: string, pick: (a: Awaited<ReturnType<AssembliesService['get']>>) => string | undefined) =>
    pick(await assemblies.get(request.actor, id)) ?? '';

  app.post('/assemblies/:id/items/:itemId', formOf('assemblies.manage', ItemParams), async (request, reply) =>
    submit(request, reply, request.params, {
      read: (r, { itemId }) => ({
        form: `item-${itemId}`,
        values: formFields(r.body),
        errors: titleRequired(`item-${itemId}`, formFields(r.body).title ?? ''),
      }),
      run: async (r, { id, itemId }) => {
        const v = formFields(r.body);
        return at(id, noticeOf(await assemblies.updateItem(r.actor, id, itemId, { title: v.title ?? '', body: v.body ?? null })), '#agenda-title');
      },
    }),
  );

  app.post('/assemblies/:id/items/:itemId/remove', formOf('assemblies.manage', ItemParams), async (request, reply) =>
    submit(request, reply, request.params, {
      read: () => ({ form: null }),
      confirm: async (r, { id, itemId }) =>
        confirmations.removeFromAgenda(await pageContext(r), r.actor, id, {
          title: await titleOf(r, id, (a) => a.agenda.find((i) => i.id === itemId)?.title),
          action: `/assemblies/${id}/items/${itemId}/remove`,
          anchor: '#agenda-title',
        }),
      run: async (r, { id, itemId }) => {
        return at(id, noticeOf(await assemblies.removeItem(r.actor, id, itemId)), '#agenda-title');
      },
    }),
  );

  app.post('/assemblies/:id/documents/:documentId/remove', formOf('assemblies.manage', DocumentParams), async (request, reply) =>
    submit(request, reply, request.params, {
      read: () => ({ form: null }),
      confirm: async (r, { id, documentId }) =>
        confirmations.removeFromAgenda(await pageContext(r), r.actor, id, {
          title: await titleOf(r, id, (a) => a.documents.find((d) => d.id === documentId)?.title),
          action: `/assemblies/${id}/documents/${documentId}/remove`,
          anchor: '#documents-title',
        }),
      run: async (r, { id, documentId }) => {
        return at(id, noticeOf(await assemblies.removeDocument(r.actor, id, documentId)), '#documents-title');
      },
    }),
  );

  app.post('/assemblies/:id/resolutions/:resolutionId', formOf('assemblies.conduct', ResolutionParams), async (request, reply) =>
    submit(request, reply, request.params, {
      read: (r, { resolutionId }) => {
        const form = `resolution-${resolutionId}-edit`;
        const v = formFields(r.body);
        const errors = titleRequired(form, v.title ?? '');
        if (v.majority !== undefined && !isOneOf(MAJORITIES, v.majority))
          errors.push({ path: `/${form}-majority`, code: 'invalid_choice', message: 'simple or two thirds' });
        return { form, values: v, errors };
      },
      run: async (r, { id, resolutionId }) => {
        const v = formFields(r.body);
        const majority = isOneOf(MAJORITIES, v.majority) ? v.majority : undefined;
        const changed = await assemblies.updateResolution(r.actor, id, resolutionId, { title: v.title ?? '', text: v.text ?? null, majority });
        return at(id, noticeOf(changed), `#resolution-${resolutionId}`);
      },
    }),
  );

  app.post('/assemblies/:id/resolutions/:resolutionId/remove', formOf('assemblies.conduct', ResolutionParams), async (request, reply) =>
    submit(request, reply, request.params, {
      read: () => ({ form: null }),
      confirm: async (r, { id, resolutionId }) =>
        confirmations.removeFromAgenda(await pageContext(r), r.actor, id, {
          title: await titleOf(r, id, (a) => a.resolutions.find((x) => x.id === resolutionId)?.title),
          action: `/assemblies/${id}/resolutions/${resolutionId}/remove`,
          anchor: '#resolutions-title',
        }),
      run: async (r, { id, resolutionId }) => {
        return at(id, noticeOf(await assemblies.removeResolution(r.actor, id, resolutionId)), '#resolutions-title');
      },
    }),
  );
}
