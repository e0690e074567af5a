/** General assemblies of the synthetic association (bench/governance.ts): closed ones over the years and one convened ahead. */
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../src/platform/schema.js';
import { addDays, addMinutes } from '../src/platform/time.js';
import { computeAssemblyQuorum, tallyResolution, type AssemblyKind, type Majority, type VoteMethod } from '../src/modules/assemblies/rules.js';
import { renderAssemblyMinutes } from '../src/modules/assemblies/minutes.js';
import type { Resolution } from '../src/modules/assemblies/types.js';
import { benchToday, personId, random } from './synthetic.js';

import {
  at,
  displayName,
  id,
  insertRows,
  type GovernanceSizes,
  type GovernanceTable,
  type Plan,
  type Rows,
  assemblyQuorum,
  association,
  day,
  daysBetween,
  earlier,
  maxProxies,
  minute,
  saturdayAfter,
  timeZone,
} from './governance-plan.js';

export const agendaOf: Record<AssemblyKind, { items: string[]; resolutions: [string, Majority, VoteMethod][] }> = {
  ordinary: {
    items: ['Rapport moral', 'Rapport financier', 'Renouvellement du bureau', 'Questions diverses'],
    resolutions: [
      ['Approbation du rapport moral', 'simple', 'individual'],
      ['Approbation des comptes de l’exercice', 'simple', 'individual'],
      ['Quitus au trésorier', 'simple', 'show_of_hands'],
    ],
  },
  extraordinary: {
    items: ['Modification des statuts', 'Questions diverses'],
    resolutions: [
      ['Modification de l’article 7 des statuts', 'two_thirds', 'individual'],
      ['Pouvoirs pour les formalités', 'simple', 'show_of_hands'],
    ],
  },
};

export interface Voter {
  person: number;
  rsvp: string | null;
  rsvpAt: string | null;
  present: boolean;
}

/**
 * General assemblies: closed ones spread over the sessions' years, and one convened five weeks
 * ahead. The convened one invites its whole audience ("Every member and every contributor is invited to every general assembly"): every member, and every
 * contributor, taken as synthetic.ts's people who still contribute (digits 0–3), a superset of what
 * the application's audience finds; fewer would make its hourly `keepConvocationsCurrent` convene
 * the rest one by one. Closed ones invite the members of the day and contributors in proportion
 * to the association's size then. Members answer, come, give proxies and vote; the minutes are
 * the application's own (renderAssemblyMinutes).
 */
export async function seedAssemblies(db: Kysely<DB>, plan: Plan, sizes: GovernanceSizes, counts: Record<GovernanceTable, number>): Promise<void> {
  const next = random(47);
  const chance = (p: number) => next() < p;
  const last = addDays(benchToday, -20);
  // From a month after the first session; all on one day when the sessions span less than that.
  const first = earlier(addDays(plan.days[0]!, 30), last);
  const span = daysBetween(first, last);
  const membersOn = (date: string) => {
    const isMember = new Uint8Array(sizes.people);
    for (const t of plan.terms) if (t.since <= date && (t.until === null || t.until > date)) isMember[t.person] = 1;
    return isMember;
  };
  const membersToday = membersOn(benchToday).reduce((sum, m) => sum + m, 0);
  const counters = { invitee: 0, proxy: 0, resolution: 0, vote: 0, item: 0 };
  const assemblyRows: Insertable<DB['assemblies']>[] = [];

  for (let i = 0; i < sizes.assemblies; i++) {
    const assemblyId = id('assembly', i);
    const upcoming = i === sizes.assemblies - 1;
    const scheduledAt = saturdayAfter(upcoming ? addDays(benchToday, 35) : addDays(first, Math.floor(((i + 0.5) * span) / (sizes.assemblies - 1))));
    const convenedAt = upcoming ? at(addDays(benchToday, -3), '18:00') : addMinutes(scheduledAt, -21 * day);
    const [scheduledMs, convenedMs] = [Date.parse(scheduledAt), Date.parse(convenedAt)];
    const kind: AssemblyKind = !upcoming && i % 4 === 3 ? 'extraordinary' : 'ordinary';
    const conveneDay = convenedAt.slice(0, 10);
    const secretary = plan.bureauOf(
      Math.max(
        0,
        plan.days.findLastIndex((d) => d <= conveneDay),
      ),
    )[1]!;
    const isMember = membersOn(conveneDay);
    const share = upcoming ? 1 : isMember.reduce((sum, m) => sum + m, 0) / membersToday;

    const voters: Voter[] = [];
    const presentNames: { displayName: string; capacity: 'member' | 'contributor' }[] = [];
    const invitees = function* (): Rows<'assembly_invitees'> {
      for (let p = 0; p < sizes.people; p++) {
        const member = isMember[p] === 1;
        // The same contributors stay invited as the association grows: a fixed hash of the person against the share.
        if (!member && (p % 10 >= 4 || (Math.imul(p, 0x9e3779b1) >>> 0) / 2 ** 32 >= share)) continue;
        const r = next();
        const rsvp = r >= (member ? 0.45 : 0.15) ? null : next() < 0.55 ? 'yes' : next() < 0.67 ? 'no' : 'maybe';
        const comes = rsvp === 'yes' ? 0.75 : rsvp === 'maybe' ? 0.35 : rsvp === 'no' ? 0 : member ? 0.12 : 0.02;
        const present = !upcoming && chance(comes);
        const rsvpAt = rsvp ? new Date(convenedMs + Math.floor(next() * (upcoming ? 2.5 : 12) * day) * minute).toISOString() : null;
        if (member) voters.push({ person: p, rsvp, rsvpAt, present });
        if (present) presentNames.push({ displayName: displayName(p), capacity: member ? 'member' : 'contributor' });
        yield {
          id: id('invitee', counters.invitee++),
          assembly_id: assemblyId,
          person_id: personId(p),
          capacity: member ? 'member' : 'contributor',
          can_vote: member ? 1 : 0,
          convened_at: convenedAt,
          reminded_at: upcoming || rsvp === 'no' ? null : new Date(scheduledMs - 7 * day * minute).toISOString(),
          rsvp,
          rsvp_at: rsvpAt,
          checked_in_at: present ? new Date(scheduledMs + (Math.floor(next() * 60) - 30) * minute).toISOString() : null,
          // By the personal link, or at the desk by the secretary.
          checked_in_by: present ? personId(chance(0.5) ? p : secretary) : null,
          // The person's sort key (bench/synthetic.ts), as convening copies it.
          sort_key: displayName(p).toLowerCase(),
        };
      }
    };
    const firstInvitee = counters.invitee;
    await insertRows(db, 'assembly_invitees', invitees(), counts);

    // Proxies from voters who will not come to voters who come (or said they would), round robin, maxProxies rounds at most.
    const holders = voters.filter((v) => (upcoming ? v.rsvp === 'yes' : v.present));
    const proxies: { giver: number; holder: number; at: string }[] = [];
    for (const v of voters) {
      if (v.present || v.rsvp === 'yes' || !chance(v.rsvp === 'no' ? 0.4 : 0.03)) continue;
      if (proxies.length >= holders.length * maxProxies) break;
      proxies.push({ giver: v.person, holder: holders[proxies.length % holders.length]!.person, at: v.rsvpAt ?? addMinutes(convenedAt, day) });
    }
    const proxyRows = proxies.map((p) => ({
      id: id('proxy', counters.proxy++),
      assembly_id: assemblyId,
      giver_id: personId(p.giver),
      holder_id: personId(p.holder),
      created_at: p.at,
    }));
    await insertRows(db, 'assembly_proxies', proxyRows, counts);

    const { items, resolutions: proposed } = agendaOf[kind];
    const agenda = items.map((title, k) => ({ id: id('assemblyItem', counters.item++), assembly_id: assemblyId, position: k + 1, title, body: null }));
    await insertRows(db, 'assembly_items', agenda, counts);

    // Who votes: voters present, and absent ones through their proxy's holder (present by construction).
    const taking = [
      ...voters.filter((v) => v.present).map((v) => ({ voter: v.person, castBy: v.person })),
      ...proxies.map((p) => ({ voter: p.giver, castBy: p.holder })),
    ];
    const resolutions: Resolution[] = [];
    const votes: Insertable<DB['assembly_votes']>[] = [];
    for (const [k, [title, majority, method]] of proposed.entries()) {
      const resolutionId = id('resolution', counters.resolution++);
      const closedAt = addMinutes(scheduledAt, 80 + 25 * k);
      let tally = { for: 0, against: 0, abstain: 0 };
      if (!upcoming && method === 'individual') {
        for (const [j, t] of taking.entries()) {
          const r = next();
          const choice = r < (majority === 'simple' ? 0.78 : 0.7) ? 'for' : r < 0.9 ? 'against' : 'abstain';
          tally[choice]++;
          const castAt = new Date(Date.parse(closedAt) - (taking.length - j) * 1000).toISOString();
          votes.push({
            id: id('vote', counters.vote++),
            resolution_id: resolutionId,
            voter_id: personId(t.voter),
            cast_by: personId(t.castBy),
            choice,
            cast_at: castAt,
          });
        }
      } else if (!upcoming) {
        const [yes, no] = [Math.floor(taking.length * 0.85), Math.floor(taking.length * 0.05)];
        tally = { for: yes, against: no, abstain: taking.length - yes - no };
      }
      resolutions.push({
        id: resolutionId,
        position: k + 1,
        title,
        text: `${title} : texte soumis au vote.`,
        majority,
        status: upcoming ? 'proposed' : 'closed',
        method: upcoming ? null : method,
        votes: upcoming ? null : tally,
        result: upcoming ? null : tallyResolution({ majority, ...tally }),
        closedAt: upcoming ? null : closedAt,
      });
    }
    await insertRows(db, 'assembly_votes', votes, counts);
    const resolutionRows = resolutions.map((r) => ({
      id: r.id,
      assembly_id: assemblyId,
      position: r.position,
      title: r.title,
      text: r.text,
      majority: r.majority,
      status: r.status,
      method: r.method,
      votes_for: r.votes?.for ?? null,
      votes_against: r.votes?.against ?? null,
      votes_abstain: r.votes?.abstain ?? null,
      result: r.result,
      closed_at: r.closedAt,
      version: upcoming ? 1 : 4,
    }));
    await insertRows(db, 'assembly_resolutions', resolutionRows, counts);

    const assembly = {
      id: assemblyId,
      kind,
      title: `Assemblée générale ${kind === 'ordinary' ? 'ordinaire' : 'extraordinaire'} du ${scheduledAt.slice(0, 10)}`,
      scheduledAt,
      durationMinutes: 180,
      location: 'Salle des fêtes',
      videoUrl: 'https://visio.bench.example/ag',
      status: upcoming ? ('convened' as const) : ('closed' as const),
      convenedAt,
      forcedReason: null,
      openedAt: upcoming ? null : scheduledAt,
      closedAt: upcoming ? null : addMinutes(scheduledAt, 180),
      version: upcoming ? 2 : 4,
      chairId: null,
      secretaryId: null,
      minutesApprovedAt: null,
    };
    const presentVoters = voters.filter((v) => v.present).length;
    const minutes = upcoming
      ? null
      : renderAssemblyMinutes({
          association,
          assembly: { ...assembly, agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, body: a.body, deliberations: null })) },
          attendance: {
            present: presentNames,
            represented: proxies.map((p) => ({ giver: displayName(p.giver), holder: displayName(p.holder) })),
            absent: counters.invitee - firstInvitee - presentNames.length,
            voters: voters.length,
          },
          quorum: computeAssemblyQuorum({ voters: voters.length, present: presentVoters, represented: proxies.length, rule: assemblyQuorum }),
          resolutions,
          locale: 'fr',
          timeZone,
        });
    assemblyRows.push({
      id: assemblyId,
      kind,
      title: assembly.title,
      scheduled_at: scheduledAt,
      duration_minutes: assembly.durationMinutes,
      location: assembly.location,
      video_url: assembly.videoUrl,
      status: assembly.status,
      convened_at: convenedAt,
      forced_reason: null,
      opened_at: assembly.openedAt,
      closed_at: assembly.closedAt,
      minutes,
      created_at: addMinutes(convenedAt, -14 * day),
      updated_at: assembly.closedAt ?? convenedAt,
      version: assembly.version,
    });
  }
  await insertRows(db, 'assemblies', assemblyRows, counts);
}
