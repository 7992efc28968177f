import { describe, expect, it } from 'vitest';
import {
  bucketDomain,
  checkBucketName,
  checkDomainName,
  checkRegion,
  closest,
  displayDomain,
  editDistance,
  findZone,
  fqdn,
  normaliseDomain,
  normaliseRegion,
  registrableApexProblem,
  relativeName,
  rootDomain,
  sameHost,
} from '../../src/core/names.js';
import { dnsauthRR } from '../../src/core/ownership.js';

describe('normaliseDomain', () => {
  it('turns IDN labels into punycode', () => {
    expect(normaliseDomain('bücher.abc.com')).toBe('xn--bcher-kva.abc.com');
    // Python's idna codec agrees: '图片.例子.com'.encode('idna')
    expect(normaliseDomain('图片.例子.com')).toBe('xn--wcsw84d.xn--fsqu00a.com');
  });
  it('ignores case, blanks and one trailing dot', () => {
    expect(normaliseDomain(' IMG.Abc.COM. ')).toBe('img.abc.com');
    expect(normaliseDomain('Bücher.ABC.com.')).toBe('xn--bcher-kva.abc.com');
  });
  it('keeps punycode as it is, and shows it as Unicode', () => {
    expect(normaliseDomain('xn--bcher-kva.abc.com')).toBe('xn--bcher-kva.abc.com');
    expect(displayDomain('xn--bcher-kva.abc.com')).toBe('bücher.abc.com');
  });
});

describe('checkDomainName', () => {
  it('accepts ordinary, IDN and punycode names', () => {
    for (const d of [
      'img.abc.com',
      'bücher.abc.com',
      'xn--bcher-kva.abc.com',
      'a-b.c-d.example.com.cn',
      'IMG.ABC.COM.',
    ]) {
      expect(checkDomainName(d), d).toBeUndefined();
    }
  });
  it.each([
    ['*.abc.com', 'wildcard'],
    ['img_1.abc.com', 'contains "_"'],
    ['-img.abc.com', 'hyphen'],
    ['img-.abc.com', 'hyphen'],
    [`${'a'.repeat(64)}.abc.com`, 'at most 63'],
    [`${Array(5).fill('b'.repeat(50)).join('.')}.abc.com`, 'at most 253'],
    ['localhost', 'single label'],
    ['a.b', 'too short'],
    ['img..abc.com', 'empty label'],
    ['192.168.1.10', 'IP address'],
    ['bucket.oss-cn-hangzhou.aliyuncs.com', 'aliyuncs.com'],
    ['aliyun.com', 'aliyun.com'],
    ['x.aliyun-inc.com', 'aliyun-inc.com'],
    ['img.taobaocdn.com', 'taobaocdn.com'],
    ['shop.taobao.com', 'taobao.com'],
    ['xn--zz.abc.com', 'internationalised'],
    ['img abc.com', 'blank'],
  ])('rejects %s (%s)', (name, why) => {
    const problem = checkDomainName(name);
    expect(problem?.message).toContain(why);
    expect(problem?.hint).toBeTruthy();
  });
  it('does not mistake a domain that merely ends like a reserved one', () => {
    expect(checkDomainName('img.notaobao.com')).toBeUndefined();
  });
});

describe('bucket and region names', () => {
  it('follows the OSS bucket rules', () => {
    for (const b of ['abc', 'abc-img', '2024', 'a'.repeat(63)]) expect(checkBucketName(b), b).toBeUndefined();
    expect(checkBucketName('ABC-img')?.hint).toContain('"abc-img"');
    expect(checkBucketName('abc_img')?.message).toContain('"_"');
    expect(checkBucketName('ab')?.message).toContain('2 characters');
    expect(checkBucketName('abc-')?.message).toContain('hyphen');
  });
  it('accepts region ids with or without oss-, and catches typos of known ones', () => {
    expect(normaliseRegion('oss-cn-hangzhou')).toBe('cn-hangzhou');
    expect(checkRegion('oss-ap-southeast-1')).toBeUndefined();
    expect(checkRegion('xx-newregion-9')).toBeUndefined();
    expect(checkRegion('cn-hangzou')?.message).toContain('did you mean "cn-hangzhou"');
    expect(checkRegion('hangzhou')?.message).toContain('not a region id');
  });
  it('builds the bucket domain', () => {
    expect(bucketDomain('abc-img', 'cn-hangzhou')).toBe('abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect(bucketDomain('abc-img', 'oss-ap-southeast-1')).toBe('abc-img.oss-ap-southeast-1.aliyuncs.com');
  });
});

describe('zones and record names', () => {
  const zones = ['abc.com', 'cdn.abc.com', 'xyz.com'];
  it('picks the longest zone that contains the domain', () => {
    expect(findZone('img.abc.com', zones)).toBe('abc.com');
    expect(findZone('x.cdn.abc.com', zones)).toBe('cdn.abc.com');
    expect(findZone('cdn.abc.com', zones)).toBe('cdn.abc.com');
    expect(findZone('abc.com', zones)).toBe('abc.com');
    expect(findZone('img.other.com', zones)).toBeUndefined();
  });
  it('matches at label boundaries only', () => {
    expect(findZone('img.xabc.com', ['abc.com'])).toBeUndefined();
  });
  it('accepts Zone objects and unnormalised names', () => {
    expect(findZone('Bücher.ABC.com.', [{ name: 'abc.com' }, { name: 'ABC.COM.' }])).toBe('abc.com');
  });
  it('gives relative names, @ at the apex', () => {
    expect(relativeName('img.abc.com', 'abc.com')).toBe('img');
    expect(relativeName('a.b.abc.com', 'abc.com')).toBe('a.b');
    expect(relativeName('x.cdn.abc.com', 'cdn.abc.com')).toBe('x');
    expect(relativeName('abc.com', 'abc.com')).toBe('@');
    expect(relativeName('bücher.abc.com', 'abc.com')).toBe('xn--bcher-kva');
    expect(() => relativeName('img.xyz.com', 'abc.com')).toThrow(/not in the zone/);
  });
  it('turns a relative name back into the full one, @ being the zone itself', () => {
    expect(fqdn('img', 'abc.com')).toBe('img.abc.com');
    expect(fqdn('_dnsauth.x', 'cdn.abc.com')).toBe('_dnsauth.x.cdn.abc.com');
    expect(fqdn('@', 'abc.com')).toBe('abc.com');
    for (const d of ['img.abc.com', 'a.b.abc.com', 'abc.com'])
      expect(fqdn(relativeName(d, 'abc.com'), 'abc.com')).toBe(d);
  });
  it('compares host names without case or a trailing dot, and nothing else', () => {
    expect(sameHost('IMG.abc.com.', 'img.abc.com')).toBe(true);
    expect(sameHost('img.abc.com', 'img.abc.com.cn')).toBe(false);
    expect(sameHost('img.abc.com..', 'img.abc.com')).toBe(false);
  });
  it('names the _dnsauth record', () => {
    expect(dnsauthRR('img.abc.com', 'abc.com')).toBe('_dnsauth.img');
    expect(dnsauthRR('abc.com', 'abc.com')).toBe('_dnsauth');
    expect(dnsauthRR('x.cdn.abc.com', 'cdn.abc.com')).toBe('_dnsauth.x');
  });
  it('finds the registrable root for CDN verification', () => {
    expect(rootDomain('img.abc.com')).toBe('abc.com');
    expect(rootDomain('abc.com')).toBe('abc.com');
    expect(rootDomain('a.b.img.abc.com.cn')).toBe('abc.com.cn');
    expect(rootDomain('www.example.co.uk')).toBe('example.co.uk');
    expect(rootDomain('img.abc.cn')).toBe('abc.cn');
    expect(rootDomain('bücher.abc.gov.cn')).toBe('abc.gov.cn');
  });
  it('takes the root from the Public Suffix List, where a hand-kept list of suffixes fell short (issue 13)', () => {
    // The private section: each github.io site is a registrable domain of its own.
    expect(rootDomain('img.team.github.io')).toBe('team.github.io');
    expect(rootDomain('IMG.Team.GitHub.io.')).toBe('team.github.io');
    expect(rootDomain('img.abc.com.sg')).toBe('abc.com.sg');
    expect(rootDomain('img.abc.org.sg')).toBe('abc.org.sg');
    expect(rootDomain('cdn.abc.com.vn')).toBe('abc.com.vn');
    expect(rootDomain('static.abc.co.id')).toBe('abc.co.id');
    expect(rootDomain('img.abc.edu.au')).toBe('abc.edu.au');
    expect(rootDomain('img.abc.gob.mx')).toBe('abc.gob.mx');
    // An IDN suffix (.中国) and a TLD the list does not know (its last two labels, by the list's default rule).
    expect(rootDomain('img.例子.中国')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(rootDomain('img.abc.internal')).toBe('abc.internal');
    // A public suffix itself has no registrable part: it is its own root.
    expect(rootDomain('com.cn')).toBe('com.cn');
  });
});

describe('registrable domains with dns: alidns', () => {
  it('names a registrable domain as a zone apex, with the two fixes', () => {
    for (const d of ['abc.com', 'ABC.com.', 'abc.com.cn', 'abc.co.uk', 'team.github.io', '例子.中国']) {
      const p = registrableApexProblem(d);
      expect(p?.message, d).toMatch(/is a registrable domain: the apex of its Alidns zone, where a CNAME cannot live/);
      expect(p?.hint, d).toMatch(/bind a subdomain such as www\..*, or declare it with dns: none in domains.yml/);
    }
    expect(registrableApexProblem('例子.中国')?.message).toMatch(/^例子\.中国 is/);
  });
  it('lets a subdomain through', () => {
    for (const d of ['img.abc.com', 'www.abc.com.cn', 'img.team.github.io', 'a.b.abc.co.uk'])
      expect(registrableApexProblem(d), d).toBeUndefined();
  });
});

describe('did-you-mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('domian', 'domain')).toBe(1);
    expect(editDistance('bukcet', 'bucket')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('regoin', ['region', 'zone'], 2)).toBe('region');
    expect(closest('zzzzzz', ['region', 'zone'], 2)).toBeUndefined();
  });
});
