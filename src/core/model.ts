/**
 * The core's vocabulary: what the user wants (desired), what the cloud has (observed), and what must change (plan).
 * Every front-end speaks in these types; nothing here does I/O.
 */

/** Where a value came from in domains.yml, for error messages and annotations. 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export type CdnScope = 'domestic' | 'overseas' | 'global';

/** One declared domain, fully resolved (defaults applied, names normalised). */
export interface DomainSpec {
  /** ASCII (punycode) form, lower case, no trailing dot: the name every API sees. */
  domain: string;
  /** The name as the user wrote it (Unicode for IDNs), for messages. */
  display: string;
  bucket: string;
  /** Region id without the `oss-` prefix, e.g. `cn-hangzhou`. */
  region: string;
  /** CDN acceleration; `undefined` = no CDN. */
  cdn?: CdnSpec;
  /**
   * HTTPS certificate from Certificate Management Service (numeric id as a string, e.g. "12345"). `region` is the
   * certificate's region when the file gave one (`cert-id: "12345-ap-southeast-1"`); absent means cn-hangzhou. OSS
   * wants `<certId>-<region>`, CDN wants `CertId` and `CertRegion`.
   */
  https?: { certId: string; region?: string };
  /** DNS TTL in seconds. */
  ttl: number;
  /** The Alidns zone to write in; `undefined` = the longest zone of the account that contains the domain. */
  zone?: string;
  /** `alidns`: the tool writes DNS records; `none`: it prints what to create and only verifies. */
  dns: 'alidns' | 'none';
  /** Replace a record or binding that this tool does not own. */
  takeover: boolean;
  /** OSS static website hosting of the bucket (it belongs to the bucket: every entry of the bucket agrees). */
  website?: WebsiteSpec;
  /** Position of this entry in domains.yml, when it came from a file. */
  pos?: SourcePos;
}

/**
 * CDN in front of the bucket. An option left `undefined` was not written in the file: whatever CDN has for it is left
 * as it is (as an absent `https` leaves a certificate alone).
 */
export interface CdnSpec {
  scope: CdnScope;
  /** `l2_oss_key`: CDN signs its fetches from OSS, so the bucket can stay private. */
  privateOrigin?: boolean;
  /** `https_force`: redirect http to https at the edge (needs `https`). */
  forceHttps?: boolean;
  /** `HSTS`: the max-age in seconds, or `false` for off (needs `https` when on). */
  hsts?: number | false;
  /** `https_option` http2 (acts only with `https`). */
  http2?: boolean;
}

/** OSS static website hosting of a bucket (PutBucketWebsite). */
export interface WebsiteSpec {
  /** The default document, also for sub-directories (`a/` → `a/index.html`). */
  index: string;
  /** Served with 404 for missing keys. */
  error?: string;
  /** Unknown paths serve the index with 200 (single-page apps); excludes `error`. */
  spa: boolean;
}

/** What the user wants: a whole file, or a scoped request from the CLI or the bot. */
export interface DesiredState {
  /** Ownership marker value: records get the remark `oss-domains:<owner>`. */
  owner: string;
  /** Delete owned domains that are not declared (only meaningful for a whole file). */
  prune: boolean;
  domains: DomainSpec[];
  /**
   * Domains that must not be bound (unbind). When `scope` is `only`, the plan considers nothing but
   * `domains` and `absent`: a one-domain bind from the bot must never prune the rest of the account.
   */
  absent: string[];
  scope: 'file' | 'only';
  /** The lock/audit bucket. */
  state?: { bucket: string; region: string };
}

/** A parsed and validated domains.yml. */
export interface DomainsConfig {
  file: string;
  version: 1;
  owner: string;
  prune: boolean;
  state?: { bucket: string; region: string };
  domains: DomainSpec[];
}

// ----------------------------------------------------------------------------------------------------------------
// Observed state (what the read-only calls returned)

export interface CertInfo {
  /** OSS: `<id>-<region>` as OSS stores it; CDN: the numeric id. */
  certId?: string;
  type?: string;
  status?: string;
  /** Expiry, ISO 8601, when the API reported it. */
  validEndDate?: string;
}

/** An OSS bucket's custom-domain binding (one `<Cname>` of ListCname). */
export interface Binding {
  domain: string;
  bucket: string;
  region: string;
  status: string;
  lastModified?: string;
  certificate?: CertInfo;
  /**
   * The console's "CDN cache auto-refresh" for this domain (`<IsPurgeCdnCache>` in ListCname): OSS refreshes the CDN
   * domain of this name itself when an object changes. Read-only: no API sets it.
   */
  purgeCdnCache?: boolean;
}

export interface DnsRecord {
  recordId: string;
  zone: string;
  /** Relative host name, lower case (`img`, `_dnsauth.img`, `@`). */
  rr: string;
  type: string;
  value: string;
  ttl: number;
  line: string;
  /** `ENABLE` | `DISABLE` (upper case as Alidns lists them). */
  status: string;
  remark?: string;
}

export interface CdnSource {
  type: string;
  content: string;
  port: number;
}

export interface CdnDomain {
  domain: string;
  /** The CNAME CDN assigned (read from the API, never built). */
  cname: string;
  /** `online` | `offline` | `configuring` | ... */
  status: string;
  scope?: string;
  sources: CdnSource[];
  /** `on` | `off` */
  sslProtocol?: string;
  /** The owner marker found on the domain's tags, when it has one. */
  owner?: string;
}

export interface Zone {
  name: string;
}

/** A bucket's static website configuration, as GetBucketWebsite reports it (and PutBucketWebsite takes it). */
export interface BucketWebsite {
  /** IndexDocument Suffix. */
  index?: string;
  /** `a/` serves `a/<index>` (true) or the root's (false). */
  supportSubDir: boolean;
  /** What `/a` does when only `a/<index>` exists: 0 redirects to `/a/`, 1 is a miss, 2 serves it. */
  type: number;
  /** ErrorDocument Key. */
  error?: string;
  /** The status the error document is served with (404 unless configured). */
  errorStatus?: number;
  /** `<RoutingRules>…</RoutingRules>` as OSS returned it: kept verbatim, never written by this tool. */
  routingRules?: string;
}

export type BucketAcl = 'private' | 'public-read' | 'public-read-write';

/** A CDN function to configure (one entry of BatchSetCdnDomainConfig's `Functions`). */
export interface CdnFunction {
  name: string;
  args: Record<string, string>;
  /** Updates this existing configuration instead of adding one. */
  configId?: string;
}

/** A configured CDN function, as DescribeCdnDomainConfigs reports it. */
export interface CdnFunctionConfig {
  name: string;
  configId: string;
  /** `success` | `configuring` | `testing` | `failed` */
  status: string;
  args: Record<string, string>;
}

/** The certificate a CDN domain serves, as DescribeDomainCertificateInfo reports it. */
export interface CdnCertificate {
  /** ServerCertificateStatus `on`. */
  on: boolean;
  /** The numeric id (a CAS certificate's id in Certificate Management Service). */
  certId?: string;
  certName?: string;
  /** `cas` | `upload` | `free` */
  certType?: string;
  certRegion?: string;
  /** Expiry, ISO 8601. */
  expires?: string;
}

/** Everything the planner needs, read in O(buckets + zones) calls. */
export interface Observed {
  zones: Zone[];
  /** Bindings of every bucket read, keyed by domain. */
  bindings: Map<string, Binding>;
  /** Buckets that were read (a domain absent from `bindings` is known unbound on these). */
  bucketsRead: Set<string>;
  /**
   * True when every bucket of the account was read (ListBuckets, to locate a binding nothing points at): a domain
   * absent from `bindings` is then known unbound everywhere.
   */
  allBucketsRead?: boolean;
  /** Records of every zone read, keyed by zone name. */
  records: Map<string, DnsRecord[]>;
  /** CDN domains of the account, keyed by domain. */
  cdn: Map<string, CdnDomain>;
}

// ----------------------------------------------------------------------------------------------------------------
// The plan

/**
 * What showed, at plan time, that a bucket binding is this owner's (bindings carry no marker): this owner's CNAME at
 * the domain, or its CDN domain, pointing at the bucket. The rules are in ownership.ts.
 */
export interface BindingEvidence {
  record?: { recordId: string; value: string; remark?: string };
  cdn?: { domain: string; owner?: string; origins: string[] };
}

/**
 * Every kind of step, keyed by its `kind`. The interface is empty here: each resource module (src/core/resources)
 * adds the steps it owns to it by declaration merging (TypeScript's module augmentation), so a step's fields live
 * beside the code that plans, runs and describes it, and a new resource adds its steps without editing this file.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the resource modules (declaration merging)
export interface StepKinds {}

/** One change apply makes (a union over every resource's steps). */
export type Step = StepKinds[keyof StepKinds];

/** Something that blocks a domain: reported, never acted on. */
export interface Conflict {
  domain: string;
  /** Stable code: `foreign-record`, `foreign-cdn`, `bound-elsewhere`, `apex`, `no-zone`, `cdn-origin-mismatch`, ... */
  code: string;
  message: string;
  /** What the user can do about it. */
  hint: string;
  pos?: SourcePos;
}

export interface Warning {
  domain: string;
  code: string;
  message: string;
}

/** The plan for one domain: steps run in order; domains run concurrently. */
export interface DomainPlan {
  domain: string;
  display: string;
  /** `create` (not bound yet), `update`, `delete`, `noop`, `conflict`. */
  action: 'create' | 'update' | 'delete' | 'noop' | 'conflict';
  steps: Step[];
  conflicts: Conflict[];
  /** The DNS target the record should have (`<bucket>.oss-<region>.aliyuncs.com` or the CDN CNAME). */
  target?: string;
  spec?: DomainSpec;
}

export interface Plan {
  owner: string;
  domains: DomainPlan[];
  warnings: Warning[];
}

export const planHasChanges = (plan: Plan): boolean => plan.domains.some((d) => d.steps.length > 0);
export const planHasConflicts = (plan: Plan): boolean => plan.domains.some((d) => d.conflicts.length > 0);
/** Every step the plan would run (the number of changes front-ends report). */
export const planStepCount = (plan: Plan): number => plan.domains.reduce((n, d) => n + d.steps.length, 0);
/** Every conflict of the plan, domain by domain. */
export const planConflicts = (plan: Plan): Conflict[] => plan.domains.flatMap((d) => d.conflicts);

// ----------------------------------------------------------------------------------------------------------------
// Results

export interface StepResult {
  step: Step;
  ok: boolean;
  /** Request ids of the write calls made for this step. */
  requestIds: string[];
  error?: string;
  /** Free-form detail for the report, e.g. the CDN CNAME that was assigned. */
  detail?: string;
  /** The step was never started because the apply was stopped (see `ApplyResult.stopped`). */
  notRun?: boolean;
  /**
   * The apply was stopped while this step waited (for OSS to see a TXT record, for a CDN domain to come online):
   * what it did stands, and the next run finishes it.
   */
  interrupted?: boolean;
  /**
   * Not failed, not done: waiting for something only the user can do (a `dns: none` record at another DNS provider).
   * `ok` is true; the next apply finishes it once the records are there.
   */
  pending?: boolean;
}

export interface Verification {
  domain: string;
  expected: string;
  /** The CNAME chain / answers the resolver returned. */
  answers: string[];
  ok: boolean;
  error?: string;
}

export interface ApplyResult {
  plan: Plan;
  results: StepResult[];
  verifications: Verification[];
  ok: boolean;
  /**
   * Set when the apply was stopped at a step boundary before it finished (the apply lock was lost, or a front-end
   * asked it to stop): why, what was left, and that running again finishes the job.
   */
  stopped?: string;
}
