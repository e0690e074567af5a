/**
 * The bench's baseline: a bare Fastify route in a process of its own, started and loaded exactly
 * like the application, so that each endpoint reads as a share of what this machine, this Node and
 * this Fastify serve at all. Prints `{"port":N}` on stdout once it listens; SIGTERM closes it.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
