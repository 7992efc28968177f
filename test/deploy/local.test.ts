/**
 * The directory side of a deploy, on the sandbox: a missing or unreadable DIR, a link leading out of it and a
 * dangling link stop the deploy before any call; links inside are followed; hidden files are skipped (and their
 * objects never deleted) unless asked for, `.well-known/` always goes; files large enough go up in parts with
 * `x-oss-meta-md5`, which the next deploy compares (one HeadObject) instead of the ETag.
 */
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { dirError } from '../../src/core/deploy/local.js';
import { type DeployRequest, deploy, isCloudError } from '../../src/core/index.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';

let w: DeployWorld;
let s: Site;
beforeEach(async () => {
  w = await deployWorld();
  s = await site({ 'index.html': 'home' });
  w.sb.control.clearCalls();
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
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the deploy succeeded'),
    (e) => e,
  );
const keys = () => [...w.sb.world.buckets.get(BUCKET)!.objects.keys()].sort();

describe('a DIR that cannot be deployed is a clear error before any call', () => {
  test('missing', async () => {
    const e = await failure(deploy(w.rt, req({ dir: join(s.dir, 'dist') })));
    expect(isCloudError(e) && [e.service, e.code]).toEqual(['local', 'DirectoryNotFound']);
    expect(e.message).toContain(join(s.dir, 'dist'));
    expect(e.hint).toMatch(/build the site first/);
    expect(w.calls()).toEqual([]);
  });

  test('a file, not a directory', async () => {
    const e = await failure(deploy(w.rt, req({ dir: join(s.dir, 'index.html') })));
    expect(e.code).toBe('NotADirectory');
    expect(w.calls()).toEqual([]);
  });

  test.skipIf(process.getuid?.() === 0)('unreadable (no permission)', async () => {
    await mkdir(join(s.dir, 'locked'));
    await chmod(join(s.dir, 'locked'), 0);
    try {
      const e = await failure(deploy(w.rt, req()));
      expect(e.code).toBe('DirectoryUnreadable');
      expect(w.calls()).toEqual([]);
    } finally {
      await chmod(join(s.dir, 'locked'), 0o755);
    }
  });

  test('a permission error reads as one (root reads everything, so this is the mapping itself)', () => {
    const e = dirError('/srv/site', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    expect([e.service, e.code, e.message]).toEqual([
      'local',
      'DirectoryUnreadable',
      '/srv/site cannot be read (EACCES)',
    ]);
    expect(e.hint).toMatch(/read and execute permission/);
  });

  test('a symbolic link leading outside DIR is refused, naming both ends', async () => {
    const outside = await site({ 'secret.txt': 'do not publish' });
    try {
      await symlink(join(outside.dir, 'secret.txt'), join(s.dir, 'leak.txt'));
      const e = await failure(deploy(w.rt, req()));
      expect(e.code).toBe('SymlinkOutsideDirectory');
      expect(e.message).toContain('leak.txt');
      expect(e.message).toContain('secret.txt');
      expect(w.calls()).toEqual([]);
    } finally {
      await outside.remove();
    }
  });

  test('a dangling link is refused', async () => {
    await symlink(join(s.dir, 'nowhere.txt'), join(s.dir, 'dangling.txt'));
    expect((await failure(deploy(w.rt, req()))).code).toBe('BrokenSymlink');
    expect(w.calls()).toEqual([]);
  });
});

describe('what is deployed from DIR', () => {
  test("links inside DIR are followed, under the link's own path", async () => {
    await s.write({ 'real/a.txt': 'a' });
    await symlink(join(s.dir, 'real'), join(s.dir, 'alias'));
    await symlink(join(s.dir, 'real', 'a.txt'), join(s.dir, 'b.txt'));
    await symlink(s.dir, join(s.dir, 'real', 'loop'));
    const r = await deploy(w.rt, req());
    expect(keys()).toEqual(['alias/a.txt', 'b.txt', 'index.html', 'real/a.txt']);
    expect(r.ignored).toEqual([
      { path: 'alias/loop', why: 'a link back to a directory above it' },
      { path: 'real/loop', why: 'a link back to a directory above it' },
    ]);
  });

  test('hidden files are skipped and their objects kept with --delete; --include-hidden deploys them; .well-known always goes', async () => {
    await s.write({ '.DS_Store': 'x', '.git/config': 'y', 'a/.env': 'z', '.well-known/security.txt': 'contact' });
    w.sb.world.buckets
      .get(BUCKET)!
      .objects.set('.git/HEAD', { body: Buffer.from('h'), contentType: 'text/plain', lastModified: 0, etag: 'E' });
    const r = await deploy(w.rt, req({ delete: true }));
    expect(r.hidden).toEqual(['.DS_Store', '.git', 'a/.env']);
    expect(keys()).toEqual(['.git/HEAD', '.well-known/security.txt', 'index.html']);
    await deploy(w.rt, req({ includeHidden: true }));
    expect(keys()).toEqual([
      '.DS_Store',
      '.git/HEAD',
      '.git/config',
      '.well-known/security.txt',
      'a/.env',
      'index.html',
    ]);
  });
});

describe('large files', () => {
  const big = (fill: number) => Buffer.alloc(300 * 1024, fill);
  const opts = { multipartThreshold: 200 * 1024, partSize: 100 * 1024 };

  test('go up in parts with x-oss-meta-md5; the next deploy compares that (one HeadObject) and uploads nothing', async () => {
    await s.write({ 'video.bin': big(1) });
    const first = await deploy(w.rt, req(opts));
    expect(first.uploads.find((u) => u.key === 'video.bin')).toMatchObject({ multipart: true });
    const o = w.sb.world.buckets.get(BUCKET)!.objects.get('video.bin')!;
    expect([o.type, o.meta?.md5]).toEqual([
      'Multipart',
      first.uploads.length > 0 ? expect.stringMatching(/^[0-9a-f]{32}$/) : '',
    ]);
    expect(w.sb.control.calls({ action: 'UploadPart' })).toHaveLength(3);

    w.sb.control.clearCalls();
    const again = await deploy(w.rt, req(opts));
    expect(again.uploads).toEqual([]);
    expect(w.calls().sort()).toEqual(['HeadObject', 'ListObjectsV2']);

    await s.write({ 'video.bin': big(2) });
    const changed = await deploy(w.rt, req(opts));
    expect(changed.uploads.map((u) => [u.key, u.reason])).toEqual([['video.bin', 'changed']]);
  });
});
