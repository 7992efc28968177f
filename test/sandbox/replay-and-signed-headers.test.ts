/**
 * Issue 11 findings 1–3, sent as a new user (or an attacker on the path) would send them: a captured SDK request
 * replayed byte for byte (single-use nonces, ACS3 and HMAC-SHA1), ACS3 requests that leave a common header unsigned
 * (so `x-acs-action` could be swapped on a valid signature), and OSS V4 with a payload hash instead of
 * UNSIGNED-PAYLOAD — each signed correctly by the documented algorithm, so only the rule under test can refuse it.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NONCE_WINDOW_MS, NonceStore } from '../../src/sandbox/rpc/nonces.js';
import { rawRequest } from '../support/oss-sandbox.js';
import { type RpcSandbox, startRpcSandbox } from '../support/rpc-sandbox.js';
import { acs3, acsDate, ossV4, v4Date } from './signing.js';

let h: RpcSandbox;
beforeAll(async () => {
  h = await startRpcSandbox({
    seed: {
      zones: [{ name: 'abc.com' }],
      buckets: [{ name: 'abc-img', region: 'cn-hangzhou', objects: [{ key: 'a.txt', text: 'a' }] }],
    },
  });
});
afterAll(() => h.stop());

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Points an SDK at a recorder that keeps each request and forwards it to the sandbox unchanged. */
async function recorder() {
  const seen: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const captured = {
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks),
      };
      seen.push(captured);
      const r = await send(captured);
      res.writeHead(r.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(r.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Sends a request to the sandbox exactly as given (Host included, chunked framing dropped). */
function send(c: Captured) {
  const headers: Record<string, string> = { ...c.headers, 'content-length': String(c.body.length) };
  delete headers['transfer-encoding'];
  return rawRequest(h.sb.url, { method: c.method, path: c.url, headers, body: c.body });
}

const rpcJson = (r: { status: number; body: Buffer }) => ({
  status: r.status,
  ...(JSON.parse(r.body.toString()) as { Code?: string; Message?: string }),
});

describe('finding 1: a signature nonce is accepted once', () => {
  test.each([
    ['ACS3-HMAC-SHA256', {}],
    ['HMAC-SHA1 (RPC signature V2)', { signatureAlgorithm: 'v2' }],
  ])(
    '%s: a captured AddDomainRecord replayed is SignatureNonceUsed 400, and the record is added once',
    async (_n, signing) => {
      const rec = await recorder();
      try {
        const rr = `replay-${Object.keys(signing).length}`;
        await h
          .alidns({ ...signing, endpoint: rec.endpoint })
          .addDomainRecord(
            new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: rr, type: 'A', value: '192.0.2.1' }),
          );
        const again = rpcJson(await send(rec.seen[0]!));
        expect(again).toMatchObject({
          status: 400,
          Code: 'SignatureNonceUsed',
          Message: 'Specified signature nonce was used already.',
        });
        const added = [...h.sb.world.zones.get('abc.com')!.records.values()].filter((r) => r.rr === rr);
        expect(added).toHaveLength(1);
      } finally {
        await rec.close();
      }
    },
  );

  test('the SDK signs every call with a new nonce, so repeated calls all pass', async () => {
    const dns = h.alidns();
    const list = new $Alidns.DescribeDomainRecordsRequest({ domainName: 'abc.com' });
    for (let i = 0; i < 5; i++) expect((await dns.describeDomainRecords(list)).statusCode).toBe(200);
  });

  test('a nonce is remembered for 31 minutes, per AccessKey', () => {
    const store = new NonceStore();
    expect(store.use('AK1', 'n', 0)).toBe(true);
    expect(store.use('AK2', 'n', 0)).toBe(true);
    expect(store.use('AK1', 'n', NONCE_WINDOW_MS - 1)).toBe(false);
    expect(store.use('AK1', 'n', NONCE_WINDOW_MS)).toBe(true);
    expect(NONCE_WINDOW_MS).toBe(31 * 60_000);
  });
});

describe('finding 2: ACS3 must sign host, content-type and every x-acs-* header, and hash the body', () => {
  const post = (
    query: Record<string, string>,
    action: string,
    opts: { signed?: string[]; drop?: string[]; body?: Buffer; hashOf?: Buffer } = {},
  ) => {
    const base: Record<string, string> = {
      host: new URL(h.sb.url).host,
      'x-acs-action': action,
      'x-acs-version': '2015-01-09',
      'x-acs-date': acsDate(Date.now()),
      'x-acs-signature-nonce': `n-${Math.random()}`,
    };
    if (opts.body) base['content-type'] = 'application/x-www-form-urlencoded';
    if (opts.hashOf) base['x-acs-content-sha256'] = createHash('sha256').update(opts.hashOf).digest('hex');
    const signed = acs3({
      query,
      headers: base,
      body: opts.body,
      accessKeyId: h.sb.credentials.accessKeyId,
      secret: h.sb.credentials.accessKeySecret,
      signed: opts.signed,
    });
    for (const d of opts.drop ?? []) delete signed.headers[d];
    return {
      signed,
      send: (headers = signed.headers) =>
        rawRequest(h.sb.url, { method: 'POST', path: `/?${signed.queryString}`, headers, body: opts.body }),
    };
  };

  test('fully signed by the documented rule, a hand-made request is accepted', async () => {
    const r = rpcJson(await post({ DomainName: 'abc.com' }, 'DescribeDomainRecords').send());
    expect(r.status).toBe(200);
  });

  test('x-acs-action left out of SignedHeaders: IncompleteSignature, so another API cannot run on the signature', async () => {
    const req = post({ DomainName: 'abc.com', RR: 'swapped', Type: 'A', Value: '192.0.2.9' }, 'DescribeDomainRecords', {
      signed: ['host', 'x-acs-date'],
    });
    const swapped = { ...req.signed.headers, 'x-acs-action': 'AddDomainRecord' };
    const r = rpcJson(await req.send(swapped));
    expect(r).toMatchObject({ status: 400, Code: 'IncompleteSignature' });
    expect(r.Message).toContain('the x-acs-action header is not signed');
    expect([...h.sb.world.zones.get('abc.com')!.records.values()].some((x) => x.rr === 'swapped')).toBe(false);
  });

  test.each(['x-acs-version', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'host'])(
    '%s unsigned: IncompleteSignature naming it',
    async (name) => {
      const all = [
        'host',
        'x-acs-action',
        'x-acs-version',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-content-sha256',
      ];
      const r = rpcJson(
        await post({ DomainName: 'abc.com' }, 'DescribeDomainRecords', {
          signed: all.filter((n) => n !== name),
        }).send(),
      );
      expect(r).toMatchObject({ status: 400, Code: 'IncompleteSignature' });
      expect(r.Message).toContain(`the ${name} header is not signed`);
    },
  );

  test('a content-type sent but not signed: IncompleteSignature', async () => {
    const body = Buffer.from('DomainName=abc.com');
    const r = rpcJson(
      await post({}, 'DescribeDomainRecords', {
        body,
        signed: [
          'host',
          'x-acs-action',
          'x-acs-version',
          'x-acs-date',
          'x-acs-signature-nonce',
          'x-acs-content-sha256',
        ],
      }).send(),
    );
    expect(r.Message).toContain('the content-type header is not signed');
  });

  test('no x-acs-content-sha256: IncompleteSignature; one that is not the body hash: SignatureDoesNotMatch', async () => {
    const missing = post({ DomainName: 'abc.com' }, 'DescribeDomainRecords', {
      signed: ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce'],
      drop: ['x-acs-content-sha256'],
    });
    expect(rpcJson(await missing.send()).Message).toContain('x-acs-content-sha256 header is missing');
    const body = Buffer.from('DomainName=abc.com');
    const other = post({}, 'DescribeDomainRecords', { body, hashOf: Buffer.from('DomainName=xyz.com') });
    expect(rpcJson(await other.send())).toMatchObject({ status: 400, Code: 'SignatureDoesNotMatch' });
  });
});

describe('finding 3: OSS V4 accepts only x-oss-content-sha256: UNSIGNED-PAYLOAD', () => {
  const put = (payload: string | undefined) => {
    const dateTime = v4Date(Date.now());
    const body = Buffer.from('changed');
    const xoss: Record<string, string> = { 'x-oss-date': dateTime };
    if (payload !== undefined) xoss['x-oss-content-sha256'] = payload;
    const names = Object.keys(xoss).sort();
    const canonicalRequest = [
      'PUT',
      '/abc-img/a.txt',
      '',
      names.map((n) => `${n}:${xoss[n]}\n`).join(''),
      '',
      payload ?? 'UNSIGNED-PAYLOAD',
    ].join('\n');
    const { signature } = ossV4({
      canonicalRequest,
      dateTime,
      region: 'cn-hangzhou',
      secret: h.sb.credentials.accessKeySecret,
    });
    const authorization = `OSS4-HMAC-SHA256 Credential=${h.sb.credentials.accessKeyId}/${dateTime.slice(0, 8)}/cn-hangzhou/oss/aliyun_v4_request,Signature=${signature}`;
    return rawRequest(h.sb.url, { method: 'PUT', path: '/abc-img/a.txt', headers: { ...xoss, authorization }, body });
  };

  test('UNSIGNED-PAYLOAD, signed by hand, is accepted', async () => {
    expect((await put('UNSIGNED-PAYLOAD')).status).toBe(200);
  });

  test.each([
    ['the SHA-256 of the body', 'd5b8a6b6b0b8e0e5c1f0e6b2a8a0e9e0d4c2b8e7f1a3c5d7e9f1a3c5d7e9f1a3'],
    ['absent', undefined],
  ])('%s, correctly signed: 400 InvalidArgument, EC 0002-00000214, and nothing is written', async (_n, value) => {
    h.sb.world.buckets.get('abc-img')!.objects.get('a.txt')!.body = Buffer.from('a');
    const r = await put(value);
    expect(r.status).toBe(400);
    const xml = r.body.toString();
    expect(xml).toContain('<Code>InvalidArgument</Code>');
    expect(xml).toContain('<Message>The x-oss-content-sha256 only supports UNSIGNED-PAYLOAD.</Message>');
    expect(xml).toContain('<ArgumentName>x-oss-content-sha256</ArgumentName>');
    expect(xml).toContain('<EC>0002-00000214</EC>');
    expect(r.headers['x-oss-ec']).toBe('0002-00000214');
    expect(h.sb.world.buckets.get('abc-img')!.objects.get('a.txt')!.body.toString()).toBe('a');
  });
});
