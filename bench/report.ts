/**
 * The bench's report: the performance targets (docs/performance.md), the summary table, and each target checked against a
 * run's figures, per database. Apart from bench/run.ts, which runs the phases.
 */
import { columns, type HttpBenchResult } from './http.js';
import type { GovernanceFigures } from './governance.js';
import type { WriteFigures } from './writes.js';

/** The performance targets (docs/performance.md). Ratios are to the bare Fastify route measured in the same run. */
export const aims = {
  sqliteImportRowsPerSecond: 200_000,
  postgresImportRowsPerSecond: 300_000,
  assessmentMs: 300,
  apiPeopleRatio: 0.3,
  apiPeopleP99Ms: 20,
  pageRequestsPerSecond: { sqlite: 1000, postgres: 600 },
  pageP99Ms: 50,
  serverRssMb: 256,
  coldStartMs: 1000,
  conveningSeconds: 5,
};

export interface DialectResult {
  import: { rows: number; seconds: number; rowsPerSecond: number; codePath: string };
  bulkLoad: { rows: number; seconds: number; rowsPerSecond: number };
  assessment: { people: number; contributions: number; active: number; firstMs: number; medianMs: number; runsMs: number[] };
  governance: GovernanceFigures & { seconds: number };
  /** A failure here keeps the figures above. */
  http: HttpBenchResult | { error: string };
  writes: WriteFigures | { error: string };
}

/** What the report needs of the run's sizes. */
export interface Sizes {
  people: number;
  importRows: number;
  contributions: number;
  peopleImportRows: number;
}

const fmt = (n: number) => n.toLocaleString('en');

function conveningCell(r: DialectResult): string {
  if ('error' in r.writes) return 'failed';
  const c = r.writes.convening;
  return 'error' in c ? 'failed' : `${c.seconds} s, ${fmt(c.invitees)} invitees, ${fmt(c.mailsQueued)} outbox events`;
}

export function table(results: Record<string, DialectResult | { error: string }>, sizes: Sizes): string {
  const cell = (dialect: string, pick: (r: DialectResult) => string) => {
    const r = results[dialect];
    if (!r) return 'not run';
    return 'error' in r ? 'failed' : pick(r);
  };
  const lines: string[][] = [
    ['measure', 'sqlite', 'postgres', 'aim'],
    [
      `contributions import, ${fmt(sizes.importRows)} CSV lines`,
      cell('sqlite', (r) => `${fmt(r.import.rowsPerSecond)} rows/s`),
      cell('postgres', (r) => `${fmt(r.import.rowsPerSecond)} rows/s`),
      `≥ ${fmt(aims.sqliteImportRowsPerSecond)} (SQLite), ≥ ${fmt(aims.postgresImportRowsPerSecond)} (PostgreSQL)`,
    ],
    [
      `repository.insertMany, ${fmt(sizes.contributions - sizes.importRows)} rows`,
      cell('sqlite', (r) => `${fmt(r.bulkLoad.rowsPerSecond)} rows/s`),
      cell('postgres', (r) => `${fmt(r.bulkLoad.rowsPerSecond)} rows/s`),
      '',
    ],
    [
      `assess everyone: ${fmt(sizes.people)} people, ${fmt(sizes.contributions)} contributions (median of 3)`,
      cell('sqlite', (r) => `${fmt(r.assessment.medianMs)} ms`),
      cell('postgres', (r) => `${fmt(r.assessment.medianMs)} ms`),
      `≤ ${fmt(aims.assessmentMs)} ms`,
    ],
    ['  of whom active', cell('sqlite', (r) => fmt(r.assessment.active)), cell('postgres', (r) => fmt(r.assessment.active)), ''],
    [
      `people import, ${fmt(sizes.peopleImportRows)} CSV lines`,
      cell('sqlite', (r) => ('error' in r.writes ? 'failed' : `${fmt(r.writes.peopleImport.rowsPerSecond)} rows/s`)),
      cell('postgres', (r) => ('error' in r.writes ? 'failed' : `${fmt(r.writes.peopleImport.rowsPerSecond)} rows/s`)),
      `≥ ${fmt(aims.sqliteImportRowsPerSecond)} (SQLite), ≥ ${fmt(aims.postgresImportRowsPerSecond)} (PostgreSQL)`,
    ],
    ['convening an assembly of its whole audience', cell('sqlite', conveningCell), cell('postgres', conveningCell), `≤ ${aims.conveningSeconds} s`],
  ];
  return columns(lines);
}

type DialectName = 'sqlite' | 'postgres';
interface TargetCheck {
  target: string;
  aim: string;
  /** Per database: the figure, as shown, and whether it meets the aim (null: not measured). */
  measured: Partial<Record<DialectName, { value: number | null; shown: string; met: boolean | null }>>;
}

/** The performance targets against this run's figures, for each database that ran. */
export function targetChecks(results: Record<string, DialectResult | { error: string }>, sizes: Sizes): TargetCheck[] {
  const endpoint = (r: DialectResult, key: string) => {
    if ('error' in r.http) return undefined;
    const found = r.http.endpoints.find((e) => e.key === key);
    return found && !('error' in found) ? found : undefined;
  };
  const http = (r: DialectResult) => ('error' in r.http ? undefined : r.http);
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
  const check = (
    target: string,
    aim: string,
    measure: (r: DialectResult) => { value: number; shown: string } | undefined,
    meets: (value: number, dialect: DialectName) => boolean,
    only?: DialectName,
  ): TargetCheck => {
    const measured: TargetCheck['measured'] = {};
    for (const dialect of ['sqlite', 'postgres'] as const) {
      if (only && dialect !== only) continue;
      const r = results[dialect];
      if (!r) continue;
      const m = 'error' in r ? undefined : measure(r);
      measured[dialect] = m ? { ...m, met: meets(m.value, dialect) } : { value: null, shown: 'error' in r ? 'failed' : 'not measured', met: null };
    }
    return { target, aim, measured };
  };
  const ratioOf = (key: string) => (r: DialectResult) => {
    const e = endpoint(r, key);
    return e && { value: e.ratioToBaseline, shown: percent(e.ratioToBaseline) };
  };
  const p99Of = (key: string) => (r: DialectResult) => {
    const e = endpoint(r, key);
    return e && { value: e.latencyMs.p99, shown: `${e.latencyMs.p99} ms` };
  };
  const pages = ['directory', 'personPage', 'register', 'apiMembers', 'team', 'session', 'assembly'] as const;
  const pageAim = `≥ ${fmt(aims.pageRequestsPerSecond.sqlite)} req/s (SQLite), ≥ ${fmt(aims.pageRequestsPerSecond.postgres)} (PostgreSQL)`;
  const rateOf = (key: string) => (r: DialectResult) => {
    const e = endpoint(r, key);
    return e && { value: e.requestsPerSecond, shown: `${fmt(e.requestsPerSecond)} req/s` };
  };
  const writes = (r: DialectResult) => ('error' in r.writes ? undefined : r.writes);
  return [
    check('GET /api/v1/people?limit=50, req/s vs the bare route', `≥ ${percent(aims.apiPeopleRatio)}`, ratioOf('apiPeople'), (v) => v >= aims.apiPeopleRatio),
    check('GET /api/v1/people?limit=50 p99', `≤ ${aims.apiPeopleP99Ms} ms`, p99Of('apiPeople'), (v) => v <= aims.apiPeopleP99Ms),
    check('GET /api/v1/people?q=…, req/s vs the bare route', `≥ ${percent(aims.apiPeopleRatio)}`, ratioOf('apiSearch'), (v) => v >= aims.apiPeopleRatio),
    check('GET /api/v1/people?q=… p99', `≤ ${aims.apiPeopleP99Ms} ms`, p99Of('apiSearch'), (v) => v <= aims.apiPeopleP99Ms),
    ...pages.flatMap((key) => [
      check(`${key}: req/s`, pageAim, rateOf(key), (v, dialect) => v >= aims.pageRequestsPerSecond[dialect]),
      check(`${key}: p99`, `≤ ${aims.pageP99Ms} ms`, p99Of(key), (v) => v <= aims.pageP99Ms),
    ]),
    check(
      'server RSS, at most during the HTTP run',
      `≤ ${aims.serverRssMb} MB`,
      (r) => {
        const mb = http(r)?.rss.maxMb;
        return mb == null ? undefined : { value: mb, shown: `${mb} MB` };
      },
      (v) => v <= aims.serverRssMb,
    ),
    check(
      'cold start, spawn to the first response',
      `≤ ${fmt(aims.coldStartMs)} ms`,
      (r) => {
        const ms = http(r)?.server.coldStartMs;
        return ms === undefined ? undefined : { value: ms, shown: `${fmt(ms)} ms` };
      },
      (v) => v <= aims.coldStartMs,
    ),
    check(
      'contributions import (CSV)',
      `≥ ${fmt(aims.sqliteImportRowsPerSecond)} rows/s (SQLite), ≥ ${fmt(aims.postgresImportRowsPerSecond)} (PostgreSQL)`,
      (r) => ({ value: r.import.rowsPerSecond, shown: `${fmt(r.import.rowsPerSecond)} rows/s` }),
      (v, dialect) => v >= (dialect === 'sqlite' ? aims.sqliteImportRowsPerSecond : aims.postgresImportRowsPerSecond),
    ),
    check(
      'people import (CSV)',
      `≥ ${fmt(aims.sqliteImportRowsPerSecond)} rows/s (SQLite), ≥ ${fmt(aims.postgresImportRowsPerSecond)} (PostgreSQL)`,
      (r) => {
        const w = writes(r);
        return w && { value: w.peopleImport.rowsPerSecond, shown: `${fmt(w.peopleImport.rowsPerSecond)} rows/s` };
      },
      (v, dialect) => v >= (dialect === 'sqlite' ? aims.sqliteImportRowsPerSecond : aims.postgresImportRowsPerSecond),
    ),
    check(
      `assess everyone (${fmt(sizes.people)} people)`,
      `≤ ${fmt(aims.assessmentMs)} ms`,
      (r) => ({ value: r.assessment.medianMs, shown: `${fmt(r.assessment.medianMs)} ms` }),
      (v) => v <= aims.assessmentMs,
    ),
    check(
      'convening an assembly of its whole audience',
      `≤ ${aims.conveningSeconds} s`,
      (r) => {
        const c = writes(r)?.convening;
        return c && !('error' in c) ? { value: c.seconds, shown: `${c.seconds} s for ${fmt(c.invitees)} invitees` } : undefined;
      },
      (v) => v <= aims.conveningSeconds,
    ),
  ];
}

export function targetsTable(checks: TargetCheck[]): string {
  const cell = (m: TargetCheck['measured'][DialectName]) => (m ? `${m.shown}${m.met === null ? '' : m.met ? ' met' : ' NOT MET'}` : '-');
  return columns([['target', 'aim', 'sqlite', 'postgres'], ...checks.map((c) => [c.target, c.aim, cell(c.measured.sqlite), cell(c.measured.postgres)])]);
}
