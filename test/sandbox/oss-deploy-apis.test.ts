/**
 * The OSS calls a deploy makes, in the sandbox, through ali-oss as the adapter makes them: ListObjectsV2 of 1,000 keys
 * a page with KeyCount and continuation tokens; PutObject keeping Content-Type, Cache-Control and `x-oss-meta-*` and
 * checking Content-MD5 (InvalidDigest, with the documented EC codes); DeleteMultipleObjects (Content-MD5 required,
 * Quiet and verbose answers, at most 1,000 keys); multipart upload (the object's ETag is not its MD5, its type is
 * Multipart, its metadata is kept); ListCname's IsPurgeCdnCache.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { failure, type OssSandbox, type RawOss, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';

let h: OssSandbox;
let c: RawOss & {
  deleteMulti(keys: string[], opts?: Record<string, unknown>): Promise<any>;
  multipartUpload(key: string, file: Buffer, opts?: Record<string, unknown>): Promise<any>;
};
beforeAll(async () => {
  h = await startOssSandbox();
  c = h.client() as typeof c;
});
afterAll(() => h.stop());
beforeEach(() => h.sb.control.reset());

const md5 = (b: Buffer, enc: 'hex' | 'base64') => createHash('md5').update(b).digest(enc);
const bucket = () => h.sb.world.buckets.get('abc-img')!;

describe('ListObjectsV2 for a deploy', () => {
  test('2,500 keys come in pages of 1,000 with KeyCount, NextContinuationToken and the ETag, Size and Type of each', async () => {
    for (let i = 0; i < 2_500; i++) bucket().objects.set(`site/f${String(i).padStart(4, '0')}.txt`, obj(`${i}`));
    const pages: { count: number; keyCount: number; truncated: boolean }[] = [];
    let token: string | undefined;
    const names: string[] = [];
    do {
      const r = await c.listV2({ prefix: 'site/', 'max-keys': 1000, 'continuation-token': token });
      pages.push({ count: r.objects.length, keyCount: Number(r.keyCount), truncated: r.isTruncated });
      names.push(...r.objects.map((o: any) => o.name));
      token = r.isTruncated ? r.nextContinuationToken : undefined;
    } while (token);
    expect(pages).toEqual([
      { count: 1000, keyCount: 1000, truncated: true },
      { count: 1000, keyCount: 1000, truncated: true },
      { count: 500, keyCount: 500, truncated: false },
    ]);
    expect(new Set(names).size).toBe(2_500);
    const first = (await c.listV2({ prefix: 'site/f0001', 'max-keys': 1 })).objects[0];
    expect(first).toMatchObject({ name: 'site/f0001.txt', etag: `"${md5(Buffer.from('1'), 'hex').toUpperCase()}"` });
    expect([first.size, first.type]).toEqual([1, 'Normal']);
  });

  test('without max-keys a page holds 100 keys, as OSS defaults', async () => {
    for (let i = 0; i < 150; i++) bucket().objects.set(`k${i}`, obj('x'));
    const r = await c.listV2({});
    expect([r.objects.length, r.isTruncated]).toEqual([100, true]);
  });
});

function obj(text: string) {
  const body = Buffer.from(text);
  return { body, contentType: 'text/plain', lastModified: 0, etag: md5(body, 'hex').toUpperCase() };
}

describe('PutObject with the headers a website needs', () => {
  test('Content-Type, Cache-Control and x-oss-meta-* are kept and sent back on GET and HEAD', async () => {
    await c.put('a/app.3f9a1c2e.js', Buffer.from('x'), {
      mime: 'text/javascript; charset=utf-8',
      headers: { 'Cache-Control': 'public, max-age=31536000, immutable' },
      meta: { md5: 'abc' },
    });
    const head = await c.head('a/app.3f9a1c2e.js');
    expect(head.res.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-oss-meta-md5': 'abc',
      'x-oss-object-type': 'Normal',
    });
    const got = await c.get('a/app.3f9a1c2e.js');
    expect(got.res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('a Content-MD5 that is not the body is InvalidDigest with EC 0017-00000503; a malformed one EC 0017-00000502', async () => {
    const wrong = await failure(
      c.put('x.txt', Buffer.from('abc'), { headers: { 'Content-MD5': md5(Buffer.from('abd'), 'base64') } }),
    );
    expect([wrong.status, wrong.code, wrong.ecCode]).toEqual([400, 'InvalidDigest', '0017-00000503']);
    const bad = await failure(c.put('x.txt', Buffer.from('abc'), { headers: { 'Content-MD5': 'not-md5' } }));
    expect([bad.status, bad.code, bad.ecCode]).toEqual([400, 'InvalidDigest', '0017-00000502']);
    expect(bucket().objects.has('x.txt')).toBe(false);
  });
});

describe('DeleteMultipleObjects', () => {
  beforeEach(() => {
    for (const k of ['a.txt', 'b c.txt', 'ü/ß.txt', 'keep.txt']) bucket().objects.set(k, obj(k));
  });

  test('quiet: the keys are gone and nothing is listed; missing keys count as deleted', async () => {
    const r = await c.deleteMulti(['a.txt', 'b c.txt', 'ü/ß.txt', 'never-was.txt'], { quiet: true });
    expect(r.deleted).toEqual([]);
    expect([...bucket().objects.keys()].sort()).toEqual(['keep.txt', 'logo.png']);
  });

  test('verbose: every key is listed in <Deleted>', async () => {
    const r = await c.deleteMulti(['a.txt', 'ü/ß.txt']);
    expect(r.deleted.map((d: any) => d.Key)).toEqual(['a.txt', 'ü/ß.txt']);
  });

  const raw = (body: string, headers: Record<string, string> = {}) =>
    c.request({
      method: 'POST',
      bucket: 'abc-img',
      subres: { delete: '' },
      content: Buffer.from(body),
      mime: 'xml',
      headers,
      successStatuses: [200],
    });

  test('Content-MD5 is required (EC 0016-00000606), and must match the body', async () => {
    const body = '<Delete><Quiet>true</Quiet><Object><Key>a.txt</Key></Object></Delete>';
    // ali-oss adds Content-MD5 to every body it sends; without it, through plain HTTP (no signature: public-read-write).
    bucket().acl = 'public-read-write';
    const missing = await rawRequest(h.sb.url, {
      method: 'POST',
      path: '/?delete',
      headers: { host: 'abc-img.oss-cn-hangzhou.aliyuncs.com', 'content-type': 'application/xml' },
      body: Buffer.from(body),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.toString()).toContain('<EC>0016-00000606</EC>');
    const wrong = await failure(raw(body, { 'Content-MD5': md5(Buffer.from('other'), 'base64') }));
    expect(wrong.code).toBe('InvalidDigest');
    expect(bucket().objects.has('a.txt')).toBe(true);
  });

  test('more than 1,000 keys in one call is MalformedXML and deletes nothing', async () => {
    const keys = Array.from({ length: 1_001 }, (_, i) => `k${i}`);
    const e = await failure(c.deleteMulti(keys, { quiet: true }));
    expect([e.status, e.code]).toEqual([400, 'MalformedXML']);
    const ok = await c.deleteMulti(keys.slice(0, 1_000), { quiet: true });
    expect(ok.res.status).toBe(200);
  });
});

describe('multipart upload', () => {
  test('the parts make the object; its ETag is not its MD5, its Type is Multipart, and its metadata is kept', async () => {
    const body = Buffer.alloc(250 * 1024, 7);
    body.write('head');
    await c.multipartUpload('big/video.bin', body, {
      partSize: 100 * 1024,
      meta: { md5: md5(body, 'hex') },
      headers: { 'Cache-Control': 'no-cache' },
    });
    const o = bucket().objects.get('big/video.bin')!;
    expect(o.body.equals(body)).toBe(true);
    expect(o.type).toBe('Multipart');
    expect(o.etag).toMatch(/^[0-9A-F]{32}-3$/);
    expect(o.etag).not.toBe(md5(body, 'hex').toUpperCase());
    const head = await c.head('big/video.bin');
    expect(head.res.headers).toMatchObject({
      'x-oss-meta-md5': md5(body, 'hex'),
      'cache-control': 'no-cache',
      'x-oss-object-type': 'Multipart',
    });
    const listed = (await c.listV2({ prefix: 'big/' })).objects[0];
    expect(listed.type).toBe('Multipart');
    expect(bucket().uploads?.size ?? 0).toBe(0);
  });

  test('a part under 100 KB that is not the last is EntityTooSmall; an unknown upload id NoSuchUpload', async () => {
    const init = await c.request({
      method: 'POST',
      bucket: 'abc-img',
      object: 'm.bin',
      subres: 'uploads',
      successStatuses: [200],
      xmlResponse: true,
    });
    const uploadId = init.data.UploadId;
    const part = (n: number, size: number) =>
      c.request({
        method: 'PUT',
        bucket: 'abc-img',
        object: 'm.bin',
        subres: { partNumber: String(n), uploadId },
        content: Buffer.alloc(size, n),
        successStatuses: [200],
      });
    const e1 = (await part(1, 10)).res.headers.etag;
    const e2 = (await part(2, 10)).res.headers.etag;
    const complete = (id: string) =>
      c.request({
        method: 'POST',
        bucket: 'abc-img',
        object: 'm.bin',
        subres: { uploadId: id },
        mime: 'xml',
        content: Buffer.from(
          `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part>` +
            `<Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`,
        ),
        successStatuses: [200],
      });
    const small = await failure(complete(uploadId));
    expect([small.code, small.ecCode]).toEqual(['EntityTooSmall', '0042-00000213']);
    expect((await failure(complete('0000'))).code).toBe('NoSuchUpload');
    expect(bucket().objects.has('m.bin')).toBe(false);
  });
});

describe('ListCname IsPurgeCdnCache', () => {
  test("is the seed's auto-refresh switch, per binding", async () => {
    h.sb.control.seed({
      buckets: [
        {
          name: 'abc-img',
          region: 'cn-hangzhou',
          cnames: [{ domain: 'auto.abc.com', purgeCdnCache: true }, { domain: 'manual.abc.com' }],
        },
      ],
    });
    const r = await c.request({
      method: 'GET',
      bucket: 'abc-img',
      subres: 'cname',
      successStatuses: [200],
      xmlResponse: true,
    });
    const flags = Object.fromEntries([].concat(r.data.Cname).map((x: any) => [x.Domain, x.IsPurgeCdnCache]));
    expect(flags).toEqual({ 'auto.abc.com': 'true', 'manual.abc.com': 'false' });
  });
});
