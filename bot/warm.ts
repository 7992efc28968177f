/**
 * The SDKs behind the core's ports, imported once while the bot starts, before it listens.
 *
 * The core loads each SDK on its service's first call, so that a CLI or Action run never pays for a service it does
 * not use. A server is the opposite case: the import (0.5–0.9 s of blocking module evaluation on a small machine)
 * would land inside its first command, and every command that arrives meanwhile would wait for its ack behind it —
 * the tail of the benchmark's 200 concurrent commands. Paid at start, it delays only the first health check.
 */

/** The packages the adapters in src/core/aliyun import (test/bot/start.test.ts keeps the two lists in step). */
export const SDK_MODULES = [
  'ali-oss',
  '@alicloud/alidns20150109',
  '@alicloud/cdn20180510',
  '@alicloud/openapi-core',
  '@alicloud/credentials',
];

/** Imports every SDK; one that cannot be loaded is reported and left to fail, with the core's message, when used. */
export async function warmSdks(warn: (msg: string) => void = console.warn): Promise<void> {
  await Promise.all(
    SDK_MODULES.map((name) =>
      import(name).catch((e: unknown) =>
        warn(`could not preload ${name} (${e instanceof Error ? e.message : String(e)}); it loads on first use`),
      ),
    ),
  );
}
