/**
 * Issue 11 finding 4: the two CDN certificate reads, DescribeDomainCertificateInfo and DescribeCdnHttpsDomainList,
 * wired to what SetCdnDomainSSLCertificate set, with the API reference's fields, nesting and types — and its two
 * time formats (ISO 8601 in the first, `yyyy-MM-dd HH:mm:ss` in the second). Checked on the raw JSON and through
 * the SDK's models.
 */
import { readFileSync } from 'node:fs';
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CdnClient, failure, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
const DAY = 86_400_000;
const PEM = readFileSync(new URL('../fixtures/certs/wildcard-abc-com.pem', import.meta.url), 'utf8');
const KEY = readFileSync(new URL('../fixtures/certs/wildcard-abc-com.key', import.meta.url), 'utf8');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const PLAIN = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

let h: RpcSandbox;
let cdn: CdnClient;
beforeAll(async () => {
  h = await startRpcSandbox({
    seed: {
      zones: [{ name: 'abc.com', records: [{ rr: 'img', type: 'CNAME', value: 'img.abc.com.w.kunlunsl.com' }] }],
      certificates: [
        {
          id: '12345',
          name: 'abc-wildcard',
          domains: ['*.abc.com', 'abc.com'],
          notBefore: '2026-01-01',
          notAfter: '2126-01-01',
        },
        { id: '9', name: 'soon', domains: ['*.abc.com'], validDays: 10 },
      ],
      cdn: [
        { domain: 'img.abc.com', origin: ORIGIN },
        { domain: 'up.abc.com', origin: ORIGIN },
        { domain: 'soon.abc.com', origin: ORIGIN },
        { domain: 'plain.abc.com', origin: ORIGIN },
      ],
    },
  });
  cdn = h.cdn();
  const set = (domainName: string, more: Record<string, unknown>) =>
    cdn.setCdnDomainSSLCertificate(
      new $Cdn.SetCdnDomainSSLCertificateRequest({ domainName, SSLProtocol: 'on', ...more }),
    );
  await set('img.abc.com', { certType: 'cas', certId: 12345, certRegion: 'cn-hangzhou' });
  await set('up.abc.com', { certType: 'upload', certName: 'uploaded', SSLPub: PEM, SSLPri: KEY });
  await set('soon.abc.com', { certType: 'cas', certId: 9 });
});
afterAll(() => h.stop());

const info = (domainName: string) => rawCall(cdn, 'DescribeDomainCertificateInfo', { DomainName: domainName });

describe('DescribeDomainCertificateInfo', () => {
  test('a CAS certificate: every documented field, as strings, times in ISO 8601', async () => {
    const body = await info('img.abc.com');
    expect(Object.keys(body).sort()).toEqual(['CertInfos', 'RequestId']);
    const [c] = body.CertInfos.CertInfo;
    expect(body.CertInfos.CertInfo).toHaveLength(1);
    expect(Object.keys(c).sort()).toEqual(
      [
        'CertDomainName', 'CertExpireTime', 'CertId', 'CertLife', 'CertName', 'CertOrg', 'CertRegion', 'CertStartTime',
        'CertType', 'CertUpdateTime', 'DomainCnameStatus', 'DomainName', 'ServerCertificate',
        'ServerCertificateStatus', 'Status',
      ],
    ); // biome-ignore format: a word list
    expect(Object.values(c).every((v) => typeof v === 'string')).toBe(true);
    expect(c).toMatchObject({
      DomainName: 'img.abc.com',
      CertId: '12345',
      CertName: 'abc-wildcard',
      CertType: 'cas',
      CertRegion: 'cn-hangzhou',
      CertDomainName: '*.abc.com',
      CertStartTime: '2026-01-01T00:00:00Z',
      CertExpireTime: '2126-01-01T00:00:00Z',
      ServerCertificateStatus: 'on',
      Status: 'success',
      DomainCnameStatus: 'ok', // its CNAME in Alidns points at the CDN
      CertLife: 'years',
    });
    expect(c.CertUpdateTime).toMatch(ISO);
    expect(c).not.toHaveProperty('CertStatus'); // that field is DescribeCdnHttpsDomainList's only
  });

  test('an uploaded certificate: what the PEM says, and the PEM itself', async () => {
    const [c] = (await info('up.abc.com')).CertInfos.CertInfo;
    expect(c).toMatchObject({
      CertType: 'upload',
      CertName: 'uploaded',
      CertDomainName: '*.abc.com',
      CertOrg: 'Sandbox Test CA',
      CertStartTime: '2026-12-05T13:58:08Z',
      CertExpireTime: '2126-11-11T13:58:08Z',
      ServerCertificate: PEM,
      DomainCnameStatus: 'cname_error', // no CNAME to the CDN in Alidns
    });
    expect(c.CertId).toMatch(/^\d+$/);
  });

  test('HTTPS off: ServerCertificateStatus off and no certificate; through the SDK model too', async () => {
    const r = await cdn.describeDomainCertificateInfo(
      new $Cdn.DescribeDomainCertificateInfoRequest({ domainName: 'plain.abc.com' }),
    );
    expect(r.body?.certInfos?.certInfo?.[0]).toMatchObject({
      serverCertificateStatus: 'off',
      certId: '',
      certName: '',
    });
    const cas = await cdn.describeDomainCertificateInfo(
      new $Cdn.DescribeDomainCertificateInfoRequest({ domainName: 'img.abc.com' }),
    );
    expect(cas.body?.certInfos?.certInfo?.[0]?.certId).toBe('12345');
  });

  test('an unknown domain is InvalidDomain.NotFound 404; turning HTTPS off shows at once', async () => {
    const e = await failure(
      cdn.describeDomainCertificateInfo(new $Cdn.DescribeDomainCertificateInfoRequest({ domainName: 'nope.abc.com' })),
    );
    expect([e.code, e.statusCode]).toEqual(['InvalidDomain.NotFound', 404]);
    await cdn.setCdnDomainSSLCertificate(
      new $Cdn.SetCdnDomainSSLCertificateRequest({ domainName: 'soon.abc.com', SSLProtocol: 'off' }),
    );
    expect((await info('soon.abc.com')).CertInfos.CertInfo[0].ServerCertificateStatus).toBe('off');
    await cdn.setCdnDomainSSLCertificate(
      new $Cdn.SetCdnDomainSSLCertificateRequest({
        domainName: 'soon.abc.com',
        SSLProtocol: 'on',
        certType: 'cas',
        certId: 9,
      }),
    );
  });
});

describe('DescribeCdnHttpsDomainList', () => {
  test('every HTTPS domain of the account, with CertStatus, and times as yyyy-MM-dd HH:mm:ss', async () => {
    const body = await rawCall(cdn, 'DescribeCdnHttpsDomainList', {});
    expect(Object.keys(body).sort()).toEqual(['CertInfos', 'RequestId', 'TotalCount']);
    expect(body.TotalCount).toBe(3);
    const rows = body.CertInfos.CertInfo as Record<string, string>[];
    expect(rows.map((r) => r.DomainName).sort()).toEqual(['img.abc.com', 'soon.abc.com', 'up.abc.com']);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual([
        'CertCommonName', 'CertExpireTime', 'CertName', 'CertStartTime', 'CertStatus', 'CertType', 'CertUpdateTime',
        'DomainName',
      ]); // biome-ignore format: a word list
      for (const t of ['CertStartTime', 'CertExpireTime', 'CertUpdateTime']) expect(r[t]).toMatch(PLAIN);
    }
    const by = Object.fromEntries(rows.map((r) => [r.DomainName, r]));
    expect(by['img.abc.com']).toMatchObject({
      CertStatus: 'ok',
      CertType: 'cas',
      CertCommonName: '*.abc.com',
      CertStartTime: '2026-01-01 00:00:00',
    });
    expect(by['soon.abc.com']!.CertStatus).toBe('expire_soon');
    expect(by['up.abc.com']).toMatchObject({
      CertType: 'upload',
      CertName: 'uploaded',
      CertExpireTime: '2126-11-11 13:58:08',
    });
  });

  test('expired certificates say so; Keyword filters; pages; the SDK model reads it', async () => {
    h.sb.world.certificates.get('9')!.notAfter = Date.now() - DAY;
    const expired = (await rawCall(cdn, 'DescribeCdnHttpsDomainList', { Keyword: 'soon' })).CertInfos.CertInfo;
    expect(expired.map((r: Record<string, string>) => [r.DomainName, r.CertStatus])).toEqual([
      ['soon.abc.com', 'expired'],
    ]);
    const r = await cdn.describeCdnHttpsDomainList(
      new $Cdn.DescribeCdnHttpsDomainListRequest({ pageSize: 2, pageNumber: 2 }),
    );
    expect(r.body?.totalCount).toBe(3);
    expect(r.body?.certInfos?.certInfo).toHaveLength(1);
  });

  test('the certificate reads are reads: the call log marks them so', async () => {
    const calls = h.sb.control.calls({ action: ['DescribeCdnHttpsDomainList', 'DescribeDomainCertificateInfo'] });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => !c.write)).toBe(true);
  });
});
