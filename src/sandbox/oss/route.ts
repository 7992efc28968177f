/**
 * OSS request routing (OSS documentation: endpoints and bucket domain names): which bucket a request addresses, by
 * which kind of host, and which API it is. Routing reads the world but never changes it, so the front can name the API
 * (for the call log and fault injection) before anything runs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type BucketState, bucketOfDomain, cdnStatus, type World } from '../state.js';

export interface OssRequest {
  method: string;
  /** The request target as received (`/logo.png?acl`). */
  rawUrl: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** How the Host header addressed the bucket. */
export type Addressing =
  /** `<bucket>.oss-<region>.aliyuncs.com` or `<bucket>.<region>.aliyuncs.com` (ali-oss with an IP endpoint). */
  | { kind: 'virtual'; region: string }
  /** `/<bucket>/<key>` on any other host (127.0.0.1, localhost, `oss-<region>.aliyuncs.com`). */
  | { kind: 'path'; region?: string }
  /** A custom domain bound to the bucket with PutCname. */
  | { kind: 'domain'; domain: string }
  /** An online CDN domain whose origin is the bucket's domain (`origin`, as the domain's source names it). */
  | { kind: 'cdn'; domain: string; origin: string };

export interface OssRoute {
  /** The bucket name addressed ('' for service-level calls such as ListBuckets). */
  bucketName: string;
  bucket?: BucketState;
  /** The object key, decoded ('' for bucket-level calls). */
  key: string;
  addressing: Addressing;
  /** Raw query pairs, decoded, in order; a key without `=` has value ''. */
  query: [string, string][];
  action: string;
  write: boolean;
  /** Lower-case host name without the port. */
  host: string;
}

const VIRTUAL = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.(?:oss-)?([a-z]{2,}-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/;
const SERVICE = /^oss-([a-z]{2,}-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/;

/** The object APIs that write: the ones a public-read-write bucket lets anyone call. */
export const OBJECT_WRITES: readonly string[] = [
  'PutObject',
  'DeleteObject',
  'DeleteMultipleObjects',
  'InitiateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
];

const WRITES = new Set([
  ...OBJECT_WRITES,
  'CreateCnameToken',
  'PutCname',
  'DeleteCname',
  'PutBucket',
  'DeleteBucket',
  'PutBucketWebsite',
  'DeleteBucketWebsite',
]);

/** Decodes `%XX` but leaves `+` alone: OSS keys and values may contain a literal plus. */
function decodePart(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseQuery(rawUrl: string): [string, string][] {
  const q = rawUrl.indexOf('?');
  if (q < 0) return [];
  return rawUrl
    .slice(q + 1)
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decodePart(p), ''] : [decodePart(p.slice(0, eq)), decodePart(p.slice(eq + 1))];
    });
}

/**
 * Names the bucket, key, addressing and API of a request, reading the world but not changing it. `fromEdge`: the
 * request is a CDN edge fetching from its origin, so a Host that is itself a CDN domain means the bucket bound to it.
 */
export function routeOss(world: World, req: OssRequest, now: number, fromEdge = false): OssRoute {
  const host = (String(req.headers.host ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/\.$/, '') || '127.0.0.1') as string;
  const rawPath = req.rawUrl.split('?')[0] ?? '/';
  const query = parseQuery(req.rawUrl);
  let bucketName = '';
  let key = '';
  let addressing: Addressing;

  const virtual = VIRTUAL.exec(host);
  const service = SERVICE.exec(host);
  // A domain behind CDN resolves to the CDN, not to OSS, even when it is also bound to the bucket (as CDN needs for
  // web pages): an online CDN domain is served by its edge first.
  const edge = virtual || service || fromEdge ? undefined : cdnOrigin(world, host, now);
  const bound = virtual || service || edge ? undefined : bucketOfDomain(world, host);
  if (virtual) {
    bucketName = virtual[1]!;
    key = decodePart(rawPath.slice(1));
    addressing = { kind: 'virtual', region: virtual[2]! };
  } else if (edge) {
    bucketName = edge.bucket.name;
    key = decodePart(rawPath.slice(1));
    addressing = { kind: 'cdn', domain: host, origin: edge.origin };
  } else if (bound) {
    bucketName = bound.name;
    key = decodePart(rawPath.slice(1));
    addressing = { kind: 'domain', domain: host };
  } else {
    const path = rawPath.slice(1);
    const slash = path.indexOf('/');
    bucketName = decodePart(slash < 0 ? path : path.slice(0, slash));
    key = slash < 0 ? '' : decodePart(path.slice(slash + 1));
    addressing = { kind: 'path', region: service?.[1] };
  }
  const action = actionOf(req.method, bucketName, key, new Set(query.map(([k]) => k)), query);
  return {
    bucketName,
    bucket: world.buckets.get(bucketName),
    key,
    addressing,
    query,
    action,
    write: WRITES.has(action),
    host,
  };
}

/** The bucket behind an online CDN domain whose origin is `<bucket>.oss-<region>.aliyuncs.com`, and that origin. */
function cdnOrigin(world: World, host: string, now: number): { bucket: BucketState; origin: string } | undefined {
  const d = world.cdn.get(host);
  if (!d || cdnStatus(d, now) !== 'online') return undefined;
  for (const s of d.sources) {
    const origin = s.content.toLowerCase();
    const m = VIRTUAL.exec(origin);
    const b = m ? world.buckets.get(m[1]!) : undefined;
    if (b && b.region === m![2]) return { bucket: b, origin };
  }
  return undefined;
}

function actionOf(method: string, bucket: string, key: string, has: Set<string>, query: [string, string][]): string {
  const value = (k: string) => query.find(([x]) => x === k)?.[1];
  if (!bucket) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (key) {
    if (has.has('uploads')) return method === 'POST' ? 'InitiateMultipartUpload' : 'Unknown';
    if (has.has('uploadId')) return multipartAction(method, has);
    if ([...has].some((k) => ['acl', 'tagging', 'symlink', 'append', 'restore', 'partNumber'].includes(k)))
      return 'Unknown';
    switch (method) {
      case 'PUT':
        return 'PutObject';
      case 'GET':
        return 'GetObject';
      case 'HEAD':
        return has.has('objectMeta') ? 'GetObjectMeta' : 'HeadObject';
      case 'DELETE':
        return 'DeleteObject';
      default:
        return 'Unknown';
    }
  }
  const comp = value('comp');
  if (has.has('website')) {
    if (method === 'PUT') return 'PutBucketWebsite';
    if (method === 'GET') return 'GetBucketWebsite';
    if (method === 'DELETE') return 'DeleteBucketWebsite';
    return 'Unknown';
  }
  if (method === 'POST' && has.has('delete')) return 'DeleteMultipleObjects';
  if (method === 'POST' && has.has('cname')) {
    if (comp === 'token') return 'CreateCnameToken';
    if (comp === 'add') return 'PutCname';
    if (comp === 'delete') return 'DeleteCname';
    return 'Unknown';
  }
  if (method === 'GET') {
    if (comp === 'token' && has.has('cname')) return 'GetCnameToken';
    if (has.has('cname')) return 'ListCname';
    if (has.has('location')) return 'GetBucketLocation';
    if (has.has('bucketInfo')) return 'GetBucketInfo';
    if (has.has('acl')) return 'GetBucketAcl';
    if ([...has].some((k) => !LIST_PARAMS.has(k))) return 'Unknown';
    return value('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  }
  return 'Unknown';
}

/** The calls on an upload id: its parts (PUT), completing it (POST), aborting it (DELETE). */
function multipartAction(method: string, has: Set<string>): string {
  if (method === 'PUT' && has.has('partNumber')) return 'UploadPart';
  if (method === 'POST') return 'CompleteMultipartUpload';
  if (method === 'DELETE') return 'AbortMultipartUpload';
  return 'Unknown';
}

const LIST_PARAMS = new Set([
  'list-type',
  'prefix',
  'marker',
  'max-keys',
  'delimiter',
  'encoding-type',
  'continuation-token',
  'start-after',
  'fetch-owner',
]);
