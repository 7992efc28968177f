/**
 * Issue 11 finding 6, per-API rate limits (`qps`): Alibaba Cloud's documented account limits over a sliding second
 * (and AddCdnDomain's hour), answered as each service answers — RPC `Throttling.User` 400 with `x-acs-retry-after`
 * (the SDK's ThrottlingError), OSS 503 `TotalQpsLimitExceeded` / `MetaOperationQpsLimitExceeded` — on a clock that
 * only the test moves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Alidns from '@alicloud/alidns20150109';
import * as $Cdn from '@alicloud/cdn20180510';
import { afterEach, describe, expect, test } from 'vitest';
import { documentedLimits, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { loadQps, QpsError, RateLimiter } from '../../src/sandbox/limits.js';
import { rawRequest } from '../support/oss-sandbox.js';
import { failure, type RpcSandbox, startRpcSandbox } from '../support/rpc-sandbox.js';

let h: RpcSandbox | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  await h?.stop();
  await sb?.stop();
  h = undefined;
  sb = undefined;
});

const record = (i: number) =>
  new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: `r${i}`, type: 'A', value: '192.0.2.1' });

describe('documented limits (RPC)', () => {
  test('AddDomainRecord admits 60 calls a second; the 61st is Throttling.User 400 with x-acs-retry-after, and writes nothing', async () => {
    h = await startRpcSandbox({ seed: { zones: [{ name: 'abc.com' }] }, qps: 'documented', frozen: true });
    const dns = h.alidns();
    for (let i = 0; i < 60; i++) await dns.addDomainRecord(record(i));
    const e = await failure(dns.addDomainRecord(record(60)));
    expect([e.name, e.code, e.statusCode]).toEqual(['ThrottlingError', 'Throttling.User', 400]);
    expect(e.data.Message).toBe('Request was denied due to user flow control.');
    expect(e.retryAfter).toBe(1000);
    expect(h.sb.world.zones.get('abc.com')!.records.size).toBe(60);
    // Reads have their own limit: throttling one API leaves the others alone.
    expect(
      (await dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com' }))).statusCode,
    ).toBe(200);

    // The window slides: 400 ms later it is still full; at one second the first calls have left it.
    h.advance(400);
    expect((await failure(dns.addDomainRecord(record(60)))).retryAfter).toBe(600);
    h.advance(600);
    await dns.addDomainRecord(record(60));
    expect(h.sb.control.calls({ action: 'AddDomainRecord', failed: true }).map((c) => c.code)).toEqual([
      'Throttling.User',
      'Throttling.User',
    ]);
  });

  test('the throttling answer has the gateway error shape', async () => {
    h = await startRpcSandbox({
      seed: { zones: [{ name: 'abc.com' }] },
      qps: { DescribeRefreshTasks: 1 },
      frozen: true,
    });
    const cdn = h.cdn();
    await cdn.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest({}));
    const e = await failure(cdn.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest({})));
    expect(Object.keys(e.data).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(e.data).toMatchObject({ Code: 'Throttling.User', HostId: 'cdn.aliyuncs.com' });
    expect(e.data.Recommend).toContain('q=Throttling.User&product=Cdn');
  });

  test('DescribeRefreshTasks: 10 a second', async () => {
    h = await startRpcSandbox({ qps: 'documented', frozen: true });
    const cdn = h.cdn();
    for (let i = 0; i < 10; i++) await cdn.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest({}));
    expect((await failure(cdn.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest({})))).code).toBe(
      'Throttling.User',
    );
  });

  test('AddCdnDomain: 30 a second and 100 an hour', async () => {
    h = await startRpcSandbox({ qps: 'documented', frozen: true });
    const cdn = h.cdn();
    // Malformed names fail in the handler, after flow control admitted (and counted) them.
    const add = () =>
      failure(
        cdn.addCdnDomain(new $Cdn.AddCdnDomainRequest({ domainName: 'bad_name', cdnType: 'web', sources: '[]' })),
      );
    const codes: string[] = [];
    for (let i = 0; i < 100; i++) {
      if (i > 0 && i % 30 === 0) h.advance(1_000);
      codes.push((await add()).code);
    }
    expect(new Set(codes)).toEqual(new Set(['InvalidDomainName.Malformed']));
    h.advance(1_000);
    const over = await add();
    expect(over.code).toBe('Throttling.User');
    // The hour runs from the first call, 4 s ago. (Moving the clock an hour would expire the SDK's signature, so
    // the hour's end is shown on the limiter itself below.)
    expect(over.retryAfter).toBe(3_600_000 - 4_000);
  });

  test('an hourly window admits again once its oldest calls are an hour old; refused calls do not count', () => {
    const limiter = new RateLimiter(loadQps({ AddCdnDomain: { perSecond: 30, perHour: 2 } }));
    expect(limiter.admit('cdn', 'AddCdnDomain', 0).ok).toBe(true);
    expect(limiter.admit('cdn', 'AddCdnDomain', 5_000).ok).toBe(true);
    expect(limiter.admit('cdn', 'AddCdnDomain', 10_000)).toEqual({
      ok: false,
      retryAfterMs: 3_590_000,
      key: 'AddCdnDomain',
    });
    expect(limiter.admit('cdn', 'AddCdnDomain', 3_600_000).ok).toBe(true);
    expect(limiter.admit('cdn', 'AddCdnDomain', 3_600_001).ok).toBe(false);
    expect(limiter.admit('cdn', 'AddCdnDomain', 3_605_000).ok).toBe(true);
  });

  test('without qps nothing is limited, and reset() forgets the calls counted', async () => {
    h = await startRpcSandbox({ seed: { zones: [{ name: 'abc.com' }] }, frozen: true });
    const dns = h.alidns();
    for (let i = 0; i < 70; i++) await dns.addDomainRecord(record(i));
    h.sb.control.setQps({ AddDomainRecord: 2 });
    await dns.addDomainRecord(record(70));
    await dns.addDomainRecord(record(71));
    expect((await failure(dns.addDomainRecord(record(72)))).code).toBe('Throttling.User');
    h.sb.control.reset({ zones: [{ name: 'abc.com' }] });
    await dns.addDomainRecord(record(72));
  });
});

describe('OSS', () => {
  const start = async (qps: Record<string, number>) => {
    const t = Date.now();
    sb = await startSandbox({ dnsPort: false, qps, clock: () => t });
    return sb;
  };
  const get = (s: Sandbox, path: string) => rawRequest(s.url, { path });

  test('the account total (oss:*) is 503 TotalQpsLimitExceeded, counted before authentication', async () => {
    const s = await start({ 'oss:*': 3 });
    for (let i = 0; i < 3; i++) expect((await get(s, '/abc-img/logo.png')).status).toBe(200);
    const r = await get(s, '/abc-img/logo.png');
    expect(r.status).toBe(503);
    expect(r.body.toString()).toContain('<Code>TotalQpsLimitExceeded</Code>');
    expect(r.body.toString()).toContain('<Message>Max total qps limit is exceeded</Message>');
  });

  test('a limit on a bucket operation is 503 MetaOperationQpsLimitExceeded; object operations go on', async () => {
    const s = await start({ GetBucketLocation: 1 });
    expect((await get(s, '/abc-img/?location')).status).toBe(403); // anonymous, but admitted and counted
    const r = await get(s, '/abc-img/?location');
    expect(r.status).toBe(503);
    expect(r.body.toString()).toContain('<Code>MetaOperationQpsLimitExceeded</Code>');
    expect((await get(s, '/abc-img/logo.png')).status).toBe(200);
  });
});

test('over HTTP: PUT /__sandbox/qps sets limits, DELETE lifts them, a bad entry is 400', async () => {
  const t = Date.now();
  sb = await startSandbox({ dnsPort: false, clock: () => t });
  const control = (method: string, body?: unknown) =>
    fetch(`${sb!.url}/__sandbox/qps`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect((await control('PUT', { GetObject: 1 })).status).toBe(200);
  await rawRequest(sb.url, { path: '/abc-img/logo.png' });
  expect((await rawRequest(sb.url, { path: '/abc-img/logo.png' })).status).toBe(503);
  expect((await control('DELETE')).status).toBe(200);
  expect((await rawRequest(sb.url, { path: '/abc-img/logo.png' })).status).toBe(200);
  const bad = await control('PUT', { GetObjekt: 1 });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toContain('"GetObjekt" is not an operation');
  expect((await control('PUT', { qps: 'documented' })).status).toBe(200);
});

describe('the limits themselves', () => {
  test('documented: the §7 account limits, including the hourly one, and the OSS total', () => {
    expect(documentedLimits()).toMatchObject({
      AddDomainRecord: { perSecond: 60 },
      DescribeDomainRecords: { perSecond: 100 },
      DescribeSubDomainRecords: { perSecond: 300 },
      AddCdnDomain: { perSecond: 30, perHour: 100 },
      DescribeRefreshTasks: { perSecond: 10 },
      'oss:*': { perSecond: 10_000 },
    });
  });

  test('a limits file is read; a bad one is refused with the file and the entry named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qps-'));
    const good = join(dir, 'qps.json');
    writeFileSync(good, JSON.stringify({ AddDomainRecord: 1, AddCdnDomain: { perHour: 5 } }));
    sb = await startSandbox({ dnsPort: false, qps: good });
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ adddomainrecord: 1 }));
    await expect(startSandbox({ dnsPort: false, qps: typo })).rejects.toThrow(
      `${typo}: "adddomainrecord" is not an operation the sandbox answers (did you mean "AddDomainRecord"?)`,
    );
    const zero = join(dir, 'zero.json');
    writeFileSync(zero, JSON.stringify({ AddDomainRecord: 0 }));
    await expect(startSandbox({ dnsPort: false, qps: zero })).rejects.toThrow(QpsError);
    await expect(startSandbox({ dnsPort: false, qps: join(dir, 'missing.json') })).rejects.toThrow(
      /missing\.json: cannot read the limits file/,
    );
  });
});
