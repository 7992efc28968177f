/**
 * The least-privilege RAM policy a domains.yml needs: only the services it uses, only the actions the tool calls,
 * scoped to the buckets, zones and CDN domains the file names wherever RAM allows resource-level scoping.
 *
 * Resource formats (RAM, Alibaba Cloud docs):
 *   OSS bucket-level actions    acs:oss:*:*:<bucket>           object actions  acs:oss:*:*:<bucket>/<key pattern>
 *   Alidns records of a zone    acs:alidns:*:*:domain/<zone>   (the record APIs are authorised on their zone)
 *   CDN accelerated domain      acs:cdn:*:*:domain/<domain>
 * Actions that RAM cannot scope (listing the account's zones or CDN domains, refresh quotas and tasks, reading a
 * certificate from Certificate Management Service) get Resource "*". The actions are the ones the adapters in
 * src/core/aliyun call; a new call there needs its action here.
 */
import type { DomainsConfig } from './model.js';
import { findZone, rootDomain } from './names.js';

/** One statement of a RAM policy document (RAM has no Sid). */
export type PolicyStatement = {
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string[]>>;
};

/** A RAM policy document, ready for `aliyun ram CreatePolicy --PolicyDocument`. */
export type RamPolicy = {
  Version: '1';
  Statement: PolicyStatement[];
};

/**
 * Reading bindings and regions: the planner reads every bucket an owned record points at, declared or not, and lists
 * the account's buckets to find a binding nothing points at (unbind, prune, status, CnameAlreadyExists).
 */
export const OSS_READ_ACTIONS = ['oss:ListCname', 'oss:GetBucketLocation', 'oss:ListBuckets'];

/** Binding and unbinding: the token pair and PutCname (bind), DeleteCname (unbind). */
export const OSS_WRITE_ACTIONS = ['oss:CreateCnameToken', 'oss:GetCnameToken', 'oss:PutCname', 'oss:DeleteCname'];

/** Reading records: `drift` and `prune` look for owned records in every zone of the account. */
export const ALIDNS_READ_ACTIONS = ['alidns:DescribeDomainRecords', 'alidns:DescribeDomainRecordInfo'];

/** Writing records, and the ownership remark on them. */
export const ALIDNS_WRITE_ACTIONS = [
  'alidns:AddDomainRecord',
  'alidns:UpdateDomainRecord',
  'alidns:DeleteDomainRecord',
  'alidns:UpdateDomainRecordRemark',
  'alidns:SetDomainRecordStatus',
];

/** Listing the account's CDN domains and their owner tags: every plan reads them, to find owned ones. */
export const CDN_READ_ACTIONS = ['cdn:DescribeUserDomains', 'cdn:ListTagResources', 'cdn:DescribeTagResources'];

/** Creating and configuring one accelerated domain. */
export const CDN_DOMAIN_ACTIONS = [
  'cdn:AddCdnDomain',
  'cdn:DescribeCdnDomainDetail',
  'cdn:StartCdnDomain',
  'cdn:SetCdnDomainSSLCertificate',
  'cdn:TagResources',
];

/** Removing one: also needed for a declared domain whose `cdn` was turned off. */
export const CDN_REMOVE_ACTIONS = ['cdn:StopCdnDomain', 'cdn:DeleteCdnDomain'];

/** CDN calls RAM authorises account-wide: the ownership proof, refresh and preload. */
export const CDN_ACCOUNT_ACTIONS = [
  'cdn:DescribeVerifyContent',
  'cdn:VerifyDomainOwner',
  'cdn:RefreshObjectCaches',
  'cdn:PushObjectCache',
  'cdn:DescribeRefreshQuota',
  'cdn:DescribeRefreshTasks',
];

/** What OSS and CDN need to read a certificate from Certificate Management Service when binding it (aliyun-api.md §1.2). */
export const CERT_ACTIONS = [
  'yundun-cert:DescribeSSLCertificatePrivateKey',
  'yundun-cert:DescribeSSLCertificatePublicKeyDetail',
  'yundun-cert:CreateSSLCertificate',
];

const uniqueSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The policy for a file. Reads are as wide as the planner reads — it lists the account's zones and CDN domains,
 * looks for owned records in every zone (drift, prune) and reads the bindings of any bucket an owned record points
 * at — because a denied read fails the whole plan. Writes are as narrow as the file allows:
 *
 * - OSS bindings: on the declared buckets; on every bucket with `prune` (an orphan can sit on a bucket the file no
 *   longer names).
 * - Alidns records: on the declared zones, plus the zone of `verification.<root>` for CDN's ownership proof; on
 *   every zone when one `dns: alidns` domain leaves its zone to be found, or with `prune`. None when every domain
 *   has `dns: none` and nothing is pruned.
 * - CDN: only when a domain has `cdn` (or with `prune`, to delete owned orphans): creation on the CDN domains,
 *   removal on every declared domain (turning `cdn` off), or on every domain with `prune`.
 * - Certificate reads only when a domain has `https`; the apply lock and audit objects only with `state`.
 */
export function ramPolicy(config: DomainsConfig): RamPolicy {
  const statements: PolicyStatement[] = [];
  const allow = (Action: string[], Resource: string[], Condition?: PolicyStatement['Condition']) => {
    statements.push(
      Condition ? { Effect: 'Allow', Action, Resource, Condition } : { Effect: 'Allow', Action, Resource },
    );
  };
  const { domains, prune } = config;

  allow(OSS_READ_ACTIONS, ['acs:oss:*:*:*']);
  const buckets = prune ? ['*'] : uniqueSorted(domains.map((d) => d.bucket));
  if (buckets.length > 0)
    allow(
      OSS_WRITE_ACTIONS,
      buckets.map((b) => `acs:oss:*:*:${b}`),
    );

  if (config.state) {
    const sb = `acs:oss:*:*:${config.state.bucket}`;
    // The apply lock: created with x-oss-forbid-overwrite, read by whoever waits for it, deleted on release.
    allow(['oss:GetObject', 'oss:PutObject', 'oss:DeleteObject'], [`${sb}/locks/*`]);
    // The audit log: one object per entry, never overwritten or deleted by the tool.
    allow(['oss:GetObject', 'oss:PutObject'], [`${sb}/audit/*`]);
    allow(['oss:ListObjects'], [sb], { StringLike: { 'oss:Prefix': ['audit/*', 'locks/*'] } });
  }

  allow(['alidns:DescribeDomains'], ['*']);
  allow(ALIDNS_READ_ACTIONS, ['acs:alidns:*:*:domain/*']);
  const alidns = domains.filter((d) => d.dns === 'alidns');
  const declared = alidns.flatMap((d) => (d.zone ? [d.zone] : []));
  // CDN's ownership record lives at verification.<root>: in the declared zone that holds the root, or (best guess)
  // in a zone named after the root itself.
  const cdnZones = alidns
    .filter((d) => d.cdn)
    .map((d) => findZone(rootDomain(d.domain), declared) ?? rootDomain(d.domain));
  const everyZone = prune || alidns.some((d) => d.zone === undefined);
  const zones = everyZone ? ['*'] : uniqueSorted([...declared, ...cdnZones]);
  if (zones.length > 0)
    allow(
      ALIDNS_WRITE_ACTIONS,
      zones.map((z) => `acs:alidns:*:*:domain/${z}`),
    );

  allow(CDN_READ_ACTIONS, ['*']);
  const cdn = domains.filter((d) => d.cdn);
  if (cdn.length > 0) {
    allow(CDN_DOMAIN_ACTIONS, uniqueSorted(cdn.map((d) => `acs:cdn:*:*:domain/${d.domain}`)));
    allow(CDN_ACCOUNT_ACTIONS, ['*']);
  }
  if (prune) allow(CDN_REMOVE_ACTIONS, ['acs:cdn:*:*:domain/*']);
  else if (cdn.length > 0)
    allow(CDN_REMOVE_ACTIONS, uniqueSorted(domains.map((d) => `acs:cdn:*:*:domain/${d.domain}`)));

  if (domains.some((d) => d.https)) allow(CERT_ACTIONS, ['*']);

  return { Version: '1', Statement: statements };
}
