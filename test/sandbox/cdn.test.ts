/**
 * The sandbox's CDN domains through the official SDK: adding a domain (sources, scope, tags, ICP and ownership
 * rules), configuring → online on the injected clock, listing with filters and pages, start/stop/delete, HTTPS with
 * a CAS certificate, and the tag calls.
 */
import * as $Alidns from '@alicloud/alidns20150109';
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CdnClient, failure, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

const ONLINE_MS = 120_000;
const OWNERSHIP_MS = 30_000;
const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
const sources = JSON.stringify([{ type: 'oss', content: ORIGIN, port: 443 }]);

let h: RpcSandbox;
let cdn: CdnClient;

beforeAll(async () => {
  h = await startRpcSandbox({
    timing: { cdnOnlineDelayMs: ONLINE_MS, ownershipDelayMs: OWNERSHIP_MS },
    seed: {
      zones: [{ name: 'abc.com' }, { name: 'proof.com' }],
      cdnVerifiedRoots: ['abc.com', 'beian.cn'],
      unfiled: ['beian.cn'],
      certificates: [
        { id: '12345', name: 'abc-wildcard', domains: ['abc.com', '*.abc.com'] },
        { id: '777', name: 'other', domains: ['other.org'] },
      ],
      cdn: [
        { domain: 'old.abc.com', origin: ORIGIN, status: 'online', tags: { 'oss-domains': 'web' } },
        { domain: 'stopped.abc.com', origin: ORIGIN, status: 'offline' },
        { domain: 'foreign.abc.com', origin: ORIGIN, tags: { team: 'blue' } },
      ],
    },
  });
  cdn = h.cdn();
});
afterAll(() => h.stop());

const addDomain = (domainName: string, more: Record<string, unknown> = {}) =>
  cdn.addCdnDomain(new $Cdn.AddCdnDomainRequest({ domainName, cdnType: 'web', sources, ...more }));
const detail = async (domainName: string) =>
  (await cdn.describeCdnDomainDetail(new $Cdn.DescribeCdnDomainDetailRequest({ domainName }))).body
    ?.getDomainDetailModel;
const listed = async (req: Record<string, unknown>) =>
  (await cdn.describeUserDomains(new $Cdn.DescribeUserDomainsRequest(req))).body;

describe('AddCdnDomain', () => {
  test('a new domain is configuring, then online once the delay has passed on the sandbox clock', async () => {
    await addDomain('img.abc.com', { scope: 'overseas', tag: [{ key: 'oss-domains', value: 'web' }] });
    const d = await detail('img.abc.com');
    expect(d).toMatchObject({
      domainName: 'img.abc.com',
      cname: 'img.abc.com.w.kunlunsl.com',
      domainStatus: 'configuring',
      scope: 'overseas',
      cdnType: 'web',
      serverCertificateStatus: 'off',
    });
    expect(d?.sourceModels?.sourceModel?.[0]).toMatchObject({ type: 'oss', content: ORIGIN, port: 443 });
    h.advance(ONLINE_MS - 1_000);
    expect((await detail('img.abc.com'))?.domainStatus).toBe('configuring');
    h.advance(1_000);
    expect((await detail('img.abc.com'))?.domainStatus).toBe('online');
  });

  test('adding it again is DomainAlreadyExist', async () => {
    const e = await failure(addDomain('img.abc.com'));
    expect([e.code, e.statusCode]).toEqual(['DomainAlreadyExist', 400]);
  });

  test('malformed input has its own codes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ sources: 'not json' }, 'InvalidSources.Malformed'],
      [{ sources: JSON.stringify([{ type: 'oss', content: 'example.com' }]) }, 'InvalidSources.Malformed'],
      [{ sources: JSON.stringify([{ type: 'ftp', content: 'x' }]) }, 'InvalidSourceType.Malformed'],
      [
        { sources: JSON.stringify([{ type: 'ipaddr', content: '192.0.2.1', priority: '50' }]) },
        'InvalidPriorities.Malformed',
      ],
      [{ cdnType: 'images' }, 'InvalidCdnType.Malformed'],
      [{ scope: 'mars' }, 'InvalidScope.Malformed'],
      [{ sources: undefined }, 'MissingParameter'],
    ];
    for (const [more, code] of cases) {
      expect((await failure(addDomain('bad.abc.com', more))).code, JSON.stringify(more)).toBe(code);
    }
    expect((await failure(addDomain('not a domain'))).code).toBe('InvalidDomainName.Malformed');
    expect(h.sb.world.cdn.has('bad.abc.com')).toBe(false);
  });

  test('a domain with no ICP filing is DomainNotRegistration in mainland scopes, and fine overseas', async () => {
    for (const scope of ['domestic', 'global']) {
      const e = await failure(addDomain('www.beian.cn', { scope }));
      expect([e.code, e.statusCode]).toEqual(['DomainNotRegistration', 404]);
    }
    await addDomain('www.beian.cn', { scope: 'overseas' });
  });
});

describe('ownership proof (DescribeVerifyContent → TXT verification.<root> → VerifyDomainOwner)', () => {
  test('an unproven root is DomainOwnerVerifyFail until the TXT record is visible', async () => {
    const first = await failure(addDomain('img.proof.com'));
    expect([first.code, first.statusCode]).toEqual(['DomainOwnerVerifyFail', 400]);

    const content = (
      await cdn.describeVerifyContent(new $Cdn.DescribeVerifyContentRequest({ domainName: 'img.proof.com' }))
    ).body?.content;
    expect(content).toMatch(/^verify_[0-9a-f]{32}$/);
    // The same root gives the same content, whichever subdomain asks.
    const again = await cdn.describeVerifyContent(
      new $Cdn.DescribeVerifyContentRequest({ domainName: 'cdn.proof.com' }),
    );
    expect(again.body?.content).toBe(content);

    await h.alidns().addDomainRecord(
      new $Alidns.AddDomainRecordRequest({
        domainName: 'proof.com',
        RR: 'verification',
        type: 'TXT',
        value: content,
      }),
    );
    const verify = () =>
      cdn.verifyDomainOwner(new $Cdn.VerifyDomainOwnerRequest({ domainName: 'img.proof.com', verifyType: 'dnsCheck' }));
    const early = await failure(verify());
    expect(early.code).toBe('DomainOwnerVerifyFail');
    expect(early.data.Message).toContain('verification.proof.com');

    h.advance(OWNERSHIP_MS);
    await verify();
    await addDomain('img.proof.com');
    // Once proven, other subdomains of the root need no proof.
    await addDomain('static.proof.com');
  });

  test('fileCheck cannot succeed in the sandbox, and an unknown VerifyType is VerifyError', async () => {
    const file = await failure(
      cdn.verifyDomainOwner(new $Cdn.VerifyDomainOwnerRequest({ domainName: 'x.proof.com', verifyType: 'fileCheck' })),
    );
    expect(file.code).toBe('InvalidFile');
    const bad = await failure(
      cdn.verifyDomainOwner(new $Cdn.VerifyDomainOwnerRequest({ domainName: 'x.proof.com', verifyType: 'smoke' })),
    );
    expect(bad.code).toBe('VerifyError');
  });
});

describe('DescribeUserDomains and DescribeCdnDomainDetail', () => {
  test('an unknown domain is InvalidDomain.NotFound 404', async () => {
    const e = await failure(
      cdn.describeCdnDomainDetail(new $Cdn.DescribeCdnDomainDetailRequest({ domainName: 'no.abc.com' })),
    );
    expect([e.code, e.statusCode, e.data.Message]).toEqual([
      'InvalidDomain.NotFound',
      404,
      'The domain provided does not belong to you.',
    ]);
  });

  test('filters by name (full match by default, or fuzzy/prefix/suffix), status and tag', async () => {
    expect((await listed({ domainName: 'abc.com' }))?.totalCount).toBe(0);
    const fuzzy = await listed({ domainName: 'abc.com', domainSearchType: 'suf_match' });
    expect(fuzzy?.domains?.pageData?.map((d) => d.domainName).sort()).toEqual([
      'foreign.abc.com',
      'img.abc.com',
      'old.abc.com',
      'stopped.abc.com',
    ]);
    const pre = await listed({ domainName: 'st', domainSearchType: 'pre_match' });
    expect(pre?.domains?.pageData?.map((d) => d.domainName).sort()).toEqual(['static.proof.com', 'stopped.abc.com']);
    const offline = await listed({ domainStatus: 'offline' });
    expect(offline?.domains?.pageData?.map((d) => d.domainName)).toEqual(['stopped.abc.com']);
    const owned = await listed({ tag: [{ key: 'oss-domains', value: 'web' }] });
    expect(owned?.domains?.pageData?.map((d) => d.domainName).sort()).toEqual(['img.abc.com', 'old.abc.com']);
    const anyTeam = await listed({ tag: [{ key: 'team' }] });
    expect(anyTeam?.domains?.pageData?.map((d) => d.domainName)).toEqual(['foreign.abc.com']);
  });

  test('list entries carry cname, status, coverage, HTTPS and sources as the API types them', async () => {
    const raw = await rawCall(cdn, 'DescribeUserDomains', { DomainName: 'old.abc.com' });
    expect(raw.Domains.PageData[0]).toMatchObject({
      DomainName: 'old.abc.com',
      Cname: 'old.abc.com.w.kunlunsl.com',
      DomainStatus: 'online',
      Coverage: 'domestic',
      SslProtocol: 'off',
      Sources: { Source: [{ Type: 'oss', Content: ORIGIN, Port: 80, Priority: '20', Weight: '10' }] },
    });
    expect(typeof raw.Domains.PageData[0].DomainId).toBe('number');
  });

  test('pages of at most 500; PageSize 501 is refused', async () => {
    const all = await listed({ pageSize: 3 });
    const total = all?.totalCount ?? 0;
    expect(total).toBeGreaterThan(3);
    const names = new Set<string>();
    for (let pageNumber = 1; (pageNumber - 1) * 3 < total; pageNumber++) {
      for (const d of (await listed({ pageSize: 3, pageNumber }))?.domains?.pageData ?? [])
        names.add(d.domainName ?? '');
    }
    expect(names.size).toBe(total);
    expect((await failure(listed({ pageSize: 501 }))).code).toBe('InvalidParameter');
  });
});

describe('Start, Stop, Delete', () => {
  test('Stop takes an online domain offline; Start brings it back through configuring', async () => {
    await cdn.stopCdnDomain(new $Cdn.StopCdnDomainRequest({ domainName: 'old.abc.com' }));
    expect((await detail('old.abc.com'))?.domainStatus).toBe('offline');
    await cdn.startCdnDomain(new $Cdn.StartCdnDomainRequest({ domainName: 'old.abc.com' }));
    expect((await detail('old.abc.com'))?.domainStatus).toBe('configuring');
    const busy = await failure(cdn.stopCdnDomain(new $Cdn.StopCdnDomainRequest({ domainName: 'old.abc.com' })));
    expect([busy.code, busy.statusCode]).toEqual(['ServiceBusy', 403]);
    h.advance(ONLINE_MS);
    expect((await detail('old.abc.com'))?.domainStatus).toBe('online');
  });

  test('Delete refuses a configuring domain, removes an online one, and then knows nothing of it', async () => {
    await addDomain('tmp.abc.com');
    expect(
      (await failure(cdn.deleteCdnDomain(new $Cdn.DeleteCdnDomainRequest({ domainName: 'tmp.abc.com' })))).code,
    ).toBe('ServiceBusy');
    h.advance(ONLINE_MS);
    await cdn.deleteCdnDomain(new $Cdn.DeleteCdnDomainRequest({ domainName: 'tmp.abc.com' }));
    const e = await failure(cdn.deleteCdnDomain(new $Cdn.DeleteCdnDomainRequest({ domainName: 'tmp.abc.com' })));
    expect(e.code).toBe('InvalidDomain.NotFound');
  });
});

describe('SetCdnDomainSSLCertificate', () => {
  const set = (domainName: string, more: Record<string, unknown>) =>
    cdn.setCdnDomainSSLCertificate(new $Cdn.SetCdnDomainSSLCertificateRequest({ domainName, ...more }));

  test('a CAS certificate that covers the domain turns HTTPS on; off turns it off', async () => {
    await set('img.abc.com', { SSLProtocol: 'on', certType: 'cas', certId: 12345 });
    expect((await detail('img.abc.com'))?.serverCertificateStatus).toBe('on');
    expect((await listed({ domainName: 'img.abc.com' }))?.domains?.pageData?.[0]?.sslProtocol).toBe('on');
    await set('img.abc.com', { SSLProtocol: 'off' });
    expect((await detail('img.abc.com'))?.serverCertificateStatus).toBe('off');
  });

  test('an unknown certificate, one that does not cover the domain, and bad input are refused', async () => {
    expect((await failure(set('img.abc.com', { SSLProtocol: 'on', certType: 'cas', certId: 404 }))).code).toBe(
      'Certificate.NotFind',
    );
    const miss = await failure(set('img.abc.com', { SSLProtocol: 'on', certType: 'cas', certId: 777 }));
    expect([miss.code, miss.data.Message]).toEqual([
      'Certificate.MissMatch',
      'The certificate 777 (other.org) does not cover img.abc.com.',
    ]);
    expect((await failure(set('img.abc.com', { SSLProtocol: 'maybe' }))).code).toBe(
      'InvalidSSLProtocol.ValueNotSupported',
    );
    expect((await failure(set('img.abc.com', { SSLProtocol: 'on', certType: 'upload' }))).code).toBe(
      'SSLPub.MissingParameter',
    );
    expect((await failure(set('nope.abc.com', { SSLProtocol: 'off' }))).code).toBe('InvalidDomain.NotFound');
  });

  test('an uploaded PEM pair is accepted', async () => {
    await set('img.abc.com', {
      SSLProtocol: 'on',
      certType: 'upload',
      SSLPub: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      SSLPri: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
    });
    expect(h.sb.world.cdn.get('img.abc.com')?.ssl).toMatchObject({ protocol: 'on', certType: 'upload' });
  });
});

test('an account holds at most 50 CDN domains (DomainOverLimit 403)', async () => {
  const world = h.sb.world;
  for (let i = 0; world.cdn.size < 50; i++) await addDomain(`fill${i}.abc.com`);
  const e = await failure(addDomain('one-too-many.abc.com'));
  expect([e.code, e.statusCode]).toEqual(['DomainOverLimit', 403]);
});

describe('tags', () => {
  test('TagResources, DescribeTagResources, UntagResources', async () => {
    await cdn.tagResources(
      new $Cdn.TagResourcesRequest({
        resourceType: 'DOMAIN',
        resourceId: ['foreign.abc.com'],
        tag: [{ key: 'oss-domains', value: 'web' }],
      }),
    );
    const described = await cdn.describeTagResources(
      new $Cdn.DescribeTagResourcesRequest({
        resourceType: 'DOMAIN',
        resourceId: ['foreign.abc.com', 'stopped.abc.com'],
      }),
    );
    expect(described.body?.tagResources?.map((r) => [r.resourceId, r.tag?.map((t) => `${t.key}=${t.value}`)])).toEqual([
      ['foreign.abc.com', ['team=blue', 'oss-domains=web']],
    ]);
    await cdn.untagResources(
      new $Cdn.UntagResourcesRequest({ resourceType: 'DOMAIN', resourceId: ['foreign.abc.com'], tagKey: ['team'] }),
    );
    expect([...(h.sb.world.cdn.get('foreign.abc.com')?.tags.keys() ?? [])]).toEqual(['oss-domains']);
    await cdn.untagResources(
      new $Cdn.UntagResourcesRequest({ resourceType: 'DOMAIN', resourceId: ['foreign.abc.com'], all: true }),
    );
    expect(h.sb.world.cdn.get('foreign.abc.com')?.tags.size).toBe(0);
    const unknown = await failure(
      cdn.tagResources(
        new $Cdn.TagResourcesRequest({
          resourceType: 'DOMAIN',
          resourceId: ['no.abc.com'],
          tag: [{ key: 'k', value: 'v' }],
        }),
      ),
    );
    expect(unknown.code).toBe('InvalidDomain.NotFound');
    const type = await failure(
      cdn.describeTagResources(new $Cdn.DescribeTagResourcesRequest({ resourceType: 'BUCKET', resourceId: ['x'] })),
    );
    expect(type.code).toBe('InvalidResourceType.Malformed');
  });

  test('ListTagResources by tag keys lists every tagged domain, 50 rows a page with a NextToken', async () => {
    const world = h.sb.world;
    let n = 0;
    for (const d of world.cdn.values()) {
      d.tags.set('bulk', String(n++));
      d.tags.set('bulk2', 'x');
    }
    const rows: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const r = await cdn.listTagResources(
        new $Cdn.ListTagResourcesRequest({
          resourceType: 'DOMAIN',
          tag: [{ key: 'bulk' }, { key: 'bulk2' }],
          nextToken,
        }),
      );
      pages++;
      for (const t of r.body?.tagResources?.tagResource ?? []) rows.push(`${t.resourceId}=${t.tagValue}`);
      nextToken = r.body?.nextToken || undefined;
    } while (nextToken);
    expect(world.cdn.size).toBe(50);
    expect(rows).toHaveLength(100);
    expect(new Set(rows).size).toBe(100);
    expect(pages).toBe(2);
  });
});
