/**
 * The OSS half of the sandbox. `prepareOss` routes a request (bucket, key, API name) without touching the world;
 * the front logs and injects faults by that name, then calls `run`, which checks, in OSS's order: the bucket exists
 * (`NoSuchBucket`), the endpoint is the bucket's region (`AccessDenied`, except GetBucketLocation), the signature
 * (auth.ts), the bucket ACL for anonymous requests, and finally runs the API.
 */
import { isOssMetaOperation } from '../operations.js';
import { accessDeniedDetail, type Denial } from '../ram/index.js';
import type { Account, BucketState, World } from '../state.js';
import { ossRequestId } from '../util.js';
import { authenticate, type Principal } from './auth.js';
import { deleteMultipleObjects } from './batch.js';
import { getBucketAcl, getBucketInfo, getBucketLocation, listBuckets } from './bucket.js';
import { edgeHeaders, httpsRedirect, originHost, originSigned } from './cdn-origin.js';
import { createCnameToken, deleteCname, getCnameToken, listCname, putCname } from './cname.js';
import { serveFromEdge } from './edge.js';
import { commonHeaders, MESSAGES, OssError, type OssResponse, renderOssError } from './errors.js';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload, uploadPart } from './multipart.js';
import { deleteObject, getObject, listObjects, one, putObject } from './objects.js';
import { OBJECT_WRITES, type OssRequest, type OssRoute, routeOss } from './route.js';
import { deleteBucketWebsite, getBucketWebsite, putBucketWebsite, serveWebsite } from './website.js';
import type { Handled } from './xml.js';

export type { OssResponse } from './errors.js';
export type { OssRequest } from './route.js';

/** RAM's decision on a call signed by `account` (the front asks the control surface). */
export type OssGate = (account: Account, route: OssRoute) => { allowed: true; by?: number[] } | Denial;

export interface OssCall {
  action: string;
  write: boolean;
  bucket?: string;
  via?: 'domain' | 'cdn';
  method: string;
  hostId: string;
  run(now: number): OssResponse & { allowedBy?: number[] };
}

const PUBLIC_READ = new Set(['GetObject', 'HeadObject', 'GetObjectMeta', 'ListObjects', 'ListObjectsV2']);
const PUBLIC_WRITE = new Set(OBJECT_WRITES);

/** Routes an OSS request now; the front logs and injects faults by the API name, then calls `run` (or not). */
export function prepareOss(world: World, req: OssRequest, now: () => number, gate?: OssGate): OssCall {
  const route = routeOss(world, req, now());
  const via = route.addressing.kind === 'domain' || route.addressing.kind === 'cdn' ? route.addressing.kind : undefined;
  const hostId = route.host;
  return {
    action: route.action,
    write: route.write,
    bucket: route.bucketName || undefined,
    via,
    method: req.method,
    hostId,
    run(at) {
      const requestId = ossRequestId();
      let allowedBy: number[] | undefined;
      const authorized: OssGate | undefined = gate
        ? (account, r) => {
            const d = gate(account, r);
            if (d.allowed) allowedBy = d.by;
            return d;
          }
        : undefined;
      try {
        const out =
          route.addressing.kind === 'cdn' && route.bucket
            ? throughEdge(world, route, req, at)
            : execute(world, route, req, at, authorized);
        const headers: Record<string, string> = { ...commonHeaders(requestId, at), ...out.headers };
        if (out.body && !headers['content-type']) headers['content-type'] = 'application/xml';
        return { status: out.status, headers, body: out.body, requestId, allowedBy };
      } catch (e) {
        const err =
          e instanceof OssError
            ? e
            : new OssError('InternalError', 500, `${MESSAGES.InternalError} (sandbox bug: ${(e as Error).message})`);
        return renderOssError(err, { requestId, hostId, method: req.method, now: at });
      }
    },
  };
}

/**
 * A request to an online CDN domain: the domain's functions first (https_force, cdn-origin.ts), then the edge's copy,
 * else a fetch from the origin with the Host and signing the domain's functions say; HSTS on the way out.
 */
function throughEdge(world: World, route: OssRoute, req: OssRequest, now: number): Handled {
  const addressing = route.addressing as Extract<OssRoute['addressing'], { kind: 'cdn' }>;
  const d = world.cdn.get(addressing.domain)!;
  const redirect = httpsRedirect(d, req, now);
  if (redirect) return redirect;
  const origin = () => {
    const host = originHost(d, addressing.origin, now);
    const forwarded: OssRequest = { ...req, headers: { ...req.headers, host } };
    const fetch = routeOss(world, forwarded, now, true);
    return execute(world, fetch, forwarded, now, undefined, { signed: originSigned(d, now) });
  };
  const out = serveFromEdge(
    world,
    addressing.domain,
    route.bucket!,
    { method: req.method, rawUrl: req.rawUrl, range: one(req.headers, 'range'), objectKey: route.key },
    now,
    origin,
  );
  return { ...out, headers: { ...out.headers, ...edgeHeaders(d, req.headers, now) } };
}

/** Object reads a CDN edge makes; a signed one (`l2_oss_key`) may not list the bucket. */
const EDGE_READS = new Set(['GetObject', 'HeadObject', 'ListObjects']);

function execute(
  world: World,
  route: OssRoute,
  req: OssRequest,
  now: number,
  gate?: OssGate,
  edge?: { signed: boolean },
): Handled {
  if (route.action === 'ListBuckets') {
    const who = authenticate(world, route, req, now);
    if (who.kind === 'anonymous') {
      throw new OssError('AccessDenied', 403, 'Anonymous access is forbidden for this operation.');
    }
    checkRam(gate, who.account, route);
    return listBuckets(world, new Map(route.query));
  }
  const bucket = route.bucket;
  if (!bucket) {
    throw new OssError('NoSuchBucket', 404, MESSAGES.NoSuchBucket!, { BucketName: route.bucketName }, '0015-00000101');
  }
  checkEndpoint(route, bucket);
  const principal = principalOf(world, route, req, now, bucket, gate, edge);

  const website = principal.kind === 'anonymous' ? websiteAnswer(bucket, route, req) : undefined;
  if (website) return forcedDownload(website, route);
  return dispatch(world, route, req, now, bucket);
}

/** The API's handler, once the caller may call it. */
function dispatch(world: World, route: OssRoute, req: OssRequest, now: number, bucket: BucketState): Handled {
  const q = new Map(route.query);
  switch (route.action) {
    case 'GetBucketLocation':
      return getBucketLocation(bucket);
    case 'GetBucketInfo':
      return getBucketInfo(world, bucket);
    case 'GetBucketAcl':
      return getBucketAcl(world, bucket);
    case 'PutBucketWebsite':
      return putBucketWebsite(bucket, req.body);
    case 'GetBucketWebsite':
      return getBucketWebsite(bucket);
    case 'DeleteBucketWebsite':
      return deleteBucketWebsite(bucket);
    case 'CreateCnameToken':
      return createCnameToken(bucket, req.body, now);
    case 'GetCnameToken':
      return getCnameToken(bucket, q.get('cname') ?? '', now);
    case 'PutCname':
      return putCname(world, bucket, req.body, now);
    case 'DeleteCname':
      return deleteCname(bucket, req.body);
    case 'ListCname':
      return listCname(world, bucket);
    case 'ListObjects':
    case 'ListObjectsV2':
      return listObjects(bucket, q, world.accounts[0]?.uid ?? '', route.action === 'ListObjectsV2');
    case 'PutObject':
      return putObject(bucket, route.key, req.headers, req.body, now);
    case 'GetObject':
    case 'HeadObject':
    case 'GetObjectMeta':
      return forcedDownload(getObject(bucket, route.key, req.headers), route);
    case 'DeleteObject':
      return deleteObject(bucket, route.key);
    case 'DeleteMultipleObjects':
      return deleteMultipleObjects(bucket, req.headers, req.body, q);
    case 'InitiateMultipartUpload':
      return initiateMultipartUpload(bucket, route.key, req.headers, now);
    case 'UploadPart':
      return uploadPart(bucket, route.key, q, req.headers, req.body);
    case 'CompleteMultipartUpload':
      return completeMultipartUpload(bucket, route.key, q, req.body, now);
    case 'AbortMultipartUpload':
      return abortMultipartUpload(bucket, route.key, q);
    default:
      throw new OssError(
        'NotImplemented',
        501,
        `The sandbox does not implement this OSS API (${req.method} ${req.rawUrl.slice(0, 200)}).`,
      );
  }
}

/** A bucket addressed through another region's endpoint is refused (GetBucketLocation excepted: it finds the region). */
function checkEndpoint(route: OssRoute, bucket: BucketState): void {
  const region = 'region' in route.addressing ? route.addressing.region : undefined;
  if (region !== undefined && region !== bucket.region && route.action !== 'GetBucketLocation') {
    throw new OssError(
      'AccessDenied',
      403,
      'The bucket you are attempting to access must be addressed using the specified endpoint. ' +
        'Please send all future requests to this endpoint.',
      { Bucket: bucket.name, Endpoint: `oss-${bucket.region}.aliyuncs.com` },
    );
  }
}

/**
 * Who is calling, once allowed: the account (signature, then RAM), a CDN edge (reads only; the account only with
 * l2_oss_key), or anonymous (as the bucket's ACL allows).
 */
function principalOf(
  world: World,
  route: OssRoute,
  req: OssRequest,
  now: number,
  bucket: BucketState,
  gate?: OssGate,
  edge?: { signed: boolean },
): Principal {
  let principal: Principal;
  if (edge) {
    // A CDN edge only reads; it signs as the account (through CDN's service role) only with l2_oss_key.
    if (!EDGE_READS.has(route.action)) {
      throw new OssError('MethodNotAllowed', 405, 'The CDN edge only serves GET and HEAD requests.');
    }
    if (edge.signed && route.action === 'ListObjects')
      throw new OssError('AccessDenied', 403, 'You are forbidden to list buckets.');
    principal = edge.signed ? { kind: 'account', account: world.accounts[0]! } : { kind: 'anonymous' };
  } else {
    principal = authenticate(world, route, req, now);
    if (principal.kind === 'account') checkRam(gate, principal.account, route);
  }
  if (principal.kind === 'anonymous') {
    const allowed =
      (PUBLIC_READ.has(route.action) && bucket.acl !== 'private') ||
      (PUBLIC_WRITE.has(route.action) && bucket.acl === 'public-read-write');
    if (!allowed) {
      const what = route.key ? 'object' : 'bucket';
      throw new OssError('AccessDenied', 403, `You have no right to access this ${what} because of bucket acl.`, {});
    }
  }
  return principal;
}

/**
 * The website answer to an anonymous read (website.ts), when the bucket hosts a website and the request is an object
 * read or a bare `GET /` (not a listing with parameters).
 */
function websiteAnswer(bucket: BucketState, route: OssRoute, req: OssRequest): Handled | undefined {
  const bare = route.action === 'ListObjects' && route.query.length === 0 && req.method === 'GET';
  if (!bucket.website || !(bare || route.action === 'GetObject' || route.action === 'HeadObject')) return undefined;
  return serveWebsite(bucket, route.key, (key) => getObject(bucket, key, req.headers));
}

/** On the default bucket domains OSS forces web pages to download; through a custom domain it previews inline. */
function forcedDownload(out: Handled, route: OssRoute): Handled {
  const html = out.headers?.['content-type']?.startsWith('text/html');
  if (html && (route.addressing.kind === 'virtual' || route.addressing.kind === 'path')) {
    out.headers!['content-disposition'] = 'attachment';
  }
  return out;
}

/**
 * RAM, for a signed call: OSS answers a refusal with 403 `AccessDenied`, its `<AccessDeniedDetail>`, and EC
 * 0003-00000201 for an explicit Deny (whose message blames the bucket policy even for a RAM policy, as documented) or
 * 0003-00000202 when no statement allows the call.
 */
function checkRam(gate: OssGate | undefined, account: Account, route: OssRoute): void {
  const d = gate?.(account, route);
  if (!d || d.allowed) return;
  const explicit = d.type === 'ExplicitDeny';
  throw new OssError(
    'AccessDenied',
    403,
    explicit
      ? 'Access denied by bucket policy.'
      : `You have no right to access this ${route.key ? 'object' : 'bucket'} because of RAM policy.`,
    { ...(route.bucketName ? { Bucket: route.bucketName } : {}), User: account.uid },
    explicit ? '0003-00000201' : '0003-00000202',
    accessDeniedDetail(d, account),
  );
}

/** The response for a fault the front injected instead of running the call. */
export function ossFaultResponse(call: OssCall, code: string, status: number, now: number): OssResponse {
  const message = MESSAGES[code] ?? `Injected fault: ${code}.`;
  return renderOssError(new OssError(code, status, message), {
    requestId: ossRequestId(),
    hostId: call.hostId,
    method: call.method,
    now,
  });
}

/**
 * The answer to a call over its rate limit: OSS's 503s. A limit on one service or bucket operation is
 * `MetaOperationQpsLimitExceeded`; the account total, or a limit on an object operation, `TotalQpsLimitExceeded`.
 */
export function ossThrottled(call: OssCall, key: string, now: number): OssResponse {
  const code =
    key !== 'oss:*' && isOssMetaOperation(call.action) ? 'MetaOperationQpsLimitExceeded' : 'TotalQpsLimitExceeded';
  return ossFaultResponse(call, code, 503, now);
}
