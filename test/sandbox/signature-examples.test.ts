/**
 * The sandbox's verifiers against the worked examples Alibaba Cloud publishes, each with its inputs and expected
 * signature: the request as the document shows it must verify (at the document's own date), and changing one signed
 * byte must not. The test signer (signing.ts) is checked against the same numbers, so the other signature tests stand
 * on documented ground too.
 */
import { describe, expect, test } from 'vitest';
import { authenticate } from '../../src/sandbox/oss/auth.js';
import { OssError } from '../../src/sandbox/oss/errors.js';
import { routeOss } from '../../src/sandbox/oss/route.js';
import { verifyRpcSignature } from '../../src/sandbox/rpc/signature.js';
import { createWorld } from '../../src/sandbox/state.js';
import { acs3, enc, ossV1, rpcV2 } from './signing.js';

describe('RPC signature V2 (HMAC-SHA1)', () => {
  // "Request signatures" (Alibaba Cloud ECS API reference, RPC signature method): DescribeRegions signed with
  // AccessKeySecret "testsecret" gives OLeaidS1JvxuMvnyHOwuJ+uX5qY=.
  const params: Record<string, string> = {
    Timestamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };
  const accounts = [{ uid: '1', accessKeyId: 'testid', accessKeySecret: 'testsecret' }];
  const query = (p: Record<string, string>) =>
    Object.entries(p)
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .join('&');
  const check = (p: Record<string, string>) =>
    verifyRpcSignature(
      { method: 'GET', path: '/', rawQuery: query(p), headers: {}, body: Buffer.alloc(0) },
      accounts,
      Date.parse('2016-02-23T12:46:24Z'),
    );

  test('"Request signatures" (ECS, DescribeRegions, testsecret): the documented signature verifies', () => {
    expect(rpcV2('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(check({ ...params, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' })).toMatchObject({
      ok: true,
      nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    });
  });

  test('"Request signatures": the same signature on a changed parameter is SignatureDoesNotMatch', () => {
    const r = check({ ...params, Action: 'DescribeInstances', Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' });
    expect(r).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch', status: 400 });
  });
});

describe('ACS3-HMAC-SHA256 (signature V3)', () => {
  // "Request syntax and signature method V3" (Alibaba Cloud API reference): RunInstances on
  // ecs.cn-shanghai.aliyuncs.com at 2023-10-26T10:22:32Z, AccessKeySecret "YourAccessKeySecret": the canonical
  // request hashes to 7ea06492…e259 and the signature is 06563a9e…83c0.
  const headers: Record<string, string> = {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  };
  const query = { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' };
  const SIGNATURE = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
  const authorization = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=${SIGNATURE}`;
  const accounts = [{ uid: '1', accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' }];
  const verify = (
    h: Record<string, string>,
    rawQuery = 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
  ) =>
    verifyRpcSignature(
      { method: 'POST', path: '/', rawQuery, headers: h, body: Buffer.alloc(0) },
      accounts,
      Date.parse('2023-10-26T10:22:32Z'),
    );

  test('"Request syntax and signature method V3" (RunInstances): the documented signature verifies', () => {
    const signed = acs3({ query, headers, accessKeyId: 'YourAccessKeyId', secret: 'YourAccessKeySecret' });
    expect(signed.signature).toBe(SIGNATURE);
    expect(signed.headers.authorization).toBe(authorization);
    expect(verify({ ...headers, authorization })).toMatchObject({
      ok: true,
      nonce: '3156853299f313e23d1673dc12e1703d',
    });
  });

  test('"Request syntax and signature method V3": another action or another query value on it is refused', () => {
    expect(verify({ ...headers, 'x-acs-action': 'DeleteInstance', authorization })).toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
    expect(verify({ ...headers, authorization }, 'ImageId=other&RegionId=cn-shanghai')).toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
  });
});

describe('OSS V1 (Authorization: OSS AccessKeyId:Signature)', () => {
  // "Include a V1 signature in the Authorization header" (OSS developer reference): PUT /nelson in bucket
  // oss-example with AccessKeySecret "OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV" signs to 26NBxoKdsyly4EDv6inkoDft/yA=.
  const DATE = 'Thu, 17 Nov 2005 18:49:58 GMT';
  const world = createWorld();
  world.accounts = [
    { uid: '1', accessKeyId: '44CF9590006BF252F707', accessKeySecret: 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV' },
  ];
  world.buckets.set('oss-example', {
    name: 'oss-example',
    region: 'cn-hangzhou',
    acl: 'private',
    created: 0,
    objects: new Map(),
    cnames: new Map(),
    tokens: new Map(),
  } as never);
  const request = (h: Record<string, string>) => {
    const req = {
      method: 'PUT',
      rawUrl: '/nelson',
      url: new URL('http://oss-example.oss-cn-hangzhou.aliyuncs.com/nelson'),
      headers: h,
      body: Buffer.alloc(0),
    };
    const now = Date.parse(DATE);
    return () => authenticate(world, routeOss(world, req, now), req, now);
  };
  const headers: Record<string, string> = {
    host: 'oss-example.oss-cn-hangzhou.aliyuncs.com',
    'content-md5': 'ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=',
    'content-type': 'text/html',
    date: DATE,
    'x-oss-meta-author': 'foo@bar.com',
    'x-oss-magic': 'abracadabra',
    authorization: 'OSS 44CF9590006BF252F707:26NBxoKdsyly4EDv6inkoDft/yA=',
  };

  test('"Include a V1 signature in the Authorization header" (PUT /nelson): the documented signature verifies', () => {
    const stringToSign = `PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\n${DATE}\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson`;
    expect(ossV1(stringToSign, 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV')).toBe('26NBxoKdsyly4EDv6inkoDft/yA=');
    expect(request(headers)()).toMatchObject({ kind: 'account', account: { accessKeyId: '44CF9590006BF252F707' } });
  });

  test('"Include a V1 signature in the Authorization header": a changed x-oss header is SignatureDoesNotMatch', () => {
    let thrown: unknown;
    try {
      request({ ...headers, 'x-oss-magic': 'hocus-pocus' })();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(OssError);
    expect(thrown).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect((thrown as OssError).extra.StringToSign).toContain('x-oss-magic:hocus-pocus\n');
  });
});
