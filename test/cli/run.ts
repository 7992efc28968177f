/** Runs the CLI in-process with captured stdout/stderr, as a user's shell would see them. */
import { PassThrough } from 'node:stream';
import { type CliIo, main } from '../../src/cli/main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
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
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const io: CliIo = {
    stdout,
    stderr,
    stdin,
    env,
    cwd,
    tuning: { baseDelayMs: 5, maxDelayMs: 50, pollMs: 20, ownershipTimeoutMs: 10_000, cdnOnlineTimeoutMs: 10_000 },
  };
  const status = await main(args, io);
  return { status, stdout: out, stderr: err };
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
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const tuning = { baseDelayMs: 5, maxDelayMs: 50, pollMs: 20, ownershipTimeoutMs: 10_000, cdnOnlineTimeoutMs: 10_000 };
  const running = main(args, { stdout, stderr, stdin, env, cwd, tuning });
  let settled = false;
  void running.finally(() => {
    settled = true;
  });
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (err.includes("Only 'yes' will be accepted")) resolve();
      else if (settled) reject(new Error(`the command ended without asking:\n${err}`));
      else setTimeout(check, 5);
    };
    check();
  });
  await atPrompt();
  if (eof) stdin.end();
  else stdin.write(`${answer}\n`);
  const status = await running;
  return { status, stdout: out, stderr: err };
}
