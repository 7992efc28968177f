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
import { ACCOUNT_WIDE_ACTIONS, CDN_CALLS as CDN, DNS_CALLS as DNS, OSS_CALLS as OSS, ram } from './aliyun/ram.js';
import type { DomainsConfig } from './model.js';
import { RESOURCES } from './resources/index.js';

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
 * What the shared reads and the state object call, by adapter method. Reading: the planner reads every bucket an
 * owned record points at, declared or not, and lists the account's buckets to find a binding nothing points at; it
 * lists every zone and CDN domain (with owner tags). What each resource writes, it declares itself (`grants`).
 */
export const CALLS = {
  readBindings: ram('oss', OSS, 'listCnames', 'getBucketRegion', 'listBuckets'),
  listZones: ram('alidns', DNS, 'listZones'),
  readRecords: ram('alidns', DNS, 'listRecords'),
  readCdn: ram('cdn', CDN, 'listDomains'),
  /** The apply lock: created with forbid-overwrite, read by whoever waits, deleted on release. */
  lock: ram('oss', OSS, 'getObject', 'putObject', 'deleteObject'),
  /** The audit log: one object per entry, written once, never read or deleted by the tool. */
  audit: ram('oss', OSS, 'putObject'),
} as const;

/**
 * The policy for a file. Reads are as wide as the planner reads — a denied read fails the whole plan. Writes are as
 * narrow as the file allows: each resource of the registry (src/core/resources) grants what it calls for this file
 * (the binding on the declared buckets, records on the declared zones, the CDN domains the file names, …); the
 * apply lock and audit objects only with `state`.
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

  allow(CALLS.readBindings, ['acs:oss:*:*:*']);
  allow(CALLS.listZones, ['*']);
  allow(CALLS.readRecords, ['acs:alidns:*:*:domain/*']);
  allow(CALLS.readCdn, ['*']);
  if (config.state) {
    const sb = `acs:oss:*:*:${config.state.bucket}`;
    allow(CALLS.lock, [`${sb}/locks/*`]);
    allow(CALLS.audit, [`${sb}/audit/*`]);
  }
  for (const r of RESOURCES) for (const g of r.grants(config)) allow(g.actions, g.resources);

  // What a scoped statement needs but RAM grants only account-wide, once.
  const granted = new Set(statements.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action));
  allow(
    [...wide].filter((a) => !granted.has(a)),
    ['*'],
  );

  return { Version: '1', Statement: statements };
}
