import type { Kysely, Selectable } from 'kysely';
import type { DB, RoomTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { ProviderKind, RoomPerson } from '../../integrations/rooms.js';
import type { RoomAction } from './rules.js';

export interface Room {
  id: string;
  provider: ProviderKind;
  address: string;
  audience: string;
  name: string;
  createdAt: string;
  archivedAt: string | null;
  lastReconciledAt: string | null;
  /** Counts of the last drift computed: for the rooms list without asking every provider. */
  lastDrift: { missing: number; extra: number; unreachable: number } | null;
}

export interface RoomDelivery {
  id: string;
  roomId: string;
  handle: string;
  personId: string | null;
  displayName: string | null;
  action: RoomAction;
  outboxId: string | null;
  deliveredAt: string;
}

function toRoom(r: Selectable<RoomTable>): Room {
  return {
    id: r.id,
    provider: r.provider as ProviderKind,
    address: r.address,
    audience: r.audience,
    name: r.name,
    createdAt: r.created_at,
    archivedAt: r.archived_at,
    lastReconciledAt: r.last_reconciled_at,
    lastDrift: r.last_drift ? (JSON.parse(r.last_drift) as Room['lastDrift']) : null,
  };
}

const personColumns = ['people.id as id', 'people.display_name as displayName', 'people.matrix_id as matrixId', 'people.xmpp_jid as xmppJid'] as const;

export function createRoomsRepository(db: Kysely<DB>) {
  return {
    async insert(r: { provider: ProviderKind; address: string; audience: string; name: string; now: string }): Promise<Room> {
      const row = {
        id: newId(),
        provider: r.provider,
        address: r.address,
        audience: r.audience,
        name: r.name,
        created_at: r.now,
        archived_at: null,
        last_reconciled_at: null,
        last_drift: null,
      };
      await db.insertInto('rooms').values(row).execute();
      return toRoom(row);
    },

    async findById(id: string): Promise<Room | undefined> {
      const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRoom(row) : undefined;
    },

    async exists(provider: string, address: string): Promise<boolean> {
      return (await db.selectFrom('rooms').select('id').where('provider', '=', provider).where('address', '=', address).executeTakeFirst()) !== undefined;
    },

    /** Rooms in use (not archived), by name. */
    async list(): Promise<Room[]> {
      const rows = await db.selectFrom('rooms').selectAll().where('archived_at', 'is', null).orderBy('name').orderBy('id').execute();
      return rows.map(toRoom);
    },

    async recordDrift(id: string, at: string, counts: NonNullable<Room['lastDrift']>): Promise<void> {
      await db
        .updateTable('rooms')
        .set({ last_reconciled_at: at, last_drift: JSON.stringify(counts) })
        .where('id', '=', id)
        .execute();
    },

    async recordDelivery(d: {
      roomId: string;
      handle: string;
      personId: string | null;
      action: RoomAction;
      outboxId: string | null;
      at: string;
    }): Promise<void> {
      await db
        .insertInto('room_deliveries')
        .values({ id: newId(), room_id: d.roomId, handle: d.handle, person_id: d.personId, action: d.action, outbox_id: d.outboxId, delivered_at: d.at })
        .execute();
    },

    /** The room's latest deliveries, newest first, with the person's name when known. */
    async deliveries(roomId: string, limit: number): Promise<RoomDelivery[]> {
      const rows = await db
        .selectFrom('room_deliveries')
        .leftJoin('people', 'people.id', 'room_deliveries.person_id')
        .select([
          'room_deliveries.id as id',
          'room_deliveries.room_id as roomId',
          'room_deliveries.handle as handle',
          'room_deliveries.person_id as personId',
          'people.display_name as displayName',
          'room_deliveries.action as action',
          'room_deliveries.outbox_id as outboxId',
          'room_deliveries.delivered_at as deliveredAt',
        ])
        .where('room_deliveries.room_id', '=', roomId)
        .orderBy('room_deliveries.delivered_at', 'desc')
        .orderBy('room_deliveries.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, action: r.action as RoomDelivery['action'] }));
    },

    /**
     * Who the room holds as far as Équipage told it: every handle whose last delivery was an
     * invitation. The room's members for a provider that cannot list them (webhooks).
     */
    async invitedHandles(roomId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('room_deliveries')
        .select(['handle', 'action', 'delivered_at', 'id'])
        .where('room_id', '=', roomId)
        .orderBy('delivered_at')
        .orderBy('id')
        .execute();
      const last = new Map<string, string>();
      for (const r of rows) last.set(r.handle, r.action);
      return [...last].filter(([, action]) => action === 'invite').map(([handle]) => handle);
    },

    /** Everyone with a handle on this provider: to put a name on a room's extra members. */
    async peopleWithHandles(): Promise<RoomPerson[]> {
      return db
        .selectFrom('people')
        .select(personColumns)
        .where((eb) => eb.or([eb('people.matrix_id', 'is not', null), eb('people.xmpp_jid', 'is not', null)]))
        .execute();
    },

    async teamExists(slug: string): Promise<boolean> {
      return (await db.selectFrom('teams').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
    },
  };
}
