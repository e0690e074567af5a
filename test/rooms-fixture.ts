import { buildServices } from '../src/container.js';
import { system, type TestAssociation } from './harness.js';

/**
 * A webhook room registered while WEBHOOK_SECRET was set, on an association whose configuration no
 * longer has it (the state an operator reaches by removing the secret): rooms cannot be registered
 * for an unconfigured webhook provider, but such rooms can still exist. No event is delivered here.
 */
export async function webhookRoomRegisteredEarlier(
  a: Pick<TestAssociation, 'database' | 'clock' | 'config'>,
  input: { address: string; audience: string },
): Promise<string> {
  const configured = buildServices({ database: a.database, clock: a.clock, config: { ...a.config, WEBHOOK_SECRET: 'a-secret-set-at-the-time' } });
  return (await configured.rooms.create(system, { provider: 'webhook', ...input })).id;
}
