/**
 * Small measuring helpers shared by the benchmarks: a monotonic stopwatch, order statistics, the sandbox's call log
 * summarised by action, and an in-process sandbox with the per-call latency injected.
 */
import { performance } from 'node:perf_hooks';
import { createRuntime, type Runtime, type Tuning } from '../src/core/index.js';
import {
  type CallRecord,
  type Sandbox,
  type SandboxOptions,
  type SeedSpec,
  startSandbox,
} from '../src/sandbox/index.js';

/** Runs `fn` and returns its result with the elapsed wall time in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/** The p-th percentile (0–100, nearest rank) of `xs`. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const median = (xs: number[]): number => percentile(xs, 50);

/** Rounds to `digits` decimals for the report. */
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** `{ ListCname: 10, DescribeDomainRecords: 6, … }`, most frequent first. */
export function byAction(calls: CallRecord[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export interface BenchSandbox {
  sb: Sandbox;
  rt: Runtime;
  stop(): Promise<void>;
}

/**
 * A sandbox seeded with `seed`, every API call delayed by `latencyMs`, and the production runtime pointed at it.
 * Tuning stays at the production defaults unless overridden: the benchmark measures what users get.
 */
export async function benchSandbox(
  seed: SeedSpec,
  latencyMs: number,
  opts: { tuning?: Partial<Tuning>; dns?: boolean; qps?: SandboxOptions['qps'] } = {},
): Promise<BenchSandbox> {
  const sb = await startSandbox({ seed, dnsPort: opts.dns === false ? false : 0, qps: opts.qps });
  if (latencyMs > 0) sb.control.setFaults({ latencyMs });
  const rt = createRuntime({ ...sb.env }, { tuning: opts.tuning });
  return { sb, rt, stop: () => sb.stop() };
}

/** A fixed-width text table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
