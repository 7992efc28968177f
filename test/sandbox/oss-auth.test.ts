/**
 * OSS authentication and routing in the sandbox, through ali-oss (V1 and V4 signatures) and raw HTTP: what passes,
 * and what a real OSS refuses — wrong secret, unknown key, tampered request, skewed clock, anonymous writes, the
 * wrong region's endpoint — with OSS's codes, XML errors and request ids.
 */
import { createHmac } from 'node:crypto';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failure, type OssSandbox, type RawOss, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';

let h: OssSandbox;
beforeAll(async () => {
  h = await startOssSandbox({
    seed: {
      buckets: [
        { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read', objects: [{ key: 'a.txt', text: 'A' }] },
        { name: 'secret-docs', region: 'ap-southeast-1', objects: [{ key: 'plan.txt', text: 'private' }] },
      ],
    },
  });
});
afterAll(() => h.stop());

describe.each([
  ['V1', false],
  ['V4', true],
])('%s signatures from ali-oss', (_name, v4) => {
  test('verify for object and bucket calls, including keys with spaces, plus signs and non-ASCII', async () => {
    const c = h.client({ v4 });
    const key = `dir/a b+c 图片 ${v4 ? 4 : 1}.txt`;
    await c.put(key, Buffer.from('hello'));
    expect((await c.get(key)).content.toString()).toBe('hello');
    const listed = await c.listV2({ prefix: 'dir/' });
    expect(listed.objects.map((o: any) => o.name)).toContain(key);
    expect((await c.getBucketLocation('abc-img')).location).toBe('oss-cn-hangzhou');
    // V4 may sign extra headers (AdditionalHeaders=range); V1 ignores the option.
    const ranged = await c.get(key, { headers: { Range: 'bytes=1-2' }, additionalHeaders: ['range'] });
    expect(ranged.content.toString()).toBe('el');
  });

  test('are refused with SignatureDoesNotMatch when the secret is wrong', async () => {
    const e = await failure(h.client({ v4, accessKeySecret: 'not-the-secret' }).get('a.txt'));
    expect(e.status).toBe(403);
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.requestId).toMatch(/^[0-9A-F]{24}$/);
  });

  test('are refused with InvalidAccessKeyId for a key the account does not have', async () => {
    const e = await failure(h.client({ v4, accessKeyId: 'LTAI5tNobodyHasThisKey' }).get('a.txt'));
    expect([e.status, e.code]).toEqual([403, 'InvalidAccessKeyId']);
  });

  test('carry an STS token (x-oss-security-token) that the sandbox accepts', async () => {
    const c = h.client({ v4, stsToken: 'CAIS-sandbox-session-token' });
    expect((await c.get('a.txt')).content.toString()).toBe('A');
  });

  test('are refused with RequestTimeTooSkewed when the clocks differ by more than 15 minutes', async () => {
    h.advance(16 * 60_000);
    try {
      const e = await failure(h.client({ v4, realClock: true }).get('a.txt'));
      expect([e.status, e.code]).toEqual([403, 'RequestTimeTooSkewed']);
    } finally {
      h.advance(-16 * 60_000);
    }
    h.advance(14 * 60_000);
    try {
      expect((await h.client({ v4, realClock: true }).get('a.txt')).content.toString()).toBe('A');
    } finally {
      h.advance(-14 * 60_000);
    }
  });
});

test('a tampered V1 request is refused, and the error shows the string the server signed', async () => {
  const date = new Date().toUTCString();
  const key = h.sb.credentials.accessKeySecret;
  // Signed for a.txt, sent for plan.txt of the same bucket.
  const sig = createHmac('sha1', key).update(`GET\n\n\n${date}\n/abc-img/a.txt`).digest('base64');
  const r = await rawRequest(h.sb.url, {
    path: '/plan.txt',
    headers: {
      host: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
      date,
      authorization: `OSS ${h.sb.credentials.accessKeyId}:${sig}`,
    },
  });
  expect(r.status).toBe(403);
  const xml = r.body.toString();
  expect(xml).toContain('<Code>SignatureDoesNotMatch</Code>');
  expect(xml).toContain(`<StringToSign>GET\n\n\n${date}\n/abc-img/plan.txt</StringToSign>`);
  expect(xml).toContain(`<RequestId>${r.headers['x-oss-request-id']}</RequestId>`);
  expect(r.headers['content-type']).toBe('application/xml');
  // The hand-made signature is right for what it signed: the same request for a.txt passes.
  const ok = await rawRequest(h.sb.url, {
    path: '/a.txt',
    headers: {
      host: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
      date,
      authorization: `OSS ${h.sb.credentials.accessKeyId}:${sig}`,
    },
  });
  expect([ok.status, ok.body.toString()]).toEqual([200, 'A']);
});

test('a malformed Authorization header is InvalidArgument; a request without a date is AccessDenied', async () => {
  const host = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
  const bad = await rawRequest(h.sb.url, { path: '/a.txt', headers: { host, authorization: 'Bearer xyz' } });
  expect(bad.status).toBe(400);
  expect(bad.body.toString()).toContain('<Code>InvalidArgument</Code>');
  const undated = await rawRequest(h.sb.url, {
    path: '/a.txt',
    headers: { host, authorization: 'OSS LTAI5tSandboxAccessKey:abc' },
  });
  expect(undated.status).toBe(403);
  expect(undated.body.toString()).toContain('<Code>AccessDenied</Code>');
});

test('anonymous requests read public-read buckets but cannot write them or read private ones', async () => {
  const host = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
  expect((await rawRequest(h.sb.url, { path: '/a.txt', headers: { host } })).body.toString()).toBe('A');
  const put = await rawRequest(h.sb.url, { method: 'PUT', path: '/x.txt', headers: { host }, body: Buffer.from('x') });
  expect(put.status).toBe(403);
  expect(put.body.toString()).toContain('<Code>AccessDenied</Code>');
  expect(h.sb.world.buckets.get('abc-img')!.objects.has('x.txt')).toBe(false);
  const priv = await rawRequest(h.sb.url, {
    path: '/plan.txt',
    headers: { host: 'secret-docs.oss-ap-southeast-1.aliyuncs.com' },
  });
  expect(priv.status).toBe(403);
});

test('path-style requests (/<bucket>/<key>) on 127.0.0.1 work and are signed over the same resource', async () => {
  const date = new Date().toUTCString();
  const sig = createHmac('sha1', h.sb.credentials.accessKeySecret)
    .update(`GET\n\n\n${date}\n/secret-docs/plan.txt`)
    .digest('base64');
  const r = await rawRequest(h.sb.url, {
    path: '/secret-docs/plan.txt',
    headers: { date, authorization: `OSS ${h.sb.credentials.accessKeyId}:${sig}` },
  });
  expect([r.status, r.body.toString()]).toEqual([200, 'private']);
});

test("the wrong region's endpoint is AccessDenied naming the right one, except for GetBucketLocation", async () => {
  const c = h.client({ region: 'cn-beijing' });
  const e = await failure(c.get('a.txt'));
  expect([e.status, e.code]).toEqual([403, 'AccessDenied']);
  expect(e.message).toContain('must be addressed using the specified endpoint');
  const v1 = h.client({ region: 'cn-beijing', v4: false });
  expect((await v1.getBucketLocation('abc-img')).location).toBe('oss-cn-hangzhou');
  expect((await h.client({ region: 'cn-beijing' }).getBucketLocation('secret-docs')).location).toBe(
    'oss-ap-southeast-1',
  );
});

test('an unknown bucket is NoSuchBucket naming it; HEAD errors travel base64-encoded in x-oss-err', async () => {
  const e = await failure(h.client({ bucket: 'no-such-bucket' }).get('a.txt'));
  expect([e.status, e.code]).toEqual([404, 'NoSuchBucket']);
  const head = await rawRequest(h.sb.url, {
    method: 'HEAD',
    path: '/missing.txt',
    headers: { host: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
  });
  expect(head.status).toBe(404);
  expect(head.body.length).toBe(0);
  const decoded = Buffer.from(String(head.headers['x-oss-err']), 'base64').toString();
  expect(decoded).toContain('<Code>NoSuchKey</Code>');
  expect(decoded).toContain(`<RequestId>${head.headers['x-oss-request-id']}</RequestId>`);
  // ali-oss reads the header back into a proper error.
  const viaSdk = await failure(h.client().head('missing.txt'));
  expect(viaSdk.code).toBe('NoSuchKey');
});

test('V1 presigned URLs work until they expire', async () => {
  // ali-oss refuses to presign for an IP endpoint; sign for a host name, then send it with the bucket's Host.
  const signer = new OSS({
    ...h.sb.credentials,
    region: 'oss-ap-southeast-1',
    endpoint: `http://localhost:${h.sb.port}`,
    cname: true,
    bucket: 'secret-docs',
  }) as unknown as RawOss;
  const url = new URL(signer.signatureUrl('plan.txt', { expires: 60 }));
  const path = `${url.pathname}${url.search}`;
  const headers = { host: 'secret-docs.oss-ap-southeast-1.aliyuncs.com' };
  const ok = await rawRequest(h.sb.url, { path, headers });
  expect([ok.status, ok.body.toString()]).toEqual([200, 'private']);
  h.advance(120_000);
  try {
    const late = await rawRequest(h.sb.url, { path, headers });
    expect(late.status).toBe(403);
    expect(late.body.toString()).toContain('Request has expired');
  } finally {
    h.advance(-120_000);
  }
});
