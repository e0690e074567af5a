import { createHash, timingSafeEqual } from 'node:crypto';
import { hmacSha256Matches } from '../../platform/auth/secrets.js';
import type { FieldError } from '../../platform/errors.js';
import { isCalendarDate } from '../../platform/time.js';

/** What became of a forge's delivery: acted on, already acted on (a retry), or not for us. */
export const DELIVERY_STATUSES = ['processed', 'replayed', 'ignored'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * What the forges' webhooks say, turned into contribution facts. Pure: the service does the
 * looking up and the writing. Payload formats: Forgejo's (also Gitea's: the same JSON and the same
 * signature, under X-Gitea-* headers) and GitLab's, as their documentation shows them (the samples
 * are in ./fixtures).
 */

export const forges = ['forgejo', 'gitlab'] as const;
export type Forge = (typeof forges)[number];

/** What a forge account links to a person: a login on one forge, or a commit email (any forge). */
export const identityKinds = ['forgejo', 'gitlab', 'email'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export interface Identity {
  forge: IdentityKind;
  identity: string;
}

/** Who wrote something, as the payload names them; any part may be missing. */
export interface Author {
  username: string | null;
  email: string | null;
  name: string | null;
}

/** One contribution the payload tells about, before anyone knows whose it is. */
export interface ForgeItem {
  externalId: string;
  occurredOn: string;
  summary: string;
  evidenceUrl: string | null;
  author: Author;
}

export type ForgeFacts = { ignored: true; reason: string } | { ignored: false; items: ForgeItem[] };

type Headers = Record<string, string | string[] | undefined>;

const SUMMARY_MAX = 500;
const URL_MAX = 2000;
const HEADER_MAX = 200;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Forgejo and Gitea sign the raw body: hex HMAC-SHA256 under the hook's secret. Compared in
 * constant time. No secret configured means no hook is believed.
 */
export function forgejoSignatureValid(secret: string | undefined, rawBody: Buffer, headers: Headers): boolean {
  if (!secret) return false;
  const given = header(headers, 'x-forgejo-signature') ?? header(headers, 'x-gitea-signature');
  return given !== undefined && hmacSha256Matches(secret, rawBody, given);
}

/**
 * GitLab sends the hook's secret token as it is, in X-Gitlab-Token. Both sides are hashed first
 * so that the comparison takes the same time whatever the length of what was sent.
 */
export function gitlabTokenValid(expected: string | undefined, headers: Headers): boolean {
  const given = header(headers, 'x-gitlab-token');
  if (!expected || !given) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * The event and the delivery id of a request. A delivery without an id (older GitLab) is known by
 * the hash of its body: the same bytes sent again are the same delivery.
 */
export function deliveryOf(forge: Forge, headers: Headers, rawBody: Buffer): { event: string; deliveryId: string } {
  const named =
    forge === 'forgejo'
      ? {
          event: header(headers, 'x-forgejo-event') ?? header(headers, 'x-gitea-event'),
          id: header(headers, 'x-forgejo-delivery') ?? header(headers, 'x-gitea-delivery'),
        }
      : { event: header(headers, 'x-gitlab-event'), id: header(headers, 'x-gitlab-event-uuid') ?? header(headers, 'idempotency-key') };
  const deliveryId = named.id?.slice(0, HEADER_MAX) ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  return { event: (named.event ?? '').slice(0, HEADER_MAX), deliveryId };
}

// Payloads are foreign JSON: every field is read defensively.
type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => {
  // PostgreSQL cannot store U+0000 in text.
  const s = typeof v === 'string' ? v.split('\u0000').join('').trim() : '';
  return s || null;
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** The first line of a commit message: what `git log --oneline` shows. */
export function firstLine(message: string): string {
  return message.split(/\r?\n/, 1)[0].trim();
}

function summaryOf(text: string | null, fallback: string): string {
  const line = text ? firstLine(text) : '';
  const summary = line || fallback;
  return summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary;
}

/**
 * The calendar day of a forge timestamp as its author wrote it ("2017-03-13T13:52:11-04:00" is
 * the 13th), never after today: a contribution cannot lie in the future, whatever a clock said.
 */
export function dayOf(timestamp: string | null, today: string): string {
  const day = timestamp?.slice(0, 10) ?? '';
  if (!isCalendarDate(day) || day > today) return today;
  return day;
}

function httpUrl(v: unknown): string | null {
  const s = str(v);
  return s && /^https?:\/\/\S+$/i.test(s) && s.length <= URL_MAX ? s : null;
}

/** GitLab writes "[REDACTED]" for an author without a public email: that is no email at all. */
function emailOf(v: unknown): string | null {
  const s = str(v);
  return s && s.includes('@') && !/\s/.test(s) && s.length <= 254 ? s.toLowerCase() : null;
}

function usernameOf(v: unknown): string | null {
  const s = str(v);
  return s && isUsername(s) ? s.toLowerCase() : null;
}

function commitItems(commits: unknown, today: string, authorOf: (author: Json | null) => Author): { items: ForgeItem[]; malformed: number } {
  const items: ForgeItem[] = [];
  let malformed = 0;
  for (const raw of Array.isArray(commits) ? commits : []) {
    const c = obj(raw);
    const id = str(c?.id);
    if (!c || !id || !/^[0-9a-f]{7,64}$/i.test(id)) {
      malformed++;
      continue;
    }
    items.push({
      externalId: id.toLowerCase(),
      occurredOn: dayOf(str(c.timestamp), today),
      summary: summaryOf(str(c.message) ?? str(c.title), `Commit ${id.slice(0, 12)}`),
      evidenceUrl: httpUrl(c.url),
      author: authorOf(obj(c.author)),
    });
  }
  return { items: unique(items), malformed };
}

/** The same commit twice in one payload is one contribution. */
function unique(items: ForgeItem[]): ForgeItem[] {
  const seen = new Set<string>();
  const out: ForgeItem[] = [];
  for (const item of items) {
    if (seen.has(item.externalId)) continue;
    seen.add(item.externalId);
    out.push(item);
  }
  return out;
}

/** Forgejo and Gitea: pushed commits, and pull requests closed by a merge. */
export function forgejoFacts(event: string, payload: unknown, today: string): ForgeFacts {
  const p = obj(payload);
  if (!p) return { ignored: true, reason: 'not_an_object' };
  if (event === 'push') {
    const { items } = commitItems(p.commits, today, (a) => ({ username: usernameOf(a?.username), email: emailOf(a?.email), name: str(a?.name) }));
    return items.length ? { ignored: false, items } : { ignored: true, reason: 'no_commits' };
  }
  if (event === 'pull_request') {
    const pr = obj(p.pull_request);
    if (p.action !== 'closed' || pr?.merged !== true) return { ignored: true, reason: 'not_merged' };
    const repo = str(obj(p.repository)?.full_name);
    const number = num(pr.number) ?? num(p.number);
    if (!repo || number === null) return { ignored: true, reason: 'malformed' };
    const user = obj(pr.user);
    return {
      ignored: false,
      items: [
        {
          externalId: `pr:${repo.toLowerCase()}#${number}`,
          occurredOn: dayOf(str(pr.merged_at) ?? str(pr.closed_at), today),
          summary: summaryOf(str(pr.title), `Pull request ${repo}#${number}`),
          evidenceUrl: httpUrl(pr.html_url),
          author: {
            username: usernameOf(user?.login) ?? usernameOf(user?.username),
            email: emailOf(user?.email),
            name: str(user?.full_name) ?? str(user?.login),
          },
        },
      ],
    };
  }
  return { ignored: true, reason: 'event_not_handled' };
}

/** GitLab: pushed commits ("Push Hook") and merged merge requests ("Merge Request Hook"). */
export function gitlabFacts(event: string, payload: unknown, today: string): ForgeFacts {
  const p = obj(payload);
  if (!p) return { ignored: true, reason: 'not_an_object' };
  if (event === 'Push Hook' && p.object_kind === 'push') {
    const pusher: Author = { username: usernameOf(p.user_username), email: emailOf(p.user_email), name: str(p.user_name) };
    const { items } = commitItems(p.commits, today, (a) => {
      const author: Author = { username: null, email: emailOf(a?.email), name: str(a?.name) };
      // GitLab commits carry no username. When the author's email is hidden, the pusher of the
      // same name is the only clue to who they are.
      if (!author.email && author.name && author.name === pusher.name) return { ...author, username: pusher.username };
      return author;
    });
    return items.length ? { ignored: false, items } : { ignored: true, reason: 'no_commits' };
  }
  if (event === 'Merge Request Hook' && p.object_kind === 'merge_request') {
    const mr = obj(p.object_attributes);
    if (!mr || (mr.action !== 'merge' && mr.state !== 'merged')) return { ignored: true, reason: 'not_merged' };
    const project = str(obj(p.project)?.path_with_namespace);
    const iid = num(mr.iid);
    if (!project || iid === null) return { ignored: true, reason: 'malformed' };
    // `user` is who merged. Only when they also wrote the request is that its author; otherwise
    // the last commit's author is the best the payload knows.
    const user = obj(p.user);
    const lastAuthor = obj(obj(mr.last_commit)?.author);
    const byAuthor = user !== null && num(user.id) !== null && num(user.id) === num(mr.author_id);
    const author: Author = byAuthor
      ? { username: usernameOf(user.username), email: emailOf(user.email), name: str(user.name) }
      : { username: null, email: emailOf(lastAuthor?.email), name: str(lastAuthor?.name) };
    return {
      ignored: false,
      items: [
        {
          externalId: `mr:${project.toLowerCase()}!${iid}`,
          occurredOn: dayOf(str(mr.merged_at) ?? str(mr.updated_at), today),
          summary: summaryOf(str(mr.title), `Merge request ${project}!${iid}`),
          evidenceUrl: httpUrl(mr.url),
          author,
        },
      ],
    };
  }
  return { ignored: true, reason: 'event_not_handled' };
}

/** The identities that may name an author, most specific first: a login, then an email. */
export function identitiesOf(forge: Forge, author: Author): Identity[] {
  const out: Identity[] = [];
  if (author.username) out.push({ forge, identity: author.username });
  if (author.email) out.push({ forge: 'email', identity: author.email });
  return out;
}

export const identityKey = (i: Identity): string => `${i.forge}:${i.identity}`;

export interface Attribution {
  credited: { item: ForgeItem; personId: string }[];
  /** Items nobody could be found for, with the identity to show administrators. */
  unknown: { item: ForgeItem; identity: Identity; displayName: string | null }[];
  /** Items whose author the payload does not name at all. */
  anonymous: number;
}

/**
 * Whose is each item: a linked forge account of the login, then a linked commit email, then a
 * person whose own email it is. A login linked by someone wins over an email, since linking it
 * was a deliberate act.
 */
export function attribute(forge: Forge, items: ForgeItem[], accounts: Map<string, string>, peopleByEmail: Map<string, string>): Attribution {
  const result: Attribution = { credited: [], unknown: [], anonymous: 0 };
  for (const item of items) {
    const ids = identitiesOf(forge, item.author);
    if (ids.length === 0) {
      result.anonymous++;
      continue;
    }
    const personId =
      ids.map((i) => accounts.get(identityKey(i))).find((x) => x !== undefined) ?? (item.author.email ? peopleByEmail.get(item.author.email) : undefined);
    if (personId) result.credited.push({ item, personId });
    else result.unknown.push({ item, identity: ids[0], displayName: item.author.name });
  }
  return result;
}

/** Forgejo, Gitea and GitLab logins: letters, digits, dot, dash, underscore. */
export function isUsername(value: string): boolean {
  return /^[A-Za-z0-9_.-]{1,255}$/.test(value);
}

/** A forge account as people type it: trimmed, lower case (forges compare logins and emails so). */
export function normaliseIdentity(input: { forge: string; identity: string }): Identity {
  return { forge: input.forge as IdentityKind, identity: input.identity.trim().replace(/^@/, '').toLowerCase() };
}

export function identityInputErrors(input: { forge: string; identity: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (!(identityKinds as readonly string[]).includes(input.forge)) {
    errors.push({ path: '/forge', code: 'unknown_forge', message: `one of ${identityKinds.join(', ')}` });
    return errors;
  }
  const { identity } = normaliseIdentity(input);
  if (!identity) errors.push({ path: '/identity', code: 'required', message: 'required' });
  else if (input.forge === 'email' ? !emailOf(identity) : !isUsername(identity))
    errors.push({
      path: '/identity',
      code: input.forge === 'email' ? 'invalid_commit_email' : 'invalid_username',
      message: input.forge === 'email' ? 'an email address as written in commits' : 'letters, digits, dot, dash or underscore',
    });
  return errors;
}
