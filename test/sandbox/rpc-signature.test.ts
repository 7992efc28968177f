/**
 * The sandbox's RPC signature check, through the official SDKs (ACS3-HMAC-SHA256, the default, and the legacy
 * HMAC-SHA1 path): good signatures pass, and a wrong secret, an unknown key, bytes changed in transit, a skewed
 * clock or a half-built Authorization header are refused with the gateway's codes — before any state changes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as $Alidns from '@alicloud/alidns20150109';
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failure, type RpcSandbox, startRpcSandbox } from '../support/rpc-sandbox.js';

let h: RpcSandbox;
beforeAll(async () => {
  h = await startRpcSandbox({
    seed: {
      zones: [{ name: 'abc.com' }],
      cdn: [{ domain: 'img.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' }],
    },
  });
});
afterAll(() => h.stop());

const legacy = { signatureAlgorithm: 'v2' } as const;
const list = new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com', pageSize: 500 });

/** A man in the middle: forwards to the sandbox after `edit` rewrote the request URL and body. */
async function tamperingProxy(edit: (url: string, body: Buffer) => { url: string; body: Buffer }) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = edit(req.url ?? '/', Buffer.concat(chunks));
      const headers = { ...req.headers, 'content-length': String(out.body.length) };
      delete headers['transfer-encoding'];
      const up = http.request(`${h.sb.url}${out.url}`, { method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.end(out.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

describe.each([
  ['ACS3-HMAC-SHA256', {}],
  ['legacy HMAC-SHA1', legacy],
])('%s', (_name, signing) => {
  test('a correctly signed call is accepted', async () => {
    const r = await h.alidns(signing).describeDomainRecords(list);
    expect(r.statusCode).toBe(200);
    expect(r.body?.totalCount).toBe(0);
  });

  test('a wrong secret is SignatureDoesNotMatch 400, and the write does not happen', async () => {
    const e = await failure(
      h
        .alidns({ ...signing, accessKeySecret: 'not-the-secret' })
        .addDomainRecord(
          new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: 'x', type: 'A', value: '192.0.2.1' }),
        ),
    );
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.statusCode).toBe(400);
    expect(e.data.Message).toContain('Specified signature is not matched with our calculation');
    expect(h.sb.world.zones.get('abc.com')?.records.size).toBe(0);
  });

  test('an unknown AccessKey id is InvalidAccessKeyId.NotFound 404', async () => {
    const e = await failure(
      h.alidns({ ...signing, accessKeyId: 'LTAI5tNobodyHasThisKey' }).describeDomainRecords(list),
    );
    expect(e.code).toBe('InvalidAccessKeyId.NotFound');
    expect(e.statusCode).toBe(404);
  });

  test('a query value changed in transit breaks the signature', async () => {
    const proxy = await tamperingProxy((url, body) => ({ url: url.replace('PageSize=500', 'PageSize=499'), body }));
    try {
      const e = await failure(h.alidns({ ...signing, endpoint: proxy.endpoint }).describeDomainRecords(list));
      expect(e.code).toBe('SignatureDoesNotMatch');
      // Untouched, the same proxy passes the call through.
      const ok = await h
        .alidns({ ...signing, endpoint: proxy.endpoint })
        .describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com' }));
      expect(ok.statusCode).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  test('a form body changed in transit breaks the signature (RefreshObjectCaches)', async () => {
    const proxy = await tamperingProxy((url, body) => ({
      url,
      body: Buffer.from(body.toString().replace('a.png', 'b.png')),
    }));
    try {
      const e = await failure(
        h
          .cdn({ ...signing, endpoint: proxy.endpoint })
          .refreshObjectCaches(new $Cdn.RefreshObjectCachesRequest({ objectPath: 'http://img.abc.com/a.png' })),
      );
      expect(e.code).toBe('SignatureDoesNotMatch');
      expect(h.sb.world.refreshTasks).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  test('an STS security token is accepted alongside the key', async () => {
    const r = await h.alidns({ ...signing, securityToken: 'CAIS-sandbox-session-token' }).describeDomainRecords(list);
    expect(r.statusCode).toBe(200);
  });

  test('a request time more than 15 minutes from the server clock is InvalidTimeStamp.Expired', async () => {
    h.advance(16 * 60_000);
    try {
      const e = await failure(h.alidns(signing).describeDomainRecords(list));
      expect(e.code).toBe('InvalidTimeStamp.Expired');
      expect(e.statusCode).toBe(400);
    } finally {
      h.advance(-16 * 60_000);
    }
  });
});

describe('incomplete signatures', () => {
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${h.sb.url}${path}`, { method: 'POST', headers }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, string>,
    }));

  test('an ACS3 Authorization header without a Signature is IncompleteSignature 400', async () => {
    const r = await post('/?DomainName=abc.com', {
      'x-acs-action': 'DescribeDomainRecords',
      'x-acs-version': '2015-01-09',
      'x-acs-date': new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      'x-acs-signature-nonce': 'n1',
      authorization: `ACS3-HMAC-SHA256 Credential=${h.sb.credentials.accessKeyId},SignedHeaders=host;x-acs-date`,
    });
    expect(r.status).toBe(400);
    expect(r.body.Code).toBe('IncompleteSignature');
    expect(r.body.Message).toContain('no Signature');
  });

  test('an ACS3 request without x-acs-date is IncompleteSignature', async () => {
    const r = await post('/', {
      'x-acs-action': 'DescribeDomains',
      'x-acs-version': '2015-01-09',
      authorization: `ACS3-HMAC-SHA256 Credential=${h.sb.credentials.accessKeyId},SignedHeaders=host,Signature=00`,
    });
    expect(r.body.Code).toBe('IncompleteSignature');
    expect(r.body.Message).toContain('x-acs-date');
  });

  test('a legacy request without a Signature parameter is IncompleteSignature', async () => {
    const r = await post(`/?Action=DescribeDomains&Version=2015-01-09&AccessKeyId=${h.sb.credentials.accessKeyId}`, {});
    expect(r.status).toBe(400);
    expect(r.body.Code).toBe('IncompleteSignature');
  });
});
