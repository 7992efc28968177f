/**
 * The bot's life as a process: starting → serving → draining → stopped, and the confirmed changes running in it.
 *
 * Shutting down (SIGTERM: a rolling update, a scale-down, a node drained) must not leave a half-bound domain behind
 * with nobody told. So `drain()` first stops taking new commands (the health check fails, so the load balancer stops
 * sending; what still arrives is answered "restarting, try again"), then gives the changes already running
 * `graceMs` to finish on their own, and then stops the rest through their AbortSignal: the core's apply stops at the
 * next step boundary, releases the apply lock, and returns what was done and what is left, which the change's own
 * flow posts where it was confirmed and writes to the audit log, as for any other result. `drain()` resolves when
 * every change has settled, or after `settleMs` more, whichever is first.
 */

export type Phase = 'starting' | 'serving' | 'draining' | 'stopped';

/** What `drain()` saw. */
export interface DrainReport {
  /** Changes that finished on their own within the grace period. */
  finished: number;
  /** Changes stopped at a step boundary after the grace period (and settled). */
  stopped: number;
  /** Changes that had not settled `settleMs` after they were told to stop. */
  unsettled: number;
}

export interface DrainOptions {
  /** How long running changes may go on before they are stopped (OSS_DOMAINS_SHUTDOWN_GRACE). */
  graceMs: number;
  /** How long stopped changes may take to reach a step boundary and post their result. */
  settleMs: number;
  /** Why the changes are stopped: shown to users in the partial result. */
  reason: string;
  /** Waits, for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Lifecycle {
  readonly phase: Phase;
  /** Changes running now. */
  readonly running: number;
  /** Start-up is done: commands are taken from now on. */
  serving(): void;
  /**
   * Runs one confirmed change. `run` gets a signal that aborts when the bot stops it (`drain()` after the grace
   * period); it should pass it to the core's apply and post whatever result comes back.
   */
  track<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Stops taking commands and winds down the running changes (see the module comment). Idempotent. */
  drain(opts: DrainOptions): Promise<DrainReport>;
  /** The process is about to exit. */
  stopped(): void;
}

const defaultSleep = (ms: number) =>
  new Promise<void>((r) => {
    // unref: a wait that is no longer needed must not keep the process alive.
    setTimeout(r, ms).unref();
  });

export function createLifecycle(): Lifecycle {
  let phase: Phase = 'starting';
  const changes = new Map<Promise<unknown>, AbortController>();
  let draining: Promise<DrainReport> | undefined;
  /** Set once the grace period is over: a change that starts after that is stopped before its first step. */
  let stopReason: string | undefined;

  const settled = () => Promise.allSettled([...changes.keys()]).then(() => undefined);

  async function drain(opts: DrainOptions): Promise<DrainReport> {
    phase = 'draining';
    const sleep = opts.sleep ?? defaultSleep;
    const before = changes.size;
    if (before === 0) return { finished: 0, stopped: 0, unsettled: 0 };
    await Promise.race([settled(), sleep(opts.graceMs)]);
    stopReason = opts.reason;
    const left = [...changes.values()];
    for (const c of left) c.abort(opts.reason);
    if (left.length > 0) await Promise.race([settled(), sleep(opts.settleMs)]);
    return { finished: before - left.length, stopped: left.length - changes.size, unsettled: changes.size };
  }

  return {
    get phase() {
      return phase;
    },
    get running() {
      return changes.size;
    },
    serving() {
      if (phase === 'starting') phase = 'serving';
    },
    track(run) {
      const controller = new AbortController();
      if (stopReason !== undefined) controller.abort(stopReason);
      const p = run(controller.signal);
      changes.set(p, controller);
      const forget = () => {
        changes.delete(p);
      };
      p.then(forget, forget);
      return p;
    },
    drain(opts) {
      draining ??= drain(opts);
      return draining;
    },
    stopped() {
      phase = 'stopped';
    },
  };
}
