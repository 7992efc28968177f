/**
 * `npm run bot`: reads the environment once, builds the app, starts it. Everything else is in createBot.
 */
import { createBot } from './bot.js';
import { userMessage } from './errors.js';
import { parseSettings } from './settings.js';

async function main(): Promise<void> {
  const settings = parseSettings(process.env);
  const bot = createBot(settings);
  const started = await bot.start();
  console.error(
    started.mode === 'socket'
      ? 'oss-domains bot connected to Slack (Socket Mode)'
      : `oss-domains bot listening on http://0.0.0.0:${started.port}/slack/events`,
  );
  const stop = () => {
    bot.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(userMessage(e));
  process.exit(1);
});
