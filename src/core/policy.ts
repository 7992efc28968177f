/**
 * The least-privilege RAM policy a domains.yml needs: only the services it uses, only the actions the tool calls,
 * scoped to the buckets, zones and CDN domains the file names wherever RAM allows resource-level scoping.
 *
 * Resource formats (RAM, Alibaba Cloud docs):
 *   OSS bucket-level actions    acs:oss:*:*:<bucket>           object actions  acs:oss:*:*:<bucket>/<key pattern>
 *   Alidns records of a zone    acs:alidns:*:*:domain/<zone>   (the record APIs are authorised on their zone)
 *   CDN accelerated domain      acs:cdn:*:*:domain/<domain>
 * Actions that RAM cannot scope (listing the account's zones or CDN domains, refresh quotas and tasks, reading a
 * certificate from Certificate Management Service) get Resource "*".
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

/** The OSS custom-domain calls: ListCname (observe), the token pair and PutCname (bind), DeleteCname (unbind). */
export const OSS_CNAME_ACTIONS = [
  'oss:ListCname',
  'oss:CreateCnameToken',
  'oss:GetCnameToken',
  'oss:PutCname',
  'oss:DeleteCname',
];

/** Reading and writing records, and the ownership remark on them. */
export const ALIDNS_RECORD_ACTIONS = [
  'alidns:DescribeDomainRecords',
  'alidns:AddDomainRecord',
  'alidns:UpdateDomainRecord',
  'alidns:DeleteDomainRecord',
  'alidns:UpdateDomainRecordRemark',
];

/** CDN calls on one accelerated domain. */
export const CDN_DOMAIN_ACTIONS = [
  'cdn:AddCdnDomain',
  'cdn:DescribeCdnDomainDetail',
  'cdn:StartCdnDomain',
  'cdn:StopCdnDomain',
  'cdn:DeleteCdnDomain',
  'cdn:SetCdnDomainSSLCertificate',
  'cdn:TagResources',
];

/** CDN calls RAM authorises account-wide: listing, the owner tags, the ownership proof, refresh and preload. */
export const CDN_ACCOUNT_ACTIONS = [
  'cdn:DescribeUserDomains',
  'cdn:DescribeTagResources',
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
 * The policy for a file. Not included: `oss:GetBucketLocation`, which only `bind` without `--region` calls.
 *
 * Zones: a domain with `zone:` scopes the record actions to that zone; one `dns: alidns` domain without it makes
 * them account-wide (`domain/*`), because its zone is only known once the account's zones are read. With CDN, the
 * ownership TXT record goes to the zone of the registrable domain (`verification.abc.com`), which is added too.
 * With `prune`, owned CDN domains that are no longer declared must be deleted, so the CDN domain actions cover
 * every domain.
 */
export function ramPolicy(config: DomainsConfig): RamPolicy {
  const statements: PolicyStatement[] = [];
  const allow = (Action: string[], Resource: string[], Condition?: PolicyStatement['Condition']) => {
    statements.push(
      Condition ? { Effect: 'Allow', Action, Resource, Condition } : { Effect: 'Allow', Action, Resource },
    );
  };

  const buckets = uniqueSorted(config.domains.map((d) => d.bucket));
  if (buckets.length > 0)
    allow(
      OSS_CNAME_ACTIONS,
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

  const alidns = config.domains.filter((d) => d.dns === 'alidns');
  if (alidns.length > 0) {
    allow(['alidns:DescribeDomains'], ['*']);
    const anyUnknown = alidns.some((d) => d.zone === undefined);
    const declared = alidns.flatMap((d) => (d.zone ? [d.zone] : []));
    // CDN's ownership record lives at verification.<root>: in the declared zone that holds the root, or (best
    // guess) in a zone named after the root itself.
    const cdnRoots = alidns.filter((d) => d.cdn).map((d) => rootDomain(d.domain));
    const cdnZones = cdnRoots.map((root) => findZone(root, declared) ?? root);
    const zones = anyUnknown ? ['*'] : uniqueSorted([...declared, ...cdnZones]);
    allow(
      ALIDNS_RECORD_ACTIONS,
      zones.map((z) => `acs:alidns:*:*:domain/${z}`),
    );
  }

  const cdn = config.domains.filter((d) => d.cdn);
  if (cdn.length > 0) {
    const domains = config.prune ? ['*'] : uniqueSorted(cdn.map((d) => d.domain));
    allow(
      CDN_DOMAIN_ACTIONS,
      domains.map((d) => `acs:cdn:*:*:domain/${d}`),
    );
    allow(CDN_ACCOUNT_ACTIONS, ['*']);
  }

  if (config.domains.some((d) => d.https)) allow(CERT_ACTIONS, ['*']);

  return { Version: '1', Statement: statements };
}
