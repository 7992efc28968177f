/**
 * The bot's start-up, as a deployment sees it: from spawning `npm start` (and, to show npm's own share, `node
 * build/bot/app.js`) until `GET /healthz` answers 200, i.e. the cloud SDKs are loaded and the HTTP server takes
 * commands. Each run then sends SIGTERM and records how long the bot takes to exit and with which status (0 is the
 * contract). Slack is not contacted at start in HTTP mode, so no stand-in is needed.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { freePort } from './bot.js';
import { ROOT } from './coldstart.js';
import { median, percentile, round } from './measure.js';

export interface BotStartBench {
  runs: number;
  /** `npm start` → /healthz 200, ms. */
  npmStartMs: { median: number; p90: number; max: number };
  /** `node build/bot/app.js` → /healthz 200, ms. */
  nodeMs: { median: number; p90: number; max: number };
  /** SIGTERM → exit, with nothing running, ms (median). */
  stopMs: number;
  exitCodes: number[];
}

async function once(command: string, args: string[]): Promise<{ readyMs: number; stopMs: number; code: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench-0001',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tBenchStart',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'bench',
    },
    stdio: 'ignore',
  });
  const exited = new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : -2))));
  let readyMs = Number.NaN;
  for (let i = 0; i < 1_000 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const t1 = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { readyMs, stopMs: performance.now() - t1, code };
}

const stats = (xs: number[]) => ({
  median: round(median(xs)),
  p90: round(percentile(xs, 90)),
  max: round(Math.max(...xs)),
});

export async function benchBotStart(runs: number): Promise<BotStartBench> {
  const npm: number[] = [];
  const node: number[] = [];
  const stops: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = await once('npm', ['start', '--silent']);
    const b = await once(process.execPath, ['build/bot/app.js']);
    npm.push(a.readyMs);
    node.push(b.readyMs);
    stops.push(a.stopMs, b.stopMs);
    codes.push(a.code, b.code);
  }
  return { runs, npmStartMs: stats(npm), nodeMs: stats(node), stopMs: round(median(stops)), exitCodes: codes };
}
