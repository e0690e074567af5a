import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * The one configuration schema: environment variables, optionally completed by a JSON file
 * named in EQUIPAGE_CONFIG. The TypeScript type is inferred from it, so a setting cannot exist
 * in the code without being validated here.
 */
export const ConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ default: 'sqlite:data/equipage.sqlite', pattern: '^(sqlite:.+|postgres(ql)?://.+)$' }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://.+' })),
  EQUIPAGE_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  SESSION_TTL_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
  /** argon2id memory cost in KiB; OWASP's minimum for argon2id is 19 MiB with t=2, p=1. */
  ARGON2_MEMORY_KIB: Type.Integer({ default: 19456, minimum: 1024 }),
  ARGON2_TIME_COST: Type.Integer({ default: 2, minimum: 1 }),
  LOGIN_MAX_FAILURES: Type.Integer({ default: 5, minimum: 1 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ default: 15, minimum: 1 }),
  /** Password-reset links: requests per address typed and per client within the window (429 beyond). */
  PASSWORD_RESET_LIMIT_PER_EMAIL: Type.Integer({ default: 3, minimum: 1, maximum: 1000 }),
  PASSWORD_RESET_LIMIT_PER_IP: Type.Integer({ default: 10, minimum: 1, maximum: 10000 }),
  PASSWORD_RESET_LIMIT_WINDOW_MINUTES: Type.Integer({ default: 60, minimum: 1, maximum: 24 * 60 }),
  /** Who must use a TOTP second factor: a comma-separated list of `bureau` and `admin`; empty: nobody. */
  TOTP_REQUIRED_FOR: Type.String({ default: '', pattern: '^\\s*((bureau|admin)\\s*(,\\s*(bureau|admin)\\s*)*)?$' }),
  /**
   * Which reverse proxies in front may set X-Forwarded-For / -Proto: `false` (none: the headers are
   * ignored), `true` (the one proxy the server is connected to), a number of proxies, or their
   * addresses and CIDRs, comma-separated. See trustProxyOption and docs/operations.md.
   */
  TRUST_PROXY: Type.String({ default: 'false', maxLength: 2000 }),
  /** The kinds of contribution people may record, comma-separated. */
  CONTRIBUTION_KINDS: Type.String({
    default: 'moderation,administration,development,communication,documentation,requests,donation,event,other',
    pattern: '^[a-z][a-z0-9_-]*(,[a-z][a-z0-9_-]*)*$',
  }),
  /** The activity policy: see docs/activity.md. */
  ACTIVITY_WINDOW_DAYS: Type.Integer({ default: 365, minimum: 1, maximum: 3660 }),
  ACTIVITY_MIN_CONTRIBUTIONS: Type.Integer({ default: 1, minimum: 1, maximum: 1000 }),
  ACTIVITY_COUNT_DECLARED: Type.Boolean({ default: false }),
  /** Kinds that count towards activity, comma-separated; empty: every kind. */
  ACTIVITY_KINDS: Type.String({ default: '', pattern: '^([a-z][a-z0-9_-]*(,[a-z][a-z0-9_-]*)*)?$' }),
  ACTIVITY_TEAM_ROLE_COUNTS: Type.Boolean({ default: true }),
  /** Shared secret of Forgejo/Gitea webhooks (HMAC-SHA256 of the body); unset: those hooks answer 401. */
  FORGEJO_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  /** Secret token of GitLab webhooks (X-Gitlab-Token); unset: that hook answers 401. */
  GITLAB_WEBHOOK_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** The association's time zone: session dates, the day a membership starts. */
  TIMEZONE: Type.String({ default: 'Europe/Paris', pattern: '^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$' }),
  /** A session's agenda closes this many hours before it starts; later applications go to the next one. */
  APPLICATION_AGENDA_CUTOFF_HOURS: Type.Integer({ default: 48, minimum: 0, maximum: 24 * 60 }),
  /** Days after a rejection before the same person may apply again; 0: no waiting. */
  APPLICATION_COOLDOWN_DAYS: Type.Integer({ default: 0, minimum: 0, maximum: 3660 }),
  /** `majority` (more than half of the bureau's current members) or a fixed number of members present. */
  BUREAU_QUORUM: Type.String({ default: 'majority', pattern: '^(majority|[1-9][0-9]{0,2})$' }),
  /** Membership lifecycle: warn this many days before a member's last active day. */
  LIFECYCLE_WARNING_DAYS: Type.Integer({ default: 30, minimum: 0, maximum: 365 }),
  /** Days of grace between the notice (inactive) and the end of membership. */
  LIFECYCLE_GRACE_DAYS: Type.Integer({ default: 60, minimum: 0, maximum: 3650 }),
  /** true: memberships end at the end of grace without a bureau session; false: the bureau confirms. */
  LIFECYCLE_AUTO_LAPSE: Type.Boolean({ default: false }),
  /** The sender of every mail; the association's name is shown by mail programs. */
  MAIL_FROM: Type.String({ default: 'equipage@localhost', minLength: 3, pattern: '^([^<>]*<[^\\s@<>]+@[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+)$' }),
  /** Matrix: the homeserver's client-server API base and the bot account's access token. */
  MATRIX_HOMESERVER_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  MATRIX_ACCESS_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  /** XMPP: the server (xmpp://host:port), the bot's JID and password; the bot owns the rooms. */
  XMPP_SERVICE: Type.Optional(Type.String({ pattern: '^xmpps?://[^\\s]+$' })),
  XMPP_DOMAIN: Type.Optional(Type.String({ minLength: 1 })),
  XMPP_JID: Type.Optional(Type.String({ pattern: '^[^\\s@/]+@[^\\s@/]+$' })),
  XMPP_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** Signs webhook events (HMAC-SHA256 of the body); unset: webhook rooms are not delivered. */
  WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  /**
   * The outbox keeps retrying a failing delivery for this many hours since its first attempt
   * (capped exponential backoff), so a receiver down for a night still gets its events; then the
   * event waits in the dead letters.
   */
  OUTBOX_GIVE_UP_AFTER_HOURS: Type.Integer({ default: 24, minimum: 1, maximum: 720 }),
  /**
   * Deprecated: the give-up is a duration now (OUTBOX_GIVE_UP_AFTER_HOURS). Still accepted, as an
   * additional bound on failed attempts; unset (the default), only the duration counts.
   */
  OUTBOX_MAX_ATTEMPTS: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** General assemblies: full days between the convocation and the assembly. */
  ASSEMBLY_NOTICE_DAYS: Type.Integer({ default: 15, minimum: 0, maximum: 365 }),
  /** How many proxies one member may hold. */
  ASSEMBLY_MAX_PROXIES: Type.Integer({ default: 2, minimum: 0, maximum: 100 }),
  /** Who votes: `members` (the bylaws' default) or `everyone` invited. */
  ASSEMBLY_VOTERS: Type.Union([Type.Literal('members'), Type.Literal('everyone')], { default: 'members' }),
  /** Quorum: `none`, a fraction of the voters (`1/4`), or a number of voters present or represented. */
  ASSEMBLY_QUORUM: Type.String({ default: '1/4', pattern: '^(none|[1-9][0-9]{0,3}|[1-9][0-9]?/[1-9][0-9]?)$' }),
  /** A reminder goes out this many days before the assembly (0: none). */
  ASSEMBLY_REMINDER_DAYS: Type.Integer({ default: 7, minimum: 0, maximum: 60 }),
  /** Whether a voter may change their vote while the vote is open (the bylaws' choice; yes by default). */
  ASSEMBLY_VOTE_CHANGE: Type.Boolean({ default: true }),
  /** Requests: the categories offered, `name` or `name:team`; `join` goes to the team chosen. See docs/requests.md. */
  REQUEST_CATEGORIES: Type.String({ default: 'question,account,moderation,join,other', minLength: 1, maxLength: 2000 }),
  /** Spam limits: accepted submissions per client address and per email within the window. */
  REQUEST_LIMIT_PER_IP: Type.Integer({ default: 20, minimum: 1, maximum: 10000 }),
  REQUEST_LIMIT_PER_EMAIL: Type.Integer({ default: 5, minimum: 1, maximum: 10000 }),
  REQUEST_LIMIT_WINDOW_MINUTES: Type.Integer({ default: 60, minimum: 1, maximum: 7 * 24 * 60 }),
  /** A resolved request the requester leaves alone is closed after this many days (0: never), so its link and data age out. */
  REQUEST_CLOSE_AFTER_DAYS: Type.Integer({ default: 14, minimum: 0, maximum: 365 }),
  /** Privacy: months that rejected or withdrawn applications' texts and the mail log are kept. */
  RETENTION_MONTHS: Type.Integer({ default: 12, minimum: 1, maximum: 120 }),
});

export type RawConfig = Static<typeof ConfigSchema>;
export type Config = RawConfig & { EQUIPAGE_SECRET: string; dataDir: string };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const keys = Object.keys(ConfigSchema.properties) as (keyof RawConfig)[];

function fromFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  if (!existsSync(path)) throw new ConfigError([`EQUIPAGE_CONFIG: file not found: ${path}`]);
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError([`EQUIPAGE_CONFIG: ${path} is not a JSON object (${(e as Error).message})`]);
  }
}

/**
 * A module's check of the settings it reads, beyond their schema (a quorum rule that must parse,
 * request categories naming known teams' slugs…): the problems found, each naming its setting.
 */
export type SettingCheck = (config: RawConfig) => string[];
const settingChecks: SettingCheck[] = [];

/**
 * Adds modules' checks (the composition root gives them, src/modules.ts): the platform validates
 * settings whose meaning belongs to modules it does not know. Giving a check again changes nothing.
 */
export function registerSettingChecks(checks: readonly SettingCheck[]): void {
  for (const check of checks) if (!settingChecks.includes(check)) settingChecks.push(check);
}

/** Validates and completes the configuration; throws ConfigError naming every bad setting. */
export function parseConfig(env: Record<string, string | undefined>): RawConfig {
  const file = fromFile(env.EQUIPAGE_CONFIG);
  const input: Record<string, unknown> = {};
  for (const key of keys) {
    const value = env[key] !== undefined && env[key] !== '' ? env[key] : file[key];
    if (value !== undefined) input[key] = value;
  }
  const given = { ...input };
  const converted = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, input)) as Record<string, unknown>;
  // Convert reads "1e3" as 1, 80.5 as 80 and true as 1: an integer setting must be written as one.
  for (const key of keys) {
    const raw = given[key];
    const whole = typeof raw === 'string' ? /^\s*-?\d+\s*$/.test(raw) : Number.isInteger(raw);
    if ((ConfigSchema.properties[key] as { type?: string }).type === 'integer' && raw !== undefined && !whole) converted[key] = raw;
  }
  const problems = [...Value.Errors(ConfigSchema, converted)].map((e) => {
    const key = e.path.replace(/^\//, '');
    // Errors end up in logs: never show the secret, nor the password of a URL.
    const shown = /SECRET|TOKEN|PASSWORD/.test(key) ? '(hidden)' : JSON.stringify(e.value).replace(/(\/\/[^:/@\s]*:)[^@/\s]*@/, '$1***@');
    if (key === 'TOTP_REQUIRED_FOR') return `TOTP_REQUIRED_FOR: bureau, admin, both (bureau,admin) or empty (got ${shown})`;
    return `${key || '(root)'}: ${e.message} (got ${shown})`;
  });
  if (problems.length === 0) for (const check of settingChecks) problems.push(...check(converted as RawConfig));
  if (problems.length === 0 && trustProxyOption(String(converted.TRUST_PROXY)) === null)
    problems.push(
      `TRUST_PROXY: false, true, a number of proxies, or the proxies' addresses or CIDRs, comma-separated (got ${JSON.stringify(converted.TRUST_PROXY)})`,
    );
  if (problems.length === 0 && !isTimeZone(String(converted.TIMEZONE)))
    problems.push(`TIMEZONE: not a time zone this system knows (got ${JSON.stringify(converted.TIMEZONE)})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return converted as RawConfig;
}

/** The address ranges proxy-addr (Fastify's trustProxy) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One trusted proxy: an IPv4 or IPv6 address, a CIDR (10.0.0.0/8, fd00::/8) or a named range. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Fastify's trustProxy takes it, or null when it is none of the accepted forms.
 * `true` trusts one hop (the proxy the server is connected to), never every hop: the client
 * address is then the rightmost X-Forwarded-For entry, the one that proxy added, not the leftmost
 * that any client can write (trusting every hop let a client rotate it past every per-address limit).
 */
export function trustProxyOption(setting: string): boolean | number | string[] | null {
  const value = setting.trim().toLowerCase();
  if (value === 'false' || value === '' || value === '0') return false;
  if (value === 'true') return 1;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  return entries.every(isProxyAddress) ? entries : null;
}

/**
 * The address the association's links start with, without a trailing slash: PUBLIC_URL, else the
 * address the server listens on. Never a request's Host header, which a visitor chooses: a mailed
 * link built from it could send a reset token to another site.
 */
export function publicBaseUrl(config: Pick<RawConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  // Listening on every interface: the machine itself is the address a link can name.
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** An IANA time zone name that this runtime's Intl knows (e.g. Europe/Paris). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The activity policy and the kinds of contribution, read from the configuration. The policy's
 * meaning (who is active) is the contributions module's; this is only its reading of the settings.
 */
export function activitySettings(config: RawConfig): {
  kinds: string[];
  policy: { windowDays: number; minContributions: number; countDeclared: boolean; kinds: string[]; teamRoleCounts: boolean };
} {
  const list = (value: string) => value.split(',').filter(Boolean);
  return {
    kinds: list(config.CONTRIBUTION_KINDS),
    policy: {
      windowDays: config.ACTIVITY_WINDOW_DAYS,
      minContributions: config.ACTIVITY_MIN_CONTRIBUTIONS,
      countDeclared: config.ACTIVITY_COUNT_DECLARED,
      kinds: list(config.ACTIVITY_KINDS),
      teamRoleCounts: config.ACTIVITY_TEAM_ROLE_COUNTS,
    },
  };
}

/** The folder that holds the SQLite file and the generated secret. */
export function dataDirFor(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path !== ':memory:') return dirname(resolve(path));
  }
  return resolve('data');
}

/** Loads the configuration; when EQUIPAGE_SECRET is unset, generates one and keeps it in the data folder. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = parseConfig(env);
  const dataDir = dataDirFor(raw.DATABASE_URL);
  let secret = raw.EQUIPAGE_SECRET;
  if (!secret) {
    const file = join(dataDir, 'secret');
    if (existsSync(file)) secret = readFileSync(file, 'utf8').trim();
    else {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      secret = randomBytes(32).toString('base64url');
      writeFileSync(file, secret, { mode: 0o600 });
    }
  }
  return { ...raw, EQUIPAGE_SECRET: secret, dataDir };
}
