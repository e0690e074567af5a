import type { Services } from './container.js';
import type { Database } from './platform/db.js';
import { anonymous, type Actor } from './platform/auth/actor.js';
import { AppError } from './platform/errors.js';
import { generatePassword } from './platform/auth/secrets.js';

const system: Actor = { ...anonymous, isAdmin: true };

const people = [
  { displayName: 'Camille Martin', email: 'camille@demo.equipage.invalid', team: 'communaute', role: 'lead', consent: true },
  { displayName: 'Élodie Dupont', email: 'elodie@demo.equipage.invalid', team: 'communaute', role: 'member', consent: true },
  { displayName: 'Yanis Benali', email: 'yanis@demo.equipage.invalid', team: 'communaute', role: 'member', consent: false },
  { displayName: 'Aïssatou N’Diaye', email: 'aissatou@demo.equipage.invalid', team: 'technique', role: 'lead', consent: true },
  { displayName: 'François Lefèvre', email: 'francois@demo.equipage.invalid', team: 'technique', role: 'member', consent: true },
  { displayName: 'Zeynep Çelik', email: 'zeynep@demo.equipage.invalid', team: 'technique', role: 'member', consent: true },
  { displayName: 'Noé García', email: 'noe@demo.equipage.invalid', team: null, role: null, consent: false },
] as const;

/**
 * A small association to explore: the two teams with leads and members, a bureau, and an
 * administrator `admin@demo.equipage.invalid` whose password is printed. Refuses a database that
 * already has people unless forced.
 */
export async function loadDemo(services: Services, database: Database, options: { force: boolean }): Promise<string> {
  const existing = await database.db.selectFrom('people').select('id').limit(1).execute();
  if (existing.length > 0 && !options.force) {
    throw new AppError('validation_failed', 'The database is not empty: use --force to add the demo anyway');
  }
  // Random like any generated password: one built from words could hold the association's name, which the policy refuses.
  const password = generatePassword();
  if (!(await services.accounts.isSetupDone())) {
    await services.accounts.setup({
      associationName: 'Association de démonstration',
      displayName: 'Admin Démo',
      email: 'admin@demo.equipage.invalid',
      password,
      locale: 'fr',
    });
  } else {
    await services.accounts.createAdministrator({ displayName: 'Admin Démo', email: 'admin@demo.equipage.invalid', password });
  }
  const ids = new Map<string, string>();
  for (const p of people) {
    const person = await services.people.create(system, { displayName: p.displayName, email: p.email, publicConsent: p.consent }).catch(async (e) => {
      if (e instanceof AppError && e.code === 'email_taken') return { id: await services.people.idForEmail(p.email, 'email') };
      throw e;
    });
    ids.set(p.email, person.id);
    if (p.team) await services.teams.addToRoster(system, p.team, person.id, p.role!).catch(() => undefined);
  }
  await services.bureau.appoint(system, { personId: ids.get('camille@demo.equipage.invalid')!, office: 'president' }).catch(() => undefined);
  await services.bureau.appoint(system, { personId: ids.get('aissatou@demo.equipage.invalid')!, office: 'secretary' }).catch(() => undefined);
  await services.bureau.appoint(system, { personId: ids.get('francois@demo.equipage.invalid')!, office: 'treasurer' }).catch(() => undefined);
  // Regular sessions on the first Tuesday of each month, and Zeynep's application on the next agenda.
  const camille: Actor = { ...anonymous, personId: ids.get('camille@demo.equipage.invalid')!, office: 'president' };
  if (!(await services.sessionPlanning.recurrence())) {
    await services.sessionPlanning.setRecurrence(camille, {
      rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0',
      videoUrl: 'https://visio.demo.equipage.invalid/bureau',
    });
  }
  const zeynep: Actor = { ...anonymous, personId: ids.get('zeynep@demo.equipage.invalid')!, teamIds: ['technique'] };
  await services.applications
    .apply(zeynep, { motivation: 'Je contribue à la Technique depuis un an et je souhaite participer aux assemblées générales.' })
    .catch(() => undefined);
  return `Demo loaded: ${people.length} people on Communauté and Technique, a bureau of three meeting on the first Tuesday of each month, one application.\nAdministrator: admin@demo.equipage.invalid\nPassword: ${password}`;
}
