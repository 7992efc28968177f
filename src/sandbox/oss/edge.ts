/**
 * The CDN edge of an accelerated domain: a GET through the CDN domain is answered from the edge's copy when it has
 * one, and from the origin bucket (then kept) when it has none. The copy stays what the edge serves, whatever happens
 * to the object in the bucket, until one of these ends it:
 *
 * - a refresh (or preload) task for that URL, or a directory refresh above it, completes (RefreshObjectCaches and
 *   PushObjectCache tasks complete `timing.refreshCompleteMs` after they are submitted);
 * - the domain is bound to the bucket with the console's "CDN cache auto-refresh" on (`<IsPurgeCdnCache>` in
 *   ListCname), and the object changed or went away since the copy was taken;
 * - the origin's `Cache-Control: max-age` (or `s-maxage`) ran out.
 *
 * The origin's `no-cache`, `no-store`, `private` and `max-age=0` are honoured (nothing kept). Only whole 200 answers
 * are kept; a HEAD, a Range request and an error pass through to the origin. Copies without caching headers are kept
 * until refreshed: a real edge applies the domain's cache rules, whose expiry no test should have to wait for.
 *
 * The copy is keyed by path and query as the client sent them, and a refresh URL matches it when its path and query
 * are the same characters (`/a%20b.png` is not `/a b.png`): a refresh URL encoded differently from what browsers
 * send refreshes nothing, as on a real edge.
 */
import type { BucketState, EdgeEntry, RefreshTaskState, World } from '../state.js';
import type { Handled } from './xml.js';

/** The path and query of a URL or a request target, as the edge compares them. */
export function edgeKey(target: string): string {
  try {
    const u = new URL(target, 'http://edge.invalid');
    return u.pathname + u.search;
  } catch {
    return target;
  }
}

/** Seconds the origin lets the edge keep an answer: `undefined` = no limit given, 0 = do not keep. */
function ttlOf(headers: Record<string, string>): number | undefined {
  const cc = (headers['cache-control'] ?? '').toLowerCase();
  if (/(^|[,\s])(no-cache|no-store|private)\b/.test(cc)) return 0;
  const m = /(?:^|[,\s])s-maxage=(\d+)/.exec(cc) ?? /(?:^|[,\s])max-age=(\d+)/.exec(cc);
  return m ? Number(m[1]) : undefined;
}

function taskCovers(t: RefreshTaskState, key: string): boolean {
  const path = edgeKey(/^[a-z]+:\/\//i.test(t.objectPath) ? t.objectPath : `http://${t.objectPath}`);
  if (t.objectType === 'directory') return key.startsWith(path.endsWith('/') ? path : `${path}/`);
  if (t.objectType === 'file' || t.objectType === 'preload') return key === path;
  return false;
}

/** Why the edge's copy no longer stands, or `undefined` when it does. */
function staleness(
  world: World,
  domain: string,
  bucket: BucketState,
  objectKey: string,
  key: string,
  e: EdgeEntry,
  now: number,
) {
  if (e.expiresAt !== undefined && now >= e.expiresAt) return 'expired';
  for (const t of world.refreshTasks) {
    if (t.domain === domain && t.completeAt <= now && t.completeAt > e.cachedAt && taskCovers(t, key))
      return 'refreshed';
  }
  if (bucket.cnames.get(domain)?.purgeCdnCache) {
    const obj = bucket.objects.get(objectKey);
    if (!obj || obj.lastModified > e.cachedAt) return 'auto-refreshed';
  }
  return undefined;
}

/**
 * Answers a request to CDN domain `domain` from its edge, calling `origin` on a miss. `objectKey` is the bucket key
 * the request maps to (for the auto-refresh check).
 */
export function serveFromEdge(
  world: World,
  domain: string,
  bucket: BucketState,
  req: { method: string; rawUrl: string; range?: string; objectKey: string },
  now: number,
  origin: () => Handled,
): Handled {
  const edge = { via: 'sandbox-cdn-edge' };
  const key = edgeKey(req.rawUrl);
  const cache = world.edgeCache.get(domain) ?? new Map<string, EdgeEntry>();
  let entry = cache.get(key);
  if (entry && staleness(world, domain, bucket, req.objectKey, key, entry, now)) {
    cache.delete(key);
    entry = undefined;
  }
  if (entry && !req.range) {
    const age = String(Math.max(0, Math.floor((now - entry.cachedAt) / 1000)));
    const headers = { ...entry.headers, ...edge, age, 'x-cache': 'HIT TCP_MEM_HIT dirn:-2:-2' };
    return { status: entry.status, headers, body: req.method === 'HEAD' ? undefined : entry.body };
  }
  const out = origin();
  const headers = { ...out.headers, ...edge, 'x-cache': 'MISS TCP_MISS dirn:-2:-2' };
  const ttl = ttlOf(out.headers ?? {});
  if (req.method === 'GET' && !req.range && out.status === 200 && out.body && ttl !== 0) {
    const kept: EdgeEntry = { status: 200, headers: { ...out.headers }, body: out.body, cachedAt: now };
    if (ttl !== undefined) kept.expiresAt = now + ttl * 1000;
    cache.set(key, kept);
    world.edgeCache.set(domain, cache);
  }
  return { ...out, headers };
}
