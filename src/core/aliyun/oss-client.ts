/**
 * The OSS adapter's transport on ali-oss 6.23: one client per region (and per bucket for ali-oss's object methods),
 * cached, with the current credentials put in place before each call so rotated STS sessions are picked up; and
 * `call`, one raw request through the runtime's governor with ali-oss's error turned into a CloudError.
 *
 * ali-oss has no CNAME methods, and its website methods drop fields (oss-site.ts), so `call` goes through its internal
 * `request()`: the bucket in the params, sub-resources in `subres` (signed), a Buffer body and explicit
 * `successStatuses` (without them ali-oss returns 4xx/5xx as results). A successful XML answer is read by
 * parseOssXml (`xml` in the request) rather than by ali-oss's xml2js, which costs about five times the CPU; ali-oss
 * still reads the error answers itself.
 */
import OSS from 'ali-oss';
import { type CloudError, registerSecret } from '../errors.js';
import type { Governor } from '../ports.js';
import { type CallInfo, ossError } from './oss-errors.js';
import { type OssXmlShape, parseOssXml } from './oss-xml.js';
import type { AccessKey, CredentialSource } from './types.js';

export interface OssAdapterOptions {
  credential: CredentialSource;
  /** `OSS_DOMAINS_OSS_ENDPOINT`: every request goes to this base URL, whatever the region. */
  endpoint?: string;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** The rate governor every request goes through (see openapi.ts `ClientOptions.governor`). */
  governor?: Governor;
}

export interface RawResult {
  status: number;
  data: any;
  headers: Record<string, string>;
  res: { headers: Record<string, string> };
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  bucket: string;
  object?: string;
  subres?: string | string[] | Record<string, string>;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  content?: Buffer;
  mime?: string;
  successStatuses: number[];
  /** Decode the answer's XML body into `data` (see parseOssXml), with these elements always arrays. */
  xml?: OssXmlShape;
}

/** The part of ali-oss we use: its internal request method, typed narrowly (ali-oss ships no types). */
interface OssRaw {
  options: { accessKeyId: string; accessKeySecret: string; stsToken?: string };
  request(p: Omit<RawRequest, 'xml'>): Promise<RawResult>;
}

/** One raw request; `v4: false` signs with V1, whose signature names no region. */
export type OssCall = (info: CallInfo, region: string, params: RawRequest, v4?: boolean) => Promise<RawResult>;

export interface OssTransport {
  call: OssCall;
  /** The bucket's own client in `region`, for ali-oss's object methods (listV2, putStream, …) that address it. */
  bucketClient(bucket: string, region: string): Promise<unknown>;
  /** ali-oss's error (or a transport failure) as a CloudError with a hint. */
  fail(e: unknown, info: CallInfo, region: string): CloudError;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Text for an XML element: the five predefined entities escaped. */
export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export const headersOf = (r: Pick<RawResult, 'headers' | 'res'>): Record<string, string> =>
  r.res?.headers ?? r.headers ?? {};

export const requestIdOf = (r: Pick<RawResult, 'headers' | 'res'>): string =>
  r.res?.headers?.['x-oss-request-id'] ?? r.headers?.['x-oss-request-id'] ?? '';

/** An HTTP date header as ms since the epoch; `undefined` when absent or unreadable. */
export const httpTime = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
};

export function ossTransport(opts: OssAdapterOptions): OssTransport {
  const endpoint = opts.endpoint?.trim() || undefined;
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clients = new Map<string, OssRaw>();

  /** The region's client, with the current credentials put in place. */
  async function client(region: string, v4 = true, bucket?: string): Promise<OssRaw> {
    const key: AccessKey = await opts.credential();
    registerSecret(key.accessKeySecret);
    registerSecret(key.securityToken);
    const id = `${region}|${v4 ? 'v4' : 'v1'}|${bucket ?? ''}`;
    let c = clients.get(id);
    if (!c) {
      c = new OSS({
        accessKeyId: key.accessKeyId,
        accessKeySecret: key.accessKeySecret,
        stsToken: key.securityToken,
        // ali-oss warns when an STS token comes without a refresher; ours is the per-call update below.
        refreshSTSToken: key.securityToken
          ? async () => ({
              accessKeyId: c!.options.accessKeyId,
              accessKeySecret: c!.options.accessKeySecret,
              stsToken: c!.options.stsToken ?? '',
            })
          : undefined,
        region: `oss-${region}`,
        endpoint,
        secure: endpoint ? endpoint.startsWith('https:') : true,
        authorizationV4: v4,
        timeout,
        bucket,
      }) as unknown as OssRaw;
      clients.set(id, c);
    }
    c.options.accessKeyId = key.accessKeyId;
    c.options.accessKeySecret = key.accessKeySecret;
    c.options.stsToken = key.securityToken;
    return c;
  }

  const fail = (e: unknown, info: CallInfo, region: string) => ossError(e, { ...info, region }, endpoint);

  /** One request, through the runtime's governor: paced, bounded, retried. */
  const call: OssCall = (info, region, { xml, ...params }, v4 = true) => {
    const once = async () => {
      try {
        const r = await (await client(region, v4)).request(params);
        if (xml) r.data = parseOssXml(r.data, xml);
        return r;
      } catch (e) {
        throw fail(e, info, region);
      }
    };
    if (!opts.governor) return once();
    const resource = info.domain ?? info.key ?? (info.bucket || undefined);
    return opts.governor.run({ service: 'oss', action: info.action, resource }, once);
  };

  return { call, bucketClient: (bucket, region) => client(region, true, bucket), fail, timeoutMs: timeout };
}
