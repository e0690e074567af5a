import { on, type Subscription } from '../../platform/events.js';
import type { ServiceContext } from '../../platform/services.js';
import { createApplicationsRepository } from '../applications/repository.js';
import '../applications/events.js';
import { nextOpenSession, placeOnAgenda } from './agenda-placement.js';
import { createSessionsRepository } from './repository.js';

/**
 * How the bureau's agendas follow applications, in the application's transaction: a submitted
 * one goes on the next session that still takes items (with none, it waits for one); a withdrawn
 * one leaves the agenda it was on.
 */
export function sessionsSubscriptions(ctx: ServiceContext): Subscription[] {
  const { database, config } = ctx;
  return [
    on('applications.submitted', 'sessions', async (p, { trx, now }) => {
      const session = await nextOpenSession(trx, now, config.APPLICATION_AGENDA_CUTOFF_HOURS);
      if (session)
        await placeOnAgenda(trx, database.dialect, (await createApplicationsRepository(trx).findById(p.applicationId))!, session.id, now, p.personId);
    }),
    on('applications.withdrawn', 'sessions', async (p, { trx, now }) => {
      if (!p.sessionId) return;
      const repo = createSessionsRepository(trx);
      const item = await repo.openItemOf(p.sessionId, p.applicationId);
      if (item?.state === 'open') await repo.setItemState(item.id, 'open', { state: 'withdrawn', updated_at: now });
    }),
  ];
}
