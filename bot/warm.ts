/**
 * The cloud SDKs, loaded once while the bot starts, before it listens (the core's `preloadAdapters`).
 *
 * The core loads each SDK on its service's first call, so that a CLI or Action run never pays for a service it does
 * not use. A server is the opposite case: the import would land inside its first command, and every command that
 * arrives meanwhile would wait for its ack behind it. Paid at start, it delays only the first health check.
 */
import { errorMessage, preloadAdapters } from '../src/core/index.js';

/** Loads every adapter; a failure is reported and left to fail, with the core's message, when the service is used. */
export async function warmSdks(warn: (msg: string) => void = console.warn): Promise<void> {
  await preloadAdapters().catch((e: unknown) =>
    warn(`could not preload the cloud SDKs (${errorMessage(e)}); they load on first use`),
  );
}
