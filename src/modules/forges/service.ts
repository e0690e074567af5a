import type { Transaction } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail } from '../../platform/text.js';
import { createPeopleRepository } from '../people/repository.js';
import { createContributionsRepository, type ContributionRow } from '../contributions/repository.js';
import { createForgesRepository, type DeliveryResult, type ForgeAccount, type PendingItem, type UnknownAuthor } from './repository.js';
import {
  attribute,
  forgejoFacts,
  forgejoSignatureValid,
  gitlabFacts,
  gitlabTokenValid,
  identitiesOf,
  identityInputErrors,
  identityKey,
  normaliseIdentity,
  type DeliveryStatus,
  type Forge,
  type ForgeItem,
  type Identity,
} from './rules.js';
import { canManageForgeAccounts } from './policy.js';

/** Contributions from forges are development, confirmed by the forge itself. */
const FORGE_KIND = 'development';

export interface DeliveryOutcome {
  deliveryId: string;
  event: string;
  status: DeliveryStatus;
  /** Why nothing was done, when ignored. */
  reason: string | null;
  recorded: number;
  alreadyRecorded: number;
  unknownAuthors: number;
}

type Headers = Record<string, string | string[] | undefined>;

/** A unique constraint gave way: another request wrote the same row first. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function createForgesService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const forges = createForgesRepository(database.db);

  function contributionRow(
    item: Pick<ForgeItem, 'externalId' | 'occurredOn' | 'summary' | 'evidenceUrl'>,
    source: string,
    personId: string,
    now: string,
  ): ContributionRow {
    return {
      id: newId(),
      person_id: personId,
      team_id: null,
      kind: FORGE_KIND,
      occurred_on: item.occurredOn,
      summary: item.summary,
      evidence_url: item.evidenceUrl,
      amount_cents: null,
      source,
      external_id: item.externalId,
      status: 'confirmed',
      recorded_by: null,
      reviewed_by: null,
      reviewed_at: now,
      rejection_reason: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
  }

  /** Writes what one delivery tells, with the delivery itself and one audit entry, all or nothing. */
  async function process(trx: Transaction<DB>, forge: Forge, delivery: { event: string; deliveryId: string }, items: ForgeItem[]): Promise<DeliveryOutcome> {
    const repo = createForgesRepository(trx);
    const stored = await repo.findDelivery(forge, delivery.deliveryId);
    if (stored) return outcome(delivery, 'replayed', null, stored.result);

    const now = clock.now();
    const identities = items.flatMap((i) => identitiesOf(forge, i.author));
    const emails = items.map((i) => i.author.email).filter((e): e is string => e !== null);
    const [accounts, peopleByEmail] = await Promise.all([repo.peopleOfIdentities(identities), repo.peopleOfEmails(emails)]);
    const attribution = attribute(forge, items, accounts, peopleByEmail);

    const contributions = createContributionsRepository(trx);
    const known = await contributions.existingExternalIds(
      forge,
      [...attribution.credited, ...attribution.unknown].map((c) => c.item.externalId),
    );
    const rows = attribution.credited.filter((c) => !known.has(c.item.externalId)).map((c) => contributionRow(c.item, forge, c.personId, now));
    await contributions.insertMany(rows);

    // Each unknown author counts once per delivery, however many of their commits it holds.
    const pending: PendingItem[] = [];
    const seen = new Map<string, { identity: Identity; displayName: string | null }>();
    for (const { item, identity, displayName } of attribution.unknown) {
      if (known.has(item.externalId)) continue;
      seen.set(identityKey(identity), { identity, displayName });
      const { externalId, occurredOn, summary, evidenceUrl } = item;
      pending.push({ ...identity, source: forge, externalId, occurredOn, summary, evidenceUrl });
    }
    for (const { identity, displayName } of seen.values()) {
      const existing = await repo.findUnknown(identity);
      if (existing) await repo.sawUnknownAgain(existing.id, displayName, now);
      else await repo.insertUnknown({ id: newId(), ...identity, display_name: displayName, first_seen_at: now, last_seen_at: now, events: 1 });
    }

    const result: DeliveryResult = {
      recorded: rows.length,
      alreadyRecorded: [...attribution.credited, ...attribution.unknown].filter((c) => known.has(c.item.externalId)).length,
      unknownAuthors: seen.size,
      anonymous: attribution.anonymous,
      contributionIds: rows.map((r) => r.id),
      pending,
    };
    const id = newId();
    await repo.insertDelivery({ id, forge, delivery_id: delivery.deliveryId, event: delivery.event, received_at: now, result });
    await createAuditRepository(trx, database.dialect).append({
      actorId: null,
      action: 'forge.delivery_received',
      subjectType: 'forge_delivery',
      subjectId: id,
      after: {
        forge,
        event: delivery.event,
        deliveryId: delivery.deliveryId,
        contributions: rows.map((r) => ({ id: r.id, personId: r.person_id, externalId: r.external_id })),
        unknownAuthors: [...seen.values()].map((s) => identityKey(s.identity)),
      },
      at: now,
    });
    return outcome(delivery, 'processed', null, result);
  }

  function outcome(
    delivery: { event: string; deliveryId: string },
    status: DeliveryOutcome['status'],
    reason: string | null,
    result?: DeliveryResult,
  ): DeliveryOutcome {
    return {
      deliveryId: delivery.deliveryId,
      event: delivery.event,
      status,
      reason,
      recorded: result?.recorded ?? 0,
      alreadyRecorded: result?.alreadyRecorded ?? 0,
      unknownAuthors: result?.unknownAuthors ?? 0,
    };
  }

  /** Gives a person the contributions that waited for this identity, and forgets it as unknown. */
  async function creditPending(trx: Transaction<DB>, identity: Identity, personId: string, now: string): Promise<string[]> {
    const repo = createForgesRepository(trx);
    const unknown = await repo.findUnknown(identity);
    if (!unknown) return [];
    const waiting = new Map<string, PendingItem>();
    // Only deliveries since this identity was first seen can hold its contributions.
    for await (const page of repo.deliveriesSince(unknown.firstSeenAt)) {
      for (const d of page)
        for (const p of d.result.pending ?? []) {
          if (p.forge === identity.forge && p.identity === identity.identity) waiting.set(`${p.source}:${p.externalId}`, p);
        }
    }
    const contributions = createContributionsRepository(trx);
    const rows: ContributionRow[] = [];
    for (const source of new Set([...waiting.values()].map((p) => p.source))) {
      const items = [...waiting.values()].filter((p) => p.source === source);
      const known = await contributions.existingExternalIds(
        source,
        items.map((p) => p.externalId),
      );
      rows.push(...items.filter((p) => !known.has(p.externalId)).map((p) => contributionRow(p, source, personId, now)));
    }
    await contributions.insertMany(rows);
    await repo.deleteUnknown(unknown.id);
    return rows.map((r) => r.id);
  }

  async function loadPerson(actor: Actor, personId: string): Promise<void> {
    // Someone else's accounts are simply not found, as their contributions are.
    if (!canManageForgeAccounts(actor, personId) || !(await createPeopleRepository(database.db).findById(personId))) {
      throw new AppError('not_found', `No person ${personId}`);
    }
  }

  return {
    /** Whether a request really comes from the forge; throws invalid_signature otherwise. */
    authenticate(forge: Forge, headers: Headers, rawBody: Buffer): void {
      const ok =
        forge === 'forgejo' ? forgejoSignatureValid(config.FORGEJO_WEBHOOK_SECRET, rawBody, headers) : gitlabTokenValid(config.GITLAB_WEBHOOK_TOKEN, headers);
      if (!ok) throw new AppError('invalid_signature', forge === 'forgejo' ? 'Missing or wrong X-Forgejo-Signature' : 'Missing or wrong X-Gitlab-Token');
    },

    /**
     * Records what an authenticated delivery tells: each pushed commit and each merged pull or
     * merge request becomes a confirmed development contribution of its author, when someone is
     * known by that login or email. Idempotent by delivery id and by (source, external id).
     */
    async receive(forge: Forge, delivery: { event: string; deliveryId: string }, payload: unknown): Promise<DeliveryOutcome> {
      const facts = (forge === 'forgejo' ? forgejoFacts : gitlabFacts)(delivery.event, payload, clock.today());
      if (facts.ignored) {
        if (facts.reason === 'not_an_object')
          throw new AppError('validation_failed', 'The payload must be a JSON object', [{ path: '/', code: 'type', message: 'object' }]);
        return outcome(delivery, 'ignored', facts.reason);
      }
      try {
        return await database.transaction((trx) => process(trx, forge, delivery, facts.items));
      } catch (e) {
        // The same delivery, or a push holding the same commit, arrived at the same moment: once
        // the other transaction has committed, this one finds its work done.
        if (!isUniqueViolation(e)) throw e;
        return database.transaction((trx) => process(trx, forge, delivery, facts.items));
      }
    },

    async accountsOf(actor: Actor, personId: string): Promise<ForgeAccount[]> {
      await loadPerson(actor, personId);
      return forges.accountsOf(personId);
    },

    /**
     * Links a forge login or commit email to a person, and credits them with what the forges
     * already sent under it. The same link again is no change; someone else's is a conflict.
     */
    async link(
      actor: Actor,
      personId: string,
      input: { forge: string; identity: string },
    ): Promise<{ account: ForgeAccount; created: boolean; credited: number }> {
      const errors = identityInputErrors(input);
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      await loadPerson(actor, personId);
      const identity = normaliseIdentity(input);
      const taken = () =>
        new AppError('forge_account_taken', `${identity.forge} ${identity.identity} is linked to someone else`, [
          { path: '/identity', code: 'forge_account_taken', message: 'already linked to someone else' },
        ]);
      const attempt = () =>
        database.transaction(async (trx) => {
          const repo = createForgesRepository(trx);
          const existing = await repo.findAccount(identity);
          if (existing?.personId === personId) return { account: existing, created: false, credited: 0 };
          if (existing) throw taken();
          if (identity.forge === 'email') {
            const owner = await createPeopleRepository(trx).findByEmail(normaliseEmail(identity.identity));
            if (owner && owner.id !== personId) throw taken();
          }
          const now = clock.now();
          const row = { id: newId(), person_id: personId, ...identity, created_at: now };
          await repo.insertAccount(row);
          const credited = await creditPending(trx, identity, personId, now);
          await createAuditRepository(trx, database.dialect).append({
            actorId: actor.personId,
            action: 'forge.account_linked',
            subjectType: 'person',
            subjectId: personId,
            after: { accountId: row.id, ...identity, creditedContributionIds: credited },
            at: now,
          });
          return { account: (await repo.findAccount(identity))!, created: true, credited: credited.length };
        });
      try {
        return await attempt();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return attempt();
      }
    },

    /** Unlinks an account; what it brought stays (it happened). */
    async unlink(actor: Actor, personId: string, accountId: string): Promise<void> {
      await loadPerson(actor, personId);
      await database.transaction(async (trx) => {
        const repo = createForgesRepository(trx);
        const account = await repo.accountOf(personId, accountId);
        if (!account) throw new AppError('not_found', `No forge account ${accountId}`);
        await repo.deleteAccount(account.id);
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'forge.account_unlinked',
          subjectType: 'person',
          subjectId: personId,
          before: { accountId: account.id, forge: account.forge, identity: account.identity },
          at: clock.now(),
        });
      });
    },

    /** Authors the forges named whom nobody is linked to (administrators; the route checks). */
    async unknownAuthors(filter: { cursor?: string; limit?: number }): Promise<{ items: UnknownAuthor[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const rows = await forges.listUnknown({ beforeId: filter.cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
    },

    /** The administrators' form: this unknown author is the person with this email. */
    async linkUnknown(actor: Actor, unknownId: string, personId: string): Promise<{ account: ForgeAccount; credited: number }> {
      const unknown = await forges.unknownById(unknownId);
      if (!unknown) throw new AppError('not_found', `No unknown author ${unknownId}`);
      const { account, credited } = await this.link(actor, personId, { forge: unknown.forge, identity: unknown.identity });
      return { account, credited };
    },

    recentDeliveries: (limit = 20) => forges.recentDeliveries(limit),
  };
}

export type ForgesService = ReturnType<typeof createForgesService>;
