/**
 * Cold starts: from the moment a front-end's process is spawned to the first API call the sandbox logs, and to the
 * process's exit. Measured for the Action bundle (`node dist/index.js`, as the runner starts it, command `plan`) and
 * the CLI (`node bin/oss-domains.js plan`), many runs each, median and spread reported. The sandbox runs in this
 * process with no injected latency (latency is not start-up cost); its call log carries the arrival times, on the
 * same clock as the spawn time taken here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox } from '../src/sandbox/index.js';
import { median, percentile, round } from './measure.js';
import { benchDomains, configYaml, convergedWorld } from './world.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ColdStart {
  what: string;
  runs: number;
  /** Spawn → first API call, ms. */
  firstCallMs: { median: number; p10: number; p90: number; min: number; max: number };
  /** Spawn → exit, ms. */
  exitMs: { median: number };
  exitCodes: number[];
}

export interface BundleSize {
  /** dist/index.js, bytes. */
  mainBytes: number;
  /** dist/*.js (the entry and the chunks ncc splits off), bytes. */
  totalJsBytes: number;
  files: number;
}

export function bundleSize(): BundleSize {
  const dir = join(ROOT, 'dist');
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  return {
    mainBytes: statSync(join(dir, 'index.js')).size,
    totalJsBytes: js.reduce((s, f) => s + statSync(join(dir, f)).size, 0),
    files: js.length,
  };
}

interface Spawned {
  code: number;
  firstCallMs?: number;
  exitMs: number;
}

function runOnce(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  firstCall: () => number | undefined,
): Promise<Spawned> {
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: 'ignore' });
    child.on('error', rej);
    child.on('exit', (code) => {
      const first = firstCall();
      res({ code: code ?? -1, firstCallMs: first === undefined ? undefined : first - t0, exitMs: Date.now() - t0 });
    });
  });
}

/** Spawns `kind` `runs` times against one sandbox seeded with 10 in-sync domains; reports the timings. */
export async function benchColdStart(kind: 'action' | 'cli', runs: number): Promise<ColdStart> {
  const domains = benchDomains(10);
  const sb = await startSandbox({ seed: convergedWorld(domains), dnsPort: false });
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-bench-'));
  writeFileSync(join(dir, 'domains.yml'), configYaml(domains));
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, ...sb.env };
  const outFile = join(dir, 'github-output');
  writeFileSync(outFile, '');
  const env =
    kind === 'action'
      ? {
          ...base,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: dir,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_REPOSITORY: 'acme/site',
          GITHUB_OUTPUT: outFile,
          INPUT_COMMAND: 'plan',
          INPUT_CONFIG: 'domains.yml',
          INPUT_COMMENT: 'false',
        }
      : base;
  const args = kind === 'action' ? [join(ROOT, 'dist/index.js')] : [join(ROOT, 'bin/oss-domains.js'), 'plan'];
  const results: Spawned[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      sb.control.clearCalls();
      results.push(await runOnce(args, dir, env, () => sb.control.calls()[0]?.time));
    }
  } finally {
    await sb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const firsts = results.map((r) => r.firstCallMs).filter((x): x is number => x !== undefined);
  return {
    what: kind === 'action' ? 'Action (node dist/index.js, plan)' : 'CLI (node bin/oss-domains.js plan)',
    runs,
    firstCallMs: {
      median: round(median(firsts)),
      p10: round(percentile(firsts, 10)),
      p90: round(percentile(firsts, 90)),
      min: round(Math.min(...firsts)),
      max: round(Math.max(...firsts)),
    },
    exitMs: { median: round(median(results.map((r) => r.exitMs))) },
    exitCodes: [...new Set(results.map((r) => r.code))],
  };
}
