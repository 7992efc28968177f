/**
 * OSS object APIs: PutObject (with `x-oss-forbid-overwrite`, `Content-MD5`, the standard headers and `x-oss-meta-*`
 * stored with the object), GetObject / HeadObject (ranges and ETag conditions), DeleteObject, and ListObjects V1 and
 * V2 (prefix, delimiter, max-keys, marker / continuation token, KeyCount).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { BucketState, ObjectState } from '../state.js';
import { contentTypeFor, httpDate, isoMs, newObject, xmlEscape } from '../util.js';
import { OssError } from './errors.js';
import { type Handled, xmlDoc } from './xml.js';

export const one = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The standard headers OSS stores with an object and sends back on GET / HEAD. */
const STORED = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const META = 'x-oss-meta-';

/** What a write stores besides the body: the standard headers above and the user metadata. */
export function storedHeaders(h: IncomingHttpHeaders): {
  headers: Record<string, string>;
  meta: Record<string, string>;
} {
  const headers: Record<string, string> = {};
  const meta: Record<string, string> = {};
  for (const name of STORED) {
    const v = one(h, name);
    if (v !== undefined) headers[name] = v;
  }
  for (const [name, v] of Object.entries(h)) {
    if (name.startsWith(META) && v !== undefined) meta[name.slice(META.length)] = Array.isArray(v) ? v.join(',') : v;
  }
  return { headers, meta };
}

/**
 * `Content-MD5`, when sent, must be the base64 of the body's 16-byte MD5: a value that is not one is EC 0017-00000502,
 * one that differs from the body EC 0017-00000503 (both `InvalidDigest`).
 */
export function checkContentMd5(headers: IncomingHttpHeaders, body: Buffer, key?: string): void {
  const md5 = one(headers, 'content-md5');
  if (md5 === undefined) return;
  const extra: Record<string, string> = key === undefined ? {} : { Key: key };
  if (!/^[A-Za-z0-9+/]{22}==$/.test(md5.trim())) {
    throw new OssError('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.', extra, '0017-00000502');
  }
  if (md5.trim() !== createHash('md5').update(body).digest('base64')) {
    throw new OssError('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', extra, '0017-00000503');
  }
}

export function putObject(
  bucket: BucketState,
  key: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  now: number,
): Handled {
  if (Buffer.byteLength(key) > 1023) {
    throw new OssError('InvalidObjectName', 400, 'The object name is longer than 1023 bytes.', {
      Key: key.slice(0, 64),
    });
  }
  checkContentMd5(headers, body, key);
  if (one(headers, 'x-oss-forbid-overwrite')?.toLowerCase() === 'true' && bucket.objects.has(key)) {
    throw new OssError(
      'FileAlreadyExists',
      409,
      'The object you specified already exists and can not be overwritten.',
      { Key: key },
    );
  }
  const obj = {
    ...newObject(body, one(headers, 'content-type') || contentTypeFor(key), now),
    ...storedHeaders(headers),
  };
  bucket.objects.set(key, obj);
  return { status: 200, headers: { etag: `"${obj.etag}"` } };
}

function objectHeaders(obj: ObjectState): Record<string, string> {
  const meta = Object.fromEntries(Object.entries(obj.meta ?? {}).map(([k, v]) => [`${META}${k}`, v]));
  return {
    ...obj.headers,
    ...meta,
    'content-type': obj.contentType,
    etag: `"${obj.etag}"`,
    'last-modified': httpDate(obj.lastModified),
    'accept-ranges': 'bytes',
    'x-oss-object-type': obj.type ?? 'Normal',
    'x-oss-storage-class': 'Standard',
  };
}

function noSuchKey(key: string): OssError {
  return new OssError('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }, '0026-00000001');
}

/** GetObject and HeadObject (the front drops the body of a HEAD). */
export function getObject(bucket: BucketState, key: string, headers: IncomingHttpHeaders): Handled {
  const obj = bucket.objects.get(key);
  if (!obj) throw noSuchKey(key);
  const h = objectHeaders(obj);
  const tag = `"${obj.etag}"`;
  const ifMatch = one(headers, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').some((t) => t.trim() === tag)) {
    throw new OssError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold.', {
      Condition: 'If-Match',
    });
  }
  const ifNoneMatch = one(headers, 'if-none-match');
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch.split(',').some((t) => t.trim() === tag))) {
    return { status: 304, headers: { etag: h.etag!, 'last-modified': h['last-modified']! } };
  }
  const size = obj.body.length;
  const range = /^bytes=(\d*)-(\d*)$/.exec(one(headers, 'range')?.trim() ?? '');
  if (range && (range[1] || range[2])) {
    let start: number;
    let end: number;
    if (range[1] === '') {
      start = Math.max(0, size - Number(range[2]));
      end = size - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    }
    if (start >= size) {
      throw new OssError('InvalidRange', 416, 'The requested range cannot be satisfied.', {
        RangeRequested: one(headers, 'range')!,
        ActualObjectSize: String(size),
      });
    }
    // An inverted range is not a range: OSS ignores it and returns the whole object.
    if (start <= end) {
      const part = obj.body.subarray(start, end + 1);
      return {
        status: 206,
        headers: { ...h, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(part.length) },
        body: part,
      };
    }
  }
  return { status: 200, headers: { ...h, 'content-length': String(size) }, body: obj.body };
}

export function deleteObject(bucket: BucketState, key: string): Handled {
  bucket.objects.delete(key);
  return { status: 204 };
}

function maxKeysOf(q: Map<string, string>): number {
  const raw = q.get('max-keys');
  if (raw === undefined || raw === '') return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 1000) {
    throw new OssError('InvalidArgument', 400, 'Argument max-keys must be an integer between 0 and 1000.', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  }
  return n;
}

/**
 * One page of keys after `after`, under `prefix`, with keys sharing a `delimiter`-terminated prefix rolled into
 * common prefixes. Each common prefix counts once against max-keys, as in OSS.
 */
function page(bucket: BucketState, prefix: string, delimiter: string, after: string, max: number) {
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const k of keys) {
    const rest = k.slice(prefix.length);
    const d = delimiter ? rest.indexOf(delimiter) : -1;
    const common = d >= 0 ? prefix + rest.slice(0, d + delimiter.length) : undefined;
    // A marker that is a common prefix (a previous page's NextMarker) skips the rest of that prefix's keys.
    if (common !== undefined && (common === prefixes.at(-1) || common === after)) continue;
    if (contents.length + prefixes.length >= max) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else contents.push(k);
    last = common ?? k;
  }
  return { contents, prefixes, truncated, next: last };
}

export function listObjects(bucket: BucketState, q: Map<string, string>, ownerId: string, v2: boolean): Handled {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const max = maxKeysOf(q);
  const url = q.get('encoding-type') === 'url';
  const enc = (s: string) => xmlEscape(url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  let after: string;
  if (v2) {
    const token = q.get('continuation-token');
    after = token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '');
  } else {
    after = q.get('marker') ?? '';
  }
  const p = page(bucket, prefix, delimiter, after, max);
  const withOwner = !v2 || q.get('fetch-owner') === 'true';
  const owner = withOwner ? `<Owner><ID>${ownerId}</ID><DisplayName>${ownerId}</DisplayName></Owner>` : '';
  const contents = p.contents
    .map((k) => {
      const o = bucket.objects.get(k)!;
      return (
        `<Contents><Key>${enc(k)}</Key><LastModified>${isoMs(o.lastModified)}</LastModified>` +
        `<ETag>"${o.etag}"</ETag><Type>${o.type ?? 'Normal'}</Type><Size>${o.body.length}</Size>` +
        `<StorageClass>Standard</StorageClass>${owner}</Contents>`
      );
    })
    .join('');
  const prefixes = p.prefixes.map((x) => `<CommonPrefixes><Prefix>${enc(x)}</Prefix></CommonPrefixes>`).join('');
  let head = `<Name>${xmlEscape(bucket.name)}</Name><Prefix>${enc(prefix)}</Prefix>`;
  if (v2) {
    const token = q.get('continuation-token');
    if (token) head += `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`;
    if (q.has('start-after')) head += `<StartAfter>${enc(q.get('start-after')!)}</StartAfter>`;
  } else {
    head += `<Marker>${enc(after)}</Marker>`;
  }
  head += `<MaxKeys>${max}</MaxKeys><Delimiter>${enc(delimiter)}</Delimiter>`;
  if (url) head += '<EncodingType>url</EncodingType>';
  head += `<IsTruncated>${p.truncated}</IsTruncated>`;
  if (p.truncated) {
    head += v2
      ? `<NextContinuationToken>${Buffer.from(p.next).toString('base64url')}</NextContinuationToken>`
      : `<NextMarker>${enc(p.next)}</NextMarker>`;
  }
  if (v2) head += `<KeyCount>${p.contents.length + p.prefixes.length}</KeyCount>`;
  return { status: 200, body: xmlDoc('ListBucketResult', head + contents + prefixes) };
}
