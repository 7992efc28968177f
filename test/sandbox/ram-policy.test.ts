/**
 * Issue 11 finding 7: a RAM policy enforced on every signed call. Deny wins, then an Allow must match the action
 * (wildcards, any case) and the resource ARN (bucket, object, zone, CDN domain, or the account for what RAM cannot
 * scope) and its conditions; each service refuses as it does: OSS 403 AccessDenied with AccessDeniedDetail and EC
 * 0003-00000201/0003-00000202, Alidns Forbidden.RAM 400, CDN Forbidden.RAM 403. Through the official SDKs, and by hand
 * where the XML matters.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Alidns from '@alicloud/alidns20150109';
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OPERATIONS, PolicyError, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { alidns as alidnsProduct, cdn as cdnProduct } from '../../src/sandbox/rpc/index.js';
import { cnameCall, cnameXml, type OssSandbox, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';
import { failure, rpcClients } from '../support/rpc-sandbox.js';
import { ossV1 } from './signing.js';

type Doc = { Version: '1'; Statement: Record<string, unknown>[] };
const allow = (Action: string | string[], Resource: string | string[], more: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...more,
});
const deny = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Deny', Action, Resource });
const policy = (...Statement: Record<string, unknown>[]): Doc => ({ Version: '1', Statement });

let o: OssSandbox;
let sb: Sandbox;
beforeAll(async () => {
  o = await startOssSandbox({
    seed: {
      zones: [{ name: 'abc.com', records: [{ rr: 'old', type: 'A', value: '192.0.2.1' }] }, { name: 'other.com' }],
      buckets: [
        {
          name: 'abc-img',
          region: 'cn-hangzhou',
          acl: 'public-read',
          objects: [{ key: 'logo.png', text: 'png' }],
          cnames: [{ domain: 'img.abc.com' }],
        },
        { name: 'abc-ops', region: 'cn-hangzhou' },
      ],
      cdn: [
        { domain: 'cdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
        { domain: 'cdn.other.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
      ],
    },
  });
  sb = o.sb;
});
afterAll(() => o.stop());

const use = (doc: Doc | undefined) => sb.control.setPolicy(doc);
const dns = () => rpcClients(sb).alidns();
const cdn = () => rpcClients(sb).cdn();

/** A V1-signed GET, to read the whole XML of an OSS error. */
function signedGet(bucket: string, subresource: string) {
  const date = new Date().toUTCString();
  const signature = ossV1(`GET\n\n\n${date}\n/${bucket}/?${subresource}`, sb.credentials.accessKeySecret);
  return rawRequest(sb.url, {
    path: `/${bucket}/?${subresource}`,
    headers: { date, authorization: `OSS ${sb.credentials.accessKeyId}:${signature}` },
  });
}

describe('OSS', () => {
  test('an Allow on the bucket admits its CNAME calls; another bucket is 403 AccessDenied, EC 0003-00000202 (no Allow)', async () => {
    use(policy(allow(['oss:ListCname', 'oss:CreateCnameToken'], 'acs:oss:*:*:abc-img')));
    expect(
      (await o.client().request({ method: 'GET', bucket: 'abc-img', subres: 'cname', successStatuses: [200] })).status,
    ).toBe(200);
    const e = await failure(
      o.client().request({ method: 'GET', bucket: 'abc-ops', subres: 'cname', successStatuses: [200] }),
    );
    expect([e.code, e.status, e.ecCode]).toEqual(['AccessDenied', 403, '0003-00000202']);

    const r = await signedGet('abc-ops', 'cname');
    const xml = r.body.toString();
    expect(r.status).toBe(403);
    expect(xml).toMatch(
      /<HostId>[^<]+<\/HostId>\s*<AccessDeniedDetail>\s*<PolicyType>AccountLevelIdentityBasedPolicy<\/PolicyType>\s*<AuthPrincipalOwnerId>\d+<\/AuthPrincipalOwnerId>\s*<AuthPrincipalType>SubUser<\/AuthPrincipalType>\s*<AuthPrincipalDisplayName>[^<]+<\/AuthPrincipalDisplayName>\s*<NoPermissionType>ImplicitDeny<\/NoPermissionType>\s*<AuthAction>oss:ListCname<\/AuthAction>\s*<EncodedDiagnosticMessage>[^<]+<\/EncodedDiagnosticMessage>\s*<\/AccessDeniedDetail>/,
    );
    expect(xml).toContain('<Bucket>abc-ops</Bucket>');
    const diagnosis = JSON.parse(Buffer.from(/<EncodedDiagnosticMessage>([^<]+)</.exec(xml)![1]!, 'base64').toString());
    expect(diagnosis).toMatchObject({
      AuthAction: 'oss:ListCname',
      Resource: 'acs:oss:cn-hangzhou:1234567890123456:abc-ops',
    });
    // Nothing ran: the refused write left no token behind.
    await failure(cnameCall(o.client({ bucket: 'abc-ops' }), 'abc-ops', 'token', cnameXml('x.abc.com')));
    expect(sb.world.buckets.get('abc-ops')!.tokens.size).toBe(0);
  });

  test('an explicit Deny wins over an Allow: EC 0003-00000201, "Access denied by bucket policy."', async () => {
    use(policy(allow('oss:*', '*'), deny('oss:DeleteCname', 'acs:oss:*:*:abc-img')));
    const e = await failure(cnameCall(o.client(), 'abc-img', 'delete', cnameXml('img.abc.com')));
    expect([e.code, e.status, e.ecCode, e.message]).toEqual([
      'AccessDenied',
      403,
      '0003-00000201',
      'Access denied by bucket policy.',
    ]);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    expect((await signedGet('abc-img', 'cname')).status).toBe(200);
  });

  test('object ARNs (bucket/key patterns); actions match in any case and with wildcards', async () => {
    use(policy(allow('OSS:Put*', 'acs:oss:*:*:abc-ops/locks/*'), allow('oss:getobject', 'acs:oss:*:*:abc-ops/*')));
    const c = o.client({ bucket: 'abc-ops' });
    await c.put('locks/apply.json', Buffer.from('{}'));
    expect((await c.get('locks/apply.json')).res.status).toBe(200);
    expect((await c.head('locks/apply.json')).res.status).toBe(200); // HeadObject is oss:GetObject
    expect((await failure(c.put('audit/1.json', Buffer.from('{}')))).ecCode).toBe('0003-00000202');
    expect((await failure(c.delete('locks/apply.json'))).code).toBe('AccessDenied');
  });

  test('DeleteMultipleObjects needs oss:DeleteObject on every object it names', async () => {
    const c = o.client({ bucket: 'abc-ops' });
    use(undefined);
    await c.put('site/a.js', Buffer.from('a'));
    await c.put('keep/b.js', Buffer.from('b'));
    use(policy(allow('oss:DeleteObject', 'acs:oss:*:*:abc-ops/site/*')));
    const e = await failure((c as any).deleteMulti(['site/a.js', 'keep/b.js'], { quiet: true }));
    expect(e.code).toBe('AccessDenied');
    expect(sb.world.buckets.get('abc-ops')!.objects.has('site/a.js')).toBe(true);
    await (c as any).deleteMulti(['site/a.js'], { quiet: true });
    expect(sb.world.buckets.get('abc-ops')!.objects.has('site/a.js')).toBe(false);
  });

  test('conditions: StringLike oss:Prefix on ListObjects (an absent prefix is ""), IpAddress acs:SourceIp', async () => {
    use(
      policy(
        allow('oss:ListObjects', 'acs:oss:*:*:abc-ops', {
          Condition: { StringLike: { 'oss:Prefix': ['audit/*', 'locks/*'] } },
        }),
      ),
    );
    const c = o.client({ bucket: 'abc-ops' });
    expect((await c.listV2({ prefix: 'audit/' })).res.status).toBe(200);
    expect((await failure(c.listV2({ prefix: 'site/' }))).code).toBe('AccessDenied');
    expect((await failure(c.listV2({}))).code).toBe('AccessDenied');
    use(
      policy(
        allow('oss:ListObjects', 'acs:oss:*:*:abc-ops', {
          Condition: { IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } },
        }),
      ),
    );
    expect((await c.listV2({})).res.status).toBe(200);
    use(
      policy(
        allow('oss:ListObjects', 'acs:oss:*:*:abc-ops', {
          Condition: { NotIpAddress: { 'acs:SourceIp': ['127.0.0.1'] } },
        }),
      ),
    );
    expect((await failure(c.listV2({}))).code).toBe('AccessDenied');
  });

  test('anonymous reads through a custom domain are not RAM calls: the policy does not apply to them', async () => {
    use(policy(deny('*', '*')));
    const r = await rawRequest(sb.url, { path: '/logo.png', headers: { host: 'img.abc.com' } });
    expect(r.status).toBe(200);
  });

  test('ListBuckets needs the account (acs:oss:*:*:*), not a bucket', async () => {
    use(policy(allow('oss:ListBuckets', 'acs:oss:*:*:abc-img')));
    const e = await failure(
      o.client().request({ method: 'GET', bucket: '', subres: '', successStatuses: [200] }) as Promise<unknown>,
    );
    expect(e.status).toBe(403);
    use(policy(allow('oss:ListBuckets', 'acs:oss:*:*:*')));
  });
});

describe('Alidns: Forbidden.RAM with HTTP 400', () => {
  test('record calls are authorised on their zone; by RecordId, the record zone', async () => {
    use(
      policy(
        allow(
          ['alidns:AddDomainRecord', 'alidns:DeleteDomainRecord', 'alidns:DescribeDomainRecords'],
          'acs:alidns:*:*:domain/abc.com',
        ),
      ),
    );
    const add = (zone: string) =>
      dns().addDomainRecord(
        new $Alidns.AddDomainRecordRequest({ domainName: zone, RR: 'r', type: 'A', value: '192.0.2.2' }),
      );
    const id = (await add('abc.com')).body?.recordId;
    const e = await failure(add('other.com'));
    expect([e.name, e.code, e.statusCode]).toEqual(['ClientError', 'Forbidden.RAM', 400]);
    expect(e.data.Message).toBe(
      "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    );
    expect(e.data.AccessDeniedDetail).toMatchObject({
      AuthPrincipalOwnerId: '1234567890123456',
      AuthPrincipalType: 'SubUser',
      NoPermissionType: 'ImplicitDeny',
      AuthAction: 'alidns:AddDomainRecord',
    });
    expect(Object.keys(e.data.AccessDeniedDetail)).toEqual(
      expect.arrayContaining(['AuthPrincipalDisplayName', 'EncodedDiagnosticMessage']),
    );
    expect(sb.world.zones.get('other.com')!.records.size).toBe(0);
    await dns().deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId: id }));
  });

  test('DescribeDomains is account-wide: domain/* does not grant it, * does', async () => {
    use(policy(allow('alidns:*', 'acs:alidns:*:*:domain/*')));
    expect((await failure(dns().describeDomains(new $Alidns.DescribeDomainsRequest({})))).code).toBe('Forbidden.RAM');
    use(policy(allow('alidns:DescribeDomains', '*')));
    expect((await dns().describeDomains(new $Alidns.DescribeDomainsRequest({}))).statusCode).toBe(200);
  });

  test('NotAction and NotResource; an ARN with an empty region and account matches any', async () => {
    use(policy({ Effect: 'Allow', NotAction: 'alidns:Delete*', Resource: 'acs:alidns:::domain/abc.com' }));
    const list = new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com' });
    expect((await dns().describeDomainRecords(list)).statusCode).toBe(200);
    const old = [...sb.world.zones.get('abc.com')!.records.values()].find((r) => r.rr === 'old')!;
    expect(
      (await failure(dns().deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId: old.recordId })))).code,
    ).toBe('Forbidden.RAM');
    use(
      policy({ Effect: 'Allow', Action: 'alidns:DescribeDomainRecords', NotResource: 'acs:alidns:*:*:domain/abc.com' }),
    );
    expect((await failure(dns().describeDomainRecords(list))).code).toBe('Forbidden.RAM');
  });
});

describe('CDN: Forbidden.RAM with HTTP 403', () => {
  test('domain calls are authorised on the domain, tag calls on every ResourceId', async () => {
    use(policy(allow(['cdn:DescribeCdnDomainDetail', 'cdn:TagResources'], 'acs:cdn:*:*:domain/*.abc.com')));
    const detail = (d: string) =>
      cdn().describeCdnDomainDetail(new $Cdn.DescribeCdnDomainDetailRequest({ domainName: d }));
    expect((await detail('cdn.abc.com')).statusCode).toBe(200);
    const e = await failure(detail('cdn.other.com'));
    expect([e.name, e.code, e.statusCode]).toEqual(['ClientError', 'Forbidden.RAM', 403]);
    expect(e.data.AccessDeniedDetail.AuthAction).toBe('cdn:DescribeCdnDomainDetail');
    const tag = (ids: string[]) =>
      cdn().tagResources(
        new $Cdn.TagResourcesRequest({ resourceType: 'DOMAIN', resourceId: ids, tag: [{ key: 'k', value: 'v' }] }),
      );
    expect((await failure(tag(['cdn.abc.com', 'cdn.other.com']))).code).toBe('Forbidden.RAM');
    expect(sb.world.cdn.get('cdn.abc.com')!.tags.has('k')).toBe(false);
    await tag(['cdn.abc.com']);
  });
});

describe('the policy itself', () => {
  test('no policy: the account key may do anything; the call log names the statements that admitted a call', async () => {
    use(undefined);
    expect((await dns().describeDomains(new $Alidns.DescribeDomainsRequest({}))).statusCode).toBe(200);
    use(policy(allow('alidns:DescribeDomains', 'acs:alidns:*:*:domain/*'), allow('alidns:Describe*', '*')));
    sb.control.clearCalls();
    await dns().describeDomains(new $Alidns.DescribeDomainsRequest({}));
    expect(sb.control.calls()[0]!.allowedBy).toEqual([1]);
  });

  test('every operation the RPC products answer has its RAM row in operations.ts', () => {
    const missing = [...Object.keys(alidnsProduct.handlers), ...Object.keys(cdnProduct.handlers)].filter(
      (a) => !OPERATIONS[a],
    );
    expect(missing).toEqual([]);
  });

  test('a bad policy file is refused at start, each problem located file:line:col', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(
      file,
      '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow", "Action": "oss:PutCname", "Resorce": "*" },\n    { "Effect": "allow", "Action": "oss:*", "Resource": "*", "Condition": { "StringMatches": { "oss:Prefix": "a" } } }\n  ]\n}\n',
    );
    const e = await failure(startSandbox({ dnsPort: false, policy: file }));
    expect(e).toBeInstanceOf(PolicyError);
    expect(e.issues).toEqual([
      expect.stringContaining(`${file}:4:52: Statement.0.Resorce: unknown key`),
      `${file}:4:5: Statement.0: needs exactly one of Resource and NotResource`,
      `${file}:5:17: Statement.1.Effect: must be "Allow" or "Deny"`,
      expect.stringContaining(`${file}:5:77: Statement.1.Condition.StringMatches: unsupported operator`),
    ]);
    const notJson = join(mkdtempSync(join(tmpdir(), 'policy-')), 'p.json');
    writeFileSync(notJson, '{ "Version": "1", ');
    expect((await failure(startSandbox({ dnsPort: false, policy: notJson }))).issues[0]).toMatch(
      /p\.json:1:\d+: not a policy document/,
    );
  });

  test('over HTTP: PUT /__sandbox/policy sets one, DELETE lifts it', async () => {
    const put = await fetch(`${sb.url}/__sandbox/policy`, {
      method: 'PUT',
      body: JSON.stringify(policy(deny('*', '*'))),
    });
    expect(put.status).toBe(200);
    expect((await failure(dns().describeDomains(new $Alidns.DescribeDomainsRequest({})))).code).toBe('Forbidden.RAM');
    const bad = await fetch(`${sb.url}/__sandbox/policy`, { method: 'PUT', body: '{"Version": 1}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: string[] }).issues[0]).toContain('request body:1:13: Version: must be "1"');
    await fetch(`${sb.url}/__sandbox/policy`, { method: 'DELETE' });
    expect((await dns().describeDomains(new $Alidns.DescribeDomainsRequest({}))).statusCode).toBe(200);
  });
});
