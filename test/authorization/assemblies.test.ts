// One association walks these tables; the others are walked by their own files, in parallel.
import { checkRoutes } from './harness.js';
import * as assemblies from './routes/assemblies.js';

checkRoutes('assemblies', assemblies);
