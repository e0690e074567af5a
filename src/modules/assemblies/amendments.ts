import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n/index.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { letterField } from '../../platform/mail/letters.js';
import { keysOf } from '../../platform/auth/keys.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { publicBaseUrl } from '../../platform/config.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository } from './repository.js';
import { checkAgendaChange, type AgendaChangeMode, type Majority } from './rules.js';
import { blank, type AssemblyKit } from './kit.js';
import { convocationAgendaText } from './agenda-text.js';
import type { Assembly } from './types.js';

/** What changed on the agenda, as an amendment mail says it (`assemblies.amendment.<change>`). */
export const AGENDA_CHANGES = [
  'itemAdded',
  'itemChanged',
  'itemRemoved',
  'documentAdded',
  'documentChanged',
  'documentRemoved',
  'resolutionAdded',
  'resolutionChanged',
  'resolutionRemoved',
] as const;
export type AgendaChange = (typeof AGENDA_CHANGES)[number];

const required = (path: string) => new AppError('validation_failed', 'A title is required', [{ path, code: 'required', message: 'a title is required' }]);

/**
 * Changing an assembly's agenda after it was prepared: items, documents and resolutions edited or
 * removed. The rule is checkAgendaChange's: free until convened; then an amendment, within the
 * notice the bylaws set, mailed to everyone convened with the agenda as it now stands; nothing
 * convened on changes once the assembly is open. Adding goes through the same guard
 * (`amendAgenda`), called by the functions that add.
 */
export function createAgendaChanges(ctx: ServiceContext, kit: AssemblyKit) {
  const { database, clock, config } = ctx;
  const { load, audit, rsvpLink } = kit;

  function mayPrepare(actor: Actor) {
    if (!canPrepareAssemblies(actor) && !canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
  }

  /** One amendment mail per person convened, in their language, with the agenda as it now stands; a few hundred to a statement. */
  async function mailAmendment(trx: Kysely<DB>, a: Assembly, change: AgendaChange, title: string): Promise<number> {
    const repo = createAssembliesRepository(trx);
    const [invitees, agenda, resolutions, documents, assoc] = await Promise.all([
      repo.invitees(a.id),
      repo.items(a.id),
      repo.resolutions(a.id),
      repo.documents(a.id),
      associationName(trx),
    ]);
    const assemblyUrl = `${publicBaseUrl(config)}/assemblies/${a.id}`;
    // Written once per language, the name and the personal link put in per person (recordLetters).
    const letter = (locale: Locale) => {
      const params = {
        name: letterField('name'),
        association: assoc,
        title: a.title,
        date: formatMeetingDate(a.scheduledAt, locale, config.TIMEZONE),
        change: translate(locale, `assemblies.amendment.${change}`, { title }),
        agenda: convocationAgendaText({ locale, agenda, resolutions, documents, assemblyUrl }),
        rsvpLink: secretLinkSlot('rsvp'),
      };
      return {
        subject: translate(locale, 'assemblies.amendment.mail.subject', params),
        body: translate(locale, 'assemblies.amendment.mail.body', params).trimEnd(),
      };
    };
    await createMailRepository(trx, keysOf(config)).recordLetters({
      kind: 'assembly_amendment',
      now: clock.now(),
      letter,
      recipients: invitees.map((invitee) => ({
        to: invitee.email,
        personId: invitee.personId,
        locale: invitee.locale,
        fields: { name: invitee.displayName },
        secretLinks: { rsvp: rsvpLink(invitee.id) },
      })),
    });
    return invitees.length;
  }

  /**
   * Loads the assembly for a change of its agenda and tells how the change is made
   * (checkAgendaChange), refusing at once, before any write, what the rule refuses.
   */
  async function loadForChange(trx: Kysely<DB>, id: string, adding: boolean): Promise<AgendaChangeContext> {
    const assembly = await load(trx, id);
    const mode = checkAgendaChange({
      status: assembly.status,
      scheduledAt: assembly.scheduledAt,
      now: clock.now(),
      noticeDays: config.ASSEMBLY_NOTICE_DAYS,
      adding,
    });
    if (isRefusal(mode)) throw AppError.from(mode);
    return { assembly, mode };
  }

  /**
   * After the change is written, in its transaction: for a convened assembly, mails the amendment
   * (with the agenda as it now stands) and records it. True when an amendment went out.
   */
  async function amendAgenda(trx: Kysely<DB>, { assembly, mode }: AgendaChangeContext, actor: Actor, change: AgendaChange, title: string): Promise<boolean> {
    if (mode !== 'amendment') return false;
    const mailed = await mailAmendment(trx, assembly, change, title);
    await audit(trx, actor.personId, 'assembly.amended', assembly.id, { change, title, mailed });
    return true;
  }

  return {
    amendAgenda,
    loadForChange,

    /**
     * What a change of the agenda would do now, changing nothing: an amendment mailed to how many
     * people, or nothing sent. Refused as the change would be, so a confirmation never promises
     * what won't happen.
     */
    async agendaChangePreview(actor: Actor, id: string): Promise<{ amendment: boolean; invitees: number }> {
      mayPrepare(actor);
      const { mode } = await loadForChange(database.db, id, false);
      if (mode !== 'amendment') return { amendment: false, invitees: 0 };
      return { amendment: true, invitees: Number((await createAssembliesRepository(database.db).attendanceCounts(id)).total) };
    },

    async updateItem(actor: Actor, id: string, itemId: string, input: { title?: string; body?: string | null }) {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const item = await repo.item(id, itemId);
        if (!item) throw new AppError('not_found', `No item ${itemId} on this agenda`);
        const title = input.title === undefined ? item.title : input.title.trim();
        if (!title) throw required('/title');
        const body = input.body === undefined ? item.body : blank(input.body);
        if (title === item.title && body === item.body) return { item, amended: false };
        await repo.updateItem(itemId, { title, body });
        await audit(trx, actor.personId, 'assembly.item_changed', id, { itemId, title, before: item.title });
        const amended = await amendAgenda(trx, change, actor, 'itemChanged', title);
        return { item: { ...item, title, body }, amended };
      });
    },

    async removeItem(actor: Actor, id: string, itemId: string): Promise<{ amended: boolean }> {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const item = await repo.item(id, itemId);
        if (!item) throw new AppError('not_found', `No item ${itemId} on this agenda`);
        await repo.removeItem(itemId);
        await audit(trx, actor.personId, 'assembly.item_removed', id, { itemId, title: item.title });
        return { amended: await amendAgenda(trx, change, actor, 'itemRemoved', item.title) };
      });
    },

    async updateDocument(actor: Actor, id: string, documentId: string, input: { title?: string; url?: string }) {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const doc = await repo.document(id, documentId);
        if (!doc) throw new AppError('not_found', `No document ${documentId} for this assembly`);
        const title = input.title === undefined ? doc.title : input.title.trim();
        const errors = [];
        if (!title) errors.push({ path: '/title', code: 'required', message: 'a title is required' });
        const url = input.url === undefined ? undefined : input.url.trim();
        // An uploaded file is replaced by removing it and adding another; a link is edited in place.
        if (url !== undefined && !doc.url) errors.push({ path: '/url', code: 'not_a_link', message: 'this document is an uploaded file, not a link' });
        else if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) errors.push({ path: '/url', code: 'invalid_url', message: 'an http(s) address' });
        if (errors.length) throw new AppError('validation_failed', 'The document cannot be changed as given', errors);
        const unchanged = { id: documentId, title: doc.title, url: doc.url, filename: doc.filename, contentType: doc.content_type };
        if (title === doc.title && (url === undefined || url === doc.url)) return { document: unchanged, amended: false };
        await repo.updateDocument(documentId, { title, ...(url === undefined ? {} : { url }) });
        await audit(trx, actor.personId, 'assembly.document_changed', id, { documentId, title, before: doc.title });
        const amended = await amendAgenda(trx, change, actor, 'documentChanged', title);
        return { document: { ...unchanged, title, url: url ?? doc.url }, amended };
      });
    },

    async removeDocument(actor: Actor, id: string, documentId: string): Promise<{ amended: boolean }> {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const doc = await repo.document(id, documentId);
        if (!doc) throw new AppError('not_found', `No document ${documentId} for this assembly`);
        await repo.removeDocument(documentId);
        await audit(trx, actor.personId, 'assembly.document_removed', id, { documentId, title: doc.title });
        return { amended: await amendAgenda(trx, change, actor, 'documentRemoved', doc.title) };
      });
    },

    async updateResolution(actor: Actor, id: string, resolutionId: string, input: { title?: string; text?: string | null; majority?: Majority }) {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', `No resolution ${resolutionId} for this assembly`);
        if (r.status !== 'proposed') throw new AppError('illegal_transition', 'A resolution is changed only before its vote opens');
        const title = input.title === undefined ? r.title : input.title.trim();
        if (!title) throw required('/title');
        const text = input.text === undefined ? r.text : blank(input.text);
        const majority = input.majority ?? r.majority;
        const { version: _v, ...resolution } = r;
        if (title === r.title && text === r.text && majority === r.majority) return { resolution, amended: false };
        if (!(await repo.updateResolution(resolutionId, r.version, { title, text, majority }))) {
          throw new AppError('version_conflict', 'The resolution changed meanwhile; reload and try again');
        }
        await audit(trx, actor.personId, 'assembly.resolution_changed', id, { resolutionId, title, majority, before: r.title });
        const amended = await amendAgenda(trx, change, actor, 'resolutionChanged', title);
        return { resolution: { ...resolution, title, text, majority }, amended };
      });
    },

    async removeResolution(actor: Actor, id: string, resolutionId: string): Promise<{ amended: boolean }> {
      mayPrepare(actor);
      return database.transaction(async (trx) => {
        const change = await loadForChange(trx, id, false);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', `No resolution ${resolutionId} for this assembly`);
        if (!(await repo.removeProposedResolution(resolutionId))) {
          throw new AppError('illegal_transition', 'A resolution whose vote was opened stays: its votes are part of the record');
        }
        await audit(trx, actor.personId, 'assembly.resolution_removed', id, { resolutionId, title: r.title });
        return { amended: await amendAgenda(trx, change, actor, 'resolutionRemoved', r.title) };
      });
    },
  };
}

export type AgendaChanges = ReturnType<typeof createAgendaChanges>;

/** An assembly about to have its agenda changed, and how the change is made (checkAgendaChange). */
export interface AgendaChangeContext {
  assembly: Assembly;
  mode: AgendaChangeMode;
}
