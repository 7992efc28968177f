/**
 * The sandbox's world: one Alibaba Cloud account's OSS buckets, Alidns zones, CDN domains and certificates, held in
 * memory. The HTTP handlers (OSS in src/sandbox/oss, Alidns and CDN in src/sandbox/rpc) and the DNS server read and
 * change it; tests reach it through the control surface.
 *
 * Time-dependent states (a CDN domain going online, a TXT record becoming visible to OSS, a refresh task completing)
 * are stored as timestamps and evaluated against the sandbox clock when read, so nothing needs a timer.
 */

export interface ObjectState {
  body: Buffer;
  contentType: string;
  lastModified: number;
  /** Upper-case hex, without quotes: the MD5 of a simple upload, `<hex>-<parts>` after a multipart upload. */
  etag: string;
  /** `Normal` (PutObject, seeds) or `Multipart` (CompleteMultipartUpload); absent means `Normal`. */
  type?: 'Normal' | 'Multipart';
  /** Standard headers stored with the object and sent back on GET / HEAD (`cache-control`, `content-encoding`, …). */
  headers?: Record<string, string>;
  /** User metadata: `x-oss-meta-<name>` stored as `<name>` (lower case) → value. */
  meta?: Record<string, string>;
}

/** A multipart upload between InitiateMultipartUpload and Complete / Abort. */
export interface UploadState {
  uploadId: string;
  key: string;
  initiated: number;
  contentType: string;
  headers: Record<string, string>;
  meta: Record<string, string>;
  /** Part number → body and its ETag (upper-case MD5 hex). */
  parts: Map<number, { body: Buffer; etag: string }>;
}

export interface CnameCertState {
  /** `<numericId>-<region>` as OSS reports it. */
  certId: string;
  type: 'CAS' | 'Upload';
  creationDate: number;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
}

export interface CnameState {
  domain: string;
  lastModified: number;
  status: 'Enabled' | 'Disabled';
  certificate?: CnameCertState;
  /**
   * The console's "CDN cache auto-refresh" for this domain (`<IsPurgeCdnCache>` in ListCname): when on, every change
   * to an object of the bucket invalidates the edge's copy on the CDN domain of that name. Only a seed sets it (no API
   * can).
   */
  purgeCdnCache?: boolean;
}

export interface CnameTokenState {
  token: string;
  expireTime: number;
}

export interface BucketState {
  name: string;
  /** Region id without `oss-`, e.g. `cn-hangzhou`. */
  region: string;
  acl: 'private' | 'public-read' | 'public-read-write';
  created: number;
  objects: Map<string, ObjectState>;
  /** Bound custom domains, keyed by domain. */
  cnames: Map<string, CnameState>;
  /** CNAME tokens, keyed by domain. */
  tokens: Map<string, CnameTokenState>;
  /** Multipart uploads in progress, keyed by upload id (created on the first InitiateMultipartUpload). */
  uploads?: Map<string, UploadState>;
  /** Static website hosting (PutBucketWebsite); absent = none configured. */
  website?: WebsiteState;
}

/** A bucket's static website configuration, as PutBucketWebsite stored it. */
export interface WebsiteState {
  index?: {
    suffix: string;
    /** `a/` serves `a/index.html` (true) or the root index (false, the default). */
    supportSubDir: boolean;
    /** What `/a` (no slash, no object `a`) does when `a/index.html` exists: 0 redirect, 1 404, 2 serve it. */
    type: 0 | 1 | 2;
  };
  error?: { key: string; httpStatus: number };
  /** `<RoutingRules>` as sent, echoed by GetBucketWebsite; the sandbox does not evaluate them. */
  routingRulesXml?: string;
}

export interface RecordState {
  recordId: string;
  /** Lower case, `@` for the apex. */
  rr: string;
  type: string;
  value: string;
  ttl: number;
  line: string;
  status: 'ENABLE' | 'DISABLE';
  remark: string;
  locked: boolean;
  weight: number;
  priority?: number;
  createTimestamp: number;
  updateTimestamp: number;
}

export interface ZoneState {
  name: string;
  domainId: string;
  created: number;
  remark: string;
  /** Keyed by record id. */
  records: Map<string, RecordState>;
}

export interface CdnSourceState {
  type: string;
  content: string;
  port: number;
  priority: string;
  weight: string;
}

export interface CdnDomainState {
  domain: string;
  domainId: number;
  cname: string;
  cdnType: string;
  scope: string;
  sources: CdnSourceState[];
  /** Stored status; `configuring` turns into `online` once `now >= onlineAt`. */
  status: string;
  onlineAt: number;
  tags: Map<string, string>;
  ssl: CdnSslState;
  /** Functions configured with BatchSetCdnDomainConfig (and `oss_auth`, which CDN adds to an `oss` origin). */
  configs: CdnConfigState[];
  created: number;
  modified: number;
}

/** One configured CDN function (a "DomainConfig"), as DescribeCdnDomainConfigs reports it. */
export interface CdnConfigState {
  configId: number;
  functionName: string;
  /** In the order they were sent. */
  args: { argName: string; argValue: string }[];
  parentId: string;
  /** `configuring` until `now >= readyAt`, then `success`; only a successful configuration acts at the edge. */
  readyAt: number;
}

/** A CDN domain's HTTPS setting (SetCdnDomainSSLCertificate), as the certificate reads report it. */
export interface CdnSslState {
  protocol: 'on' | 'off';
  /** A CAS certificate's id (its details are read from `World.certificates`), or an uploaded one's derived id. */
  certId?: string;
  certType?: string;
  certName?: string;
  /** `cn-hangzhou` | `ap-southeast-1` for CAS certificates. */
  certRegion?: string;
  /** What an uploaded PEM says, when it parses as a certificate. */
  upload?: { pem: string; commonName: string; issuer: string; notBefore: number; notAfter: number; covers: boolean };
  /** When the setting last changed. */
  updated?: number;
}

export interface RefreshTaskState {
  taskId: string;
  objectPath: string;
  /** lower case: `file` | `directory` | `regex` | `preload` */
  objectType: string;
  domain: string;
  created: number;
  /** `Refreshing` until `now >= completeAt`, then `Complete`. */
  completeAt: number;
}

/** What a CDN edge keeps of one URL: the origin's answer and when it was fetched. */
export interface EdgeEntry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  cachedAt: number;
  /** When the copy expires by the origin's `max-age`; `undefined` = kept until refreshed (or evicted). */
  expiresAt?: number;
}

/** A certificate in Certificate Management Service that PutCname / SetCdnDomainSSLCertificate can reference. */
export interface CertificateState {
  /** Numeric id, as written in domains.yml (`cert-id: "12345"`). */
  id: string;
  name: string;
  /** Names it covers; `*.abc.com` covers one label. */
  domains: string[];
  notBefore: number;
  notAfter: number;
  fingerprint: string;
}

export interface QuotaState {
  /** UTC day (YYYY-MM-DD) the counters belong to; they reset when the day changes. */
  day: string;
  urlUsed: number;
  dirUsed: number;
  preloadUsed: number;
  urlQuota: number;
  dirQuota: number;
  preloadQuota: number;
}

export interface SandboxTiming {
  /** How long after a TXT record is written before OSS / CDN ownership checks see it. */
  ownershipDelayMs: number;
  /** How long a new or restarted CDN domain stays `configuring`. */
  cdnOnlineDelayMs: number;
  /** How long a refresh / preload task stays `Refreshing`. */
  refreshCompleteMs: number;
  /** How long a function set with BatchSetCdnDomainConfig stays `configuring` before it acts. */
  cdnConfigDelayMs: number;
}

export interface Account {
  uid: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface World {
  accounts: Account[];
  buckets: Map<string, BucketState>;
  zones: Map<string, ZoneState>;
  cdn: Map<string, CdnDomainState>;
  certificates: Map<string, CertificateState>;
  /** Domains with no ICP filing: PutCname → NoSuchCnameInRecord, domestic AddCdnDomain → DomainNotRegistration. */
  unfiled: Set<string>;
  /** Root domains whose CDN ownership this account has proven. */
  cdnVerifiedRoots: Set<string>;
  refreshTasks: RefreshTaskState[];
  /** What each CDN domain's edge holds: domain → path (with query) → entry. */
  edgeCache: Map<string, Map<string, EdgeEntry>>;
  quota: QuotaState;
  timing: SandboxTiming;
  /** When each TXT record (by record id) was last written, for the ownership propagation delay. */
  recordWrittenAt: Map<string, number>;
  /** Counters for ids. */
  seq: { record: number; cdnDomain: number; task: number; zone: number; config: number };
}

export const SANDBOX_ACCOUNT: Account = {
  uid: '1234567890123456',
  accessKeyId: 'LTAI5tSandboxAccessKey',
  accessKeySecret: 'sandbox-secret-do-not-use-in-production',
};

/** An empty world of the sandbox account, with the default timing under `timing`. */
export function createWorld(timing: Partial<SandboxTiming> = {}): World {
  return {
    accounts: [{ ...SANDBOX_ACCOUNT }],
    buckets: new Map(),
    zones: new Map(),
    cdn: new Map(),
    certificates: new Map(),
    unfiled: new Set(),
    cdnVerifiedRoots: new Set(),
    refreshTasks: [],
    edgeCache: new Map(),
    quota: {
      day: '',
      urlUsed: 0,
      dirUsed: 0,
      preloadUsed: 0,
      urlQuota: 10_000,
      dirQuota: 100,
      preloadQuota: 1_000,
    },
    timing: { ownershipDelayMs: 0, cdnOnlineDelayMs: 1_000, refreshCompleteMs: 1_000, cdnConfigDelayMs: 0, ...timing },
    recordWrittenAt: new Map(),
    seq: { record: 100_000, cdnDomain: 1_000, task: 700_000_000, zone: 1, config: 6_000 },
  };
}

/** The zone that holds `fqdn` (longest suffix match), or undefined. */
export function zoneOf(world: World, fqdn: string): ZoneState | undefined {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  let best: ZoneState | undefined;
  for (const z of world.zones.values()) {
    if ((name === z.name || name.endsWith(`.${z.name}`)) && (!best || z.name.length > best.name.length)) best = z;
  }
  return best;
}

/** The relative name of `fqdn` inside `zone` (`@` for the apex). */
export function relativeName(fqdn: string, zone: string): string {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

/** Effective CDN status at `now`. */
export function cdnStatus(d: CdnDomainState, now: number): string {
  return d.status === 'configuring' && now >= d.onlineAt ? 'online' : d.status;
}

/** The bucket whose custom domain is `domain`, if any. */
export function bucketOfDomain(world: World, domain: string): BucketState | undefined {
  const name = domain.toLowerCase();
  for (const b of world.buckets.values()) if (b.cnames.has(name)) return b;
  return undefined;
}

/** Does a certificate naming `names` (`img.abc.com`, `*.abc.com`) cover `domain`? A wildcard covers exactly one label. */
export function certificateCovers(names: string[], domain: string): boolean {
  const parent = domain.slice(domain.indexOf('.') + 1);
  return names.some((n) => {
    const name = n.toLowerCase();
    return name === domain || (name === `*.${parent}` && domain.includes('.'));
  });
}

/**
 * What the OSS and CDN ownership checks can "see": an enabled TXT record at `fqdn` in the account's zones whose value
 * (quotes aside) is `value`, written at least `timing.ownershipDelayMs` ago. A record without a write time (seeded,
 * or written straight into the world by a test) counts as long propagated.
 */
export function txtVisible(world: World, fqdn: string, value: string, now: number): boolean {
  const zone = zoneOf(world, fqdn);
  if (!zone) return false;
  const rr = relativeName(fqdn, zone.name);
  for (const r of zone.records.values()) {
    if (r.rr !== rr || r.type !== 'TXT' || r.status !== 'ENABLE') continue;
    if (r.value.replace(/^"(.*)"$/, '$1') !== value) continue;
    if (now - (world.recordWrittenAt.get(r.recordId) ?? 0) >= world.timing.ownershipDelayMs) return true;
  }
  return false;
}
