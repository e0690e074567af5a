import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

const PROXY = '10.20.0.1';
const CLIENT = '203.0.113.7';

/** A login form posted through the proxy: the client's request, with whatever X-Forwarded-For it wrote, as the proxy forwards it. */
async function loginThroughProxy(a: TestAssociation, forwardedFor: string, email: string) {
  const page = await a.app.inject({ method: 'GET', url: '/login', remoteAddress: PROXY, headers: { accept: 'text/html', 'x-forwarded-for': forwardedFor } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return a.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: PROXY,
    payload: new URLSearchParams({ _csrf: csrf, email, password: 'a wrong password entirely' }).toString(),
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': forwardedFor },
  });
}

describe(`the client address behind a trusted proxy (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it.each([PROXY, `${PROXY.replace(/\.1$/, '.0')}/24`, 'true'])(
    'with TRUST_PROXY=%s, a client rotating a spoofed leftmost X-Forwarded-For is still limited as the address the proxy saw',
    async (trust) => {
      a = await buildAssociation({ config: { TRUST_PROXY: trust, LOGIN_MAX_FAILURES: '5' } });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        // The client writes any leftmost entry it likes; the proxy appends the address it saw.
        statuses.push((await loginThroughProxy(a, `198.51.100.${i + 1}, ${CLIENT}`, `someone.${i}@example.org`)).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // Another client behind the same proxy is not concerned.
      expect((await loginThroughProxy(a, '198.51.100.200', 'someone.else@example.org')).statusCode).toBe(401);
    },
  );

  it('a request that did not come from a trusted proxy has its X-Forwarded-For ignored', async () => {
    a = await buildAssociation({ config: { TRUST_PROXY: PROXY, LOGIN_MAX_FAILURES: '2' } });
    const direct = async (i: number) => {
      const b = a.browser('192.0.2.50');
      await b.get('/login');
      return b.post('/login', { email: `x${i}@example.org`, password: `wrong ${i}` });
    };
    // Sent straight to the server, not through the proxy, the header is not believed: its address is the socket's.
    for (let i = 0; i < 2; i++) expect((await direct(i)).statusCode).toBe(401);
    expect((await direct(3)).statusCode).toBe(429);
  });
});
