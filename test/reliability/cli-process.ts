/**
 * The installed CLI as a separate process (`node bin/oss-domains.js …`, the compiled build/), pointed at a sandbox
 * running in the test process, so the test can watch the sandbox's call log while the CLI works — and kill it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';

export const BIN = resolve('bin/oss-domains.js');

export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited: its status (null when killed), signal and output. */
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const made: string[] = [];

/** A working directory holding `domains.yml` (removed by `removeWorkdirs`). */
export function workdir(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-reliability-'));
  writeFileSync(join(dir, 'domains.yml'), config);
  made.push(dir);
  return dir;
}

export function removeWorkdirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function startCli(sb: Sandbox, args: string[], cwd: string, env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...sb.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (res, rej) => {
      child.on('error', rej);
      child.on('close', (status, signal) => res({ status, signal, stdout, stderr }));
    },
  );
  return { child, done };
}
