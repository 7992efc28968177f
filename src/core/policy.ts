/**
 * The least-privilege RAM policy a domains.yml needs: only the services it uses, only the operations the adapters
 * call (their declarations in aliyun/ram.ts, so the two cannot drift apart), scoped to the buckets, zones and CDN
 * domains the file names wherever RAM allows resource-level scoping.
 *
 * Resource formats (RAM, Alibaba Cloud docs):
 *   OSS bucket-level actions    acs:oss:*:*:<bucket>           object actions  acs:oss:*:*:<bucket>/<key pattern>
 *   Alidns records of a zone    acs:alidns:*:*:domain/<zone>   (the record APIs are authorised on their zone)
 *   CDN accelerated domain      acs:cdn:*:*:domain/<domain>
 * Actions that RAM cannot scope (listing the account's zones or CDN domains, refresh quotas and tasks, reading a
 * certificate from Certificate Management Service) get Resource "*".
 */
import {
  ACCOUNT_WIDE_ACTIONS,
  CDN_CALLS as CDN,
  DNS_CALLS as DNS,
  OSS_CALLS as OSS,
  OSS_CERTIFICATE_ACTIONS,
  ram,
} from './aliyun/ram.js';
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
 * What each part of the tool calls, by adapter method. Reading: the planner reads every bucket an owned record points
 * at, declared or not, and lists the account's buckets to find a binding nothing points at; it lists every zone and
 * CDN domain (with owner tags).
 */
export const CALLS = {
  readBindings: ram('oss', OSS, 'listCnames', 'getBucketRegion', 'listBuckets'),
  /** Binding (token, PutCname) and unbinding. */
  bind: ram('oss', OSS, 'createCnameToken', 'putCname', 'deleteCname'),
  /** A takeover or a move unbinds the domain from whatever bucket holds it. */
  unbindElsewhere: ram('oss', OSS, 'deleteCname'),
  listZones: ram('alidns', DNS, 'listZones'),
  readRecords: ram('alidns', DNS, 'listRecords'),
  writeRecords: ram('alidns', DNS, 'addRecord', 'updateRecord', 'deleteRecord', 'setRemark', 'setStatus'),
  readCdn: ram('cdn', CDN, 'listDomains'),
  cdnDomain: ram('cdn', CDN, 'addDomain', 'getDomain', 'startDomain', 'setCertificate', 'tagOwner'),
  cdnRemove: ram('cdn', CDN, 'deleteDomain'),
  /** CDN calls RAM authorises account-wide: the ownership proof, refresh and preload. */
  cdnAccount: ram(
    'cdn',
    CDN,
    'describeVerifyContent',
    'verifyDomainOwner',
    'refresh',
    'preload',
    'getRefreshQuota',
    'getRefreshTasks',
  ),
  /** The apply lock: created with forbid-overwrite, read by whoever waits, deleted on release. */
  lock: ram('oss', OSS, 'getObject', 'putObject', 'deleteObject'),
  /** The audit log: one object per entry, written once, never read or deleted by the tool. */
  audit: ram('oss', OSS, 'putObject'),
} as const;

const uniqueSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The policy for a file. Reads are as wide as the planner reads — a denied read fails the whole plan. Writes are as
 * narrow as the file allows:
 *
 * - OSS bindings: on the declared buckets; on every bucket with `prune` (an orphan can sit on a bucket the file no
 *   longer names), and DeleteCname on every bucket when a domain says `takeover` (it leaves whichever bucket holds it).
 * - Alidns records: on the declared zones, plus the zone of `verification.<root>` for CDN's ownership proof; on
 *   every zone when one `dns: alidns` domain leaves its zone to be found, or with `prune`. None when every domain
 *   has `dns: none` and nothing is pruned.
 * - CDN: only when a domain has `cdn` (or with `prune`, to delete owned orphans): creation on the CDN domains,
 *   removal on every declared domain (turning `cdn` off), or on every domain with `prune`.
 * - Certificate Management Service only when a domain has `https` (what PutCname needs with a certificate); the
 *   apply lock and audit objects only with `state`.
 */
export function ramPolicy(config: DomainsConfig): RamPolicy {
  const statements: PolicyStatement[] = [];
  const wide = new Set<string>();
  const allow = (actions: readonly string[], Resource: string[]) => {
    if (actions.length === 0 || Resource.length === 0) return;
    const all = Resource.length === 1 && Resource[0] === '*';
    const Action = all ? [...actions] : actions.filter((a) => !ACCOUNT_WIDE_ACTIONS.has(a));
    if (!all) for (const a of actions) if (ACCOUNT_WIDE_ACTIONS.has(a)) wide.add(a);
    if (Action.length > 0) statements.push({ Effect: 'Allow', Action, Resource });
  };
  const { domains, prune } = config;

  allow(CALLS.readBindings, ['acs:oss:*:*:*']);
  const buckets = prune ? ['*'] : uniqueSorted(domains.map((d) => d.bucket));
  allow(
    CALLS.bind,
    buckets.map((b) => `acs:oss:*:*:${b}`),
  );
  if (!prune && domains.some((d) => d.takeover)) allow(CALLS.unbindElsewhere, ['acs:oss:*:*:*']);

  if (config.state) {
    const sb = `acs:oss:*:*:${config.state.bucket}`;
    allow(CALLS.lock, [`${sb}/locks/*`]);
    allow(CALLS.audit, [`${sb}/audit/*`]);
  }

  allow(CALLS.listZones, ['*']);
  allow(CALLS.readRecords, ['acs:alidns:*:*:domain/*']);
  allow(CALLS.writeRecords, recordZones(config));

  allow(CALLS.readCdn, ['*']);
  const cdn = domains.filter((d) => d.cdn);
  if (cdn.length > 0) {
    allow(CALLS.cdnDomain, uniqueSorted(cdn.map((d) => `acs:cdn:*:*:domain/${d.domain}`)));
    allow(CALLS.cdnAccount, ['*']);
  }
  if (prune) allow(CALLS.cdnRemove, ['acs:cdn:*:*:domain/*']);
  else if (cdn.length > 0) allow(CALLS.cdnRemove, uniqueSorted(domains.map((d) => `acs:cdn:*:*:domain/${d.domain}`)));

  if (domains.some((d) => d.https)) allow(OSS_CERTIFICATE_ACTIONS, ['*']);
  // What a scoped statement needs but RAM grants only account-wide, once.
  const granted = new Set(statements.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action));
  allow(
    [...wide].filter((a) => !granted.has(a)),
    ['*'],
  );

  return { Version: '1', Statement: statements };
}

/** The zones whose records the file's domains write, as RAM resources (empty: none). */
function recordZones(config: DomainsConfig): string[] {
  const alidns = config.domains.filter((d) => d.dns === 'alidns');
  const declared = alidns.flatMap((d) => (d.zone ? [d.zone] : []));
  // CDN's ownership record lives at verification.<root>: in the declared zone that holds the root, or (best guess)
  // in a zone named after the root itself.
  const cdnZones = alidns
    .filter((d) => d.cdn)
    .map((d) => findZone(rootDomain(d.domain), declared) ?? rootDomain(d.domain));
  const everyZone = config.prune || alidns.some((d) => d.zone === undefined);
  const zones = everyZone ? ['*'] : uniqueSorted([...declared, ...cdnZones]);
  return zones.map((z) => `acs:alidns:*:*:domain/${z}`);
}
