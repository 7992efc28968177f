/**
 * `--cache-control GLOB=VALUE` (the Action's `cache-control` input, one per line), read once at the edge. Matching
 * and the default rules are in headers.ts; this module holds no matcher and no MIME database, so front-ends can parse
 * their input without loading either.
 */
import { inputError } from '../errors.js';

export const HTML_CACHE_CONTROL = 'no-cache';
export const HASHED_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The override value that means "send no Cache-Control". */
export const NO_HEADER = 'none';

export interface CacheRule {
  glob: string;
  /** A Cache-Control value, or `none`. */
  value: string;
}

/**
 * Reads `GLOB=VALUE` (the first `=` splits; the value may hold more). Problems are input errors naming the rule and
 * where it came from (`--cache-control`, the Action's `cache-control` input).
 */
export function parseCacheRule(text: string, source: string): CacheRule {
  const eq = text.indexOf('=');
  const glob = eq < 0 ? '' : text.slice(0, eq).trim();
  const value = eq < 0 ? '' : text.slice(eq + 1).trim();
  if (!glob || !value)
    throw inputError(
      {
        message: `${source} "${text}" is not GLOB=VALUE`,
        hint: "write e.g. 'assets/**=public, max-age=31536000, immutable' or '*.pdf=none'",
      },
      'InvalidCacheControl',
    );
  // A header value cannot hold a line break (it would start another header) or other control characters.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw inputError(
      {
        message: `${source} "${glob}" has a control character in its value`,
        hint: 'write the Cache-Control value on one line',
      },
      'InvalidCacheControl',
    );
  return { glob, value };
}
