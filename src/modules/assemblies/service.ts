import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository } from './repository.js';
import { blank, createAssemblyKit } from './kit.js';
import { createConvocations } from './convocations.js';
import { createParticipation } from './participation.js';
import { createAssemblyMinutes } from './minutes-record.js';
import { createAssemblyDay } from './day.js';
import { createAgendaChanges } from './amendments.js';
import { createInviteeList } from './invitee-list.js';
import type { AssemblyKind } from './rules.js';
import type { AgendaItem, Assembly, AssemblyView, Invitee } from './types.js';

export interface AssemblyInput {
  kind: AssemblyKind;
  title: string;
  scheduledAt: string;
  location?: string | null;
  videoUrl?: string | null;
  durationMinutes?: number;
}

/**
 * General assemblies: preparing, convening ("Every member and every contributor is invited to every general assembly"),
 * answers and proxies, check-in and live quorum, resolutions and votes, minutes.
 * Convening, taking part and the day itself are in their own files; this one prepares and reads.
 */
export function createAssembliesService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const kit = createAssemblyKit(ctx);
  const { load, audit, desiredInvitees, presentInvitee, quorumFromCounts, inviteeOf, mayRead, allowedActions } = kit;
  const agendaChanges = createAgendaChanges(ctx, kit);
  const { amendAgenda, loadForChange } = agendaChanges;
  const minutes = createAssemblyMinutes(ctx, kit);

  const preparation = {
    async list(actor: Actor): Promise<Assembly[]> {
      const repo = createAssembliesRepository(database.db);
      if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return repo.list();
      if (!actor.personId) return [];
      return repo.list({ personId: actor.personId });
    },

    async get(actor: Actor, id: string): Promise<AssemblyView> {
      const repo = createAssembliesRepository(database.db);
      const a = await load(database.db, id);
      await mayRead(actor, a);
      // Counts, not rows: the reader's own invitation is the only one read.
      const [agenda, documents, resolutions, counts, me] = await Promise.all([
        repo.items(id),
        repo.documents(id),
        repo.resolutions(id),
        repo.attendanceCounts(id),
        inviteeOf(database.db, id, actor.personId),
      ]);
      const myProxies = me ? await repo.proxiesOf(id, me.personId) : [];
      return {
        ...a,
        agenda,
        documents,
        resolutions,
        invitees: { total: counts.total, voters: counts.voters, answered: counts.answered },
        quorum: a.status === 'draft' ? null : quorumFromCounts(counts),
        allowedActions: allowedActions(actor, a, me),
        me: me
          ? {
              ...presentInvitee(me, myProxies),
              votedOn: await repo.votedOn(id, me.personId),
              choices: await repo.choicesOf(id, me.personId),
              names: Object.fromEntries(myProxies.flatMap((p) => [[p.giverId, p.giverName] as const, [p.holderId, p.holderName] as const])),
            }
          : null,
      };
    },

    async create(actor: Actor, input: AssemblyInput): Promise<Assembly> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      const errors = [];
      if (!title) errors.push({ path: '/title', code: 'required', message: 'a title is required' });
      if (Number.isNaN(Date.parse(input.scheduledAt))) errors.push({ path: '/scheduledAt', code: 'invalid_date', message: 'not an instant' });
      if (errors.length) throw new AppError('validation_failed', 'The assembly cannot be created as given', errors);
      return database.transaction(async (trx) => {
        const a = await createAssembliesRepository(trx).insert({
          kind: input.kind,
          title,
          scheduledAt: new Date(input.scheduledAt).toISOString(),
          durationMinutes: input.durationMinutes ?? 180,
          location: blank(input.location),
          videoUrl: blank(input.videoUrl),
          now: clock.now(),
        });
        await audit(trx, actor.personId, 'assembly.created', a.id, { kind: a.kind, title: a.title, scheduledAt: a.scheduledAt });
        return a;
      });
    },

    async addItem(actor: Actor, id: string, input: { title: string; body?: string | null }): Promise<AgendaItem> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      if (!title) throw new AppError('validation_failed', 'A title is required', [{ path: '/title', code: 'required', message: 'a title is required' }]);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, true);
        const item = await createAssembliesRepository(trx).addItem(id, title, blank(input.body));
        await audit(trx, actor.personId, 'assembly.item_added', id, { title });
        await amendAgenda(trx, change, actor, 'itemAdded', title);
        return item;
      });
    },

    async addDocument(
      actor: Actor,
      id: string,
      input: { title: string; url?: string | null; filename?: string | null; contentType?: string | null; content?: Buffer | null },
    ) {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      const url = blank(input.url);
      const errors = [];
      if (!title) errors.push({ path: '/title', code: 'required', message: 'a title is required' });
      if (url && !/^https?:\/\/\S+$/.test(url)) errors.push({ path: '/url', code: 'invalid_url', message: 'an http(s) address' });
      if (!url && !(input.content && input.content.length > 0)) errors.push({ path: '/url', code: 'required', message: 'a link or a file' });
      if (errors.length) throw new AppError('validation_failed', 'The document cannot be added as given', errors);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, true);
        const doc = await createAssembliesRepository(trx).addDocument({
          assemblyId: id,
          title,
          url,
          filename: url ? null : (blank(input.filename) ?? 'document'),
          contentType: url ? null : (blank(input.contentType) ?? 'application/octet-stream'),
          content: url ? null : (input.content ?? null),
          now: clock.now(),
        });
        await audit(trx, actor.personId, 'assembly.document_added', id, { title });
        await amendAgenda(trx, change, actor, 'documentAdded', title);
        return doc;
      });
    },

    async document(actor: Actor, id: string, documentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const doc = await createAssembliesRepository(database.db).document(id, documentId);
      if (!doc || !doc.content) throw new AppError('not_found', 'No such document');
      return { filename: doc.filename ?? 'document', contentType: doc.content_type ?? 'application/octet-stream', content: Buffer.from(doc.content) };
    },

    /** Before the convocation: who would be convened now; after: who was (and who joined since). */
    async invitees(actor: Actor, id: string): Promise<Invitee[]> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      if (a.status === 'draft') {
        return (await desiredInvitees(database.db)).map((d) => ({
          ...d,
          rsvp: null,
          rsvpAt: null,
          checkedInAt: null,
          proxyHolderId: null,
          holdsProxiesFor: [],
        }));
      }
      const repo = createAssembliesRepository(database.db);
      const proxies = await repo.proxies(id);
      const all = (await repo.invitees(id)).map((i) => presentInvitee(i, proxies));
      if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return all;
      // Another invitee sees who is convened and who votes; answers, arrivals and proxies are the bureau's.
      return all.map((i) =>
        i.personId === actor.personId ? i : { ...i, rsvp: null, rsvpAt: null, checkedInAt: null, proxyHolderId: null, holdsProxiesFor: [] },
      );
    },

    async minutes(actor: Actor, id: string): Promise<string> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const minutes = a.status === 'closed' ? await createAssembliesRepository(database.db).minutesOf(id) : null;
      if (!minutes) throw new AppError('not_found', 'The minutes are written when the assembly closes');
      return minutes;
    },

    /** The attendance sheet (feuille d'émargement), with the proxies. */
    async attendanceSheet(actor: Actor, id: string) {
      if (!canConductAssemblies(actor) && !canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau keeps the attendance sheet');
      const assembly = await load(database.db, id);
      const repo = createAssembliesRepository(database.db);
      const [invitees, proxies] = await Promise.all([repo.invitees(id), repo.proxies(id)]);
      const names = new Map(invitees.map((i) => [i.personId, i.displayName]));
      return {
        assembly,
        rows: invitees.map((i) => ({
          personId: i.personId,
          displayName: i.displayName,
          capacity: i.capacity,
          canVote: i.canVote,
          checkedInAt: i.checkedInAt,
          proxyHolder: names.get(proxies.find((p) => p.giverId === i.personId)?.holderId ?? '') ?? null,
          represents: proxies.filter((p) => p.holderId === i.personId).map((p) => names.get(p.giverId) ?? '?'),
        })),
      };
    },
  };
  return {
    rsvpToken: kit.rsvpToken,
    ...preparation,
    ...createConvocations(ctx, kit),
    ...createParticipation(ctx, kit),
    ...createInviteeList(ctx, kit),
    ...createAssemblyDay(ctx, kit, preparation.get, agendaChanges, minutes.minutesOf),
    recordMinutes: minutes.recordMinutes,
    approveMinutes: minutes.approveMinutes,
    presentForMinutes: minutes.presentForMinutes,
    updateItem: agendaChanges.updateItem,
    removeItem: agendaChanges.removeItem,
    updateDocument: agendaChanges.updateDocument,
    removeDocument: agendaChanges.removeDocument,
    updateResolution: agendaChanges.updateResolution,
    removeResolution: agendaChanges.removeResolution,
    agendaChangePreview: agendaChanges.agendaChangePreview,
  };
}

export type AssembliesService = ReturnType<typeof createAssembliesService>;
