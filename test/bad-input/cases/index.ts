/**
 * Every table of malformed input joined: all-routes.test.ts checks that together they cover every
 * write route of the app, and that no route sits in two tables; random.test.ts takes each route's
 * targets from them.
 */
import * as site from './site.js';
import * as accounts from './accounts.js';
import * as people from './people.js';
import * as teams from './teams.js';
import * as bureau from './bureau.js';
import * as operations from './operations.js';
import * as contributions from './contributions.js';
import * as forges from './forges.js';
import * as applications from './applications.js';
import * as sessions from './sessions.js';
import * as memberships from './memberships.js';
import * as rooms from './rooms.js';
import * as assemblies from './assemblies.js';
import * as assemblyDay from './assembly-day.js';
import * as requests from './requests.js';
import * as privacy from './privacy.js';
import type { ApiCase, FormCase, Fixtures } from '../harness.js';

export { queries as queryCases } from './queries.js';

/** Every table, by domain. */
export const tables = {
  site,
  accounts,
  people,
  teams,
  bureau,
  operations,
  contributions,
  forges,
  applications,
  sessions,
  memberships,
  rooms,
  assemblies,
  assemblyDay,
  requests,
  privacy,
};

/** Malformed JSON for every API write route. */
export const apiCases: Record<string, (f: Fixtures) => ApiCase[]> = {
  ...site.api,
  ...accounts.api,
  ...people.api,
  ...teams.api,
  ...bureau.api,
  ...operations.api,
  ...contributions.api,
  ...forges.api,
  ...applications.api,
  ...sessions.api,
  ...memberships.api,
  ...rooms.api,
  ...assemblies.api,
  ...assemblyDay.api,
  ...requests.api,
  ...privacy.api,
};

/** Malformed form submissions for every page write route. */
export const formCases: Record<string, (f: Fixtures) => FormCase[]> = {
  ...site.form,
  ...accounts.form,
  ...people.form,
  ...teams.form,
  ...bureau.form,
  ...operations.form,
  ...contributions.form,
  ...forges.form,
  ...applications.form,
  ...sessions.form,
  ...memberships.form,
  ...rooms.form,
  ...assemblies.form,
  ...assemblyDay.form,
  ...requests.form,
  ...privacy.form,
};
