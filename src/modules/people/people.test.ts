import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';

describe(`people API (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a.close();
  });

  it('creates a person and finds them without regard to case or accents', async () => {
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: a.admin.headers,
      payload: { displayName: 'Élodie Dupont', email: 'Elodie.Dupont@example.org' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ displayName: 'Élodie Dupont', email: 'Elodie.Dupont@example.org', locale: 'fr', publicConsent: false });

    const found = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=elodie', headers: a.admin.headers });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(['Élodie Dupont']);
    const byUpper = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=DUPONT', headers: a.admin.headers });
    expect(byUpper.json().items).toHaveLength(1);
  });

  it('refuses a second person with the same email in another case with 409 email_taken', async () => {
    await a.person({ email: 'jb.martin@example.org' });
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: a.admin.headers,
      payload: { displayName: 'JB', email: 'JB.Martin@example.org' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'email_taken', errors: [{ path: '/email' }] });
  });

  it('pages through the directory in alphabetical order with a cursor', async () => {
    for (const name of ['Zoé', 'anne', 'Émile', 'Bruno', 'Chloé']) await a.person({ displayName: name });
    const first = await a.app.inject({ method: 'GET', url: '/api/v1/people?limit=3', headers: a.admin.headers });
    const page1 = first.json();
    expect(page1.items.map((p: { displayName: string }) => p.displayName)).toEqual(['Ada Admin', 'anne', 'Bruno']);
    const second = await a.app.inject({ method: 'GET', url: `/api/v1/people?limit=3&cursor=${page1.nextCursor}`, headers: a.admin.headers });
    expect(second.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(['Chloé', 'Émile', 'Zoé']);
    expect(second.json().nextCursor).toBeNull();
  });

  it('detects a concurrent edit with 409 version_conflict', async () => {
    const p = await a.person();
    const one = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${p.id}`, headers: a.admin.headers, payload: { pronouns: 'elle', version: 1 } });
    expect(one.statusCode).toBe(200);
    const two = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${p.id}`, headers: a.admin.headers, payload: { pronouns: 'iel', version: 1 } });
    expect(two.statusCode).toBe(409);
    expect(two.json().code).toBe('version_conflict');
  });

  it('hides contact details from a contributor who is not a lead', async () => {
    const contributor = await a.actingAs('contributor');
    const other = await a.person({ email: 'secret@example.org' });
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: contributor.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBeUndefined();
  });
});

describe(`how a person is told of new requests (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a.close();
  });

  it('a person chooses a daily digest for themself; others neither see nor change the choice', async () => {
    const me = await a.actingAs('contributor');
    const url = `/api/v1/people/${me.id}`;
    expect((await a.app.inject({ method: 'GET', url, headers: me.headers })).json()).toMatchObject({ requestNotifications: 'each' });
    const res = await a.app.inject({ method: 'PATCH', url, headers: me.headers, payload: { requestNotifications: 'daily' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ requestNotifications: 'daily' });
    expect((await a.app.inject({ method: 'GET', url, headers: me.headers })).json()).toMatchObject({ requestNotifications: 'daily' });
    expect((await a.app.inject({ method: 'GET', url, headers: a.admin.headers })).json()).toMatchObject({ requestNotifications: 'daily' });
    const lead = await a.actingAs('lead');
    const seen = await a.app.inject({ method: 'GET', url, headers: lead.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).not.toHaveProperty('requestNotifications');
    const refused = await a.app.inject({ method: 'PATCH', url, headers: lead.headers, payload: { requestNotifications: 'off' } });
    expectProblem(refused, 403, 'forbidden');
    const byAdmin = await a.app.inject({ method: 'PATCH', url, headers: a.admin.headers, payload: { requestNotifications: 'off' } });
    expect(byAdmin.json()).toMatchObject({ requestNotifications: 'off' });
  });

  it('refuses a value that is not a choice with 400 validation_failed and changes nothing', async () => {
    const me = await a.actingAs('contributor');
    const before = await stateFingerprint(a);
    const res = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${me.id}`, headers: me.headers, payload: { requestNotifications: 'weekly' } });
    expectProblem(res, 400, 'validation_failed');
    expect(await stateFingerprint(a)).toBe(before);
  });

  it('the edit form offers the three choices with the current one checked, and the person page shows it with a link', async () => {
    const me = await a.actingAs('contributor');
    await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${me.id}`, headers: me.headers, payload: { requestNotifications: 'daily' } });
    const form = await a.app.inject({ method: 'GET', url: `/people/${me.id}/edit`, headers: { ...me.headers, accept: 'text/html' } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Être prévenu·e des nouvelles demandes des équipes');
    expect(form.body).toMatch(/<input id="field-requestNotifications-daily" type="radio" name="requestNotifications" value="daily" checked/);
    expect(form.body).toMatch(/value="each"(?! checked)/);
    const page = await a.app.inject({ method: 'GET', url: `/people/${me.id}`, headers: { ...me.headers, accept: 'text/html' } });
    expect(page.body).toContain('Un résumé par jour');
    expect(page.body).toContain(`href="/people/${me.id}/edit#field-requestNotifications"`);
  });
});
