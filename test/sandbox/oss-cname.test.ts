/**
 * The OSS CNAME APIs of the sandbox, through ali-oss exactly as aliyun-api.md §2.3 calls them: tokens that last 72
 * hours, ownership proven by a `_dnsauth` TXT record only once OSS "sees" it, the documented PutCname check order
 * and errors, certificates, ListCname's details and DeleteCname's idempotence.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  cnameCall,
  cnameXml,
  failure,
  type OssSandbox,
  putRecord,
  type RawOss,
  startOssSandbox,
} from '../support/oss-sandbox.js';

const HOUR = 3_600_000;
let h: OssSandbox;
let c: RawOss;

beforeAll(async () => {
  h = await startOssSandbox({ seed: 'empty', timing: { ownershipDelayMs: 60_000 } });
  c = h.client();
});
afterAll(() => h.stop());
beforeEach(() =>
  h.sb.control.reset({
    zones: [{ name: 'abc.com' }, { name: 'nofiling.cn' }],
    buckets: [
      { name: 'abc-img', region: 'cn-hangzhou' },
      { name: 'abc-img-2', region: 'cn-hangzhou' },
      { name: 'abc-sg', region: 'ap-southeast-1' },
    ],
    certificates: [
      { id: '12345', domains: ['img.abc.com', '*.abc.com'] },
      { id: '777', domains: ['other.example.org'] },
      { id: '888', domains: ['*.abc.com'], validDays: -1 },
    ],
    unfiled: ['nofiling.cn'],
  }),
);

const token = async (bucket: string, domain: string, client = c) =>
  (await cnameCall(client, bucket, 'token', cnameXml(domain))).data as {
    Token: string;
    ExpireTime: string;
    Bucket: string;
    Cname: string;
  };

/** CreateCnameToken + a TXT record OSS already sees. */
async function prove(bucket: string, domain: string, client = c) {
  const t = await token(bucket, domain, client);
  putRecord(h.sb.world, `_dnsauth.${domain}`, 'TXT', t.Token, Date.now() - 10 * 60_000);
  return t;
}

const bind = (bucket: string, domain: string, cert = '') => cnameCall(c, bucket, 'add', cnameXml(domain, cert));
const listCname = async (bucket: string) =>
  ([] as any[]).concat(
    (await c.request({ method: 'GET', bucket, subres: 'cname', successStatuses: [200], xmlResponse: true })).data
      .Cname ?? [],
  );

describe('CreateCnameToken and GetCnameToken', () => {
  test('return the same token for 72 hours, then a new one', async () => {
    const first = await token('abc-img', 'img.abc.com');
    expect(first.Token).toMatch(/^[0-9a-f]{32}$/);
    expect([first.Bucket, first.Cname]).toEqual(['abc-img', 'img.abc.com']);
    expect(Date.parse(first.ExpireTime) - Date.now()).toBeGreaterThan(71 * HOUR);
    h.advance(71 * HOUR);
    try {
      expect(await token('abc-img', 'IMG.abc.com.')).toEqual(first);
      h.advance(2 * HOUR);
      expect((await token('abc-img', 'img.abc.com')).Token).not.toBe(first.Token);
    } finally {
      h.advance(-73 * HOUR);
    }
  });

  test('GetCnameToken reads the token (the domain is a signed sub-resource value) or answers CnameTokenNotFound', async () => {
    const get = (domain: string) =>
      c.request({
        method: 'GET',
        bucket: 'abc-img',
        subres: { comp: 'token', cname: domain },
        successStatuses: [200],
        xmlResponse: true,
      });
    const missing = await failure(get('img.abc.com'));
    expect([missing.status, missing.code]).toEqual([404, 'CnameTokenNotFound']);
    const t = await token('abc-img', 'img.abc.com');
    expect((await get('img.abc.com')).data.Token).toBe(t.Token);
  });

  test('refuse malformed and reserved domains with InvalidArgument, and unknown buckets with NoSuchBucket', async () => {
    for (const bad of ['a.b', 'not a domain', '*.abc.com', 'img.aliyuncs.com', 'bücher.abc.com']) {
      const e = await failure(cnameCall(c, 'abc-img', 'token', cnameXml(bad)));
      expect([bad, e.status, e.code]).toEqual([bad, 400, 'InvalidArgument']);
    }
    const e = await failure(cnameCall(c, 'nope-bucket', 'token', cnameXml('img.abc.com')));
    expect([e.status, e.code]).toEqual([404, 'NoSuchBucket']);
    const xml = await failure(cnameCall(c, 'abc-img', 'token', Buffer.from('<Nope/>')));
    expect([xml.status, xml.code]).toEqual([400, 'MalformedXML']);
  });
});

describe('PutCname ownership', () => {
  test('fails with NeedVerifyDomainOwnership until the TXT record has propagated, then binds', async () => {
    const t = await token('abc-img', 'img.abc.com');
    const before = await failure(bind('abc-img', 'img.abc.com'));
    expect([before.status, before.code]).toEqual([403, 'NeedVerifyDomainOwnership']);

    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', t.Token, Date.now());
    const tooSoon = await failure(bind('abc-img', 'img.abc.com'));
    expect(tooSoon.code).toBe('NeedVerifyDomainOwnership');
    h.advance(59_000);
    try {
      expect((await failure(bind('abc-img', 'img.abc.com'))).code).toBe('NeedVerifyDomainOwnership');
      h.advance(2_000);
      const ok = await bind('abc-img', 'img.abc.com');
      expect(ok.status).toBe(200);
      expect(ok.res.headers['content-length']).toBe('0');
    } finally {
      h.advance(-61_000);
    }
    expect((await listCname('abc-img')).map((x) => x.Domain)).toEqual(['img.abc.com']);
  });

  test('a TXT record with another value, or a token of another bucket, proves nothing', async () => {
    await token('abc-img', 'img.abc.com');
    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', 'f'.repeat(32), 0);
    expect((await failure(bind('abc-img', 'img.abc.com'))).code).toBe('NeedVerifyDomainOwnership');
    const other = await token('abc-img-2', 'img.abc.com');
    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', other.Token, 0);
    expect((await failure(bind('abc-img', 'img.abc.com'))).code).toBe('NeedVerifyDomainOwnership');
    expect((await bind('abc-img-2', 'img.abc.com')).status).toBe(200);
  });

  test('binding again to the same bucket needs no new proof and changes nothing', async () => {
    await prove('abc-img', 'img.abc.com');
    await bind('abc-img', 'img.abc.com');
    const before = await listCname('abc-img');
    h.sb.world.zones.get('abc.com')!.records.clear();
    h.advance(1_000);
    try {
      expect((await bind('abc-img', 'img.abc.com')).status).toBe(200);
    } finally {
      h.advance(-1_000);
    }
    expect(await listCname('abc-img')).toEqual(before);
  });
});

describe('PutCname errors, in the documented order', () => {
  test('CnameAlreadyExists (409, CNAME_OSS) when another bucket holds the domain, even before ownership', async () => {
    await prove('abc-img', 'img.abc.com');
    await bind('abc-img', 'img.abc.com');
    const e = await failure(bind('abc-img-2', 'img.abc.com'));
    expect([e.status, e.code]).toEqual([409, 'CnameAlreadyExists']);
    const raw = await h.client().request({
      method: 'POST',
      bucket: 'abc-img-2',
      subres: { cname: '', comp: 'add' },
      mime: 'xml',
      content: cnameXml('img.abc.com'),
    });
    const xml = raw.data.toString();
    expect(xml).toContain('<CnameType>CNAME_OSS</CnameType>');
    expect(xml).toContain('<Bucket>abc-img-2</Bucket>');
  });

  test('NoSuchCnameInRecord (404) for an unfiled domain on a mainland bucket, after ownership; not in Singapore', async () => {
    expect((await failure(bind('abc-img', 'img.nofiling.cn'))).code).toBe('NeedVerifyDomainOwnership');
    await prove('abc-img', 'img.nofiling.cn');
    const e = await failure(bind('abc-img', 'img.nofiling.cn'));
    expect([e.status, e.code]).toEqual([404, 'NoSuchCnameInRecord']);
    const sg = h.client({ region: 'ap-southeast-1' });
    await prove('abc-sg', 'img.nofiling.cn', sg);
    expect((await cnameCall(sg, 'abc-sg', 'add', cnameXml('img.nofiling.cn'))).status).toBe(200);
  });

  test('InvalidArgument for a malformed domain comes first of all', async () => {
    const e = await failure(bind('abc-img', 'bad_domain!.com'));
    expect([e.status, e.code]).toEqual([400, 'InvalidArgument']);
  });
});

describe('PutCname certificates', () => {
  const certXml = (inner: string) => `<CertificateConfiguration>${inner}</CertificateConfiguration>`;

  test('a CAS certificate (id or id-region) with Force binds and shows in ListCname', async () => {
    await prove('abc-img', 'img.abc.com');
    await bind('abc-img', 'img.abc.com', certXml('<CertId>12345</CertId><Force>true</Force>'));
    let [entry] = await listCname('abc-img');
    expect(entry.Certificate.CertId).toBe('12345-cn-hangzhou');
    expect(entry.Certificate.Type).toBe('CAS');
    expect(entry.Certificate.Status).toBe('Enabled');
    expect(Date.parse(entry.Certificate.ValidEndDate)).toBeGreaterThan(Date.now() + 300 * 24 * HOUR);
    expect(entry.Certificate.Fingerprint).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);

    await bind('abc-img', 'img.abc.com', certXml('<DeleteCertificate>True</DeleteCertificate>'));
    [entry] = await listCname('abc-img');
    expect(entry.Certificate).toBeUndefined();
    await bind('abc-img', 'img.abc.com', certXml('<CertId>12345-cn-hangzhou</CertId><Force>true</Force>'));
    [entry] = await listCname('abc-img');
    expect(entry.Certificate.CertId).toBe('12345-cn-hangzhou');
  });

  test('without Force, PreviousCertId must name the bound certificate', async () => {
    await prove('abc-img', 'img.abc.com');
    const noForce = await failure(bind('abc-img', 'img.abc.com', certXml('<CertId>12345</CertId>')));
    expect([noForce.status, noForce.code]).toEqual([400, 'InvalidArgument']);
    expect(await listCname('abc-img')).toEqual([]);
    await bind('abc-img', 'img.abc.com', certXml('<CertId>12345</CertId><Force>true</Force>'));
    const wrongPrev = await failure(
      bind('abc-img', 'img.abc.com', certXml('<CertId>12345</CertId><PreviousCertId>999</PreviousCertId>')),
    );
    expect(wrongPrev.code).toBe('InvalidArgument');
    const rightPrev = await bind(
      'abc-img',
      'img.abc.com',
      certXml('<CertId>12345</CertId><PreviousCertId>12345-cn-hangzhou</PreviousCertId>'),
    );
    expect(rightPrev.status).toBe(200);
  });

  test('unknown, non-covering and expired certificates are refused and bind nothing', async () => {
    await prove('abc-img', 'img.abc.com');
    for (const id of ['404404', '777', '888']) {
      const e = await failure(bind('abc-img', 'img.abc.com', certXml(`<CertId>${id}</CertId><Force>true</Force>`)));
      expect([id, e.status, e.code]).toEqual([id, 400, 'InvalidArgument']);
    }
    expect(await listCname('abc-img')).toEqual([]);
  });
});

describe('ListCname and DeleteCname', () => {
  test('ListCname lists none, one or many bindings with their details', async () => {
    expect(await listCname('abc-img')).toEqual([]);
    for (const d of ['a1.abc.com', 'a2.abc.com']) {
      await prove('abc-img', d);
      await bind('abc-img', d);
    }
    const list = await listCname('abc-img');
    expect(list.map((x) => x.Domain).sort()).toEqual(['a1.abc.com', 'a2.abc.com']);
    expect(list[0].Status).toBe('Enabled');
    expect(list[0].LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const raw = await c.request({
      method: 'GET',
      bucket: 'abc-img',
      subres: 'cname',
      successStatuses: [200],
      xmlResponse: true,
    });
    expect(raw.data.Owner).toBe(h.sb.world.accounts[0]!.uid);
  });

  test('DeleteCname unbinds, and deleting an unbound domain is still a success', async () => {
    await prove('abc-img', 'img.abc.com');
    await bind('abc-img', 'img.abc.com');
    expect((await cnameCall(c, 'abc-img', 'delete', cnameXml('img.abc.com'))).status).toBe(200);
    expect(await listCname('abc-img')).toEqual([]);
    expect((await cnameCall(c, 'abc-img', 'delete', cnameXml('img.abc.com'))).status).toBe(200);
    // Once unbound, another bucket may take it (with its own proof).
    await prove('abc-img-2', 'img.abc.com');
    expect((await bind('abc-img-2', 'img.abc.com')).status).toBe(200);
  });
});
