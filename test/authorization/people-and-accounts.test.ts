// One association walks these tables; the others are walked by their own files, in parallel.
import { checkRoutes } from './harness.js';
import * as site from './routes/site.js';
import * as accounts from './routes/accounts.js';
import * as people from './routes/people.js';
import * as privacy from './routes/privacy.js';

checkRoutes('people and accounts', site, accounts, people, privacy);
