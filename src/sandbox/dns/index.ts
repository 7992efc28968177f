/**
 * PLACEHOLDER written by the front engineer so that startSandbox compiles; the RPC engineer replaces this file with
 * the sandbox's DNS server (same export name and shape).
 */
import type { World } from '../state.js';

export async function startDnsServer(
  _world: World,
  _opts: { port: number; host: string; now: () => number },
): Promise<{ port: number; close(): Promise<void> }> {
  return { port: 0, close: async () => {} };
}
