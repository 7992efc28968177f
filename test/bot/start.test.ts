/**
 * Starting the bot: the cloud SDKs are loaded before the first request is taken, so that no command's ack waits
 * behind their import (bot/warm.ts).
 */
import { createRequire } from 'node:module';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../bot/bot.js';
import { parseSettings } from '../../bot/settings.js';
import { botEnv, SECRET, STRANGER } from '../support/slack-bot.js';
import { startSlackServer } from '../support/slack-server.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const settings = (apiUrl: string) => parseSettings(botEnv(apiUrl));

describe('bot start', () => {
  it('takes no request until the warm-up is done', async () => {
    let release!: () => void;
    let called!: () => void;
    const warmCalled = new Promise<void>((r) => {
      called = r;
    });
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slack = await startSlackServer();
    const bot = createBot(settings(slack.apiUrl), {
      log: quiet,
      logLevel: LogLevel.ERROR,
      warm: async () => {
        called();
        await gate;
      },
    });
    let started = false;
    const starting = bot.start(0).then((s) => {
      started = true;
      return s;
    });
    await warmCalled;
    // However long we give it, start() cannot finish while the warm-up is held.
    await Promise.race([starting, new Promise((r) => setTimeout(r, 200))]);
    expect(started).toBe(false);
    release();
    const { port } = await starting;
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      const body = slashCommandBody({ text: 'help', user: STRANGER, responseUrl: slack.responseUrl('help') });
      const reply = await sendSigned(url, body, { secret: SECRET });
      expect(reply.status).toBe(200);
      expect(reply.text).toContain('/oss bind DOMAIN BUCKET');
    } finally {
      await bot.stop();
      await slack.close();
    }
  });

  it('the default warm-up loads the cloud SDKs before start() resolves', async () => {
    const slack = await startSlackServer();
    const bot = createBot(settings(slack.apiUrl), { log: quiet, logLevel: LogLevel.ERROR });
    await bot.start(0);
    try {
      // Loaded by the warm-up, so a require from here finds them in the module cache without evaluating anything.
      const require = createRequire(import.meta.url);
      for (const name of ['ali-oss', '@alicloud/alidns20150109', '@alicloud/cdn20180510']) {
        expect(require.cache[require.resolve(name)], name).toBeDefined();
      }
    } finally {
      await bot.stop();
      await slack.close();
    }
  });
});
