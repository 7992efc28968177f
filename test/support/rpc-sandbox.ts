/**
 * The sandbox as the Alidns / CDN tests use it: started empty (plus a test's seed) with a clock the test moves, and
 * official SDK clients pointed at it. Time moves only by `advance`, never by sleeping; keep moves under the 15
 * minutes of signature skew the API allows, since the SDK signs with the real time.
 */
import AlidnsModule from '@alicloud/alidns20150109';
import CdnModule from '@alicloud/cdn20180510';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { rpcCall, sdkClass } from '../../src/core/aliyun/openapi.js';
import { type Sandbox, type SandboxOptions, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxTiming } from '../../src/sandbox/state.js';

export { failure } from './failure.js';

export type AlidnsClient = InstanceType<typeof AlidnsModule.default>;
export type CdnClient = InstanceType<typeof CdnModule.default>;
const Alidns = sdkClass<typeof AlidnsModule.default>(AlidnsModule);
const Cdn = sdkClass<typeof CdnModule.default>(CdnModule);

export interface RpcSandbox {
  sb: Sandbox;
  advance(ms: number): void;
  alidns(opts?: Partial<$OpenApiUtil.Config>): AlidnsClient;
  cdn(opts?: Partial<$OpenApiUtil.Config>): CdnClient;
  stop(): Promise<void>;
}

/** Official SDK clients pointed at `sb`, signing with its account's key (`o` overrides any part of the config). */
export function rpcClients(sb: Sandbox): Pick<RpcSandbox, 'alidns' | 'cdn'> {
  const config = (o: Partial<$OpenApiUtil.Config> = {}) =>
    new $OpenApiUtil.Config({
      endpoint: new URL(sb.url).host,
      protocol: 'http',
      accessKeyId: sb.credentials.accessKeyId,
      accessKeySecret: sb.credentials.accessKeySecret,
      readTimeout: 10_000,
      ...o,
    });
  return { alidns: (o) => new Alidns(config(o)), cdn: (o) => new Cdn(config(o)) };
}

/**
 * A sandbox seeded with `opts.seed` only (default empty), on a clock that `advance` moves. With `frozen`, the clock
 * moves only by `advance` (rate-limit tests count calls in a window that real time must not slide); `qps` and
 * `policy` are startSandbox's options.
 */
export async function startRpcSandbox(
  opts: {
    seed?: SeedSpec;
    timing?: Partial<SandboxTiming>;
    dns?: boolean;
    frozen?: boolean;
  } & Pick<SandboxOptions, 'qps'> = {},
): Promise<RpcSandbox> {
  let offset = 0;
  const start = Date.now();
  const sb = await startSandbox({
    seed: opts.seed ?? 'empty',
    timing: opts.timing,
    dnsPort: opts.dns ? 0 : false,
    clock: opts.frozen ? () => start + offset : () => Date.now() + offset,
    qps: opts.qps,
  });
  return {
    sb,
    advance: (ms) => {
      offset += ms;
    },
    ...rpcClients(sb),
    stop: () => sb.stop(),
  };
}

/**
 * Calls an action through the client's generic `callApi` and returns the JSON body before the SDK casts it into its
 * model (which turns numbers into strings and drops unknown fields), to check the wire types themselves. `version`
 * defaults to the client's product; another one reaches the gateway's version check.
 */
export async function rawCall(
  client: AlidnsClient | CdnClient,
  action: string,
  query: Record<string, string>,
  version = client instanceof Alidns ? '2015-01-09' : '2018-05-10',
): Promise<any> {
  return rpcCall(client as never, action, version, query);
}
