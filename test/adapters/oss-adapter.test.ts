/**
 * The OssPort adapter (ali-oss) against the sandbox over real HTTP: every method, ListCname's one/many/none quirk,
 * and failures turned into CloudError with the service, API, code, status, request id and a hint — never with a
 * credential in any of it.
 */
import AlidnsModule, * as $Alidns from '@alicloud/alidns20150109';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sdkClass } from '../../src/core/aliyun/openapi.js';
import { createOssAdapter } from '../../src/core/aliyun/oss.js';
import type { AccessKey } from '../../src/core/aliyun/types.js';
import { CloudError } from '../../src/core/errors.js';
import type { OssPort } from '../../src/core/ports.js';
import { failure, type OssSandbox, putRecord, startOssSandbox } from '../support/oss-sandbox.js';

const Alidns = sdkClass<typeof AlidnsModule.default>(AlidnsModule);
let h: OssSandbox;
let oss: OssPort;
const key = (): AccessKey => ({ ...h.sb.credentials });

beforeAll(async () => {
  h = await startOssSandbox({ seed: 'empty' });
  oss = createOssAdapter({ credential: async () => key(), endpoint: h.sb.url });
});
afterAll(() => h.stop());
beforeEach(() =>
  h.sb.control.reset({
    zones: [{ name: 'abc.com' }, { name: 'nofiling.cn' }],
    buckets: [
      { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' },
      { name: 'abc-img-2', region: 'cn-hangzhou' },
      { name: 'abc-sg', region: 'ap-southeast-1' },
    ],
    certificates: [{ id: '12345', domains: ['*.abc.com'] }],
    unfiled: ['nofiling.cn'],
  }),
);

async function bind(bucket: string, domain: string) {
  const t = await oss.createCnameToken(bucket, 'cn-hangzhou', domain);
  putRecord(h.sb.world, `_dnsauth.${domain}`, 'TXT', t.token, 0);
  return oss.putCname(bucket, 'cn-hangzhou', domain);
}

describe('CNAME calls', () => {
  test('the whole binding: token (stable), ownership, bind, certificate on and off, unbind', async () => {
    const t = await oss.createCnameToken('abc-img', 'cn-hangzhou', 'img.abc.com');
    expect(t.token).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(t.expireTime)).toBeGreaterThan(Date.now());
    expect(t.requestId).toBe(h.sb.control.calls({ action: 'CreateCnameToken' })[0]!.requestId);
    const again = await oss.createCnameToken('abc-img', 'cn-hangzhou', 'img.abc.com');
    expect([again.token, again.expireTime]).toEqual([t.token, t.expireTime]);

    const e = await failure(oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com'));
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ service: 'oss', action: 'PutCname', code: 'NeedVerifyDomainOwnership', status: 403 });
    expect(e.requestId).toBe(h.sb.control.calls({ action: 'PutCname' })[0]!.requestId);
    expect(e.hint).toContain('_dnsauth.img.abc.com');
    expect(e.retryable).toBe(false);

    putRecord(h.sb.world, '_dnsauth.img.abc.com', 'TXT', t.token, 0);
    const put = await oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com');
    expect(put.requestId).toMatch(/^[0-9A-F]{24}$/);
    const [b] = await oss.listCnames('abc-img', 'cn-hangzhou');
    expect(b).toMatchObject({ domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', status: 'Enabled' });
    expect(b!.certificate).toBeUndefined();

    await oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com', { certId: '12345' });
    const [withCert] = await oss.listCnames('abc-img', 'cn-hangzhou');
    expect(withCert!.certificate).toMatchObject({ certId: '12345-cn-hangzhou', type: 'CAS', status: 'Enabled' });
    expect(withCert!.certificate!.validEndDate).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    await oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com', { delete: true });
    expect((await oss.listCnames('abc-img', 'cn-hangzhou'))[0]!.certificate).toBeUndefined();

    await oss.deleteCname('abc-img', 'cn-hangzhou', 'img.abc.com');
    expect(await oss.deleteCname('abc-img', 'cn-hangzhou', 'img.abc.com')).toHaveProperty('requestId');
    expect(await oss.listCnames('abc-img', 'cn-hangzhou')).toEqual([]);
  });

  test('listCnames is always an array: none, one or many', async () => {
    expect(await oss.listCnames('abc-img', 'cn-hangzhou')).toEqual([]);
    await bind('abc-img', 'a.abc.com');
    expect((await oss.listCnames('abc-img', 'cn-hangzhou')).map((b) => b.domain)).toEqual(['a.abc.com']);
    await bind('abc-img', 'b.abc.com');
    expect((await oss.listCnames('abc-img', 'cn-hangzhou')).map((b) => b.domain).sort()).toEqual([
      'a.abc.com',
      'b.abc.com',
    ]);
  });

  test('CnameAlreadyExists, NoSuchCnameInRecord, NoSuchBucket and the wrong region carry codes and hints', async () => {
    await bind('abc-img', 'img.abc.com');
    const taken = await failure(bind('abc-img-2', 'img.abc.com'));
    expect([taken.code, taken.status]).toEqual(['CnameAlreadyExists', 409]);
    expect(taken.hint).toContain('another bucket');

    const icp = await failure(bind('abc-img', 'img.nofiling.cn'));
    expect([icp.code, icp.status]).toEqual(['NoSuchCnameInRecord', 404]);
    expect(icp.hint).toContain('ICP');

    const missing = await failure(oss.listCnames('no-such-bucket', 'cn-hangzhou'));
    expect([missing.code, missing.status, missing.action]).toEqual(['NoSuchBucket', 404, 'ListCname']);
    expect(missing.hint).toContain('no-such-bucket');

    const region = await failure(oss.listCnames('abc-sg', 'cn-hangzhou'));
    expect([region.code, region.status]).toEqual(['AccessDenied', 403]);
    expect(region.hint).toContain('not in cn-hangzhou');
  });

  test('listBuckets pages through every bucket of the account, with its region', async () => {
    h.sb.control.seed({
      buckets: Array.from({ length: 1003 }, (_, i) => ({
        name: `zz-${String(i).padStart(4, '0')}`,
        region: 'cn-beijing',
      })),
    });
    h.sb.control.clearCalls();
    const all = await oss.listBuckets();
    expect(all).toHaveLength(1006);
    expect(all.slice(0, 3)).toEqual([
      { bucket: 'abc-img', region: 'cn-hangzhou' },
      { bucket: 'abc-img-2', region: 'cn-hangzhou' },
      { bucket: 'abc-sg', region: 'ap-southeast-1' },
    ]);
    expect(all.at(-1)).toEqual({ bucket: 'zz-1002', region: 'cn-beijing' });
    expect(h.sb.control.calls({ action: 'ListBuckets' }).map((c) => c.status)).toEqual([200, 200]);
  });

  test('getBucketRegion finds any bucket from one endpoint', async () => {
    expect(await oss.getBucketRegion('abc-img')).toBe('cn-hangzhou');
    expect(await oss.getBucketRegion('abc-sg')).toBe('ap-southeast-1');
    expect((await failure(oss.getBucketRegion('no-such-bucket'))).code).toBe('NoSuchBucket');
  });
});

test('ownership through the real Alidns API: PutCname waits until the TXT record has propagated', async () => {
  h.sb.world.timing.ownershipDelayMs = 90_000;
  const dns = new Alidns(
    new $OpenApiUtil.Config({
      endpoint: new URL(h.sb.url).host,
      protocol: 'http',
      accessKeyId: h.sb.credentials.accessKeyId,
      accessKeySecret: h.sb.credentials.accessKeySecret,
    }),
  );
  const t = await oss.createCnameToken('abc-img', 'cn-hangzhou', 'img.abc.com');
  await dns.addDomainRecord(
    new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: '_dnsauth.img', type: 'TXT', value: t.token }),
  );
  expect((await failure(oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com'))).code).toBe('NeedVerifyDomainOwnership');
  h.advance(60_000);
  try {
    expect((await failure(oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com'))).code).toBe(
      'NeedVerifyDomainOwnership',
    );
    h.advance(31_000);
    await oss.putCname('abc-img', 'cn-hangzhou', 'img.abc.com');
  } finally {
    h.advance(-91_000);
  }
  expect((await oss.listCnames('abc-img', 'cn-hangzhou')).map((b) => b.domain)).toEqual(['img.abc.com']);
});

describe('objects', () => {
  test('put, get, forbid-overwrite, delete', async () => {
    await oss.putObject('abc-img', 'cn-hangzhou', 'locks/apply.json', '{"holder":"héllo"}', { forbidOverwrite: true });
    expect(await oss.getObject('abc-img', 'cn-hangzhou', 'locks/apply.json')).toBe('{"holder":"héllo"}');
    const e = await failure(
      oss.putObject('abc-img', 'cn-hangzhou', 'locks/apply.json', '{}', { forbidOverwrite: true }),
    );
    expect([e.code, e.status, e.action]).toEqual(['FileAlreadyExists', 409, 'PutObject']);
    await oss.deleteObject('abc-img', 'cn-hangzhou', 'locks/apply.json');
    expect(await oss.getObject('abc-img', 'cn-hangzhou', 'locks/apply.json')).toBeUndefined();
  });
});

describe('failures', () => {
  test('a wrong secret is SignatureDoesNotMatch, and the secret appears nowhere in the error', async () => {
    const secret = 'wrong-secret-value-1234567890';
    const bad = createOssAdapter({
      credential: async () => ({ accessKeyId: h.sb.credentials.accessKeyId, accessKeySecret: secret }),
      endpoint: h.sb.url,
    });
    const e = await failure(bad.listCnames('abc-img', 'cn-hangzhou'));
    expect([e.code, e.status]).toEqual(['SignatureDoesNotMatch', 403]);
    expect(e.hint).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    for (const text of [e.message, e.describe(), JSON.stringify(e), e.hint]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(h.sb.credentials.accessKeySecret);
    }
  });

  test('an unknown key is InvalidAccessKeyId', async () => {
    const bad = createOssAdapter({
      credential: async () => ({ accessKeyId: 'LTAI5tUnknown', accessKeySecret: 'whatever-secret' }),
      endpoint: h.sb.url,
    });
    const e = await failure(bad.getObject('abc-img', 'cn-hangzhou', 'x'));
    expect([e.code, e.status]).toEqual(['InvalidAccessKeyId', 403]);
    expect(e.hint).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  });

  test('STS credentials are sent, and rotated keys are picked up on the next call', async () => {
    const second = {
      uid: h.sb.world.accounts[0]!.uid,
      accessKeyId: 'STS.rotated',
      accessKeySecret: 'rotated-secret-xyz',
    };
    h.sb.world.accounts.push(second);
    let current: AccessKey = { ...h.sb.credentials, securityToken: 'CAIS-token-1' };
    const sts = createOssAdapter({ credential: async () => current, endpoint: h.sb.url });
    expect(await sts.listCnames('abc-img', 'cn-hangzhou')).toEqual([]);
    current = {
      accessKeyId: second.accessKeyId,
      accessKeySecret: second.accessKeySecret,
      securityToken: 'CAIS-token-2',
    };
    h.sb.world.accounts.shift();
    expect(await sts.listCnames('abc-img', 'cn-hangzhou')).toEqual([]);
  });

  test('throttling and 5xx are retryable CloudErrors', async () => {
    h.sb.control.failNext('ListCname', 1, 'TotalQpsLimitExceeded');
    const slow = await failure(oss.listCnames('abc-img', 'cn-hangzhou'));
    expect([slow.code, slow.status, slow.throttled, slow.retryable]).toEqual([
      'TotalQpsLimitExceeded',
      503,
      true,
      true,
    ]);
    h.sb.control.failNext('ListCname', 1, 'InternalError');
    const down = await failure(oss.listCnames('abc-img', 'cn-hangzhou'));
    expect([down.code, down.status, down.retryable]).toEqual(['InternalError', 500, true]);
  });

  test('an argument ali-oss rejects before sending anything is a client error, not retried as a network one', async () => {
    h.sb.control.clearCalls();
    const e = await failure(oss.listCnames('abc-img', '!!'));
    expect([e.code, e.status, e.retryable]).toEqual(['InvalidArgument', 0, false]);
    expect(h.sb.control.calls()).toEqual([]);
  });

  test('an unreachable endpoint is status -1 with the errno; a timeout is status -2', async () => {
    const closed = createOssAdapter({ credential: async () => key(), endpoint: 'http://127.0.0.1:9' });
    const e = await failure(closed.listCnames('abc-img', 'cn-hangzhou'));
    expect([e.code, e.status, e.retryable]).toEqual(['ECONNREFUSED', -1, true]);
    expect(e.hint).toContain('OSS_DOMAINS_OSS_ENDPOINT');
    expect(e.message).not.toContain('agent status');

    h.sb.control.setFaults({ latencyMs: 1_000 });
    const impatient = createOssAdapter({ credential: async () => key(), endpoint: h.sb.url, timeoutMs: 100 });
    const t = await failure(impatient.listCnames('abc-img', 'cn-hangzhou'));
    expect([t.status, t.retryable]).toEqual([-2, true]);
    expect(t.code).toMatch(/Timeout/);
  });
});
