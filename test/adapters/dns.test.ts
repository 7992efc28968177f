/**
 * The DnsPort adapter against the sandbox, configured exactly as the contract's environment says
 * (OSS_DOMAINS_DNS_ENDPOINT + the environment AccessKey): paging, writes, the no-op update, and the mapping of every
 * kind of failure to CloudError — with no secret in any message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { createDnsAdapter } from '../../src/core/aliyun/dns.js';
import { CloudError } from '../../src/core/errors.js';
import type { DnsPort } from '../../src/core/ports.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { cloudFailure } from '../support/failure.js';

let sb: Sandbox;
let dns: DnsPort;

const many = Array.from({ length: 1201 }, (_, i) => ({ rr: `h${i}`, type: 'A', value: `10.1.${i >> 8}.${i & 255}` }));

beforeAll(async () => {
  sb = await startSandbox({
    seed: {
      zones: [
        {
          name: 'abc.com',
          records: [
            { rr: 'www', type: 'A', value: '203.0.113.10' },
            {
              rr: 'Cdn',
              type: 'CNAME',
              value: 'cdn.example.net',
              ttl: 1200,
              line: 'telecom',
              status: 'DISABLE',
              remark: 'oss-domains:team-a',
            },
          ],
        },
        { name: 'big.com', records: many },
        ...Array.from({ length: 103 }, (_, i) => ({ name: `z${i}.net` })),
      ],
    },
    dnsPort: false,
  });
  dns = createDnsAdapter({ credential: credentialSource(sb.env), endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT });
});
afterAll(() => sb.stop());
beforeEach(() => {
  sb.control.clearCalls();
  sb.control.clearFaults();
});

describe('reads page through everything', () => {
  test('listZones: 105 zones in pages of 100', async () => {
    const zones = await dns.listZones();
    expect(zones).toHaveLength(105);
    expect(zones.map((z) => z.name)).toContain('abc.com');
    expect(sb.control.calls({ action: 'DescribeDomains' })).toHaveLength(2);
  });

  test('listRecords: every field of a record as DescribeDomainRecords writes it (RR, Type, TTL, Line, Status, Remark)', async () => {
    const records = await dns.listRecords('abc.com');
    expect(records.find((r) => r.rr === 'cdn')).toEqual({
      recordId: expect.stringMatching(/^\d+$/),
      zone: 'abc.com',
      rr: 'cdn',
      type: 'CNAME',
      value: 'cdn.example.net',
      ttl: 1200,
      line: 'telecom',
      status: 'DISABLE',
      remark: 'oss-domains:team-a',
    });
    expect(records.find((r) => r.rr === 'www')?.remark).toBeUndefined();
  });

  test('listRecords: a zone of 1,201 records in three pages of at most 500', async () => {
    const records = await dns.listRecords('big.com');
    expect(records).toHaveLength(1201);
    expect(new Set(records.map((r) => r.recordId)).size).toBe(1201);
    expect(records[0]).toMatchObject({ zone: 'big.com', type: 'A', ttl: 600, line: 'default', status: 'ENABLE' });
    expect(sb.control.calls({ action: 'DescribeDomainRecords' })).toHaveLength(3);
  });
});

describe('writes', () => {
  test('add, mark, update, no-op update, delete', async () => {
    const added = await dns.addRecord('abc.com', {
      rr: 'img',
      type: 'CNAME',
      value: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
      ttl: 600,
    });
    expect(added.recordId).toMatch(/^\d+$/);
    expect(added.requestId).toBe(sb.control.calls({ action: 'AddDomainRecord' })[0]?.requestId);
    await dns.setRemark(added.recordId, 'oss-domains:web');
    const listed = (await dns.listRecords('abc.com')).find((r) => r.recordId === added.recordId);
    expect(listed).toMatchObject({ rr: 'img', type: 'CNAME', remark: 'oss-domains:web' });

    const changed = await dns.updateRecord(added.recordId, {
      rr: 'img',
      type: 'CNAME',
      value: 'img.abc.com.w.kunlunsl.com',
      ttl: 600,
    });
    expect(changed.unchanged).toBeUndefined();
    const same = await dns.updateRecord(added.recordId, {
      rr: 'img',
      type: 'CNAME',
      value: 'IMG.abc.com.w.kunlunsl.com.',
      ttl: 600,
    });
    expect(same.unchanged).toBe(true);

    await dns.deleteRecord(added.recordId);
    expect((await dns.listRecords('abc.com')).some((r) => r.recordId === added.recordId)).toBe(false);
  });

  test('an update that would copy another record is a real DomainRecordDuplicate, not "unchanged"', async () => {
    const a = await dns.addRecord('abc.com', { rr: 'one', type: 'TXT', value: 'x', ttl: 600 });
    await dns.addRecord('abc.com', { rr: 'one', type: 'TXT', value: 'y', ttl: 600 });
    const e = await cloudFailure(dns.updateRecord(a.recordId, { rr: 'one', type: 'TXT', value: 'y', ttl: 600 }));
    expect([e.code, e.status, e.action]).toEqual(['DomainRecordDuplicate', 400, 'UpdateDomainRecord']);
  });
});

describe('failures become CloudError', () => {
  test('an API error keeps code, status, action and request id, and says what to do', async () => {
    const e = await cloudFailure(
      dns.addRecord('nope.com', { rr: 'img', type: 'CNAME', value: 'x.example.net', ttl: 600 }),
    );
    expect(e).toMatchObject({
      service: 'alidns',
      action: 'AddDomainRecord',
      code: 'InvalidDomainName.NoExist',
      status: 400,
    });
    expect(e.requestId).toBe(sb.control.calls({ failed: true })[0]?.requestId);
    expect(e.hint).toContain('zone is not in this account');
    expect(e.retryable).toBe(false);
    expect(e.describe()).toContain('InvalidDomainName.NoExist');
  });

  test('a conflict names the record in the way', async () => {
    const e = await cloudFailure(
      dns.addRecord('abc.com', { rr: 'www', type: 'CNAME', value: 'x.example.net', ttl: 600 }),
    );
    expect(e.code).toBe('DomainRecordConflict');
    expect(e.message).toContain('A www → 203.0.113.10');
    expect(e.hint).toContain('CNAME must be alone');
  });

  test('throttling is retryable, carries x-acs-retry-after, and the SDK does not retry on its own', async () => {
    sb.control.failNext('DescribeDomains', 1, 'Throttling.User', 400);
    const e = await cloudFailure(dns.listZones());
    expect(e).toMatchObject({ code: 'Throttling.User', status: 400, retryAfterMs: 100 });
    expect(e.throttled).toBe(true);
    expect(e.retryable).toBe(true);
    expect(e.hint).toContain('throttling');
    expect(sb.control.calls({ action: 'DescribeDomains' })).toHaveLength(1);
  });

  test('every code the retry layer treats as throttling gets the throttling hint, not only Throttling.*', async () => {
    sb.control.failNext('DescribeDomains', 1, 'QpsLimitExceeded', 400);
    const e = await cloudFailure(dns.listZones());
    expect([e.code, e.throttled, e.retryable]).toEqual(['QpsLimitExceeded', true, true]);
    expect(e.hint).toContain('throttling');
  });

  test('a 503 is retryable', async () => {
    sb.control.failNext('DeleteDomainRecord', 1, 'ServiceUnavailable', 503);
    const e = await cloudFailure(dns.deleteRecord('100001'));
    expect([e.code, e.status, e.retryable]).toEqual(['ServiceUnavailable', 503, true]);
  });

  test('a connection reset mid-call is a network error (status -1, retryable)', async () => {
    sb.control.setFaults({ resetRate: 1, actions: ['DescribeDomains'] });
    const e = await cloudFailure(dns.listZones());
    expect([e.status, e.retryable]).toEqual([-1, true]);
    expect(e.code).toMatch(/^E[A-Z]+/);
  });

  test('a wrong secret says which variable to check, and the secret appears nowhere', async () => {
    const secret = 'wrong-secret-value-123';
    const bad = createDnsAdapter({
      credential: credentialSource({ ...sb.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret }),
      endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT,
    });
    const e = await cloudFailure(bad.listZones());
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.hint).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(JSON.stringify(e.toJSON()) + e.describe()).not.toContain(secret);
    expect(e.message).not.toMatch(/string to sign/i);
  });

  test('nothing listening is a network error (status -1, retryable)', async () => {
    const idle = http.createServer();
    await new Promise<void>((ok) => idle.listen(0, '127.0.0.1', ok));
    const { port } = idle.address() as AddressInfo;
    await new Promise<void>((ok) => idle.close(() => ok()));
    const down = createDnsAdapter({ credential: credentialSource(sb.env), endpoint: `http://127.0.0.1:${port}` });
    const e = await cloudFailure(down.listZones());
    expect([e.code, e.status, e.retryable]).toEqual(['ECONNREFUSED', -1, true]);
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  test('a server that does not answer in time is a timeout (status -2); HTML is InvalidResponse; a bare 403 is HTTP403', async () => {
    const server = http.createServer((req, res) => {
      if (req.headers['x-acs-action'] === 'DescribeDomains') return; // never answer
      if (req.headers['x-acs-action'] === 'DeleteDomainRecord') {
        res.writeHead(403, { 'content-type': 'application/json' });
        return res.end('{"message":"blocked by proxy"}');
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const slow = createDnsAdapter({ credential: credentialSource(sb.env), endpoint, timeoutMs: 200 });
      const t = await cloudFailure(slow.listZones());
      expect([t.code, t.status, t.retryable]).toEqual(['RequestTimeoutError', -2, true]);
      const html = await cloudFailure(slow.listRecords('abc.com'));
      expect([html.code, html.retryable]).toEqual(['InvalidResponse', false]);
      expect(html.hint).toContain('OSS_DOMAINS_DNS_ENDPOINT');
      const proxy = await cloudFailure(slow.deleteRecord('1'));
      expect([proxy.code, proxy.status, proxy.requestId]).toEqual(['HTTP403', 403, undefined]);
      expect(proxy.hint).toContain('without an Alibaba Cloud error code');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  test('an endpoint that is not a URL is a configuration error', () => {
    expect(() => createDnsAdapter({ credential: credentialSource(sb.env), endpoint: 'ftp://x' })).toThrow(CloudError);
  });
});
