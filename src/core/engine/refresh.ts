/**
 * CDN cache refresh and preload within the API's limits (CDN API reference: RefreshObjectCaches, PushObjectCache,
 * DescribeRefreshTasks, DescribeRefreshQuota):
 *
 * - every entry is a URL, a directory (a URL ending in `/`), or — with `bucket` — an object key of that bucket,
 *   which stands for that key on every CDN domain whose origin is the bucket;
 * - DescribeRefreshQuota first: when today's remaining quota cannot cover the request, refuse before any refresh
 *   call, saying how much is needed and how much is left;
 * - calls of at most 1,000 URLs or 100 directories, each spanning at most 10 domains (paths packed domain by
 *   domain, so the number of calls is close to the minimum);
 * - with `preload`, the URLs (not directories: CDN cannot prefetch a directory) are also prefetched after the refresh,
 *   100 per call (the documented per-call limit of older accounts);
 * - with `wait`, DescribeRefreshTasks is polled until every task is Complete (or Failed), with progress.
 */

import { pollUntil } from '../calls/retry.js';
import { urlPath } from '../deploy/keys.js';
import { CloudError, explain, hasCode } from '../errors.js';
import { bucketDomain, sameHost } from '../names.js';
import type { RefreshQuota, RefreshTask, Runtime } from '../ports.js';

export interface RefreshRequest {
  /** URLs (`https://img.abc.com/a.png`), directories (ending in `/`), or object keys of `bucket`. */
  paths: string[];
  /** For object keys: the bucket whose CDN domains they are mapped to. */
  bucket?: { name: string; region?: string };
  preload?: boolean;
  wait?: boolean;
}

export interface RefreshResult {
  urls: number;
  directories: number;
  /** One entry per API call. */
  calls: { type: 'File' | 'Directory' | 'Preload'; count: number; taskIds: string[]; requestId: string }[];
  quotaBefore?: RefreshQuota;
  tasks?: RefreshTask[];
}

export const URLS_PER_CALL = 1_000;
export const DIRS_PER_CALL = 100;
export const PRELOAD_PER_CALL = 100;
export const DOMAINS_PER_CALL = 10;
export const MAX_PATH_LENGTH = 1_024;

const refuse = (code: string, message: string, hint: string) =>
  new CloudError(message, { service: 'cdn', code, status: 0, action: 'RefreshObjectCaches', hint });

const hostOf = (url: string) => new URL(url).host.toLowerCase();
const hasScheme = (p: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p);

/** Splits paths into batches of at most `size` paths spanning at most `maxDomains` hosts, host by host. */
export function batch(paths: string[], size: number, maxDomains = DOMAINS_PER_CALL): string[][] {
  const byHost = new Map<string, string[]>();
  for (const p of paths) {
    const h = hostOf(p);
    const list = byHost.get(h);
    if (list) list.push(p);
    else byHost.set(h, [p]);
  }
  const out: string[][] = [];
  let cur: string[] = [];
  let hosts = new Set<string>();
  for (const [h, list] of byHost) {
    for (const p of list) {
      if (cur.length >= size || (!hosts.has(h) && hosts.size >= maxDomains)) {
        out.push(cur);
        cur = [];
        hosts = new Set();
      }
      cur.push(p);
      hosts.add(h);
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Turns the request's entries into absolute URLs, expanding object keys over the bucket's CDN domains. */
async function expand(rt: Runtime, req: RefreshRequest): Promise<string[]> {
  const keys = req.paths.filter((p) => !hasScheme(p));
  const out = req.paths.filter(hasScheme);
  if (keys.length > 0) {
    if (!req.bucket)
      throw refuse(
        'InvalidObjectPath.Malformed',
        `"${keys[0]}" is neither a URL nor a directory URL`,
        'write full URLs (https://img.abc.com/a.png, https://img.abc.com/dir/), or give the bucket so object keys can be mapped to its CDN domains',
      );
    const region = req.bucket.region ?? (await rt.oss.getBucketRegion(req.bucket.name));
    const origin = bucketDomain(req.bucket.name, region);
    const domains = (await rt.cdn.listDomains()).filter((d) => d.sources.some((s) => sameHost(s.content, origin)));
    if (domains.length === 0)
      throw refuse(
        'NoCdnDomainForBucket',
        `no CDN domain of this account has the bucket ${req.bucket.name} (${origin}) as its origin, so there is no cache to refresh`,
        'bind a domain with "cdn: true", or pass URLs instead of object keys',
      );
    for (const d of domains) {
      const scheme = d.sslProtocol === 'on' ? 'https' : 'http';
      for (const k of keys) {
        const path = urlPath(k.replace(/^\/+/, ''));
        out.push(`${scheme}://${d.domain}/${path}`);
      }
    }
  }
  for (const p of out) {
    if (!URL.canParse(p) || !/^https?:$/.test(new URL(p).protocol))
      throw refuse(
        'InvalidObjectPath.Malformed',
        `"${p}" is not an http(s) URL`,
        'write full URLs such as https://img.abc.com/a.png, or https://img.abc.com/dir/ for a directory',
      );
    if (p.length > MAX_PATH_LENGTH)
      throw refuse(
        'InvalidObjectPath.Malformed',
        `a path is ${p.length} characters long; CDN accepts at most ${MAX_PATH_LENGTH}: ${p.slice(0, 80)}…`,
        'refresh its directory instead',
      );
  }
  return [...new Set(out)];
}

/**
 * CDN refuses a whole call when one of its domains is not a CDN domain of the account, without saying which. Find
 * out (one listing, only on this failure) and name them, with what was already sent.
 */
async function notCdn(rt: Runtime, e: CloudError, paths: string[], done: RefreshResult): Promise<CloudError> {
  let missing: string[] = [];
  try {
    const cdn = (await rt.cdn.listDomains()).map((d) => d.domain.toLowerCase());
    const covered = (h: string) => cdn.some((d) => d === h || (d.startsWith('.') && h.endsWith(d)));
    missing = [...new Set(paths.map(hostOf))].filter((h) => !covered(h));
  } catch {
    // The listing is only for the message; the original error stands on its own.
  }
  if (missing.length === 0) return e;
  const sent = done.calls.reduce((n, c) => n + c.count, 0);
  return explain(
    e,
    `${missing.join(', ')} ${missing.length === 1 ? 'is not a CDN domain' : 'are not CDN domains'} of this account, so CDN has no cache of ${missing.length === 1 ? 'it' : 'them'} to refresh${sent ? ` (${sent} paths in ${done.calls.length} earlier calls were sent)` : ''}`,
    'a domain bound straight to OSS has no CDN cache: drop its URLs (or bind it with "cdn: true" first)',
    { resource: missing.join(', ') },
  );
}

function waitForTasks(rt: Runtime, ids: string[]): Promise<RefreshTask[]> {
  return pollUntil<RefreshTask[], RefreshTask[]>(
    rt,
    // Past the bound the tasks are returned as they stand: the caller reports the ones still running.
    { timeoutMs: rt.tuning.cdnOnlineTimeoutMs, delay: () => rt.tuning.pollMs, onTimeout: (_elapsed, tasks) => tasks },
    async () => {
      const tasks = await rt.cdn.getRefreshTasks(ids);
      const pending = tasks.filter((t) => t.status !== 'Complete' && t.status !== 'Failed');
      if (pending.length === 0) return { done: true, value: tasks };
      return {
        done: false,
        waiting: `refresh: ${tasks.length - pending.length}/${tasks.length} tasks complete`,
        last: tasks,
      };
    },
  );
}

/** CDN refresh / preload, batched within the per-call limits, after checking the daily quota. */
export async function refresh(rt: Runtime, req: RefreshRequest): Promise<RefreshResult> {
  const all = await expand(rt, req);
  const urls = all.filter((p) => !p.endsWith('/'));
  return sendRefresh(rt, {
    files: urls,
    directories: all.filter((p) => p.endsWith('/')),
    preload: req.preload ? urls : [],
    wait: req.wait,
  });
}

/** What `sendRefresh` sends: absolute URLs, each already of its kind. */
export interface RefreshBatch {
  /** Refreshed as File: URLs, including directory URLs meant as the page they serve (`https://d/a/`). */
  files: string[];
  /** Refreshed as Directory: everything under them. */
  directories: string[];
  /** Prefetched after the refresh. */
  preload: string[];
  wait?: boolean;
  /** Today's quota when the caller has just read it (else read here). */
  quota?: RefreshQuota;
}

/**
 * The refresh itself: the daily quota first (refusing, before any call, what would not fit), then File calls of at
 * most 1,000 URLs, Directory calls of at most 100, the preloads, and with `wait` the wait for every task.
 */
export async function sendRefresh(rt: Runtime, b: RefreshBatch): Promise<RefreshResult> {
  const urls = b.files;
  const dirs = b.directories;
  const all = [...urls, ...dirs];
  const quota = b.quota ?? (await rt.cdn.getRefreshQuota());
  const over: string[] = [];
  if (urls.length > quota.urlRemain)
    over.push(`${urls.length} URLs but only ${quota.urlRemain} of ${quota.urlQuota} remain`);
  if (dirs.length > quota.dirRemain)
    over.push(`${dirs.length} directories but only ${quota.dirRemain} of ${quota.dirQuota} remain`);
  if (b.preload.length > quota.preloadRemain)
    over.push(`${b.preload.length} preloads but only ${quota.preloadRemain} of ${quota.preloadQuota} remain`);
  if (over.length > 0)
    throw refuse(
      'QuotaExceeded.Refresh',
      `today's CDN refresh quota is too small for this request: it needs ${over.join('; ')}. Nothing was refreshed`,
      'refresh a directory instead of many URLs, split the work over several days, or ask Alibaba Cloud for a larger quota',
    );

  const result: RefreshResult = { urls: urls.length, directories: dirs.length, calls: [], quotaBefore: quota };
  const send = async (type: 'File' | 'Directory' | 'Preload', paths: string[]) => {
    try {
      const r = type === 'Preload' ? await rt.cdn.preload(paths) : await rt.cdn.refresh(paths, type);
      result.calls.push({ type, count: paths.length, taskIds: r.taskIds, requestId: r.requestId });
    } catch (e) {
      if (hasCode(e, 'InvalidDomain.NotFound')) throw await notCdn(rt, e, all, result);
      throw e;
    }
  };
  for (const p of batch(urls, URLS_PER_CALL)) await send('File', p);
  for (const p of batch(dirs, DIRS_PER_CALL)) await send('Directory', p);
  for (const p of batch(b.preload, PRELOAD_PER_CALL)) await send('Preload', p);
  if (b.wait) result.tasks = await waitForTasks(rt, [...new Set(result.calls.flatMap((c) => c.taskIds))]);
  return result;
}
