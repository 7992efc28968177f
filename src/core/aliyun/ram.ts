/**
 * The API operations each adapter method calls: the one declaration the RAM policy (`oss-domains policy`) is built
 * from, so the policy and the calls cannot drift apart. A method that starts calling another operation adds it here;
 * test/adapters/ram.test.ts runs every method against the sandbox and fails on any call that is not declared.
 *
 * Kept apart from the adapters so that `oss-domains policy` does not load the SDKs.
 */
import type { CdnPort, DnsPort, OssPort } from '../ports.js';

type Table<P> = { readonly [K in keyof P]-?: readonly string[] };

export const OSS_CALLS = {
  listCnames: ['ListCname'],
  createCnameToken: ['CreateCnameToken'],
  getCnameToken: ['GetCnameToken'],
  getBucketAcl: ['GetBucketAcl'],
  getBucketWebsite: ['GetBucketWebsite'],
  putBucketWebsite: ['PutBucketWebsite'],
  putCname: ['PutCname'],
  deleteCname: ['DeleteCname'],
  getBucketRegion: ['GetBucketLocation'],
  listBuckets: ['ListBuckets'],
  putObject: ['PutObject'],
  getObject: ['GetObject'],
  readObject: ['GetObject'],
  deleteObject: ['DeleteObject'],
  listObjectPage: ['ListObjectsV2'],
  putFile: ['PutObject'],
  // ali-oss's multipartUpload; a failed upload is aborted.
  putFileInParts: ['InitiateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload'],
  headObjectMeta: ['HeadObject'],
  deleteObjects: ['DeleteMultipleObjects'],
} as const satisfies Table<OssPort>;

export const DNS_CALLS = {
  listZones: ['DescribeDomains'],
  listRecords: ['DescribeDomainRecords'],
  addRecord: ['AddDomainRecord'],
  // A `DomainRecordDuplicate` answer is told apart (no-op or copy of another record) by reading the record back.
  updateRecord: ['UpdateDomainRecord', 'DescribeDomainRecordInfo'],
  deleteRecord: ['DeleteDomainRecord'],
  setRemark: ['UpdateDomainRecordRemark'],
  setStatus: ['SetDomainRecordStatus'],
} as const satisfies Table<DnsPort>;

export const CDN_CALLS = {
  // Without a filter: every domain, and every domain's owner tag (two listings, paged).
  listDomains: ['DescribeUserDomains', 'ListTagResources'],
  getDomain: ['DescribeCdnDomainDetail', 'DescribeTagResources'],
  addDomain: ['AddCdnDomain'],
  tagOwner: ['TagResources'],
  describeVerifyContent: ['DescribeVerifyContent'],
  verifyDomainOwner: ['VerifyDomainOwner'],
  startDomain: ['StartCdnDomain'],
  deleteDomain: ['DeleteCdnDomain'],
  setCertificate: ['SetCdnDomainSSLCertificate'],
  getCertificate: ['DescribeDomainCertificateInfo'],
  getConfigs: ['DescribeCdnDomainConfigs'],
  setConfigs: ['BatchSetCdnDomainConfig'],
  deleteConfigs: ['DeleteSpecificConfig'],
  refresh: ['RefreshObjectCaches'],
  preload: ['PushObjectCache'],
  getRefreshQuota: ['DescribeRefreshQuota'],
  getRefreshTasks: ['DescribeRefreshTasks'],
} as const satisfies Table<CdnPort>;

/**
 * What OSS needs from Certificate Management Service when PutCname attaches a certificate. The Object Storage
 * Service API reference for PutCname ("Permissions") lists these three actions as required, in addition to
 * `oss:PutCname`, whenever the request carries a certificate: OSS reads the certificate's key pair from the
 * service (and registers it) with the caller's permissions. CDN's SetCdnDomainSSLCertificate reference lists no such
 * associated operation for a `cas` certificate, so CDN alone needs none of them.
 */
export const OSS_CERTIFICATE_ACTIONS = [
  'yundun-cert:DescribeSSLCertificatePrivateKey',
  'yundun-cert:DescribeSSLCertificatePublicKeyDetail',
  'yundun-cert:CreateSSLCertificate',
] as const;

/** RAM names an OSS operation by the API's name, except these (OSS's RAM documentation, "RAM Policy" actions). */
const OSS_RAM_NAME: Record<string, string> = {
  ListObjectsV2: 'ListObjects',
  InitiateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  DeleteMultipleObjects: 'DeleteObject',
  GetService: 'ListBuckets',
  HeadObject: 'GetObject',
  GetObjectMeta: 'GetObject',
};

/**
 * Actions RAM cannot scope to a resource (their API reference's "RAM authorization" table says All Resources): a
 * policy grants them on `*` whatever the statement they are needed for.
 */
export const ACCOUNT_WIDE_ACTIONS: ReadonlySet<string> = new Set([
  'alidns:DescribeDomains',
  'cdn:DescribeUserDomains',
  'cdn:DescribeTagResources',
  'cdn:ListTagResources',
  'cdn:DescribeVerifyContent',
  'cdn:VerifyDomainOwner',
  'cdn:RefreshObjectCaches',
  'cdn:PushObjectCache',
  'cdn:DescribeRefreshQuota',
  'cdn:DescribeRefreshTasks',
]);

/** The RAM actions of some methods of one adapter, e.g. `ram('oss', OSS_CALLS, 'putCname')` → `['oss:PutCname']`. */
export function ram<T extends Record<string, readonly string[]>>(
  service: 'oss' | 'alidns' | 'cdn',
  table: T,
  ...methods: (keyof T & string)[]
): string[] {
  const ops = methods.flatMap((m) => table[m] ?? []);
  return [...new Set(ops.map((op) => `${service}:${service === 'oss' ? (OSS_RAM_NAME[op] ?? op) : op}`))];
}
