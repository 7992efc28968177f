/**
 * The account's rate limits (issue 13): against a sandbox that enforces the documented per-API limits (`qps:
 * 'documented'`, what `oss-domains sandbox --qps documented` does), with the usual latency per call.
 *
 * Both run as the installed CLI in its own process (bin/oss-domains.js, measured by bench/report-usage.ts), the sandbox in this one: what is measured is the
 * tool's, not the sandbox's, and the two do not share one event loop (on a loaded machine, sandbox work in the same
 * process would delay the pacer's timers and count as the tool's time).
 *
 * - `apply --yes` of 1,000 new domains over 10 buckets and 5 zones (plan, apply, DNS verification), timed from spawn
 *   to exit. Its floor is the time the busiest rate-limited operation needs at its limit: its successful calls divided
 *   by its calls per second (AddDomainRecord: 2,000 records at 60 a second, 33 s). Throttled answers are counted
 *   against every call of a limited operation.
 * - `plan` of 20,000 domains already in sync (200 buckets, 10 zones, 40,000 records plus 4 foreign ones per zone,
 *   every 200th domain on CDN), its CPU time and peak RSS its own: the calls it makes are compared with the floor of
 *   one ListCname per bucket, one DescribeDomains page per 100 zones and one DescribeDomainRecords page per 500
 *   records of each zone, plus the CDN listing, plus the edge reads counted apart as the reads benchmark counts them
 *   (one per CDN domain and one per bucket: its edge configuration, its ACL).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentedLimits } from '../src/core/index.js';
import { type CallRecord, type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { ROOT } from './coldstart.js';
import { byAction, median, round, timed } from './measure.js';
import { EDGE_READS } from './reads.js';
import { benchDomains, configYaml, convergedWorld, emptyWorld, type WorldShape } from './world.js';

const THROTTLED = /Throttling|QpsLimitExceeded/;

export interface LimitsApplyBench {
  domains: number;
  shape: WorldShape;
  /** Spawn to exit of `oss-domains apply --yes`. */
  wallMs: number;
  /** Spawn to the first write call: starting, reading domains.yml, planning (part of wallMs). */
  planMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** The busiest limited operation: its successful calls, its limit, and the time they need at that limit. */
  floor: { action: string; calls: number; perSecond: number; ms: number };
  /** wallMs / floor.ms */
  overFloor: number;
  limitedCalls: number;
  throttled: number;
  /** throttled / limitedCalls */
  throttledShare: number;
  byAction: Record<string, number>;
  bound: number;
  exitStatus: number | null;
}

/** The floor of a run: for each operation with a per-second limit, its successful calls at that limit. */
function floorOf(calls: CallRecord[]): LimitsApplyBench['floor'] {
  const limits = documentedLimits();
  let best: LimitsApplyBench['floor'] = { action: '-', calls: 0, perSecond: 1, ms: 0 };
  const ok = new Map<string, number>();
  for (const c of calls) if (c.status === 200 || c.status === 204) ok.set(c.action, (ok.get(c.action) ?? 0) + 1);
  for (const [action, n] of ok) {
    const perSecond = limits.get(action)?.perSecond;
    if (perSecond === undefined) continue;
    const ms = (n / perSecond) * 1000;
    if (ms > best.ms) best = { action, calls: n, perSecond, ms };
  }
  return best;
}

export async function benchLimitsApply(n: number, latencyMs: number): Promise<LimitsApplyBench> {
  const shape: WorldShape = { buckets: 10, zones: 5 };
  const domains = benchDomains(n, { cdnEvery: 0, shape });
  const sb = await startSandbox({ seed: emptyWorld(shape), dnsPort: 0, qps: 'documented' });
  if (latencyMs > 0) sb.control.setFaults({ latencyMs });
  try {
    const run = await runCli(['apply', '--yes'], configYaml(domains), sb);
    const calls = sb.control.calls();
    const limited = documentedLimits();
    const limitedCalls = calls.filter((c) => limited.has(c.action));
    const throttled = limitedCalls.filter((c) => c.code !== undefined && THROTTLED.test(c.code)).length;
    const floor = floorOf(calls);
    const firstWrite = calls.find((c) => c.write)?.time;
    return {
      domains: n,
      shape,
      wallMs: round(run.ms),
      planMs: firstWrite === undefined ? 0 : round(firstWrite - run.startedAt),
      cpuMs: run.cpuMs,
      peakRssMb: run.peakRssMb,
      floor: { ...floor, ms: round(floor.ms) },
      overFloor: round(run.ms / floor.ms, 3),
      limitedCalls: limitedCalls.length,
      throttled,
      throttledShare: round(throttled / Math.max(1, limitedCalls.length), 4),
      byAction: byAction(calls),
      bound: domains.filter((d) => sb.world.buckets.get(d.bucket)?.cnames.has(d.domain)).length,
      exitStatus: run.status,
    };
  } finally {
    await sb.stop();
  }
}

export interface LimitsPlanBench {
  domains: number;
  shape: WorldShape;
  records: number;
  cdnDomains: number;
  calls: number;
  /** The reads no plan can do without: ListCname per bucket, DescribeDomains pages, DescribeDomainRecords pages. */
  floorCalls: number;
  /** DescribeUserDomains and ListTagResources pages. */
  cdnListingCalls: number;
  /** Of `calls`, the edge reads (EDGE_READS), and their bound: one per CDN domain and one per bucket. */
  edgeCalls: number;
  edgeBound: number;
  byAction: Record<string, number>;
  writes: number;
  exitStatus: number | null;
  wallMs: number;
  /** The median of `runs` plans (this machine's CPU time varies by a tenth from run to run), with the spread. */
  cpuMs: number;
  cpuMsRuns: number[];
  runs: number;
  /** The highest of the runs. */
  peakRssMb: number;
}

/** What bench/report-usage.ts reports on file descriptor 3 as it exits. */
interface ProcessUsage {
  userCPUTime: number;
  systemCPUTime: number;
  maxRSS: number;
}

interface CliRun {
  status: number | null;
  /** Spawn to exit. */
  ms: number;
  /** When it was spawned (the sandbox's clock, for the times of its calls). */
  startedAt: number;
  cpuMs: number;
  peakRssMb: number;
}

/**
 * Runs `oss-domains <args> -c domains.yml` in its own process against `sb`, with `config` as the file. Its own CPU
 * time and peak RSS come back from the process itself. BENCH_CLI_NODE_ARGS (e.g. `--cpu-prof`) profiles it.
 */
async function runCli(args: string[], config: string, sb: Sandbox): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-bench-'));
  writeFileSync(join(dir, 'domains.yml'), config);
  try {
    sb.control.clearCalls();
    const startedAt = Date.now();
    const child = await timed(
      () =>
        new Promise<{ status: number | null; usage?: ProcessUsage; stderr: string }>((resolve, reject) => {
          const nodeArgs = process.env.BENCH_CLI_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
          const report = pathToFileURL(join(ROOT, 'build/bench/report-usage.js')).href;
          const bin = join(ROOT, 'bin/oss-domains.js');
          const p = spawn(process.execPath, [...nodeArgs, '--import', report, bin, ...args, '-c', 'domains.yml'], {
            cwd: dir,
            env: { PATH: process.env.PATH ?? '', HOME: dir, ...sb.env },
            stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
          });
          let stderr = '';
          let usage = '';
          p.stderr!.on('data', (b: Buffer) => {
            stderr += b.toString();
          });
          p.stdio[3]!.on('data', (b: Buffer) => {
            usage += b.toString();
          });
          p.on('error', reject);
          p.on('close', (status) => resolve({ status, usage: usage ? JSON.parse(usage) : undefined, stderr }));
        }),
    );
    const { status, usage, stderr } = child.value;
    if (!usage) throw new Error(`oss-domains ${args[0]} reported no resource usage (status ${status}):\n${stderr}`);
    return {
      status,
      ms: child.ms,
      startedAt,
      cpuMs: round((usage.userCPUTime + usage.systemCPUTime) / 1000),
      peakRssMb: round(usage.maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLimitsPlan(n: number, latencyMs: number, runs = 5): Promise<LimitsPlanBench> {
  const shape: WorldShape = { buckets: 200, zones: 10 };
  const domains = benchDomains(n, { cdnEvery: 200, shape });
  const seed = convergedWorld(domains, shape);
  // Each zone holds its domains' two records and a few foreign ones: its pages of 500 records are the floor's.
  const zoneSizes = (seed.zones ?? []).map((z) => z.records?.length ?? 0);
  const sb = await startSandbox({ seed, dnsPort: false, qps: 'documented' });
  if (latencyMs > 0) sb.control.setFaults({ latencyMs });
  try {
    // The same plan `runs` times, each in a fresh process (the calls of the last are the ones counted: all alike).
    const done: CliRun[] = [];
    for (let i = 0; i < runs; i++) done.push(await runCli(['plan'], configYaml(domains), sb));
    const run = done[done.length - 1]!;
    const cpu = done.map((r) => r.cpuMs);
    const calls = sb.control.calls();
    const actions = byAction(calls);
    const zonePages = zoneSizes.reduce((sum, size) => sum + Math.max(1, Math.ceil(size / 500)), 0);
    const cdnListingCalls = (actions.DescribeUserDomains ?? 0) + (actions.ListTagResources ?? 0);
    const edge = new Set<string>(EDGE_READS);
    const cdnDomains = domains.filter((d) => d.cdn).length;
    return {
      domains: n,
      shape,
      records: zoneSizes.reduce((a, b) => a + b, 0),
      cdnDomains,
      calls: calls.length,
      floorCalls: shape.buckets + Math.ceil(shape.zones / 100) + zonePages,
      cdnListingCalls,
      edgeCalls: calls.filter((c) => edge.has(c.action)).length,
      edgeBound: cdnDomains + shape.buckets,
      byAction: actions,
      writes: calls.filter((c) => c.write).length,
      wallMs: round(median(done.map((r) => r.ms))),
      cpuMs: round(median(cpu)),
      cpuMsRuns: cpu,
      runs,
      peakRssMb: Math.max(...done.map((r) => r.peakRssMb)),
      exitStatus: done.find((r) => r.status !== 0)?.status ?? 0,
    };
  } finally {
    await sb.stop();
  }
}
