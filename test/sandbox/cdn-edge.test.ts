/**
 * The sandbox's CDN edge: a CDN domain keeps serving its copy of an object after the object changed in the bucket,
 * until a refresh task for that URL (or a directory above it) completes — which is what a deploy has to get right.
 * Refresh URLs match the edge's copies character for character, so a wrongly encoded URL refreshes nothing. The
 * origin's no-cache is honoured, and a binding with the console's auto-refresh on keeps the edge fresh by itself.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createRuntime, type Runtime } from '../../src/core/index.js';
import { type OssSandbox, type RawOss, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';

let h: OssSandbox;
let c: RawOss;
let rt: Runtime;
beforeAll(async () => {
  h = await startOssSandbox({ timing: { refreshCompleteMs: 1_000 } });
  c = h.client();
  rt = createRuntime({ ...h.sb.env }, { tuning: { maxAttempts: 1 } });
});
afterAll(() => h.stop());
beforeEach(() => {
  h.sb.control.reset();
  h.sb.control.seed({
    cdn: [
      { domain: 'cdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
      { domain: 'auto.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
    ],
    buckets: [{ name: 'abc-img', region: 'cn-hangzhou', cnames: [{ domain: 'auto.abc.com', purgeCdnCache: true }] }],
  });
});

const get = (host: string, path: string) =>
  rawRequest(h.sb.url, { path, headers: { host: `${host}:${h.sb.port}` } }).then((r) => ({
    status: r.status,
    text: r.body.toString(),
    cache: String(r.headers['x-cache'] ?? ''),
  }));

describe('a CDN domain in front of the bucket', () => {
  test('serves the old content after the object changed, until the refresh of that URL completes', async () => {
    await c.put('pics/cat.txt', Buffer.from('old'));
    expect(await get('cdn.abc.com', '/pics/cat.txt')).toMatchObject({
      text: 'old',
      cache: expect.stringMatching(/^MISS/),
    });
    await c.put('pics/cat.txt', Buffer.from('new'));
    expect(await get('cdn.abc.com', '/pics/cat.txt')).toMatchObject({
      text: 'old',
      cache: expect.stringMatching(/^HIT/),
    });

    await rt.cdn.refresh(['https://cdn.abc.com/pics/dog.txt'], 'File');
    await rt.cdn.refresh(['https://cdn.abc.com/pics/cat.txt'], 'File');
    expect((await get('cdn.abc.com', '/pics/cat.txt')).text, 'a refresh takes effect when its task completes').toBe(
      'old',
    );
    h.advance(1_001);
    expect(await get('cdn.abc.com', '/pics/cat.txt')).toMatchObject({
      text: 'new',
      cache: expect.stringMatching(/^MISS/),
    });
  });

  test('a directory refresh above the URL invalidates it; one beside it does not', async () => {
    await c.put('a/b/c.txt', Buffer.from('old'));
    await get('cdn.abc.com', '/a/b/c.txt');
    await c.put('a/b/c.txt', Buffer.from('new'));
    await rt.cdn.refresh(['https://cdn.abc.com/a/bb/'], 'Directory');
    h.advance(1_001);
    expect((await get('cdn.abc.com', '/a/b/c.txt')).text).toBe('old');
    await rt.cdn.refresh(['https://cdn.abc.com/a/'], 'Directory');
    h.advance(1_001);
    expect((await get('cdn.abc.com', '/a/b/c.txt')).text).toBe('new');
  });

  test('a refresh URL matches only the characters browsers send: a+b (1).txt is /a+b%20(1).txt, not /a%2Bb%20(1).txt', async () => {
    await c.put('a+b (1).txt', Buffer.from('old'));
    await get('cdn.abc.com', '/a+b%20(1).txt');
    await c.put('a+b (1).txt', Buffer.from('new'));
    await rt.cdn.refresh(['https://cdn.abc.com/a%2Bb%20(1).txt'], 'File');
    h.advance(1_001);
    expect((await get('cdn.abc.com', '/a+b%20(1).txt')).text).toBe('old');
    await rt.cdn.refresh(['https://cdn.abc.com/a+b%20(1).txt'], 'File');
    h.advance(1_001);
    expect((await get('cdn.abc.com', '/a+b%20(1).txt')).text).toBe('new');
  });

  test('an object the origin marks no-cache is not kept; one with max-age expires', async () => {
    await c.put('index.html', Buffer.from('v1'), { headers: { 'Cache-Control': 'no-cache' } });
    await get('cdn.abc.com', '/index.html');
    await c.put('index.html', Buffer.from('v2'), { headers: { 'Cache-Control': 'no-cache' } });
    expect((await get('cdn.abc.com', '/index.html')).text).toBe('v2');

    await c.put('short.txt', Buffer.from('v1'), { headers: { 'Cache-Control': 'max-age=60' } });
    await get('cdn.abc.com', '/short.txt');
    await c.put('short.txt', Buffer.from('v2'), { headers: { 'Cache-Control': 'max-age=60' } });
    expect((await get('cdn.abc.com', '/short.txt')).text).toBe('v1');
    h.advance(60_001);
    expect((await get('cdn.abc.com', '/short.txt')).text).toBe('v2');
  });

  test("a domain bound with the console's auto-refresh on follows the bucket without a refresh", async () => {
    await c.put('logo.txt', Buffer.from('old'));
    await get('auto.abc.com', '/logo.txt');
    await get('cdn.abc.com', '/logo.txt');
    h.advance(10);
    await c.put('logo.txt', Buffer.from('new'));
    expect((await get('auto.abc.com', '/logo.txt')).text).toBe('new');
    expect((await get('cdn.abc.com', '/logo.txt')).text).toBe('old');
    await c.delete('logo.txt');
    expect((await get('auto.abc.com', '/logo.txt')).status).toBe(404);
  });

  test('a domain both bound to the bucket and on CDN is served by the edge (its DNS points at CDN)', async () => {
    h.sb.control.seed({ buckets: [{ name: 'abc-img', region: 'cn-hangzhou', cnames: [{ domain: 'cdn.abc.com' }] }] });
    await c.put('x.txt', Buffer.from('old'));
    await get('cdn.abc.com', '/x.txt');
    await c.put('x.txt', Buffer.from('new'));
    expect(await get('cdn.abc.com', '/x.txt')).toMatchObject({ text: 'old', cache: expect.stringMatching(/^HIT/) });
  });
});
