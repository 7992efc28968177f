/**
 * What a valid file turns into (defaults, normalisation, the design's example), loading from disk, and the desired
 * states built from a config.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredFromConfig, desiredFromUnbind, formatIssue, loadConfig, parseConfig } from '../../src/core/index.js';
import type { DomainsConfig } from '../../src/core/model.js';

const VALID = join(import.meta.dirname, '../fixtures/config/valid');

function load(name: string): DomainsConfig {
  const r = parseConfig(readFileSync(join(VALID, name), 'utf8'), name);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.config;
}

describe('valid files', () => {
  it("reads the design's full example", () => {
    const c = load('full-example.yml');
    expect(c).toMatchObject({ version: 1, owner: 'web-team', prune: false });
    expect(c.state).toEqual({ bucket: 'abc-ops', region: 'cn-hangzhou' });
    expect(c.domains).toEqual([
      {
        domain: 'img.abc.com',
        display: 'img.abc.com',
        bucket: 'abc-img',
        region: 'cn-hangzhou',
        https: { certId: '12345' },
        ttl: 600,
        zone: 'abc.com',
        dns: 'alidns',
        takeover: false,
        pos: { file: 'full-example.yml', line: 12, column: 5 },
      },
    ]);
  });

  it('fills in the defaults of a minimal file', () => {
    const c = load('minimal.yml');
    expect(c.owner).toBe('default');
    expect(c.prune).toBe(false);
    expect(c.state).toBeUndefined();
    const [d] = c.domains;
    expect(d).toMatchObject({ ttl: 600, dns: 'alidns', takeover: false });
    expect(d!.cdn).toBeUndefined();
    expect(d!.https).toBeUndefined();
    expect(d!.zone).toBeUndefined();
  });

  it('stores IDNs as punycode and keeps the Unicode form for messages', () => {
    const c = load('idn.yml');
    expect(c.domains.map((d) => [d.domain, d.display, d.region])).toEqual([
      ['xn--bcher-kva.abc.com', 'bücher.abc.com', 'cn-shanghai'],
      ['img.xn--mnchen-3ya.de', 'img.münchen.de', 'cn-shanghai'],
      ['xn--wcsw84d.xn--fsqu00a.com', '图片.例子.com', 'cn-shanghai'],
    ]);
  });

  it('applies defaults, and entries override them', () => {
    const c = load('defaults.yml');
    expect(c.owner).toBe('platform.web_1');
    expect(c.prune).toBe(true);
    const [img, docs, cdn] = c.domains;
    expect(img).toMatchObject({
      region: 'cn-hangzhou',
      ttl: 300,
      zone: 'abc.com',
      cdn: { scope: 'overseas' },
      https: { certId: '777' },
      takeover: true,
      dns: 'alidns',
    });
    expect(docs).toMatchObject({ region: 'ap-southeast-1', ttl: 600, takeover: false });
    expect(docs!.cdn).toBeUndefined();
    expect(docs!.https).toBeUndefined();
    expect(cdn).toMatchObject({ cdn: { scope: 'domestic' }, dns: 'none', https: { certId: '777' } });
  });

  it('keeps nested zones as declared', () => {
    const c = load('nested-zones.yml');
    expect(c.domains.map((d) => [d.domain, d.zone, d.cdn?.scope])).toEqual([
      ['img.abc.com', 'abc.com', undefined],
      ['x.cdn.abc.com', 'cdn.abc.com', 'global'],
      ['static.abc.com', undefined, undefined],
    ]);
  });

  it('accepts an apex when the tool does not write the record', () => {
    expect(load('apex-dns-none.yml').domains[0]).toMatchObject({ domain: 'abc.com', zone: 'abc.com', dns: 'none' });
  });

  it('reads digits written without quotes as text, and splits a certificate region off', () => {
    const c = load('numbers-as-text.yml');
    expect(c.owner).toBe('2024');
    expect(c.domains[0]).toMatchObject({ bucket: '20240101', https: { certId: '12345', region: 'ap-southeast-1' } });
    expect(c.domains[1]!.https).toEqual({ certId: '98765' });
  });

  it('follows YAML anchors', () => {
    expect(load('anchors.yml').domains.map((d) => [d.domain, d.region, d.ttl])).toEqual([
      ['img.abc.com', 'cn-beijing', 1200],
      ['img2.abc.com', 'cn-beijing', 1200],
    ]);
  });

  it('reads CRLF files (built here: git stores the fixtures with LF)', () => {
    const r = parseConfig(
      'version: 1\r\ndomains:\r\n  - domain: img.abc.com\r\n    bucket: abc-img\r\n    region: cn-hangzhou\r\n',
      'w.yml',
    );
    expect(r.ok && r.config.domains[0]).toMatchObject({
      domain: 'img.abc.com',
      bucket: 'abc-img',
      pos: { line: 3, column: 5 },
    });
  });
});

describe('issues', () => {
  it('are sorted by position and formatted as file:line:column', () => {
    const r = parseConfig('version: 1\ndomains:\n  - domain: img.abc.com\n    ttl: 0\n    bukcet: x\n', 'domains.yml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatIssue)).toEqual([
      'domains.yml:3:5: bucket is missing in domains[0]\n  → add bucket: <the OSS bucket that serves this domain, e.g. abc-img> to this entry',
      'domains.yml:3:5: region is missing in domains[0] and in defaults\n' +
        "  → add region: <the bucket's region, e.g. cn-hangzhou> to this entry, or to defaults: for every domain",
      'domains.yml:4:10: domains[0].ttl must be from 1 to 86400, got 0\n' +
        '  → write a value from 1 to 86400; the Alidns Free edition accepts 600 or more',
      'domains.yml:5:5: unknown key "bukcet" in domains[0]; did you mean "bucket"?\n' +
        '  → the keys allowed in domains[0] are: domain, bucket, region, cdn, https, website, ttl, zone, dns, takeover',
    ]);
  });

  it('count lines the same way in CRLF files', () => {
    const r = parseConfig('version: 1\r\ndomains:\r\n  - domain: img.abc.com\r\n    bucket: Abc\r\n', 'w.yml');
    expect(r.ok ? [] : r.issues.map((i) => [i.line, i.column])).toEqual([
      [3, 5],
      [4, 13],
    ]);
  });
});

describe('loadConfig', () => {
  it('reads a file from disk', async () => {
    const r = await loadConfig(join(VALID, 'minimal.yml'));
    expect(r.ok && r.config.domains[0]!.bucket).toBe('abc-img');
  });

  it('reports a missing file as one issue at 1:1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'domains.yml');
    const r = await loadConfig(file);
    expect(r).toEqual({
      ok: false,
      issues: [expect.objectContaining({ file, line: 1, column: 1, message: `cannot read ${file}: no such file` })],
    });
  });

  it('names the file as given in every issue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'd.yml'), 'version: 3\n');
    const r = await loadConfig(join(dir, 'd.yml'));
    expect(r.ok ? [] : r.issues.map((i) => i.file)).toEqual([join(dir, 'd.yml'), join(dir, 'd.yml')]);
  });
});

describe('desired states', () => {
  it('a whole file: scope file, prune and state carried over', () => {
    const c = load('defaults.yml');
    const d = desiredFromConfig(c);
    expect(d).toMatchObject({ owner: 'platform.web_1', prune: true, scope: 'file', absent: [] });
    expect(d.domains.map((x) => x.domain)).toEqual(['img.abc.com', 'docs.abc.com', 'cdn.abc.com']);
    expect(desiredFromConfig(load('full-example.yml')).state).toEqual({ bucket: 'abc-ops', region: 'cn-hangzhou' });
  });

  it('unbind: only that domain, normalised, nothing pruned', () => {
    expect(desiredFromUnbind('Bücher.ABC.com.', 'web-team')).toEqual({
      owner: 'web-team',
      prune: false,
      domains: [],
      absent: ['xn--bcher-kva.abc.com'],
      scope: 'only',
    });
  });

  it('unbind refuses a name that cannot be a bound domain', () => {
    expect(() => desiredFromUnbind('*.abc.com', 'o')).toThrow(/wildcard/);
  });
});

describe('the README', () => {
  it('shows a domains.yml that loads', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## domains.yml'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const r = parseConfig(example, 'README.md');
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    expect(r.config.domains.map((d) => d.domain)).toContain('xn--bcher-kva.abc.com');
  });
});
