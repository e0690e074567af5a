// One association walks these tables; the others are walked by their own files, in parallel.
import { checkRoutes } from './harness.js';
import * as teams from './routes/teams.js';
import * as contributions from './routes/contributions.js';
import * as forges from './routes/forges.js';

checkRoutes('teams and contributions', teams, contributions, forges);
