/**
 * Starts the real bot (createBot, HTTP mode, a free port) wired to a local Slack stand-in, and gives tests the two
 * things Slack does: send a slash command, and press a button — both signed as Slack signs them.
 */
import { LogLevel } from '@slack/bolt';
import { type Bot, createBot } from '../../bot/bot.js';
import type { BotDeps } from '../../bot/context.js';
import { parseSettings } from '../../bot/settings.js';
import { createRuntime, type Tuning } from '../../src/core/index.js';
import { type SlackServer, startSlackServer } from './slack-server.js';
import { blockActionBody, type SlackReply, sendSigned, slashCommandBody } from './slack-signing.js';

export const SECRET = 'test-signing-secret-8f14e45fceea167a';
export const ADMIN = 'U0ADMIN';
export const OPERATOR = 'U0OPER';
export const STRANGER = 'U0NOBODY';

/** Short polls and waits, so that ownership and CDN waits against the sandbox take milliseconds. */
export const FAST: Partial<Tuning> = {
  pollMs: 20,
  baseDelayMs: 5,
  maxDelayMs: 50,
  ownershipTimeoutMs: 5_000,
  cdnOnlineTimeoutMs: 5_000,
};

/** The bot's runtime factory over `env` (the sandbox's variables) with `FAST` tuning, plus `tuning` on top. */
export const sandboxRuntime =
  (env: NodeJS.ProcessEnv, tuning: Partial<Tuning> = {}): NonNullable<BotDeps['createRuntime']> =>
  (progress) =>
    createRuntime(env, { progress, tuning: { ...FAST, ...tuning } });

/** The environment of every test bot: Slack's tokens and the local Web API, one admin, one operator, an audit channel. */
export const botEnv = (slackApiUrl: string): Record<string, string> => ({
  SLACK_BOT_TOKEN: 'xoxb-test-token-0001',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slackApiUrl,
  OSS_DOMAINS_ADMINS: ADMIN,
  OSS_DOMAINS_OPERATORS: OPERATOR,
  OSS_DOMAINS_AUDIT_CHANNEL: 'C0AUDIT',
});

/** Everything a Slack message shows: its fallback text and the text of its sections and context elements. */
export const textOf = (m: Record<string, any>): string =>
  [m.text, ...(m.blocks ?? []).map((b: any) => b.text?.text ?? (b.elements ?? []).map((e: any) => e.text).join(' '))]
    .filter(Boolean)
    .join('\n');

export interface TestBot {
  bot: Bot;
  /** `http://127.0.0.1:PORT/slack/events` */
  url: string;
  slack: SlackServer;
  /** Sends `/oss <text>`; answers go to the response URL `id`. */
  command(text: string, user: string, id: string, channel?: string): Promise<SlackReply>;
  /** Presses a button; answers go to the response URL `id`. */
  click(actionId: string, value: string, user: string, id: string, channel?: string): Promise<SlackReply>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  env?: Record<string, string>;
  deps?: BotDeps;
  /** Share one Slack stand-in between bots (two replicas). */
  slack?: SlackServer;
}

export async function startTestBot(o: TestBotOptions = {}): Promise<TestBot> {
  const slack = o.slack ?? (await startSlackServer());
  const settings = parseSettings({ ...botEnv(slack.apiUrl), ...o.env });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const bot = createBot(settings, { log: quiet, logLevel: LogLevel.ERROR, ...o.deps });
  const { port } = await bot.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    bot,
    url,
    slack,
    async command(text, user, id, channel) {
      const reply = await sendSigned(
        url,
        slashCommandBody({ text, user, channel, responseUrl: slack.responseUrl(id) }),
        {
          secret: SECRET,
        },
      );
      // An answer in the ack is a message like any other: held to Slack's limits (slack-server.ts).
      if (reply.status === 200 && reply.text.startsWith('{')) slack.check(`ack of ${id}`, JSON.parse(reply.text));
      return reply;
    },
    click: (actionId, value, user, id, channel) =>
      sendSigned(url, blockActionBody({ actionId, value, user, channel, responseUrl: slack.responseUrl(id) }), {
        secret: SECRET,
      }),
    async stop() {
      await bot.stop();
      if (!o.slack) await slack.close();
    },
  };
}
