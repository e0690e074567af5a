/**
 * The bench's writes measured after the HTTP run (they change the association the pages read):
 * importing people from CSV through the real code path, and convening a general assembly of the
 * whole audience (members and contributors of the day), with its convocation mails queued.
 */
import { sql } from 'kysely';
import type { Actor } from '../src/platform/auth/actor.js';
import type { Config } from '../src/platform/config.js';
import type { Database } from '../src/platform/db.js';
import type { Clock } from '../src/platform/time.js';
import { createPeopleService } from '../src/modules/people/service.js';
import { teamIdsBySlug } from '../src/modules/teams/service.js';
import { isAdministrator } from '../src/modules/accounts/service.js';
import { createInvitations } from '../src/modules/accounts/invitations.js';
import { canReadRegister, isCurrentMemberCondition } from '../src/modules/memberships/service.js';
import { createEventBus } from '../src/platform/events.js';
import { domainSubscriptions } from '../src/container.js';
import { createAssembliesService } from '../src/modules/assemblies/service.js';
import { addDays } from '../src/platform/time.js';

export interface WriteFigures {
  peopleImport: { rows: number; seconds: number; rowsPerSecond: number; codePath: string };
  convening: { invitees: number; seconds: number; mailsQueued: number } | { error: string };
}

/** People who join by import: new addresses, accented names, a third of them in a team. */
export function peopleCsv(count: number): string {
  const lines = ['email,displayName,teams'];
  for (let i = 0; i < count; i++) lines.push(`joined${i}@import.bench.example,Hélène Importée ${i},${i % 3 === 0 ? 'team-01' : ''}`);
  return `${lines.join('\n')}\n`;
}

export async function benchWrites(
  database: Database,
  context: { clock: Clock; config: Config; system: Actor; today: string; importRows: number; log: (message: string) => void },
): Promise<WriteFigures> {
  const { clock, config, system, log } = context;
  const ctx = { database, clock, config };
  const csv = peopleCsv(context.importRows);
  let t = performance.now();
  // With the application's subscriptions: the teams module puts the imported people on their teams.
  const people = createPeopleService(
    { ...ctx, events: createEventBus(domainSubscriptions(ctx)) },
    {
      teamIdsBySlug,
      isAdministrator,
      invitations: createInvitations(ctx),
      isCurrentMember: isCurrentMemberCondition,
      readsRegister: canReadRegister,
    },
  );
  const summary = await people.importCsv(system, csv);
  const importSeconds = (performance.now() - t) / 1000;
  if (summary.imported !== context.importRows) throw new Error(`people import wrote ${summary.imported} rows: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  log(`people import of ${context.importRows.toLocaleString('en')} CSV lines: ${importSeconds.toFixed(1)} s`);
  const peopleImport = {
    rows: context.importRows,
    seconds: Math.round(importSeconds * 100) / 100,
    rowsPerSecond: Math.round(context.importRows / importSeconds),
    codePath: 'people/service.ts importCsv',
  };

  let convening: WriteFigures['convening'];
  try {
    const assemblies = createAssembliesService(ctx);
    const assembly = await assemblies.create(system, {
      kind: 'ordinary',
      title: 'Assemblée générale du banc d’essai',
      scheduledAt: `${addDays(context.today, 60)}T16:00:00.000Z`,
    });
    // The convocation carries the agenda: an assembly is convened only once it has one.
    await assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    const outboxBefore = await countRows(database, 'outbox');
    t = performance.now();
    const { convened } = await assemblies.convene(system, assembly.id, {});
    const seconds = (performance.now() - t) / 1000;
    convening = { invitees: convened, seconds: Math.round(seconds * 100) / 100, mailsQueued: (await countRows(database, 'outbox')) - outboxBefore };
    log(`convening ${convened.toLocaleString('en')} invitees: ${seconds.toFixed(1)} s`);
  } catch (e) {
    convening = { error: e instanceof Error ? e.message : String(e) };
    log(`convening not measured: ${convening.error}`);
  }
  return { peopleImport, convening };
}

async function countRows(database: Database, table: 'outbox'): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
  return Number(rows[0].n);
}
