import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activitySettings } from '../../platform/config.js';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau } from '../../../test/members.js';
import { createAudiences } from './audiences.js';

/**
 * One delivery to a room asks whether a person belongs to its audience; the answer must be the
 * one the whole audience gives (rooms and assemblies list those), for each kind of audience.
 */
describe(`audiences: one person against the whole list (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => a?.close());

  it('answers for members, a team and the whole team exactly as the lists do', async () => {
    const bureau = await seatBureau(a);
    const [member] = await acceptMembers(a, bureau, [{ displayName: 'Mia Membre' }]);
    const lead = await a.person({ displayName: 'Léo Lead' });
    await a.services.teams.addToRoster(system, 'technique', lead.id, 'lead');
    // Active by a recent confirmed contribution alone, on no roster.
    const helper = await a.person({ displayName: 'Hugo Helper' });
    await a.services.contributions.record(system, { personId: helper.id, kind: 'moderation', occurredOn: a.clock.today(), summary: 'Modération' });
    const nobody = await a.person({ displayName: 'Nina Nobody' });
    const ids = [member.id, lead.id, helper.id, nobody.id];

    const audiences = createAudiences(a.database.db, activitySettings(a.config).policy);
    const today = a.clock.today();
    const listed = async (people: Promise<{ id: string }[]>) => new Set((await people).map((p) => p.id).filter((id) => ids.includes(id)));
    for (const [audience, list] of [
      [{ kind: 'members' }, audiences.members()],
      [{ kind: 'team', slug: 'technique' }, audiences.team('technique')],
      [{ kind: 'contributors' }, audiences.contributors(today)],
    ] as const) {
      expect(await audiences.whoBelongs(audience, ids, today), audience.kind).toEqual(await listed(list));
    }
    expect(await audiences.whoBelongs({ kind: 'contributors' }, ids, today)).toEqual(new Set([member.id, lead.id, helper.id]));
    expect(await audiences.whoBelongs({ kind: 'members' }, [], today)).toEqual(new Set());
  });
});
