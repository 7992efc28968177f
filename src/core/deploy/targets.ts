/**
 * Where a deploy's changes are cached, and what to refresh there (pure).
 *
 * The CDN domains are those whose origin is the bucket's domain; a domain whose binding has the console's auto-refresh
 * on is left to OSS, and one that is not online cannot be refreshed (both reported). The paths are URLs of the keys
 * (`urlPath`), one per domain. When they do not fit today's remaining URL quota, the deploy refreshes the few
 * directories that hold every change instead: the tightest directories, lifted towards the root until there are at
 * most `MAX_DIRECTORIES` of them (and no more than the directory quota allows across the domains).
 */

import type { Binding, CdnDomain } from '../model.js';
import { bucketDomain, sameHost } from '../names.js';
import { urlPath } from './keys.js';

export { MAX_DIRECTORIES } from './limits.js';

export interface EdgeDomain {
  domain: string;
  /** `https` when the domain serves HTTPS, as the URLs are written. */
  scheme: 'http' | 'https';
  /** `refresh`: this deploy refreshes it; `auto`: OSS's auto-refresh does; `offline`: it cannot be refreshed now. */
  mode: 'refresh' | 'auto' | 'offline';
  status: string;
}

/** The CDN domains in front of `bucket` and what the deploy does about each. */
export function edgeDomains(bucket: string, region: string, cdn: CdnDomain[], bindings: Binding[]): EdgeDomain[] {
  const origin = bucketDomain(bucket, region);
  const auto = new Set(bindings.filter((b) => b.purgeCdnCache).map((b) => b.domain.toLowerCase()));
  return cdn
    .filter((d) => d.sources.some((s) => sameHost(s.content, origin)))
    .map((d): EdgeDomain => {
      const domain = d.domain.toLowerCase();
      const mode = auto.has(domain) ? 'auto' : d.status === 'online' ? 'refresh' : 'offline';
      return { domain, scheme: d.sslProtocol === 'on' ? 'https' : 'http', mode, status: d.status };
    })
    .sort((a, b) => a.domain.localeCompare(b.domain));
}

/** Absolute URLs of `paths` (keys, or directory keys ending in `/`, `` for the root) on every domain. */
export function urlsOn(domains: EdgeDomain[], paths: string[]): string[] {
  return domains.flatMap((d) => paths.map((p) => `${d.scheme}://${d.domain}/${urlPath(p)}`));
}

const parentOf = (dir: string): string => {
  const cut = dir.slice(0, -1).lastIndexOf('/');
  return cut < 0 ? '' : dir.slice(0, cut + 1);
};
const depth = (dir: string): number => (dir.match(/\//g) ?? []).length;

/** Drops every directory that another one in the set already covers. */
function outermost(dirs: Set<string>): Set<string> {
  return new Set([...dirs].filter((d) => ![...dirs].some((o) => o !== d && d.startsWith(o))));
}

/**
 * The fewest, tightest directories (`a/b/`, or `` for the root) holding every key, at most `cap` of them: start from
 * each key's own directory, then lift the deepest ones to their parents until the set is small enough.
 */
export function coveringDirectories(keys: string[], cap: number): string[] {
  let dirs = outermost(new Set(keys.map((k) => k.slice(0, k.lastIndexOf('/') + 1))));
  while (dirs.size > Math.max(1, cap)) {
    const deepest = Math.max(...[...dirs].map(depth));
    dirs = outermost(new Set([...dirs].map((d) => (depth(d) === deepest ? parentOf(d) : d))));
  }
  return [...dirs].sort();
}
