/**
 * The Action's source run the way its developers run it: `npx @github/local-action run . src/action/main.ts .env`
 * (GitHub's local runner for JavaScript actions: it loads `main.ts` through tsx, stubs @actions/core, and calls the
 * `run()` it exports). Also: importing main.ts runs nothing, so the runner (and tests) decide when the Action runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspace } from './harness.js';
import { ONE, TARGET, useWorld } from './world.js';

const LOCAL_ACTION = resolve('node_modules/@github/local-action/bin/local-action.js');

/** Runs a node script asynchronously (the sandbox it talks to runs in this process). */
function node(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code) => res({ status: code ?? -1, stdout, stderr }));
  });
}

/** Only what npm and node need; none of the caller's GITHUB_* or INPUT_* variables leak in. */
const baseEnv = (): Record<string, string | undefined> => ({ PATH: process.env.PATH, HOME: process.env.HOME });

describe('src/action/main.ts', () => {
  it('exports run() and runs nothing when imported', async () => {
    const files = mkdtempSync(join(tmpdir(), 'oss-domains-import-'));
    const output = join(files, 'output');
    writeFileSync(output, '');
    const script = `const m = await import(${JSON.stringify(resolve('build/src/action/main.js'))});
      process.stdout.write(typeof m.run);`;
    const r = await node(['--input-type=module', '-e', script], {
      ...baseEnv(),
      GITHUB_OUTPUT: output,
      INPUT_COMMAND: 'apply',
    });
    expect(r).toEqual({ status: 0, stdout: 'function', stderr: '' });
  });
});

describe('npx @github/local-action run . src/action/main.ts .env', () => {
  const w = useWorld();

  it('applies domains.yml to the sandbox and prints the outputs', { timeout: 180_000 }, async () => {
    const ws = workspace({ 'domains.yml': ONE });
    const dotenv = join(ws, '.env');
    const vars = { ...w.sb.env, INPUT_COMMAND: 'apply', INPUT_CONFIG: 'domains.yml', GITHUB_WORKSPACE: ws };
    writeFileSync(
      dotenv,
      `${Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );

    const r = await node([LOCAL_ACTION, 'run', '.', 'src/action/main.ts', dotenv], baseEnv());

    expect(r.stderr).not.toMatch(/DeprecationWarning|Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('::set-output name=has-changes::true');
    expect(r.stdout).not.toContain('::error');
    expect(w.cnameOf('img')?.value).toBe(TARGET);
    expect(w.sb.world.buckets.get('abc-img')?.cnames.has('img.abc.com')).toBe(true);
  });
});
