/**
 * The per-account API rate limits, in one table: every API operation this tool (or the sandbox) knows, its service,
 * and the limit Alibaba Cloud documents for it. The core's rate governor starts from these; the sandbox's
 * `--qps documented` enforces the same numbers, so both sides of every test agree on them.
 *
 * Sources: Alibaba Cloud DNS "API throttling" (per region, API and parent account); the Alibaba Cloud CDN API
 * reference, the "QPS limit" of each operation's page (AddCdnDomain's current page also allows only 100 calls per hour
 * per user; BatchSetCdnDomainConfig's 2025 page says 3 per second); OSS "Limits" and "HTTP status code 503"
 * (10,000 requests per second per account in total; service and bucket "meta" operations are throttled separately,
 * with `MetaOperationQpsLimitExceeded`, at a rate OSS does not publish).
 *
 * Where no limit is published the governor still paces the operation, at a rate chosen here (`CHOSEN`) and said so
 * in the README; a throttled answer then teaches it the account's real rate (see calls/governor.ts).
 */

export type LimitedService = 'oss' | 'alidns' | 'cdn';

/** Calls admitted per sliding window; an absent window is not limited. */
export interface Limit {
  perSecond?: number;
  perHour?: number;
}

export interface Operation {
  service: LimitedService;
  /** The documented per-account limit, if there is one. */
  limit?: Limit;
}

const alidns = (perSecond?: number): Operation =>
  perSecond === undefined ? { service: 'alidns' } : { service: 'alidns', limit: { perSecond } };
const cdn = (perSecond?: number, perHour?: number): Operation => {
  if (perSecond === undefined) return { service: 'cdn' };
  return { service: 'cdn', limit: perHour === undefined ? { perSecond } : { perSecond, perHour } };
};
const oss: Operation = { service: 'oss' };

/** Every operation, with its documented limit where one is published. A new operation is one line here. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  // Alibaba Cloud DNS 2015-01-09
  DescribeDomains: alidns(),
  DescribeDomainRecords: alidns(100),
  DescribeSubDomainRecords: alidns(300),
  DescribeDomainRecordInfo: alidns(200),
  AddDomainRecord: alidns(60),
  UpdateDomainRecord: alidns(60),
  DeleteDomainRecord: alidns(60),
  DeleteSubDomainRecords: alidns(20),
  UpdateDomainRecordRemark: alidns(),
  SetDomainRecordStatus: alidns(),
  // Alibaba Cloud CDN 2018-05-10
  AddCdnDomain: cdn(30, 100),
  DescribeCdnDomainDetail: cdn(30),
  DescribeUserDomains: cdn(100),
  StartCdnDomain: cdn(100),
  StopCdnDomain: cdn(40),
  DeleteCdnDomain: cdn(10),
  RefreshObjectCaches: cdn(50),
  PushObjectCache: cdn(50),
  DescribeRefreshTasks: cdn(10),
  DescribeRefreshQuota: cdn(20),
  DescribeVerifyContent: cdn(100),
  VerifyDomainOwner: cdn(100),
  SetCdnDomainSSLCertificate: cdn(30),
  SetDomainServerCertificate: cdn(10),
  BatchSetCdnDomainConfig: cdn(3),
  DescribeCdnDomainConfigs: cdn(100),
  DeleteSpecificConfig: cdn(30),
  DescribeDomainCertificateInfo: cdn(100),
  DescribeCdnHttpsDomainList: cdn(100),
  TagResources: cdn(),
  UntagResources: cdn(),
  DescribeTagResources: cdn(),
  ListTagResources: cdn(),
  // OSS: no per-operation limit is published, only the account's total (SERVICE_LIMITS).
  ListBuckets: oss,
  GetBucketLocation: oss,
  GetBucketInfo: oss,
  GetBucketAcl: oss,
  PutBucketWebsite: oss,
  GetBucketWebsite: oss,
  DeleteBucketWebsite: oss,
  CreateCnameToken: oss,
  GetCnameToken: oss,
  PutCname: oss,
  ListCname: oss,
  DeleteCname: oss,
  ListObjects: oss,
  ListObjectsV2: oss,
  PutObject: oss,
  GetObject: oss,
  HeadObject: oss,
  GetObjectMeta: oss,
  DeleteObject: oss,
  DeleteMultipleObjects: oss,
  InitiateMultipartUpload: oss,
  UploadPart: oss,
  CompleteMultipartUpload: oss,
  AbortMultipartUpload: oss,
};

/** Limits over all operations of a service together, keyed `<service>:*`. */
export const SERVICE_LIMITS: Readonly<Record<string, Limit>> = {
  'oss:*': { perSecond: 10_000 },
};

/** OSS operations on the service or a bucket ("meta operations"), which OSS throttles apart from object traffic. */
export function isOssMetaOperation(action: string): boolean {
  return OPERATIONS[action]?.service === 'oss' && !/Object|Multipart|UploadPart/.test(action);
}

/**
 * The rates the governor uses where nothing is published: an Alidns or CDN operation gets its documented sibling's
 * (the record remark and status are record writes, like UpdateDomainRecord; DescribeDomains reads like
 * DescribeDomainRecords; CDN's tag calls go with the domain calls they accompany). OSS meta operations: 100 per second,
 * far above what a plan or an apply needs per bucket, well below the account's total. OSS object operations get no
 * rate of their own: the account total and the bound on concurrent calls govern them.
 */
const CHOSEN: Readonly<Record<string, number>> = {
  DescribeDomains: 100,
  UpdateDomainRecordRemark: 60,
  SetDomainRecordStatus: 60,
  TagResources: 30,
  UntagResources: 30,
  DescribeTagResources: 30,
  ListTagResources: 100,
};

export function chosenLimit(action: string): Limit | undefined {
  const op = OPERATIONS[action];
  if (!op || op.limit) return undefined;
  if (CHOSEN[action] !== undefined) return { perSecond: CHOSEN[action] };
  return op.service === 'oss' && isOssMetaOperation(action) ? { perSecond: 100 } : undefined;
}

/** The documented limits only (what the sandbox's `--qps documented` enforces): operations and service totals. */
export function documentedLimits(): Map<string, Limit> {
  const out = new Map<string, Limit>(Object.entries(SERVICE_LIMITS).map(([k, v]) => [k, { ...v }]));
  for (const [name, op] of Object.entries(OPERATIONS)) if (op.limit) out.set(name, { ...op.limit });
  return out;
}

/**
 * The limits the governor starts from: documented ones, the chosen ones where none is published, and `overrides`
 * (from `OSS_DOMAINS_QPS`) over both. An override sets calls per second and keeps a documented hourly limit.
 */
export function accountLimits(overrides: ReadonlyMap<string, number> = new Map()): Map<string, Limit> {
  const out = documentedLimits();
  for (const name of Object.keys(OPERATIONS)) {
    const chosen = chosenLimit(name);
    if (chosen) out.set(name, chosen);
  }
  for (const [name, perSecond] of overrides) out.set(name, { ...out.get(name), perSecond });
  return out;
}
