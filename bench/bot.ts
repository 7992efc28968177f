/**
 * The Slack bot under load: the real bot (`node build/bot/app.js`, HTTP mode) in its own process, 200 signed
 * `/oss bind …` slash commands sent at once, and for each one the time until the HTTP acknowledgement (Slack gives
 * up after 3 s) and until the plan arrives on its response URL (each plan reads the sandbox cloud). Peak memory is
 * the bot process's high-water RSS (VmHWM in /proc), read after the load.
 *
 * Slack's side is a small local stand-in: it accepts Web API calls and response-URL posts and timestamps the latter.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../src/sandbox/index.js';
import { ROOT } from './coldstart.js';
import { percentile, round } from './measure.js';
import { benchDomains, convergedWorld } from './world.js';

const SECRET = 'bench-signing-secret-5f2b9c7d1e';
const ADMIN = 'U0BENCH';

export interface BotBench {
  commands: number;
  acked: number;
  ackMs: { p50: number; p99: number; max: number };
  planned: number;
  planMs: { p50: number; p99: number; max: number };
  /** Over Slack's 3 s acknowledgement limit. */
  lateAcks: number;
  rssAfterStartMb: number;
  peakRssMb: number;
  apiCalls: number;
}

/** Local Slack: Web API answers `ok`, response URLs record their arrival time (performance clock). */
function slackStandIn(): Promise<{ server: Server; url: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const m = /^\/respond\/(.+)$/.exec(req.url ?? '');
      if (m && !arrivals.has(m[1]!)) arrivals.set(m[1]!, performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ts: '1700000000.000100', channel: 'C0BENCH' }));
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals }),
    ),
  );
}

export function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => r(port));
    });
  });
}

function signedCommand(text: string, responseUrl: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    team_id: 'T0BENCH',
    channel_id: 'C0BENCH',
    user_id: ADMIN,
    user_name: 'bench',
    command: '/oss',
    text,
    response_url: responseUrl,
    trigger_id: '1.1.bench',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sig,
    },
  };
}

/** High-water and current RSS of a process, MB (Linux /proc). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peak: round(kb('VmHWM') / 1024), now: round(kb('VmRSS') / 1024) };
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with status ${child.exitCode} while starting`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the bot did not answer ${url} within 10 s`);
}

export async function benchBot(commands: number, latencyMs: number): Promise<BotBench> {
  const domains = benchDomains(100);
  const sb = await startSandbox({ seed: convergedWorld(domains), dnsPort: false });
  if (latencyMs > 0) sb.control.setFaults({ latencyMs });
  const slack = await slackStandIn();
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'build/bot/app.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      ...sb.env,
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench-0001',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${slack.url}/api/`,
      OSS_DOMAINS_ADMINS: ADMIN,
      OSS_DOMAINS_OWNER: 'bench',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  try {
    await waitHealthy(`http://127.0.0.1:${port}/healthz`, child);
    const startMem = memoryOf(child.pid!);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const sent = new Map<string, number>();
    const acks = await Promise.all(
      Array.from({ length: commands }, async (_, i) => {
        const id = `c${i}`;
        const d = domains[i % domains.length]!;
        const req = signedCommand(
          `bind new${i}.${d.zone} ${d.bucket} --region cn-hangzhou`,
          `${slack.url}/respond/${id}`,
        );
        const t0 = performance.now();
        sent.set(id, t0);
        const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
        await res.arrayBuffer();
        return { ok: res.ok, ms: performance.now() - t0 };
      }),
    );
    const deadline = performance.now() + 60_000;
    while (slack.arrivals.size < commands && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const ackMs = acks.filter((a) => a.ok).map((a) => a.ms);
    const planMs = [...slack.arrivals].map(([id, t]) => t - sent.get(id)!);
    const mem = memoryOf(child.pid!);
    return {
      commands,
      acked: ackMs.length,
      ackMs: { p50: round(percentile(ackMs, 50)), p99: round(percentile(ackMs, 99)), max: round(Math.max(...ackMs)) },
      planned: planMs.length,
      planMs: {
        p50: round(percentile(planMs, 50)),
        p99: round(percentile(planMs, 99)),
        max: round(Math.max(...planMs)),
      },
      lateAcks: ackMs.filter((ms) => ms > 3_000).length,
      rssAfterStartMb: startMem.now,
      peakRssMb: mem.peak,
      apiCalls: sb.control.calls().length,
    };
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nbot stderr:\n${stderr}`);
  } finally {
    child.kill();
    await new Promise((r) => slack.server.close(r));
    await sb.stop();
  }
}
