/**
 * `deploy` on the sandbox, through the real adapters: only what changed is uploaded, with the headers a website
 * needs; deletes only with `delete`; the refresh holds exactly the changed and deleted URLs (and the directory URL of
 * every index page) on exactly the CDN domains in front of the bucket, percent-encoded as browsers send them, within
 * the quota or as the few directories that hold the changes; a dry run and an unchanged site write nothing.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DeployRequest, deploy, isCloudError } from '../../src/core/index.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';

let w: DeployWorld;
let s: Site;
beforeEach(async () => {
  w = await deployWorld();
  s = await site({
    'index.html': '<h1>home</h1>',
    'a/index.html': '<h1>a</h1>',
    'a/page.html': 'page',
    'assets/app.3f9a1c2e.js': 'console.log(1)',
    'assets/logo.png': 'png-1',
    'docs/a b.txt': 'spaces',
    '图片/猫.png': 'cat',
    'x+y (1).txt': 'plus',
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
const objects = () => w.sb.world.buckets.get(BUCKET)!.objects;
const refreshed = () =>
  w.sb.world.refreshTasks
    .filter((t) => t.objectType === 'file')
    .map((t) => t.objectPath)
    .sort();

describe('what is uploaded', () => {
  test('a first deploy uploads every file under its path, spaces and UTF-8 intact; a second one writes nothing', async () => {
    const first = await deploy(w.rt, req());
    expect(first.uploads.map((u) => u.key).sort()).toEqual([
      'a/index.html',
      'a/page.html',
      'assets/app.3f9a1c2e.js',
      'assets/logo.png',
      'docs/a b.txt',
      'index.html',
      'x+y (1).txt',
      '图片/猫.png',
    ]);
    expect(objects().get('图片/猫.png')!.body.toString()).toBe('cat');
    expect(first.listPages).toBe(1);

    w.sb.control.clearCalls();
    const again = await deploy(w.rt, req());
    expect(w.writes()).toEqual([]);
    expect(again).toMatchObject({ changes: 0, hasChanges: false, unchanged: 8, uploads: [] });
    expect(w.calls()).toEqual(['ListObjectsV2']);
  });

  test('after a change, only the changed files are uploaded', async () => {
    await deploy(w.rt, req());
    await s.write({ 'assets/logo.png': 'png-2', 'a/page.html': 'page 2', 'new.txt': 'new' });
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req());
    expect(r.uploads.map((u) => [u.key, u.reason])).toEqual([
      ['a/page.html', 'changed'],
      ['assets/logo.png', 'changed'],
      ['new.txt', 'new'],
    ]);
    expect(w.sb.control.calls({ action: 'PutObject' })).toHaveLength(4); // the three files, and the refresh journal
    expect(objects().get('assets/logo.png')!.body.toString()).toBe('png-2');
    expect(r.bytesUploaded).toBe('png-2'.length + 'page 2'.length + 'new'.length);
  });

  test('each object gets its Content-Type, and Cache-Control by kind or by the first matching glob', async () => {
    await s.write({ 'vendor/index-BVhn3PYa.js': 'v', 'files/report.pdf': 'pdf' });
    await deploy(
      w.rt,
      req({
        cacheControl: [
          { glob: 'vendor/**', value: 'public, max-age=31536000, immutable' },
          { glob: '*.pdf', value: 'max-age=300' },
        ],
      }),
    );
    const h = (k: string) => ({
      type: objects().get(k)!.contentType,
      cc: objects().get(k)!.headers?.['cache-control'],
    });
    expect(h('index.html')).toEqual({ type: 'text/html; charset=utf-8', cc: 'no-cache' });
    expect(h('assets/app.3f9a1c2e.js')).toEqual({
      type: 'text/javascript; charset=utf-8',
      cc: 'public, max-age=31536000, immutable',
    });
    expect(h('assets/logo.png')).toEqual({ type: 'image/png', cc: undefined });
    expect(h('vendor/index-BVhn3PYa.js').cc).toBe('public, max-age=31536000, immutable');
    expect(h('files/report.pdf')).toEqual({ type: 'application/pdf', cc: 'max-age=300' });
  });

  test('a prefix puts the site under it and compares only what is under it', async () => {
    objects().set('other/keep.txt', { body: Buffer.from('k'), contentType: 'text/plain', lastModified: 0, etag: 'X' });
    const r = await deploy(w.rt, req({ prefix: 'site', delete: true }));
    expect(r.prefix).toBe('site/');
    expect(objects().has('site/index.html')).toBe(true);
    expect(objects().has('other/keep.txt')).toBe(true);
  });
});

describe('--delete', () => {
  beforeEach(async () => {
    await deploy(w.rt, req());
    await s.write({ 'a/page.html': null, 'docs/a b.txt': null });
    for (const k of ['.well-hidden/x', 'folder/', 'stray.txt']) {
      objects().set(k, {
        body: Buffer.from(''),
        contentType: 'text/plain',
        lastModified: 0,
        etag: 'D41D8CD98F00B204E9800998ECF8427E',
      });
    }
  });

  test('without it nothing is deleted', async () => {
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req());
    expect(r.deletes).toEqual([]);
    expect(objects().has('a/page.html')).toBe(true);
    expect(w.writes()).toEqual([]);
  });

  test('with it, objects not in DIR go in one quiet DeleteMultipleObjects; hidden and folder objects stay', async () => {
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req({ delete: true }));
    expect(r.deletes).toEqual(['a/page.html', 'docs/a b.txt', 'stray.txt']);
    expect(w.sb.control.calls({ action: 'DeleteMultipleObjects' })).toHaveLength(2); // the deletes, then the journal
    expect(['a/page.html', 'docs/a b.txt', 'stray.txt'].some((k) => objects().has(k))).toBe(false);
    expect(objects().has('.well-hidden/x') && objects().has('folder/')).toBe(true);
    expect(r.changes).toBe(3);
  });

  test('more than 1,000 deletes take one call per 1,000 keys', async () => {
    for (let i = 0; i < 1_500; i++)
      objects().set(`old/${i}.txt`, { body: Buffer.from(''), contentType: 'text/plain', lastModified: 0, etag: 'E' });
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req({ delete: true, refresh: false }));
    expect(r.deletes).toHaveLength(1_503);
    expect(w.sb.control.calls({ action: 'DeleteMultipleObjects' })).toHaveLength(2);
    expect([...objects().keys()].filter((k) => k.startsWith('old/'))).toEqual([]);
  });
});

describe('the refresh', () => {
  beforeEach(async () => {
    await deploy(w.rt, req());
    w.sb.world.refreshTasks.length = 0;
    w.sb.world.quota.urlUsed = 0;
    w.sb.control.clearCalls();
  });

  test('exactly the changed and deleted URLs, plus a/ and / for index pages, on each CDN domain of the bucket', async () => {
    await s.write({
      'a/index.html': 'a2',
      'index.html': 'home2',
      'docs/a b.txt': 'x',
      '图片/猫.png': 'cat2',
      'x+y (1).txt': null,
    });
    const r = await deploy(w.rt, req({ delete: true }));
    const paths = [
      '',
      'a/',
      'a/index.html',
      'docs/a%20b.txt',
      'index.html',
      'x+y%20(1).txt',
      '%E5%9B%BE%E7%89%87/%E7%8C%AB.png',
    ];
    expect(refreshed()).toEqual(
      [...paths.map((p) => `http://cdn.abc.com/${p}`), ...paths.map((p) => `https://www.abc.com/${p}`)].sort(),
    );
    expect(r.refresh.domains.map((d) => [d.domain, d.mode])).toEqual([
      ['auto.abc.com', 'auto'],
      ['cdn.abc.com', 'refresh'],
      ['www.abc.com', 'refresh'],
    ]);
    expect(w.sb.control.calls({ action: 'RefreshObjectCaches' })).toHaveLength(1);
  });

  test('none for unchanged files, nor for a new content-hashed name; a new plain name is refreshed (the edge may hold its 404)', async () => {
    await s.write({ 'assets/app.0a1b2c3d.js': 'new build', 'robots.txt': 'new' });
    const r = await deploy(w.rt, req());
    expect(r.uploads.map((u) => u.key)).toEqual(['assets/app.0a1b2c3d.js', 'robots.txt']);
    expect(refreshed()).toEqual(['http://cdn.abc.com/robots.txt', 'https://www.abc.com/robots.txt']);
  });

  test('a bucket with no CDN domain in front reads no quota and refreshes nothing', async () => {
    w.sb.world.cdn.clear();
    await s.write({ 'index.html': 'v3' });
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req());
    expect(r.refresh.skipped).toMatch(/no CDN domain has the bucket/);
    expect(w.calls().sort()).toEqual(['DescribeUserDomains', 'ListObjectsV2', 'PutObject']);
  });

  test("when the URLs do not fit the day's quota, the few directories holding the changes are refreshed, and it says so", async () => {
    w.sb.world.quota.urlQuota = 5;
    await s.write({ 'a/page.html': '2', 'assets/logo.png': '2', 'docs/a b.txt': '2' });
    const r = await deploy(w.rt, req());
    expect(r.refresh.mode).toBe('directories');
    expect(r.refresh.fallback).toMatch(
      /6 URLs would not fit the 5 URL refreshes left today .*3 directories .*\/a\/, \/assets\/, \/docs\//,
    );
    expect(w.sb.world.refreshTasks.map((t) => [t.objectType, t.objectPath]).sort()).toEqual(
      ['a/', 'assets/', 'docs/']
        .flatMap((d) => [
          ['directory', `http://cdn.abc.com/${d}`],
          ['directory', `https://www.abc.com/${d}`],
        ])
        .sort(),
    );
    expect(w.events.some((e) => /would not fit/.test(e.message))).toBe(true);
  });

  test('when not even directories fit, nothing is uploaded and the error says what to do', async () => {
    w.sb.world.quota.urlQuota = 0;
    w.sb.world.quota.dirQuota = 1;
    await s.write({ 'a/page.html': '3' });
    w.sb.control.clearCalls();
    const e = await deploy(w.rt, req()).catch((x) => x);
    expect(isCloudError(e) && e.code).toBe('QuotaExceeded.Refresh');
    expect(e.hint).toMatch(/--no-refresh/);
    expect(w.writes()).toEqual([]);
  });

  test('--no-refresh uploads and reads nothing from CDN', async () => {
    await s.write({ 'a/page.html': '4' });
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req({ refresh: false }));
    expect(r.refresh.skipped).toMatch(/--no-refresh/);
    expect(w.calls().sort()).toEqual(['ListObjectsV2', 'PutObject']);
  });

  test('--preload prefetches the changed URLs; --wait waits for every task', async () => {
    await s.write({ 'a/page.html': '5' });
    const r = deploy(w.rt, req({ preload: true, wait: true }));
    setTimeout(() => w.advance(1_500), 100);
    const done = await r;
    expect(done.refresh.result?.calls.map((c) => c.type)).toEqual(['File', 'Preload']);
    expect(done.refresh.result?.tasks?.every((t) => t.status === 'Complete')).toBe(true);
    expect(
      w.sb.world.refreshTasks
        .filter((t) => t.objectType === 'preload')
        .map((t) => t.objectPath)
        .sort(),
    ).toEqual(['http://cdn.abc.com/a/page.html', 'https://www.abc.com/a/page.html']);
  });
});

describe('--dry-run', () => {
  test('says what would be uploaded, deleted and refreshed, and writes nothing', async () => {
    await deploy(w.rt, req());
    await s.write({ 'a/index.html': 'a3', 'docs/a b.txt': null });
    w.sb.control.clearCalls();
    const r = await deploy(w.rt, req({ dryRun: true, delete: true }));
    expect(r).toMatchObject({ dryRun: true, hasChanges: true, changes: 2, deletes: ['docs/a b.txt'] });
    expect(r.uploads.map((u) => u.key)).toEqual(['a/index.html']);
    expect(r.refresh.targets).toContain('https://www.abc.com/a/');
    expect(w.writes()).toEqual([]);
    expect(objects().get('a/index.html')!.body.toString()).toBe('<h1>a</h1>');
  });
});
