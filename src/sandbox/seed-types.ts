/** The shapes of a sandbox seed (see seed.ts, which loads and validates one). */
import type { SandboxTiming } from './state.js';

export type Acl = 'private' | 'public-read' | 'public-read-write';

export interface SeedObject {
  key: string;
  /** UTF-8 content. Exactly one of `text` and `base64`. */
  text?: string;
  base64?: string;
  /** Default: from the key's extension, else `application/octet-stream`. */
  contentType?: string;
}

export interface SeedCname {
  domain: string;
  /** Id of a seeded certificate to bind (HTTPS). */
  cert?: string;
  /** The console's "CDN cache auto-refresh" (`<IsPurgeCdnCache>` in ListCname); no API can set it. Default false. */
  purgeCdnCache?: boolean;
}

export interface SeedBucket {
  name: string;
  /** Region id without `oss-`: `cn-hangzhou`. */
  region: string;
  /** Default `private`. */
  acl?: Acl;
  objects?: SeedObject[];
  /** Custom domains already bound. */
  cnames?: SeedCname[];
}

export interface SeedRecord {
  /** Relative name, `@` for the apex. */
  rr: string;
  type: string;
  value: string;
  /** Default 600. */
  ttl?: number;
  /** Default empty (not owned by anyone). */
  remark?: string;
  /** Default `default`. */
  line?: string;
  /** Default `ENABLE`. */
  status?: 'ENABLE' | 'DISABLE';
}

export interface SeedZone {
  name: string;
  records?: SeedRecord[];
}

export interface SeedCdnSource {
  type: string;
  content: string;
  port?: number;
  priority?: string;
  weight?: string;
}

export interface SeedCdnDomain {
  domain: string;
  /** Shorthand for one `oss` source: the bucket's domain (`abc-img.oss-cn-hangzhou.aliyuncs.com`). */
  origin?: string;
  sources?: SeedCdnSource[];
  /** Default `online`. */
  status?: 'online' | 'offline' | 'configuring';
  /** Default `domestic`. */
  scope?: 'domestic' | 'overseas' | 'global';
  /** Default `web`. */
  cdnType?: string;
  tags?: Record<string, string>;
  /** Certificate id for HTTPS. */
  cert?: string;
  /**
   * Functions already configured (as BatchSetCdnDomainConfig would have set them, `success`): function name →
   * argument → value, e.g. `{ set_req_host_header: { domain_name: cdn.example.org } }`. `oss_auth` is added anyway.
   */
  functions?: Record<string, Record<string, string>>;
}

export interface SeedCertificate {
  /** Numeric id, as domains.yml writes it (`"12345"`). */
  id: string;
  name?: string;
  /** Names it covers; `*.abc.com` covers one label. */
  domains: string[];
  /** ISO date; default: one day before the seed is applied. */
  notBefore?: string;
  /** ISO date; alternatively `validDays` from now (negative = already expired). Default: 365 days. */
  notAfter?: string;
  validDays?: number;
}

/** A whole seed: every key optional. */
export interface SeedSpec {
  timing?: Partial<SandboxTiming>;
  buckets?: SeedBucket[];
  zones?: SeedZone[];
  cdn?: SeedCdnDomain[];
  certificates?: SeedCertificate[];
  /** Domains (or roots) with no ICP filing. */
  unfiled?: string[];
  /** Root domains whose CDN ownership the account has already proven. */
  cdnVerifiedRoots?: string[];
}

/** What `startSandbox({ seed })`, `control.reset()` and `POST /__sandbox/seed` accept. */
export type SeedInput = SeedSpec | 'default' | 'empty' | (string & {});

/** One problem in a seed. `line`/`column` are 1-based and present for YAML input. */
export interface SeedIssue {
  file?: string;
  line?: number;
  column?: number;
  /** `buckets[0].region` */
  path: string;
  message: string;
  hint: string;
}
