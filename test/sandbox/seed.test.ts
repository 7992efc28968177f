/**
 * Seeds: the default story, YAML files applied to a world, and validation errors that point at the file, line and
 * column and say what to write instead.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED, loadSeed, parseSeedText, SeedError, type SeedSpec } from '../../src/sandbox/seed.js';
import { applySeed } from '../../src/sandbox/seed-apply.js';
import { cdnStatus, createWorld } from '../../src/sandbox/state.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function issuesOf(text: string, file = 'seed.yml') {
  try {
    parseSeedText(text, file);
  } catch (e) {
    if (e instanceof SeedError) return e.issues;
    throw e;
  }
  throw new Error('expected the seed to be invalid');
}

describe('the default seed', () => {
  test("is the guide's story: zone abc.com with a foreign www record, bucket abc-img with logo.png, cert 12345", () => {
    const w = createWorld();
    applySeed(w, loadSeed('default'), NOW);
    const records = [...w.zones.get('abc.com')!.records.values()];
    expect(records.map((r) => [r.rr, r.type, r.value, r.remark])).toEqual([['www', 'A', '203.0.113.10', '']]);
    const bucket = w.buckets.get('abc-img')!;
    expect([bucket.region, bucket.acl, bucket.cnames.size]).toEqual(['cn-hangzhou', 'public-read', 0]);
    const logo = bucket.objects.get('logo.png')!;
    expect(logo.contentType).toBe('image/png');
    expect(logo.body.subarray(1, 4).toString()).toBe('PNG');
    const cert = w.certificates.get('12345')!;
    expect(cert.domains).toEqual(['img.abc.com', '*.abc.com']);
    expect(cert.notAfter - NOW).toBe(365 * DAY);
    expect(cert.notBefore).toBeLessThan(NOW);
    expect(loadSeed(undefined)).toBe(DEFAULT_SEED);
    expect(loadSeed('empty')).toEqual({});
  });
});

describe('a YAML seed', () => {
  const yaml = `# every kind of thing a seed declares
timing: { ownershipDelayMs: 5000 }
certificates:
  - id: "42"
    domains: ["*.example.org"]
    notAfter: 2027-01-31
buckets:
  - name: site-assets
    region: ap-southeast-1
    acl: private
    objects:
      - key: index.html
        text: "<h1>hi</h1>"
      - key: bin/data
        base64: AAEC
    cnames:
      - domain: www.example.org
        cert: "42"
zones:
  - name: example.org
    records:
      - { rr: WWW, type: CNAME, value: site-assets.oss-ap-southeast-1.aliyuncs.com, remark: "oss-domains:web" }
      - { rr: "@", type: MX, value: mx.example.org, ttl: 3600 }
cdn:
  - domain: cdn.example.org
    origin: site-assets.oss-ap-southeast-1.aliyuncs.com
    status: configuring
    tags: { owner: "oss-domains:web" }
unfiled: [example.cn]
cdnVerifiedRoots: [example.org]
`;

  test('is applied to the world as declared', () => {
    const w = createWorld({ cdnOnlineDelayMs: 1000 });
    applySeed(w, parseSeedText(yaml), NOW);
    expect(w.timing.ownershipDelayMs).toBe(5000);
    const b = w.buckets.get('site-assets')!;
    expect(b.objects.get('index.html')!.contentType).toBe('text/html');
    expect([...b.objects.get('bin/data')!.body]).toEqual([0, 1, 2]);
    expect(b.cnames.get('www.example.org')!.certificate).toMatchObject({
      certId: '42-cn-hangzhou',
      type: 'CAS',
      notAfter: Date.UTC(2027, 0, 31),
    });
    const recs = [...w.zones.get('example.org')!.records.values()];
    expect(recs.map((r) => [r.rr, r.type, r.ttl, r.remark, r.status])).toEqual([
      ['www', 'CNAME', 600, 'oss-domains:web', 'ENABLE'],
      ['@', 'MX', 3600, '', 'ENABLE'],
    ]);
    const cdn = w.cdn.get('cdn.example.org')!;
    expect(cdn.cname).toBe('cdn.example.org.w.kunlunsl.com');
    expect([cdnStatus(cdn, NOW), cdnStatus(cdn, NOW + 1000)]).toEqual(['configuring', 'online']);
    expect(cdn.tags.get('owner')).toBe('oss-domains:web');
    expect(cdn.sources[0]).toMatchObject({ type: 'oss', port: 80 });
    expect([...w.unfiled, ...w.cdnVerifiedRoots]).toEqual(['example.cn', 'example.org']);
  });

  test('is read from a file by loadSeed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    const file = join(dir, 'story.yml');
    writeFileSync(file, yaml);
    expect((loadSeed(file) as SeedSpec).buckets?.[0]?.name).toBe('site-assets');
  });
});

describe('validation', () => {
  test('an unknown key names the file, line and column and lists the allowed keys', () => {
    const [issue, ...rest] = issuesOf('buckets:\n  - name: abc-img\n    regoin: cn-hangzhou\n', 'fixtures/s.yml');
    expect(rest.map((i) => i.message)).toEqual(['missing required key "region"']);
    expect(issue).toMatchObject({ file: 'fixtures/s.yml', line: 3, column: 13, path: 'buckets[0].regoin' });
    expect(issue!.message).toBe('unknown key "regoin"');
    expect(issue!.hint).toContain('region');
  });

  test('bad values say what to write instead, each at its own line', () => {
    const issues = issuesOf(
      [
        'buckets:',
        '  - name: Bad_Name',
        '    region: oss-cn-hangzhou',
        '    acl: public',
        'zones:',
        '  - name: abc.com',
        '    records:',
        '      - { rr: www, type: A, value: 1.2.3.4, ttl: soon }',
        'certificates:',
        '  - { id: abc, domains: [x.abc.com] }',
      ].join('\n'),
    );
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [2, 'buckets[0].name'],
      [3, 'buckets[0].region'],
      [4, 'buckets[0].acl'],
      [8, 'zones[0].records[0].ttl'],
      [10, 'certificates[0].id'],
    ]);
    expect(issues[1]!.hint).toContain('without "oss-"');
    expect(issues[2]!.hint).toBe('use one of: private, public-read, public-read-write');
  });

  test('an object needs exactly one of text and base64; a CDN domain needs an origin', () => {
    const issues = issuesOf(
      'buckets:\n  - name: abc-img\n    region: cn-hangzhou\n    objects:\n      - key: a.txt\ncdn:\n  - domain: cdn.abc.com\n',
    );
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [5, 'an object needs exactly one of text and base64'],
      [7, 'a CDN domain needs an origin'],
    ]);
  });

  test('YAML syntax errors and duplicate keys are reported with their position', () => {
    const [syntax] = issuesOf('buckets:\n  - name: a\n   region: [unclosed\n');
    expect(syntax!.line).toBeGreaterThanOrEqual(2);
    expect(syntax!.hint).toBe('fix the YAML syntax');
    const [dup] = issuesOf('zones: []\nzones: []\n');
    expect(dup!.line).toBe(2);
  });

  test('the error message is one line per issue: file:line:column: path: what (how to fix)', () => {
    try {
      parseSeedText('unfiled: [not a domain]\n', 'my.yml');
      throw new Error('expected an error');
    } catch (e) {
      expect((e as Error).message).toBe(
        'my.yml:1:11: unfiled[0]: invalid value "not a domain" (write a domain name such as img.abc.com)',
      );
    }
  });

  test('a missing file, an object seed, and a binding to an undeclared certificate', () => {
    expect(() => loadSeed('/nonexistent/seed.yml')).toThrow(
      /seed\.yml:1:1: cannot read the seed file: the file does not exist/,
    );
    expect(() => loadSeed({ buckets: [{ name: 'abc-img' } as never] })).toThrow(
      /buckets\[0\]: missing required key "region"/,
    );
    const w = createWorld();
    const spec = parseSeedText(
      'buckets:\n  - name: abc-img\n    region: cn-hangzhou\n    cnames: [{ domain: img.abc.com, cert: "9" }]\n',
    );
    expect(() => applySeed(w, spec, NOW)).toThrow(/buckets\[0\]\.cnames\[0\]\.cert: certificate 9 is not declared/);
    expect(w.buckets.size).toBe(0);
  });
});
