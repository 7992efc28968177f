/**
 * Narrow ports: one interface per cloud service, holding only the calls the core makes. The Alibaba Cloud adapters
 * (src/core/aliyun/) implement them with the official SDKs; tests point those adapters at the sandbox.
 *
 * Every method throws `CloudError` (src/core/errors.ts) on failure. Write methods return the request id of the call
 * so that reports can cite it.
 */
import type {
  Binding,
  BucketAcl,
  BucketWebsite,
  CdnCertificate,
  CdnDomain,
  CdnFunction,
  CdnFunctionConfig,
  CdnScope,
  CdnSource,
  DnsRecord,
  Zone,
} from './model.js';

/** An object as GetObject returned it, with OSS's clock: what the apply lock judges expiry by. */
export interface StoredObject {
  body: string;
  /** `Last-Modified`: when OSS stored it, by OSS's clock (ms since the epoch, whole seconds). */
  lastModified: number;
  /** `Date` of the response: OSS's clock when it answered (ms since the epoch, whole seconds); absent if not sent. */
  serverTime?: number;
}

export interface CnameToken {
  token: string;
  /** RFC 1123, as OSS returns it. */
  expireTime: string;
}

/** OSS: the bucket CNAME calls, plus the few object calls the lock and audit log need. */
export interface OssPort {
  /** ListCname: every domain bound to the bucket. */
  listCnames(bucket: string, region: string): Promise<Binding[]>;
  /** CreateCnameToken (a write; returns the same token while it is valid). */
  createCnameToken(bucket: string, region: string, domain: string): Promise<CnameToken & { requestId: string }>;
  /** GetCnameToken (a read); `undefined` when there is none or it expired (CnameTokenNotFound). */
  getCnameToken(bucket: string, region: string, domain: string): Promise<CnameToken | undefined>;
  /**
   * PutCname. `cert`: `{ certId }` binds (with Force, so no PreviousCertId is needed), `{ delete: true }` unbinds the
   * certificate, `undefined` leaves the certificate alone.
   */
  putCname(
    bucket: string,
    region: string,
    domain: string,
    cert?: { certId: string } | { delete: true },
  ): Promise<{ requestId: string }>;
  /** DeleteCname (idempotent). */
  deleteCname(bucket: string, region: string, domain: string): Promise<{ requestId: string }>;
  /** GetBucketLocation → region id without `oss-` (e.g. `cn-hangzhou`). */
  getBucketRegion(bucket: string): Promise<string>;
  /**
   * ListBuckets, every page: the account's buckets and their regions. OSS cannot say which bucket holds a domain, so
   * this is how a binding nothing points at is found (an unbind that failed halfway, CnameAlreadyExists).
   */
  listBuckets(): Promise<{ bucket: string; region: string }[]>;
  /** GetBucketAcl: who may read the bucket without signing. */
  getBucketAcl(bucket: string, region: string): Promise<BucketAcl>;
  /** GetBucketWebsite; `undefined` when the bucket has none (NoSuchWebsiteConfiguration). */
  getBucketWebsite(bucket: string, region: string): Promise<BucketWebsite | undefined>;
  /** PutBucketWebsite: replaces the bucket's website configuration (its routing rules too). */
  putBucketWebsite(bucket: string, region: string, website: BucketWebsite): Promise<{ requestId: string }>;

  /** PutObject; with `forbidOverwrite` it fails with code `FileAlreadyExists` when the key exists. */
  putObject(
    bucket: string,
    region: string,
    key: string,
    body: string,
    opts?: { forbidOverwrite?: boolean },
  ): Promise<{ requestId: string; serverTime?: number }>;
  /** GetObject; `undefined` when the key does not exist. */
  getObject(bucket: string, region: string, key: string): Promise<string | undefined>;
  /** GetObject with its `Last-Modified` and the response's `Date` (OSS's clock); `undefined` when it does not exist. */
  readObject(bucket: string, region: string, key: string): Promise<StoredObject | undefined>;
  deleteObject(bucket: string, region: string, key: string): Promise<void>;
  /** ListObjectsV2: one page of up to 1,000 objects under `prefix`, after `token`; `next` continues the listing. */
  listObjectPage(
    bucket: string,
    region: string,
    prefix: string,
    token?: string,
  ): Promise<{ objects: RemoteObject[]; next?: string }>;
  /**
   * PutObject of a local file with its `Content-MD5`: OSS refuses the upload (`InvalidDigest`) when the bytes it
   * received are not the ones hashed, e.g. because the file changed since.
   */
  putFile(
    bucket: string,
    region: string,
    key: string,
    file: LocalUpload,
    opts: UploadOptions,
  ): Promise<{ requestId: string }>;
  /** Multipart upload of a local file in parts of `partSize` bytes; an upload that fails is aborted. */
  putFileInParts(
    bucket: string,
    region: string,
    key: string,
    file: LocalUpload,
    opts: UploadOptions & { partSize: number },
  ): Promise<{ requestId: string }>;
  /** HeadObject: the object's user metadata (`x-oss-meta-<name>` as `<name>`); `undefined` when there is no object. */
  headObjectMeta(bucket: string, region: string, key: string): Promise<Record<string, string> | undefined>;
  /** DeleteMultipleObjects in Quiet mode, at most 1,000 keys (the caller batches); lists the keys OSS did not delete. */
  deleteObjects(
    bucket: string,
    region: string,
    keys: string[],
  ): Promise<{ requestId: string; failed: { key: string; code: string; message: string }[] }>;
}

/** An object as ListObjectsV2 describes it. */
export interface RemoteObject {
  key: string;
  /** Without quotes, upper case: the MD5 of a simple upload; anything else after a multipart or append upload. */
  etag: string;
  size: number;
  /** `Normal` | `Multipart` | `Appendable` */
  type: string;
  lastModified: string;
}

/** A file on disk to upload, as the deploy hashed it. */
export interface LocalUpload {
  path: string;
  size: number;
  /** Lower-case hex. */
  md5: string;
}

/** What an object is stored with besides its content. */
export interface UploadOptions {
  contentType: string;
  cacheControl?: string;
  /** `x-oss-meta-<name>` */
  meta?: Record<string, string>;
}

export interface DnsPort {
  /** DescribeDomains, every page (PageSize 100). */
  listZones(): Promise<Zone[]>;
  /** DescribeDomainRecords of one zone, every page (PageSize 500). */
  listRecords(zone: string): Promise<DnsRecord[]>;
  addRecord(
    zone: string,
    rec: { rr: string; type: string; value: string; ttl: number },
  ): Promise<{ recordId: string; requestId: string }>;
  /** UpdateDomainRecord. A no-op update (`DomainRecordDuplicate`) is reported as `{ unchanged: true }`. */
  updateRecord(
    recordId: string,
    rec: { rr: string; type: string; value: string; ttl: number },
  ): Promise<{ requestId: string; unchanged?: boolean }>;
  deleteRecord(recordId: string): Promise<{ requestId: string }>;
  /** UpdateDomainRecordRemark (the ownership marker). */
  setRemark(recordId: string, remark: string): Promise<{ requestId: string }>;
  /** SetDomainRecordStatus: a record disabled by hand is enabled again (a disabled CNAME does not resolve). */
  setStatus(recordId: string, status: 'Enable' | 'Disable'): Promise<{ requestId: string }>;
}

export interface RefreshQuota {
  urlQuota: number;
  urlRemain: number;
  dirQuota: number;
  dirRemain: number;
  preloadQuota: number;
  preloadRemain: number;
}

export interface RefreshTask {
  taskId: string;
  objectPath: string;
  /** `file` | `directory` | `preload` ... (lower case, as the API lists them) */
  objectType: string;
  /** `Refreshing` | `Complete` | `Failed` */
  status: string;
  process?: string;
  description?: string;
}

export interface CdnPort {
  /**
   * DescribeUserDomains, every page (PageSize 500); with `owner`, only domains tagged with that owner marker. With
   * `owners: false`, the owner tags are not read (one call and one RAM action fewer, `owner` left unset).
   */
  listDomains(filter?: { owner?: string; owners?: boolean }): Promise<CdnDomain[]>;
  /** DescribeCdnDomainDetail; `undefined` when the domain is not in the account. */
  getDomain(domain: string): Promise<CdnDomain | undefined>;
  /** AddCdnDomain (CdnType web) with the owner tag. Throws `DomainOwnerVerifyFail` when CDN wants proof. */
  addDomain(
    domain: string,
    opts: { sources: CdnSource[]; scope: CdnScope; owner: string },
  ): Promise<{ requestId: string }>;
  /** Tag an existing domain with the owner marker (TagResources), for `takeover`. */
  tagOwner(domain: string, owner: string): Promise<{ requestId: string }>;
  describeVerifyContent(domain: string): Promise<string>;
  /** VerifyDomainOwner with dnsCheck. Throws `DomainOwnerVerifyFail` while the TXT record is not seen. */
  verifyDomainOwner(domain: string): Promise<{ requestId: string }>;
  startDomain(domain: string): Promise<{ requestId: string }>;
  deleteDomain(domain: string): Promise<{ requestId: string }>;
  /** SetCdnDomainSSLCertificate: `certId` turns HTTPS on with a CAS certificate; `undefined` turns it off. */
  setCertificate(domain: string, certId: string | undefined): Promise<{ requestId: string }>;
  /** DescribeDomainCertificateInfo: the certificate the domain serves. */
  getCertificate(domain: string): Promise<CdnCertificate>;
  /** DescribeCdnDomainConfigs: the domain's configured functions, only those named when `names` is given. */
  getConfigs(domain: string, names?: string[]): Promise<CdnFunctionConfig[]>;
  /**
   * BatchSetCdnDomainConfig: sets `functions` on every domain of `domains` in one call (at most 50 domains, and 50
   * domains × functions: the caller batches). Returns the ConfigId each (domain, function) now has.
   */
  setConfigs(
    domains: string[],
    functions: CdnFunction[],
  ): Promise<{ requestId: string; configs: { domain: string; name: string; configId: string }[] }>;
  /** DeleteSpecificConfig: removes configurations of one domain by ConfigId. */
  deleteConfigs(domain: string, configIds: string[]): Promise<{ requestId: string }>;
  /** RefreshObjectCaches: at most 1,000 URLs or 100 directories per call (the caller batches). */
  refresh(paths: string[], type: 'File' | 'Directory'): Promise<{ taskIds: string[]; requestId: string }>;
  /** PushObjectCache (preload). */
  preload(paths: string[]): Promise<{ taskIds: string[]; requestId: string }>;
  getRefreshQuota(): Promise<RefreshQuota>;
  /** DescribeRefreshTasks by task id. */
  getRefreshTasks(taskIds: string[]): Promise<RefreshTask[]>;
}

/** DNS lookups for the final verification (through OSS_DOMAINS_RESOLVER when set). */
export interface ResolverPort {
  /** The CNAME chain then addresses: `['abc-img.oss-cn-hangzhou.aliyuncs.com', '127.0.0.1']`; [] for NXDOMAIN. */
  resolve(name: string): Promise<string[]>;
  /** TXT values of a name ([] when none). */
  resolveTxt(name: string): Promise<string[]>;
}

/** Progress events: the front-ends render them (spinner, Actions log group, Slack message update). */
export interface ProgressEvent {
  domain?: string;
  /** `step-start` | `step-done` | `step-failed` | `wait` | `retry` | `info` */
  kind: string;
  message: string;
}

export interface Clock {
  now(): number;
}

/** One API call, as the rate governor sees it. */
export interface CallSpec {
  service: 'oss' | 'alidns' | 'cdn';
  /** The API operation as its documentation names it (`AddDomainRecord`, `PutCname`, `PutObject`). */
  action: string;
  /** The domain, zone, record or object concerned, for messages. */
  resource?: string;
}

/** What the governor counted for one operation. */
export interface ActionStats {
  /** Calls sent (every attempt). */
  sent: number;
  ok: number;
  /** Throttled answers received. */
  throttled: number;
  /** Other failures that were retried (5xx, network). */
  retried: number;
  /** Calls that failed for good. */
  failed: number;
  /** The pace now, in calls per second (undefined: not paced). */
  rate?: number;
}

/**
 * The per-account rate governor (src/core/calls/governor.ts): every API call goes through `run`, which waits for the
 * operation's pace, bounds the calls in flight per service, and retries what is worth retrying. The SDK adapters call
 * it around each request; code that calls an SDK directly (a multipart upload) must wrap each request the same way.
 */
export interface Governor {
  run<T>(call: CallSpec, fn: () => Promise<T>): Promise<T>;
  /** Counts by operation since the governor was made. */
  stats(): Record<string, ActionStats>;
}

/** Everything the core needs from the outside world, injected. */
export interface Runtime {
  oss: OssPort;
  dns: DnsPort;
  cdn: CdnPort;
  resolver: ResolverPort;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  /** Progress sink; the core never prints. */
  progress(event: ProgressEvent): void;
  /** Limits and waits, overridable for tests and the sandbox. */
  tuning: Tuning;
  /** The rate governor the ports' calls go through (shared by the three services, as the account's limits are). */
  governor: Governor;
}

export interface Tuning {
  /** Calls in flight per service. */
  concurrency: number;
  /** Total time to keep retrying NeedVerifyDomainOwnership / DomainOwnerVerifyFail. */
  ownershipTimeoutMs: number;
  /** Total time to wait for a CDN domain to go online. */
  cdnOnlineTimeoutMs: number;
  /** First backoff delay; doubles (with jitter) up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts for a call failing with a 5xx or a network error, including the first. */
  maxAttempts: number;
  /**
   * Throttled calls are retried, at a lowered pace, for as long as calls of the same operation keep succeeding; an
   * operation with no success for this long gives up.
   */
  throttleStallMs: number;
  /** Poll interval for waits (CDN online, refresh tasks). */
  pollMs: number;
  /** How long an apply waits for the apply lock held by another run before giving up (naming the holder). */
  lockWaitMs: number;
}

export const defaultTuning: Tuning = {
  concurrency: 16,
  ownershipTimeoutMs: 5 * 60_000,
  cdnOnlineTimeoutMs: 15 * 60_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxAttempts: 6,
  throttleStallMs: 120_000,
  pollMs: 5_000,
  lockWaitMs: 10 * 60_000,
};
