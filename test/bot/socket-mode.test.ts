/**
 * The bot in Socket Mode (`SLACK_APP_TOKEN` set), as `npm run bot` runs it locally: the real Bolt app opens its
 * connection through `apps.connections.open` on the local Web API, receives envelopes over a real WebSocket, and
 * acks each one there; answers still go to the response URL, and the cloud is the sandbox.
 */
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../bot/bot.js';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { parseSettings } from '../../bot/settings.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, botEnv, OPERATOR, sandboxRuntime } from '../support/slack-bot.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { blockActionBody, buttonOf, slashCommandBody } from '../support/slack-signing.js';

const APP_TOKEN = 'xapp-1-A0001-socket-test-token';

let sb: Sandbox;
let slack: SlackServer;
let bot: Bot;

/** A slash command as the Socket Mode envelope carries it: the fields of Slack's HTTP form, as an object. */
const command = (text: string, user: string, id: string) =>
  Object.fromEntries(new URLSearchParams(slashCommandBody({ text, user, responseUrl: slack.responseUrl(id) })));
const click = (value: string, user: string, id: string) =>
  JSON.parse(
    new URLSearchParams(
      blockActionBody({ actionId: CONFIRM_ACTION, value, user, responseUrl: slack.responseUrl(id) }),
    ).get('payload')!,
  ) as Record<string, unknown>;
const last = (id: string) => slack.responses(id).at(-1);

beforeAll(async () => {
  sb = await startSandbox({});
  slack = await startSlackServer();
  const env = { ...sb.env } as Record<string, string>;
  const settings = parseSettings({ ...env, ...botEnv(slack.apiUrl), SLACK_APP_TOKEN: APP_TOKEN });
  bot = createBot(settings, {
    log: { info: () => {}, warn: () => {}, error: () => {} },
    logLevel: LogLevel.ERROR,
    createRuntime: sandboxRuntime(env),
  });
  expect(await bot.start(0)).toEqual({ mode: 'socket', port: expect.any(Number) });
});

afterAll(async () => {
  await bot?.stop();
  // A clean goodbye: the bot closes its socket itself (closing the server first would look like a network failure).
  await slack?.waitFor(() => slack.socket.connections() === 0, 'the bot to disconnect');
  await slack?.close();
  await sb?.stop();
});

beforeEach(() => sb.control.clearCalls());

describe('Socket Mode', () => {
  it('connects through apps.connections.open on SLACK_API_URL, with the app token', () => {
    expect(slack.socket.tokens).toEqual([APP_TOKEN]);
    expect(slack.socket.connections()).toBe(1);
    const open = slack.api('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('answers help in the ack itself', async () => {
    const ack = await slack.socket.send('slash_commands', command('help bind', OPERATOR, 'help'));
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(ack.payload?.text).toContain('/oss bind DOMAIN BUCKET [--region R] [--cdn] [--cert-id ID]');
    expect(slack.responses('help')).toEqual([]);
  });

  it('acks a bind at once, then posts the plan with no write call; the confirm click binds', async () => {
    // Every cloud answer is held back for 2 s: the ack must not wait for any of them (Slack allows 3 s in all).
    sb.control.setFaults({ slowRate: 1, slowMs: 2_000 });
    const ack = await slack.socket.send('slash_commands', command('bind img.abc.com abc-img', ADMIN, 'bind'));
    expect(ack.payload).toBeUndefined();
    expect(sb.control.calls()).toEqual([]);
    sb.control.clearFaults();
    await slack.waitFor(() => slack.responses('bind').length === 1, 'the plan');
    const plan = last('bind')!;
    expect(ack.seq).toBeLessThan(plan.seq);
    expect(plan.body.text).toMatch(/^Plan: \/oss bind img\.abc\.com abc-img --region cn-hangzhou/);
    expect(sb.control.calls().length).toBeGreaterThan(0);
    expect(sb.control.writeCalls()).toEqual([]);

    const confirm = buttonOf(plan.body, CONFIRM_ACTION)!;
    const clickAck = await slack.socket.send('interactive', click(confirm.value, ADMIN, 'bind-click'));
    expect(clickAck.payload).toBeUndefined();
    await slack.waitFor(() => /^(Done|Failed)/.test(last('bind-click')?.body.text ?? ''), 'the result');
    expect(last('bind-click')!.body.text).toMatch(/^Done/);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    expect(sb.control.writeCalls().map((c) => c.action)).toEqual(expect.arrayContaining(['PutCname']));
  });

  it('refuses an operator’s bind in the ack, with no cloud call', async () => {
    const ack = await slack.socket.send('slash_commands', command('bind www.abc.com abc-img', OPERATOR, 'refused'));
    expect(ack.payload?.text).toContain('only admins may bind');
    expect(sb.control.calls()).toEqual([]);
  });
});
