// One association walks these tables; the others are walked by their own files, in parallel.
import { checkCases } from './harness.js';
import * as teams from './cases/teams.js';
import * as contributions from './cases/contributions.js';
import * as forges from './cases/forges.js';

checkCases('teams and contributions', [teams, contributions, forges]);
