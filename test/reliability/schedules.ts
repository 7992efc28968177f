/**
 * Randomised fault schedules, each a pure function of its number: which faults (throttling, 5xx, connection
 * resets, calls slower than the adapters' timeout), how often, on which services, with which PRNG seed in the
 * sandbox. The runner (`runSchedule`) applies the reliability world under that schedule and checks the invariants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplyResult, apply, errorMessage, plan, planHasChanges, planHasConflicts } from '../../src/core/index.js';
import { type CallService, type FaultSpec, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/util.js';
import {
  CONFIG,
  describeDomain,
  desired,
  duplicates,
  FAST,
  foreignSnapshot,
  leftovers,
  PRUNE_CONFIG,
  PRUNE_SEED,
  runtimeFor,
  SEED,
} from './support.js';

/** The adapters' per-call timeout in the faulty runs; slow calls take longer than this. */
export const TIMEOUT_MS = 150;
const SLOW_MS = TIMEOUT_MS + 60;

export interface Schedule {
  n: number;
  kind: string;
  faults: FaultSpec;
  /** Attempts per call in the faulty run (production default 6). */
  maxAttempts: number;
  /** Every third schedule starts with two domains an earlier run bound, and `prune: true` must remove them. */
  prune: boolean;
}

const KINDS = ['mixed', 'throttling', '5xx', 'resets', 'slow', 'one service', 'heavy'] as const;

export function schedule(n: number): Schedule {
  const r = seededRandom(0x5eed + n * 7919);
  const kind = KINDS[n % KINDS.length]!;
  const rate = (max: number) => Math.round(r() * max * 1000) / 1000;
  const f: FaultSpec = { seed: n + 1, retryAfterMs: 5, slowMs: SLOW_MS };
  let maxAttempts = 6;
  switch (kind) {
    case 'mixed':
      Object.assign(f, { throttleRate: rate(0.2), errorRate: rate(0.15), resetRate: rate(0.08), slowRate: rate(0.05) });
      break;
    case 'throttling':
      f.throttleRate = 0.1 + rate(0.3);
      break;
    case '5xx':
      f.errorRate = 0.1 + rate(0.25);
      break;
    case 'resets':
      f.resetRate = 0.05 + rate(0.2);
      break;
    case 'slow':
      f.slowRate = 0.03 + rate(0.1);
      break;
    case 'one service': {
      const services: CallService[] = ['oss', 'alidns', 'cdn'];
      f.services = [services[Math.floor(r() * services.length)]!];
      Object.assign(f, { throttleRate: rate(0.3), errorRate: rate(0.3), resetRate: rate(0.1) });
      break;
    }
    case 'heavy':
      // With a retry budget of 3 attempts, some call exhausts it: the run fails half-way, and the next fault-free
      // run has to repair whatever it left.
      Object.assign(f, { throttleRate: 0.2 + rate(0.1), errorRate: 0.15 + rate(0.1), resetRate: 0.05 + rate(0.05) });
      maxAttempts = 3;
      break;
  }
  return { n, kind, faults: f, maxAttempts, prune: n % 3 === 2 };
}

export interface Outcome {
  /** The faulty run finished with every step done. */
  firstOk: boolean;
  /** A second, fault-free run was needed. */
  repaired: boolean;
  /** Writes that succeeded in the faulty run (a failed run with writes left a half-done world behind). */
  writes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One schedule: fresh world, foreign snapshot, apply under faults; when that fails, apply again without faults;
 * then, without faults: nothing left to plan, nothing duplicated, nothing foreign changed.
 */
export async function runSchedule(sb: Sandbox, s: Schedule): Promise<Outcome> {
  sb.control.reset(s.prune ? PRUNE_SEED : SEED);
  const want = desired(s.prune ? PRUNE_CONFIG : CONFIG);
  const before = foreignSnapshot(sb);
  const faulty = runtimeFor(sb, { ...FAST, maxAttempts: s.maxAttempts }, TIMEOUT_MS);
  const clean = runtimeFor(sb, FAST);
  const tag = `schedule ${s.n} (${s.kind}${s.prune ? ', prune' : ''}, ${JSON.stringify(s.faults)})`;

  sb.control.setFaults(s.faults);
  let first: ApplyResult | undefined;
  let failure = '';
  try {
    first = await apply(faulty, await plan(faulty, want));
    if (!first.ok)
      failure = first.results
        .filter((r) => !r.ok)
        .map((r) => r.error)
        .join('; ');
  } catch (e) {
    failure = errorMessage(e);
  }
  sb.control.clearFaults();
  const writes = sb.control.calls({ write: true, failed: false }).length;
  // Calls the client gave up on are still sleeping in the sandbox; let them land before judging the world.
  if (s.faults.slowRate) await sleep(SLOW_MS + 20);

  const firstOk = first?.ok === true;
  if (!firstOk) {
    const second = await apply(clean, await plan(clean, want));
    const left = second.results.filter((r) => !r.ok).map((r) => r.error);
    expect(second.ok, `${tag}: the fault-free re-run did not converge after "${failure}": ${left.join('; ')}`).toBe(
      true,
    );
  }

  const after = await plan(clean, want);
  const pending = after.domains.filter((d) => d.steps.length > 0 || d.conflicts.length > 0);
  expect(
    planHasChanges(after) || planHasConflicts(after),
    `${tag}: not converged:\n${pending.map((d) => describeDomain(sb, d.domain)).join('\n')}`,
  ).toBe(false);
  expect(duplicates(sb), `${tag}: duplicates`).toEqual([]);
  if (s.prune) expect(leftovers(sb), `${tag}: pruned domains not fully removed`).toEqual([]);
  expect(foreignSnapshot(sb), `${tag}: something this tool does not own changed`).toEqual(before);
  return { firstOk, repaired: !firstOk, writes };
}

/**
 * Registers schedules `from` … `to - 1` as tests, run `parallel` at a time on as many sandboxes (one world each), so
 * that one schedule's backoff sleeps and timeouts overlap another's work. The suite is split over two files so the
 * two halves also run in parallel workers.
 */
export function scheduleSuite(from: number, to: number, parallel = 4): void {
  const count = Math.min(to, from + Number(process.env.RELIABILITY_SCHEDULES ?? to - from)) - from;
  const free: Sandbox[] = [];
  const waiting: ((sb: Sandbox) => void)[] = [];
  const outcomes: Outcome[] = [];
  const acquire = () =>
    new Promise<Sandbox>((r) => {
      const sb = free.pop();
      if (sb) r(sb);
      else waiting.push(r);
    });
  const release = (sb: Sandbox) => {
    const next = waiting.shift();
    if (next) next(sb);
    else free.push(sb);
  };
  const all: Sandbox[] = [];

  beforeAll(async () => {
    for (let i = 0; i < parallel; i++) all.push(await startSandbox({ seed: SEED, dnsPort: 0 }));
    free.push(...all);
  });
  afterAll(async () => {
    await Promise.all(all.map((sb) => sb.stop()));
  });

  describe.concurrent(`apply under randomised fault schedules ${from}–${from + count - 1}`, () => {
    it.each(Array.from({ length: count }, (_, i) => schedule(from + i)).map((s) => [s.n, s.kind, s] as const))(
      'schedule %i (%s)',
      async (_n, _kind, s) => {
        const sb = await acquire();
        try {
          outcomes.push(await runSchedule(sb, s));
        } finally {
          release(sb);
        }
      },
    );
  });

  it('exercised both paths: runs that converged under faults, and runs repaired by the next fault-free run', () => {
    if (count < 50) return;
    expect(outcomes.filter((o) => o.firstOk).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.repaired && o.writes > 0).length).toBeGreaterThan(0);
  });
}
