/**
 * Every call a deploy makes goes through the runtime's rate governor, like the calls of plan and apply: uploads (one
 * request or in parts), the batch delete, the refresh journal and the CDN refresh. The governor's own counts must
 * match what the sandbox received, and a throttled answer to any of them is waited out and retried, not a failure.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deploy } from '../../src/core/index.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';

let w: DeployWorld;
let s: Site;
beforeEach(async () => {
  w = await deployWorld();
  s = await site({ 'index.html': '<h1>home</h1>', 'old.txt': 'old', 'video.bin': Buffer.alloc(300 * 1024, 1) });
});
afterEach(async () => {
  await w.stop();
  await s.remove();
});

/** A deploy that uploads in one request and in parts, deletes, writes and clears its journal, and refreshes. */
const everything = {
  bucket: { name: BUCKET, region: 'cn-hangzhou' },
  delete: true,
  multipartThreshold: 200 * 1024,
  partSize: 100 * 1024,
};

/** The requests ali-oss sends by itself inside one governed multipart upload (CompleteMultipartUpload). */
const PARTS_OF_ONE_UPLOAD = new Set(['InitiateMultipartUpload', 'UploadPart', 'AbortMultipartUpload']);

describe('deploy through the rate governor', () => {
  test('every request the sandbox received from a deploy was counted by the governor, operation by operation', async () => {
    await deploy(w.rt, { dir: s.dir, ...everything });
    await s.write({ 'index.html': '<h1>home 2</h1>', 'old.txt': null, 'video.bin': Buffer.alloc(300 * 1024, 2) });
    w.sb.control.clearCalls();
    const before = w.rt.governor.stats();
    const r = await deploy(w.rt, { dir: s.dir, ...everything });
    expect(r.uploads.map((u) => [u.key, u.multipart])).toEqual([
      ['index.html', false],
      ['video.bin', true],
    ]);

    const received = new Map<string, number>();
    for (const c of w.sb.control.calls())
      if (!PARTS_OF_ONE_UPLOAD.has(c.action)) received.set(c.action, (received.get(c.action) ?? 0) + 1);
    const after = w.rt.governor.stats();
    const governed = new Map(
      Object.entries(after)
        .map(([action, n]) => [action, n.sent - (before[action]?.sent ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    expect(Object.fromEntries(governed)).toEqual(Object.fromEntries(received));
    for (const action of ['PutObject', 'CompleteMultipartUpload', 'DeleteMultipleObjects', 'RefreshObjectCaches'])
      expect(governed.get(action), action).toBeGreaterThan(0);
    expect(w.sb.control.calls({ action: 'UploadPart' })).toHaveLength(3);
  });

  test('a throttled answer to an upload, the batch delete or the refresh is retried; the deploy succeeds', async () => {
    await deploy(w.rt, { dir: s.dir, ...everything });
    await s.write({ 'index.html': '<h1>home 2</h1>', 'old.txt': null });
    w.sb.control.clearCalls();
    w.sb.control.failNext('PutObject', 1, 'QpsLimitExceeded');
    w.sb.control.failNext('DeleteMultipleObjects', 1, 'QpsLimitExceeded');
    w.sb.control.failNext('RefreshObjectCaches', 1, 'Throttling.User');

    const r = await deploy(w.rt, { dir: s.dir, ...everything });
    expect(r.uploads.map((u) => u.key)).toEqual(['index.html']);
    expect(w.sb.world.buckets.get(BUCKET)!.objects.has('old.txt')).toBe(false);
    expect(w.sb.world.buckets.get(BUCKET)!.objects.get('index.html')!.body.toString()).toBe('<h1>home 2</h1>');
    for (const action of ['PutObject', 'DeleteMultipleObjects', 'RefreshObjectCaches']) {
      const calls = w.sb.control.calls({ action });
      expect(calls[0], action).toMatchObject({ injected: true });
      expect(calls.at(-1)!.status, action).toBe(200);
      expect(w.rt.governor.stats()[action]!.throttled, action).toBe(1);
    }
  });
});
