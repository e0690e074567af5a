import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau } from '../../../test/members.js';
import { countStatements } from '../../../test/statements.js';

/** The text a person reads in one section of the home (by its heading's id), tags stripped. */
function section(body: string, id: string): string {
  const start = body.indexOf(`aria-labelledby="${id}"`);
  if (start < 0) return '';
  const end = body.indexOf('</section>', start);
  return body
    .slice(start, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

async function homeOf(a: TestAssociation, headers: Record<string, string>) {
  const res = await a.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', ...headers } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe(`The personal home (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('/ is the personal home for a signed-in person and the public page for a visitor, in the person’s language', async () => {
    a = await buildAssociation();
    const visitor = await homeOf(a, {});
    expect(visitor).toContain('<h1>TeDomum</h1>');
    expect(visitor).not.toContain('Bonjour');

    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const mine = (await browser.get('/')).body;
    expect(mine).toContain('<h1>Bonjour, Ada Admin</h1>');
    expect(mine).toContain('Ce qui m’attend');
    // The public page stays one click away.
    expect((await browser.get('/?public=1')).body).toContain('<h1>TeDomum</h1>');

    const english = await a.person({ displayName: 'Eve English', locale: 'en' });
    const home = await homeOf(a, await a.bearer(english.id));
    expect(home).toContain('<html lang="en">');
    expect(home).toContain('<h1>Hello, Eve English</h1>');
    expect(section(home, 'home-status')).toContain('You are not a member of the association');
    expect(section(home, 'home-waiting')).toContain('Nothing is waiting for you right now.');
    expect(section(home, 'home-teams')).toContain('You are on no team yet.');
  });

  it('a lead finds the contributions to confirm and their teams’ open requests on their home', async () => {
    a = await buildAssociation();
    const lead = await a.actingAs('lead');
    const volunteer = await a.person({ displayName: 'Vera Volunteer' });
    await a.services.teams.addToRoster(system, 'technique', volunteer.id, 'member');
    for (const summary of ['Mise à jour du serveur', 'Sauvegardes vérifiées']) {
      const declared = await a.app.inject({
        method: 'POST',
        url: '/api/v1/contributions',
        headers: await a.bearer(volunteer.id),
        payload: { kind: 'administration', occurredOn: a.clock.today(), summary, teamSlug: 'technique' },
      });
      expect(declared.statusCode, declared.body).toBeLessThan(300);
    }
    const submitted = await a.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { email: 'someone@example.org', category: 'question', subject: 'Serveur', message: 'Le serveur est lent.' },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    await a.services.teams.addToRoster(system, 'communaute', lead.id!, 'member');

    const home = await homeOf(a, lead.headers);
    const waiting = section(home, 'home-waiting');
    expect(waiting).toContain('2 contributions à confirmer');
    expect(waiting).toContain('Communauté : 1 demande ouverte');
    const teams = section(home, 'home-teams');
    expect(teams).toContain('Technique — responsable');
    expect(teams).toContain('Communauté');
  });

  it('a bureau member finds the applications on the next session’s agenda, and the session under “Coming up”', async () => {
    a = await buildAssociation();
    const bureau = await seatBureau(a);
    a.clock.set('2026-01-10T10:00:00.000Z');
    const session = await a.app.inject({
      method: 'POST',
      url: '/api/v1/bureau/sessions',
      headers: bureau[0].headers,
      payload: { scheduledAt: '2026-01-20T19:00:00.000Z' },
    });
    expect(session.statusCode, session.body).toBe(201);
    for (const name of ['Camille', 'Dominique']) {
      const p = await a.person({ displayName: name });
      await a.app.inject({
        method: 'POST',
        url: '/api/v1/contributions',
        headers: a.admin.headers,
        payload: { personId: p.id, kind: 'moderation', occurredOn: '2026-01-10', summary: 'Modération' },
      });
      const applied = await a.app.inject({ method: 'POST', url: '/api/v1/applications', headers: await a.bearer(p.id), payload: { motivation: 'Je modère' } });
      expect(applied.statusCode, applied.body).toBe(201);
    }
    const home = await homeOf(a, bureau[1].headers);
    expect(section(home, 'home-waiting')).toContain('2 candidatures à l’ordre du jour de la prochaine séance du bureau');
    expect(section(home, 'home-next')).toContain('Prochaine séance du bureau : 20 janvier 2026');
    // Someone off the bureau sees no session.
    expect(section(await homeOf(a, (await a.actingAs('contributor')).headers), 'home-next')).not.toContain('Prochaine séance');
  });

  it('a member sees their status, the members’ room with its link, and is asked for a Matrix ID when the room needs one', async () => {
    a = await buildAssociation();
    const bureau = await seatBureau(a);
    const [withId, without] = await acceptMembers(a, bureau, [{ displayName: 'Mona Matrix', matrixId: '@mona:example.org' }, { displayName: 'Noé Sans' }]);
    const saved = await a.services.settings.update(system, { ...(await a.services.settings.current()).values, membersRoom: '#membres:example.org' }, 0);
    expect(saved.version).toBe(1);

    const mona = await homeOf(a, withId.headers);
    expect(section(mona, 'home-status')).toContain('Membre de l’association depuis le 20 janvier 2026');
    expect(mona).toContain('href="https://matrix.to/#/#membres:example.org"');
    expect(section(mona, 'home-room')).toContain('votre identifiant Matrix @mona:example.org');

    const noe = section(await homeOf(a, without.headers), 'home-room');
    expect(noe).toContain('donnez votre identifiant Matrix');
    expect(await homeOf(a, without.headers)).toContain('href="/profile#field-matrixId"');

    // Not a member: no members' room.
    expect(await homeOf(a, (await a.actingAs('contributor')).headers)).not.toContain('home-room');
  });

  it('an assembly I have not answered waits on my home until I answer', async () => {
    a = await buildAssociation();
    const bureau = await seatBureau(a);
    const [member] = await acceptMembers(a, bureau, [{ displayName: 'Ines Invitée' }]);
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt: '2026-03-28T14:00:00.000Z' });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    await a.services.assemblies.convene(system, assembly.id);
    expect(section(await homeOf(a, member.headers), 'home-waiting')).toContain('Répondre à la convocation : AG 2026, le 28 mars 2026');
    const answered = await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${assembly.id}/rsvp`, headers: member.headers, payload: { answer: 'yes' } });
    expect(answered.statusCode, answered.body).toBeLessThan(300);
    const after = await homeOf(a, member.headers);
    expect(section(after, 'home-waiting')).not.toContain('AG 2026');
    expect(section(after, 'home-next')).toContain('AG 2026');
  });

  it('the home costs the same number of queries with one team or thirty, one contribution or forty', async () => {
    a = await buildAssociation();
    const lead = await a.actingAs('lead');
    const statements = countStatements(a);
    const count = async () => {
      statements.reset();
      await homeOf(a, lead.headers);
      return statements.count;
    };
    await count();
    const few = await count();
    expect(few).toBeGreaterThan(3);
    for (let i = 0; i < 30; i++) {
      await a.services.teams.create(system, { slug: `equipe-${i}`, name: { fr: `Équipe ${i}`, en: `Team ${i}` } });
      await a.services.teams.addToRoster(system, `equipe-${i}`, lead.id!, 'lead');
    }
    const volunteer = await a.person();
    await a.services.teams.addToRoster(system, 'technique', volunteer.id, 'member');
    const headers = await a.bearer(volunteer.id);
    for (let i = 0; i < 40; i++) {
      const payload = { kind: 'administration', occurredOn: a.clock.today(), summary: `Travail ${i}`, teamSlug: 'technique' };
      expect((await a.app.inject({ method: 'POST', url: '/api/v1/contributions', headers, payload })).statusCode).toBe(201);
    }
    const home = await homeOf(a, lead.headers);
    expect(section(home, 'home-waiting')).toContain('40 contributions à confirmer');
    expect(section(home, 'home-teams')).toContain('Équipe 29');
    expect(await count()).toBe(few);
  });
});
