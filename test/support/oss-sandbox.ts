/**
 * The sandbox as the OSS, control and adapter tests use it: a clock the test moves (never by sleeping), ali-oss
 * clients pointed at the sandbox exactly as the adapter points them, raw HTTP for what no SDK sends (a tampered
 * signature, a browser fetching through a custom domain), and a way to write DNS records straight into the world.
 */
import { request } from 'node:http';
import OSS from 'ali-oss';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { relativeName, type World, zoneOf } from '../../src/sandbox/state.js';

export { failure } from './failure.js';

export interface OssSandbox {
  sb: Sandbox;
  /**
   * Moves the sandbox clock forward (or back, with a negative value). The clients made by `client()` move with it
   * (ali-oss's `amendTimeSkewed`), so their signatures stay within the 15 minutes of allowed skew.
   */
  advance(ms: number): void;
  /** An ali-oss client for `region` (default cn-hangzhou), V4 unless `v4: false`; `realClock` keeps it on real time. */
  client(opts?: {
    region?: string;
    v4?: boolean;
    bucket?: string;
    accessKeySecret?: string;
    accessKeyId?: string;
    stsToken?: string;
    realClock?: boolean;
  }): RawOss;
  stop(): Promise<void>;
}

/** The part of ali-oss the tests call. */
export interface RawOss {
  request(
    p: Record<string, unknown>,
  ): Promise<{ status: number; data: any; headers: Record<string, string>; res: any }>;
  put(key: string, body: Buffer, opts?: Record<string, unknown>): Promise<any>;
  get(key: string, opts?: Record<string, unknown>): Promise<any>;
  head(key: string): Promise<any>;
  delete(key: string): Promise<any>;
  list(q: Record<string, unknown>): Promise<any>;
  listV2(q: Record<string, unknown>): Promise<any>;
  getBucketLocation(name: string): Promise<any>;
  signatureUrl(key: string, opts?: Record<string, unknown>): string;
}

/** A sandbox (no DNS server unless `opts` asks) on a clock `advance` moves, with ali-oss clients that follow it. */
export async function startOssSandbox(opts: SandboxOptions = {}): Promise<OssSandbox> {
  let offset = 0;
  const following: { options: { amendTimeSkewed?: number } }[] = [];
  const sb = await startSandbox({ dnsPort: false, ...opts, clock: () => Date.now() + offset });
  return {
    sb,
    advance: (ms) => {
      offset += ms;
      for (const c of following) c.options.amendTimeSkewed = offset;
    },
    client: (o = {}) => {
      const c = new OSS({
        accessKeyId: o.accessKeyId ?? sb.credentials.accessKeyId,
        accessKeySecret: o.accessKeySecret ?? sb.credentials.accessKeySecret,
        stsToken: o.stsToken,
        refreshSTSToken: o.stsToken
          ? async () => ({
              accessKeyId: sb.credentials.accessKeyId,
              accessKeySecret: sb.credentials.accessKeySecret,
              stsToken: o.stsToken,
            })
          : undefined,
        region: `oss-${o.region ?? 'cn-hangzhou'}`,
        endpoint: sb.url,
        bucket: o.bucket ?? 'abc-img',
        authorizationV4: o.v4 ?? true,
        timeout: 10_000,
        amendTimeSkewed: o.realClock ? 0 : offset,
      }) as any;
      if (!o.realClock) following.push(c);
      return c as RawOss;
    },
    stop: () => sb.stop(),
  };
}

/** The BucketCnameConfiguration body of the CNAME APIs. */
export function cnameXml(domain: string, certXml = ''): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><BucketCnameConfiguration><Cname><Domain>${domain}</Domain>${certXml}</Cname></BucketCnameConfiguration>`,
  );
}

/** Calls a CNAME API through ali-oss's raw request, as aliyun-api.md §2.3 does. */
export function cnameCall(c: RawOss, bucket: string, comp: 'token' | 'add' | 'delete', body: Buffer) {
  return c.request({
    method: 'POST',
    bucket,
    subres: { cname: '', comp },
    mime: 'xml',
    content: body,
    successStatuses: [200],
    xmlResponse: comp === 'token',
  });
}

/**
 * Writes a DNS record straight into the sandbox's Alidns zone that holds `fqdn` (as the RPC handlers would), with
 * its write time, for the ownership-propagation tests. Returns the record id.
 */
export function putRecord(world: World, fqdn: string, type: string, value: string, writtenAt: number): string {
  const zone = zoneOf(world, fqdn);
  if (!zone) throw new Error(`no sandbox zone holds ${fqdn}`);
  const recordId = String(++world.seq.record);
  zone.records.set(recordId, {
    recordId,
    rr: relativeName(fqdn, zone.name),
    type,
    value,
    ttl: 600,
    line: 'default',
    status: 'ENABLE',
    remark: '',
    locked: false,
    weight: 1,
    createTimestamp: writtenAt,
    updateTimestamp: writtenAt,
  });
  world.recordWrittenAt.set(recordId, writtenAt);
  return recordId;
}

/** A plain HTTP request to the sandbox (for Host headers and bytes no SDK would send). */
export function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
