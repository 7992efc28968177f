/**
 * OSS errors as OSS sends them (OSS API reference, error responses): an XML `<Error>` body with Code, Message,
 * RequestId, HostId, operation-specific elements and `<EC>`; for HEAD requests no body, the same XML base64-encoded in
 * `x-oss-err`.
 */
import type { Reply } from '../front.js';
import { httpDate, xmlEscape } from '../util.js';

/** Thrown by OSS handlers; rendered by `renderOssError`. */
export class OssError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra elements, in order (`Bucket`, `Key`, `CnameType`, `StringToSign`, …). */
    readonly extra: Record<string, string> = {},
    /** The `<EC>` error-center code. */
    readonly ec?: string,
    /** RAM refusals: the `<AccessDeniedDetail>` elements, written after HostId. */
    readonly accessDeniedDetail?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The response of an OSS call, with what the call log needs. */
export interface OssResponse extends Reply {
  requestId: string;
  /** Set on errors. */
  code?: string;
}

/** Canned messages for errors the front injects or several handlers share. */
export const MESSAGES: Record<string, string> = {
  TotalQpsLimitExceeded: 'Max total qps limit is exceeded',
  MetaOperationQpsLimitExceeded: 'Qps limit for the meta operation is exceeded',
  ServiceUnavailable: 'Thread pool is almost full, please retry later',
  InternalError: 'We encountered an internal error. Please try again.',
  AccessDenied: 'You have no right to access this object because of bucket acl.',
  NoSuchBucket: 'The specified bucket does not exist.',
  NoSuchKey: 'The specified key does not exist.',
};

export function commonHeaders(requestId: string, now: number): Record<string, string> {
  return {
    server: 'AliyunOSS',
    date: httpDate(now),
    'x-oss-request-id': requestId,
    'x-oss-server-time': '1',
  };
}

export function renderOssError(
  err: OssError,
  ctx: { requestId: string; hostId: string; method: string; now: number },
): OssResponse {
  const extra = Object.entries(err.extra)
    .map(([k, v]) => `  <${k}>${xmlEscape(v)}</${k}>\n`)
    .join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${xmlEscape(err.code)}</Code>\n` +
    `  <Message>${xmlEscape(err.message)}</Message>\n` +
    `  <RequestId>${ctx.requestId}</RequestId>\n` +
    `  <HostId>${xmlEscape(ctx.hostId)}</HostId>\n` +
    (err.accessDeniedDetail
      ? `  <AccessDeniedDetail>\n${Object.entries(err.accessDeniedDetail)
          .map(([k, v]) => `    <${k}>${xmlEscape(v)}</${k}>\n`)
          .join('')}  </AccessDeniedDetail>\n`
      : '') +
    extra +
    (err.ec ? `  <EC>${err.ec}</EC>\n` : '') +
    (err.ec ? `  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=${err.ec}</RecommendDoc>\n` : '') +
    '</Error>\n';
  const body = Buffer.from(xml);
  const headers: Record<string, string> = {
    ...commonHeaders(ctx.requestId, ctx.now),
    'content-type': 'application/xml',
  };
  if (err.ec) headers['x-oss-ec'] = err.ec;
  if (ctx.method === 'HEAD') {
    headers['x-oss-err'] = body.toString('base64');
    headers['content-length'] = '0';
    return { status: err.status, headers, requestId: ctx.requestId, code: err.code };
  }
  return { status: err.status, headers, body, requestId: ctx.requestId, code: err.code };
}
