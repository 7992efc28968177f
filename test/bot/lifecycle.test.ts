/**
 * The bot's process lifecycle: the health check (HTTP mode and Socket Mode) and the shutdown that stops taking
 * commands and winds down the running changes (bot/lifecycle.ts, bot/health.ts, bot/bot.ts). The SIGTERM of a real
 * bot process during a real change is test/bot/sigterm.e2e.test.ts.
 */
import { EventEmitter } from 'node:events';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../bot/bot.js';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { healthOf, SOCKET_DOWN_LIMIT_MS, watchSocket } from '../../bot/health.js';
import { createLifecycle } from '../../bot/lifecycle.js';
import { parseSettings } from '../../bot/settings.js';
import { ADMIN, botEnv, startTestBot } from '../support/slack-bot.js';
import { startSlackServer } from '../support/slack-server.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A promise with its resolve, for holding a change "running" as long as a test wants. */
function held<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A sleep that resolves only when the test says so, and records what it was asked to wait. */
function manualSleep() {
  const waits: { ms: number; wake: () => void }[] = [];
  return {
    waits,
    sleep: (ms: number) => new Promise<void>((wake) => waits.push({ ms, wake })),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('lifecycle.drain', () => {
  it('lets a change that finishes within the grace period finish, untouched', async () => {
    const lc = createLifecycle();
    lc.serving();
    const change = held();
    let signal!: AbortSignal;
    const tracked = lc.track((s) => {
      signal = s;
      return change.promise;
    });
    const { sleep } = manualSleep();
    const drained = lc.drain({ graceMs: 25_000, settleMs: 15_000, reason: 'bye', sleep });
    expect(lc.phase).toBe('draining');
    change.resolve();
    await tracked;
    expect(await drained).toEqual({ finished: 1, stopped: 0, unsettled: 0 });
    expect(signal.aborted).toBe(false);
  });

  it('after the grace period, stops what still runs with the reason, and waits for it to settle', async () => {
    const lc = createLifecycle();
    lc.serving();
    const change = held();
    let signal!: AbortSignal;
    lc.track((s) => {
      signal = s;
      return change.promise;
    });
    const clock = manualSleep();
    const drained = lc.drain({ graceMs: 2_000, settleMs: 15_000, reason: 'shutting down', sleep: clock.sleep });
    await tick();
    expect(clock.waits.map((w) => w.ms)).toEqual([2_000]);
    expect(signal.aborted).toBe(false);
    clock.waits[0]!.wake(); // the grace period is over
    await tick();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('shutting down');
    expect(clock.waits.map((w) => w.ms)).toEqual([2_000, 15_000]);
    // A change that was told to stop a second ago is also given no new work...
    let late!: AbortSignal;
    const lateChange = lc.track(async (s) => {
      late = s;
    });
    expect(late.aborted).toBe(true);
    await lateChange;
    // ... and drain resolves when the stopped change has posted its result, before the settle time is up.
    change.resolve();
    expect(await drained).toEqual({ finished: 0, stopped: 1, unsettled: 0 });
    expect(lc.running).toBe(0);
  });

  it('gives up on a change that does not settle, saying so; a second drain is the same drain', async () => {
    const lc = createLifecycle();
    lc.serving();
    lc.track(() => new Promise<void>(() => {}));
    const clock = manualSleep();
    const drained = lc.drain({ graceMs: 10, settleMs: 20, reason: 'x', sleep: clock.sleep });
    expect(lc.drain({ graceMs: 99, settleMs: 99, reason: 'y' })).toBe(drained);
    await tick();
    clock.waits[0]!.wake();
    await tick();
    clock.waits[1]!.wake();
    expect(await drained).toEqual({ finished: 0, stopped: 0, unsettled: 1 });
  });
});

describe('health', () => {
  it('is 503 while starting and draining, 200 while serving', () => {
    const lc = createLifecycle();
    expect(healthOf(lc)).toEqual({ status: 503, body: 'starting\n' });
    lc.serving();
    expect(healthOf(lc)).toEqual({ status: 200, body: 'ok\n' });
    void lc.drain({ graceMs: 0, settleMs: 0, reason: 'x' });
    expect(healthOf(lc)).toEqual({ status: 503, body: 'draining\n' });
  });

  it('Socket Mode: fails only once the connection to Slack has been down longer than a reconnect takes', () => {
    let now = 1_000_000;
    const client = new EventEmitter();
    const lc = createLifecycle();
    lc.serving();
    const watch = watchSocket(client, () => now);
    expect(healthOf(lc, watch).status).toBe(200); // down since start, but not for long
    client.emit('connected');
    now += 10 * 60_000;
    expect(healthOf(lc, watch).status).toBe(200);
    client.emit('reconnecting');
    now += SOCKET_DOWN_LIMIT_MS;
    expect(healthOf(lc, watch).status).toBe(200);
    client.emit('disconnected'); // a later event does not restart the count
    now += 1_000;
    expect(healthOf(lc, watch)).toEqual({ status: 503, body: 'not connected to Slack for 61 s\n' });
    client.emit('connected');
    expect(healthOf(lc, watch).status).toBe(200);
  });
});

describe('the bot shutting down (HTTP mode)', () => {
  it('fails its health check and answers commands and clicks "restarting" until its running change is done', async () => {
    const t = await startTestBot();
    const health = t.url.replace('/slack/events', '/healthz');
    try {
      expect((await fetch(health)).status).toBe(200);
      const change = held();
      void t.bot.ctx.lifecycle.track(() => change.promise);
      const shutdown = t.bot.shutdown({ graceMs: 60_000 });

      const probe = await fetch(health);
      expect(probe.status).toBe(503);
      expect(await probe.text()).toBe('draining\n');
      const reply = await t.command('bind img.abc.com abc-img', ADMIN, 'late');
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.text)).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/restarting/),
      });
      const click = await t.click(CONFIRM_ACTION, 'anything', ADMIN, 'click');
      expect(click.status).toBe(200);
      await t.slack.waitFor(() => t.slack.responses('click').length === 1, 'the answer to the click');
      expect(t.slack.responses('click')[0]!.body).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringMatching(/restarting.*Nothing was changed/),
      });
      expect(t.slack.responses('late')).toEqual([]);

      change.resolve();
      expect(await shutdown).toEqual({ finished: 1, stopped: 0, unsettled: 0 });
      await expect(fetch(health)).rejects.toThrow(); // closed
    } finally {
      await t.stop();
    }
  });
});

describe('the bot in Socket Mode', () => {
  it('serves /healthz on PORT, and leaves Slack at once when shutting down', async () => {
    const slack = await startSlackServer();
    const settings = parseSettings({ ...botEnv(slack.apiUrl), SLACK_APP_TOKEN: 'xapp-1-A0001-lifecycle-test' });
    const bot = createBot(settings, { log: quiet, logLevel: LogLevel.ERROR, warm: async () => {} });
    try {
      const { mode, port } = await bot.start(0);
      expect(mode).toBe('socket');
      const health = `http://127.0.0.1:${port}/healthz`;
      const ok = await fetch(health);
      expect([ok.status, await ok.text()]).toEqual([200, 'ok\n']);
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`)).status).toBe(404);
      expect(slack.socket.connections()).toBe(1);

      const change = held();
      void bot.ctx.lifecycle.track(() => change.promise);
      const shutdown = bot.shutdown({ graceMs: 60_000 });
      // Gone from Slack while the change still runs: new commands go to the other replicas' connections.
      await slack.waitFor(() => slack.socket.connections() === 0, 'the bot to disconnect');
      expect((await fetch(health)).status).toBe(503);
      change.resolve();
      await shutdown;
    } finally {
      await bot.stop();
      await slack.close();
    }
  });
});
