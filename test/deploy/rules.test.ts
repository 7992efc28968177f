/**
 * The deploy's pure rules: which names carry a content hash (and the near misses that must not), how a key is written
 * in a refresh URL, which paths are hidden, the headers a file is stored with, the prefix, and the directories that
 * cover a set of changes when their URLs do not fit the quota.
 */
import { describe, expect, test } from 'vitest';
import { cacheControlOf, compileRules, contentTypeOf, parseCacheRule } from '../../src/core/deploy/headers.js';
import { hasContentHash, indexDirectory, isHidden, normalisePrefix, urlPath } from '../../src/core/deploy/keys.js';
import { coveringDirectories } from '../../src/core/deploy/targets.js';

describe('content-hashed file names', () => {
  test.each([
    'app.3f9a1c2e.js',
    'logo.3f9a1c2e.png',
    'assets/logo-3f9a1c2e.png',
    'static/js/main.8a4b2c1d.chunk.js',
    'app.3f9a1c2e.js.map',
    'vendor.3f9a1c2e4b5d6e7f8a9b.css',
    'a.b.0123456789abcdef0123456789abcdef.woff2',
  ])('%s carries one', (name) => expect(hasContentHash(name)).toBe(true));

  test.each([
    ['app.3f9a1c2.js', 'seven hex digits'],
    ['report-20240101.pdf', 'a date: digits only'],
    ['v-12345678.js', 'digits only'],
    ['beef.deadbeef.js', 'a hex word without a digit'],
    ['IMG_0A1B2C3D.JPG', 'upper case, underscore'],
    ['app.3F9A1C2E.js', 'upper-case hex'],
    ['3f9a1c2e.js', 'no name before the hash'],
    ['app.3f9a1c2e', 'no extension after it'],
    ['3f9a1c2e/app.js', 'a hash in a directory, not the name'],
    ['app.3f9a1c2g.js', 'not hex'],
    ['index-BVhn3PYa.js', "Vite's base64 hash (marked with a glob instead)"],
    ['jquery-3.7.1.min.js', 'a version'],
    ['app_3f9a1c2e.js', 'an underscore before it'],
  ])('%s does not (%s)', (name) => expect(hasContentHash(name)).toBe(false));
});

describe('keys in refresh URLs', () => {
  test.each([
    ['docs/a b.png', 'docs/a%20b.png'],
    ['图片/猫.png', '%E5%9B%BE%E7%89%87/%E7%8C%AB.png'],
    ['a+b (1).png', 'a+b%20(1).png'],
    ['100%.txt', '100%25.txt'],
    ['q?.html', 'q%3F.html'],
    ['#tag.txt', '%23tag.txt'],
    ['back\\slash.txt', 'back%5Cslash.txt'],
    ["it's [x]@home,~=;$&*!.txt", "it's%20[x]@home,~=;$&*!.txt"],
    ['ümlaut/é.html', '%C3%BCmlaut/%C3%A9.html'],
  ])('%s → %s', (key, path) => expect(urlPath(key)).toBe(path));

  test('what the sandbox edge and a browser would do with the URL is the same path', () => {
    for (const key of ['a b/c d.png', '猫 (1).png', 'x+y@z.txt']) {
      const viaBrowser = new URL(`https://d/${key}`).pathname;
      expect(new URL(`https://d/${urlPath(key)}`).pathname).toBe(viaBrowser);
    }
  });

  test('index pages: a/index.html is served at a/, index.html at the root', () => {
    expect(indexDirectory('a/index.html')).toBe('a/');
    expect(indexDirectory('site/docs/index.html')).toBe('site/docs/');
    expect(indexDirectory('index.html')).toBe('');
    expect(indexDirectory('a/index.htm')).toBeUndefined();
    expect(indexDirectory('a/notindex.html')).toBeUndefined();
  });
});

describe('hidden paths and the prefix', () => {
  test('any dot segment is hidden, except .well-known', () => {
    expect(['.git/config', '.DS_Store', 'a/.env', 'a/.cache/x'].every(isHidden)).toBe(true);
    expect(['.well-known/security.txt', 'a/b.c', 'file.'].some(isHidden)).toBe(false);
  });

  test('a prefix gets its trailing slash and loses a leading one; dot segments are refused', () => {
    expect(normalisePrefix(undefined)).toBe('');
    expect(normalisePrefix('site')).toBe('site/');
    expect(normalisePrefix('/docs/v2/')).toBe('docs/v2/');
    expect(() => normalisePrefix('a/../b')).toThrow(/"\." or "\.\." segment/);
  });
});

describe('headers', () => {
  test('Content-Type comes from the MIME database, with a charset for text', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a/app.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
    expect(contentTypeOf('site.webmanifest')).toBe('application/manifest+json; charset=utf-8');
    expect(contentTypeOf('LICENSE')).toBe('application/octet-stream');
  });

  test('Cache-Control: no-cache for HTML, a year for hashed names, none otherwise', () => {
    const none = compileRules([]);
    expect(cacheControlOf('a/index.html', 'text/html; charset=utf-8', none).value).toBe('no-cache');
    expect(cacheControlOf('app.3f9a1c2e.js', 'text/javascript', none).value).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(cacheControlOf('logo.png', 'image/png', none).value).toBeUndefined();
  });

  test('the first matching glob wins; a glob without / matches the name anywhere; none removes the header', () => {
    const rules = compileRules([
      parseCacheRule('assets/**=public, max-age=31536000, immutable', '--cache-control'),
      parseCacheRule('*.pdf=none', '--cache-control'),
      parseCacheRule('*=max-age=60', '--cache-control'),
    ]);
    expect(cacheControlOf('assets/index-BVhn3PYa.js', 'text/javascript', rules)).toMatchObject({
      value: 'public, max-age=31536000, immutable',
      glob: 'assets/**',
    });
    expect(cacheControlOf('docs/deep/a.pdf', 'application/pdf', rules).value).toBeUndefined();
    expect(cacheControlOf('index.html', 'text/html', rules).value).toBe('max-age=60');
    expect(cacheControlOf('.well-known/x', 'text/plain', rules).value).toBe('max-age=60');
  });

  test('a rule that is not GLOB=VALUE, or has a line break, is refused naming where it came from', () => {
    expect(() => parseCacheRule('assets/**', '--cache-control')).toThrow(
      /--cache-control "assets\/\*\*" is not GLOB=VALUE/,
    );
    expect(() => parseCacheRule('a=b\nX-Evil: 1', 'cache-control')).toThrow(/control character/);
  });
});

describe('directories covering the changes when the URLs do not fit', () => {
  test('the tightest directories, lifted to their parents until few enough', () => {
    const keys = ['a/b/1.js', 'a/b/2.js', 'a/c/3.js', 'd/4.css', 'e/f/g/5.png'];
    expect(coveringDirectories(keys, 10)).toEqual(['a/b/', 'a/c/', 'd/', 'e/f/g/']);
    expect(coveringDirectories(keys, 3)).toEqual(['a/', 'd/', 'e/']);
    expect(coveringDirectories(keys, 1)).toEqual(['']);
  });

  test('a key at the root, or an index page, makes the root the one directory', () => {
    expect(coveringDirectories(['index.html', 'a/x.js'], 10)).toEqual(['']);
    expect(coveringDirectories(['site/', 'site/a/b.js'], 10)).toEqual(['site/']);
  });
});
