/**
 * The OSS adapter reads successful XML answers with its own decoder (parseOssXml) instead of ali-oss's xml2js. These
 * tests hold it to what xml2js gave the callers, and to what a faster parser's defaults would break: every value the
 * exact string sent (a bucket named `0123` or `1e5`, a domain `123.com`), entities decoded, repeating elements always
 * arrays (none, one, several), an empty body, and a body cut short — over real HTTP where the sandbox can produce the
 * answer, and on the samples of the OSS API reference where it cannot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createOssAdapter } from '../../src/core/aliyun/oss.js';
import { OssXmlError, parseOssXml } from '../../src/core/aliyun/oss-xml.js';
import type { OssPort } from '../../src/core/ports.js';
import { cloudFailure } from '../support/failure.js';
import { type OssSandbox, startOssSandbox } from '../support/oss-sandbox.js';

/** ListCname as the OSS API reference prints it: indented, one binding with a certificate. */
const LIST_CNAME_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<ListCnameResult>
  <Bucket>0123</Bucket>
  <Owner>0148562088256123</Owner>
  <Cname>
    <Domain>123.com</Domain>
    <LastModified>2021-09-15T02:35:07.000Z</LastModified>
    <Status>Enabled</Status>
    <IsPurgeCdnCache>True</IsPurgeCdnCache>
    <Certificate>
      <Type>CAS</Type>
      <CertId>493&amp;1-cn-hangzhou</CertId>
      <Status>Enabled</Status>
      <Fingerprint>DE:01:CF:EC</Fingerprint>
      <ValidEndDate>Mon, 4 May 2048 10:14:51 GMT</ValidEndDate>
    </Certificate>
  </Cname>
</ListCnameResult>
`;

describe('parseOssXml on the OSS API reference samples', () => {
  test('one <Cname> is an array of one, and every value is the string sent: no numbers, no booleans', () => {
    const r = parseOssXml(Buffer.from(LIST_CNAME_SAMPLE), { arrays: ['Cname'] });
    expect(r.Bucket).toBe('0123');
    expect(r.Owner).toBe('0148562088256123');
    expect(r.Cname).toEqual([
      {
        Domain: '123.com',
        LastModified: '2021-09-15T02:35:07.000Z',
        Status: 'Enabled',
        IsPurgeCdnCache: 'True',
        Certificate: {
          Type: 'CAS',
          CertId: '493&1-cn-hangzhou',
          Status: 'Enabled',
          Fingerprint: 'DE:01:CF:EC',
          ValidEndDate: 'Mon, 4 May 2048 10:14:51 GMT',
        },
      },
    ]);
  });

  test('no <Cname> is absent, several are an array in order; an unlisted element that repeats is an array too', () => {
    expect(parseOssXml('<ListCnameResult><Bucket>b</Bucket></ListCnameResult>', { arrays: ['Cname'] })).toEqual({
      Bucket: 'b',
    });
    const two =
      '<ListCnameResult><Cname><Domain>a.com</Domain></Cname><Cname><Domain>b.com</Domain></Cname></ListCnameResult>';
    expect(parseOssXml(two, { arrays: ['Cname'] }).Cname).toEqual([{ Domain: 'a.com' }, { Domain: 'b.com' }]);
    expect(parseOssXml(two).Cname).toEqual([{ Domain: 'a.com' }, { Domain: 'b.com' }]);
  });

  test('arrays are paths below the root: an element of the same name elsewhere stays a value', () => {
    const buckets =
      '<ListAllMyBucketsResult><Bucket>x</Bucket><Buckets><Bucket><Name>1e5</Name></Bucket></Buckets>' +
      '<IsTruncated>false</IsTruncated></ListAllMyBucketsResult>';
    expect(parseOssXml(buckets, { arrays: ['Buckets.Bucket'] })).toEqual({
      Bucket: 'x',
      Buckets: { Bucket: [{ Name: '1e5' }] },
      IsTruncated: 'false',
    });
  });

  test('entities and character references are decoded, CDATA is text, whitespace inside a value is kept', () => {
    // DeleteMultipleObjects (Quiet) lists the keys it could not delete; an object key may hold any character.
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult>\n  <Error>\n    <Key>a&amp;b &lt;c&gt; &quot;d&apos; &#38;&#x3C;é</Key>\n' +
      '    <Code>AccessDenied</Code>\n    <Message><![CDATA[<no> & more]]></Message>\n  </Error>\n</DeleteResult>';
    expect(parseOssXml(body, { arrays: ['Error'] })).toEqual({
      Error: [{ Key: `a&b <c> "d' &<é`, Code: 'AccessDenied', Message: '<no> & more' }],
    });
    expect(parseOssXml('<CnameToken><Token> 0012 </Token><Empty/></CnameToken>')).toEqual({
      Token: ' 0012 ',
      Empty: '',
    });
  });

  test('a text-only root is its text; an empty body is undefined; an element named __proto__ is a plain field', () => {
    expect(parseOssXml('<LocationConstraint xmlns="x">oss-cn-hangzhou</LocationConstraint>')).toBe('oss-cn-hangzhou');
    expect(parseOssXml('<DeleteResult/>')).toBe('');
    expect(parseOssXml(Buffer.alloc(0))).toBeUndefined();
    expect(parseOssXml('\n')).toBeUndefined();
    const r = parseOssXml('<R><__proto__><polluted>yes</polluted></__proto__></R>');
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(r.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a body that is not one well-formed document is an OssXmlError, never a partial answer', () => {
    for (const bad of [
      '<ListCnameResult><Cname><Domain>a.com</Domain></Cname>',
      '<A><B>x</A>',
      '<A/><B/>',
      'not xml',
      '<A>&nbsp;</A>',
    ]) {
      expect(() => parseOssXml(bad, { arrays: ['Cname'] }), bad).toThrow(OssXmlError);
    }
  });
});

describe('the adapter over real HTTP', () => {
  let h: OssSandbox;
  let oss: OssPort;
  beforeAll(async () => {
    h = await startOssSandbox({ seed: 'empty' });
    oss = createOssAdapter({ credential: async () => ({ ...h.sb.credentials }), endpoint: h.sb.url });
  });
  afterAll(() => h.stop());
  beforeEach(() =>
    h.sb.control.reset({
      zones: [{ name: '123.com' }],
      buckets: [
        {
          name: '0123',
          region: 'cn-beijing',
          acl: 'public-read',
          cnames: [{ domain: '123.com', cert: '12345', purgeCdnCache: true }],
        },
        { name: '1e5', region: 'cn-hangzhou' },
        { name: '0x1f', region: 'ap-southeast-1' },
      ],
      certificates: [{ id: '12345', domains: ['123.com'] }],
    }),
  );

  test('ListCname with exactly one binding: a numeric-looking domain, its certificate and IsPurgeCdnCache', async () => {
    const list = await oss.listCnames('0123', 'cn-beijing');
    expect(list).toEqual([
      {
        domain: '123.com',
        bucket: '0123',
        region: 'cn-beijing',
        status: 'Enabled',
        lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        purgeCdnCache: true,
        certificate: {
          certId: '12345-cn-hangzhou',
          type: 'CAS',
          status: 'Enabled',
          validEndDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        },
      },
    ]);
    expect(await oss.listCnames('1e5', 'cn-hangzhou')).toEqual([]);
  });

  test('bucket names made of digits stay the strings they are: ListBuckets, GetBucketLocation, GetBucketAcl', async () => {
    expect(await oss.listBuckets()).toEqual([
      { bucket: '0123', region: 'cn-beijing' },
      { bucket: '0x1f', region: 'ap-southeast-1' },
      { bucket: '1e5', region: 'cn-hangzhou' },
    ]);
    expect(await oss.getBucketRegion('0x1f')).toBe('ap-southeast-1');
    expect(await oss.getBucketAcl('0123', 'cn-beijing')).toBe('public-read');
    expect(await oss.getBucketAcl('1e5', 'cn-hangzhou')).toBe('private');
  });

  test('a Quiet DeleteMultipleObjects that deleted everything answers no body: nothing failed', async () => {
    await oss.putObject('1e5', 'cn-hangzhou', 'a&b.txt', 'x');
    await oss.putObject('1e5', 'cn-hangzhou', '007', 'y');
    const r = await oss.deleteObjects('1e5', 'cn-hangzhou', ['a&b.txt', '007']);
    expect(r.failed).toEqual([]);
    expect(await oss.getObject('1e5', 'cn-hangzhou', '007')).toBeUndefined();
  });
});

test('an answer cut short is a CloudError that says so, not an empty list', async () => {
  // A server that answers every request 200 with half a ListCname (as a proxy that drops the connection might).
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml', 'x-oss-request-id': 'CUT' });
    res.end('<?xml version="1.0" encoding="UTF-8"?>\n<ListCnameResult><Cname><Domain>a.com</Domain></Cname>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = { accessKeyId: 'LTAI-test', accessKeySecret: 'not-a-secret-0001' };
    const oss = createOssAdapter({ credential: async () => key, endpoint: url });
    const e = await cloudFailure(oss.listCnames('abc-img', 'cn-hangzhou'));
    expect(e).toMatchObject({ service: 'oss', action: 'ListCname', code: 'InvalidResponse', status: 200 });
    expect(e.message).toContain('not well-formed XML');
    expect(e.hint).toContain('proxy');
    expect(e.retryable).toBe(false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
