/**
 * Builds the Bolt app from settings: HTTP mode (Slack posts to `/slack/events`, requests verified with the signing
 * secret by Bolt's receiver, which also refuses requests older than 5 minutes) or Socket Mode when an app token is
 * set. Tests and `app.ts` both start it through `createBot`, so what is tested is what runs.
 *
 * Both modes answer `GET /healthz` (health.ts) and shut down the same way (lifecycle.ts): `shutdown()` stops taking
 * commands, lets running changes finish or stops them at a step boundary, then closes the connections.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AnyMiddlewareArgs,
  App,
  HTTPReceiver,
  LogLevel,
  type Middleware,
  type RespondFn,
  SocketModeReceiver,
} from '@slack/bolt';
import { EVENTS_PATH, HEALTH_PATH } from './constants.js';
import { type BotContext, type BotDeps, createContext } from './context.js';
import { ackWith, responder } from './deliver.js';
import { healthOf, type SocketWatch, sendHealth, startHealthServer, watchSocket } from './health.js';
import type { DrainReport } from './lifecycle.js';
import { registerListeners } from './listeners/index.js';
import { simpleMessage } from './render/kit.js';
import { text } from './render/mrkdwn.js';
import type { BotSettings } from './settings.js';
import { warmSdks } from './warm.js';

export interface Bot {
  app: App;
  ctx: BotContext;
  /**
   * Loads the cloud SDKs (warm.ts), then starts listening (HTTP: on `port`, default `settings.port`; 0 = a free port)
   * or connects (Socket Mode, with the health server on `port`); no request is taken before the SDKs are loaded.
   */
  start(port?: number): Promise<{ mode: 'http' | 'socket'; port: number }>;
  /**
   * Shuts down as on SIGTERM: no new commands, running changes get `graceMs` to finish and are then stopped at a
   * step boundary (their results posted), then the connections close. Idempotent.
   */
  shutdown(opts: { graceMs: number; settleMs?: number }): Promise<DrainReport>;
  /** Closes the connections at once (no draining). */
  stop(): Promise<void>;
}

export interface CreateBotOptions extends BotDeps {
  /** Bolt's own log level (default info). */
  logLevel?: LogLevel;
  /** Runs before the bot takes requests; default: import the cloud SDKs (warm.ts). */
  warm?: () => Promise<void>;
}

/** Why running changes are stopped, as users read it in the partial result. */
export const SHUTDOWN_REASON = 'the bot was shut down (SIGTERM) before this change finished';

/** Time a stopped change gets to reach a step boundary and post its result, after the grace period. */
const SETTLE_MS = 15_000;

const RESTARTING =
  'oss-domains is restarting: this replica is shutting down and takes no new commands. Nothing was changed; ' +
  'try again in a few seconds.';

/** While draining, every command and click is answered "restarting" (and does nothing) instead of being dropped. */
function refuseWhileDraining(ctx: BotContext): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (ctx.lifecycle.phase === 'serving') return args.next();
    const { ack, respond } = args as { ack?: (m?: unknown) => Promise<void>; respond?: RespondFn };
    const restarting = simpleMessage(text(RESTARTING), { response_type: 'ephemeral', replace_original: false });
    if ('command' in args) return void (ack && (await ackWith(ack, ctx.log, restarting)));
    await ack?.();
    if (respond) await responder(respond, ctx.log, 'a click while shutting down')(restarting);
  };
}

export function createBot(settings: BotSettings, deps: CreateBotOptions = {}): Bot {
  const ctx = createContext(settings, deps);
  const clientOptions = settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {};
  const logLevel = deps.logLevel ?? LogLevel.INFO;
  let socket: { receiver: SocketModeReceiver; watch: SocketWatch } | undefined;
  let healthServer: Server | undefined;
  const health = () => healthOf(ctx.lifecycle, socket?.watch);
  let app: App;
  if (settings.appToken) {
    // Built here, not by App, for its client's connection events (the health check); the client options carry
    // SLACK_API_URL to its apps.connections.open call, as App passes them.
    const receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logLevel,
      installerOptions: { clientOptions },
    });
    socket = { receiver, watch: watchSocket(receiver.client, ctx.now) };
    app = new App({ token: settings.botToken, receiver, clientOptions, logLevel, convoStore: false });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: EVENTS_PATH,
      logLevel,
      customRoutes: [{ path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: (_req, res) => sendHealth(res, health()) }],
    });
    app = new App({ token: settings.botToken, receiver, clientOptions, logLevel, convoStore: false });
  }
  app.use(refuseWhileDraining(ctx));
  registerListeners(app, ctx);

  let closed: Promise<void> | undefined;
  const stop = () => {
    closed ??= (async () => {
      ctx.lifecycle.stopped();
      const server = healthServer;
      await Promise.all([app.stop(), server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve()]);
    })();
    return closed;
  };

  return {
    app,
    ctx,
    async start(port = settings.port) {
      await (deps.warm ?? (() => warmSdks((m) => ctx.log.warn(m))))();
      if (socket) {
        await app.start();
        const h = await startHealthServer(port, health);
        healthServer = h.server;
        ctx.lifecycle.serving();
        return { mode: 'socket', port: h.port };
      }
      const server = (await app.start(port)) as Server;
      ctx.lifecycle.serving();
      return { mode: 'http', port: (server.address() as AddressInfo).port };
    },
    async shutdown({ graceMs, settleMs = SETTLE_MS }) {
      const draining = ctx.lifecycle.drain({ graceMs, settleMs, reason: SHUTDOWN_REASON });
      // Socket Mode: leave at once, so that Slack sends new commands to the other replicas' connections. Running
      // changes answer through their response URLs, which need no socket.
      if (socket) await socket.receiver.client.disconnect().catch(() => undefined);
      const report = await draining;
      await stop();
      return report;
    },
    stop,
  };
}
