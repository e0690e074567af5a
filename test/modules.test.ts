import { describe, expect, it } from 'vitest';
import { wiredModules } from '../src/container.js';
import { collectExtensions } from '../src/platform/module.js';

// The composition root wires everything from the modules' definitions: these hold what an operator
// and a reader of the pages would miss if a definition lost a part.
describe('the modules as the composition root wires them', () => {
  it('the server schedules the recurring work every module declares, and only that', () => {
    const jobs = wiredModules().flatMap((m) => (m.jobs ?? []).map((job) => `${m.name}: ${job.name} every ${job.everyMinutes} min`));
    expect(jobs).toEqual([
      'sessions: bureau.sessions-ahead every 60 min',
      'memberships: memberships.lifecycle every 60 min',
      'rooms: rooms.reconcile every 60 min',
      'assemblies: assemblies.convocations every 60 min',
      'requests: requests.close-resolved every 60 min',
      'requests: requests.daily-digest every 60 min',
      'privacy: privacy.purge every 1440 min',
    ]);
  });

  it('what modules draw on a page comes in the modules’ order, one list per extension point', () => {
    const wired = wiredModules().filter((m) => m.contributes);
    expect(wired.map((m) => m.name)).toEqual(['teams', 'accounts', 'contributions', 'forges', 'memberships', 'privacy']);
    const first = async () => null;
    const second = async () => null;
    const extensions = collectExtensions([{ 'people.profile': first }, {}, { 'people.profile': [second], 'people.person': first }]);
    expect(extensions['people.profile']).toEqual([first, second]);
    expect(extensions['people.person']).toEqual([first]);
    expect(extensions['teams.rosterColumn']).toBeUndefined();
  });
});
