/** Runs the CLI in-process with captured stdout/stderr, as a user's shell would see them. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Short waits and polls, so that ownership and CDN waits against the sandbox take milliseconds. */
const TUNING: CliIo['tuning'] = {
  baseDelayMs: 5,
  maxDelayMs: 50,
  pollMs: 20,
  ownershipTimeoutMs: 10_000,
  cdnOnlineTimeoutMs: 10_000,
};

/** Two streams that keep everything written to them; `text()` reads it so far. */
export function captureStreams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  return { stdout, stderr, text: () => ({ stdout: out, stderr: err }) };
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  const { stdout, stderr, text } = captureStreams();
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const status = await main(args, { stdout, stderr, stdin, env, cwd, tuning: TUNING });
  return { status, ...text() };
}

/**
 * Runs the CLI with a terminal on stdin: waits for the confirmation question, lets `atPrompt` look at (or change)
 * the world while the person "thinks", then types `answer`.
 */
export async function runAtTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  answer: string,
  atPrompt: () => void | Promise<void> = () => {},
  /** Close the input instead of answering (Ctrl-D). */
  eof = false,
): Promise<CliRun> {
  const { stdout, stderr, text } = captureStreams();
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const running = main(args, { stdout, stderr, stdin, env, cwd, tuning: TUNING });
  let settled = false;
  void running.finally(() => {
    settled = true;
  });
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (text().stderr.includes("Only 'yes' will be accepted")) resolve();
      else if (settled) reject(new Error(`the command ended without asking:\n${text().stderr}`));
      else setTimeout(check, 5);
    };
    check();
  });
  await atPrompt();
  if (eof) stdin.end();
  else stdin.write(`${answer}\n`);
  const status = await running;
  return { status, ...text() };
}
