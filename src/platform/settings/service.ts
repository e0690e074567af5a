import { Value } from '@sinclair/typebox/value';
import { AppError, type FieldError } from '../errors.js';
import type { ServiceContext } from '../services.js';
import type { Actor } from '../auth/actor.js';
import { createAuditRepository } from '../audit/repository.js';
import { createSettingsRepository } from './repository.js';
import { AssociationSettingsSchema, defaultSettings, roomKind, type AssociationSettings } from './schema.js';
import { associationIdentity, createAssociationRepository, type Association } from './identity.js';

export interface SettingsView {
  values: AssociationSettings;
  version: number;
}

/** A check the schema cannot make (request categories' syntax): the problem in words, or null. */
export type SettingsCheck = (values: AssociationSettings) => FieldError[];

/**
 * The association's settings (platform/settings): read by every instance through a version check,
 * so that a save made on one instance is seen by all at their next request; changed by the bureau
 * with optimistic concurrency and an audit entry.
 */
export function createSettingsService(ctx: ServiceContext, checks: SettingsCheck[] = []) {
  const { database, clock, config } = ctx;
  const defaults = defaultSettings(config);
  // Never trusted alone: each read compares its version with the database's (one indexed row).
  let cached: SettingsView | null = null;

  /** Stored values over the defaults; a key an older version did not know keeps its default. */
  function complete(stored: unknown): AssociationSettings {
    const merged = { ...defaults, ...(stored && typeof stored === 'object' ? stored : {}) } as Record<string, unknown>;
    const clean = Object.fromEntries(Object.keys(defaults).map((k) => [k, merged[k]]));
    return Value.Check(AssociationSettingsSchema, clean) ? clean : defaults;
  }

  async function current(): Promise<SettingsView> {
    const repo = createSettingsRepository(database.db);
    if (cached && (await repo.version()) === cached.version) return cached;
    const stored = await repo.read();
    cached = { values: complete(stored.values), version: stored.version };
    return cached;
  }

  function errorsOf(values: AssociationSettings): FieldError[] {
    const errors: FieldError[] = [...Value.Errors(AssociationSettingsSchema, values)].map((e) => ({
      path: e.path,
      code: e.value === undefined ? 'required' : 'invalid_setting',
      message: e.message,
    }));
    if (errors.length) return errors;
    if (values.membersRoom.trim() && roomKind(values.membersRoom) === null) {
      errors.push({ path: '/membersRoom', code: 'invalid_room_address', message: 'a web link, a Matrix room (#room:server) or an XMPP room (room@server)' });
    }
    for (const check of checks) errors.push(...check(values));
    return errors;
  }

  return {
    current,
    defaults: () => defaults,

    /**
     * The association's name and language, read from the database at each call (one row by its
     * key), never kept by the process: every instance shows a new name from its next request.
     */
    association: (): Promise<Association> => associationIdentity(database.db),

    /** The bureau renames the association or rewrites its description; audited. */
    async updateAssociation(actor: Actor, input: { name: string; description: string }): Promise<Association> {
      const name = input.name.trim();
      if (!name || name.length > 120)
        throw new AppError('validation_failed', 'a name is required', [{ path: '/name', code: 'required', message: 'a name is required' }]);
      const before = await associationIdentity(database.db);
      const next = { ...before, name, description: input.description.trim().slice(0, 4000) };
      const now = clock.now();
      await database.transaction(async (trx) => {
        await createAssociationRepository(trx).save(next, now);
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'association.updated',
          subjectType: 'association',
          subjectId: 'main',
          before,
          after: next,
          at: now,
        });
      });
      return next;
    },

    /** Saves the whole set (a form sends every field) when nobody saved since `expectedVersion`. */
    async update(actor: Actor, input: AssociationSettings, expectedVersion: number): Promise<SettingsView> {
      const values: AssociationSettings = {
        ...input,
        requestCategories: input.requestCategories.trim(),
        mailFooter: input.mailFooter.trim(),
        membersRoom: input.membersRoom.trim(),
      };
      const errors = errorsOf(values);
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      const before = await current();
      // Saving what is already there changes nothing: no new version, no audit entry.
      if (JSON.stringify(before.values) === JSON.stringify(values) && before.version === expectedVersion) return before;
      const now = clock.now();
      await database.transaction(async (trx) => {
        if (!(await createSettingsRepository(trx).save(values, expectedVersion, now, actor.personId))) {
          throw new AppError('version_conflict', 'Someone saved the settings meanwhile; reload and try again');
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'settings.updated',
          subjectType: 'association',
          subjectId: 'settings',
          before: before.values,
          after: values,
          at: now,
        });
      });
      cached = { values, version: expectedVersion + 1 };
      return cached;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
