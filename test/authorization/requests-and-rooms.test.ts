// One association walks these tables; the others are walked by their own files, in parallel.
import { checkRoutes } from './harness.js';
import * as requests from './routes/requests.js';
import * as rooms from './routes/rooms.js';
import * as operations from './routes/operations.js';

checkRoutes('requests, rooms and operations', requests, rooms, operations);
