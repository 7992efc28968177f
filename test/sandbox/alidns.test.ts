/**
 * The sandbox's Alidns through the official SDK: field types as the API returns them, paging, the SearchMode rules,
 * the record conflict rules, and the named errors.
 */
import * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AlidnsClient, failure, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

let h: RpcSandbox;
let dns: AlidnsClient;

const many = Array.from({ length: 1201 }, (_, i) => ({
  rr: `host${i}`,
  type: 'A',
  value: `10.0.${i >> 8}.${i & 255}`,
}));

beforeAll(async () => {
  h = await startRpcSandbox({
    seed: {
      zones: [
        { name: 'abc.com' },
        { name: 'big.com', records: many },
        {
          name: 'search.com',
          records: [
            { rr: 'a', type: 'A', value: '192.0.2.1' },
            { rr: 'b.a', type: 'A', value: '192.0.2.2' },
            { rr: 'ab', type: 'TXT', value: 'hello-a' },
            { rr: 'www', type: 'CNAME', value: 'web.cdn.net' },
            { rr: 'off', type: 'A', value: '192.0.2.9', status: 'DISABLE' },
          ],
        },
        ...Array.from({ length: 105 }, (_, i) => ({ name: `zone${i}.net` })),
      ],
    },
  });
  dns = h.alidns();
});
afterAll(() => h.stop());

const add = (rr: string, type: string, value: string, more: Record<string, unknown> = {}) =>
  dns.addDomainRecord(new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: rr, type, value, ...more }));
const records = async (req: Record<string, unknown>) =>
  (await dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest(req))).body;

describe('DescribeDomains', () => {
  test('pages at most 100 zones', async () => {
    const first = (await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ pageSize: 100 }))).body;
    expect(first?.totalCount).toBe(108);
    expect(first?.domains?.domain).toHaveLength(100);
    const second = (await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ pageSize: 100, pageNumber: 2 })))
      .body;
    expect(second?.domains?.domain).toHaveLength(8);
    const e = await failure(dns.describeDomains(new $Alidns.DescribeDomainsRequest({ pageSize: 101 })));
    expect(e.code).toBe('InvalidParameter');
    expect(e.data.Message).toContain('PageSize');
  });

  test('KeyWord matches a part of the name; SearchMode EXACT the whole name', async () => {
    const like = (await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ keyWord: 'ZONE1' }))).body;
    expect(like?.totalCount).toBe(16); // zone1, zone10..zone19, zone100..zone104
    const exact = (
      await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ keyWord: 'abc.com', searchMode: 'EXACT' }))
    ).body;
    expect(exact?.domains?.domain?.map((d) => d.domainName)).toEqual(['abc.com']);
    expect(exact?.domains?.domain?.[0]?.recordCount).toBe(0);
  });
});

describe('DescribeDomainRecords', () => {
  test('a zone with more than 500 records comes in pages of at most 500', async () => {
    const seen = new Set<string>();
    for (const pageNumber of [1, 2, 3]) {
      const b = await records({ domainName: 'big.com', pageSize: 500, pageNumber });
      expect(b?.totalCount).toBe(1201);
      expect(b?.domainRecords?.record).toHaveLength(pageNumber < 3 ? 500 : 201);
      for (const r of b?.domainRecords?.record ?? []) seen.add(r.recordId ?? '');
    }
    expect(seen.size).toBe(1201);
    const e = await failure(
      dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'big.com', pageSize: 501 })),
    );
    expect(e.code).toBe('InvalidParameter');
  });

  test('records carry the API types: RecordId string, TTL number, Status upper case, RR lower case', async () => {
    await add('MiXeD', 'A', '192.0.2.50', { TTL: 900 });
    const raw = await rawCall(dns, 'DescribeDomainRecords', { DomainName: 'abc.com', PageSize: '500' });
    const rec = raw.DomainRecords.Record.find((r: any) => r.Value === '192.0.2.50');
    expect(rec).toMatchObject({ RR: 'mixed', Type: 'A', TTL: 900, Status: 'ENABLE', Line: 'default', Locked: false });
    expect(typeof rec.RecordId).toBe('string');
    expect(rec.RecordId).toMatch(/^\d+$/);
    expect(typeof rec.CreateTimestamp).toBe('number');
  });

  test('KeyWord (LIKE) matches RR or value fuzzily; EXACT needs the whole RR or value', async () => {
    const like = await records({ domainName: 'search.com', keyWord: 'a' });
    expect(like?.domainRecords?.record?.map((r) => r.RR).sort()).toEqual(['a', 'ab', 'b.a']);
    const exact = await records({ domainName: 'search.com', keyWord: 'a', searchMode: 'EXACT' });
    expect(exact?.domainRecords?.record?.map((r) => r.RR)).toEqual(['a']);
  });

  test('without SearchMode, RRKeyWord is fuzzy (the pitfall: "a" also finds "b.a" and "ab")', async () => {
    const b = await records({ domainName: 'search.com', RRKeyWord: 'a' });
    expect(b?.domainRecords?.record?.map((r) => r.RR).sort()).toEqual(['a', 'ab', 'b.a']);
  });

  test('COMBINATION matches every keyword exactly; ADVANCED keeps RR and value fuzzy but type exact', async () => {
    const combo = await records({ domainName: 'search.com', RRKeyWord: 'a', searchMode: 'COMBINATION' });
    expect(combo?.domainRecords?.record?.map((r) => r.RR)).toEqual(['a']);
    const adv = await records({ domainName: 'search.com', RRKeyWord: 'a', typeKeyWord: 'txt', searchMode: 'ADVANCED' });
    expect(adv?.domainRecords?.record?.map((r) => r.RR)).toEqual(['ab']);
    const value = await records({ domainName: 'search.com', valueKeyWord: 'CDN.N' });
    expect(value?.domainRecords?.record?.map((r) => r.RR)).toEqual(['www']);
  });

  test('Type, Status and Direction filter and order; LIKE ignores them', async () => {
    const disabled = await records({ domainName: 'search.com', status: 'Disable' });
    expect(disabled?.domainRecords?.record?.map((r) => [r.RR, r.status])).toEqual([['off', 'DISABLE']]);
    const cname = await records({ domainName: 'search.com', type: 'CNAME' });
    expect(cname?.domainRecords?.record?.map((r) => r.RR)).toEqual(['www']);
    const ignored = await records({ domainName: 'search.com', keyWord: 'a', type: 'CNAME' });
    expect(ignored?.totalCount).toBe(3);
    const asc = await records({ domainName: 'search.com', direction: 'ASC' });
    const desc = await records({ domainName: 'search.com' });
    expect(asc?.domainRecords?.record?.map((r) => r.recordId)).toEqual(
      desc?.domainRecords?.record?.map((r) => r.recordId).reverse(),
    );
  });

  test('a zone that is not in the account is InvalidDomainName.NoExist; a malformed one .Format', async () => {
    const e = await failure(
      dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'nope.com' })),
    );
    expect([e.code, e.statusCode]).toEqual(['InvalidDomainName.NoExist', 400]);
    const f = await failure(
      dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'no spaces' })),
    );
    expect(f.code).toBe('InvalidDomainName.Format');
    const m = await failure(dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({})));
    expect(m.code).toBe('MissingParameter');
    expect(m.data.Message).toContain('DomainName');
  });
});

describe('DescribeSubDomainRecords and DescribeDomainRecordInfo', () => {
  test('SubDomain is split against the zone, or against DomainName when given', async () => {
    const b = (
      await dns.describeSubDomainRecords(new $Alidns.DescribeSubDomainRecordsRequest({ subDomain: 'b.a.search.com' }))
    ).body;
    expect(b?.domainRecords?.record?.map((r) => [r.RR, r.value])).toEqual([['b.a', '192.0.2.2']]);
    const none = (
      await dns.describeSubDomainRecords(new $Alidns.DescribeSubDomainRecordsRequest({ subDomain: 'zz.search.com' }))
    ).body;
    expect(none?.totalCount).toBe(0);
    const typed = (
      await dns.describeSubDomainRecords(
        new $Alidns.DescribeSubDomainRecordsRequest({
          subDomain: 'www.search.com',
          domainName: 'search.com',
          type: 'A',
        }),
      )
    ).body;
    expect(typed?.totalCount).toBe(0);
  });

  test('DescribeDomainRecordInfo returns one record; an unknown id is DomainRecordNotBelongToUser', async () => {
    const id = (await add('info', 'TXT', 'some text')).body?.recordId ?? '';
    const info = (await dns.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId: id })))
      .body;
    expect(info).toMatchObject({ domainName: 'abc.com', RR: 'info', type: 'TXT', value: 'some text', TTL: 600 });
    const e = await failure(
      dns.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId: '1' })),
    );
    expect([e.code, e.statusCode]).toEqual(['DomainRecordNotBelongToUser', 400]);
  });
});

describe('writes', () => {
  test('AddDomainRecord: a duplicate is DomainRecordDuplicate; several A values may share a name', async () => {
    await add('multi', 'A', '192.0.2.10');
    await add('multi', 'A', '192.0.2.11');
    const e = await failure(add('MULTI', 'A', '192.0.2.10'));
    expect([e.code, e.statusCode]).toEqual(['DomainRecordDuplicate', 400]);
    expect(e.data.Message).toBe('The DNS record already exists.');
  });

  test('a CNAME excludes other types at the same name, both ways; a second CNAME conflicts too', async () => {
    await add('web', 'A', '192.0.2.20');
    expect((await failure(add('web', 'CNAME', 'x.example.net'))).code).toBe('DomainRecordConflict');
    await add('cdn', 'CNAME', 'x.example.net');
    expect((await failure(add('cdn', 'TXT', 'v=spf1'))).code).toBe('DomainRecordConflict');
    expect((await failure(add('cdn', 'CNAME', 'y.example.net'))).code).toBe('DomainRecordConflict');
    // Another line is another name as far as conflicts go.
    await add('cdn', 'A', '192.0.2.21', { line: 'telecom' });
  });

  test('at the apex a CNAME may sit beside MX and TXT, but not beside A', async () => {
    await add('@', 'MX', 'mx.example.net', { priority: 10 });
    await add('@', 'TXT', 'v=spf1 -all');
    await add('@', 'CNAME', 'apex.example.net');
    expect((await failure(add('@', 'A', '192.0.2.30'))).code).toBe('DomainRecordConflict');
  });

  test('TTL below 600 is invalid; a missing Value is MissingParameter; an A value must be an address', async () => {
    const ttl = await failure(add('t', 'A', '192.0.2.40', { TTL: 599 }));
    expect([ttl.code, ttl.data.Message]).toEqual(['InvalidParameter', 'Specified parameter TTL is not valid.']);
    const missing = await failure(
      dns.addDomainRecord(new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: 't', type: 'A' })),
    );
    expect(missing.code).toBe('MissingParameter');
    expect((await failure(add('t', 'A', 'not-an-ip'))).code).toBe('InvalidParameter');
    const zone = await failure(
      dns.addDomainRecord(
        new $Alidns.AddDomainRecordRequest({ domainName: 'nope.com', RR: 't', type: 'A', value: '192.0.2.1' }),
      ),
    );
    expect(zone.code).toBe('InvalidDomainName.NoExist');
  });

  test('UpdateDomainRecord: no change is DomainRecordDuplicate, a TTL change is fine, a copy of another record is not', async () => {
    const id = (await add('upd', 'CNAME', 'one.example.net')).body?.recordId ?? '';
    await add('upd2', 'CNAME', 'two.example.net');
    const update = (rr: string, value: string, ttl = 600) =>
      dns.updateDomainRecord(
        new $Alidns.UpdateDomainRecordRequest({ recordId: id, RR: rr, type: 'CNAME', value, TTL: ttl }),
      );
    expect((await failure(update('upd', 'one.example.net'))).code).toBe('DomainRecordDuplicate');
    expect((await update('upd', 'one.example.net', 1200)).body?.recordId).toBe(id);
    expect((await failure(update('upd2', 'two.example.net'))).code).toBe('DomainRecordDuplicate');
    await update('upd', 'three.example.net');
    const info = (await dns.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId: id })))
      .body;
    expect([info?.value, info?.TTL]).toEqual(['three.example.net', 600]);
    const gone = await failure(
      dns.updateDomainRecord(
        new $Alidns.UpdateDomainRecordRequest({ recordId: '999', RR: 'x', type: 'A', value: '192.0.2.1' }),
      ),
    );
    expect(gone.code).toBe('DomainRecordNotBelongToUser');
  });

  test('an update that would put an A beside a CNAME is DomainRecordConflict', async () => {
    const id = (await add('moving', 'A', '192.0.2.60')).body?.recordId ?? '';
    await add('target', 'CNAME', 'c.example.net');
    const e = await failure(
      dns.updateDomainRecord(
        new $Alidns.UpdateDomainRecordRequest({ recordId: id, RR: 'target', type: 'A', value: '192.0.2.60' }),
      ),
    );
    expect(e.code).toBe('DomainRecordConflict');
  });

  test('DeleteDomainRecord removes the record; deleting it again is DomainRecordNotBelongToUser', async () => {
    const id = (await add('del', 'A', '192.0.2.70')).body?.recordId ?? '';
    const r = await dns.deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId: id }));
    expect(r.body?.recordId).toBe(id);
    expect((await records({ domainName: 'abc.com', keyWord: 'del', searchMode: 'EXACT' }))?.totalCount).toBe(0);
    const e = await failure(dns.deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId: id })));
    expect(e.code).toBe('DomainRecordNotBelongToUser');
  });

  test('UpdateDomainRecordRemark sets and clears the remark shown in the listing', async () => {
    const id = (await add('mark', 'A', '192.0.2.80')).body?.recordId ?? '';
    await dns.updateDomainRecordRemark(
      new $Alidns.UpdateDomainRecordRemarkRequest({ recordId: id, remark: 'oss-domains:web' }),
    );
    const find = async () =>
      (await records({ domainName: 'abc.com', keyWord: 'mark', searchMode: 'EXACT' }))?.domainRecords?.record?.[0];
    expect((await find())?.remark).toBe('oss-domains:web');
    await dns.updateDomainRecordRemark(new $Alidns.UpdateDomainRecordRemarkRequest({ recordId: id }));
    expect((await find())?.remark ?? '').toBe('');
  });

  test('SetDomainRecordStatus takes Enable/Disable; the listing shows ENABLE/DISABLE', async () => {
    const id = (await add('pause', 'A', '192.0.2.90')).body?.recordId ?? '';
    const r = await dns.setDomainRecordStatus(
      new $Alidns.SetDomainRecordStatusRequest({ recordId: id, status: 'Disable' }),
    );
    expect(r.body?.status).toBe('Disable');
    const listed = await records({ domainName: 'abc.com', keyWord: 'pause', searchMode: 'EXACT' });
    expect(listed?.domainRecords?.record?.[0]?.status).toBe('DISABLE');
    const e = await failure(
      dns.setDomainRecordStatus(new $Alidns.SetDomainRecordStatusRequest({ recordId: id, status: 'Off' })),
    );
    expect(e.code).toBe('InvalidParameter');
  });

  test('every TXT write stamps the time OSS ownership checks read; other writes do not', async () => {
    const { world } = h.sb;
    const txt = (await add('_dnsauth.img', 'TXT', 'token-1')).body?.recordId ?? '';
    const first = world.recordWrittenAt.get(txt);
    expect(first).toBeTypeOf('number');
    h.advance(60_000);
    await dns.updateDomainRecord(
      new $Alidns.UpdateDomainRecordRequest({ recordId: txt, RR: '_dnsauth.img', type: 'TXT', value: 'token-2' }),
    );
    expect(world.recordWrittenAt.get(txt)).toBeGreaterThanOrEqual((first ?? 0) + 60_000);
    const a = (await add('plain', 'A', '192.0.2.99')).body?.recordId ?? '';
    expect(world.recordWrittenAt.has(a)).toBe(false);
    await dns.deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId: txt }));
    expect(world.recordWrittenAt.has(txt)).toBe(false);
  });
});
