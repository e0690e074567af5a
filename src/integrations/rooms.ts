/**
 * The port every chat-room provider implements (docs/rooms-and-mail.md): Matrix, XMPP
 * multi-user chat, and signed webhooks for anything else. The rooms module decides who belongs
 * in a room; a provider only tells who is there and carries out one invitation or removal.
 * Credentials come from the configuration, never from the database.
 */
export type ProviderKind = 'matrix' | 'xmpp' | 'webhook';

/** A person as a provider sees them: the handles they gave on their profile. */
export interface RoomPerson {
  id: string;
  displayName: string;
  matrixId: string | null;
  xmppJid: string | null;
}

/** Why and for whom one delivery happens; `eventId` is the outbox event's id, stable across retries. */
export interface DeliveryContext {
  eventId: string;
  roomId: string;
  personId: string | null;
  /** membership_started, membership_lapsed, reconcile, … (shown to people where the provider can). */
  reason: string;
  /** When the change happened (the outbox event's creation): the same on every retry. */
  occurredAt?: string;
}

/**
 * A failed delivery. `retryAfterMs` when the provider said when to come back (Matrix 429);
 * `permanent` when retrying cannot help (unknown room, refused by the server): the event goes
 * straight to the dead letters. Anything else thrown is treated as transient.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface RoomProvider {
  readonly kind: ProviderKind;
  /** False when the configuration lacks this provider's credentials: its rooms wait, undelivered. */
  readonly configured: boolean;
  /** The person's handle for this provider (normalised), or null: they are unreachable there. */
  handleOf(person: RoomPerson): string | null;
  /** A room address in its normal form, or null when it is not one this provider accepts. */
  parseAddress(address: string): string | null;
  /** The room's members as handles (invited or joined; never the bot itself), or null when the provider cannot tell. */
  members(address: string): Promise<string[] | null>;
  invite(address: string, handle: string, ctx: DeliveryContext): Promise<void>;
  remove(address: string, handle: string, ctx: DeliveryContext): Promise<void>;
  /** The room's settings that break the promise, as stable codes (e.g. `room_not_invite_only`); [] when fine. */
  check(address: string): Promise<string[]>;
  /** Closes long-lived connections (XMPP). */
  close?(): Promise<void>;
}

/** One provider of each kind, as the configuration gives them (or a test's fakes). */
export type RoomProviders = Record<ProviderKind, RoomProvider>;
