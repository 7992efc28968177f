/**
 * The four request signatures, written from Alibaba Cloud's documentation independently of the sandbox's verifiers,
 * so the tests can send what no SDK sends (a replay, an unsigned header, a bogus payload hash) with a signature that
 * is otherwise right. Each returns what goes on the wire.
 */
import { createHash, createHmac } from 'node:crypto';

/** RFC 3986: encodeURIComponent, plus `! ' ( ) *`. */
export const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * ACS3-HMAC-SHA256 ("Request syntax and signature method V3"): the headers named in `signed` (default: host,
 * content-type and every x-acs-* header sent) are signed; returns the headers to send, Authorization included.
 */
export function acs3(opts: {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: Buffer;
  accessKeyId: string;
  secret: string;
  signed?: string[];
}): { headers: Record<string, string>; queryString: string; canonicalRequest: string; signature: string } {
  const body = opts.body ?? Buffer.alloc(0);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) headers[k.toLowerCase()] = v;
  headers['x-acs-content-sha256'] ??= sha256(body);
  const names = (
    opts.signed ?? Object.keys(headers).filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
  )
    .map((h) => h.toLowerCase())
    .sort();
  const query = Object.entries(opts.query ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const queryString = query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const canonicalRequest = [
    opts.method ?? 'POST',
    opts.path ?? '/',
    queryString,
    names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join(''),
    names.join(';'),
    headers['x-acs-content-sha256'],
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`;
  const signature = createHmac('sha256', opts.secret).update(stringToSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${opts.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { headers, queryString, canonicalRequest, signature };
}

/** RPC signature V2 (HMAC-SHA1, `Signature` parameter): returns the signature of `params` (all but Signature). */
export function rpcV2(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${enc('/')}&${enc(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** OSS V1 (`Authorization: OSS AK:signature`): the signature of a prepared string to sign. */
export function ossV1(stringToSign: string, secret: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/** OSS V4 (`OSS4-HMAC-SHA256`): the signature of a canonical request, for a date, region and secret. */
export function ossV4(opts: { canonicalRequest: string; dateTime: string; region: string; secret: string }): {
  stringToSign: string;
  signature: string;
} {
  const day = opts.dateTime.slice(0, 8);
  const scope = `${day}/${opts.region}/oss/aliyun_v4_request`;
  const stringToSign = `OSS4-HMAC-SHA256\n${opts.dateTime}\n${scope}\n${sha256(opts.canonicalRequest)}`;
  const h = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = h(h(h(h(`aliyun_v4${opts.secret}`, day), opts.region), 'oss'), 'aliyun_v4_request');
  return { stringToSign, signature: createHmac('sha256', key).update(stringToSign).digest('hex') };
}

/** `20261128T102336Z` */
export const v4Date = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** `2026-11-28T10:23:36Z` */
export const acsDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
