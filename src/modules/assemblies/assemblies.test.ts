import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { mailbox, mailedLink } from '../../../test/mailbox.js';

/**
 * General assemblies through the API: who is convened, the notice period, the
 * convocation mails with their calendar invitation, answers and proxies, the day, the minutes.
 */
const NOW = '2026-12-01T10:00:00.000Z';

describe(`general assemblies (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let members: Someone[];
  let contributors: { id: string; email: string; displayName: string }[];
  let neither: { id: string };

  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    // 3 members (each an active contributor through their contribution, not on a roster)…
    members = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Bérénice Membre' }, { displayName: 'Chloé Membre' }]);
    a.clock.set(NOW);
    // …5 contributors on a roster who are not members, and someone who is neither.
    contributors = [];
    for (const name of ['Dana', 'Eli', 'Fred', 'Gaël', 'Hugo']) {
      const p = await a.person({ displayName: `${name} Contributeur` });
      await a.services.teams.addToRoster(system, name === 'Dana' ? 'technique' : 'communaute', p.id, 'member');
      contributors.push(p);
    }
    neither = await a.person({ displayName: 'Zoé Personne' });
    // The bureau members are people too; take them off the count by giving them no team and no membership.
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload: object = {}, headers = bureau[0].headers) => a.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers = bureau[0].headers) => a.app.inject({ method: 'GET', url, headers });

  async function create(daysAhead: number): Promise<string> {
    const scheduledAt = new Date(Date.parse(NOW) + daysAhead * 86_400_000).toISOString();
    const res = await post('/api/v1/assemblies', {
      kind: 'ordinary',
      title: 'Assemblée générale ordinaire 2027',
      scheduledAt,
      location: 'Salle des fêtes, Lyon',
    });
    expect(res.statusCode, res.body).toBe(201);
    // A convocation carries its agenda: an empty one is refused (empty_agenda).
    expect((await post(`/api/v1/assemblies/${res.json().id}/items`, { title: 'Rapport moral' })).statusCode).toBe(201);
    return res.json().id;
  }

  it('convenes every member, every contributor and every bureau office holder — 11 invitees, 3 with a vote — and not the person who is neither', async () => {
    const id = await create(30);
    const res = await get(`/api/v1/assemblies/${id}/invitees`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { personId: string; capacity: string; canVote: boolean }[];
    // The three bureau members of the fixture hold an office but are neither members nor on a roster.
    expect(items).toHaveLength(11);
    expect(
      items
        .filter((i) => i.canVote)
        .map((i) => i.personId)
        .sort(),
    ).toEqual(members.map((m) => m.id).sort());
    expect(items.filter((i) => i.capacity === 'member')).toHaveLength(3);
    expect(
      items
        .filter((i) => i.capacity === 'contributor')
        .map((i) => i.personId)
        .sort(),
    ).toEqual(contributors.map((c) => c.id).sort());
    // Heard, without a vote: the bureau answers to the assembly whether or not its officers are members.
    expect(items.filter((i) => i.capacity === 'office_holder')).toEqual(
      expect.arrayContaining(bureau.map((b) => expect.objectContaining({ personId: b.id, capacity: 'office_holder', canVote: false }))),
    );
    expect(items.filter((i) => i.capacity === 'office_holder')).toHaveLength(3);
    expect(items.map((i) => i.personId)).not.toContain(neither.id);
  });

  it('refuses to convene 5 days ahead (notice_period_too_short) and changes nothing; 30 days ahead sends one convocation per invitee, with a calendar invitation a parser reads back', async () => {
    const soon = await create(5);
    const before = await stateFingerprint(a);
    const refused = expectProblem(await post(`/api/v1/assemblies/${soon}/convene`), 422, 'notice_period_too_short');
    expect(refused.detail).toMatch(/15/);
    expect(await stateFingerprint(a)).toBe(before);
    // Forcing takes a recorded reason.
    expectProblem(await post(`/api/v1/assemblies/${soon}/convene`, { force: true, reason: '  ' }), 400, 'validation_failed');

    const id = await create(30);
    const convened = await post(`/api/v1/assemblies/${id}/convene`);
    expect(convened.statusCode, convened.body).toBe(200);
    expect(convened.json()).toEqual({ convened: 11 });
    const mails = (await get('/api/v1/mail?limit=50', a.admin.headers)).json().items.filter((m: { kind: string }) => m.kind === 'assembly_convocation');
    expect(mails).toHaveLength(11);
    expect(new Set(mails.map((m: { to: string }) => m.to)).size).toBe(11);
    // The treasurer, in office but neither member nor contributor, is mailed a convocation whose
    // personal link shows them convened as an office holder, heard without a vote (and no proxy to give).
    const officer = (await mailbox(a, bureau[2].email)).find((m) => m.kind === 'assembly_convocation')!;
    expect(officer).toBeDefined();
    const officerLink = /\/assemblies\/rsvp\/(\S+)/.exec(officer.body)![1];
    const officerView = await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${officerLink}` });
    expect(officerView.json().invitee).toMatchObject({ personId: bureau[2].id, capacity: 'office_holder', canVote: false });
    expectProblem(await post(`/api/v1/assemblies/${id}/proxy`, { holderId: members[0].id }, bureau[2].headers), 422, 'not_a_voter');

    // The recipient's mailbox: the personal link and the invitation that repeats it are there, and
    // only there (the mail log says a link was sent).
    const row = (await mailbox(a, members[0].email)).find((m) => m.kind === 'assembly_convocation')!;
    const [ics] = row.attachments as { filename: string; contentType: string; content: string }[];
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(Date.parse(NOW) + 30 * 86_400_000).toISOString());
    expect(event.summary).toContain('Assemblée générale ordinaire 2027');
    expect(event.location).toBe('Salle des fêtes, Lyon');
    // The personal link is in the mail and in the invitation; it needs no login.
    const link = /\/assemblies\/rsvp\/(\S+)/.exec(row.body)![1];
    const view = await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${link}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().invitee).toMatchObject({ personId: members[0].id, capacity: 'member', canVote: true });
    // API v1 keeps answering the voters one may give a proxy to; the pages search them instead.
    const candidates = (view.json() as { proxyCandidates: { personId: string }[] }).proxyCandidates.map((c) => c.personId);
    expect(candidates).toContain(members[1].id);
    expect(candidates).not.toContain(members[0].id);
    expect(candidates).not.toContain(bureau[2].id);
    expect(officerView.json().proxyCandidates).toEqual([]);
    expectProblem(await post(`/api/v1/assemblies/${id}/convene`), 409, 'illegal_transition');
  });

  it('answers, proxies within the limit, check-in, live quorum, votes with proxies, show of hands, minutes; the link ends with the assembly', async () => {
    const id = await create(20);
    await post(`/api/v1/assemblies/${id}/convene`);
    const [alix, berenice, chloe] = members;
    const tokenOf = async (personId: string) => {
      const email = [...members, ...contributors].find((p) => p.id === personId)!.email;
      return (await mailedLink(a, email, /\/assemblies\/rsvp\//)).pathname.split('/').pop()!;
    };
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/rsvp/${await tokenOf(chloe.id)}`, payload: { answer: 'no' } })).statusCode).toBe(200);
    expectProblem(await a.app.inject({ method: 'POST', url: '/api/v1/assemblies/rsvp/forged.token', payload: { answer: 'yes' } }), 404, 'invalid_rsvp_token');
    // Chloé gives her proxy to Alix; a contributor cannot hold one; nobody holds their own.
    expectProblem(await post(`/api/v1/assemblies/${id}/proxy`, { holderId: contributors[0].id }, chloe.headers), 422, 'not_a_voter');
    expectProblem(await post(`/api/v1/assemblies/${id}/proxy`, { holderId: chloe.id }, chloe.headers), 422, 'proxy_to_self');
    expect((await post(`/api/v1/assemblies/${id}/proxy`, { holderId: alix.id }, chloe.headers)).statusCode).toBe(200);

    a.clock.set(new Date(Date.parse(NOW) + 20 * 86_400_000).toISOString());
    expectProblem(await post(`/api/v1/assemblies/${id}/open`, {}, a.admin.headers), 403, 'forbidden');
    expect((await post(`/api/v1/assemblies/${id}/open`)).statusCode).toBe(200);
    const quorum = await post(`/api/v1/assemblies/${id}/check-in`, { personId: alix.id });
    // 3 voters, quorum a quarter: 1 required; Alix present, Chloé represented.
    expect(quorum.json()).toEqual({ voters: 3, present: 1, represented: 1, required: 1, reached: true });
    // Bérénice checks in by her own link.
    const view = await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${await tokenOf(berenice.id)}` });
    expect(view.json().canCheckIn).toBe(true);
    await a.services.assemblies.checkInByToken(await tokenOf(berenice.id));

    const resolution = (await post(`/api/v1/assemblies/${id}/resolutions`, { title: 'Approbation des comptes 2026', majority: 'simple' })).json();
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/open`)).statusCode).toBe(200);
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'for' }, alix.headers)).json()).toEqual({ recorded: 2 });
    // Changed (the bylaws allow it by default), for herself and the proxy she holds, then back.
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'against' }, alix.headers)).json()).toEqual({ recorded: 2 });
    const mine = (await get(`/api/v1/assemblies/${id}`, alix.headers)).json().me;
    expect(mine.choices).toEqual({ [resolution.id]: 'against' });
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'for' }, alix.headers)).json()).toEqual({ recorded: 2 });
    expectProblem(
      await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'for' }, await a.bearer(contributors[1].id)),
      422,
      'not_a_voter',
    );
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/vote`, { choice: 'against' }, berenice.headers)).json()).toEqual({ recorded: 1 });
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${resolution.id}/close`)).json()).toEqual({ for: 2, against: 1, abstain: 0, result: 'adopted' });

    const statutes = (await post(`/api/v1/assemblies/${id}/resolutions`, { title: 'Modification des statuts', majority: 'two_thirds' })).json();
    await post(`/api/v1/assemblies/${id}/resolutions/${statutes.id}/open`);
    expectProblem(await post(`/api/v1/assemblies/${id}/resolutions/${statutes.id}/counts`, { for: 3, against: 1, abstain: 0 }), 400, 'validation_failed');
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${statutes.id}/counts`, { for: 1, against: 1, abstain: 1 })).statusCode).toBe(200);
    expect((await post(`/api/v1/assemblies/${id}/resolutions/${statutes.id}/close`)).json()).toMatchObject({ result: 'rejected' });

    const closed = await post(`/api/v1/assemblies/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const minutes = await get(`/api/v1/assemblies/${id}/minutes`, await a.bearer(contributors[2].id));
    expect(minutes.statusCode).toBe(200);
    expect(minutes.body).toContain('Approbation des comptes 2026');
    expect(minutes.body).toContain('Modification des statuts');
    expect(minutes.body).toMatch(/adoptée/);
    expect(minutes.body).toMatch(/rejetée/);
    expectProblem(await get(`/api/v1/assemblies/${id}/minutes`, await a.bearer(neither.id)), 404, 'not_found');
    expectProblem(await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/rsvp/${await tokenOf(alix.id)}` }), 404, 'invalid_rsvp_token');
  });

  it('convenes newcomers before the date, and holds proxies to the limit', async () => {
    const id = await create(20);
    await post(`/api/v1/assemblies/${id}/convene`);
    const late = await a.person({ displayName: 'Iris Nouvelle' });
    await a.services.teams.addToRoster(system, 'technique', late.id, 'member');
    expect(await a.services.assemblies.keepConvocationsCurrent()).toEqual({ convened: 1, reminded: 0 });
    expect((await get(`/api/v1/assemblies/${id}/invitees`)).json().items.map((i: { personId: string }) => i.personId)).toContain(late.id);
    // Someone given an office after the convocation is convened as an office holder.
    const officer = await a.person({ displayName: 'Odile Bureau' });
    await a.services.bureau.appoint(system, { personId: officer.id, office: 'member', since: NOW.slice(0, 10) });
    expect(await a.services.assemblies.keepConvocationsCurrent()).toEqual({ convened: 1, reminded: 0 });
    const invitees = (await get(`/api/v1/assemblies/${id}/invitees`)).json().items as { personId: string; capacity: string; canVote: boolean }[];
    expect(invitees.find((i) => i.personId === officer.id)).toMatchObject({ capacity: 'office_holder', canVote: false });
    expect((await mailbox(a, officer.email)).filter((m) => m.kind === 'assembly_convocation')).toHaveLength(1);
    // An office holder who joins a team meanwhile is convened as the contributor they now are, not twice.
    await a.services.teams.addToRoster(system, 'technique', officer.id, 'member');
    expect(await a.services.assemblies.keepConvocationsCurrent()).toEqual({ convened: 0, reminded: 0 });
    expect((await get(`/api/v1/assemblies/${id}/invitees`)).json().items.find((i: { personId: string }) => i.personId === officer.id)).toMatchObject({
      capacity: 'contributor',
    });
    // A week before: the reminders (8 convened, the late contributor, and 4 office holders).
    a.clock.set(new Date(Date.parse(NOW) + 14 * 86_400_000).toISOString());
    expect(await a.services.assemblies.keepConvocationsCurrent()).toEqual({ convened: 0, reminded: 13 });
    expect(await a.services.assemblies.keepConvocationsCurrent()).toEqual({ convened: 0, reminded: 0 });
  });
});
