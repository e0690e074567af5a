import type { Kysely, Selectable } from 'kysely';
import type { AssemblyTable, DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { AssemblyKind, AssemblyStatus } from './rules.js';
import type { AgendaItem, Assembly, AssemblyDocument } from './types.js';
import { createInviteesRepository } from './invitees-repository.js';
import { createResolutionsRepository } from './resolutions-repository.js';

export type { InviteeRow } from './invitees-repository.js';

function toAssembly(r: Selectable<AssemblyTable>): Assembly {
  return {
    id: r.id,
    kind: r.kind as AssemblyKind,
    title: r.title,
    scheduledAt: r.scheduled_at,
    durationMinutes: Number(r.duration_minutes),
    location: r.location,
    videoUrl: r.video_url,
    status: r.status as AssemblyStatus,
    convenedAt: r.convened_at,
    forcedReason: r.forced_reason,
    plannedAt: r.planned_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    chairId: r.chair_id,
    secretaryId: r.secretary_id,
    minutesApprovedAt: r.minutes_approved_at,
    version: Number(r.version),
  };
}

/** The assemblies themselves, their agenda and their documents. */
function createAssemblyRowsRepository(db: Kysely<DB>) {
  return {
    async insert(a: {
      kind: AssemblyKind;
      title: string;
      scheduledAt: string;
      durationMinutes: number;
      location: string | null;
      videoUrl: string | null;
      now: string;
    }): Promise<Assembly> {
      const row = {
        id: newId(),
        kind: a.kind,
        title: a.title,
        scheduled_at: a.scheduledAt,
        duration_minutes: a.durationMinutes,
        location: a.location,
        video_url: a.videoUrl,
        status: 'draft',
        convened_at: null,
        forced_reason: null,
        planned_at: null,
        opened_at: null,
        closed_at: null,
        minutes: null,
        chair_id: null,
        secretary_id: null,
        minutes_approved_at: null,
        minutes_approved_by: null,
        created_at: a.now,
        updated_at: a.now,
        version: 1,
      };
      await db.insertInto('assemblies').values(row).execute();
      return toAssembly(row);
    },

    async findById(id: string): Promise<Assembly | undefined> {
      const row = await db.selectFrom('assemblies').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAssembly(row) : undefined;
    },

    async minutesOf(id: string): Promise<string | null> {
      return (await db.selectFrom('assemblies').select('minutes').where('id', '=', id).executeTakeFirst())?.minutes ?? null;
    },

    /** Every assembly, the latest first; or those that convene one person. */
    async list(options: { personId?: string } = {}): Promise<Assembly[]> {
      let q = db.selectFrom('assemblies').selectAll('assemblies');
      if (options.personId) {
        const personId = options.personId;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('assembly_invitees')
              .select('assembly_invitees.id')
              .whereRef('assembly_invitees.assembly_id', '=', 'assemblies.id')
              .where('assembly_invitees.person_id', '=', personId),
          ),
        );
      }
      const rows = await q.orderBy('scheduled_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toAssembly);
    },

    /** Convened assemblies still to come: the scheduler convenes newcomers and sends reminders. */
    async upcomingConvened(now: string): Promise<Assembly[]> {
      const rows = await db.selectFrom('assemblies').selectAll().where('status', '=', 'convened').where('scheduled_at', '>', now).execute();
      return rows.map(toAssembly);
    },

    /** Optimistic concurrency: false when someone changed the assembly meanwhile. */
    async update(id: string, version: number, patch: Partial<Omit<Selectable<AssemblyTable>, 'id' | 'version'>>): Promise<boolean> {
      const r = await db
        .updateTable('assemblies')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async items(assemblyId: string): Promise<AgendaItem[]> {
      const rows = await db.selectFrom('assembly_items').selectAll().where('assembly_id', '=', assemblyId).orderBy('position').execute();
      return rows.map((r) => ({ id: r.id, position: Number(r.position), title: r.title, body: r.body, deliberations: r.deliberations }));
    },

    async addItem(assemblyId: string, title: string, body: string | null): Promise<AgendaItem> {
      const last = await db
        .selectFrom('assembly_items')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('assembly_id', '=', assemblyId)
        .executeTakeFirst();
      const item = { id: newId(), assembly_id: assemblyId, position: Number(last?.max ?? 0) + 1, title, body };
      await db.insertInto('assembly_items').values(item).execute();
      return { id: item.id, position: item.position, title, body, deliberations: null };
    },

    async item(assemblyId: string, id: string): Promise<AgendaItem | undefined> {
      const r = await db.selectFrom('assembly_items').selectAll().where('assembly_id', '=', assemblyId).where('id', '=', id).executeTakeFirst();
      return r ? { id: r.id, position: Number(r.position), title: r.title, body: r.body, deliberations: r.deliberations } : undefined;
    },

    async updateItem(id: string, patch: { title: string; body: string | null }): Promise<void> {
      await db.updateTable('assembly_items').set(patch).where('id', '=', id).execute();
    },

    /** Who checked in, by name: whom the minutes may name as chair or secretary. */
    async checkedIn(assemblyId: string): Promise<{ personId: string; displayName: string }[]> {
      return db
        .selectFrom('assembly_invitees')
        .innerJoin('people', 'people.id', 'assembly_invitees.person_id')
        .select(['assembly_invitees.person_id as personId', 'people.display_name as displayName'])
        .where('assembly_invitees.assembly_id', '=', assemblyId)
        .where('assembly_invitees.checked_in_at', 'is not', null)
        .orderBy('people.sort_key')
        .execute();
    },

    /** What was said on each item, for the minutes (null: nothing). */
    async setDeliberations(assemblyId: string, texts: { itemId: string; text: string | null }[]): Promise<void> {
      for (const d of texts) {
        await db.updateTable('assembly_items').set({ deliberations: d.text }).where('id', '=', d.itemId).where('assembly_id', '=', assemblyId).execute();
      }
    },

    async removeItem(id: string): Promise<void> {
      await db.deleteFrom('assembly_items').where('id', '=', id).execute();
    },

    async updateDocument(id: string, patch: { title: string; url?: string }): Promise<void> {
      await db.updateTable('assembly_documents').set(patch).where('id', '=', id).execute();
    },

    async removeDocument(id: string): Promise<void> {
      await db.deleteFrom('assembly_documents').where('id', '=', id).execute();
    },

    async documents(assemblyId: string): Promise<AssemblyDocument[]> {
      return db
        .selectFrom('assembly_documents')
        .select(['id', 'title', 'url', 'filename', 'content_type as contentType'])
        .where('assembly_id', '=', assemblyId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async document(assemblyId: string, id: string) {
      return db.selectFrom('assembly_documents').selectAll().where('assembly_id', '=', assemblyId).where('id', '=', id).executeTakeFirst();
    },

    async addDocument(d: {
      assemblyId: string;
      title: string;
      url: string | null;
      filename: string | null;
      contentType: string | null;
      content: Buffer | null;
      now: string;
    }): Promise<AssemblyDocument> {
      const id = newId();
      await db
        .insertInto('assembly_documents')
        .values({
          id,
          assembly_id: d.assemblyId,
          title: d.title,
          url: d.url,
          filename: d.filename,
          content_type: d.contentType,
          content: d.content,
          created_at: d.now,
        })
        .execute();
      return { id, title: d.title, url: d.url, filename: d.filename, contentType: d.contentType };
    },
  };
}

/** Everything an assembly's service reads and writes: the assembly, its invitees and proxies, its resolutions and votes. */
export function createAssembliesRepository(db: Kysely<DB>) {
  return { ...createAssemblyRowsRepository(db), ...createInviteesRepository(db), ...createResolutionsRepository(db) };
}
