/**
 * Every API operation the sandbox answers, in one table: which service it belongs to and the per-account rate limit
 * Alibaba Cloud documents for it (what `--qps documented` enforces). A new operation is one line here.
 *
 * Sources of the limits: Alibaba Cloud DNS "API throttling" (per region, API and parent account), the Alibaba Cloud
 * CDN API reference (the "QPS limit" of each operation page; AddCdnDomain's page also limits it to 100 calls per hour
 * per user), and OSS "HTTP status code 503" (10,000 requests per second per account in total). Operations whose page
 * gives no limit have none here.
 */
/** The services whose calls the sandbox answers and logs. */
export type CallService = 'oss' | 'alidns' | 'cdn';

/** Calls admitted per sliding window; an absent window is not limited. */
export interface Limit {
  perSecond?: number;
  perHour?: number;
}

export interface Operation {
  service: CallService;
  /** The documented per-account limit, if any. */
  limit?: Limit;
}

const alidns = (perSecond?: number): Operation =>
  perSecond === undefined ? { service: 'alidns' } : { service: 'alidns', limit: { perSecond } };
const cdn = (perSecond?: number, perHour?: number): Operation => {
  if (perSecond === undefined) return { service: 'cdn' };
  return { service: 'cdn', limit: perHour === undefined ? { perSecond } : { perSecond, perHour } };
};
const oss: Operation = { service: 'oss' };

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  // Alibaba Cloud DNS 2015-01-09
  DescribeDomains: alidns(),
  DescribeDomainRecords: alidns(100),
  DescribeSubDomainRecords: alidns(300),
  DescribeDomainRecordInfo: alidns(200),
  AddDomainRecord: alidns(60),
  UpdateDomainRecord: alidns(60),
  DeleteDomainRecord: alidns(60),
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
  DescribeDomainCertificateInfo: cdn(100),
  DescribeCdnHttpsDomainList: cdn(100),
  TagResources: cdn(),
  UntagResources: cdn(),
  DescribeTagResources: cdn(),
  ListTagResources: cdn(),
  // OSS: no per-API limit is documented, only the account's total (SERVICE_LIMITS).
  ListBuckets: oss,
  GetBucketLocation: oss,
  GetBucketInfo: oss,
  GetBucketAcl: oss,
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
};

/** Limits over all operations of a service together, keyed `<service>:*`. */
export const SERVICE_LIMITS: Readonly<Record<string, Limit>> = {
  'oss:*': { perSecond: 10_000 },
};

/** OSS operations on the service or a bucket ("meta operations"), throttled with `MetaOperationQpsLimitExceeded`. */
export function isOssMetaOperation(action: string): boolean {
  return OPERATIONS[action]?.service === 'oss' && !/Object/.test(action);
}
