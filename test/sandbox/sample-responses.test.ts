/**
 * The sandbox's answers against the sample responses of the API reference, for the APIs the tool calls: the same
 * field names, nesting and JSON types (the raw JSON, before the SDK casts it; OSS's XML as a tree of elements). A field the sandbox sends must be in the
 * documented sample; a documented field it leaves out must be named here as left out, with the reason.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cnameXml, type OssSandbox, startOssSandbox } from '../support/oss-sandbox.js';
import { type CdnClient, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

/** Differences between the shape of `actual` and of the documented `sample`: missing, extra, or other type. */
function shapeDiff(actual: unknown, sample: unknown, path = '$', leftOut: string[] = []): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(actual) !== kind(sample)) return [`${path}: ${kind(actual)}, documented ${kind(sample)}`];
  if (Array.isArray(sample)) {
    const a = actual as unknown[];
    return a.length && sample.length ? shapeDiff(a[0], sample[0], `${path}[0]`, leftOut) : [];
  }
  if (kind(sample) !== 'object') return [];
  const out: string[] = [];
  const a = actual as Record<string, unknown>;
  const s = sample as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!(k in s)) out.push(`${path}.${k}: not in the documented sample`);
  for (const k of Object.keys(s)) {
    if (!(k in a)) {
      if (!leftOut.includes(`${path}.${k}`)) out.push(`${path}.${k}: documented, not sent`);
    } else out.push(...shapeDiff(a[k], s[k], `${path}.${k}`, leftOut));
  }
  return out;
}

const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
let h: RpcSandbox;
let cdn: CdnClient;
let recordId = '';
beforeAll(async () => {
  h = await startRpcSandbox({
    seed: {
      zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10', remark: 'x' }] }],
      cdn: [{ domain: 'img.abc.com', origin: ORIGIN, tags: { 'oss-domains': 'web' } }],
      cdnVerifiedRoots: ['abc.com'],
    },
  });
  cdn = h.cdn();
  recordId = [...h.sb.world.zones.get('abc.com')!.records.keys()][0]!;
  await cdn.refreshObjectCaches(new $Cdn.RefreshObjectCachesRequest({ objectPath: 'http://img.abc.com/a.png' }));
});
afterAll(() => h.stop());

const RID = '536E9CAD-DB30-4647-AC87-AA5CC38C5382';

describe('Alibaba Cloud DNS (API reference samples)', () => {
  test('DescribeDomains', async () => {
    const body = await rawCall(h.alidns(), 'DescribeDomains', {});
    const sample = {
      RequestId: RID, TotalCount: 2, PageNumber: 1, PageSize: 20,
      Domains: { Domain: [{
        DomainId: '00efd71a-770e-4255-b54e-6fe5659baffe', DomainName: 'example.com', PunyCode: 'example.com',
        AliDomain: true, RecordCount: 3, RegistrantEmail: 'a@example.com', Remark: '', GroupId: '2223', GroupName: 'group',
        InstanceId: 'i-7bg', VersionCode: 'mianfei', VersionName: 'Alibaba Cloud DNS', InstanceEndTime: '2019-03-25T16:00Z',
        InstanceExpired: false, Starmark: false, CreateTime: '2015-12-12T09:23Z', CreateTimestamp: 1449911800000,
        ResourceGroupId: 'rg-aek', DomainLoggingSwitchStatus: 'CLOSE', SlaveDnsStatus: 'CLOSE',
        DnsServers: { DnsServer: ['dns1.hichina.com'] }, Tags: { Tag: [{ Key: 'k', Value: 'v' }] },
      }] },
    }; // biome-ignore format: a documented sample
    // Tags are sent only for a zone that has some; the sandbox's zones have none.
    expect(shapeDiff(body, sample, '$', ['$.Domains.Domain[0].Tags'])).toEqual([]);
  });

  test('DescribeDomainRecords', async () => {
    const body = await rawCall(h.alidns(), 'DescribeDomainRecords', { DomainName: 'abc.com' });
    const sample = {
      RequestId: RID, TotalCount: 2, PageNumber: 1, PageSize: 20,
      DomainRecords: { Record: [{
        DomainName: 'example.com', RecordId: '9999985', RR: 'www', Type: 'MX', Value: 'mail1.hichina.com', TTL: 600,
        Priority: 5, Line: 'default', Status: 'ENABLE', Locked: false, Weight: 2, Remark: 'remark',
        CreateTimestamp: 1666501957000, UpdateTimestamp: 1676872961000, LbaStatus: false,
      }] },
    }; // biome-ignore format: a documented sample
    // Priority is sent for MX records only.
    expect(shapeDiff(body, sample, '$', ['$.DomainRecords.Record[0].Priority'])).toEqual([]);
  });

  test('AddDomainRecord, UpdateDomainRecord, DeleteDomainRecord, SetDomainRecordStatus, UpdateDomainRecordRemark', async () => {
    const dns = h.alidns();
    const added = await rawCall(dns, 'AddDomainRecord', {
      DomainName: 'abc.com',
      RR: 'new',
      Type: 'A',
      Value: '192.0.2.1',
    });
    expect(shapeDiff(added, { RequestId: RID, RecordId: '9999985' })).toEqual([]);
    const updated = await rawCall(dns, 'UpdateDomainRecord', {
      RecordId: added.RecordId,
      RR: 'new',
      Type: 'A',
      Value: '192.0.2.2',
    });
    expect(shapeDiff(updated, { RequestId: RID, RecordId: '9999985' })).toEqual([]);
    const status = await rawCall(dns, 'SetDomainRecordStatus', { RecordId: added.RecordId, Status: 'Disable' });
    expect(shapeDiff(status, { RequestId: RID, RecordId: '9999985', Status: 'Disable' })).toEqual([]);
    const remark = await rawCall(dns, 'UpdateDomainRecordRemark', { RecordId: recordId, Remark: 'r' });
    expect(shapeDiff(remark, { RequestId: RID })).toEqual([]);
    const deleted = await rawCall(dns, 'DeleteDomainRecord', { RecordId: added.RecordId });
    expect(shapeDiff(deleted, { RequestId: RID, RecordId: '9999985' })).toEqual([]);
  });
});

describe('Alibaba Cloud CDN (API reference samples)', () => {
  test('DescribeCdnDomainDetail', async () => {
    const body = await rawCall(cdn, 'DescribeCdnDomainDetail', { DomainName: 'img.abc.com' });
    const sample = {
      RequestId: RID,
      GetDomainDetailModel: {
        DomainName: 'example.com', Cname: 'example.com.w.kunlunsl.com', HttpsCname: '', CdnType: 'web', Scope: 'domestic',
        DomainStatus: 'online', ServerCertificateStatus: 'on', Description: '', ResourceGroupId: 'rg-acfmyuji4b6r4ry',
        GmtCreated: '2015-06-25T03:30:50Z', GmtModified: '2017-06-25T03:30:50Z',
        SourceModels: { SourceModel: [{ Content: ORIGIN, Type: 'oss', Port: 443, Priority: '20', Weight: '10', Enabled: 'online' }] },
      },
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(body, sample)).toEqual([]);
  });

  test('DescribeUserDomains', async () => {
    const body = await rawCall(cdn, 'DescribeUserDomains', {});
    const sample = {
      RequestId: RID, PageNumber: 1, PageSize: 20, TotalCount: 2,
      Domains: { PageData: [{
        DomainName: 'example.com', DomainId: 11223344, Cname: 'example.com.w.kunlunsl.com', CdnType: 'web',
        DomainStatus: 'online', Coverage: 'domestic', SslProtocol: 'on', Sandbox: 'normal', Description: '',
        ResourceGroupId: 'rg', GmtCreated: '2015-10-28T09:32:51Z', GmtModified: '2015-10-28T11:05:52Z',
        Sources: { Source: [{ Type: 'oss', Content: ORIGIN, Port: 443, Priority: '20', Weight: '10' }] },
      }] },
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(body, sample)).toEqual([]);
  });

  test('RefreshObjectCaches, DescribeRefreshTasks, DescribeRefreshQuota', async () => {
    const refreshed = await rawCall(cdn, 'RefreshObjectCaches', { ObjectPath: 'http://img.abc.com/b.png' });
    expect(shapeDiff(refreshed, { RequestId: RID, RefreshTaskId: '704222904' })).toEqual([]);
    const tasks = await rawCall(cdn, 'DescribeRefreshTasks', {});
    const sample = {
      RequestId: RID, PageNumber: 1, PageSize: 20, TotalCount: 2,
      Tasks: { CDNTask: [{ TaskId: '704225667', ObjectPath: 'http://example.com/1.txt', ObjectType: 'file', Status: 'Complete', Process: '100%', CreationTime: '2014-11-27T08:23:22Z', Description: '' }] },
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(tasks, sample)).toEqual([]);
    const quota = await rawCall(cdn, 'DescribeRefreshQuota', {});
    const q = {
      RequestId: RID, UrlQuota: '10000', UrlRemain: '9996', DirQuota: '100', DirRemain: '99', RegexQuota: '20',
      RegexRemain: '20', IgnoreParamsQuota: '100', IgnoreParamsRemain: '100', PreloadQuota: '1000',
      PreloadRemain: '1000', PreloadEdgeQuota: '20', PreloadEdgeRemain: '20', BlockQuota: '100', BlockRemain: '100',
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(quota, q)).toEqual([]);
  });

  test('DescribeVerifyContent, AddCdnDomain, Start/Stop/DeleteCdnDomain, SetCdnDomainSSLCertificate', async () => {
    const content = await rawCall(cdn, 'DescribeVerifyContent', { DomainName: 'new.abc.com' });
    expect(shapeDiff(content, { RequestId: RID, Content: 'verify_dffeb6610035dcb77b413a59c32cd91f' })).toEqual([]);
    const sources = JSON.stringify([{ type: 'oss', content: ORIGIN, port: 443 }]);
    expect(
      shapeDiff(await rawCall(cdn, 'AddCdnDomain', { DomainName: 'new.abc.com', CdnType: 'web', Sources: sources }), {
        RequestId: RID,
      }),
    ).toEqual([]);
    h.advance(5_000);
    for (const action of ['StopCdnDomain', 'StartCdnDomain']) {
      expect(shapeDiff(await rawCall(cdn, action, { DomainName: 'img.abc.com' }), { RequestId: RID })).toEqual([]);
    }
    const off = await rawCall(cdn, 'SetCdnDomainSSLCertificate', { DomainName: 'new.abc.com', SSLProtocol: 'off' });
    expect(shapeDiff(off, { RequestId: RID })).toEqual([]);
    expect(shapeDiff(await rawCall(cdn, 'DeleteCdnDomain', { DomainName: 'new.abc.com' }), { RequestId: RID })).toEqual(
      [],
    );
  });

  test('ListTagResources, DescribeTagResources', async () => {
    const listed = await rawCall(cdn, 'ListTagResources', { ResourceType: 'DOMAIN', 'ResourceId.1': 'img.abc.com' });
    const sample = {
      RequestId: RID, NextToken: '',
      TagResources: { TagResource: [{ ResourceType: 'DOMAIN', ResourceId: 'example.com', TagKey: 'key1', TagValue: 'value1' }] },
    }; // biome-ignore format: a documented sample
    // NextToken is sent only when there is a next page.
    expect(shapeDiff(listed, sample, '$', ['$.NextToken'])).toEqual([]);
    const described = await rawCall(cdn, 'DescribeTagResources', {
      ResourceType: 'DOMAIN',
      'ResourceId.1': 'img.abc.com',
    });
    const sample2 = {
      RequestId: RID,
      TagResources: [{ ResourceId: 'example.com', Tag: [{ Key: 'key1', Value: 'value1' }] }],
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(described, sample2)).toEqual([]);
  });
});

/**
 * An XML document as nested objects: an element with children is an object of its children (a repeated child becomes
 * an array), a leaf is its text. Enough for OSS's answers, which carry no attributes or mixed content.
 */
function xmlTree(xml: string): unknown {
  const stack: { name: string; children: Record<string, unknown>; text: string }[] = [
    { name: '', children: {}, text: '' },
  ];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([\w-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const top = stack.at(-1)!;
    if (m[4] !== undefined) top.text += m[4].trim();
    else if (m[1]) {
      const done = stack.pop()!;
      const value = Object.keys(done.children).length ? done.children : done.text;
      const parent = stack.at(-1)!.children;
      parent[done.name] = done.name in parent ? [parent[done.name], value].flat() : value;
    } else if (m[3]) top.children[m[2]!] = '';
    else stack.push({ name: m[2]!, children: {}, text: '' });
  }
  return stack[0]!.children;
}

describe('OSS (API reference samples)', () => {
  let o: OssSandbox;
  beforeAll(async () => {
    o = await startOssSandbox({
      seed: {
        buckets: [{ name: 'abc-img', region: 'cn-hangzhou', cnames: [{ domain: 'img.abc.com', cert: '12345' }] }],
        certificates: [{ id: '12345', domains: ['*.abc.com'] }],
      },
    });
  });
  afterAll(() => o.stop());
  const raw = async (p: Record<string, unknown>) =>
    xmlTree((await o.client().request({ bucket: 'abc-img', successStatuses: [200], ...p })).res.data.toString());

  test('CreateCnameToken and GetCnameToken: <CnameToken>', async () => {
    const sample = {
      CnameToken: { Bucket: 'examplebucket', Cname: 'static.example.com', Token: 'be1d49d863dea9ffeff3df7d6455abcd', ExpireTime: 'Wed, 23 Feb 2022 21:16:37 GMT' },
    }; // biome-ignore format: a documented sample
    const created = await raw({
      method: 'POST',
      subres: { cname: '', comp: 'token' },
      mime: 'xml',
      content: cnameXml('new.abc.com'),
    });
    expect(shapeDiff(created, sample)).toEqual([]);
    const got = await raw({ method: 'GET', subres: { comp: 'token', cname: 'new.abc.com' } });
    expect(shapeDiff(got, sample)).toEqual([]);
  });

  test('ListCname: <ListCnameResult> with a bound certificate', async () => {
    const sample = {
      ListCnameResult: {
        Bucket: 'examplebucket', Owner: '148562088256',
        Cname: {
          Domain: 'example.com', LastModified: '2021-09-15T02:35:07.000Z', Status: 'Enabled', IsPurgeCdnCache: 'true',
          Certificate: {
            Type: 'CAS', CertId: '493-cn-hangzhou', Status: 'Enabled', CreationDate: 'Wed, 15 Sep 2021 02:35:06 GMT',
            Fingerprint: 'DE:01', ValidStartDate: 'Wed, 12 Apr 2023 10:14:51 GMT', ValidEndDate: 'Mon, 4 May 2048 10:14:51 GMT',
          },
        },
      },
    }; // biome-ignore format: a documented sample
    expect(shapeDiff(await raw({ method: 'GET', subres: 'cname' }), sample)).toEqual([]);
  });

  test('GetBucketLocation: <LocationConstraint>', async () => {
    const body = await raw({ method: 'GET', subres: 'location' });
    expect(body).toEqual({ LocationConstraint: 'oss-cn-hangzhou' });
  });
});

test('the comparison itself notices a missing field, an extra one and a wrong type', () => {
  expect(shapeDiff({ a: 1, b: 'x' }, { a: '1', c: true })).toEqual([
    '$.b: not in the documented sample',
    '$.a: number, documented string',
    '$.c: documented, not sent',
  ]);
});
