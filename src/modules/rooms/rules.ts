/**
 * Who belongs in a room, and what it takes to make the room so ("The members' room holds exactly the active members").
 * Pure: the audience's people, the room's members and the handles are passed in.
 */
import type { FieldError, Refusal } from '../../platform/errors.js';
import type { ProviderKind } from '../../integrations/rooms.js';

export type Audience = { kind: 'members' } | { kind: 'contributors' } | { kind: 'team'; slug: string };

const TEAM_AUDIENCE = /^team:([a-z0-9][a-z0-9-]{0,62})$/;

/** `members`, `contributors` (the whole team) or `team:<slug>`; null for anything else. */
export function parseAudience(text: string): Audience | null {
  if (text === 'members' || text === 'contributors') return { kind: text };
  const team = TEAM_AUDIENCE.exec(text);
  return team ? { kind: 'team', slug: team[1] } : null;
}

export function audienceText(a: Audience): string {
  return a.kind === 'team' ? `team:${a.slug}` : a.kind;
}

/** One person of the audience as seen by the room's provider: with a handle, or unreachable. */
export interface AudiencePerson {
  personId: string;
  displayName: string;
  handle: string | null;
}

export interface DriftEntry {
  handle: string | null;
  personId: string | null;
  displayName: string | null;
}

/**
 * The difference between who should be in the room and who is: `missing` (in the audience, not
 * in the room), `extra` (in the room, not in the audience: left the association, or added by
 * hand), `unreachable` (in the audience without a handle for this provider: they must add one
 * to their profile). Handles compare as the provider normalised them.
 */
export function computeDrift(
  audience: AudiencePerson[],
  actual: string[],
  known: Map<string, { personId: string; displayName: string }>,
): { missing: DriftEntry[]; extra: DriftEntry[]; unreachable: DriftEntry[] } {
  const present = new Set(actual);
  const wanted = new Set<string>();
  const missing: DriftEntry[] = [];
  const unreachable: DriftEntry[] = [];
  for (const p of audience) {
    if (p.handle === null) {
      unreachable.push({ handle: null, personId: p.personId, displayName: p.displayName });
      continue;
    }
    wanted.add(p.handle);
    if (!present.has(p.handle)) missing.push({ handle: p.handle, personId: p.personId, displayName: p.displayName });
  }
  const extra = [...present]
    .filter((h) => !wanted.has(h))
    .sort()
    .map((h) => ({ handle: h, personId: known.get(h)?.personId ?? null, displayName: known.get(h)?.displayName ?? null }));
  const byName = (a: DriftEntry, b: DriftEntry) =>
    (a.displayName ?? '').localeCompare(b.displayName ?? '') || (a.personId ?? '').localeCompare(b.personId ?? '');
  return { missing: missing.sort(byName), extra, unreachable: unreachable.sort(byName) };
}

/** What one delivery does for one handle: bring the room to what the audience says, now. */
/** What reconciling does to one handle in a room. */
export const ROOM_ACTIONS = ['invite', 'remove'] as const;
export type RoomAction = (typeof ROOM_ACTIONS)[number];

/** The chat services a room can live on (each an integration in integrations/rooms.ts). */
export const PROVIDER_KINDS = ['matrix', 'xmpp', 'webhook'] as const satisfies readonly ProviderKind[];

export function decideRoomChange(wanted: boolean, present: boolean): RoomAction | 'nothing' {
  if (wanted && !present) return 'invite';
  if (!wanted && present) return 'remove';
  return 'nothing';
}

/** A room is registered once per provider and address, for an audience that exists. */
export function checkNewRoom(input: { exists: boolean; addressValid: boolean; audienceValid: boolean; teamExists: boolean }): Refusal | null {
  const errors: FieldError[] = [];
  if (!input.addressValid) errors.push({ path: '/address', code: 'invalid_address', message: 'not a room address this provider accepts' });
  if (!input.audienceValid) errors.push({ path: '/audience', code: 'invalid_audience', message: 'members, contributors or team:<slug>' });
  else if (!input.teamExists) errors.push({ path: '/audience', code: 'unknown_team', message: 'no team has this slug' });
  if (errors.length > 0) return { code: 'validation_failed', message: 'The room cannot be registered as given', errors };
  if (input.exists) return { code: 'room_exists', message: 'This room is already registered' };
  return null;
}

/**
 * Whether a provider's rooms are brought to the audience by comparing states (Matrix and XMPP
 * rooms list their members), so a room registered before its credentials loses nothing; a
 * webhook's events are messages that, once dropped, nothing replays.
 */
export function reconcilesFromState(provider: 'matrix' | 'xmpp' | 'webhook'): boolean {
  return provider !== 'webhook';
}
