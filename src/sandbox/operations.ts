/**
 * Every API operation the sandbox answers, in one table: its service, the RAM action and resources a policy must
 * allow for it (what `--policy` enforces), and the per-account rate limit Alibaba Cloud documents for it (what
 * `--qps documented` enforces). A new operation is one line here.
 *
 * RAM: the action is `<service>:<Operation>` unless a line says otherwise (`ListObjectsV2` is `oss:ListObjects`);
 * resources follow the RAM authorization pages of OSS, Alibaba Cloud DNS and CDN: `acs:oss:*:<uid>:<bucket>` and
 * `…:<bucket>/<key>`, `acs:alidns:*:<uid>:domain/<zone>`, `acs:cdn:*:<uid>:domain/<name>`, and `*` for what RAM
 * cannot scope (listing the account's zones or domains, refresh, ownership proof).
 *
 * Limits: the core's table (src/core/limits.ts, with its sources), so that the sandbox refuses exactly what the core's
 * rate governor paces itself to stay under. An operation without a documented limit has none here.
 */
import { OPERATIONS as LIMITS, type Limit, SERVICE_LIMITS } from '../core/limits.js';
import { type World, zoneOf } from './state.js';
import { xmlUnescape } from './util.js';

/** The services whose calls the sandbox answers and logs. */
export type CallService = 'oss' | 'alidns' | 'cdn';

export { type Limit, SERVICE_LIMITS };

/** What RAM sees of a call: enough to name the resources it touches. */
export interface RamRequest {
  world: World;
  service: CallService;
  uid: string;
  /** RPC: the business parameters. */
  params?: Record<string, string>;
  /** OSS: the bucket and object key addressed, and the request body. */
  bucket?: string;
  key?: string;
  query?: Map<string, string>;
  body?: Buffer;
}

/** The ARNs a call touches; RAM must allow the action on every one. */
export type Resources = (r: RamRequest) => string[];

export interface Operation {
  service: CallService;
  /** The RAM action, when it is not `<service>:<Operation>`. */
  ram?: string;
  resources: Resources;
  /** The documented per-account limit, if any. */
  limit?: Limit;
}

const arn = (r: RamRequest, relative: string): string => {
  const region = r.service === 'oss' ? (r.world.buckets.get(r.bucket ?? '')?.region ?? '') : '';
  return `acs:${r.service}:${region}:${r.uid}:${relative}`;
};
const param = (r: RamRequest, name: string): string => (r.params?.[name] ?? '').toLowerCase().replace(/\.$/, '');
const zoneArn = (r: RamRequest, name: string) => arn(r, `domain/${zoneOf(r.world, name)?.name ?? name}`);

/** The whole account: actions RAM cannot scope to a resource. */
const account: Resources = (r) => [arn(r, '*')];
const bucket: Resources = (r) => [arn(r, r.bucket ?? '')];
const object: Resources = (r) => [arn(r, `${r.bucket}/${r.key}`)];
/** DeleteMultipleObjects: every object its body names. */
const objectsInBody: Resources = (r) =>
  [...(r.body?.toString('utf8') ?? '').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) =>
    arn(r, `${r.bucket}/${xmlUnescape(m[1]!)}`),
  );
/** The zone named by `DomainName`. */
const zone: Resources = (r) => [arn(r, `domain/${param(r, 'DomainName')}`)];
/** The zone that holds the record `RecordId` (the whole account when there is none). */
const recordZone: Resources = (r) => {
  const id = r.params?.RecordId ?? '';
  for (const z of r.world.zones.values()) if (z.records.has(id)) return [arn(r, `domain/${z.name}`)];
  return account(r);
};
/** DescribeSubDomainRecords: `DomainName` when given, else the zone that holds `SubDomain`. */
const subDomainZone: Resources = (r) => (param(r, 'DomainName') ? zone(r) : [zoneArn(r, param(r, 'SubDomain'))]);
/** The CDN domain named by `DomainName`. */
const domain: Resources = (r) => [arn(r, `domain/${param(r, 'DomainName')}`)];
/** The CDN domains of the comma list `DomainNames`. */
const namedDomains: Resources = (r) =>
  param(r, 'DomainNames')
    .split(',')
    .filter(Boolean)
    .map((d) => arn(r, `domain/${d.trim().replace(/\.$/, '')}`));
/** The CDN domains named by `ResourceId.N`. */
const taggedDomains: Resources = (r) => {
  const out: string[] = [];
  for (let i = 1; r.params?.[`ResourceId.${i}`] !== undefined; i++) {
    out.push(arn(r, `domain/${r.params[`ResourceId.${i}`]!.toLowerCase()}`));
  }
  return out.length ? out : account(r);
};

const alidns = (resources: Resources): Omit<Operation, 'limit'> => ({ service: 'alidns', resources });
const cdn = (resources: Resources): Omit<Operation, 'limit'> => ({ service: 'cdn', resources });
const oss = (resources: Resources, ram?: string): Omit<Operation, 'limit'> =>
  ram === undefined ? { service: 'oss', resources } : { service: 'oss', resources, ram };

const TABLE: Readonly<Record<string, Omit<Operation, 'limit'>>> = {
  // Alibaba Cloud DNS 2015-01-09
  DescribeDomains: alidns(account),
  DescribeDomainRecords: alidns(zone),
  DescribeSubDomainRecords: alidns(subDomainZone),
  DescribeDomainRecordInfo: alidns(recordZone),
  AddDomainRecord: alidns(zone),
  UpdateDomainRecord: alidns(recordZone),
  DeleteDomainRecord: alidns(recordZone),
  UpdateDomainRecordRemark: alidns(recordZone),
  SetDomainRecordStatus: alidns(recordZone),
  // Alibaba Cloud CDN 2018-05-10
  AddCdnDomain: cdn(domain),
  DescribeCdnDomainDetail: cdn(domain),
  DescribeUserDomains: cdn(account),
  StartCdnDomain: cdn(domain),
  StopCdnDomain: cdn(domain),
  DeleteCdnDomain: cdn(domain),
  RefreshObjectCaches: cdn(account),
  PushObjectCache: cdn(account),
  DescribeRefreshTasks: cdn(account),
  DescribeRefreshQuota: cdn(account),
  DescribeVerifyContent: cdn(account),
  VerifyDomainOwner: cdn(account),
  SetCdnDomainSSLCertificate: cdn(domain),
  DescribeDomainCertificateInfo: cdn(domain),
  DescribeCdnHttpsDomainList: cdn(account),
  BatchSetCdnDomainConfig: cdn(namedDomains),
  DescribeCdnDomainConfigs: cdn(domain),
  DeleteSpecificConfig: cdn(domain),
  TagResources: cdn(taggedDomains),
  UntagResources: cdn(taggedDomains),
  DescribeTagResources: cdn(account),
  ListTagResources: cdn(account),
  // OSS: no per-API limit is documented, only the account's total (SERVICE_LIMITS).
  ListBuckets: oss(account),
  GetBucketLocation: oss(bucket),
  GetBucketInfo: oss(bucket),
  GetBucketAcl: oss(bucket),
  PutBucketWebsite: oss(bucket),
  GetBucketWebsite: oss(bucket),
  DeleteBucketWebsite: oss(bucket),
  CreateCnameToken: oss(bucket),
  GetCnameToken: oss(bucket),
  PutCname: oss(bucket),
  ListCname: oss(bucket),
  DeleteCname: oss(bucket),
  ListObjects: oss(bucket),
  ListObjectsV2: oss(bucket, 'oss:ListObjects'),
  PutObject: oss(object),
  GetObject: oss(object),
  HeadObject: oss(object, 'oss:GetObject'),
  GetObjectMeta: oss(object, 'oss:GetObject'),
  DeleteObject: oss(object),
  DeleteMultipleObjects: oss(objectsInBody, 'oss:DeleteObject'),
  InitiateMultipartUpload: oss(object, 'oss:PutObject'),
  UploadPart: oss(object, 'oss:PutObject'),
  CompleteMultipartUpload: oss(object, 'oss:PutObject'),
  AbortMultipartUpload: oss(object),
};

/** Every operation the sandbox answers, with the documented limit the core's table gives it. */
export const OPERATIONS: Readonly<Record<string, Operation>> = Object.fromEntries(
  Object.entries(TABLE).map(([name, op]) => {
    const limit = LIMITS[name]?.limit;
    return [name, limit ? { ...op, limit } : op];
  }),
);

/** The RAM action of an operation. */
export function ramAction(name: string): string {
  const op = OPERATIONS[name];
  return op?.ram ?? `${op?.service ?? 'unknown'}:${name}`;
}

/** OSS operations on the service or a bucket ("meta operations"), throttled with `MetaOperationQpsLimitExceeded`. */
export function isOssMetaOperation(action: string): boolean {
  return OPERATIONS[action]?.service === 'oss' && !/Object|Multipart|Part/.test(action);
}
