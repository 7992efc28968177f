/**
 * The OssPort's site calls (ali-oss raw requests) against the sandbox over real HTTP: PutBucketWebsite with an
 * ErrorDocument HttpStatus (which ali-oss's own putBucketWebsite cannot send) read back by GetBucketWebsite, routing
 * rules set elsewhere kept through a put, "no website" as undefined, GetBucketAcl, and GetCnameToken as a read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createOssAdapter } from '../../src/core/aliyun/oss.js';
import { parseWebsite, websiteXml } from '../../src/core/aliyun/oss-site.js';
import type { OssPort } from '../../src/core/ports.js';
import { cloudFailure } from '../support/failure.js';
import { type OssSandbox, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';

let h: OssSandbox;
let oss: OssPort;

beforeAll(async () => {
  h = await startOssSandbox({ seed: 'empty' });
  oss = createOssAdapter({ credential: async () => ({ ...h.sb.credentials }), endpoint: h.sb.url });
});
afterAll(() => h.stop());
beforeEach(() =>
  h.sb.control.reset({
    buckets: [
      {
        name: 'abc-site',
        region: 'cn-hangzhou',
        acl: 'public-read',
        cnames: [{ domain: 'site.abc.com' }],
        objects: [{ key: 'index.html', text: '<h1>app</h1>', contentType: 'text/html' }],
      },
      { name: 'abc-private', region: 'cn-hangzhou' },
    ],
  }),
);

describe('website', () => {
  test('a single-page app: ErrorDocument index.html with HttpStatus 200 goes out and comes back', async () => {
    expect(await oss.getBucketWebsite('abc-site', 'cn-hangzhou')).toBeUndefined();
    const put = await oss.putBucketWebsite('abc-site', 'cn-hangzhou', {
      index: 'index.html',
      supportSubDir: true,
      type: 0,
      error: 'index.html',
      errorStatus: 200,
    });
    expect(put.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(await oss.getBucketWebsite('abc-site', 'cn-hangzhou')).toEqual({
      index: 'index.html',
      supportSubDir: true,
      type: 0,
      error: 'index.html',
      errorStatus: 200,
    });
    const deep = await rawRequest(h.sb.url, { path: '/some/deep/link', headers: { host: 'site.abc.com' } });
    expect([deep.status, deep.body.toString()]).toEqual([200, '<h1>app</h1>']);
  });

  test('routing rules set in the console survive a put', async () => {
    const rules =
      '<RoutingRules><RoutingRule><RuleNumber>1</RuleNumber><Condition><KeyPrefixEquals>old/</KeyPrefixEquals>' +
      '</Condition><Redirect><RedirectType>External</RedirectType><HostName>example.com</HostName></Redirect>' +
      '</RoutingRule></RoutingRules>';
    h.sb.world.buckets.get('abc-site')!.website = {
      index: { suffix: 'index.html', supportSubDir: false, type: 0 },
      routingRulesXml: rules,
    };
    const seen = await oss.getBucketWebsite('abc-site', 'cn-hangzhou');
    expect(seen).toEqual({ index: 'index.html', supportSubDir: false, type: 0, routingRules: rules });
    await oss.putBucketWebsite('abc-site', 'cn-hangzhou', { ...seen!, supportSubDir: true, error: '404.html' });
    expect(h.sb.world.buckets.get('abc-site')!.website?.routingRulesXml).toBe(rules);
  });

  test('the XML escapes what it carries, and reads back what it wrote', () => {
    const w = { index: 'a&b.html', supportSubDir: false, type: 2, error: '<404>.html', errorStatus: 404 };
    expect(websiteXml(w).toString()).toContain('<Suffix>a&amp;b.html</Suffix>');
    expect(parseWebsite(websiteXml(w).toString())).toEqual(w);
  });

  test('a failure is a CloudError naming the API and the bucket', async () => {
    const e = await cloudFailure(oss.getBucketWebsite('no-such-bucket', 'cn-hangzhou'));
    expect(e).toMatchObject({ service: 'oss', action: 'GetBucketWebsite', code: 'NoSuchBucket', status: 404 });
  });
});

describe('ACL and token', () => {
  test('GetBucketAcl tells a private bucket from a public-read one', async () => {
    expect(await oss.getBucketAcl('abc-site', 'cn-hangzhou')).toBe('public-read');
    expect(await oss.getBucketAcl('abc-private', 'cn-hangzhou')).toBe('private');
  });

  test('GetCnameToken reads the token CreateCnameToken issued, and undefined when there is none', async () => {
    expect(await oss.getCnameToken('abc-site', 'cn-hangzhou', 'www.partner.com')).toBeUndefined();
    const made = await oss.createCnameToken('abc-site', 'cn-hangzhou', 'www.partner.com');
    h.sb.control.clearCalls();
    const read = await oss.getCnameToken('abc-site', 'cn-hangzhou', 'www.partner.com');
    expect(read).toEqual({ token: made.token, expireTime: made.expireTime });
    expect(h.sb.control.writeCalls()).toEqual([]);
  });
});
