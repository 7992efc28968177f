/**
 * Deciding a deploy (pure): which files to upload, which objects to delete, which keys the edge must forget.
 *
 * A file is the same as its object when the sizes match and either the object is a simple upload whose ETag is the
 * file's MD5, or — for objects whose ETag is not an MD5 (multipart or appendable uploads) — the object's
 * `x-oss-meta-md5`, which this tool writes on every upload in parts, is the file's MD5. The listing does not carry
 * metadata, so only such objects of the same size as their file cost a HeadObject (`needsHead`).
 */
import type { RemoteObject } from '../ports.js';
import { type CompiledRule, cacheControlOf, contentTypeOf } from './headers.js';
import { hasContentHash, indexDirectory, isHidden } from './keys.js';
import { MD5_META } from './limits.js';
import type { LocalFile } from './local.js';

export interface PlannedUpload {
  key: string;
  file: LocalFile;
  /** `new`: no object had the key; `changed`: the object's content differs. */
  reason: 'new' | 'changed';
  contentType: string;
  cacheControl?: string;
  /** Uploaded in parts (the file is at least the multipart threshold). */
  multipart: boolean;
}

export interface DeployPlan {
  uploads: PlannedUpload[];
  /** Keys to delete (only with `--delete`). */
  deletes: string[];
  unchanged: number;
}

export interface PlanInput {
  prefix: string;
  files: LocalFile[];
  /** Every object under the prefix, journal objects left out. */
  remote: Map<string, RemoteObject>;
  /** `x-oss-meta-*` of the objects `needsHead` asked for. */
  metaOf: Map<string, Record<string, string> | undefined>;
  rules: CompiledRule[];
  deleteMissing: boolean;
  includeHidden: boolean;
  multipartThreshold: number;
}

const isMd5Etag = (o: RemoteObject) =>
  o.type !== 'Multipart' && o.type !== 'Appendable' && /^[0-9A-F]{32}$/.test(o.etag);

/** The keys whose objects must be read (HeadObject) before the comparison can be made. */
export function needsHead(prefix: string, files: LocalFile[], remote: Map<string, RemoteObject>): string[] {
  return files
    .map((f) => ({ f, o: remote.get(prefix + f.rel) }))
    .filter(({ f, o }) => o !== undefined && o.size === f.size && !isMd5Etag(o))
    .map(({ o }) => o!.key);
}

function same(f: LocalFile, o: RemoteObject, meta: Record<string, string> | undefined): boolean {
  if (o.size !== f.size) return false;
  if (isMd5Etag(o)) return o.etag === f.md5.toUpperCase();
  return meta?.[MD5_META]?.toLowerCase() === f.md5;
}

export function planDeploy(i: PlanInput): DeployPlan {
  const plan: DeployPlan = { uploads: [], deletes: [], unchanged: 0 };
  const local = new Set<string>();
  for (const f of i.files) {
    const key = i.prefix + f.rel;
    local.add(key);
    const o = i.remote.get(key);
    if (o && same(f, o, i.metaOf.get(key))) {
      plan.unchanged++;
      continue;
    }
    const contentType = contentTypeOf(f.rel);
    plan.uploads.push({
      key,
      file: f,
      reason: o ? 'changed' : 'new',
      contentType,
      cacheControl: cacheControlOf(f.rel, contentType, i.rules).value,
      multipart: f.size >= i.multipartThreshold,
    });
  }
  if (i.deleteMissing) {
    for (const key of i.remote.keys()) {
      const rel = key.slice(i.prefix.length);
      // Never deleted: what is in DIR; "folder" objects the console creates (not files); what this run skipped as
      // hidden (an object is not "missing" from DIR because the deploy was told not to look at it).
      if (local.has(key) || key.endsWith('/') || (!i.includeHidden && isHidden(rel))) continue;
      plan.deletes.push(key);
    }
    plan.deletes.sort();
  }
  return plan;
}

/**
 * The keys whose URLs the edge must forget: every changed and deleted key, and new keys too — the edge may hold a
 * 404 or a single-page app's fallback for a URL that had no object — except new names carrying a content hash, which
 * nobody can have asked for before this build.
 */
export function keysToRefresh(plan: DeployPlan, prefix: string): string[] {
  const keys = plan.uploads
    .filter((u) => u.reason === 'changed' || !hasContentHash(u.key.slice(prefix.length)))
    .map((u) => u.key);
  return [...keys, ...plan.deletes];
}

/**
 * Refresh paths for a set of keys (relative to the bucket): each key, plus `a/` for `a/index.html` and `` (the site's
 * root, `/`) for `index.html` — the directory URL serves that page.
 */
export function withIndexPages(keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    out.add(k);
    const dir = indexDirectory(k);
    if (dir !== undefined) out.add(dir);
  }
  return [...out].sort();
}
