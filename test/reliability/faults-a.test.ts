/** Fault schedules 0–99 (see schedules.ts); faults-b.test.ts runs 100–199 in a parallel worker. */
import { scheduleSuite } from './schedules.js';

scheduleSuite(0, 100);
