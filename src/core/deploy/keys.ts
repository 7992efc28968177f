/**
 * From files to object keys and from keys to the URLs an edge caches: the key prefix, which paths are hidden, which
 * file names carry a content hash, and how a key is written in a URL.
 */
import { inputError } from '../errors.js';

/**
 * `--prefix`: no leading `/` (OSS keys have none), and a trailing `/` added, so `site` and `site/` both put
 * `index.html` at `site/index.html`. Empty means the bucket's root.
 */
export function normalisePrefix(raw: string | undefined): string {
  const p = (raw ?? '').trim().replace(/^\/+/, '');
  if (p === '') return '';
  const problem = keyProblem(p);
  if (problem || p.split('/').some((s) => s === '.' || s === '..'))
    throw inputError(
      {
        message: `the prefix "${raw}" cannot start object keys: ${problem ?? 'it has a "." or ".." segment'}`,
        hint: 'write a plain path such as site/ or docs/v2/',
      },
      'InvalidPrefix',
    );
  return p.endsWith('/') ? p : `${p}/`;
}

/** Why a key cannot be written to OSS (UTF-8 over 1,023 bytes, or a control character), or undefined. */
export function keyProblem(key: string): string | undefined {
  if (Buffer.byteLength(key, 'utf8') > 1_023) return 'it is longer than the 1,023 bytes OSS allows in a key';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'it holds a control character, which OSS listings cannot carry';
  return undefined;
}

/**
 * Hidden: any segment of the path starting with `.` (`.git/`, `.DS_Store`, `.env`), except `.well-known/`, which
 * RFC 8615 reserves for files a site must serve (security.txt, ACME challenges, app links).
 */
export function isHidden(relPath: string): boolean {
  return relPath.split('/').some((s) => s.startsWith('.') && s !== '.well-known');
}

/**
 * A file name carries a content hash when, just before its extension(s), a `.` or `-` is followed by 8 to 64
 * lower-case hex digits that mix digits and letters: `app.3f9a1c2e.js`, `logo-3f9a1c2e.png`, `main.8a4b2c1d.chunk.js`,
 * `app.3f9a1c2e.js.map` (webpack, Parcel, Angular and Create React App write such names). Near misses are not:
 * 7 digits, a date or version (`report-20240101.pdf`: digits only), a word (`deadbeef` has no digit), upper case
 * (`IMG_0A1B2C3D.JPG`), a hash with no name before it, or a hash in a directory. Only a name that changes whenever the
 * content changes may be cached for a year, so when in doubt the answer is no; other schemes (Vite's
 * `index-BVhn3PYa.js`) are marked with a `--cache-control` glob instead.
 */
export function hasContentHash(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const m = /^.+?[.-]([0-9a-f]{8,64})((?:\.[A-Za-z0-9]{1,10})+)$/.exec(name);
  if (!m) return false;
  const hash = m[1]!;
  return /[0-9]/.test(hash) && /[a-f]/.test(hash);
}

/**
 * A key as a URL path: the characters a browser percent-encodes in a path (controls, space, `"`, `#`, `<`, `>`, `?`,
 * `` ` ``, `{`, `}`, DEL and everything beyond ASCII, as UTF-8 bytes), plus `%` and `\` (which would otherwise read as an
 * escape and as `/`), are encoded; everything else is left as browsers send it (`+`, `(`, `)`, `[`, `]`, `@`, …). A
 * CDN caches the URL it was asked for, so a refresh URL spelled any other way would refresh nothing.
 */
export function urlPath(key: string): string {
  let out = '';
  for (const ch of key) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters must be encoded.
    if (/[\u0000-\u0020"#<>?`{}\u007f%\\]/.test(ch) || ch.codePointAt(0)! > 0x7e) {
      for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return out;
}

/**
 * The key whose URL a directory URL also serves, when there is one: `a/index.html` is what `a/` shows (OSS static
 * website hosting with sub-directory index pages), and `index.html` at the bucket's root is `/`. Returns the
 * directory key (`a/`, or `` for the root), or undefined.
 */
export function indexDirectory(key: string, index = 'index.html'): string | undefined {
  if (key === index) return '';
  return key.endsWith(`/${index}`) ? key.slice(0, -index.length) : undefined;
}
