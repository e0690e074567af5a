import { createHmac } from 'node:crypto';
import { hmacSha256Matches } from '../platform/auth/secrets.js';
import { describeNetworkError, retryAfterHeaderMs } from './http-failures.js';
import { DeliveryError, type DeliveryContext, type RoomPerson, type RoomProvider } from './rooms.js';

/**
 * Signed webhooks, for whatever has no provider of its own (Mattermost, Discourse, a script): each
 * invitation or removal is one JSON event POSTed to the room's URL. The receiver keeps the room in
 * step itself, so everyone is reachable (the handle is the person's id) and nobody can be listed.
 *
 * Every request carries:
 * - `X-Equipage-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact raw body under the shared
 *   secret (the scheme GitHub and Forgejo use, so receivers often have the code already);
 * - `Idempotency-Key` and the body's `id`, both the outbox event's id: a retry after a timeout
 *   sends the same id, and the receiver acts once per id;
 * - `X-Equipage-Event`, the event's type, for routing without parsing.
 */

export type WebhookEventType = 'room.invite' | 'room.remove' | 'membership.started' | 'membership.ended';

export interface WebhookEvent {
  /** Stable across retries: the outbox event's id. */
  id: string;
  type: WebhookEventType;
  /** ISO 8601 instant. */
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface WebhookDeliveryOptions {
  secret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WebhookProviderOptions {
  secret?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const SIGNATURE_PREFIX = 'sha256=';
const DEFAULT_TIMEOUT_MS = 10_000;
const QUOTED_RESPONSE_LENGTH = 200;

/** `sha256=<hex>`: the HMAC-SHA256 of the body, byte for byte as sent, under the secret. */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/** Whether an X-Equipage-Signature header signs this raw body under this secret (compared in constant time). */
export function verifyWebhookSignature(secret: string, rawBody: string | Uint8Array, header: string | null | undefined): boolean {
  const given = header?.trim() ?? '';
  if (!given.toLowerCase().startsWith(SIGNATURE_PREFIX)) return false;
  return hmacSha256Matches(secret, rawBody, given.slice(SIGNATURE_PREFIX.length));
}

/**
 * POSTs one signed event. Resolves on 2xx; throws a DeliveryError otherwise: transient for 408,
 * 429, 5xx and no answer (with Retry-After passed on), permanent for any other status, redirects
 * included (a POST is not replayed to another address behind the administrator's back).
 */
export async function postWebhookEvent(url: string, event: WebhookEvent, options: WebhookDeliveryOptions): Promise<void> {
  if (!options.secret) throw new DeliveryError('Webhook secret is not configured');
  const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  let answer: string;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': event.id,
        'X-Equipage-Event': event.type,
        'X-Equipage-Signature': signWebhookBody(options.secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    answer = await response.text();
  } catch (error) {
    throw new DeliveryError(`Webhook ${event.type} to ${url}: no answer (${describeNetworkError(error)})`);
  }
  if (response.status >= 200 && response.status <= 299) return;
  const quoted = answer.trim().slice(0, QUOTED_RESPONSE_LENGTH);
  const message = `Webhook ${event.type} to ${url} answered ${response.status}${quoted ? `: ${quoted}` : ''}`;
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    const retryAfterMs = retryAfterHeaderMs(response.headers.get('retry-after'));
    throw new DeliveryError(message, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  throw new DeliveryError(message, { permanent: true });
}

export function createWebhookProvider(options: WebhookProviderOptions): RoomProvider {
  const secret = options.secret ?? '';
  const delivery = { secret, fetch: options.fetch, timeoutMs: options.timeoutMs };

  function roomEvent(type: 'room.invite' | 'room.remove', handle: string, ctx: DeliveryContext): WebhookEvent {
    return {
      id: ctx.eventId,
      type,
      // The change's own time, so a retried event is the same bytes, signature included.
      occurredAt: ctx.occurredAt ?? new Date().toISOString(),
      data: { roomId: ctx.roomId, personId: ctx.personId, handle, reason: ctx.reason },
    };
  }

  function urlOrRefuse(address: string): string {
    const url = parseWebhookUrl(address);
    if (!url) throw new DeliveryError(`Not a webhook URL: ${address}`, { permanent: true });
    return url;
  }

  return {
    kind: 'webhook',
    configured: secret !== '',
    handleOf(person: RoomPerson): string {
      return person.id;
    },
    parseAddress(address: string): string | null {
      return parseWebhookUrl(address);
    },
    async members(): Promise<null> {
      return null;
    },
    async invite(address: string, handle: string, ctx: DeliveryContext): Promise<void> {
      await postWebhookEvent(urlOrRefuse(address), roomEvent('room.invite', handle, ctx), delivery);
    },
    async remove(address: string, handle: string, ctx: DeliveryContext): Promise<void> {
      await postWebhookEvent(urlOrRefuse(address), roomEvent('room.remove', handle, ctx), delivery);
    },
    async check(): Promise<string[]> {
      return [];
    },
  };
}

/**
 * An http(s) URL in its normal form (WHATWG serialisation, fragment dropped since it is never
 * sent), or null. URLs with credentials are refused: fetch will not send them.
 */
function parseWebhookUrl(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  url.hash = '';
  return url.href;
}
