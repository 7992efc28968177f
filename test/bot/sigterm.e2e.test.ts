/**
 * SIGTERM in the middle of a confirmed change, as a rolling update delivers it: the real bot started with `npm start`
 * in its own process group, a confirmed `/oss bind … --cdn` whose CDN domain is slow to come online (the sandbox holds
 * it `configuring` for ten minutes), and SIGTERM sent to the whole group while the bot waits for it.
 *
 * Every process of the group must be gone within the grace period plus a few seconds, with status 0; the apply lock
 * must be released; a message posted after the signal must say what became of the domain and how to finish; the
 * audit entry must be written; and a second bind must finish the job.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { DEFAULT_SEED, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, botEnv, SECRET, sandboxRuntime, startTestBot, textOf } from '../support/slack-bot.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { blockActionBody, buttonOf, sendSigned, slashCommandBody } from '../support/slack-signing.js';

const GRACE_S = 1;
/** What "a few seconds" may take under a loaded CI machine: reaching the step boundary, posting, exiting. */
const MARGIN_MS = 12_000;
const STATE = { OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhou' };
const COMMAND = 'bind img.abc.com abc-img --cdn';

let sb: Sandbox;
let slack: SlackServer;
/** Process groups started, killed at the end whatever happened. */
const groups: number[] = [];
let stderr = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** True while any process of the group `pgid` exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The apply lock's objects (the lock and its renewals; not the markers of buttons already used). */
const lockObjects = () =>
  [...(sb.world.buckets.get('abc-ops')?.objects.keys() ?? [])].filter((k) => k.startsWith('locks/apply'));
const auditObjects = () =>
  [...(sb.world.buckets.get('abc-ops')?.objects.keys() ?? [])].filter((k) => k.startsWith('audit/'));

/**
 * `npm start`, detached: its own process group (npm, and the node it execs), as a container runtime or a terminal's
 * job control signals it. Resolves once the bot listens.
 */
async function startBot(env: Record<string, string>) {
  const port = await freePort();
  stderr = '';
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...sb.env,
      ...botEnv(slack.apiUrl),
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  groups.push(child.pid!);
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  await slack.waitFor(() => /listening on/.test(stderr), `the bot to start:\n${stderr}`, 60_000);
  return { port, pgid: child.pid!, exited };
}

beforeAll(async () => {
  sb = await startSandbox({
    seed: {
      ...DEFAULT_SEED,
      buckets: [...(DEFAULT_SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }],
      timing: { ...DEFAULT_SEED.timing, cdnOnlineDelayMs: 10 * 60_000 },
    },
  });
  slack = await startSlackServer();
});

afterAll(async () => {
  for (const g of groups) if (groupAlive(g)) process.kill(-g, 'SIGKILL');
  await slack?.close();
  await sb?.stop();
});

describe('SIGTERM to the bot started with npm start', () => {
  it('to the group during a confirmed CDN bind: stops at a step boundary, releases the lock, says what became of the domain, exits 0; binding again finishes', {
    timeout: 180_000,
  }, async () => {
    const { port, pgid, exited } = await startBot({ ...STATE, OSS_DOMAINS_SHUTDOWN_GRACE: String(GRACE_S) });
    const url = `http://127.0.0.1:${port}/slack/events`;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // The command, the plan, the confirm click.
    const sent = await sendSigned(
      url,
      slashCommandBody({ text: COMMAND, user: ADMIN, responseUrl: slack.responseUrl('plan') }),
      {
        secret: SECRET,
      },
    );
    expect(sent.status).toBe(200);
    await slack.waitFor(() => slack.responses('plan').length === 1, 'the plan', 60_000);
    const confirm = buttonOf(slack.responses('plan')[0]!.body, CONFIRM_ACTION);
    expect(confirm, textOf(slack.responses('plan')[0]!.body)).toBeDefined();
    const click = blockActionBody({
      actionId: CONFIRM_ACTION,
      value: confirm!.value,
      user: ADMIN,
      responseUrl: slack.responseUrl('apply'),
    });
    expect((await sendSigned(url, click, { secret: SECRET })).status).toBe(200);

    // Wait until the CDN domain exists and the bot is waiting for it to come online; the lock is held.
    const polledDetail = () => {
      const calls = sb.control.calls().map((c) => c.action);
      const added = calls.indexOf('AddCdnDomain');
      return added >= 0 && calls.indexOf('DescribeCdnDomainDetail', added) > added;
    };
    await slack.waitFor(polledDetail, 'the bot to wait for the CDN domain', 60_000);
    expect(sb.world.cdn.get('img.abc.com')?.status).toBe('configuring');
    expect(lockObjects()).not.toEqual([]);
    const postsBefore = slack.responses('apply').length;
    const auditPostsBefore = slack.api('chat.postMessage').length;

    const signalled = Date.now();
    process.kill(-pgid, 'SIGTERM');
    const { code, signal } = await exited;
    const took = Date.now() - signalled;

    // Every process of the group is gone, in time, and npm reports the bot's own status: 0.
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(took, stderr).toBeLessThan(GRACE_S * 1_000 + MARGIN_MS);
    await slack.waitFor(() => !groupAlive(pgid), 'the process group to be gone', 5_000);

    // The lock is released: the next run does not wait for it to expire.
    expect(lockObjects()).toEqual([]);

    // After the signal: the final message says what was done, what remains, and how to finish.
    const after = slack.responses('apply').slice(postsBefore);
    expect(after.length, 'a message after the signal').toBeGreaterThan(0);
    const final = textOf(after.at(-1)!.body);
    expect(final).toContain('img.abc.com');
    expect(final).toMatch(/shut down/);
    expect(final).toMatch(/CDN/);
    expect(final).toMatch(/run (it )?again to finish/i);
    // ... and the audit entry: posted, and written to the state bucket.
    const audit = slack.api('chat.postMessage').slice(auditPostsBefore);
    expect(audit.map((c) => textOf(c.body)).join('\n')).toMatch(
      /:double_vertical_bar: .*`\/oss bind img\.abc\.com abc-img .*--cdn`.*: stopped: the bot was shut down/,
    );
    expect(auditObjects().length).toBeGreaterThan(0);

    // Nothing half-done is left to rot: CDN comes online, and the same bind (here on another replica) finishes it.
    const cdn = sb.world.cdn.get('img.abc.com')!;
    cdn.onlineAt = 0;
    sb.world.timing.cdnOnlineDelayMs = 0;
    const env = { ...sb.env, ...STATE } as Record<string, string>;
    const second = await startTestBot({ env, slack, deps: { createRuntime: sandboxRuntime(env) } });
    try {
      await second.command(COMMAND, ADMIN, 'plan2');
      await slack.waitFor(() => slack.responses('plan2').length === 1, 'the second plan', 30_000);
      const again = buttonOf(slack.responses('plan2')[0]!.body, CONFIRM_ACTION);
      expect(again, textOf(slack.responses('plan2')[0]!.body)).toBeDefined();
      await second.click(CONFIRM_ACTION, again!.value, ADMIN, 'apply2');
      await slack.waitFor(
        () => /Done/.test(String(slack.responses('apply2').at(-1)?.body.text ?? '')),
        'the second bind to finish',
        60_000,
      );
      const record = [...(sb.world.zones.get('abc.com')?.records.values() ?? [])].find(
        (r) => r.rr === 'img' && r.type === 'CNAME',
      );
      expect(record?.value).toBe(cdn.cname);
      expect(lockObjects()).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('SIGTERM to npm alone (not its group) stops the bot too: npm start leaves no orphaned node', {
    timeout: 60_000,
  }, async () => {
    const { port, pgid, exited } = await startBot({});
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    process.kill(pgid, 'SIGTERM'); // npm's pid: npm forwards the signal to its child
    expect(await exited).toEqual({ code: 0, signal: null });
    await slack.waitFor(() => !groupAlive(pgid), 'the bot to be gone with npm', 10_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
