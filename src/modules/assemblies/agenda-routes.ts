import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { literalUnion, Nullable, problemResponses } from '../../platform/http/schemas.js';
import { MAJORITIES } from './rules.js';
import type { AssembliesUses } from './uses.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const ItemParams = Type.Object({ id: Id, itemId: Id });
const DocumentParams = Type.Object({ id: Id, documentId: Id });
const ResolutionParams = Type.Object({ id: Id, resolutionId: Id });
const amendmentNote =
  'Free while the assembly is a draft; once convened, an amendment mailed to everyone convened, refused inside the notice period (422 amendment_too_late); refused once the assembly is open (409 agenda_locked).';

/** Changing an assembly's agenda: its items, documents and resolutions edited or removed (docs/assemblies.md). */
export function agendaRoutes(app: App, services: AssembliesUses): void {
  const s = () => services.assemblies;
  const tags = ['assemblies'];

  app.patch(
    '/api/v1/assemblies/:id/items/:itemId',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary: `Change an agenda item. ${amendmentNote}`,
        params: ItemParams,
        body: Type.Object(
          { title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), body: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.String(), position: Type.Integer(), title: Type.String(), body: Nullable(Type.String()) }),
          ...problemResponses,
        },
      },
    },
    async (request) => (await s().updateItem(request.actor, request.params.id, request.params.itemId, request.body)).item,
  );

  app.delete(
    '/api/v1/assemblies/:id/items/:itemId',
    { config: { policy: 'assemblies.manage' }, schema: { tags, summary: `Remove an agenda item. ${amendmentNote}`, params: ItemParams } },
    async (request, reply) => {
      await s().removeItem(request.actor, request.params.id, request.params.itemId);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/assemblies/:id/documents/:documentId',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary: `Rename a document, or change a linked document's address (an uploaded file is removed and added again). ${amendmentNote}`,
        params: DocumentParams,
        body: Type.Object(
          { title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), url: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            title: Type.String(),
            url: Nullable(Type.String()),
            filename: Nullable(Type.String()),
            contentType: Nullable(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => (await s().updateDocument(request.actor, request.params.id, request.params.documentId, request.body)).document,
  );

  app.delete(
    '/api/v1/assemblies/:id/documents/:documentId',
    { config: { policy: 'assemblies.manage' }, schema: { tags, summary: `Remove a document. ${amendmentNote}`, params: DocumentParams } },
    async (request, reply) => {
      await s().removeDocument(request.actor, request.params.id, request.params.documentId);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/assemblies/:id/resolutions/:resolutionId',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: `Change a resolution before its vote opens (409 illegal_transition after). ${amendmentNote}`,
        params: ResolutionParams,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            text: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
            majority: Type.Optional(literalUnion(MAJORITIES)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => (await s().updateResolution(request.actor, request.params.id, request.params.resolutionId, request.body)).resolution,
  );

  app.delete(
    '/api/v1/assemblies/:id/resolutions/:resolutionId',
    {
      config: { policy: 'assemblies.conduct' },
      schema: { tags, summary: `Remove a resolution whose vote was never opened. ${amendmentNote}`, params: ResolutionParams },
    },
    async (request, reply) => {
      await s().removeResolution(request.actor, request.params.id, request.params.resolutionId);
      return reply.status(204).send(null);
    },
  );
}
