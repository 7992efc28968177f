/**
 * The headers an uploaded file is stored with, which OSS (and CDN in front of it) then serve:
 *
 * - `Content-Type` from the file name, by `mime-types`: the jshttp package Express serves files with, over mime-db
 *   (the maintained union of IANA, Apache and nginx types), adding `charset=utf-8` to text types; unknown names get
 *   `application/octet-stream`;
 * - `Cache-Control`: the first `--cache-control GLOB=VALUE` whose glob matches the file's path in DIR (`none` = no
 *   header); else `no-cache` for HTML (browsers and edges revalidate it, so a deploy shows at once); else a year and
 *   `immutable` for a file name carrying a content hash (`app.3f9a1c2e.js`: a new build writes a new name); else none
 *   (the edge's own rules apply).
 *
 * Globs are picomatch's (the matcher of micromatch, fast-glob and Vite): `*`, `**`, `?`, `{a,b}`, `[…]`; a glob
 * without `/` matches the file name in any directory (`*.pdf`), one with `/` the whole path (`assets/**`); dot files
 * match too.
 */
import { contentType } from 'mime-types';
import picomatch from 'picomatch';
import { type CacheRule, HASHED_CACHE_CONTROL, HTML_CACHE_CONTROL, NO_HEADER } from './cache-rule.js';
import { hasContentHash } from './keys.js';

export { type CacheRule, parseCacheRule } from './cache-rule.js';

export interface CompiledRule extends CacheRule {
  match: (path: string) => boolean;
}

export function compileRules(rules: CacheRule[]): CompiledRule[] {
  return rules.map((r) => {
    const test = picomatch(r.glob, { dot: true });
    // A glob without `/` is about the file name (as in .gitignore); picomatch's own `basename` option also changes
    // how globs with a `/` match, so the name is cut here instead.
    const match = r.glob.includes('/') ? test : (path: string) => test(path.slice(path.lastIndexOf('/') + 1));
    return { ...r, match };
  });
}

export function contentTypeOf(relPath: string): string {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return contentType(name) || 'application/octet-stream';
}

/** The Cache-Control a file is stored with (undefined: none), and which rule decided it. */
export function cacheControlOf(
  relPath: string,
  type: string,
  rules: CompiledRule[],
): { value?: string; why: 'rule' | 'html' | 'hashed' | 'default'; glob?: string } {
  const rule = rules.find((r) => r.match(relPath));
  if (rule) return { value: rule.value === NO_HEADER ? undefined : rule.value, why: 'rule', glob: rule.glob };
  if (/^text\/html\b/i.test(type)) return { value: HTML_CACHE_CONTROL, why: 'html' };
  if (hasContentHash(relPath)) return { value: HASHED_CACHE_CONTROL, why: 'hashed' };
  return { why: 'default' };
}
