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
