/**
 * The `LOST_REPLY` fault: the call happens (the world changes) and then the connection is reset, so the client
 * cannot tell whether it did — what a timeout after a write looks like from the outside.
 */
import * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { failure, type OssSandbox, type RawOss, startOssSandbox } from '../support/oss-sandbox.js';
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

test('an OSS write happens, but its reply never arrives', async () => {
  h.sb.control.failNext('PutObject', 1, 'LOST_REPLY');
  await failure(oss.put('a.txt', Buffer.from('a')));
  expect(h.sb.world.buckets.get('abc-img')!.objects.get('a.txt')?.body.toString()).toBe('a');
  expect(h.sb.control.calls().map((c) => [c.action, c.status, c.code, c.injected])).toEqual([
    ['PutObject', 0, 'ECONNRESET', true],
  ]);
  await oss.put('b.txt', Buffer.from('b')); // only the next call was affected
});

test('an RPC write happens, but its reply never arrives', async () => {
  h.sb.control.failNext('AddDomainRecord', 1, 'LOST_REPLY');
  const add = new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: 'lost', type: 'TXT', value: 'v' });
  await expect(dns.addDomainRecordWithOptions(add, { autoretry: false } as never)).rejects.toThrow();
  const rrs = [...h.sb.world.zones.get('abc.com')!.records.values()].map((r) => r.rr);
  expect(rrs).toContain('lost');
  expect(h.sb.control.calls().map((c) => [c.action, c.status, c.code, c.injected])).toEqual([
    ['AddDomainRecord', 0, 'ECONNRESET', true],
  ]);
});
