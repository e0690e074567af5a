import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../src/integrations/webhook.js';

/**
 * A webhook receiver as an association's script would write one: it checks X-Equipage-Signature
 * against the raw body (401 when it does not match), acts once per Idempotency-Key, and answers
 * 204. Tests read every delivery it saw, and can take it down (503) or make it answer some status.
 */

export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The parsed body, or null when it was not JSON. */
  body: Record<string, any> | null;
  signatureValid: boolean;
  /** What the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  /** The URL to POST to, e.g. http://127.0.0.1:41234/hooks/equipage */
  readonly url: string;
  /** Every request, in order, including those refused. */
  readonly deliveries: WebhookDelivery[];
  /** The distinct Idempotency-Key values of deliveries accepted (2xx): each is one action taken. */
  acceptedKeys(): string[];
  /** Answers 503 (with Retry-After when given) until up(). */
  down(retryAfterSeconds?: number): void;
  /** Answers this status (and no action) until up(): 400, 410, a redirect… */
  respondWith(status: number, headers?: Record<string, string>): void;
  up(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { secret: string; path?: string }): Promise<WebhookReceiver> {
  const path = options.path ?? '/hooks/equipage';
  const deliveries: WebhookDelivery[] = [];
  const accepted = new Set<string>();
  let forced: { status: number; headers: Record<string, string> } | null = null;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let body: Record<string, any> | null = null;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        body = null;
      }
      const signatureHeader = request.headers['x-equipage-signature'];
      const signatureValid = verifyWebhookSignature(options.secret, rawBody, typeof signatureHeader === 'string' ? signatureHeader : undefined);
      const key = request.headers['idempotency-key'];
      let status: number;
      let headers: Record<string, string> = {};
      if (forced) ({ status, headers } = forced);
      else if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://receiver').pathname !== path) status = 404;
      else if (!signatureValid) status = 401;
      else if (!body || typeof key !== 'string') status = 400;
      else {
        accepted.add(key);
        status = 204;
      }
      deliveries.push({ headers: request.headers, rawBody, body, signatureValid, status });
      response.writeHead(status, headers);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    acceptedKeys: () => [...accepted],
    down(retryAfterSeconds) {
      forced = { status: 503, headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) } };
    },
    respondWith(status, headers = {}) {
      forced = { status, headers };
    },
    up() {
      forced = null;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
