import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

describe(`The association's identity, shared by every instance (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('two instances on one database agree on the name right after either renames the association', async () => {
    a = await buildAssociation();
    const other = await buildApp({ database: a.database, config: a.config, clock: a.clock });
    try {
      const bureau = await a.actingAs('bureau');
      const title = async (app: typeof a.app) => {
        const page = await app.inject({ method: 'GET', url: '/requests/new', headers: { accept: 'text/html' } });
        return /<title>([^<]*)<\/title>/.exec(page.body)?.[1] ?? '';
      };
      const rename = async (app: typeof a.app, name: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/admin/settings',
          headers: { ...bureau.headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ name, description: '' }).toString(),
        });
        expect(res.statusCode, res.body).toBe(303);
      };
      // Both have read the name once: neither may answer from what it read then.
      expect(await title(a.app)).toMatch(/· TeDomum$/);
      expect(await title(other.app)).toMatch(/· TeDomum$/);

      await rename(a.app, 'Les Jardins');
      expect(await title(other.app)).toMatch(/· Les Jardins$/);
      expect((await other.services.settings.association()).name).toBe('Les Jardins');
      expect((await a.services.settings.association()).name).toBe('Les Jardins');

      await rename(other.app, 'Les Vergers');
      expect(await title(a.app)).toMatch(/· Les Vergers$/);
      expect((await a.services.settings.association()).name).toBe('Les Vergers');
    } finally {
      await other.app.close();
    }
  });
});
