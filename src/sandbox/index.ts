/**
 * The sandbox: a local fake of the Alibaba Cloud APIs this tool uses (OSS, Alidns, CDN), speaking their real wire
 * protocols on 127.0.0.1, plus a DNS server that answers from the fake Alidns zones. Every test and the demo run
 * against it; `oss-domains sandbox` runs it in the foreground for humans.
 *
 *   const sb = await startSandbox();                 // the default seed: the guide's story
 *   const runtime = createRuntime({ ...process.env, ...sb.env });
 *   sb.control.writeCalls();                         // what the code under test changed
 *   await sb.stop();
 */
import type { AddressInfo } from 'node:net';
import { SandboxControl } from './control.js';
import { startDnsServer } from './dns/index.js';
import { createFront } from './http.js';
import type { QpsInput } from './limits.js';
import type { SeedInput } from './seed.js';
import { createWorld, type SandboxTiming, type World } from './state.js';

export type { CallFilter, CallRecord, CallService, FaultSpec } from './control.js';
export { SandboxControl } from './control.js';
export type { QpsInput, QpsLimits } from './limits.js';
export { documentedLimits, QpsError } from './limits.js';
export { OPERATIONS, ramAction } from './operations.js';
export { PolicyError } from './ram/index.js';
export type { SeedInput, SeedSpec } from './seed.js';
export { DEFAULT_SEED, loadSeed, parseSeedText, SeedError } from './seed.js';

export interface SandboxOptions {
  /** HTTP port; 0 (default) = a free one. */
  port?: number;
  /** DNS (UDP and TCP) port; 0 (default) = a free one; `false` = no DNS server. */
  dnsPort?: number | false;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** A SeedSpec, a YAML file path, `'default'` (default) or `'empty'`. */
  seed?: SeedInput;
  /** Wins over the seed's timing, also after `control.reset()`. */
  timing?: Partial<SandboxTiming>;
  /** Seed of the fault-injection PRNG (default 1). */
  faultSeed?: number;
  /** The sandbox clock (ms since the epoch); tests inject one to move time without sleeping. */
  clock?: () => number;
  /**
   * Per-API rate limits over a sliding second (and hour): `'documented'` (Alibaba Cloud's account limits), a JSON
   * file's path, or `{ AddDomainRecord: 60, 'oss:*': 10000, AddCdnDomain: { perSecond: 30, perHour: 100 } }`.
   * None by default.
   */
  qps?: QpsInput;
  /**
   * A RAM policy document (a JSON file's path, or the document itself) that every signed call must satisfy, as a
   * RAM user holding only that policy. None by default: the account's own key may do anything.
   */
  policy?: string | object;
}

/** The environment variables oss-domains reads for credentials and endpoints, pointing at this sandbox. */
export interface SandboxEnv {
  ALIBABA_CLOUD_ACCESS_KEY_ID: string;
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: string;
  OSS_DOMAINS_OSS_ENDPOINT: string;
  OSS_DOMAINS_DNS_ENDPOINT: string;
  OSS_DOMAINS_CDN_ENDPOINT: string;
  /** Absent when the sandbox runs without a DNS server. */
  OSS_DOMAINS_RESOLVER?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** 0 when no DNS server runs. */
  dnsPort: number;
  host: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  env: SandboxEnv;
  control: SandboxControl;
  world: World;
  stop(): Promise<void>;
}

/** Starts a sandbox: the HTTP front and, unless `dnsPort` is false, the DNS server, over the seeded world. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.clock ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const world = createWorld();
  const control = new SandboxControl({
    world,
    now,
    seed: options.seed,
    timing: options.timing,
    faultSeed: options.faultSeed,
    qps: options.qps,
    policy: options.policy,
  });
  // The first world is the one reset() returns to: the seed, its timing over the defaults, explicit timing over both.
  control.reset();

  const server = createFront({ world, control, now });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let dns: { port: number; close(): Promise<void> } | undefined;
  if (options.dnsPort !== false) {
    try {
      dns = await startDnsServer(world, { port: options.dnsPort ?? 0, host });
    } catch (e) {
      await closeServer(server);
      throw e;
    }
  }

  const url = `http://${host}:${port}`;
  const account = world.accounts[0]!;
  const env: SandboxEnv = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: account.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: account.accessKeySecret,
    OSS_DOMAINS_OSS_ENDPOINT: url,
    OSS_DOMAINS_DNS_ENDPOINT: url,
    OSS_DOMAINS_CDN_ENDPOINT: url,
  };
  if (dns && dns.port > 0) env.OSS_DOMAINS_RESOLVER = `${host}:${dns.port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    dnsPort: dns?.port ?? 0,
    host,
    credentials: { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
    env,
    control,
    world,
    stop() {
      stopped ??= Promise.all([closeServer(server), dns?.close()]).then(() => undefined);
      return stopped;
    },
  };
}

function closeServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets (ali-oss and openapi-core pool them) would hold close() open.
    server.closeAllConnections();
  });
}
