/**
 * The whole matrix: every domain's table joined. The compiler checks that every route of the
 * joined matrix has its request; all-routes.test.ts checks that the app has exactly these routes
 * and that no route sits in two tables.
 */
import * as site from './routes/site.js';
import * as accounts from './routes/accounts.js';
import * as people from './routes/people.js';
import * as teams from './routes/teams.js';
import * as bureau from './routes/bureau.js';
import * as operations from './routes/operations.js';
import * as contributions from './routes/contributions.js';
import * as forges from './routes/forges.js';
import * as applications from './routes/applications.js';
import * as sessions from './routes/sessions.js';
import * as memberships from './routes/memberships.js';
import * as rooms from './routes/rooms.js';
import * as assemblies from './routes/assemblies.js';
import * as requests from './routes/requests.js';
import * as privacy from './routes/privacy.js';
import type { Context, Requests } from './harness.js';

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
  requests,
  privacy,
};

/** Route → the policy it must name → the roles that may pass it, for every route of the app. */
export const matrix = {
  ...site.matrix,
  ...accounts.matrix,
  ...people.matrix,
  ...teams.matrix,
  ...bureau.matrix,
  ...operations.matrix,
  ...contributions.matrix,
  ...forges.matrix,
  ...applications.matrix,
  ...sessions.matrix,
  ...memberships.matrix,
  ...rooms.matrix,
  ...assemblies.matrix,
  ...requests.matrix,
  ...privacy.matrix,
};

export type RouteKey = keyof typeof matrix;

/** For every route, the request a role sends. */
export function requestsFor(context: Context): Requests<typeof matrix> {
  return {
    ...site.requests(context),
    ...accounts.requests(context),
    ...people.requests(context),
    ...teams.requests(context),
    ...bureau.requests(context),
    ...operations.requests(context),
    ...contributions.requests(context),
    ...forges.requests(context),
    ...applications.requests(context),
    ...sessions.requests(context),
    ...memberships.requests(context),
    ...rooms.requests(context),
    ...assemblies.requests(context),
    ...requests.requests(context),
    ...privacy.requests(context),
  };
}
