import { createScheduler } from './platform/scheduler.js';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db.js';
import { migrate } from './platform/migrations.js';
import { AppError } from './platform/errors.js';
import { buildApp } from './app.js';
import { buildDispatcher, buildServices, wiredModules, type Services } from './container.js';
import { isCalendarDate, systemClock } from './platform/time.js';
import { anonymous, type Actor } from './platform/auth/actor.js';
import { loadDemo } from './demo.js';
import { PASSWORD_RULE } from './modules/accounts/rules.js';
import type { ImportInput } from './modules/contributions/import.js';
import { backupDatabase, BackupRefusal, restoreDatabase } from './platform/backup.js';

/** A mistake in how the command was called: printed without a stack, exit code 2. */
class UsageError extends Error {}

const USAGE = `Usage: equipage <command>

  serve                                   migrate, then serve on HOST:PORT (default 127.0.0.1:3000)
  migrate                                 apply pending migrations
  admin create --email E --name N [--password-stdin] [--association NAME]
                                          create an administrator (prints a generated password when none is given);
                                          the first one also sets the association up, as the setup page does;
                                          a password: at least 12 characters (a passphrase is fine), not a common
                                          one, not the email, not the association's name, no repetitive pattern
  admin set-email --email OLD --new-email NEW
                                          change a login address at once (the recovery path: an administrator's
                                          address is changed by nobody else); the person's sessions end
  token create --email E [--label L]      print a new API token on the last line
  demo [--force]                          load a demo association (refuses a non-empty database unless --force)
  import people FILE [--dry-run]          import people from CSV (ours, Paheko or Galette)
  import contributions FILE [--dry-run] [--skip-invalid]
                                          import confirmed contributions from CSV (email,kind,occurredOn,summary,…);
                                          any invalid line writes nothing unless --skip-invalid (exit 1 when lines were refused)
  audit verify [--head HASH]              check the audit log's hash chain (exit 1 names the first bad entry);
                                          --head: a head printed earlier must still be in the chain
  backup FILE                             write a consistent backup of the database to FILE, online (gzip'd JSON lines)
  restore FILE                            restore a backup into an empty database, in one transaction, then verify the
                                          audit chain; refuses a database with rows or a file that is not a whole backup
  lifecycle run [--date YYYY-MM-DD]       run the daily membership checks now (as of that date); idempotent
  privacy purge [--date YYYY-MM-DD]       delete what is past its retention period (RETENTION_MONTHS) now; idempotent

Environment: DATABASE_URL (sqlite:PATH or postgres://…), HOST, PORT, PUBLIC_URL, SMTP_URL, EQUIPAGE_SECRET.
`;

/** The CLI acts as the system: its audit entries have no actor, like a migration's. */
const system: Actor = { ...anonymous, isAdmin: true };

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config.DATABASE_URL);
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function readStdin(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

/** The file opened and checked readable now, so that a wrong path is a usage error (exit 2) before the import starts. */
async function readableFile(path: string): Promise<AsyncIterable<Buffer>> {
  let handle;
  try {
    handle = await open(path, 'r');
    // A folder opens but cannot be read: reading its first byte tells.
    await handle.read(Buffer.alloc(1), 0, 1, 0);
  } catch (e) {
    await handle?.close();
    throw new UsageError(`Cannot read ${path}: ${(e as Error).message}`);
  }
  return handle.createReadStream({ highWaterMark: 1 << 16 });
}

/** `import contributions`: the errors on stderr (the first 50), the counts on stdout; exit 1 when lines were refused. */
async function importContributions(services: Services, file: ImportInput, options: { dryRun: boolean; skipInvalid: boolean }): Promise<number> {
  const started = Date.now();
  const summary = await services.contributionsImport.importCsv(system, file, options);
  for (const e of summary.errors.slice(0, 50)) console.error(`line ${e.line}: ${e.path.replace(/^\//, '')}: ${e.message}`);
  if (summary.errors.length > 50 || summary.invalidLines > summary.errors.length) console.error(`… ${summary.invalidLines} invalid line(s) in all`);
  if (summary.ignoredColumns.length) console.error(`columns not used: ${summary.ignoredColumns.join(', ')}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const refused = summary.invalidLines > 0 && !options.skipInvalid;
  const verb = refused ? 'Nothing imported:' : summary.dryRun ? 'Dry run: would import' : 'Imported';
  const counts = refused
    ? `${summary.invalidLines} invalid line(s) (fix them, or use --skip-invalid to import the others), skipped ${summary.skipped}`
    : `${summary.imported}, skipped ${summary.skipped}, ${summary.invalidLines} invalid line(s)`;
  console.log(`${verb} ${counts} in ${seconds} s`);
  return summary.invalidLines > 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const services = (database: Database) => buildServices({ database, clock: systemClock, config });

  switch (command) {
    case 'serve': {
      const database = openDatabase(config.DATABASE_URL);
      await migrate(database);
      const { app, services: running } = await buildApp({ database, config, logger: true });
      const scheduler = createScheduler({
        database,
        onError: (task, error) => app.log.error({ err: error, task }, 'scheduled task failed'),
        // Each module's recurring work, as its definition declares it (src/modules.ts lists them).
        tasks: wiredModules().flatMap((m) =>
          (m.jobs ?? []).map((job) => ({ name: job.name, everyMinutes: job.everyMinutes, run: () => job.run(running, app.log) })),
        ),
      });
      // Every instance delivers; on PostgreSQL they share the outbox without taking the same event.
      const dispatcher = buildDispatcher({ database, clock: systemClock, config }, running, {
        onError: (topic, error) => app.log.warn({ err: error, topic }, 'outbox delivery failed; will retry'),
      });
      const close = async () => {
        await dispatcher.stop();
        await scheduler.stop();
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ host: config.HOST, port: config.PORT });
      scheduler.start();
      dispatcher.start();
      return -1;
    }
    case 'migrate': {
      const database = openDatabase(config.DATABASE_URL);
      try {
        const applied = await migrate(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to migrate.');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'admin': {
      if (sub === 'set-email') {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, 'new-email': { type: 'string' } }, strict: true });
        if (!values.email || !values['new-email']) throw new UsageError('Usage: equipage admin set-email --email OLD --new-email NEW');
        return withDatabase(config, async (database) => {
          const result = await services(database).accounts.setLoginEmailByOperator(values.email!, values['new-email']!);
          console.log(`Login address of person ${result.personId} is now ${values['new-email']!.trim()}; ${result.sessionsEnded} session(s) ended.`);
          return 0;
        });
      }
      if (sub !== 'create')
        throw new UsageError('Usage: equipage admin create --email E --name N [--password-stdin]\n       equipage admin set-email --email OLD --new-email NEW');
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' }, association: { type: 'string' } },
        strict: true,
      });
      if (!values.email || !values.name) throw new UsageError('admin create needs --email and --name');
      const password = values['password-stdin'] ? readStdin() : undefined;
      return withDatabase(config, async (database) => {
        const result = await services(database).accounts.createAdministrator({
          displayName: values.name!,
          email: values.email!,
          password,
          associationName: values.association,
        });
        console.log(`Administrator ${values.email} ready (person ${result.personId}).`);
        if (result.generatedPassword) console.log(`Generated password: ${result.generatedPassword}`);
        return 0;
      });
    }
    case 'token': {
      if (sub !== 'create') throw new UsageError('Usage: equipage token create --email E [--label L]');
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, label: { type: 'string' } }, strict: true });
      if (!values.email) throw new UsageError('token create needs --email');
      return withDatabase(config, async (database) => {
        const { token } = await services(database).accounts.createTokenForEmail(values.email!, values.label ?? 'cli');
        console.log(token);
        return 0;
      });
    }
    case 'demo': {
      const { values } = parseArgs({ args: [sub, ...rest].filter(Boolean) as string[], options: { force: { type: 'boolean' } }, strict: true });
      return withDatabase(config, async (database) => {
        const summary = await loadDemo(services(database), database, { force: values.force === true });
        console.log(summary);
        return 0;
      });
    }
    case 'import': {
      if (sub !== 'people' && sub !== 'contributions')
        throw new UsageError('Usage: equipage import people FILE [--dry-run]\n       equipage import contributions FILE [--dry-run] [--skip-invalid]');
      const { values, positionals } = parseArgs({
        args: rest,
        options: { 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`import ${sub} needs exactly one FILE`);
      // People lines are independent: a bad one is reported and the others are imported anyway.
      if (sub === 'people' && values['skip-invalid']) throw new UsageError('--skip-invalid is for import contributions');
      if (sub === 'contributions') {
        const options = { dryRun: values['dry-run'] === true, skipInvalid: values['skip-invalid'] === true };
        // Read as it is imported, a window at a time: a file of millions of lines never sits whole in memory.
        const file = await readableFile(positionals[0]);
        return withDatabase(config, (database) => importContributions(services(database), file, options));
      }
      // People too are read as they are imported: the file never sits whole in memory.
      const file = await readableFile(positionals[0]);
      return withDatabase(config, async (database) => {
        const started = Date.now();
        const summary = await services(database).people.importCsv(system, file, { dryRun: values['dry-run'] === true });
        const problems = [
          ...summary.errors.map((e) => ({ line: e.line, text: `line ${e.line}: ${e.path.replace(/^\//, '')}: ${e.message}` })),
          ...summary.duplicates.map((d) => ({ line: d.line, text: `line ${d.line}: same email as line ${d.firstLine} (${d.email}), skipped` })),
        ].sort((x, y) => x.line - y.line);
        // A bad export can have thousands of bad lines: show the first ones, count the rest.
        for (const p of problems.slice(0, 50)) console.error(p.text);
        // The summary keeps the first thousand of each; the counts are whole.
        const more = summary.invalidLines + summary.duplicateLines - new Set(problems.slice(0, 50).map((p) => p.line)).size;
        if (more > 0) console.error(`… and ${more} more line(s)`);
        if (summary.ignoredColumns.length) console.error(`columns not used: ${summary.ignoredColumns.join(', ')}`);
        console.log(
          `${summary.dryRun ? 'Dry run: would import' : 'Imported'} ${summary.imported}, skipped ${summary.skipped}, ${summary.errors.length} error(s) in ${((Date.now() - started) / 1000).toFixed(2)} s`,
        );
        return summary.invalidLines > 0 ? 1 : 0;
      });
    }
    case 'audit': {
      if (sub !== 'verify') throw new UsageError('Usage: equipage audit verify [--head HASH]');
      const { values } = parseArgs({ args: rest, strict: true, options: { head: { type: 'string' } } });
      if (values.head !== undefined && !/^[0-9a-f]{64}$/.test(values.head))
        throw new UsageError('--head takes the 64 hexadecimal digits printed by an earlier verify');
      return withDatabase(config, async (database) => {
        const verdict = await services(database).audit.verify(values.head);
        if (verdict.ok) {
          console.log(`Audit chain intact: ${verdict.entries} entries. Head: ${verdict.head} (note it to detect a cut later: --head).`);
          return 0;
        }
        console.error(`Audit chain broken at entry ${verdict.firstBadSeq}: ${verdict.reason}.`);
        return 1;
      });
    }
    case 'backup':
    case 'restore': {
      const { positionals } = parseArgs({ args: [sub, ...rest].filter((a) => a !== undefined), allowPositionals: true, strict: true, options: {} });
      if (positionals.length !== 1) throw new UsageError(`Usage: equipage ${command} FILE`);
      const database = openDatabase(config.DATABASE_URL);
      const started = Date.now();
      const seconds = () => ((Date.now() - started) / 1000).toFixed(2);
      try {
        if (command === 'backup') {
          const s = await backupDatabase(database, positionals[0]);
          console.log(`Backed up ${s.rows} rows of ${s.tables} tables to ${s.file} (${(s.bytes / 1024).toFixed(0)} KiB) in ${seconds()} s.`);
          return 0;
        }
        const r = await restoreDatabase(database, positionals[0], migrate);
        console.log(
          `Restored ${r.rows} rows of ${r.tables.length} tables from ${r.file} (a ${r.header.source} backup of ${r.header.createdAt}) in ${seconds()} s.`,
        );
        const verdict = await services(database).audit.verify();
        if (verdict.ok) {
          console.log(`Audit chain intact: ${verdict.entries} entries.`);
          return 0;
        }
        console.error(`Audit chain broken at entry ${verdict.firstBadSeq}: ${verdict.reason} (as it was in the backup).`);
        return 1;
      } catch (e) {
        if (e instanceof BackupRefusal) throw new UsageError(e.message);
        throw e;
      } finally {
        await database.close();
      }
    }
    case 'lifecycle': {
      if (sub !== 'run') throw new UsageError('Usage: equipage lifecycle run [--date YYYY-MM-DD]');
      const { values } = parseArgs({ args: rest, options: { date: { type: 'string' } }, strict: true });
      if (values.date !== undefined && !isCalendarDate(values.date)) throw new UsageError(`--date must be a date written YYYY-MM-DD (got ${values.date})`);
      return withDatabase(config, async (database) => {
        const r = await services(database).lifecycle.run(values.date);
        console.log(
          `Membership checks as of ${r.date}: ${r.members} member(s); warned ${r.warned}, on notice ${r.lapsing}, resumed ${r.resumed}, to the bureau ${r.reviews}, ended ${r.lapsed}.`,
        );
        return 0;
      });
    }
    case 'privacy': {
      if (sub !== 'purge') throw new UsageError('Usage: equipage privacy purge [--date YYYY-MM-DD]');
      const { values } = parseArgs({ args: rest, options: { date: { type: 'string' } }, strict: true });
      if (values.date !== undefined && !isCalendarDate(values.date)) throw new UsageError(`--date must be a date written YYYY-MM-DD (got ${values.date})`);
      return withDatabase(config, async (database) => {
        const r = await services(database).privacy.purge(values.date);
        console.log(
          `Retention purge as of ${r.date} (${r.months} months): ${r.applicationsPurged} application text(s) deleted, ${r.applicationsDeleted} application(s) deleted, ${r.requestsPurged} request(s) emptied, ${r.requestsDeleted} request(s) deleted, ${r.mailsDeleted} mail(s), ${r.outboxEventsDeleted} delivered event(s), ${r.sessionsDeleted} ended session(s), ${r.passwordResetsDeleted} expired reset link(s), ${r.handlesRedacted} chat handle(s) of erased people.`,
        );
        return 0;
      });
    }
    default:
      throw new UsageError(`Unknown command: ${command}\n\n${USAGE}`);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    const code = await run(argv);
    if (code >= 0) process.exitCode = code;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      console.error(e.message);
      process.exitCode = 2;
    } else if (e instanceof AppError) {
      const fields = e.errors.map((f) => `  ${f.path.replace(/^\//, '')}: ${f.message}`).join('\n');
      console.error(`${e.code}: ${e.message}${fields ? `\n${fields}` : ''}`);
      if (e.code === 'weak_password') console.error(`The rule: ${PASSWORD_RULE}.`);
      process.exitCode = 2;
    } else if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(e.message);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'))) {
  await main();
}
