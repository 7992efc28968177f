/**
 * The control surface: the call log, injected faults for every service (applied before the handler, so the world
 * does not change), their determinism, and the same controls over HTTP under /__sandbox/.
 */
import * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  cnameCall,
  cnameXml,
  failure,
  type OssSandbox,
  putRecord,
  type RawOss,
  rawRequest,
  startOssSandbox,
} from '../support/oss-sandbox.js';
import { type AlidnsClient, rpcClients } from '../support/rpc-sandbox.js';

let h: OssSandbox;
let oss: RawOss;
let dns: AlidnsClient;
beforeAll(async () => {
  h = await startOssSandbox();
  oss = h.client();
  dns = rpcClients(h.sb).alidns();
});
afterAll(() => h.stop());
beforeEach(() => h.sb.control.reset());

const addTxt = (rr: string) =>
  dns.addDomainRecord(new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: rr, type: 'TXT', value: 'v' }));
const recordsOf = () => [...h.sb.world.zones.get('abc.com')!.records.values()].map((r) => r.rr);

describe('the call log', () => {
  test('records every call of every service, in order, with its outcome and request id', async () => {
    const put = await oss.put('a.txt', Buffer.from('a'));
    const missing = await failure(oss.get('nope.txt'));
    const add = await addTxt('hello');
    await dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com' }));

    const calls = h.sb.control.calls();
    expect(calls.map((c) => [c.seq, c.service, c.action, c.write, c.status, c.code, c.injected])).toEqual([
      [1, 'oss', 'PutObject', true, 200, undefined, false],
      [2, 'oss', 'GetObject', false, 404, 'NoSuchKey', false],
      [3, 'alidns', 'AddDomainRecord', true, 200, undefined, false],
      [4, 'alidns', 'DescribeDomainRecords', false, 200, undefined, false],
    ]);
    expect(calls[0]!.requestId).toBe(put.res.headers['x-oss-request-id']);
    expect(calls[1]!.requestId).toBe(missing.requestId);
    expect(calls[2]!.requestId).toBe(add.body?.requestId);
    expect(calls[0]!.bucket).toBe('abc-img');

    expect(h.sb.control.writeCalls().map((c) => c.action)).toEqual(['PutObject', 'AddDomainRecord']);
    expect(h.sb.control.calls({ service: 'alidns' })).toHaveLength(2);
    expect(h.sb.control.calls({ failed: true }).map((c) => c.action)).toEqual(['GetObject']);
    h.sb.control.clearCalls();
    await oss.head('logo.png');
    expect(h.sb.control.calls().map((c) => [c.seq, c.action])).toEqual([[1, 'HeadObject']]);
  });
});

describe('failNext', () => {
  test('fails an OSS call with the given code before it runs: the binding is not made, the retry works', async () => {
    const t = (await cnameCall(oss, 'abc-img', 'token', cnameXml('img.abc.com'))).data.Token;
    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', t, 0);
    h.sb.control.failNext('PutCname', 1, 'ServiceUnavailable');
    const e = await failure(cnameCall(oss, 'abc-img', 'add', cnameXml('img.abc.com')));
    expect([e.status, e.code]).toEqual([503, 'ServiceUnavailable']);
    expect(h.sb.world.buckets.get('abc-img')!.cnames.size).toBe(0);
    expect((await cnameCall(oss, 'abc-img', 'add', cnameXml('img.abc.com'))).status).toBe(200);
    expect(h.sb.control.calls({ action: 'PutCname' }).map((c) => [c.status, c.injected])).toEqual([
      [503, true],
      [200, false],
    ]);
  });

  test('throttles an RPC call the way the gateway does, with x-acs-retry-after, and writes nothing', async () => {
    h.sb.control.failNext('AddDomainRecord', 2, 'Throttling.User');
    for (let i = 0; i < 2; i++) {
      const e = await failure(addTxt('t'));
      expect(e.name).toBe('ThrottlingError');
      expect(e.code).toBe('Throttling.User');
      expect(e.statusCode).toBe(400);
      expect(e.retryAfter).toBe(100);
    }
    expect(recordsOf()).not.toContain('t');
    await addTxt('t');
    expect(recordsOf()).toContain('t');
  });

  test('ECONNRESET drops the connection without an answer', async () => {
    h.sb.control.failNext('PutObject', 1, 'ECONNRESET');
    const e = await failure(oss.put('reset.txt', Buffer.from('x')));
    expect(e.status).toBe(-1);
    expect(h.sb.world.buckets.get('abc-img')!.objects.has('reset.txt')).toBe(false);
    expect(h.sb.control.calls({ action: 'PutObject' })[0]).toMatchObject({
      status: 0,
      code: 'ECONNRESET',
      injected: true,
    });
  });
});

describe('random faults', () => {
  test("throttling uses each service's own error, and the services filter limits it", async () => {
    h.sb.control.setFaults({ throttleRate: 1, services: ['oss'] });
    const e = await failure(oss.get('logo.png'));
    expect([e.status, e.code]).toEqual([503, 'TotalQpsLimitExceeded']);
    await addTxt('fine');
    h.sb.control.setFaults({ throttleRate: 1, services: ['alidns'], retryAfterMs: 250 });
    const t = await failure(addTxt('blocked'));
    expect([t.name, t.retryAfter]).toEqual(['ThrottlingError', 250]);
    expect((await oss.get('logo.png')).res.status).toBe(200);
  });

  test('5xx errors are 503 ServiceUnavailable or 500 InternalError; the actions filter limits them', async () => {
    h.sb.control.setFaults({ errorRate: 1, actions: ['PutObject'] });
    const statuses = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const e = await failure(oss.put(`k${i}`, Buffer.from('x')));
      statuses.add(`${e.status} ${e.code}`);
    }
    expect([...statuses].sort()).toEqual(['500 InternalError', '503 ServiceUnavailable']);
    expect(h.sb.world.buckets.get('abc-img')!.objects.size).toBe(1);
    expect((await oss.get('logo.png')).res.status).toBe(200);
  });

  test('resets close the socket; latency and slow calls delay answers past a short client timeout', async () => {
    h.sb.control.setFaults({ resetRate: 1 });
    expect((await failure(oss.get('logo.png'))).status).toBe(-1);
    h.sb.control.setFaults({ latencyMs: 1_000 });
    const impatient = h.client();
    const e = await failure((impatient as any).get('logo.png', { timeout: 50 }));
    expect(e.name).toBe('ResponseTimeoutError');
    h.sb.control.setFaults({ slowRate: 1, slowMs: 1_000 });
    expect((await failure((impatient as any).get('logo.png', { timeout: 50 }))).name).toBe('ResponseTimeoutError');
    h.sb.control.clearFaults();
    expect((await oss.get('logo.png')).res.status).toBe(200);
  });

  test('are deterministic: the same seed and the same calls give the same faults', async () => {
    const run = async (seed: number) => {
      h.sb.control.setFaults({ throttleRate: 0.3, errorRate: 0.2, seed });
      const out: number[] = [];
      for (let i = 0; i < 24; i++)
        out.push(
          await oss.head('logo.png').then(
            (r: any) => r.res.status,
            (e: any) => e.status,
          ),
        );
      h.sb.control.clearFaults();
      return out.join(',');
    };
    const a = await run(42);
    expect(await run(42)).toBe(a);
    expect(a).toMatch(/200/);
    expect(a).toMatch(/50[03]/);
    expect(await run(7)).not.toBe(a);
  });
});

describe('over HTTP', () => {
  const ctl = (method: string, path: string, body?: string) =>
    rawRequest(h.sb.url, {
      method,
      path: `/__sandbox/${path}`,
      body: body === undefined ? undefined : Buffer.from(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    }).then((r) => ({ status: r.status, json: JSON.parse(r.body.toString()) }));

  test('calls, faults, fail-next, seed, state and reset', async () => {
    await oss.put('a.txt', Buffer.from('a'));
    expect((await ctl('GET', 'calls?service=oss&write=true')).json.map((c: any) => c.action)).toEqual(['PutObject']);
    expect((await ctl('DELETE', 'calls')).status).toBe(200);
    expect((await ctl('GET', 'calls')).json).toEqual([]);

    await ctl('POST', 'fail-next', JSON.stringify({ action: 'GetObject', count: 1, code: 'InternalError' }));
    expect((await failure(oss.get('a.txt'))).status).toBe(500);
    await ctl('PUT', 'faults', JSON.stringify({ throttleRate: 1 }));
    expect((await failure(oss.get('a.txt'))).code).toBe('TotalQpsLimitExceeded');
    await ctl('DELETE', 'faults');
    expect((await oss.get('a.txt')).content.toString()).toBe('a');

    const seeded = await ctl('POST', 'seed', 'buckets:\n  - name: extra-bucket\n    region: cn-shanghai\n');
    expect(seeded.status).toBe(200);
    const state = (await ctl('GET', 'state')).json;
    expect(Object.keys(state.buckets).sort()).toEqual(['abc-img', 'extra-bucket']);
    expect(state.buckets['abc-img'].objects['logo.png'].body).toEqual({ size: 114 });
    expect(JSON.stringify(state)).not.toContain(h.sb.credentials.accessKeySecret);

    const bad = await ctl('POST', 'seed', 'buckets:\n  - name: x\n    regoin: cn-shanghai\n');
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0]).toMatchObject({ line: 3, path: 'buckets[0].regoin' });

    const world = h.sb.world;
    expect((await ctl('POST', 'reset', JSON.stringify({ seed: 'empty' }))).status).toBe(200);
    expect(h.sb.world).toBe(world);
    expect(world.buckets.size).toBe(0);
    await ctl('POST', 'reset');
    expect([...world.buckets.keys()]).toEqual(['abc-img']);
    expect((await ctl('GET', 'nothing-here')).status).toBe(404);
  });
});
