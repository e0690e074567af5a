import type { Kysely, Selectable } from 'kysely';
import { parseJsonColumn } from '../../platform/db.js';
import type { DB, ForgeAccountTable, ForgeDeliveryTable, ForgeUnknownAuthorTable } from '../../platform/schema.js';
import { createPeopleRepository } from '../people/repository.js';
import type { Identity, IdentityKind } from './rules.js';

export interface ForgeAccount {
  id: string;
  personId: string;
  forge: IdentityKind;
  identity: string;
  createdAt: string;
}

export interface UnknownAuthor {
  id: string;
  forge: IdentityKind;
  identity: string;
  displayName: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** How many deliveries named them. */
  events: number;
}

/** A contribution a delivery told about whose author was unknown then: credited when linked. */
export interface PendingItem {
  forge: IdentityKind;
  identity: string;
  source: string;
  externalId: string;
  occurredOn: string;
  summary: string;
  evidenceUrl: string | null;
}

/** What a delivery did, kept with it: a replay answers the same, a link credits `pending`. */
export interface DeliveryResult {
  recorded: number;
  alreadyRecorded: number;
  unknownAuthors: number;
  anonymous: number;
  contributionIds: string[];
  pending: PendingItem[];
}

export interface Delivery {
  id: string;
  forge: string;
  deliveryId: string;
  event: string;
  receivedAt: string;
  result: DeliveryResult;
}

const CHUNK = 500;

const toAccount = (r: Selectable<ForgeAccountTable>): ForgeAccount => ({
  id: r.id,
  personId: r.person_id,
  forge: r.forge as IdentityKind,
  identity: r.identity,
  createdAt: r.created_at,
});

const toUnknown = (r: Selectable<ForgeUnknownAuthorTable>): UnknownAuthor => ({
  id: r.id,
  forge: r.forge as IdentityKind,
  identity: r.identity,
  displayName: r.display_name,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  events: Number(r.events),
});

const toDelivery = (r: Selectable<ForgeDeliveryTable>): Delivery => ({
  id: r.id,
  forge: r.forge,
  deliveryId: r.delivery_id,
  event: r.event,
  receivedAt: r.received_at,
  result: parseJsonColumn(r.result) as DeliveryResult,
});

export function createForgesRepository(db: Kysely<DB>) {
  /**
   * Linked accounts and unknown authors are both keyed by (forge, identity). Kysely cannot type a
   * `where` on a table left generic, hence the casts: the row is that table's, as `selectAll` reads it.
   */
  const rowOfIdentity = <T extends 'forge_accounts' | 'forge_unknown_authors'>(table: T, identity: Identity) =>
    db
      .selectFrom(table as 'forge_accounts' | 'forge_unknown_authors')
      .selectAll()
      .where('forge', '=', identity.forge)
      .where('identity', '=', identity.identity)
      .executeTakeFirst() as Promise<Selectable<DB[T]> | undefined>;

  return {
    async accountsOf(personId: string): Promise<ForgeAccount[]> {
      const rows = await db.selectFrom('forge_accounts').selectAll().where('person_id', '=', personId).orderBy('forge').orderBy('identity').execute();
      return rows.map(toAccount);
    },

    async findAccount(identity: Identity): Promise<ForgeAccount | undefined> {
      const row = await rowOfIdentity('forge_accounts', identity);
      return row ? toAccount(row) : undefined;
    },

    async accountOf(personId: string, id: string): Promise<ForgeAccount | undefined> {
      const row = await db.selectFrom('forge_accounts').selectAll().where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
      return row ? toAccount(row) : undefined;
    },

    async insertAccount(row: Selectable<ForgeAccountTable>): Promise<void> {
      await db.insertInto('forge_accounts').values(row).execute();
    },

    async deleteAccount(id: string): Promise<void> {
      await db.deleteFrom('forge_accounts').where('id', '=', id).execute();
    },

    /** `forge:identity` → person id, for the linked accounts among these identities. */
    async peopleOfIdentities(identities: Identity[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      const wanted = new Set(identities.map((i) => `${i.forge}:${i.identity}`));
      const values = [...new Set(identities.map((i) => i.identity))];
      for (let i = 0; i < values.length; i += CHUNK) {
        const rows = await db
          .selectFrom('forge_accounts')
          .select(['forge', 'identity', 'person_id'])
          .where('identity', 'in', values.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) if (wanted.has(`${r.forge}:${r.identity}`)) found.set(`${r.forge}:${r.identity}`, r.person_id);
      }
      return found;
    },

    /** Normalised email → person id, for the people whose own email is one of these. */
    peopleOfEmails: createPeopleRepository(db).personIdsByEmail,

    async findDelivery(forge: string, deliveryId: string): Promise<Delivery | undefined> {
      const row = await db.selectFrom('forge_deliveries').selectAll().where('forge', '=', forge).where('delivery_id', '=', deliveryId).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },

    async insertDelivery(row: Omit<Selectable<ForgeDeliveryTable>, 'result'> & { result: DeliveryResult }): Promise<void> {
      await db
        .insertInto('forge_deliveries')
        .values({ ...row, result: JSON.stringify(row.result) })
        .execute();
    },

    /** Deliveries received since an instant, oldest first, a page at a time. */
    async *deliveriesSince(since: string, pageSize = 200): AsyncGenerator<Delivery[]> {
      let afterId = '';
      for (;;) {
        const rows = await db
          .selectFrom('forge_deliveries')
          .selectAll()
          .where('received_at', '>=', since)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) return;
        yield rows.map(toDelivery);
        afterId = rows[rows.length - 1].id;
      }
    },

    async recentDeliveries(limit: number): Promise<Delivery[]> {
      const rows = await db.selectFrom('forge_deliveries').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toDelivery);
    },

    async findUnknown(identity: Identity): Promise<UnknownAuthor | undefined> {
      const row = await rowOfIdentity('forge_unknown_authors', identity);
      return row ? toUnknown(row) : undefined;
    },

    async unknownById(id: string): Promise<UnknownAuthor | undefined> {
      const row = await db.selectFrom('forge_unknown_authors').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUnknown(row) : undefined;
    },

    async insertUnknown(row: Selectable<ForgeUnknownAuthorTable>): Promise<void> {
      await db.insertInto('forge_unknown_authors').values(row).execute();
    },

    /** One more delivery named them. */
    async sawUnknownAgain(id: string, displayName: string | null, at: string): Promise<void> {
      await db
        .updateTable('forge_unknown_authors')
        .set((eb) => ({ events: eb('events', '+', 1), last_seen_at: at, ...(displayName ? { display_name: displayName } : {}) }))
        .where('id', '=', id)
        .execute();
    },

    async deleteUnknown(id: string): Promise<void> {
      await db.deleteFrom('forge_unknown_authors').where('id', '=', id).execute();
    },

    /** Unknown authors, most recently first seen first (ids follow creation order). */
    async listUnknown(filter: { beforeId?: string; limit: number }): Promise<UnknownAuthor[]> {
      let q = db.selectFrom('forge_unknown_authors').selectAll();
      if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toUnknown);
    },
  };
}

export type ForgesRepository = ReturnType<typeof createForgesRepository>;
