import { describe, expect, it } from 'vitest';
import { batch, refresh } from '../../src/core/engine/refresh.js';
import type { CdnDomain } from '../../src/core/model.js';
import { OSS_TARGET } from '../support/engine-helpers.js';
import { FakeCloud } from '../support/fake-cloud.js';

const urls = (host: string, n: number) => Array.from({ length: n }, (_, i) => `https://${host}/f${i}.png`);

function cdnDomain(domain: string, extra: Partial<CdnDomain> = {}): CdnDomain {
  return {
    domain,
    cname: `${domain}.w.kunlunsl.com`,
    status: 'online',
    sources: [{ type: 'oss', content: OSS_TARGET, port: 443 }],
    sslProtocol: 'on',
    owner: 'web',
    ...extra,
  };
}

describe('refresh', () => {
  it('batches at most 1,000 URLs per call', async () => {
    const cloud = new FakeCloud();
    const r = await refresh(cloud.runtime(), { paths: urls('img.abc.com', 1_500) });
    expect(r.calls.map((c) => [c.type, c.count])).toEqual([
      ['File', 1_000],
      ['File', 500],
    ]);
    expect(cloud.calls.filter((c) => c.method === 'refresh')).toHaveLength(2);
  });

  it('never puts more than 10 domains in one call, packing domain by domain', () => {
    const paths = Array.from({ length: 25 }, (_, i) => urls(`d${i}.abc.com`, 30)).flat();
    const batches = batch(paths, 1_000);
    expect(batches).toHaveLength(3);
    for (const b of batches) expect(new Set(b.map((p) => new URL(p).host)).size).toBeLessThanOrEqual(10);
    expect(batches.flat()).toHaveLength(750);
  });

  it('sends directories (trailing /) as Directory calls of at most 100', async () => {
    const cloud = new FakeCloud();
    cloud.quota.dirRemain = 500;
    const dirs = Array.from({ length: 150 }, (_, i) => `https://img.abc.com/d${i}/`);
    const r = await refresh(cloud.runtime(), { paths: [...dirs, 'https://img.abc.com/a.png'] });
    expect(r.calls.map((c) => [c.type, c.count])).toEqual([
      ['File', 1],
      ['Directory', 100],
      ['Directory', 50],
    ]);
  });

  it('checks the daily quota first and refuses, plainly, before any refresh call', async () => {
    const cloud = new FakeCloud();
    cloud.quota.urlRemain = 100;
    await expect(refresh(cloud.runtime(), { paths: urls('img.abc.com', 150) })).rejects.toThrow(
      /needs 150 URLs but only 100 of 10000 remain.*Nothing was refreshed/,
    );
    expect(cloud.calls.map((c) => c.method)).toEqual(['getRefreshQuota']);
  });

  it('maps object keys of a bucket to every CDN domain with that bucket as origin', async () => {
    const cloud = new FakeCloud().bucket('abc-img');
    cloud.cdnDomains.set('img.abc.com', cdnDomain('img.abc.com'));
    cloud.cdnDomains.set('cdn.abc.com', cdnDomain('cdn.abc.com', { sslProtocol: 'off' }));
    cloud.cdnDomains.set(
      'other.abc.com',
      cdnDomain('other.abc.com', { sources: [{ type: 'oss', content: 'x.oss-cn-hangzhou.aliyuncs.com', port: 443 }] }),
    );
    const r = await refresh(cloud.runtime(), { paths: ['/a b.png', 'assets/'], bucket: { name: 'abc-img' } });
    const sent = cloud.calls.filter((c) => c.method === 'refresh').flatMap((c) => c.args[0] as string[]);
    expect(sent.sort()).toEqual([
      'http://cdn.abc.com/a%20b.png',
      'http://cdn.abc.com/assets/',
      'https://img.abc.com/a%20b.png',
      'https://img.abc.com/assets/',
    ]);
    expect(r.urls).toBe(2);
    expect(r.directories).toBe(2);
  });

  it('takes URLs and object keys in one request, keeping the URLs as given', async () => {
    const cloud = new FakeCloud().bucket('abc-img');
    cloud.cdnDomains.set('img.abc.com', cdnDomain('img.abc.com'));
    const r = await refresh(cloud.runtime(), {
      paths: ['https://other.abc.com/x.png', 'a.png', 'https://img.abc.com/a.png'],
      bucket: { name: 'abc-img' },
    });
    const sent = cloud.calls.filter((c) => c.method === 'refresh').flatMap((c) => c.args[0] as string[]);
    expect(sent.sort()).toEqual(['https://img.abc.com/a.png', 'https://other.abc.com/x.png']);
    expect(r.urls).toBe(2);
  });

  it('says so when no CDN domain fronts the bucket', async () => {
    const cloud = new FakeCloud().bucket('abc-img');
    await expect(refresh(cloud.runtime(), { paths: ['a.png'], bucket: { name: 'abc-img' } })).rejects.toThrow(
      /no CDN domain of this account has the bucket abc-img/,
    );
  });

  it('with wait, polls the tasks until they are complete; with preload, also prefetches the URLs', async () => {
    const cloud = new FakeCloud();
    const r = await refresh(cloud.runtime(), { paths: urls('img.abc.com', 3), wait: true, preload: true });
    expect(r.calls.map((c) => c.type)).toEqual(['File', 'Preload']);
    expect(r.tasks).toHaveLength(6);
    expect(r.tasks!.every((t) => t.status === 'Complete')).toBe(true);
    expect(cloud.events.some((e) => e.kind === 'wait' && /0\/6 tasks complete/.test(e.message))).toBe(true);
  });

  it('rejects an entry that is not a URL when no bucket is given', async () => {
    const cloud = new FakeCloud();
    await expect(refresh(cloud.runtime(), { paths: ['img.abc.com/a.png'] })).rejects.toThrow(/neither a URL/);
    expect(cloud.calls).toEqual([]);
  });
});
