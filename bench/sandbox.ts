/**
 * The sandbox itself: how long `startSandbox()` takes (default seed, HTTP and DNS servers, many runs), and whether
 * 1,000 API calls issued at once through the official SDK adapters all succeed. The runtime is built with room for
 * 1,000 calls in flight per service and a single attempt, so a failed call cannot be hidden by a retry.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRuntime } from '../src/core/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { ROOT } from './coldstart.js';
import { median, percentile, round, timed } from './measure.js';
import { BUCKETS, benchDomains, convergedWorld, REGION, ZONES } from './world.js';

export interface SandboxBench {
  starts: number;
  /** `startSandbox()` in this process (modules already loaded). */
  startMs: { median: number; p90: number };
  /** `oss-domains sandbox --print-env` as a process: spawn → the env lines on stdout. */
  processStartMs: { median: number; p90: number };
  concurrent: {
    calls: number;
    logged: number;
    failed: number;
    /** Failures the sandbox did not inject (must be 0). */
    uninjectedErrors: number;
    wallMs: number;
    byService: Record<string, number>;
  };
}

export async function benchSandboxSelf(starts: number, concurrentCalls: number): Promise<SandboxBench> {
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const { value: sb, ms } = await timed(() => startSandbox());
    times.push(ms);
    await sb.stop();
  }

  const spawned: number[] = [];
  for (let i = 0; i < Math.min(starts, 10); i++) spawned.push(await processStart());

  const sb = await startSandbox({ seed: convergedWorld(benchDomains(100)), dnsPort: false });
  try {
    const rt = createRuntime({ ...sb.env }, { tuning: { concurrency: concurrentCalls, maxAttempts: 1 } });
    const call = (i: number): Promise<unknown> => {
      switch (i % 3) {
        case 0:
          return rt.oss.listCnames(BUCKETS[i % BUCKETS.length]!, REGION);
        case 1:
          return rt.dns.listRecords(ZONES[i % ZONES.length]!);
        default:
          return rt.cdn.getRefreshQuota();
      }
    };
    const run = await timed(() => Promise.allSettled(Array.from({ length: concurrentCalls }, (_, i) => call(i))));
    const log = sb.control.calls();
    const failed = log.filter((c) => c.status === 0 || c.status >= 400);
    const byService: Record<string, number> = {};
    for (const c of log) byService[c.service] = (byService[c.service] ?? 0) + 1;
    return {
      starts,
      startMs: { median: round(median(times), 2), p90: round(percentile(times, 90), 2) },
      processStartMs: { median: round(median(spawned)), p90: round(percentile(spawned, 90)) },
      concurrent: {
        calls: concurrentCalls,
        logged: log.length,
        failed: run.value.filter((r) => r.status === 'rejected').length,
        uninjectedErrors: failed.filter((c) => !c.injected).length,
        wallMs: round(run.ms),
        byService,
      },
    };
  } finally {
    await sb.stop();
  }
}

/** Spawns the sandbox command and resolves with the ms until it printed its environment. */
function processStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin/oss-domains.js'), 'sandbox', '--print-env'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`oss-domains sandbox exited with status ${code} before it was ready`)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!out.includes('OSS_DOMAINS_CDN_ENDPOINT')) return;
      const ms = performance.now() - t0;
      child.removeAllListeners('exit');
      child.kill();
      resolve(ms);
    });
  });
}
