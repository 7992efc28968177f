import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/core/aliyun/resolver.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    dnsPort: 0,
    seed: {
      zones: [
        {
          name: 'abc.com',
          records: [
            { rr: 'www', type: 'A', value: '203.0.113.10' },
            { rr: 'img', type: 'CNAME', value: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
            { rr: 'alias', type: 'CNAME', value: 'img.abc.com' },
            { rr: '_dnsauth.img', type: 'TXT', value: 'tok123' },
          ],
        },
      ],
      buckets: [{ name: 'abc-img', region: 'cn-hangzhou' }],
    },
  });
});
afterAll(() => sb.stop());

describe('resolver (node:dns against OSS_DOMAINS_RESOLVER)', () => {
  it('follows the CNAME chain to the addresses', async () => {
    const r = createResolver({ server: sb.env.OSS_DOMAINS_RESOLVER });
    expect(await r.resolve('alias.abc.com')).toEqual([
      'img.abc.com',
      'abc-img.oss-cn-hangzhou.aliyuncs.com',
      '127.0.0.1',
    ]);
    expect(await r.resolve('www.abc.com')).toEqual(['203.0.113.10']);
  });

  it('answers [] for a name that does not exist, and reads TXT values', async () => {
    const r = createResolver({ server: sb.env.OSS_DOMAINS_RESOLVER });
    expect(await r.resolve('nothing.abc.com')).toEqual([]);
    expect(await r.resolveTxt('_dnsauth.img.abc.com')).toEqual(['tok123']);
    expect(await r.resolveTxt('_dnsauth.none.abc.com')).toEqual([]);
  });
});
