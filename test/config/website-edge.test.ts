/**
 * Issue 15 (config side): the `website` block and the CDN edge options as the loader reads them. An option that is
 * not written stays unset (the tool leaves it as CDN has it); `hsts: true` is 60 days; `cdn: true` keeps working.
 * The rules between keys (a bucket's two website blocks, spa with error, HTTPS options without https) are in the
 * malformed corpus (test/fixtures/config/81–89).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/core/config/schema.js';
import { parseConfig } from '../../src/core/index.js';

const VALID = join(import.meta.dirname, '../fixtures/config/valid/website-and-edge.yml');

const load = (text: string) => {
  const r = parseConfig(text, 'domains.yml');
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.config.domains;
};

describe('website and cdn options', () => {
  it('reads every option, and leaves out what is not written', () => {
    const [www, second, app, plain] = load(readFileSync(VALID, 'utf8'));
    expect(www!.cdn).toEqual({ scope: 'global', privateOrigin: true, forceHttps: true, hsts: 31_536_000, http2: true });
    expect(www!.website).toEqual({ index: 'index.html', error: '404.html', spa: false });
    expect(second!.website, 'the block belongs to the bucket; the entry itself declares none').toBeUndefined();
    expect(app!.cdn).toEqual({ scope: 'domestic', hsts: 5_184_000 });
    expect(app!.website).toEqual({ index: 'index.html', spa: true });
    expect(plain!.cdn).toEqual({ scope: 'domestic', hsts: false, forceHttps: false });
    expect(plain!.website).toBeUndefined();
  });

  it('cdn: true is CDN with scope domestic and no option managed', () => {
    const [d] = load(
      'version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, cdn: true }\n',
    );
    expect(d!.cdn).toEqual({ scope: 'domestic' });
  });

  it('a website block in defaults is every bucket’s; the same block on two entries of one bucket is fine', () => {
    const domains = load(
      [
        'version: 1',
        'defaults: { region: cn-hangzhou, website: { index: home.html } }',
        'domains:',
        '  - { domain: a.abc.com, bucket: abc-a }',
        '  - { domain: b.abc.com, bucket: abc-a, website: { index: home.html } }',
        '  - { domain: c.abc.com, bucket: abc-c, website: false }',
      ].join('\n'),
    );
    expect(domains.map((d) => d.website)).toEqual([
      { index: 'home.html', spa: false },
      { index: 'home.html', spa: false },
      undefined,
    ]);
  });

  it('the JSON Schema takes hsts as a boolean or a number, and website as false or a block', () => {
    const schema = buildSchema() as any;
    const entry = schema.properties.domains.items.properties;
    const cdn = entry.cdn.anyOf[1].properties;
    expect(cdn.hsts.anyOf).toEqual([{ type: 'boolean' }, { type: 'integer', minimum: 1, maximum: 63_072_000 }]);
    expect(Object.keys(cdn)).toEqual(['scope', 'private-origin', 'force-https', 'hsts', 'http2']);
    expect(entry.website.anyOf[0]).toEqual({ const: false });
    expect(Object.keys(entry.website.anyOf[1].properties)).toEqual(['index', 'error', 'spa']);
  });
});
