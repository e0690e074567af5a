import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, dataDirFor, parseConfig, trustProxyOption } from './config.js';

/** The problems a configuration has, or [] when it is accepted. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
}

describe('parseConfig', () => {
  it('completes an empty environment with the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      DATABASE_URL: 'sqlite:data/equipage.sqlite',
      HOST: '127.0.0.1',
      PORT: 3000,
      LOG_LEVEL: 'info',
      SESSION_TTL_DAYS: 30,
      ARGON2_MEMORY_KIB: 19456,
      ARGON2_TIME_COST: 2,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCK_MINUTES: 15,
      PASSWORD_RESET_LIMIT_PER_EMAIL: 3,
      PASSWORD_RESET_LIMIT_PER_IP: 10,
      PASSWORD_RESET_LIMIT_WINDOW_MINUTES: 60,
      TOTP_REQUIRED_FOR: '',
      TRUST_PROXY: 'false',
      CONTRIBUTION_KINDS: 'moderation,administration,development,communication,documentation,requests,donation,event,other',
      ACTIVITY_WINDOW_DAYS: 365,
      ACTIVITY_MIN_CONTRIBUTIONS: 1,
      ACTIVITY_COUNT_DECLARED: false,
      ACTIVITY_KINDS: '',
      ACTIVITY_TEAM_ROLE_COUNTS: true,
      TIMEZONE: 'Europe/Paris',
      APPLICATION_AGENDA_CUTOFF_HOURS: 48,
      APPLICATION_COOLDOWN_DAYS: 0,
      BUREAU_QUORUM: 'majority',
      LIFECYCLE_WARNING_DAYS: 30,
      LIFECYCLE_GRACE_DAYS: 60,
      LIFECYCLE_AUTO_LAPSE: false,
      MAIL_FROM: 'equipage@localhost',
      OUTBOX_GIVE_UP_AFTER_HOURS: 24,
      ASSEMBLY_NOTICE_DAYS: 15,
      ASSEMBLY_MAX_PROXIES: 2,
      ASSEMBLY_VOTERS: 'members',
      ASSEMBLY_QUORUM: '1/4',
      ASSEMBLY_REMINDER_DAYS: 7,
      ASSEMBLY_VOTE_CHANGE: true,
      REQUEST_CATEGORIES: 'question,account,moderation,join,other',
      REQUEST_LIMIT_PER_IP: 20,
      REQUEST_LIMIT_PER_EMAIL: 5,
      REQUEST_LIMIT_WINDOW_MINUTES: 60,
      REQUEST_CLOSE_AFTER_DAYS: 14,
      RETENTION_MONTHS: 12,
    });
  });

  it('refuses a time zone the system does not know, and a quorum that is neither majority nor a number', () => {
    expect(() => parseConfig({ TIMEZONE: 'Europe/Atlantis' })).toThrow(/TIMEZONE: not a time zone/);
    expect(() => parseConfig({ BUREAU_QUORUM: 'half' })).toThrow(/BUREAU_QUORUM/);
    expect(() => parseConfig({ APPLICATION_AGENDA_CUTOFF_HOURS: '-1' })).toThrow(/APPLICATION_AGENDA_CUTOFF_HOURS/);
    expect(parseConfig({ TIMEZONE: 'America/New_York', BUREAU_QUORUM: '3' })).toMatchObject({ TIMEZONE: 'America/New_York', BUREAU_QUORUM: '3' });
  });

  it.each([
    ['false', false],
    ['', false],
    ['true', 1],
    [' TRUE ', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.1, 192.168.0.0/16, fd00::/8, loopback', ['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback']],
    ['::1', ['::1']],
    ['10.0.0.1/33', null],
    ['proxy.example.org', null],
    ['10.0.0.1,', null],
    ['10.0.0.0/8/1', null],
  ])('TRUST_PROXY accepts what Fastify trusts, a proxy address included: %j', (setting, expected) => {
    expect(trustProxyOption(setting)).toEqual(expected);
    if (expected === null) expect(problemsOf({ TRUST_PROXY: setting })).toEqual([expect.stringMatching(/^TRUST_PROXY: false, true, a number of proxies/)]);
    else expect(parseConfig({ TRUST_PROXY: setting }).TRUST_PROXY).toBe(setting || 'false');
  });

  it('refuses request categories that route nowhere sensible', () => {
    expect(() => parseConfig({ REQUEST_CATEGORIES: 'question,question' })).toThrow(/REQUEST_CATEGORIES: question is listed twice/);
    expect(() => parseConfig({ REQUEST_CATEGORIES: 'join:technique' })).toThrow(/REQUEST_CATEGORIES: join goes to the team the requester chooses/);
    expect(() => parseConfig({ REQUEST_CATEGORIES: 'Question' })).toThrow(/REQUEST_CATEGORIES/);
    expect(parseConfig({ REQUEST_CATEGORIES: 'question:accueil,join' }).REQUEST_CATEGORIES).toBe('question:accueil,join');
  });

  it('reads the settings given, turning numbers written as text into numbers', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://equipage@127.0.0.1:5432/equipage',
      HOST: '0.0.0.0',
      PORT: ' 8080 ',
      PUBLIC_URL: 'https://equipage.example.org',
      SMTP_URL: 'smtps://mail.example.org:465',
      LOG_LEVEL: 'debug',
      LOGIN_MAX_FAILURES: '10',
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://equipage@127.0.0.1:5432/equipage',
      HOST: '0.0.0.0',
      PORT: 8080,
      PUBLIC_URL: 'https://equipage.example.org',
      SMTP_URL: 'smtps://mail.example.org:465',
      LOG_LEVEL: 'debug',
      LOGIN_MAX_FAILURES: 10,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, DATABASE_URL: 'sqlite:data/equipage.sqlite' });
  });

  it('ignores variables that are not settings', () => {
    expect(parseConfig({ HOME: '/root', PATH: '/usr/bin' })).not.toHaveProperty('HOME');
  });

  it.each(['sqlite::memory:', 'sqlite:data/x.sqlite', 'sqlite:/var/lib/equipage/db.sqlite', 'postgres://u@h/db', 'postgresql://u:p@h:5432/db'])(
    'accepts DATABASE_URL %s',
    (url) => {
      expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '1e3'],
    ['PORT', 'true'],
    ['PORT', '8080abc'],
    ['DATABASE_URL', 'mysql://u@h/db'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'data/equipage.sqlite'],
    ['PUBLIC_URL', 'equipage.example.org'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_TTL_DAYS', '0'],
    ['ARGON2_MEMORY_KIB', '512'],
    ['LOGIN_MAX_FAILURES', '0'],
  ])('refuses %s=%s with a ConfigError naming the setting', (key, value) => {
    expect(() => parseConfig({ [key]: value })).toThrow(ConfigError);
    const problems = problemsOf({ [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${key}: `));
    expect(problems[0]).toContain(value);
  });

  it('names every bad setting at once, in its message too', () => {
    const problems = problemsOf({ PORT: 'x', DATABASE_URL: 'mysql://h/db', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(() => parseConfig({ PORT: 'x' })).toThrow(/Invalid configuration:\n {2}- PORT: /);
  });

  it('never shows the secret, nor the password in a URL, in its message', () => {
    const [secret] = problemsOf({ EQUIPAGE_SECRET: 'hunter2-too-short' });
    expect(secret).toMatch(/^EQUIPAGE_SECRET: /);
    expect(secret).not.toContain('hunter2');
    const [url] = problemsOf({ DATABASE_URL: 'postgress://equipage:hunter2@db.example.org/equipage' });
    expect(url).toMatch(/^DATABASE_URL: /);
    expect(url).not.toContain('hunter2');
    expect(url).toContain('db.example.org');
  });

  it('property: PORT is accepted exactly when it is a whole number from 0 to 65535', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }).map(String), fc.string({ maxLength: 8 })), (port) => {
        const n = Number(port);
        const valid = /^\s*-?\d+\s*$/.test(port) && n >= 0 && n <= 65535;
        if (port.trim() === '') return; // unset: the default
        if (valid) expect(parseConfig({ PORT: port }).PORT).toBe(n);
        else expect(problemsOf({ PORT: port })[0]).toMatch(/^PORT: /);
      }),
    );
  });

  describe('EQUIPAGE_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equipage-config-'));
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('completes the environment with the settings of a JSON file', () => {
      const path = file('ok.json', JSON.stringify({ PORT: 8081, DATABASE_URL: 'postgres://u@h/db', LOG_LEVEL: 'warn', UNRELATED: 1 }));
      expect(parseConfig({ EQUIPAGE_CONFIG: path })).toMatchObject({ PORT: 8081, DATABASE_URL: 'postgres://u@h/db', LOG_LEVEL: 'warn', HOST: '127.0.0.1' });
    });

    it('lets the environment win over the file', () => {
      const path = file('both.json', JSON.stringify({ PORT: 8081, HOST: '0.0.0.0' }));
      expect(parseConfig({ EQUIPAGE_CONFIG: path, PORT: '9000' })).toMatchObject({ PORT: 9000, HOST: '0.0.0.0' });
    });

    it('checks the settings of the file like those of the environment', () => {
      const path = file('bad.json', JSON.stringify({ PORT: 'eighty', DATABASE_URL: 'mysql://h/db', LOGIN_MAX_FAILURES: 2.5, SESSION_TTL_DAYS: true }));
      expect(
        problemsOf({ EQUIPAGE_CONFIG: path })
          .map((p) => p.split(':')[0])
          .sort(),
      ).toEqual(['DATABASE_URL', 'LOGIN_MAX_FAILURES', 'PORT', 'SESSION_TTL_DAYS']);
    });

    it.each([
      ['a missing file', () => join(dir, 'nope.json'), /EQUIPAGE_CONFIG: file not found/],
      ['a file that is not JSON', () => file('not.json', 'PORT=3000'), /EQUIPAGE_CONFIG: .* is not a JSON object/],
      ['a JSON array', () => file('array.json', '[1,2]'), /EQUIPAGE_CONFIG: .* is not a JSON object/],
      ['JSON null', () => file('null.json', 'null'), /EQUIPAGE_CONFIG: .* is not a JSON object/],
    ])('refuses %s, naming EQUIPAGE_CONFIG', (_label, path, message) => {
      const problems = problemsOf({ EQUIPAGE_CONFIG: path() });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });
  });
});

describe('dataDirFor', () => {
  it('keeps data beside the SQLite file, or in ./data otherwise', () => {
    expect(dataDirFor('sqlite:/var/lib/equipage/equipage.sqlite')).toBe('/var/lib/equipage');
    expect(dataDirFor('sqlite::memory:')).toBe(join(process.cwd(), 'data'));
    expect(dataDirFor('postgres://u@h/db')).toBe(join(process.cwd(), 'data'));
  });
});
