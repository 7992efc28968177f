/** Fault schedules 100–199 (see schedules.ts); faults-a.test.ts runs 0–99 in a parallel worker. */
import { scheduleSuite } from './schedules.js';

scheduleSuite(100, 200);
