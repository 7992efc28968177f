/**
 * The sandbox's CDN refresh and preload through the official SDK: per-call limits, the domain checks, the daily
 * quotas (and their reset per UTC day), and tasks going Refreshing → Complete on the injected clock.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { quotaToday } from '../../src/sandbox/rpc/cdn-refresh.js';
import { createWorld } from '../../src/sandbox/state.js';
import { type CdnClient, failure, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

const DONE_MS = 300_000;
const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';

let h: RpcSandbox;
let cdn: CdnClient;

beforeAll(async () => {
  h = await startRpcSandbox({
    timing: { refreshCompleteMs: DONE_MS },
    seed: {
      cdn: [
        { domain: 'img.abc.com', origin: ORIGIN },
        { domain: 'static.abc.com', origin: ORIGIN },
        { domain: 'stopped.abc.com', origin: ORIGIN, status: 'offline' },
        { domain: 'new.abc.com', origin: ORIGIN, status: 'configuring' },
        ...Array.from({ length: 11 }, (_, i) => ({ domain: `d${i}.abc.com`, origin: ORIGIN })),
      ],
    },
  });
  cdn = h.cdn();
});
afterAll(() => h.stop());
beforeEach(() => {
  Object.assign(h.sb.world.quota, { urlUsed: 0, dirUsed: 0, preloadUsed: 0 });
});

const urls = (n: number, host = 'img.abc.com') => Array.from({ length: n }, (_, i) => `https://${host}/f/${i}.png`);
const refresh = (paths: string[], objectType?: string) =>
  cdn.refreshObjectCaches(new $Cdn.RefreshObjectCachesRequest({ objectPath: paths.join('\n'), objectType }));
const tasks = async (req: Record<string, unknown>) =>
  (await cdn.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest(req))).body;

describe('RefreshObjectCaches', () => {
  test('tasks are Refreshing, then Complete once refreshCompleteMs has passed; types are lower case', async () => {
    const r = await refresh(['https://img.abc.com/logo.png', 'static.abc.com/app.js']);
    const ids = r.body?.refreshTaskId?.split(',') ?? [];
    expect(ids).toHaveLength(2); // one merged task per domain
    const before = await tasks({ taskId: ids[0] });
    expect(before?.tasks?.CDNTask?.[0]).toMatchObject({
      objectPath: 'https://img.abc.com/logo.png',
      objectType: 'file',
      status: 'Refreshing',
    });
    h.advance(DONE_MS);
    const after = await tasks({ taskId: ids[1] });
    expect(after?.tasks?.CDNTask?.[0]).toMatchObject({
      objectPath: 'static.abc.com/app.js',
      status: 'Complete',
      process: '100%',
    });
  });

  test('directories are tasks of type directory', async () => {
    const r = await refresh(['https://img.abc.com/assets/'], 'Directory');
    const t = await tasks({ taskId: r.body?.refreshTaskId });
    expect(t?.tasks?.CDNTask?.map((x) => [x.objectType, x.status])).toEqual([['directory', 'Refreshing']]);
  });

  test('per call: at most 1,000 URLs, 100 directories and 10 domains', async () => {
    await refresh(urls(1000));
    const tooMany = await failure(refresh(urls(1001)));
    expect([tooMany.code, tooMany.statusCode]).toEqual(['InvalidObjectPath.Size.Malformed', 400]);
    const dirs = Array.from({ length: 101 }, (_, i) => `https://img.abc.com/d${i}/`);
    expect((await failure(refresh(dirs, 'Directory'))).code).toBe('InvalidObjectPath.Size.Malformed');
    const spread = Array.from({ length: 11 }, (_, i) => `https://d${i}.abc.com/x`);
    const e = await failure(refresh(spread));
    expect(e.code).toBe('InvalidObjectPath.Malformed');
    expect(e.data.Message).toContain('10 domains');
    await refresh(spread.slice(0, 10));
  });

  test('a domain outside the account, offline or still configuring is refused before anything is counted', async () => {
    const missing = await failure(refresh(['https://nope.abc.com/a.png']));
    expect([missing.code, missing.statusCode]).toEqual(['InvalidDomain.NotFound', 404]);
    const offline = await failure(refresh(['https://stopped.abc.com/a.png']));
    expect([offline.code, offline.statusCode]).toEqual(['InvalidDomain.Offline', 404]);
    // Earlier tests moved the clock past the seed's configuring delay; hold this one in configuring.
    Object.assign(h.sb.world.cdn.get('new.abc.com') ?? {}, {
      status: 'configuring',
      onlineAt: Number.MAX_SAFE_INTEGER,
    });
    const busy = await failure(refresh(['https://new.abc.com/a.png']));
    expect([busy.code, busy.statusCode]).toEqual(['ServiceBusy', 403]);
    expect(h.sb.world.quota.urlUsed).toBe(0);
    expect((await failure(refresh(['https://img.abc.com/a'], 'Everything'))).code).toBe(
      'InvalidObjectType.ValueNotSupported',
    );
    const none = await failure(cdn.refreshObjectCaches(new $Cdn.RefreshObjectCachesRequest({})));
    expect(none.code).toBe('MissingParameter');
  });
});

describe('daily quotas', () => {
  test('10,000 URLs a day: the call that would pass it is QuotaExceeded.Refresh, and the quota shows 0 left', async () => {
    for (let i = 0; i < 10; i++) await refresh(urls(1000));
    const e = await failure(refresh(urls(1)));
    expect([e.code, e.statusCode]).toEqual(['QuotaExceeded.Refresh', 400]);
    expect(e.data.Message).toContain("You've exceeded the prescribed refresh limits.");
    const q = (await cdn.describeRefreshQuota(new $Cdn.DescribeRefreshQuotaRequest({}))).body;
    expect([q?.urlQuota, q?.urlRemain, q?.dirRemain]).toEqual(['10000', '0', '100']);
  });

  test('100 directories a day, counted apart from URLs', async () => {
    const dirs = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `https://img.abc.com/${tag}${i}/`);
    await refresh(dirs(60, 'a'), 'Directory');
    const e = await failure(refresh(dirs(41, 'b'), 'Directory'));
    expect(e.code).toBe('QuotaExceeded.Refresh');
    await refresh(dirs(40, 'c'), 'Directory');
    const raw = await rawCall(cdn, 'DescribeRefreshQuota', {});
    // The API reports every quota as a string.
    expect(raw).toMatchObject({ DirQuota: '100', DirRemain: '0', UrlRemain: '10000', PreloadQuota: '1000' });
  });

  test('the counters start again when the UTC day changes', async () => {
    const world = h.sb.world;
    Object.assign(world.quota, { day: '2001-01-01', urlUsed: world.quota.urlQuota, dirUsed: world.quota.dirQuota });
    const q = (await cdn.describeRefreshQuota(new $Cdn.DescribeRefreshQuotaRequest({}))).body;
    expect([q?.urlRemain, q?.dirRemain]).toEqual(['10000', '100']);

    const w = createWorld();
    const evening = Date.parse('2026-03-01T23:59:00Z');
    quotaToday(w, evening).urlUsed = 500;
    expect(quotaToday(w, evening + 30_000).urlUsed).toBe(500);
    expect(quotaToday(w, evening + 60_000)).toMatchObject({ day: '2026-03-02', urlUsed: 0 });
  });
});

describe('PushObjectCache (preload)', () => {
  test('preload tasks have type preload and count against the preload quota', async () => {
    const r = await cdn.pushObjectCache(
      new $Cdn.PushObjectCacheRequest({ objectPath: urls(3).join('\n'), area: 'domestic' }),
    );
    const t = await tasks({ taskId: r.body?.pushTaskId, objectType: 'preload' });
    expect(t?.totalCount).toBe(3);
    expect(t?.tasks?.CDNTask?.every((x) => x.objectType === 'preload')).toBe(true);
    h.sb.world.quota.preloadUsed = h.sb.world.quota.preloadQuota - 2;
    const e = await failure(cdn.pushObjectCache(new $Cdn.PushObjectCacheRequest({ objectPath: urls(3).join('\n') })));
    expect(e.code).toBe('QuotaExceeded.Refresh');
  });
});

describe('DescribeRefreshTasks', () => {
  test('filters by domain and type, by status, and pages at most 100', async () => {
    await refresh(urls(150, 'static.abc.com'));
    const page1 = await tasks({
      domainName: 'static.abc.com',
      objectType: 'file',
      status: 'Refreshing',
      pageSize: 100,
    });
    expect(page1?.totalCount).toBe(150);
    expect(page1?.tasks?.CDNTask).toHaveLength(100);
    h.advance(DONE_MS);
    const done = await tasks({ domainName: 'static.abc.com', objectType: 'file', status: 'Refreshing' });
    expect(done?.totalCount).toBe(0);
    expect((await failure(tasks({ pageSize: 101 }))).code).toBe('InvalidParameter');
  });

  test('DomainName or Status without ObjectType is MissingParameter; a bad TaskId is InvalidTaskId.Malformed', async () => {
    expect((await failure(tasks({ domainName: 'img.abc.com' }))).code).toBe('MissingParameter');
    expect((await failure(tasks({ taskId: 'abc' }))).code).toBe('InvalidTaskId.Malformed');
  });
});
