// The Action's entry point: only calls run() (see main.ts).
import { run } from './main.js';

await run();
