/**
 * The OssPort on ali-oss 6.23. ali-oss has no CNAME methods, so every call goes through its
 * internal `request()` with the bucket in the params, sub-resources in `subres` (signed), a Buffer body and explicit
 * `successStatuses` (without them ali-oss returns 4xx/5xx as results). One client per region, cached; credentials are
 * read from the CredentialSource before each call, so rotated STS sessions are picked up.
 *
 * Requests are signed with V4, whose scope names the bucket's region. GetBucketLocation is the exception: its caller
 * does not know the region yet, so it is signed with V1, which has no region in it.
 */
import OSS from 'ali-oss';
import { CloudError, registerSecret } from '../errors.js';
import type { Binding } from '../model.js';
import type { CnameToken, Governor, OssPort, StoredObject } from '../ports.js';
import { type CallInfo, ossError } from './oss-errors.js';
import { type OssSdk, objectMethods } from './oss-objects.js';
import { siteMethods } from './oss-site.js';
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

interface RawResult {
  status: number;
  data: any;
  headers: Record<string, string>;
  res: { headers: Record<string, string> };
}

/** The part of ali-oss we use: its internal request method, typed narrowly (ali-oss ships no types). */
interface OssRaw {
  options: { accessKeyId: string; accessKeySecret: string; stsToken?: string };
  request(p: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
    bucket: string;
    object?: string;
    subres?: string | string[] | Record<string, string>;
    query?: Record<string, string | number>;
    headers?: Record<string, string>;
    content?: Buffer;
    mime?: string;
    successStatuses: number[];
    xmlResponse?: boolean;
  }): Promise<RawResult>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** GetBucketLocation is answered by any region's endpoint; ask this one. */
const LOCATION_REGION = 'cn-hangzhou';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cnameBody(domain: string, certXml = ''): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><BucketCnameConfiguration><Cname>' +
      `<Domain>${xmlEscape(domain)}</Domain>${certXml}</Cname></BucketCnameConfiguration>`,
  );
}

const requestIdOf = (r: RawResult) => r.res?.headers?.['x-oss-request-id'] ?? r.headers?.['x-oss-request-id'] ?? '';

/** An HTTP date header as ms since the epoch; `undefined` when absent or unreadable. */
const httpTime = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
};
const headersOf = (r: RawResult): Record<string, string> => r.res?.headers ?? r.headers ?? {};

const isoOf = (date: unknown): string | undefined => {
  const t = typeof date === 'string' ? Date.parse(date) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

export function createOssAdapter(opts: OssAdapterOptions): OssPort {
  const endpoint = opts.endpoint?.trim() || undefined;
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clients = new Map<string, OssRaw>();

  /**
   * The region's client, with the current credentials put in place. ali-oss's object methods (listV2, putStream,
   * multipartUpload, deleteMulti) address the client's own bucket, so those get a client per bucket.
   */
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

  /** One request, through the runtime's governor: paced, bounded, retried. */
  function call(info: CallInfo, region: string, params: Parameters<OssRaw['request']>[0], v4 = true) {
    const once = async () => {
      try {
        return await (await client(region, v4)).request(params);
      } catch (e) {
        throw ossError(e, { ...info, region }, endpoint);
      }
    };
    if (!opts.governor) return once();
    const resource = info.domain ?? info.key ?? (info.bucket || undefined);
    return opts.governor.run({ service: 'oss', action: info.action, resource }, once);
  }

  const cname = (bucket: string, region: string, domain: string, action: string, comp: string, body: Buffer) =>
    call({ action, bucket, domain }, region, {
      method: 'POST',
      bucket,
      subres: { cname: '', comp },
      mime: 'xml',
      content: body,
      successStatuses: [200],
      xmlResponse: comp === 'token',
    });

  const token = (data: any): CnameToken => ({
    token: String(data?.Token ?? ''),
    expireTime: String(data?.ExpireTime ?? ''),
  });

  const objects = objectMethods({
    sdk: async (bucket, region) => (await client(region, true, bucket)) as unknown as OssSdk,
    fail: (e, info, region) => ossError(e, { ...info, region }, endpoint),
    timeoutMs: timeout,
    governor: opts.governor,
  });

  async function readObject(bucket: string, region: string, key: string): Promise<StoredObject | undefined> {
    try {
      const r = await call({ action: 'GetObject', bucket, key }, region, {
        method: 'GET',
        bucket,
        object: key,
        successStatuses: [200],
      });
      const h = headersOf(r);
      return {
        body: Buffer.isBuffer(r.data) ? r.data.toString('utf8') : String(r.data ?? ''),
        lastModified: httpTime(h['last-modified']) ?? 0,
        serverTime: httpTime(h.date),
      };
    } catch (e) {
      if (e instanceof CloudError && e.code === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  return {
    ...objects,
    ...siteMethods(call),
    async listCnames(bucket, region) {
      const r = await call({ action: 'ListCname', bucket }, region, {
        method: 'GET',
        bucket,
        subres: 'cname',
        successStatuses: [200],
        xmlResponse: true,
      });
      // xml2js gives one <Cname> as an object, several as an array, none as undefined.
      const list = ([] as any[]).concat(r.data?.Cname ?? []);
      return list.map(
        (c): Binding => ({
          domain: String(c.Domain ?? '').toLowerCase(),
          bucket,
          region,
          status: String(c.Status ?? ''),
          lastModified: c.LastModified ? String(c.LastModified) : undefined,
          // Java SDK tests parse "True": compare without case.
          purgeCdnCache: /^true$/i.test(String(c.IsPurgeCdnCache ?? '')) || undefined,
          certificate: c.Certificate
            ? {
                certId: c.Certificate.CertId ? String(c.Certificate.CertId) : undefined,
                type: c.Certificate.Type ? String(c.Certificate.Type) : undefined,
                status: c.Certificate.Status ? String(c.Certificate.Status) : undefined,
                validEndDate: isoOf(c.Certificate.ValidEndDate),
              }
            : undefined,
        }),
      );
    },

    async createCnameToken(bucket, region, domain) {
      const r = await cname(bucket, region, domain, 'CreateCnameToken', 'token', cnameBody(domain));
      return { ...token(r.data), requestId: requestIdOf(r) };
    },

    async putCname(bucket, region, domain, cert) {
      let certXml = '';
      if (cert && 'delete' in cert) {
        certXml = '<CertificateConfiguration><DeleteCertificate>true</DeleteCertificate></CertificateConfiguration>';
      } else if (cert) {
        // Force: OSS then replaces whatever certificate is bound without asking for its id (PreviousCertId), which is
        // what a desired-state tool wants (OSS API reference, PutCname, CertificateConfiguration).
        certXml = `<CertificateConfiguration><CertId>${xmlEscape(cert.certId)}</CertId><Force>true</Force></CertificateConfiguration>`;
      }
      const r = await cname(bucket, region, domain, 'PutCname', 'add', cnameBody(domain, certXml));
      return { requestId: requestIdOf(r) };
    },

    async deleteCname(bucket, region, domain) {
      try {
        const r = await cname(bucket, region, domain, 'DeleteCname', 'delete', cnameBody(domain));
        return { requestId: requestIdOf(r) };
      } catch (e) {
        // Older OSS answers NoSuchCname for an unbound domain; the current one answers 200. Both mean "not bound".
        if (e instanceof CloudError && e.code === 'NoSuchCname') return { requestId: e.requestId ?? '' };
        throw e;
      }
    },

    async getBucketRegion(bucket) {
      const r = await call(
        { action: 'GetBucketLocation', bucket },
        LOCATION_REGION,
        { method: 'GET', bucket, subres: 'location', successStatuses: [200], xmlResponse: true },
        false,
      );
      const location = String(typeof r.data === 'string' ? r.data : (r.data?._ ?? r.data ?? ''));
      return location.replace(/^oss-/, '');
    },

    async listBuckets() {
      const out: { bucket: string; region: string }[] = [];
      let marker = '';
      for (;;) {
        // Service-level call (no bucket): V1 like GetBucketLocation, so no region scope has to match.
        const query: Record<string, string | number> = { 'max-keys': 1000 };
        if (marker) query.marker = marker;
        const r = await call(
          { action: 'ListBuckets', bucket: '' },
          LOCATION_REGION,
          { method: 'GET', bucket: '', query, successStatuses: [200], xmlResponse: true },
          false,
        );
        for (const b of ([] as any[]).concat(r.data?.Buckets?.Bucket ?? [])) {
          const region = String(b.Region ?? b.Location ?? '').replace(/^oss-/, '');
          if (b.Name) out.push({ bucket: String(b.Name), region });
        }
        const next = r.data?.IsTruncated === 'true' ? String(r.data?.NextMarker ?? '') : '';
        if (!next || next === marker) return out;
        marker = next;
      }
    },

    async putObject(bucket, region, key, body, options) {
      const r = await call({ action: 'PutObject', bucket, key }, region, {
        method: 'PUT',
        bucket,
        object: key,
        content: Buffer.from(body, 'utf8'),
        headers: options?.forbidOverwrite ? { 'x-oss-forbid-overwrite': 'true' } : {},
        successStatuses: [200],
      });
      return { requestId: requestIdOf(r), serverTime: httpTime(headersOf(r).date) };
    },

    async getObject(bucket, region, key) {
      return (await readObject(bucket, region, key))?.body;
    },

    readObject,

    async deleteObject(bucket, region, key) {
      await call({ action: 'DeleteObject', bucket, key }, region, {
        method: 'DELETE',
        bucket,
        object: key,
        successStatuses: [204],
      });
    },
  };
}
