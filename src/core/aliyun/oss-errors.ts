/**
 * How the OSS adapter reports failures: whatever ali-oss throws becomes one CloudError with the API, OSS's code and
 * status, the request id, and a hint that says what to do — written for the codes a user of this tool meets.
 */
import { CloudError, isThrottlingCode } from '../errors.js';
import { OssXmlError } from './oss-xml.js';

/** What the call was about, for messages and hints. */
export interface CallInfo {
  action: string;
  bucket: string;
  region?: string;
  domain?: string;
  key?: string;
}

function hintFor(code: string, message: string, info: CallInfo, endpoint: string | undefined): string | undefined {
  const { bucket, region, domain, key } = info;
  switch (code) {
    case 'NeedVerifyDomainOwnership':
      return `OSS has not seen the TXT record _dnsauth.${domain} holding this bucket's CNAME token yet: create it (CreateCnameToken gives the value), wait for DNS to propagate, and retry.`;
    case 'CnameAlreadyExists':
      return `${domain} is bound to another bucket of this account; unbind it there first (or use takeover).`;
    case 'NoSuchCnameInRecord':
      return `${domain} has no ICP filing, which OSS requires for buckets in mainland China: file the domain (备案), or use a bucket in a region outside mainland China (e.g. ap-southeast-1).`;
    case 'NoSuchBucket':
      return `Check the bucket name "${bucket}": it does not exist in this account${region ? ` (looked in ${region})` : ''}.`;
    case 'AccessDenied':
      return /endpoint/i.test(message)
        ? `Bucket ${bucket} is not in ${region}: set the bucket's real region (the error names its endpoint; "oss-domains bind" without --region looks it up).`
        : `The credentials may not call ${info.action}${bucket ? ` on bucket ${bucket}` : ''}: grant it in RAM ("oss-domains policy" prints the least-privilege policy).`;
    case 'InvalidAccessKeyId':
      return 'OSS does not know this AccessKey ID: check ALIBABA_CLOUD_ACCESS_KEY_ID, and that the key is enabled.';
    case 'SignatureDoesNotMatch':
      return 'OSS rejected the signature: check that ALIBABA_CLOUD_ACCESS_KEY_SECRET belongs to ALIBABA_CLOUD_ACCESS_KEY_ID.';
    case 'RequestTimeTooSkewed':
      return "This machine's clock is more than 15 minutes off: synchronise it (NTP) and retry.";
    case 'InvalidDigest':
      return `The bytes OSS received for ${key} are not the ones that were hashed: the file changed while it was being deployed. Run the deploy again once the build has finished.`;
    case 'FileAlreadyExists':
      return `The object ${key} already exists and was not overwritten.`;
    case 'InvalidArgument':
    case 'MalformedXML':
      return `OSS refused the request's arguments${domain ? ` for ${domain}` : ''}: fix the domain or certificate settings as the message says.`;
    case 'InvalidResponse':
      return `Retry; if OSS's answers keep arriving cut short or changed, look for a proxy between this machine and ${endpoint ?? 'OSS'}.`;
    case 'ResponseTimeoutError':
    case 'ConnectionTimeoutError':
      return 'OSS did not answer in time: retry later, or check the network.';
    default:
      if (isThrottlingCode(code)) return 'OSS is throttling requests: retry with backoff.';
      if (code.startsWith('E') && /^E[A-Z]+$/.test(code)) {
        return `Could not reach OSS${endpoint ? ` at ${endpoint} (OSS_DOMAINS_OSS_ENDPOINT)` : ''}: check the network and retry.`;
      }
      return undefined;
  }
}

/** Turns whatever ali-oss threw into a CloudError (no credential can reach its message: see errors.ts). */
export function ossError(e: unknown, info: CallInfo, endpoint?: string): CloudError {
  if (e instanceof CloudError) return e;
  const err = (e ?? {}) as { name?: string; code?: string; status?: number; requestId?: string; message?: string };
  const raw = String(err.message ?? e);
  let code: string;
  let status: number;
  let message: string;
  if (e instanceof OssXmlError) {
    // Only successful (200) answers are decoded here; OSS's error answers are read by ali-oss.
    code = 'InvalidResponse';
    status = 200;
    message = raw;
  } else if (/Timeout/.test(err.name ?? '') || err.status === -2) {
    code = err.name && /Timeout/.test(err.name) ? err.name : 'ResponseTimeoutError';
    status = -2;
    message = raw.split(',')[0]!;
  } else if (
    err.status === undefined &&
    !/\bE[A-Z]{3,}\b/.test(`${raw} ${err.code ?? ''}`) &&
    err.name !== 'RequestError'
  ) {
    // Thrown by ali-oss before any request (a bad region or bucket argument): no network was involved, and
    // retrying cannot help, so it is a client error (status 0), not a network one.
    code = 'InvalidArgument';
    status = 0;
    message = raw;
  } else if (err.status === -1 || err.status === undefined) {
    // ali-oss wraps socket errors as RequestError with the errno only in the message ("connect ECONNREFUSED …").
    code = /\b(E[A-Z]{3,})\b/.exec(raw)?.[1] ?? err.code ?? err.name ?? 'NetworkError';
    status = -1;
    message = raw.split('\n')[0]!.split(', ')[0]!;
  } else {
    code = err.code ?? err.name?.replace(/Error$/, '') ?? 'Unknown';
    status = err.status;
    message = raw;
  }
  const what = [info.domain, info.key].filter(Boolean).join(' ');
  const where = info.bucket ? ` on bucket ${info.bucket}` : '';
  return new CloudError(`${info.action}${what ? ` ${what}` : ''}${where} failed: ${message}`, {
    service: 'oss',
    action: info.action,
    code,
    status,
    requestId: err.requestId || undefined,
    hint: hintFor(code, message, info, endpoint),
    resource: info.domain ?? info.key ?? (info.bucket || undefined),
    cause: e,
  });
}
