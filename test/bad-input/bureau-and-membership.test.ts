// One association walks these tables; the others are walked by their own files, in parallel.
import { checkCases } from './harness.js';
import * as bureau from './cases/bureau.js';
import * as applications from './cases/applications.js';
import * as sessions from './cases/sessions.js';
import * as memberships from './cases/memberships.js';

checkCases('bureau and membership', [bureau, applications, sessions, memberships]);
