import type { ContributionRow } from '../src/modules/contributions/repository.js';
import type { DB } from '../src/platform/schema.js';
import type { Insertable } from 'kysely';
import { addDays } from '../src/platform/time.js';

/**
 * A deterministic synthetic association: the same seed gives the same people, teams, roles and
 * contributions on every machine, generated in chunks so that memory stays bounded whatever the size.
 */

/** The day the benchmark pretends it is: fixed, so that "active" means the same on every run. */
export const benchToday = '2026-11-28';
/** Contributions spread over this many days before benchToday (about five years). */
const historyDays = 1826;
const kinds = ['moderation', 'administration', 'development', 'communication', 'documentation', 'requests', 'donation', 'event', 'other'];
const stamp = `${benchToday}T12:00:00.000Z`;

/** mulberry32: small, fast and good enough to spread synthetic data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUIDv7-shaped id that sorts by `n`: ids stay unique and ordered without a random source. */
export function syntheticId(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(22, '0');
  return `0190${prefix.toString(16).padStart(4, '0')}-${hex.slice(0, 4)}-7${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10)}`;
}

/** The `n` a syntheticId was made from. */
export const syntheticIndex = (id: string) => Number.parseInt(id.slice(9, 13) + id.slice(15, 18) + id.slice(20, 23) + id.slice(24), 16);

export const personId = (i: number) => syntheticId(1, i);
export const personEmail = (i: number) => `person${i}@bench.example`;
export const teamSlug = (t: number) => `team-${String(t).padStart(2, '0')}`;

export function* peopleChunks(count: number, chunk = 5000): Generator<Insertable<DB['people']>[]> {
  for (let start = 0; start < count; start += chunk) {
    const rows: Insertable<DB['people']>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const name = `Person ${String(i).padStart(6, '0')}`;
      rows.push({
        id: personId(i),
        display_name: name,
        email: personEmail(i),
        email_normalized: personEmail(i),
        pseudonym: null,
        pronouns: null,
        locale: i % 5 === 0 ? 'en' : 'fr',
        matrix_id: null,
        xmpp_jid: null,
        public_consent: i % 3 === 0 ? 1 : 0,
        search_key: name.toLowerCase(),
        sort_key: name.toLowerCase(),
        created_at: stamp,
        updated_at: stamp,
        version: 1,
      });
    }
    yield rows;
  }
}

export function teams(count: number): Insertable<DB['teams']>[] {
  return Array.from({ length: count }, (_, t) => ({
    id: syntheticId(2, t),
    slug: teamSlug(t),
    name_fr: `Équipe ${t}`,
    name_en: `Team ${t}`,
    mission_fr: '',
    mission_en: '',
    responsibilities_fr: '',
    responsibilities_en: '',
    position: t + 1,
    created_at: stamp,
    updated_at: stamp,
    version: 1,
  }));
}

/** One person in fifty has held a team role; a third of those roles have ended. */
export function teamRoles(people: number, teamCount: number, seed = 3): Insertable<DB['team_roles']>[] {
  const next = random(seed);
  const rows: Insertable<DB['team_roles']>[] = [];
  for (let i = 0; i < people; i += 50) {
    const since = addDays(benchToday, -Math.floor(next() * historyDays));
    const ended = next() < 1 / 3;
    rows.push({
      id: syntheticId(3, i),
      team_id: syntheticId(2, Math.floor(next() * teamCount)),
      person_id: personId(i),
      role: next() < 0.2 ? 'lead' : 'member',
      since,
      until: ended ? addDays(since, 1 + Math.floor(next() * 400)) : null,
      created_at: stamp,
    });
  }
  return rows;
}

/**
 * Who contributes: seven people in ten ever do; among them a few do most of the work (drawn as
 * u³); three in ten of them stopped between 400 days and five years ago. About half the
 * association is active, as in a real one. The k-th contributor is person floor(k/7)·10 + k mod 7.
 */
function contributor(people: number, u: number): { person: number; stoppedDaysAgo: number } {
  const contributors = Math.floor(people / 10) * 7;
  const k = Math.min(contributors - 1, Math.floor(u * u * u * contributors));
  const person = Math.floor(k / 7) * 10 + (k % 7);
  return { person, stoppedDaysAgo: k % 7 >= 4 ? 400 + ((person * 7919) % (historyDays - 400)) : 0 };
}

/** Contributions of that association, dates over five years, nine in ten confirmed. Deterministic for a given seed. */
export function* contributionChunks(count: number, people: number, teamCount: number, options: { seed?: number; chunk?: number; firstId?: number } = {}) {
  const next = random(options.seed ?? 4);
  const chunk = options.chunk ?? 10_000;
  const firstId = options.firstId ?? 0;
  const dates = Array.from({ length: historyDays }, (_, d) => addDays(benchToday, -d));
  for (let start = 0; start < count; start += chunk) {
    const rows: ContributionRow[] = [];
    for (let n = start; n < Math.min(count, start + chunk); n++) {
      const { person, stoppedDaysAgo } = contributor(people, next());
      const s = next();
      const status = s < 0.9 ? 'confirmed' : s < 0.98 ? 'declared' : 'rejected';
      const kind = kinds[Math.floor(next() * kinds.length)];
      const team = next() < 0.7 ? syntheticId(2, Math.floor(next() * teamCount)) : null;
      rows.push({
        id: syntheticId(4, firstId + n),
        person_id: personId(person),
        team_id: team,
        kind,
        occurred_on: dates[stoppedDaysAgo + Math.floor(next() * (historyDays - stoppedDaysAgo))],
        summary: `Contribution ${firstId + n} (${kind})`,
        evidence_url: n % 4 === 0 ? `https://forge.bench.example/pr/${firstId + n}` : null,
        amount_cents: kind === 'donation' ? 100 * (1 + Math.floor(next() * 100)) : null,
        source: 'bench',
        external_id: `bench-${firstId + n}`,
        status,
        recorded_by: null,
        reviewed_by: status === 'declared' ? null : personId(0),
        reviewed_at: status === 'declared' ? null : stamp,
        rejection_reason: status === 'rejected' ? 'duplicate' : null,
        created_at: stamp,
        updated_at: stamp,
        version: 1,
      });
    }
    yield rows;
  }
}

/** The same contributions as CSV lines of the import format (`email,kind,occurredOn,summary,team,evidenceUrl,externalId`). */
export function* contributionCsvChunks(count: number, people: number, teamCount: number, options: { seed?: number; chunk?: number } = {}) {
  for (const rows of contributionChunks(count, people, teamCount, options)) {
    yield rows
      .map((r) => {
        const team = r.team_id ? teamSlug(syntheticIndex(r.team_id)) : '';
        return `${personEmail(syntheticIndex(r.person_id))},${r.kind},${r.occurred_on},${r.summary},${team},${r.evidence_url ?? ''},csv-${r.external_id}\n`;
      })
      .join('');
  }
}
