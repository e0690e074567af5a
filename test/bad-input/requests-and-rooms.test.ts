// One association walks these tables; the others are walked by their own files, in parallel.
import { checkCases } from './harness.js';
import * as requests from './cases/requests.js';
import * as rooms from './cases/rooms.js';
import * as operations from './cases/operations.js';

checkCases('requests, rooms and operations', [requests, rooms, operations]);
