/**
 * `npm start` (`node build/bot/app.js`; the container's `CMD`): reads the environment once, builds the app, starts it,
 * and shuts it down cleanly on SIGTERM or SIGINT. Everything else is in createBot.
 *
 * The first signal starts the shutdown (bot.ts, lifecycle.ts) and the process exits 0 once it is done; later signals
 * are only logged, because one stop often arrives twice: `npm start` forwards the signal it gets to this process,
 * which, when the whole process group is signalled (a terminal's Ctrl-C, `kill -- -PGID`), already got its own.
 * SIGKILL remains the way to stop at once.
 */
import { errorMessage, releaseHeldLocks } from '../src/core/index.js';
import { type Bot, createBot } from './bot.js';
import { userMessage } from './errors.js';
import { parseSettings } from './settings.js';

const log = (msg: string) => console.error(`oss-domains bot: ${msg}`);

/** Installs the signal handlers; `started()` says whether the bot is up (before that, nothing runs: exit at once). */
function exitOnSignals(bot: Bot, graceMs: number, started: () => boolean): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return log(`${signal} again: already shutting down`);
    stopping = true;
    if (!started()) {
      log(`${signal} while starting: stopped`);
      process.exit(0);
    }
    const running = bot.ctx.lifecycle.running;
    log(
      `${signal}: shutting down; no new commands` +
        (running ? `, ${running} running change(s) get up to ${graceMs / 1000} s to finish` : ''),
    );
    bot
      .shutdown({ graceMs })
      .then(async (r) => {
        if (r.finished || r.stopped) log(`${r.finished} change(s) finished, ${r.stopped} stopped at a step boundary`);
        if (r.unsettled) {
          // Should not happen (a stopped apply returns at its next step boundary); if it does, free the lock.
          log(`${r.unsettled} change(s) did not stop in time; releasing the apply lock they hold`);
          await releaseHeldLocks();
        }
        log('stopped');
        process.exit(0);
      })
      .catch((e: unknown) => {
        log(`shutdown failed: ${errorMessage(e)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  const settings = parseSettings(process.env);
  const bot = createBot(settings);
  let up = false;
  exitOnSignals(bot, settings.shutdownGraceMs, () => up);
  const started = await bot.start();
  up = true;
  console.error(
    started.mode === 'socket'
      ? `oss-domains bot connected to Slack (Socket Mode); health check on http://0.0.0.0:${started.port}/healthz`
      : `oss-domains bot listening on http://0.0.0.0:${started.port}/slack/events`,
  );
}

main().catch((e) => {
  console.error(userMessage(e));
  process.exit(1);
});
