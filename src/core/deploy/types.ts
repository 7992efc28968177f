/** What a deploy is asked to do, and what it reports. */
import type { RefreshResult } from '../engine/refresh.js';
import type { CacheRule } from './headers.js';
import type { EdgeDomain } from './targets.js';

export interface DeployRequest {
  /** The directory whose files become the objects under `prefix`. */
  dir: string;
  /** The bucket; its region is looked up (GetBucketLocation) when absent. */
  bucket: { name: string; region?: string };
  /** Key prefix (`site/`); a missing trailing `/` is added, a leading one removed. Default: the bucket's root. */
  prefix?: string;
  /** Delete objects under the prefix that are not in `dir` (never without it). */
  delete?: boolean;
  /** Read and decide, write nothing. */
  dryRun?: boolean;
  /** Refresh the CDN domains in front of the bucket (default true). */
  refresh?: boolean;
  /** Also prefetch the changed URLs. */
  preload?: boolean;
  /** Wait until the refresh tasks are complete. */
  wait?: boolean;
  /** Deploy hidden files too (`.git`, `.DS_Store`; `.well-known/` always goes). */
  includeHidden?: boolean;
  /** Cache-Control by glob, first match wins (`assets/**` → `public, max-age=31536000, immutable`; `none` = no header). */
  cacheControl?: CacheRule[];
  /** Files of at least this many bytes are uploaded in parts (default 100 MiB). */
  multipartThreshold?: number;
  /** Part size of those uploads (default 16 MiB; at least 100 KiB). */
  partSize?: number;
}

export interface DeployUpload {
  key: string;
  reason: 'new' | 'changed';
  size: number;
  contentType: string;
  cacheControl?: string;
  multipart: boolean;
  /** Request id of the upload (not in a dry run). */
  requestId?: string;
}

export interface DeployRefresh {
  /** Why nothing was refreshed, when nothing was: `--no-refresh`, nothing changed, no CDN domain, … */
  skipped?: string;
  /** Every CDN domain in front of the bucket, and what was done about it. */
  domains: EdgeDomain[];
  /** Object keys whose URLs were (or, in a dry run, would be) refreshed, `a/` and `` standing for index pages. */
  paths: string[];
  /** `urls`: each changed URL; `directories`: the few directories holding them, because the URLs did not fit. */
  mode?: 'urls' | 'directories';
  /** The sentence that says why directories were refreshed instead of URLs. */
  fallback?: string;
  /** The URLs or directory URLs sent (or to be sent). */
  targets: string[];
  /** Keys an earlier deploy that did not finish left to refresh (its journal), included in `paths`. */
  fromEarlierRun: string[];
  result?: RefreshResult;
}

export interface DeployResult {
  bucket: string;
  region: string;
  prefix: string;
  dryRun: boolean;
  /** Files found in the directory (hidden ones left out). */
  files: number;
  /** Hidden paths left out (not deployed, never deleted). */
  hidden: string[];
  /** Other entries left out, with why. */
  ignored: { path: string; why: string }[];
  uploads: DeployUpload[];
  deletes: string[];
  unchanged: number;
  bytesUploaded: number;
  /** ListObjectsV2 pages read. */
  listPages: number;
  refresh: DeployRefresh;
  /** Files uploaded or deleted (made, or pending in a dry run): the Action's `changes`. */
  changes: number;
  /** True when a write was (or, in a dry run, would be) needed: uploads, deletes or a refresh. */
  hasChanges: boolean;
}
