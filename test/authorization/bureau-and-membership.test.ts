// One association walks these tables; the others are walked by their own files, in parallel.
import { checkRoutes } from './harness.js';
import * as bureau from './routes/bureau.js';
import * as applications from './routes/applications.js';
import * as sessions from './routes/sessions.js';
import * as memberships from './routes/memberships.js';

checkRoutes('bureau and membership', bureau, applications, sessions, memberships);
