import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nobody listens on: taken from the kernel, then released, for a server a test
 * starts in another process (or a connection meant to be refused). Another process could take it
 * in between; on a test machine that has not been seen, and the test would fail loudly if it were.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
