/**
 * The CdnPort adapter against the sandbox, configured from the contract's environment: the owner tag written by
 * AddCdnDomain and read back without one call per domain, paging past 500 domains, the ownership proof, HTTPS,
 * refresh tasks and quotas, and CloudError hints for the codes a user can act on.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createCdnAdapter } from '../../src/core/aliyun/cdn.js';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { createDnsAdapter } from '../../src/core/aliyun/dns.js';
import { CDN_OWNER_TAG as OWNER_TAG } from '../../src/core/ownership.js';
import type { CdnPort } from '../../src/core/ports.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { cloudFailure } from '../support/failure.js';

const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
const ONLINE_MS = 60_000;
const DONE_MS = 120_000;
const source = { type: 'oss', content: ORIGIN, port: 443 };

let sb: Sandbox;
let cdn: CdnPort;
let offset = 0;

beforeAll(async () => {
  sb = await startSandbox({
    seed: {
      zones: [{ name: 'abc.com' }, { name: 'proof.com' }],
      cdnVerifiedRoots: ['abc.com'],
      unfiled: ['beian.cn'],
      certificates: [{ id: '12345', domains: ['*.abc.com'] }],
      cdn: [
        { domain: 'theirs.abc.com', origin: ORIGIN, tags: { [OWNER_TAG]: 'blue' } },
        { domain: 'foreign.abc.com', origin: ORIGIN },
      ],
    },
    timing: { cdnOnlineDelayMs: ONLINE_MS, refreshCompleteMs: DONE_MS, ownershipDelayMs: 0 },
    dnsPort: false,
    clock: () => Date.now() + offset,
  });
  cdn = createCdnAdapter({ credential: credentialSource(sb.env), endpoint: sb.env.OSS_DOMAINS_CDN_ENDPOINT });
});
afterAll(() => sb.stop());
beforeEach(() => sb.control.clearCalls());

describe('ownership marker', () => {
  test('addDomain writes the owner tag; both listings read it back', async () => {
    await cdn.addDomain('img.abc.com', { sources: [source], scope: 'domestic', owner: 'web' });
    const mine = await cdn.listDomains({ owner: 'web' });
    expect(mine.map((d) => d.domain)).toEqual(['img.abc.com']);
    expect(mine[0]).toMatchObject({
      cname: 'img.abc.com.w.kunlunsl.com',
      status: 'configuring',
      scope: 'domestic',
      owner: 'web',
      sources: [source],
    });

    const all = await cdn.listDomains();
    const owner = (d: string) => all.find((x) => x.domain === d)?.owner;
    expect(all).toHaveLength(3);
    expect([owner('img.abc.com'), owner('theirs.abc.com'), owner('foreign.abc.com')]).toEqual([
      'web',
      'blue',
      undefined,
    ]);
  });

  test('getDomain reads detail and owner; an unknown domain is undefined, not an error', async () => {
    expect(await cdn.getDomain('theirs.abc.com')).toMatchObject({
      domain: 'theirs.abc.com',
      owner: 'blue',
      sslProtocol: 'off',
    });
    expect((await cdn.getDomain('foreign.abc.com'))?.owner).toBeUndefined();
    expect(await cdn.getDomain('nothing.abc.com')).toBeUndefined();
  });

  test('tagOwner marks a domain for takeover', async () => {
    await cdn.tagOwner('foreign.abc.com', 'web');
    expect((await cdn.getDomain('foreign.abc.com'))?.owner).toBe('web');
    expect((await cdn.listDomains({ owner: 'web' })).map((d) => d.domain).sort()).toEqual([
      'foreign.abc.com',
      'img.abc.com',
    ]);
  });
});

describe('lifecycle', () => {
  test('configuring → online on the clock; start (after a stop by hand), delete', async () => {
    expect((await cdn.getDomain('img.abc.com'))?.status).toBe('configuring');
    const busy = await cloudFailure(cdn.startDomain('img.abc.com'));
    expect([busy.code, busy.status]).toEqual(['ServiceBusy', 403]);
    expect(busy.hint).toContain('still being configured');
    offset += ONLINE_MS;
    expect((await cdn.getDomain('img.abc.com'))?.status).toBe('online');
    sb.world.cdn.get('img.abc.com')!.status = 'offline';
    expect((await cdn.getDomain('img.abc.com'))?.status).toBe('offline');
    await cdn.startDomain('img.abc.com');
    offset += ONLINE_MS;
    expect((await cdn.getDomain('img.abc.com'))?.status).toBe('online');
    await cdn.addDomain('tmp.abc.com', { sources: [source], scope: 'overseas', owner: 'web' });
    offset += ONLINE_MS;
    const { requestId } = await cdn.deleteDomain('tmp.abc.com');
    expect(requestId).toBe(sb.control.calls({ action: 'DeleteCdnDomain' })[0]?.requestId);
    expect(await cdn.getDomain('tmp.abc.com')).toBeUndefined();
  });

  test('setCertificate turns HTTPS on with a CAS id and off with undefined', async () => {
    await cdn.setCertificate('img.abc.com', '12345');
    expect((await cdn.getDomain('img.abc.com'))?.sslProtocol).toBe('on');
    await cdn.setCertificate('img.abc.com', undefined);
    expect((await cdn.getDomain('img.abc.com'))?.sslProtocol).toBe('off');
    const e = await cloudFailure(cdn.setCertificate('img.abc.com', '99'));
    expect(e.code).toBe('Certificate.NotFind');
    expect(e.hint).toContain('cert-id');
  });

  test('the ownership proof: DomainOwnerVerifyFail → verify content → TXT → VerifyDomainOwner → add', async () => {
    const add = () => cdn.addDomain('img.proof.com', { sources: [source], scope: 'overseas', owner: 'web' });
    const e = await cloudFailure(add());
    expect([e.code, e.status]).toEqual(['DomainOwnerVerifyFail', 400]);
    expect(e.hint).toContain('verification.<root>');
    const content = await cdn.describeVerifyContent('img.proof.com');
    expect((await cloudFailure(cdn.verifyDomainOwner('img.proof.com'))).code).toBe('DomainOwnerVerifyFail');
    const dns = createDnsAdapter({ credential: credentialSource(sb.env), endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT });
    await dns.addRecord('proof.com', { rr: 'verification', type: 'TXT', value: content, ttl: 600 });
    await cdn.verifyDomainOwner('img.proof.com');
    await add();
  });

  test('a domain without ICP filing in a mainland scope says so', async () => {
    const e = await cloudFailure(cdn.addDomain('www.beian.cn', { sources: [source], scope: 'domestic', owner: 'web' }));
    expect([e.code, e.status]).toEqual(['DomainNotRegistration', 404]);
    expect(e.hint).toContain('ICP');
  });
});

describe('refresh', () => {
  test('refresh and preload return task ids whose tasks go Refreshing → Complete', async () => {
    const urls = await cdn.refresh(['https://img.abc.com/a.png', 'https://theirs.abc.com/b.png'], 'File');
    expect(urls.taskIds).toHaveLength(2);
    const dirs = await cdn.refresh(['https://img.abc.com/static/'], 'Directory');
    const pre = await cdn.preload(['https://img.abc.com/a.png']);
    const ids = [...urls.taskIds, ...dirs.taskIds, ...pre.taskIds];
    const before = await cdn.getRefreshTasks(ids);
    expect(before.map((t) => [t.objectType, t.status])).toEqual([
      ['file', 'Refreshing'],
      ['file', 'Refreshing'],
      ['directory', 'Refreshing'],
      ['preload', 'Refreshing'],
    ]);
    offset += DONE_MS;
    expect((await cdn.getRefreshTasks(ids)).every((t) => t.status === 'Complete')).toBe(true);
  });

  test('getRefreshTasks pages a merged task of 150 URLs', async () => {
    const urls = Array.from({ length: 150 }, (_, i) => `https://img.abc.com/p/${i}`);
    const { taskIds } = await cdn.refresh(urls, 'File');
    expect(taskIds).toHaveLength(1);
    const tasks = await cdn.getRefreshTasks(taskIds);
    expect(new Set(tasks.map((t) => t.objectPath)).size).toBe(150);
  });

  test('getRefreshQuota reads numbers; an exhausted quota is QuotaExceeded.Refresh with a hint', async () => {
    const q = await cdn.getRefreshQuota();
    expect(q).toMatchObject({
      urlQuota: 10_000,
      dirQuota: 100,
      preloadQuota: 1_000,
      dirRemain: 99,
      preloadRemain: 999,
    });
    expect(q.urlRemain).toBe(10_000 - 152);
    sb.world.quota.urlUsed = sb.world.quota.urlQuota;
    const e = await cloudFailure(cdn.refresh(['https://img.abc.com/x'], 'File'));
    expect([e.code, e.action]).toEqual(['QuotaExceeded.Refresh', 'RefreshObjectCaches']);
    expect(e.hint).toContain('DescribeRefreshQuota');
  });

  test('a URL on a domain outside the account is InvalidDomain.NotFound', async () => {
    const e = await cloudFailure(cdn.preload(['https://elsewhere.example.org/a']));
    expect([e.code, e.status]).toEqual(['InvalidDomain.NotFound', 404]);
  });
});

describe('an account with more than 500 CDN domains', () => {
  let big: Sandbox;
  beforeAll(async () => {
    big = await startSandbox({
      seed: {
        cdn: Array.from({ length: 520 }, (_, i) => ({
          domain: `s${i}.bulk.com`,
          origin: ORIGIN,
          tags: (i % 2 ? { [OWNER_TAG]: 'bulk' } : { team: 'red' }) as Record<string, string>,
        })),
      },
      dnsPort: false,
    });
  });
  afterAll(() => big.stop());

  test('is read in pages, with owners from a paged tag listing — never a call per domain', async () => {
    const port = createCdnAdapter({
      credential: credentialSource(big.env),
      endpoint: big.env.OSS_DOMAINS_CDN_ENDPOINT,
    });
    const all = await port.listDomains();
    expect(all).toHaveLength(520);
    expect(new Set(all.map((d) => d.domain)).size).toBe(520);
    expect(all.filter((d) => d.owner === 'bulk')).toHaveLength(260);
    expect(all.find((d) => d.domain === 's0.bulk.com')?.owner).toBeUndefined();
    expect(big.control.calls({ action: 'DescribeUserDomains' })).toHaveLength(2);
    expect(big.control.calls({ action: 'ListTagResources' })).toHaveLength(6);
    expect(big.control.calls()).toHaveLength(8);

    big.control.clearCalls();
    const mine = await port.listDomains({ owner: 'bulk' });
    expect(mine).toHaveLength(260);
    expect(mine.every((d) => d.owner === 'bulk')).toBe(true);
    expect(big.control.calls().map((c) => c.action)).toEqual(['DescribeUserDomains']);
  });
});
