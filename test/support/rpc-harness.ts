/**
 * A minimal RPC front for the Alidns / CDN handler tests: one HTTP server doing what the sandbox's front does for
 * RPC (product by version, action by header or query, params = query ∪ form body minus protocol params, signature
 * check, JSON errors). It exists so the handlers and the verifier can be tested over real HTTP with the official
 * SDKs on their own, with an injected clock; the full sandbox (`startSandbox`) is exercised by its own tests.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import AlidnsModule from '@alicloud/alidns20150109';
import CdnModule from '@alicloud/cdn20180510';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { sdkClass } from '../../src/core/aliyun/openapi.js';
import { alidns, cdn, verifyRpcSignature } from '../../src/sandbox/rpc/index.js';
import { RpcError, type RpcProduct } from '../../src/sandbox/rpc/types.js';
import { createWorld, SANDBOX_ACCOUNT, type SandboxTiming, type World } from '../../src/sandbox/state.js';

const PROTOCOL = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
  'RegionId',
]);

export interface RpcHarness {
  world: World;
  url: string;
  /** `127.0.0.1:PORT`, as openapi-core wants its endpoint. */
  endpoint: string;
  /** The harness clock; tests move it with `advance`. */
  now(): number;
  advance(ms: number): void;
  /** Every call answered, in order: action and status. */
  calls: { action: string; status: number; code?: string }[];
  alidnsClient(opts?: Partial<$OpenApiUtil.Config>): Alidns;
  cdnClient(opts?: Partial<$OpenApiUtil.Config>): Cdn;
  close(): Promise<void>;
}

type Alidns = InstanceType<typeof AlidnsModule.default>;
type Cdn = InstanceType<typeof CdnModule.default>;
const AlidnsClient = sdkClass<typeof AlidnsModule.default>(AlidnsModule);
const CdnClient = sdkClass<typeof CdnModule.default>(CdnModule);

const PRODUCTS: RpcProduct[] = [alidns, cdn];

export async function startRpcHarness(
  opts: { timing?: Partial<SandboxTiming>; start?: number } = {},
): Promise<RpcHarness> {
  const world = createWorld(opts.timing);
  let clock = opts.start ?? Date.now();
  const calls: RpcHarness['calls'] = [];
  const server = http.createServer({ maxHeaderSize: 65536 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const [path = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
      const query = new URLSearchParams(rawQuery);
      const version = String(req.headers['x-acs-version'] ?? query.get('Version') ?? '');
      const action = String(req.headers['x-acs-action'] ?? query.get('Action') ?? '');
      const product = PRODUCTS.find((p) => p.version === version);
      const requestId = randomUUID().toUpperCase();
      const send = (status: number, payload: Record<string, unknown>) => {
        calls.push({ action, status, code: payload.Code as string | undefined });
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId });
        res.end(JSON.stringify(payload));
      };
      const error = (code: string, status: number, message: string) =>
        send(status, { RequestId: requestId, HostId: product?.hostId ?? 'sandbox', Code: code, Message: message });
      if (!product) return error('InvalidVersion', 400, `Specified version ${version} is not valid.`);
      const check = verifyRpcSignature(
        { method: req.method ?? 'POST', path, rawQuery, headers: req.headers, body },
        world.accounts,
        clock,
      );
      if (!check.ok) return error(check.code, check.status, check.message);
      const params: Record<string, string> = {};
      for (const [k, v] of query) if (!PROTOCOL.has(k)) params[k] = v;
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!PROTOCOL.has(k)) params[k] = v;
      }
      const handler = product.handlers[action];
      if (!handler) return error('InvalidAction.NotFound', 400, `Specified api ${action} is not found.`);
      try {
        send(200, handler({ world, params, action, account: check.account, now: clock, requestId }));
      } catch (e) {
        if (e instanceof RpcError) return error(e.code, e.status, e.message);
        error('InternalError', 500, String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `127.0.0.1:${port}`;
  const config = (o: Partial<$OpenApiUtil.Config> = {}) =>
    new $OpenApiUtil.Config({
      endpoint,
      protocol: 'http',
      accessKeyId: SANDBOX_ACCOUNT.accessKeyId,
      accessKeySecret: SANDBOX_ACCOUNT.accessKeySecret,
      readTimeout: 10_000,
      ...o,
    });
  return {
    world,
    url: `http://${endpoint}`,
    endpoint,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    calls,
    alidnsClient: (o) => new AlidnsClient(config(o)),
    cdnClient: (o) => new CdnClient(config(o)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Adds a zone straight into the world (zones are created out of band, like buying a domain). */
export function addZone(world: World, name: string, now = Date.now()): void {
  world.zones.set(name, {
    name,
    domainId: `zone-${world.seq.zone++}`,
    created: now,
    remark: '',
    records: new Map(),
  });
}
