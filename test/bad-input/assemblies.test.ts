// One association walks these tables; the others are walked by their own files, in parallel.
import { checkCases } from './harness.js';
import * as assemblies from './cases/assemblies.js';
import * as assemblyDay from './cases/assembly-day.js';

checkCases('assemblies', [assemblies, assemblyDay]);
