/**
 * What the Alidns and CDN adapters share about the openapi-core SDKs: building a client `Config` from the contract's
 * endpoint base URL, loading the SDK classes whatever the module interop, and turning every SDK failure into one
 * `CloudError` with a hint that says what to do.
 */
import { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import { CloudError, isThrottlingCode, type Service } from '../errors.js';
import type { Governor } from '../ports.js';
import { openapiCredential } from './credentials.js';
import type { CredentialSource } from './types.js';

/** Read timeout for one call. The SDK default (3 s) is too short for a slow page of 500 records. */
export const READ_TIMEOUT_MS = 15_000;
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The class an SDK package exports as `default`. Node's ESM loader hands us `module.exports` (the class is then on
 * `.default`); a bundler honouring `__esModule` hands us the class itself. Accept both.
 */
export function sdkClass<T>(mod: unknown): T {
  const m = mod as { default?: unknown };
  return (typeof m === 'function' ? m : m.default) as T;
}

/**
 * Splits a base URL (`http://127.0.0.1:9000`, `https://alidns.aliyuncs.com`) into what openapi-core wants: an
 * endpoint without a scheme (a scheme there becomes `http://http//…`) and a protocol. A bare `host[:port]` is
 * taken as https.
 */
export function parseEndpoint(base: string): { endpoint: string; protocol: 'http' | 'https' } {
  const text = base.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CloudError(`The endpoint "${base}" is not a URL.`, {
      service: 'config',
      code: 'InvalidEndpoint',
      status: 0,
      hint: 'Give a base URL such as http://127.0.0.1:9000 or https://alidns.aliyuncs.com.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CloudError(`The endpoint "${base}" must use http or https.`, {
      service: 'config',
      code: 'InvalidEndpoint',
      status: 0,
      hint: 'Give a base URL such as http://127.0.0.1:9000.',
    });
  }
  return { endpoint: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

export interface ClientOptions {
  credential: CredentialSource;
  /** Base URL override (`OSS_DOMAINS_DNS_ENDPOINT` / `OSS_DOMAINS_CDN_ENDPOINT`). */
  endpoint?: string;
  /** Read timeout per call in ms (default `READ_TIMEOUT_MS`). */
  timeoutMs?: number;
  /**
   * The rate governor every request goes through (the runtime always passes its own). Without one, requests go out
   * as they come and failures are not retried: only the adapter tests build an adapter that way.
   */
  governor?: Governor;
}

/**
 * A client `Config` with explicit timeouts and no SDK retries: `retryOptions` is left unset on purpose, because the
 * core's governor retries (pacing throttled calls, honouring x-acs-retry-after) and two retry layers would multiply
 * attempts.
 */
export function openapiConfig(opts: ClientOptions, publicEndpoint: string): $OpenApiUtil.Config {
  const { endpoint, protocol } = parseEndpoint(opts.endpoint ?? `https://${publicEndpoint}`);
  return new $OpenApiUtil.Config({
    credential: openapiCredential(opts.credential),
    endpoint,
    protocol,
    // Alidns refuses to build a client without a region even when the endpoint is given.
    regionId: 'cn-hangzhou',
    readTimeout: opts.timeoutMs ?? READ_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
}

/** What to do about the error codes a user can act on. Keyed by code; `*` entries apply to every service. */
const HINTS: Record<string, string> = {
  'InvalidDomainName.NoExist':
    'The zone is not in this account: add it to Alibaba Cloud DNS, set `zone:` to a zone the account has, or use `dns: none`.',
  IncorrectDomainUser:
    'The zone belongs to another Alibaba Cloud account (often a delegated sub-zone): set `zone:` to the zone this account manages, or use `dns: none`.',
  DomainRecordConflict:
    'Another record at this host name conflicts with a CNAME (a CNAME must be alone at its name): remove the other record, or choose another name.',
  DomainRecordDuplicate: 'An identical record already exists; there is nothing to change.',
  DomainRecordNotBelongToUser:
    'The record no longer exists in this account (deleted meanwhile?): run `oss-domains plan` again to read the current records.',
  DomainRecordLocked: 'The record is locked: unlock it in the Alibaba Cloud DNS console, then retry.',
  DomainOwnerVerifyFail:
    'CDN wants proof that you own the root domain: add the TXT record verification.<root> with the content DescribeVerifyContent returns, wait for it to propagate, then retry.',
  DomainNotRegistration:
    'The domain has no ICP filing, which CDN needs for mainland China: use `cdn: { scope: overseas }`, or file the domain first.',
  DomainAlreadyExist:
    'The domain is already added to CDN (or to DCDN, VOD or Live), perhaps in another account: remove it there first.',
  DomainOverLimit: 'The account holds as many CDN domains as it may: delete unused ones, or ask for a higher quota.',
  'QuotaExceeded.Refresh':
    'The daily refresh quota is used up: check DescribeRefreshQuota, refresh directories instead of single URLs, or retry after the daily reset.',
  'InvalidObjectPath.Size.Malformed': 'Send at most 1,000 URLs or 100 directories per call.',
  'InvalidDomain.NotFound':
    'The domain is not a CDN domain of this account: check the URL, or add the domain with `cdn: true`.',
  'InvalidDomain.Offline': 'The CDN domain is stopped: start it (StartCdnDomain) before refreshing it.',
  ServiceBusy: 'The CDN domain is still being configured: wait until it is online, then retry.',
  'Certificate.NotFind':
    'The certificate is not in Certificate Management Service: check `cert-id` (the numeric id shown in the console).',
  'Certificate.MissMatch': 'The certificate does not cover this domain: choose a certificate whose names include it.',
  'InvalidAccessKeyId.NotFound': 'The AccessKey id is unknown: check ALIBABA_CLOUD_ACCESS_KEY_ID.',
  'InvalidAccessKeyId.Inactive': 'The AccessKey is disabled: enable it or create a new one in the RAM console.',
  SignatureDoesNotMatch: 'The AccessKey secret does not match the id: check ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
  IncompleteSignature:
    'The request was not signed completely: check the credentials and any proxy that rewrites requests.',
  'InvalidTimeStamp.Expired': "This machine's clock is more than 15 minutes off: synchronise it (NTP), then retry.",
  'Forbidden.RAM': 'The RAM identity may not call this action: attach the policy `oss-domains policy` prints.',
  NoPermission: 'The RAM identity may not call this action: attach the policy `oss-domains policy` prints.',
};

function hintFor(code: string, status: number): string | undefined {
  if (HINTS[code]) return HINTS[code];
  if (isThrottlingCode(code)) return 'The API is throttling requests; the call is retried with backoff.';
  if (status >= 500) return 'Alibaba Cloud had a temporary failure; the call is retried.';
  return undefined;
}

export interface CallContext {
  service: Service;
  action: string;
  /** The endpoint called, for network errors. */
  endpoint: string;
  /** The domain, zone or record concerned. */
  resource?: string;
}

/**
 * Maps anything an openapi-core call throws to `CloudError`: API errors keep their code, HTTP status and
 * request id; network errors get status -1, timeouts -2; a body that is not JSON means the endpoint is not an
 * Alibaba Cloud API. A `CloudError` (from the credential source) passes through.
 */
export function toCloudError(e: unknown, ctx: CallContext): CloudError {
  if (e instanceof CloudError) return e;
  const err = (e ?? {}) as Record<string, any>;
  const where = `${ctx.action}${ctx.resource ? ` (${ctx.resource})` : ''}`;
  const base = { service: ctx.service, action: ctx.action, resource: ctx.resource, cause: e };
  if (typeof err.statusCode === 'number' && typeof err.code === 'string' && err.statusCode >= 400) {
    const status = err.statusCode as number;
    const data = (err.data ?? {}) as Record<string, unknown>;
    // The SDK stringifies a missing Code as "undefined": that body did not come from an Alibaba Cloud API.
    const foreign = err.code === 'undefined' || err.code === '';
    const code = foreign ? `HTTP${status}` : (err.code as string);
    // SignatureDoesNotMatch carries the server's string to sign: useless to a user, and noise in every log.
    const raw = typeof data.Message === 'string' ? data.Message : `HTTP ${status} without an error code`;
    const message = raw.replace(/\s*server string to sign is:.*$/is, '');
    return new CloudError(`${where} failed: ${message}`, {
      ...base,
      code,
      status,
      requestId: typeof data.RequestId === 'string' ? data.RequestId : undefined,
      retryAfterMs: typeof err.retryAfter === 'number' ? err.retryAfter : undefined,
      hint: foreign
        ? `${ctx.endpoint} answered without an Alibaba Cloud error code: check the endpoint and any proxy in between.`
        : hintFor(code, status),
    });
  }
  if (err.name === 'RequestTimeoutError' || /timeout/i.test(String(err.name ?? ''))) {
    return new CloudError(`${where}: ${ctx.endpoint} did not answer in time (${err.message ?? 'timeout'}).`, {
      ...base,
      code: 'RequestTimeoutError',
      status: -2,
      hint: 'The call is retried; if it keeps failing, check the network path to the endpoint.',
    });
  }
  if (err.name === 'SyntaxError') {
    return new CloudError(`${where}: ${ctx.endpoint} answered with something that is not JSON.`, {
      ...base,
      code: 'InvalidResponse',
      status: 0,
      hint: 'The endpoint is not an Alibaba Cloud API: check OSS_DOMAINS_DNS_ENDPOINT / OSS_DOMAINS_CDN_ENDPOINT.',
    });
  }
  if (typeof err.code === 'string' && /^E[A-Z]+/.test(err.code)) {
    return new CloudError(`${where}: could not reach ${ctx.endpoint} (${err.code}).`, {
      ...base,
      code: err.code,
      status: -1,
      hint: 'Check the network and the endpoint (OSS_DOMAINS_DNS_ENDPOINT / OSS_DOMAINS_CDN_ENDPOINT when set).',
    });
  }
  return new CloudError(`${where} failed: ${err.message ?? String(e)}`, { ...base, code: 'UnknownError', status: 0 });
}

/**
 * Every page of a paged Describe call (PageNumber from 1): pages until the reported total is reached, or a short page
 * ends it should the total be wrong.
 */
export async function allPages<T>(
  fetch: (pageNumber: number) => Promise<{ items: T[]; total: number }>,
  pageSize: number,
): Promise<T[]> {
  const out: T[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const { items, total } = await fetch(pageNumber);
    out.push(...items);
    if (out.length >= total || items.length < pageSize) return out;
  }
}

/** Runs one SDK request through the governor (when there is one), converting its failure. */
export function callApi<T>(ctx: CallContext, fn: () => Promise<T>, governor?: Governor): Promise<T> {
  const once = async () => {
    try {
      return await fn();
    } catch (e) {
      throw toCloudError(e, ctx);
    }
  };
  if (!governor) return once();
  const service = ctx.service === 'cdn' ? 'cdn' : 'alidns';
  return governor.run({ service, action: ctx.action, resource: ctx.resource }, once);
}

/** The part of an openapi-core client the generic call needs (Alidns's and CDN's clients both have it). */
interface GenericClient {
  callApi(
    params: $OpenApiUtil.Params,
    request: $OpenApiUtil.OpenApiRequest,
    runtime: never,
  ): Promise<{ body?: unknown; [k: string]: unknown }>;
}

/**
 * An RPC action through the SDK's own generic call (`Client.callApi`, what every typed method calls), signed and sent
 * exactly as the typed method sends it, returning the JSON body as it came: without the cast into the SDK's model
 * classes, which for a page of 500 DNS records built each record's field tables anew (about 2 KB of garbage a record).
 */
export async function rpcCall<T>(
  client: GenericClient,
  action: string,
  version: string,
  query: Record<string, string | number>,
): Promise<T> {
  const params = new $OpenApiUtil.Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
  // The runtime options the typed methods pass: none set (timeouts come from the client's Config).
  return (await client.callApi(params, request, {} as never)).body as T;
}
