/**
 * A deploy needs exactly what `policy --deploy` prints: on a sandbox whose key holds only that policy (RAM enforced as
 * Alibaba Cloud does), a deploy with every option succeeds, and one to a prefix the policy does not name is refused
 * at its first call, with nothing written.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { deploy, deployPolicy, isCloudError } from '../../src/core/index.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';

let w: DeployWorld | undefined;
let s: Site | undefined;
afterEach(async () => {
  await w?.stop();
  await s?.remove();
});

describe('the RAM policy of a deploy', () => {
  test('is enough for a deploy with --delete, --preload and --wait, and the region looked up; and no wider', async () => {
    w = await deployWorld(undefined, {}, { policy: deployPolicy(BUCKET, 'site/') });
    s = await site({ 'index.html': 'home', 'a/b.txt': 'b' });
    w.sb.world.buckets.get(BUCKET)!.objects.set('site/stale.txt', {
      body: Buffer.from('x'),
      contentType: 'text/plain',
      lastModified: 0,
      etag: '9DD4E461268C8034F5C8564E155C67A6',
    });
    const world = w;
    const run = deploy(world.rt, {
      dir: s.dir,
      bucket: { name: BUCKET },
      prefix: 'site',
      delete: true,
      preload: true,
      wait: true,
    });
    const tick = setInterval(() => world.advance(500), 50);
    const r = await run.finally(() => clearInterval(tick));
    expect(r.uploads.map((u) => u.key)).toEqual(['site/a/b.txt', 'site/index.html']);
    expect(r.deletes).toEqual(['site/stale.txt']);
    expect(r.refresh.result?.calls.map((c) => c.type)).toEqual(['File', 'Preload']);
    expect(w.sb.control.calls({ failed: true })).toEqual([]);

    const outside = await deploy(w.rt, {
      dir: s.dir,
      bucket: { name: BUCKET, region: 'cn-hangzhou' },
      prefix: 'other',
    }).catch((e) => e);
    expect(isCloudError(outside) && [outside.code, outside.action]).toEqual(['AccessDenied', 'ListObjectsV2']);
    expect([...w.sb.world.buckets.get(BUCKET)!.objects.keys()].some((k) => k.startsWith('other/'))).toBe(false);
  });
});
