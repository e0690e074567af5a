import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

describe(`What teams add to the people pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  async function signedIn() {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    return browser;
  }

  it('a person’s page offers to add them to a team', async () => {
    a = await buildAssociation();
    const elodie = await a.person({ displayName: 'Élodie Dupont' });
    const browser = await signedIn();
    const page = await browser.get(`/people/${elodie.id}`);
    expect(page.body).toContain(`action="/people/${elodie.id}/teams"`);
    const done = await browser.post(`/people/${elodie.id}/teams`, { team: 'communaute', role: 'lead' });
    expect(done.statusCode).toBe(303);
    const after = await browser.get(`/people/${elodie.id}`);
    expect(after.body).toContain('Communauté');
    // Already on Communauté: only the other team is offered.
    expect(after.body).not.toContain('<option value="communaute">');
    expect(after.body).toContain('<option value="technique">');
  });
});
