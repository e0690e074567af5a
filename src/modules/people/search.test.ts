import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type Role, type TestAssociation } from '../../../test/harness.js';

describe(`the people search matches only fields the actor may see (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    const hidden = await a.person({ displayName: 'Camille Martin', email: 'zorglub.secret-77@example.net' });
    await a.services.people.update(system, hidden.id, { pseudonym: 'Kami' });
  });
  afterEach(async () => {
    await a?.close();
  });

  async function search(role: Role, q: string): Promise<string[]> {
    const actor = await a.actingAs(role);
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(q)}`, headers: actor.headers });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { displayName: string }[] }).items.map((p) => p.displayName);
  }

  it("a contributor searching for part of someone's hidden email finds nothing", async () => {
    expect(await search('contributor', 'zorglub')).toEqual([]);
    expect(await search('contributor', 'secret-77@example')).toEqual([]);
    // Nor through the directory page.
    const contributor = await a.actingAs('contributor');
    const page = await a.app.inject({ method: 'GET', url: '/people?q=zorglub', headers: { ...contributor.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Camille Martin');
  });

  it('a contributor still finds people by name and by pseudonym, which they see', async () => {
    expect(await search('contributor', 'camille')).toEqual(['Camille Martin']);
    expect(await search('contributor', 'kami')).toEqual(['Camille Martin']);
  });

  it.each(['admin', 'bureau', 'lead'] as const)('%s, who may see emails, still finds someone by part of their email', async (role) => {
    expect(await search(role, 'zorglub')).toEqual(['Camille Martin']);
    expect(await search(role, 'SECRET-77@example')).toEqual(['Camille Martin']);
    expect(await search(role, 'martin')).toEqual(['Camille Martin']);
  });
});
