/**
 * Issue 15, findings 2, 3 and 5 (sandbox side): what a CDN domain's functions do at the edge. By default CDN fetches
 * from an `oss` origin with the bucket's own domain as Host, so OSS forces web pages to download; with
 * `set_req_host_header` = a domain bound to the bucket they open inline. A private bucket refuses CDN's anonymous
 * fetches unless `l2_oss_key` signs them. `https_force` redirects plain HTTP, `HSTS` is sent over HTTPS, and a
 * function acts only once its configuration is `success`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type OssSandbox, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';
import type { CdnClient } from '../support/rpc-sandbox.js';
import { rawCall, rpcClients } from '../support/rpc-sandbox.js';

const ORIGIN = 'abc-site.oss-cn-hangzhou.aliyuncs.com';

let h: OssSandbox;
let cdn: CdnClient;
beforeAll(async () => {
  h = await startOssSandbox({ seed: 'empty', timing: { cdnConfigDelayMs: 0 } });
  cdn = rpcClients(h.sb).cdn();
});
afterAll(() => h.stop());
beforeEach(() => {
  h.sb.control.reset();
  h.sb.control.seed({
    buckets: [
      {
        name: 'abc-site',
        region: 'cn-hangzhou',
        acl: 'public-read',
        cnames: [{ domain: 'site.abc.com' }],
        objects: [
          { key: 'index.html', text: '<h1>home</h1>', contentType: 'text/html' },
          { key: 'about.html', text: '<h1>about</h1>', contentType: 'text/html' },
        ],
      },
    ],
    cdn: [{ domain: 'site.abc.com', origin: ORIGIN }],
  });
});

const edge = (path: string, proto?: 'https') =>
  rawRequest(h.sb.url, {
    path,
    headers: { host: 'site.abc.com', ...(proto ? { 'x-forwarded-proto': proto } : {}) },
  }).then((r) => ({ status: r.status, text: r.body.toString(), headers: r.headers }));
const configure = (functionName: string, args: Record<string, string>) =>
  rawCall(cdn, 'BatchSetCdnDomainConfig', {
    DomainNames: 'site.abc.com',
    Functions: JSON.stringify([
      { functionName, functionArgs: Object.entries(args).map(([argName, argValue]) => ({ argName, argValue })) },
    ]),
  });

describe('the back-to-origin Host', () => {
  test('by default it is the bucket domain: web pages reach the browser as downloads', async () => {
    const r = await edge('/index.html');
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment');
  });

  test('set to a domain bound to the bucket, the same page opens inline', async () => {
    await configure('set_req_host_header', { domain_name: 'site.abc.com' });
    const r = await edge('/about.html');
    expect(r).toMatchObject({ status: 200, text: '<h1>about</h1>' });
    expect(r.headers['content-disposition']).toBeUndefined();
  });

  test('set to a domain the bucket does not hold, OSS finds no bucket', async () => {
    await configure('set_req_host_header', { domain_name: 'other.abc.com' });
    const r = await edge('/about.html');
    expect(r.status).toBe(404);
    expect(r.text).toContain('<Code>NoSuchBucket</Code>');
  });
});

describe('a private origin bucket', () => {
  test('refuses CDN fetches without l2_oss_key, serves them with it', async () => {
    h.sb.world.buckets.get('abc-site')!.acl = 'private';
    const denied = await edge('/index.html');
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('<Code>AccessDenied</Code>');
    await configure('l2_oss_key', { private_oss_auth: 'on' });
    expect(await edge('/about.html')).toMatchObject({ status: 200, text: '<h1>about</h1>' });
  });

  test('a signed fetch is no website request: / is refused as a listing', async () => {
    h.sb.world.buckets.get('abc-site')!.acl = 'private';
    await configure('l2_oss_key', { private_oss_auth: 'on' });
    const r = await edge('/');
    expect(r.status).toBe(403);
    expect(r.text).toContain('forbidden to list buckets');
  });
});

describe('HTTPS at the edge', () => {
  test('https_force answers plain HTTP with a redirect to the same URL over HTTPS (301, or 308)', async () => {
    await configure('https_force', { enable: 'on', https_rewrite: '301' });
    const r = await edge('/about.html?v=2');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('https://site.abc.com/about.html?v=2');
    expect((await edge('/about.html', 'https')).status).toBe(200);
    await configure('https_force', { enable: 'on', https_rewrite: '308' });
    expect((await edge('/about.html')).status).toBe(308);
    await configure('https_force', { enable: 'off' });
    expect((await edge('/about.html')).status).toBe(200);
  });

  test('HSTS is sent over HTTPS only', async () => {
    await configure('HSTS', { enabled: 'on', https_hsts_max_age: '31536000' });
    expect((await edge('/about.html', 'https')).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await edge('/about.html')).headers['strict-transport-security']).toBeUndefined();
  });

  test('a function acts only once its configuration is success', async () => {
    h.sb.world.timing.cdnConfigDelayMs = 5_000;
    await configure('https_force', { enable: 'on' });
    expect((await edge('/about.html')).status).toBe(200);
    h.advance(5_000);
    expect((await edge('/about.html')).status).toBe(301);
  });
});
