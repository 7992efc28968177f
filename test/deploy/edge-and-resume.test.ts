/**
 * What a deploy is for, seen from the edge: the CDN keeps serving the old file until the deploy's refresh completes,
 * then the new one — and a deploy that stops half-way leaves a state the next run finishes, refresh included
 * (the journal), whatever had already been uploaded.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DeployRequest, deploy, isCloudError } from '../../src/core/index.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';

let w: DeployWorld;
let s: Site;
beforeEach(async () => {
  w = await deployWorld(undefined, { concurrency: 1 });
  s = await site({
    'index.html': 'home',
    'logo.png': 'logo v1',
    'a/one.txt': '1',
    'a/two.txt': '2',
    'b/three.txt': '3',
  });
});
afterEach(async () => {
  await w.stop();
  await s.remove();
});

const req = (more: Partial<DeployRequest> = {}): DeployRequest => ({
  dir: s.dir,
  bucket: { name: BUCKET, region: 'cn-hangzhou' },
  ...more,
});
const journals = () =>
  [...w.sb.world.buckets.get(BUCKET)!.objects.keys()].filter((k) => k.startsWith('.oss-domains-deploy/'));

describe('the edge after a deploy', () => {
  test('serves the old logo until the refresh completes, then the new one; a domain with auto-refresh follows by itself', async () => {
    await deploy(w.rt, req());
    w.advance(1_001);
    expect((await w.fetch('www.abc.com', '/logo.png')).text).toBe('logo v1');
    expect((await w.fetch('auto.abc.com', '/logo.png')).text).toBe('logo v1');

    await s.write({ 'logo.png': 'logo v2' });
    expect((await w.fetch('www.abc.com', '/logo.png')).text, 'before the deploy').toBe('logo v1');
    const r = await deploy(w.rt, req());
    expect(r.refresh.targets).toEqual(['http://cdn.abc.com/logo.png', 'https://www.abc.com/logo.png']);
    expect((await w.fetch('auto.abc.com', '/logo.png')).text, "OSS's auto-refresh").toBe('logo v2');
    expect((await w.fetch('www.abc.com', '/logo.png')).text, 'while the refresh task runs').toBe('logo v1');
    w.advance(1_001);
    const after = await w.fetch('www.abc.com', '/logo.png');
    expect([after.text, String(after.headers['x-cache'])]).toEqual(['logo v2', expect.stringMatching(/^MISS/)]);
  });

  test('with --no-refresh the edge keeps the old file although the bucket has the new one', async () => {
    await deploy(w.rt, req());
    w.advance(1_001);
    await w.fetch('www.abc.com', '/logo.png');
    await s.write({ 'logo.png': 'logo v2' });
    await deploy(w.rt, req({ refresh: false }));
    w.advance(60_000);
    expect((await w.fetch('www.abc.com', '/logo.png')).text).toBe('logo v1');
    expect((await w.fetch('plain.abc.com', '/logo.png')).text, 'straight from OSS').toBe('logo v2');
  });
});

describe('a deploy that stops half-way', () => {
  test('is finished by the next run: the rest is uploaded and every changed URL refreshed, including the ones uploaded before the stop', async () => {
    await deploy(w.rt, req());
    w.advance(1_001);
    for (const p of ['/a/one.txt', '/a/two.txt', '/b/three.txt']) await w.fetch('www.abc.com', p);
    await s.write({ 'a/one.txt': '1b', 'a/two.txt': '2b', 'b/three.txt': '3b' });

    // The journal and the first upload go through; every later upload is refused (as when credentials are revoked).
    let puts = 0;
    const off = w.sb.control.onCall((c) => {
      if (c.action === 'PutObject' && ++puts === 2) w.sb.control.failNext('PutObject', 100, 'AccessDenied', 403);
    });
    const e = await deploy(w.rt, req()).catch((x) => x);
    off();
    expect(isCloudError(e) && e.code).toBe('AccessDenied');
    expect(e.message).toMatch(/the deploy stopped after 1 of 3 uploads/);
    expect(e.hint).toMatch(/run the deploy again/);
    expect(journals()).toHaveLength(1);
    expect(w.sb.world.buckets.get(BUCKET)!.objects.get('a/one.txt')!.body.toString()).toBe('1b');

    w.sb.control.clearFaults();
    w.sb.world.refreshTasks.length = 0;
    const again = await deploy(w.rt, req());
    expect(again.uploads.map((u) => u.key)).toEqual(['a/two.txt', 'b/three.txt']);
    expect(again.refresh.fromEarlierRun).toEqual(['a/one.txt', 'a/two.txt', 'b/three.txt']);
    expect(again.refresh.targets.filter((t) => t.startsWith('https://'))).toEqual([
      'https://www.abc.com/a/one.txt',
      'https://www.abc.com/a/two.txt',
      'https://www.abc.com/b/three.txt',
    ]);
    expect(journals(), 'the journals are gone once the refresh is sent').toEqual([]);
    w.advance(1_001);
    for (const [p, v] of [
      ['/a/one.txt', '1b'],
      ['/a/two.txt', '2b'],
      ['/b/three.txt', '3b'],
    ])
      expect((await w.fetch('www.abc.com', p!)).text).toBe(v);

    w.sb.control.clearCalls();
    await deploy(w.rt, req());
    expect(w.writes(), 'then nothing is left to do').toEqual([]);
  });

  test('a stop after the uploads, before the refresh, still gets its refresh from the next run', async () => {
    await deploy(w.rt, req());
    await s.write({ 'logo.png': 'logo v3' });
    w.sb.control.failNext('RefreshObjectCaches', 1, 'InvalidDomain.Configure_failed', 500);
    w.sb.control.failNext('RefreshObjectCaches', 10, 'OperationDenied', 403);
    await expect(deploy(w.rt, req())).rejects.toThrow();
    expect(journals()).toHaveLength(1);
    w.sb.control.clearFaults();
    w.sb.world.refreshTasks.length = 0;
    const again = await deploy(w.rt, req());
    expect(again.uploads).toEqual([]);
    expect(again.refresh.targets).toEqual(['http://cdn.abc.com/logo.png', 'https://www.abc.com/logo.png']);
    expect(journals()).toEqual([]);
  });
});
