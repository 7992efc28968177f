/**
 * Runs the committed bundle as the GitHub runner does: `node dist/index.js` in a workspace directory, inputs as
 * `INPUT_<NAME>` variables (upper-cased, hyphens kept), the event in a JSON file, outputs and the job summary in
 * files. The child is spawned asynchronously, because the sandbox and the GitHub API server it talks to run in this
 * process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BUNDLE = resolve('dist/index.js');

export interface RunOptions {
  /** The workspace (the step's working directory; domains.yml lives here). */
  cwd: string;
  inputs: Record<string, string>;
  /** Extra environment: the sandbox's variables, GITHUB_API_URL, ... */
  env?: Record<string, string | undefined>;
  /** Default `push` with an empty payload. */
  event?: { name: string; payload: unknown };
  /** Called with the runner's child process once it is spawned (to cancel it, as a cancelled workflow does). */
  onStart?: (child: ChildProcess) => void;
}

export interface ActionRun {
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The runner's RUNNER_TEMP of this run. */
  runnerTemp: string;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

export function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-action-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const files = mkdtempSync(join(tmpdir(), 'oss-domains-runner-'));
  const output = join(files, 'output');
  const summary = join(files, 'summary.md');
  const eventPath = join(files, 'event.json');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const event = opts.event ?? { name: 'push', payload: {} };
  writeFileSync(eventPath, JSON.stringify(event.payload));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.cwd,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_ACTOR: 'octocat',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: files,
  };
  for (const [name, value] of Object.entries(opts.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(opts.env ?? {})) if (value !== undefined) env[name] = value;

  const child = spawn(process.execPath, [BUNDLE], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onStart?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const status = await new Promise<number>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code) => res(code ?? -1));
  });
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(output, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    runnerTemp: files,
  };
}

/** The `::error ...::message` workflow commands in a run's stdout, with their properties. */
export function errorCommands(stdout: string): { props: Record<string, string>; message: string }[] {
  return [...stdout.matchAll(/^::error(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    props: Object.fromEntries(
      (m[1] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    ),
    message: m[2]!,
  }));
}
