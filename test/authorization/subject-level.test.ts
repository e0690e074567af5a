/**
 * Rules that depend on whom a request is about, beyond the role: a lead and their own team, a
 * person and their own record, an administrator's account, what a contributor sees of others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../harness.js';
import { mailbox } from '../mailbox.js';

describe(`subject-level rules (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
  });
  afterAll(async () => {
    await a?.close();
  });

  it("lets a lead of Technique manage Technique's roster but not Communauté's", async () => {
    const lead = await a.actingAs('lead');
    const newcomer = await a.person();
    const onTechnique = await a.app.inject({
      method: 'POST',
      url: '/api/v1/teams/technique/members',
      headers: lead.headers,
      payload: { personId: newcomer.id, role: 'member' },
    });
    expect(onTechnique.statusCode).toBe(201);
    expect(onTechnique.json()).toMatchObject({ personId: newcomer.id, role: 'member', until: null });

    const onCommunaute = await a.app.inject({
      method: 'POST',
      url: '/api/v1/teams/communaute/members',
      headers: lead.headers,
      payload: { personId: newcomer.id, role: 'member' },
    });
    expect(onCommunaute.statusCode).toBe(403);
    expect(onCommunaute.json().code).toBe('forbidden');

    await a.services.teams.addToRoster(system, 'communaute', newcomer.id, 'member');
    const removal = await a.app.inject({ method: 'DELETE', url: `/api/v1/teams/communaute/members/${newcomer.id}`, headers: lead.headers });
    expect(removal.statusCode).toBe(403);
    const byForm = await a.app.inject({
      method: 'POST',
      url: '/teams/communaute/members',
      headers: { ...lead.headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: (await a.person()).email, role: 'member' }).toString(),
    });
    expect(byForm.statusCode).toBe(403);

    const communaute = (await a.app.inject({ method: 'GET', url: '/api/v1/teams/communaute', headers: a.admin.headers })).json();
    expect(communaute.roster.map((r: { personId: string }) => r.personId)).toEqual([newcomer.id]);
  });

  it('lets a person edit themselves but nobody else', async () => {
    const me = await a.actingAs('person');
    const other = await a.person({ displayName: 'Autre Personne' });
    const own = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${me.id}`, headers: me.headers, payload: { pronouns: 'elle' } });
    expect(own.statusCode).toBe(200);
    expect(own.json().pronouns).toBe('elle');

    const theirs = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${other.id}`, headers: me.headers, payload: { pronouns: 'il' } });
    expect([403, 404]).toContain(theirs.statusCode);
    // A contributor can read the other person, so the refusal is an explicit 403 there.
    const contributor = await a.actingAs('contributor');
    const byContributor = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${other.id}`, headers: contributor.headers, payload: { pronouns: 'il' } });
    expect(byContributor.statusCode).toBe(403);
    const editPage = await a.app.inject({ method: 'GET', url: `/people/${other.id}/edit`, headers: { ...contributor.headers, accept: 'text/html' } });
    expect(editPage.statusCode).toBe(403);

    expect((await a.services.people.get(system, other.id)).pronouns).toBeNull();
  });

  it("a bureau member, or another administrator, acting on an administrator's account changes nothing of it", async () => {
    const bureau = await a.actingAs('bureau');
    const second = await a.services.accounts.createAdministrator({
      displayName: 'Second Admin',
      email: 'second.admin@example.org',
      password: 'une autre phrase bien longue',
    });
    const admin = a.admin;
    // The administrator has a change of their own waiting: only they may withdraw it.
    const own = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${admin.id}`,
      headers: admin.headers,
      payload: { email: 'ada.pending@example.org' },
    });
    expect(own.json().pendingEmail).toBe('ada.pending@example.org');
    for (const [who, headers] of [
      ['bureau', bureau.headers],
      ['second administrator', await a.bearer(second.personId)],
    ] as const) {
      const form = { ...headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
      const attempts = [
        await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${admin.id}`, headers, payload: { email: `taken.by.${who.length}@example.org` } }),
        await a.app.inject({ method: 'POST', url: `/api/v1/people/${admin.id}/pending-email/cancel`, headers, payload: {} }),
      ];
      for (const res of attempts) {
        expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
        expect(res.json().code, who).toBe('account_owner_only');
      }
      const pages = [
        await a.app.inject({
          method: 'POST',
          url: `/people/${admin.id}/edit`,
          headers: form,
          payload: new URLSearchParams({ displayName: 'Ada Admin', email: `form.${who.length}@example.org` }).toString(),
        }),
        await a.app.inject({ method: 'POST', url: `/people/${admin.id}/email/cancel`, headers: form, payload: '' }),
      ];
      for (const res of pages) expect(res.statusCode, who).toBe(403);
      // Their ordinary edits of the record still work: only the login is the administrator's own.
      const pronouns = await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${admin.id}`, headers, payload: { pronouns: 'elle' } });
      expect(pronouns.statusCode, who).toBe(200);
    }
    const after = (await a.app.inject({ method: 'GET', url: `/api/v1/people/${admin.id}`, headers: admin.headers })).json();
    expect(after).toMatchObject({ email: admin.email, pendingEmail: 'ada.pending@example.org' });
    expect(await mailbox(a, 'taken.by.6@example.org')).toEqual([]);
  });

  it('shows a contributor another person without their email', async () => {
    const contributor = await a.actingAs('contributor');
    const other = await a.person({ displayName: 'Camille Secret', email: 'camille.secret@example.org' });
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: contributor.headers });
    expect(api.statusCode).toBe(200);
    expect(api.json().displayName).toBe('Camille Secret');
    expect(api.json()).not.toHaveProperty('email');
    const page = await a.app.inject({ method: 'GET', url: `/people/${other.id}`, headers: { ...contributor.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Camille Secret');
    expect(page.body).not.toContain('camille.secret@example.org');
    // A lead, the bureau and administrators do see it.
    const lead = await a.actingAs('lead');
    expect((await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: lead.headers })).json().email).toBe('camille.secret@example.org');
  });

  it("gives a plain person 404 for someone else's record", async () => {
    const me = await a.actingAs('person');
    const other = await a.person({ displayName: 'Dominique Cachée' });
    const api = await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: me.headers });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('not_found');
    const page = await a.app.inject({ method: 'GET', url: `/people/${other.id}`, headers: { ...me.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Dominique Cachée');
    // A member is no different ("Membership grants governance, never service or admin rights").
    const member = await a.actingAs('member');
    expect((await a.app.inject({ method: 'GET', url: `/api/v1/people/${other.id}`, headers: member.headers })).statusCode).toBe(404);
  });
});
