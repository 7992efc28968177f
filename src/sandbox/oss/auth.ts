/**
 * OSS request authentication, server side: V1 (`Authorization: OSS AK:sig`, HMAC-SHA1), V1 presigned URLs
 * (`OSSAccessKeyId`/`Expires`/`Signature`), and V4 (`OSS4-HMAC-SHA256`), as the OSS API reference describes them. The
 * canonical forms are rebuilt from the request as received, so a signature only verifies when the client signed exactly
 * what it sent.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Account, World } from '../state.js';
import { authorizationFields, rfc3986 } from '../util.js';
import { OssError } from './errors.js';
import type { OssRoute } from './route.js';

export type Principal = { kind: 'anonymous' } | { kind: 'account'; account: Account };

const MAX_SKEW_MS = 15 * 60_000;

/** Query keys OSS signs in V1 (the documented sub-resources plus those the SDKs add). */
const SIGNED_SUBRESOURCES = new Set([
  'acl', 'append', 'asyncFetch', 'bucketInfo', 'callback', 'callback-var', 'cname', 'comp', 'continuation-token',
  'cors', 'delete', 'encryption', 'endTime', 'img', 'inventory', 'inventoryId', 'lifecycle', 'live', 'location',
  'logging', 'objectMeta', 'partNumber', 'policy', 'position', 'qos', 'referer', 'regionList', 'replication',
  'replicationLocation', 'replicationProgress', 'requestPayment', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'response-content-language', 'response-content-type',
  'response-expires', 'restore', 'security-token', 'sequential', 'startTime', 'stat', 'status', 'style', 'styleName',
  'symlink', 'tagging', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'vod', 'website', 'worm',
  'wormExtend', 'wormId', 'x-oss-process', 'x-oss-traffic-limit',
]); // biome-ignore format: a word list

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/** Who sent the request. Throws `OssError` for a malformed, unknown, expired or wrongly signed request. */
export function authenticate(
  world: World,
  route: OssRoute,
  req: { method: string; headers: IncomingHttpHeaders },
  now: number,
): Principal {
  const auth = header(req.headers, 'authorization');
  const q = new Map(route.query);
  if (auth !== undefined) {
    if (auth.startsWith('OSS4-HMAC-SHA256 ')) return verifyV4(world, route, req, auth, now);
    if (auth.startsWith('OSS ')) return verifyV1(world, route, req, auth, now);
    throw new OssError('InvalidArgument', 400, 'Authorization header is invalid.', { ArgumentName: 'Authorization' });
  }
  if (q.has('OSSAccessKeyId') || q.has('Signature')) return verifyPresignedV1(world, route, req, q, now);
  if (q.has('x-oss-signature-version')) {
    throw new OssError('NotImplemented', 501, 'The sandbox does not implement V4 presigned URLs; sign the headers.');
  }
  return { kind: 'anonymous' };
}

function accountOf(world: World, accessKeyId: string): Account {
  const account = world.accounts.find((a) => a.accessKeyId === accessKeyId);
  if (!account) {
    throw new OssError('InvalidAccessKeyId', 403, 'The OSS Access Key Id you provided does not exist in our records.', {
      OSSAccessKeyId: accessKeyId,
    });
  }
  return account;
}

function checkSkew(when: number, now: number, raw: string): void {
  if (Number.isNaN(when)) {
    throw new OssError('AccessDenied', 403, 'OSS authentication requires a valid Date.', {});
  }
  if (Math.abs(now - when) > MAX_SKEW_MS) {
    throw new OssError(
      'RequestTimeTooSkewed',
      403,
      'The difference between the request time and the current time is too large.',
      { RequestTime: raw, ServerTime: new Date(now).toISOString(), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
    );
  }
}

/** `/<bucket>/<key>?<signed sub-resources, sorted, raw values>` */
function canonicalResourceV1(route: OssRoute): string {
  const path = route.bucketName ? `/${route.bucketName}/${route.key}` : '/';
  const sub = route.query
    .filter(([k]) => SIGNED_SUBRESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  return sub.length ? `${path}?${sub.join('&')}` : path;
}

function stringToSignV1(route: OssRoute, req: { method: string; headers: IncomingHttpHeaders }, date: string): string {
  const ossHeaders = Object.keys(req.headers)
    .filter((k) => k.startsWith('x-oss-'))
    .sort()
    .map((k) => `${k}:${(header(req.headers, k) ?? '').trim()}\n`)
    .join('');
  return (
    `${req.method.toUpperCase()}\n${header(req.headers, 'content-md5') ?? ''}\n` +
    `${header(req.headers, 'content-type') ?? ''}\n${date}\n${ossHeaders}${canonicalResourceV1(route)}`
  );
}

/** The V1 signature check shared by the header and the presigned URL: `date` is the Date, or the URL's Expires. */
function checkV1(
  account: Account,
  route: OssRoute,
  req: { method: string; headers: IncomingHttpHeaders },
  date: string,
  provided: string,
): Principal {
  const sts = stringToSignV1(route, req, date);
  const expected = createHmac('sha1', account.accessKeySecret).update(sts, 'utf8').digest('base64');
  if (expected === provided) return { kind: 'account', account };
  throw new OssError(
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    {
      OSSAccessKeyId: account.accessKeyId,
      SignatureProvided: provided,
      StringToSign: sts,
      StringToSignBytes: [...Buffer.from(sts)].map((b) => b.toString(16).padStart(2, '0')).join(' '),
    },
    '0002-00000040',
  );
}

function verifyV1(
  world: World,
  route: OssRoute,
  req: { method: string; headers: IncomingHttpHeaders },
  auth: string,
  now: number,
): Principal {
  const m = /^OSS ([^:\s]+):(\S+)$/.exec(auth.trim());
  if (!m)
    throw new OssError('InvalidArgument', 400, 'Authorization header is invalid.', { ArgumentName: 'Authorization' });
  const account = accountOf(world, m[1]!);
  const date = header(req.headers, 'date') ?? header(req.headers, 'x-oss-date');
  if (date === undefined) throw new OssError('AccessDenied', 403, 'OSS authentication requires a valid Date.');
  checkSkew(Date.parse(date), now, date);
  return checkV1(account, route, req, date, m[2]!);
}

function verifyPresignedV1(
  world: World,
  route: OssRoute,
  req: { method: string; headers: IncomingHttpHeaders },
  q: Map<string, string>,
  now: number,
): Principal {
  const id = q.get('OSSAccessKeyId') ?? '';
  const expires = q.get('Expires') ?? '';
  const signature = q.get('Signature') ?? '';
  if (!id || !expires || !signature) {
    throw new OssError('AccessDenied', 403, 'Presigned URLs need OSSAccessKeyId, Expires and Signature.');
  }
  const account = accountOf(world, id);
  if (Number(expires) * 1000 < now) {
    throw new OssError('AccessDenied', 403, 'Request has expired.', {
      Expires: new Date(Number(expires) * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  return checkV1(account, route, req, expires, signature);
}

function verifyV4(
  world: World,
  route: OssRoute,
  req: { method: string; headers: IncomingHttpHeaders },
  auth: string,
  now: number,
): Principal {
  const fields = authorizationFields(auth.slice('OSS4-HMAC-SHA256 '.length));
  const credential = fields.get('Credential')?.split('/') ?? [];
  const signature = fields.get('Signature');
  const [accessKeyId, day, region, product, terminator] = credential;
  if (credential.length !== 5 || !signature || terminator !== 'aliyun_v4_request' || !product) {
    throw new OssError('InvalidArgument', 400, 'Authorization header is invalid.', { ArgumentName: 'Authorization' });
  }
  const account = accountOf(world, accessKeyId!);
  const xDate = header(req.headers, 'x-oss-date');
  if (!xDate) throw new OssError('AccessDenied', 403, 'OSS authentication requires a valid Date.');
  const iso = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xDate);
  checkSkew(iso ? Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!) : Number.NaN, now, xDate);
  if (xDate.slice(0, 8) !== day) {
    throw new OssError('InvalidArgument', 400, 'Invalid signing date in Authorization header.', {
      ArgumentName: 'Authorization',
    });
  }
  if (route.bucket && route.action !== 'GetBucketLocation' && region !== route.bucket.region) {
    throw new OssError('InvalidArgument', 400, 'Invalid signing region in Authorization header.', {
      ArgumentName: 'Authorization',
    });
  }

  // OSS signs no payload in V4: the body's integrity is Content-MD5's job, and any other value is refused.
  const payload = header(req.headers, 'x-oss-content-sha256');
  if (payload !== 'UNSIGNED-PAYLOAD') {
    throw new OssError(
      'InvalidArgument',
      400,
      'The x-oss-content-sha256 only supports UNSIGNED-PAYLOAD.',
      { ArgumentName: 'x-oss-content-sha256', ArgumentValue: payload ?? '' },
      '0002-00000214',
    );
  }

  const additional = (fields.get('AdditionalHeaders') ?? '')
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const names = new Set(additional);
  for (const k of Object.keys(req.headers)) {
    if (k === 'content-type' || k === 'content-md5' || k.startsWith('x-oss-')) names.add(k);
  }
  const canonicalHeaders = [...names]
    .sort()
    .map((k) => `${k}:${(header(req.headers, k) ?? '').trim()}\n`)
    .join('');
  const uri = rfc3986(route.bucketName ? `/${route.bucketName}/${route.key}` : '/').replace(/%2F/g, '/');
  const query = route.query
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
  const canonicalRequest = [req.method.toUpperCase(), uri, query, canonicalHeaders, additional.join(';'), payload].join(
    '\n',
  );
  const scope = `${day}/${region}/${product}/aliyun_v4_request`;
  const sts = `OSS4-HMAC-SHA256\n${xDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(
    hmac(hmac(hmac(`aliyun_v4${account.accessKeySecret}`, day!), region!), product),
    'aliyun_v4_request',
  );
  const expected = createHmac('sha256', signingKey).update(sts).digest('hex');
  if (expected !== signature) {
    throw new OssError(
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      {
        OSSAccessKeyId: accessKeyId!,
        SignatureProvided: signature,
        CanonicalRequest: canonicalRequest,
        StringToSign: sts,
      },
      '0002-00000040',
    );
  }
  return { kind: 'account', account };
}
