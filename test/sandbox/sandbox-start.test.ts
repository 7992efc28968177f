/**
 * startSandbox: what it returns (the contract's environment, exactly), its options, and the HTTP front's RPC
 * behaviour that every product shares — version routing, unknown actions, the gateway's headers, chunked bodies and
 * long URLs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { cdnStatus } from '../../src/sandbox/state.js';
import { failure, rawRequest } from '../support/oss-sandbox.js';
import { rawCall, rpcClients } from '../support/rpc-sandbox.js';

describe('startSandbox', () => {
  test('returns exactly the contract environment, pointing at itself, and stops cleanly', async () => {
    const sb = await startSandbox();
    try {
      expect(sb.url).toBe(`http://127.0.0.1:${sb.port}`);
      expect(sb.dnsPort).toBeGreaterThan(0);
      expect(sb.env).toEqual({
        ALIBABA_CLOUD_ACCESS_KEY_ID: sb.credentials.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: sb.credentials.accessKeySecret,
        OSS_DOMAINS_OSS_ENDPOINT: sb.url,
        OSS_DOMAINS_DNS_ENDPOINT: sb.url,
        OSS_DOMAINS_CDN_ENDPOINT: sb.url,
        OSS_DOMAINS_RESOLVER: `127.0.0.1:${sb.dnsPort}`,
      });
      expect((await rawRequest(sb.url, { path: '/__sandbox/health' })).status).toBe(200);
    } finally {
      await sb.stop();
      await sb.stop();
    }
    await expect(rawRequest(sb.url, { path: '/__sandbox/health' })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('without a DNS server there is no resolver variable; seeds come from files; timing options win', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-')), 'seed.yml');
    writeFileSync(file, 'timing: { ownershipDelayMs: 1 }\nbuckets: [{ name: only-bucket, region: cn-beijing }]\n');
    const sb = await startSandbox({ dnsPort: false, seed: file, timing: { ownershipDelayMs: 30_000 } });
    try {
      expect(sb.dnsPort).toBe(0);
      expect('OSS_DOMAINS_RESOLVER' in sb.env).toBe(false);
      expect([...sb.world.buckets.keys()]).toEqual(['only-bucket']);
      expect(sb.world.timing.ownershipDelayMs).toBe(30_000);
      sb.control.reset();
      expect(sb.world.timing.ownershipDelayMs).toBe(30_000);
      expect([...sb.world.buckets.keys()]).toEqual(['only-bucket']);
    } finally {
      await sb.stop();
    }
  });

  test("the timing option wins over the seed's, also for a CDN domain the seed declares configuring", async () => {
    const t0 = Date.UTC(2026, 10, 28, 12, 0, 0);
    let now = t0;
    const sb = await startSandbox({
      dnsPort: false,
      clock: () => now,
      seed: {
        timing: { cdnOnlineDelayMs: 1_000 },
        cdn: [{ domain: 'cdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com', status: 'configuring' }],
      },
      timing: { cdnOnlineDelayMs: 60_000 },
    });
    try {
      const status = () => cdnStatus(sb.world.cdn.get('cdn.abc.com')!, now);
      now = t0 + 59_000;
      expect(status()).toBe('configuring');
      now = t0 + 60_000;
      expect(status()).toBe('online');
      now = t0;
      sb.control.reset();
      now = t0 + 59_000;
      expect(status()).toBe('configuring');
    } finally {
      await sb.stop();
    }
  });

  test('two sandboxes are independent worlds on their own ports', async () => {
    const [a, b] = await Promise.all([
      startSandbox({ dnsPort: false }),
      startSandbox({ dnsPort: false, seed: 'empty' }),
    ]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.world.buckets.size).toBe(1);
      expect(b.world.buckets.size).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('the HTTP front', () => {
  test('RPC: unknown actions and versions get gateway errors with the gateway headers', async () => {
    const sb = await startSandbox({ dnsPort: false });
    try {
      const client = rpcClients(sb).alidns();
      const unknown = await failure(rawCall(client, 'DescribeNothing', {}));
      expect([unknown.code, unknown.statusCode]).toEqual(['InvalidAction.NotFound', 400]);
      expect(unknown.data.HostId).toBe('alidns.aliyuncs.com');
      expect(unknown.data.Recommend).toContain('InvalidAction.NotFound');
      const version = await failure(rawCall(client, 'DescribeDomains', {}, '2099-01-01'));
      expect([version.code, version.statusCode]).toEqual(['InvalidVersion', 400]);

      const r = await rawRequest(sb.url, { method: 'POST', path: '/?Action=DescribeDomains&Version=2015-01-09' });
      expect(r.headers['content-type']).toBe('application/json;charset=utf-8');
      expect(r.headers['x-acs-request-id']).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      expect(r.headers['x-acs-trace-id']).toMatch(/^[0-9a-f]{32}$/);
      const body = JSON.parse(r.body.toString());
      expect(body.RequestId).toBe(r.headers['x-acs-request-id']);
      expect(sb.control.calls().map((c) => [c.service, c.action, c.status])).toEqual([
        ['alidns', 'DescribeNothing', 400],
        ['alidns', 'DescribeDomains', 400],
        ['alidns', 'DescribeDomains', r.status],
      ]);
    } finally {
      await sb.stop();
    }
  });

  test('accepts chunked request bodies and request lines far over 16 KB', async () => {
    const sb = await startSandbox({ dnsPort: false, seed: 'empty' });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const u = new URL(sb.url);
        const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/__sandbox/seed' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.setHeader('transfer-encoding', 'chunked');
        req.write('buckets:\n');
        req.write('  - { name: chunked-bucket, region: cn-hangzhou }\n');
        req.end();
      });
      expect(status).toBe(200);
      expect(sb.world.buckets.has('chunked-bucket')).toBe(true);
      const long = await rawRequest(sb.url, { path: `/__sandbox/health?pem=${'A'.repeat(40_000)}` });
      expect(long.status).toBe(200);
    } finally {
      await sb.stop();
    }
  });
});
