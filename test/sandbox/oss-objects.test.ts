/**
 * OSS objects in the sandbox (through ali-oss) and what a browser sees: PutObject with and without
 * `x-oss-forbid-overwrite`, reads, ranges, deletes, listings V1 and V2 with paging, and objects served through a
 * bound custom domain or an online CDN domain — exactly the guide's `curl -H 'Host: img.abc.com' …/logo.png`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  cnameCall,
  cnameXml,
  failure,
  type OssSandbox,
  putRecord,
  type RawOss,
  rawRequest,
  startOssSandbox,
} from '../support/oss-sandbox.js';

let h: OssSandbox;
let c: RawOss;
beforeAll(async () => {
  h = await startOssSandbox();
  c = h.client();
});
afterAll(() => h.stop());
beforeEach(() => h.sb.control.reset());

describe('objects', () => {
  test('put, get, head and delete; the ETag is the MD5 of the body', async () => {
    const put = await c.put('notes/today.txt', Buffer.from('hello'));
    expect(put.res.status).toBe(200);
    expect(put.res.headers.etag).toBe('"5D41402ABC4B2A76B9719D911017C592"');
    const got = await c.get('notes/today.txt');
    expect(got.content.toString()).toBe('hello');
    expect(got.res.headers['content-type']).toBe('text/plain');
    const head = await c.head('notes/today.txt');
    expect(head.res.headers['content-length']).toBe('5');
    await c.delete('notes/today.txt');
    expect((await failure(c.get('notes/today.txt'))).code).toBe('NoSuchKey');
    // Deleting what is not there is a success, as in OSS.
    expect((await c.delete('notes/today.txt')).res.status).toBe(204);
  });

  test('x-oss-forbid-overwrite: true creates once, then answers 409 FileAlreadyExists and keeps the first body', async () => {
    const headers = { 'x-oss-forbid-overwrite': 'true' };
    await c.put('locks/apply.json', Buffer.from('{"holder":"a"}'), { headers });
    const e = await failure(c.put('locks/apply.json', Buffer.from('{"holder":"b"}'), { headers }));
    expect([e.status, e.code]).toEqual([409, 'FileAlreadyExists']);
    expect((await c.get('locks/apply.json')).content.toString()).toBe('{"holder":"a"}');
    await c.put('locks/apply.json', Buffer.from('{"holder":"c"}'));
    expect((await c.get('locks/apply.json')).content.toString()).toBe('{"holder":"c"}');
  });

  test('a body that does not match its Content-MD5 is refused with InvalidDigest', async () => {
    const e = await failure(
      c.put('x.txt', Buffer.from('abc'), { headers: { 'Content-MD5': 'AAAAAAAAAAAAAAAAAAAAAA==' } }),
    );
    expect([e.status, e.code]).toEqual([400, 'InvalidDigest']);
  });

  test('ranges and ETag conditions on GetObject', async () => {
    await c.put('r.txt', Buffer.from('0123456789'));
    const part = await c.get('r.txt', { headers: { Range: 'bytes=2-4' } });
    expect([part.res.status, part.content.toString(), part.res.headers['content-range']]).toEqual([
      206,
      '234',
      'bytes 2-4/10',
    ]);
    const tail = await c.get('r.txt', { headers: { Range: 'bytes=-3' } });
    expect(tail.content.toString()).toBe('789');
    const etag = (await c.head('r.txt')).res.headers.etag;
    const same = await c.get('r.txt', { headers: { 'If-None-Match': etag } });
    expect(same.res.status).toBe(304);
  });
});

describe('listings', () => {
  beforeEach(async () => {
    for (const k of [
      'audit/2026/01/a.json',
      'audit/2026/01/b.json',
      'audit/2026/02/c.json',
      'audit/top.json',
      'z.txt',
    ]) {
      await c.put(k, Buffer.from(k));
    }
  });

  test('V2 pages with continuation tokens until every key under the prefix is seen', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await c.listV2({ prefix: 'audit/', 'max-keys': 2, 'continuation-token': token });
      seen.push(...r.objects.map((o: any) => o.name));
      expect(r.keyCount).toBeLessThanOrEqual(2);
      token = r.isTruncated ? r.nextContinuationToken : undefined;
      pages++;
    } while (token);
    expect(seen).toEqual(['audit/2026/01/a.json', 'audit/2026/01/b.json', 'audit/2026/02/c.json', 'audit/top.json']);
    expect(pages).toBe(2);
  });

  test('V1 pages with markers; a delimiter rolls keys into common prefixes', async () => {
    const first = await c.list({ prefix: 'audit/', 'max-keys': 3 });
    expect(first.isTruncated).toBe(true);
    const rest = await c.list({ prefix: 'audit/', marker: first.nextMarker });
    expect([...first.objects, ...rest.objects].map((o: any) => o.name)).toHaveLength(4);
    const dirs = await c.list({ prefix: 'audit/2026/', delimiter: '/' });
    expect(dirs.prefixes).toEqual(['audit/2026/01/', 'audit/2026/02/']);
    expect(dirs.objects).toEqual([]);
    const paged = await c.listV2({ prefix: 'audit/2026/', delimiter: '/', 'max-keys': 1 });
    const next = await c.listV2({
      prefix: 'audit/2026/',
      delimiter: '/',
      'max-keys': 1,
      'continuation-token': paged.nextContinuationToken,
    });
    expect([...paged.prefixes, ...next.prefixes]).toEqual(['audit/2026/01/', 'audit/2026/02/']);
    expect(next.isTruncated).toBe(false);
  });

  test('ListBuckets pages with prefix, marker and max-keys, as ali-oss reads them', async () => {
    h.sb.control.seed({
      buckets: ['b-one', 'b-two', 'b-three'].map((name) => ({ name, region: 'ap-southeast-1' })),
    });
    const lb = (q: Record<string, unknown>) =>
      (c as unknown as { listBuckets(q: Record<string, unknown>): Promise<any> }).listBuckets(q);
    const first = await lb({ prefix: 'b-', 'max-keys': 2 });
    expect(first.buckets.map((b: any) => [b.name, b.region])).toEqual([
      ['b-one', 'oss-ap-southeast-1'],
      ['b-three', 'oss-ap-southeast-1'],
    ]);
    expect([first.isTruncated, first.nextMarker]).toEqual([true, 'b-three']);
    const rest = await lb({ prefix: 'b-', 'max-keys': 2, marker: first.nextMarker });
    expect(rest.buckets.map((b: any) => b.name)).toEqual(['b-two']);
    expect([rest.isTruncated, rest.nextMarker]).toEqual([false, null]);
    expect((await failure(lb({ 'max-keys': 1001 }))).code).toBe('InvalidArgument');
  });

  test('max-keys outside 0..1000 is InvalidArgument', async () => {
    const e = await failure(c.listV2({ 'max-keys': 5000 }));
    expect([e.status, e.code]).toEqual([400, 'InvalidArgument']);
  });
});

describe('serving through a custom domain', () => {
  const get = (host: string, path = '/logo.png', method = 'GET') =>
    rawRequest(h.sb.url, { method, path, headers: { host: `${host}:${h.sb.port}` } });

  async function bindImg() {
    const t = (await cnameCall(c, 'abc-img', 'token', cnameXml('img.abc.com'))).data.Token;
    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', t, 0);
    await cnameCall(c, 'abc-img', 'add', cnameXml('img.abc.com'));
  }

  test('the logo is an OSS error before binding, and the PNG itself after', async () => {
    const before = await get('img.abc.com');
    expect(before.status).toBe(404);
    expect(before.body.toString()).toContain('<Code>NoSuchBucket</Code>');

    await bindImg();
    const after = await get('img.abc.com');
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toBe('image/png');
    expect(after.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(after.body).toEqual(h.sb.world.buckets.get('abc-img')!.objects.get('logo.png')!.body);
    expect((await get('IMG.ABC.COM')).status).toBe(200);
    expect(h.sb.control.calls({ action: 'GetObject' }).at(-1)).toMatchObject({ via: 'domain', bucket: 'abc-img' });

    const missing = await get('img.abc.com', '/nope.png');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('<Code>NoSuchKey</Code>');
  });

  test('HTML previews inline through the custom domain but downloads from the bucket domain', async () => {
    await c.put('index.html', Buffer.from('<h1>hi</h1>'));
    await bindImg();
    const viaDomain = await get('img.abc.com', '/index.html');
    expect(viaDomain.headers['content-disposition']).toBeUndefined();
    const viaBucket = await get('abc-img.oss-cn-hangzhou.aliyuncs.com', '/index.html');
    expect(viaBucket.headers['content-disposition']).toBe('attachment');
  });

  test('a private bucket does not serve anonymous readers, even through its domain', async () => {
    await bindImg();
    h.sb.world.buckets.get('abc-img')!.acl = 'private';
    const r = await get('img.abc.com');
    expect(r.status).toBe(403);
    expect(r.body.toString()).toContain('<Code>AccessDenied</Code>');
  });

  test('an online CDN domain whose origin is the bucket serves the object; an offline one does not', async () => {
    h.sb.control.seed({ cdn: [{ domain: 'cdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' }] });
    const r = await get('cdn.abc.com');
    expect(r.status).toBe(200);
    expect(r.headers['x-cache']).toMatch(/MISS/);
    expect(r.body.subarray(1, 4).toString()).toBe('PNG');
    const put = await get('cdn.abc.com', '/x.txt', 'PUT');
    expect(put.status).toBe(405);
    h.sb.world.cdn.get('cdn.abc.com')!.status = 'offline';
    expect((await get('cdn.abc.com')).status).toBe(404);
  });
});
