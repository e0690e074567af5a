import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { publicBaseUrl, type Config } from '../../platform/config.js';
import { AppError, isRefusal, type FieldError, type Refusal } from '../../platform/errors.js';
import { digestToken } from '../../platform/auth/secrets.js';
import { keysOf } from '../../platform/auth/keys.js';
import { translate, type Locale, type MessageKey, type Params } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { createPeopleRepository } from '../people/repository.js';
import { createContributionsRepository } from '../contributions/repository.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createRequestsRepository, type RequestRecord, type RequestRow } from './repository.js';
import {
  canHandleRequest,
  contributionExternalId,
  CONTRIBUTION_KIND,
  CONTRIBUTION_SOURCE,
  handlerOf,
  isReport,
  parseRequestCategories,
  transitionRequest,
  type CategoryRoute,
  type RequestEvent,
  type RequestSubject,
} from './rules.js';
import { viewerOf } from './policy.js';
import { categoryLabel } from './labels.js';
import { requestView, type RequestView } from './views.js';

/**
 * The settings page's check: the categories the bureau types must parse as REQUEST_CATEGORIES
 * does (the environment's value only seeds the setting; once saved, the setting wins).
 */
export const requestCategoriesCheck = (values: { requestCategories: string }): FieldError[] => {
  const parsed = parseRequestCategories(values.requestCategories);
  return typeof parsed === 'string' ? [{ path: '/requestCategories', code: 'invalid_categories', message: parsed }] : [];
};

/** The categories of the configuration (validated at start-up by config.ts). */
export function requestCategories(config: Pick<Config, 'REQUEST_CATEGORIES'>): CategoryRoute[] {
  const parsed = parseRequestCategories(config.REQUEST_CATEGORIES);
  if (typeof parsed === 'string') throw new Error(`REQUEST_CATEGORIES: ${parsed}`);
  return parsed;
}

export const subjectOf = (r: RequestRecord): RequestSubject => ({ teamId: r.teamId, category: r.category, reportedPersonId: r.reportedPersonId });

export function refuse(refusal: Refusal | null): void {
  if (refusal) throw AppError.from(refusal);
}

/** Text a person typed: trimmed, and refused when empty or too long, at `path`. */
export function requiredText(value: string | null | undefined, path: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw new AppError('validation_failed', `${path}: required`, [{ path, code: 'required', message: 'required' }]);
  if (text.length > max) throw new AppError('validation_failed', `${path}: too long`, [{ path, code: 'too_long', message: `at most ${max} characters` }]);
  return text;
}

/**
 * What every part of the requests service shares: the categories, the links written in
 * mails, loading a request as someone may see it, moving it through its lifecycle with optimistic
 * concurrency, the audit entry and the mails of a change, and the contribution of a resolution.
 */
export function createRequestsKit(ctx: ServiceContext, settings?: { current(): Promise<{ values: { requestCategories: string } }> }) {
  const { database, clock, config } = ctx;
  const configured = requestCategories(config);
  /** The categories offered now: the association's settings, which the environment only seeds. */
  async function categories(): Promise<CategoryRoute[]> {
    if (!settings) return configured;
    const parsed = parseRequestCategories((await settings.current()).values.requestCategories);
    return typeof parsed === 'string' ? configured : parsed;
  }
  const publicUrl = publicBaseUrl(config);

  /**
   * The follow link's token: a MAC of the request and its salt under the follow-links purpose
   * key, so the link can be written again in later mails. Only its digest is stored.
   */
  const followToken = (id: string, salt: string) => keysOf(config).mac('followLinks', `${id}:${salt}`);
  const followLink = (r: Pick<RequestRecord, 'id' | 'tokenSalt'>) => `${publicUrl}/requests/follow/${followToken(r.id, r.tokenSalt)}`;
  const requestLink = (id: string) => `${publicUrl}/requests/${id}`;
  /**
   * A mail about a moderation report is of kind `report_*` instead of `request_*`: the mail log
   * that administrators read withholds its recipient and text (the reporter must never be shown
   * to the person reported, who may be an administrator; src/platform/audit/service.ts).
   */
  const mailKind = (r: RequestRecord, kind: string) => (isReport(r.category) ? kind.replace(/^request_/, 'report_') : kind);

  async function load(db: Kysely<DB>, id: string): Promise<RequestRecord> {
    const r = await createRequestsRepository(db).findById(id);
    if (!r) throw new AppError('not_found', `No request ${id}`);
    return r;
  }

  /** A request this actor may handle; any other is simply not found. */
  async function loadFor(db: Kysely<DB>, actor: Actor, id: string): Promise<RequestRecord> {
    const r = await load(db, id);
    if (!canHandleRequest(viewerOf(actor), subjectOf(r))) throw new AppError('not_found', `No request ${id}`);
    return r;
  }

  /** A list's team filter: the team's id, or one that matches nothing when no team has this slug. */
  async function teamFilter(slug: string | undefined): Promise<string | undefined> {
    if (!slug) return undefined;
    return (await createTeamsRepository(database.db).findBySlug(slug))?.id ?? 'none';
  }

  /** The request with its whole thread, as this actor may see it (the inbox's view and every action's answer). */
  async function view(actor: Actor, id: string): Promise<RequestView> {
    const r = await loadFor(database.db, actor, id);
    const repo = createRequestsRepository(database.db);
    const [messages, consultations] = await Promise.all([repo.messages(id, { includeInternal: true }), repo.consultationsOf(id)]);
    return requestView(r, { messages, consultations }, viewerOf(actor), subjectOf(r), clock.now());
  }

  async function audit(db: Kysely<DB>, actorId: string | null, action: string, requestId: string, after: Record<string, unknown> | null = null) {
    await createAuditRepository(db, database.dialect).append({ actorId, action, subjectType: 'request', subjectId: requestId, after, at: clock.now() });
  }

  /** Applies the lifecycle's event and `patch` with optimistic concurrency; returns the new status. */
  async function move(db: Kysely<DB>, r: RequestRecord, event: RequestEvent, patch: Partial<RequestRow> = {}) {
    const next = transitionRequest(r.status, event);
    if (isRefusal(next)) throw AppError.from(next);
    await save(db, r, { ...patch, status: next.status });
    return next.status;
  }

  /** Writes `patch` (and the activity's time) if nobody changed the request since it was read. */
  async function save(db: Kysely<DB>, r: RequestRecord, patch: Partial<RequestRow>) {
    const now = clock.now();
    const ok = await createRequestsRepository(db).update(r.id, r.version, { ...patch, updated_at: now, last_activity_at: now });
    if (!ok) throw new AppError('version_conflict', 'This request changed meanwhile; reload and try again');
  }

  /** One mail of this request, written in `locale` from the catalogue's `key`.subject and `key`.body. */
  async function mail(
    db: Kysely<DB>,
    r: RequestRecord,
    to: { email: string; personId: string | null; locale: Locale },
    kind: string,
    key: string,
    params: Params,
    secretLinks?: Record<string, string>,
  ) {
    const slots = Object.fromEntries(Object.keys(secretLinks ?? {}).map((name) => [name, secretLinkSlot(name)]));
    await createMailRepository(db, keysOf(config)).record({
      to: to.email,
      personId: to.personId,
      kind: mailKind(r, kind),
      subject: translate(to.locale, `${key}.subject` as MessageKey, params),
      body: translate(to.locale, `${key}.body` as MessageKey, { ...params, ...slots }),
      locale: to.locale,
      secretLinks,
      now: clock.now(),
    });
  }

  /**
   * A mail to the requester, in the request's language, with the private link. A request filed
   * before purpose keys still has the digest of a link made under the master secret: that link
   * keeps working until this mail re-issues it (docs/security.md, "Links sent by mail").
   */
  async function mailRequester(db: Kysely<DB>, r: RequestRecord, kind: string, key: string, params: Params = {}) {
    await createRequestsRepository(db).renewTokenHash(r.id, digestToken(followToken(r.id, r.tokenSalt)));
    const all = { subject: r.subject, team: r.teamName[r.locale], association: await associationName(db), ...params };
    await mail(db, r, { email: r.requesterEmail, personId: r.requesterPersonId, locale: r.locale }, kind, key, all, { link: followLink(r) });
  }

  /** A mail to someone of the team, in their language, with the link to the request. */
  async function mailPerson(db: Kysely<DB>, personId: string, r: RequestRecord, kind: string, key: string, params: Params | ((locale: Locale) => Params) = {}) {
    const person = await createPeopleRepository(db).findById(personId);
    if (!person) return;
    const extra = typeof params === 'function' ? params(person.locale) : params;
    const all = { name: person.displayName, subject: r.subject, link: requestLink(r.id), ...extra };
    await mail(db, r, { email: person.email, personId: person.id, locale: person.locale }, kind, key, all);
  }

  /**
   * Resolving counts as a contribution of kind `requests` for whoever handled the request, confirmed
   * (docs/requests.md, "Counted as contribution"). One per request: its external id makes a second resolution record nothing.
   */
  async function recordContribution(db: Kysely<DB>, r: RequestRecord, resolverId: string | null): Promise<string | null> {
    const personId = handlerOf(r, resolverId);
    if (!personId) return null;
    const contributions = createContributionsRepository(db);
    const externalId = contributionExternalId(r.id);
    if (await contributions.findByExternalId(CONTRIBUTION_SOURCE, externalId)) return null;
    const handler = await createPeopleRepository(db).findById(personId);
    const locale: Locale = handler?.locale ?? 'fr';
    const now = clock.now();
    const id = newId();
    await contributions.insert({
      id,
      person_id: personId,
      team_id: r.teamId,
      kind: CONTRIBUTION_KIND,
      occurred_on: clock.today(),
      summary: translate(locale, 'requests.contribution.summary', { category: categoryLabel(locale, r.category) }),
      evidence_url: requestLink(r.id),
      amount_cents: null,
      source: CONTRIBUTION_SOURCE,
      external_id: externalId,
      status: 'confirmed',
      recorded_by: resolverId,
      reviewed_by: null,
      reviewed_at: now,
      rejection_reason: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await createAuditRepository(db, database.dialect).append({
      actorId: resolverId,
      action: 'contribution.recorded',
      subjectType: 'person',
      subjectId: personId,
      after: { contributionId: id, kind: CONTRIBUTION_KIND, occurredOn: clock.today(), status: 'confirmed', team: r.teamSlug, externalId },
      at: now,
    });
    return id;
  }

  /** Resolves (unless it already is) with `patch`, records the contribution, tells the requester. */
  async function resolveIn(db: Kysely<DB>, r: RequestRecord, actorId: string | null, patch: Partial<RequestRow> = {}, tellRequester = true) {
    if (r.status === 'resolved') await save(db, r, patch);
    else {
      await move(db, r, 'resolve', { ...patch, resolved_at: clock.now(), resolved_by: actorId });
      if (tellRequester) await mailRequester(db, r, 'request_resolved', 'requests.mail.resolved');
    }
    const contributionId = await recordContribution(db, r, actorId);
    await audit(db, actorId, 'request.resolved', r.id, { handler: handlerOf(r, actorId), contributionId });
  }

  return {
    database,
    clock,
    config,
    categories,
    publicUrl,
    followToken,
    tokenHash: digestToken,
    followLink,
    requestLink,
    load,
    loadFor,
    view,
    teamFilter,
    audit,
    move,
    mailRequester,
    mailPerson,
    resolveIn,
    transaction: <T>(fn: (trx: Kysely<DB>) => Promise<T>) => database.transaction(fn),
  };
}

export type RequestsKit = ReturnType<typeof createRequestsKit>;
