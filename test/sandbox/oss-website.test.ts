/**
 * Issue 15, finding 4 (sandbox side): OSS static website hosting. PutBucketWebsite / GetBucketWebsite /
 * DeleteBucketWebsite with OSS's shapes and errors, and what a bucket with a website configuration answers to an
 * anonymous reader through a bound domain: the index for `/` and `a/`, the redirect for `/a`, the error document with
 * its status, and the single-page-app fallback (the index with 200). Signed requests are not website requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { failure, type OssSandbox, type RawOss, rawRequest, startOssSandbox } from '../support/oss-sandbox.js';

let h: OssSandbox;
let c: RawOss;
beforeAll(async () => {
  h = await startOssSandbox({ seed: 'empty' });
  c = h.client({ bucket: 'abc-site' });
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
          { key: 'docs/index.html', text: '<h1>docs</h1>', contentType: 'text/html' },
          { key: '404.html', text: '<h1>not here</h1>', contentType: 'text/html' },
          { key: 'app.js', text: 'console.log(1)', contentType: 'application/javascript' },
        ],
      },
    ],
  });
});

const websiteXml = (inner: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><WebsiteConfiguration>${inner}</WebsiteConfiguration>`);
const INDEX =
  '<IndexDocument><Suffix>index.html</Suffix><SupportSubDir>true</SupportSubDir><Type>0</Type></IndexDocument>';
const ERROR = (key: string, status: string) =>
  `<ErrorDocument><Key>${key}</Key><HttpStatus>${status}</HttpStatus></ErrorDocument>`;

const putWebsite = (inner: string) =>
  c.request({
    method: 'PUT',
    bucket: 'abc-site',
    subres: 'website',
    mime: 'xml',
    content: websiteXml(inner),
    successStatuses: [200],
  });
const getWebsite = () =>
  c.request({ method: 'GET', bucket: 'abc-site', subres: 'website', successStatuses: [200], xmlResponse: true });
const browse = (path: string, host = 'site.abc.com') =>
  rawRequest(h.sb.url, { path, headers: { host: `${host}:${h.sb.port}` } }).then((r) => ({
    status: r.status,
    text: r.body.toString(),
    headers: r.headers,
  }));

describe('PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite', () => {
  test('a bucket without a website configuration answers 404 NoSuchWebsiteConfiguration', async () => {
    const e = await failure(getWebsite());
    expect(e).toMatchObject({ status: 404, code: 'NoSuchWebsiteConfiguration' });
  });

  test('what is put is read back, HttpStatus included; delete answers 204 and removes it', async () => {
    await putWebsite(INDEX + ERROR('index.html', '200'));
    const r = await getWebsite();
    expect(r.data).toMatchObject({
      IndexDocument: { Suffix: 'index.html', SupportSubDir: 'true', Type: '0' },
      ErrorDocument: { Key: 'index.html', HttpStatus: '200' },
    });
    expect(h.sb.control.calls({ action: 'PutBucketWebsite' })).toHaveLength(1);
    const del = await c.request({ method: 'DELETE', bucket: 'abc-site', subres: 'website', successStatuses: [204] });
    expect(del.status).toBe(204);
    expect(await failure(getWebsite())).toMatchObject({ code: 'NoSuchWebsiteConfiguration' });
  });

  test('a HttpStatus that is not a number is InvalidArgument with its EC; an empty configuration is MalformedXML', async () => {
    expect(await failure(putWebsite(INDEX + ERROR('404.html', 'four')))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      ecCode: '0019-00000002',
    });
    expect(await failure(putWebsite(''))).toMatchObject({ status: 400, code: 'MalformedXML' });
    expect(await failure(putWebsite('<IndexDocument><Suffix>a/b.html</Suffix></IndexDocument>'))).toMatchObject({
      code: 'InvalidArgument',
    });
  });
});

describe('a website through a bound domain', () => {
  test('/ serves the index inline, a/ the sub-directory index, /a redirects to /a/', async () => {
    await putWebsite(INDEX + ERROR('404.html', '404'));
    const home = await browse('/');
    expect(home).toMatchObject({ status: 200, text: '<h1>home</h1>' });
    expect(home.headers['content-type']).toBe('text/html');
    expect(home.headers['content-disposition']).toBeUndefined();
    expect(await browse('/docs/')).toMatchObject({ status: 200, text: '<h1>docs</h1>' });
    expect(await browse('/docs')).toMatchObject({
      status: 302,
      headers: expect.objectContaining({ location: '/docs/' }),
    });
    expect(await browse('/app.js')).toMatchObject({ status: 200, text: 'console.log(1)' });
  });

  test('without SupportSubDir, a/ serves the root index', async () => {
    await putWebsite('<IndexDocument><Suffix>index.html</Suffix></IndexDocument>');
    expect(await browse('/docs/')).toMatchObject({ status: 200, text: '<h1>home</h1>' });
  });

  test('a missing key gets the error document with its status; without one, NoSuchKey', async () => {
    await putWebsite(INDEX + ERROR('404.html', '404'));
    expect(await browse('/nope.html')).toMatchObject({ status: 404, text: '<h1>not here</h1>' });
    await putWebsite(INDEX);
    const bare = await browse('/nope.html');
    expect(bare.status).toBe(404);
    expect(bare.text).toContain('<Code>NoSuchKey</Code>');
  });

  test('single-page app: the error document is the index, served with 200 for any unknown path', async () => {
    await putWebsite(INDEX + ERROR('index.html', '200'));
    expect(await browse('/users/42/settings')).toMatchObject({ status: 200, text: '<h1>home</h1>' });
  });

  test('on the default domain the website answers too, but the page downloads', async () => {
    await putWebsite(INDEX);
    const r = await browse('/', 'abc-site.oss-cn-hangzhou.aliyuncs.com');
    expect(r).toMatchObject({ status: 200, text: '<h1>home</h1>' });
    expect(r.headers['content-disposition']).toBe('attachment');
  });

  test('a signed GET / lists the bucket: website rules are for anonymous readers', async () => {
    await putWebsite(INDEX);
    const list = await c.list({});
    expect(list.objects.map((o: { name: string }) => o.name)).toContain('index.html');
  });

  test('a private bucket refuses anonymous readers, website or not', async () => {
    await putWebsite(INDEX + ERROR('404.html', '404'));
    h.sb.world.buckets.get('abc-site')!.acl = 'private';
    const r = await browse('/');
    expect(r.status).toBe(403);
    expect(r.text).toContain('<Code>AccessDenied</Code>');
  });
});
