/**
 * Builds the Bolt app from settings: HTTP mode (Slack posts to `/slack/events`, requests verified with the signing
 * secret by Bolt's receiver, which also refuses requests older than 5 minutes) or Socket Mode when an app token is
 * set. Tests and `app.ts` both start it through `createBot`, so what is tested is what runs.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { EVENTS_PATH, HEALTH_PATH } from './constants.js';
import { type BotContext, type BotDeps, createContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import type { BotSettings } from './settings.js';
import { warmSdks } from './warm.js';

export interface Bot {
  app: App;
  ctx: BotContext;
  /**
   * Loads the cloud SDKs (warm.ts), then starts listening (HTTP: on `port`, default `settings.port`; 0 = a free port)
   * or connects (Socket Mode); no request is taken before the SDKs are loaded.
   */
  start(port?: number): Promise<{ mode: 'http' | 'socket'; port?: number }>;
  stop(): Promise<void>;
}

export interface CreateBotOptions extends BotDeps {
  /** Bolt's own log level (default info). */
  logLevel?: LogLevel;
  /** Runs before the bot takes requests; default: import the cloud SDKs (warm.ts). */
  warm?: () => Promise<void>;
}

export function createBot(settings: BotSettings, deps: CreateBotOptions = {}): Bot {
  const ctx = createContext(settings, deps);
  const clientOptions = settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {};
  const logLevel = deps.logLevel ?? LogLevel.INFO;
  let app: App;
  if (settings.appToken) {
    app = new App({
      token: settings.botToken,
      appToken: settings.appToken,
      signingSecret: settings.signingSecret,
      socketMode: true,
      convoStore: false,
      clientOptions,
      logLevel,
    });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: EVENTS_PATH,
      logLevel,
      customRoutes: [
        {
          path: HEALTH_PATH,
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('ok\n');
          },
        },
      ],
    });
    app = new App({ token: settings.botToken, receiver, clientOptions, logLevel, convoStore: false });
  }
  registerListeners(app, ctx);
  return {
    app,
    ctx,
    async start(port = settings.port) {
      await (deps.warm ?? (() => warmSdks((m) => ctx.log.warn(m))))();
      if (settings.appToken) {
        await app.start();
        return { mode: 'socket' };
      }
      const server = (await app.start(port)) as Server;
      return { mode: 'http', port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
    },
  };
}
