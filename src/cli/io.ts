import type { Clock, Tuning } from '../core/index.js';

/** What a CLI run reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Shorter waits and polls (the demo and tests); users get the defaults. */
  tuning?: Partial<Tuning>;
  /** The runtime's clock (tests skew it); users get the system clock. */
  clock?: Clock;
}
