import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createSiteRepository, type Association } from './repository.js';

export function createSiteService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const site = createSiteRepository(database.db);
  return {
    /**
     * Read on every page, from the database each time (one row by its key): a copy kept in one
     * process would go stale when another instance saves the settings form.
     */
    async association(): Promise<Association> {
      return (await site.association()) ?? { name: 'Équipage', description: '', defaultLocale: 'fr' };
    },

    async updateAssociation(actor: Actor, input: { name: string; description: string }): Promise<Association> {
      const name = input.name.trim();
      if (!name || name.length > 120)
        throw new AppError('validation_failed', 'a name is required', [{ path: '/name', code: 'required', message: 'a name is required' }]);
      const before = await this.association();
      const next = { ...before, name, description: input.description.trim().slice(0, 4000) };
      const now = clock.now();
      await database.transaction(async (trx) => {
        await createSiteRepository(trx).saveAssociation(next, now);
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
  };
}
