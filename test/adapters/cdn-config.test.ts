/**
 * The CdnPort's edge calls against the sandbox over real HTTP: BatchSetCdnDomainConfig's numeric ConfigId and
 * DescribeCdnDomainConfigs' string one normalised to the same string, arguments as a map, an update by ConfigId,
 * DeleteSpecificConfig, refusals as CloudError, and the certificate a domain serves (DescribeDomainCertificateInfo).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createCdnAdapter } from '../../src/core/aliyun/cdn.js';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { RateGovernor } from '../../src/core/calls/governor.js';
import type { CdnPort } from '../../src/core/ports.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { cloudFailure } from '../support/failure.js';
import { fastTuning } from '../support/fake-cloud.js';

const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
const DAY = 86_400_000;

let sb: Sandbox;
let cdn: CdnPort;
beforeAll(async () => {
  sb = await startSandbox({ seed: 'empty', dnsPort: false });
  cdn = createCdnAdapter({ credential: credentialSource(sb.env), endpoint: sb.env.OSS_DOMAINS_CDN_ENDPOINT });
});
afterAll(() => sb.stop());
beforeEach(() =>
  sb.control.reset({
    certificates: [
      { id: '42', name: 'old', domains: ['*.abc.com'], validDays: 10 },
      { id: '43', name: 'new', domains: ['*.abc.com'], validDays: 365 },
    ],
    cdn: [
      { domain: 'img.abc.com', origin: ORIGIN, cert: '42' },
      { domain: 'www.abc.com', origin: ORIGIN },
    ],
  }),
);

describe('functions', () => {
  test('set on two domains in one call, read back with the same ids and arguments', async () => {
    const set = await cdn.setConfigs(
      ['img.abc.com', 'www.abc.com'],
      [
        { name: 'https_force', args: { enable: 'on', https_rewrite: '301' } },
        { name: 'set_req_host_header', args: { domain_name: 'img.abc.com' } },
      ],
    );
    expect(set.configs).toHaveLength(4);
    expect(sb.control.calls({ action: 'BatchSetCdnDomainConfig' })).toHaveLength(1);
    const mine = set.configs.filter((c) => c.domain === 'img.abc.com');
    const read = await cdn.getConfigs('img.abc.com', ['https_force', 'set_req_host_header', 'HSTS']);
    expect(read).toEqual(
      mine.map((c) => ({
        name: c.name,
        configId: c.configId,
        status: 'success',
        args: c.name === 'https_force' ? { enable: 'on', https_rewrite: '301' } : { domain_name: 'img.abc.com' },
      })),
    );
    expect(read[0]!.configId).toMatch(/^\d+$/);
  });

  test('an update by ConfigId changes that configuration; deleteConfigs removes it', async () => {
    const [first] = (await cdn.setConfigs(['img.abc.com'], [{ name: 'HSTS', args: { enabled: 'on' } }])).configs;
    await cdn.setConfigs(['img.abc.com'], [{ name: 'HSTS', args: { enabled: 'off' }, configId: first!.configId }]);
    expect(await cdn.getConfigs('img.abc.com', ['HSTS'])).toEqual([
      { name: 'HSTS', configId: first!.configId, status: 'success', args: { enabled: 'off' } },
    ]);
    await cdn.deleteConfigs('img.abc.com', [first!.configId]);
    expect(await cdn.getConfigs('img.abc.com', ['HSTS'])).toEqual([]);
  });

  test('a refusal is a CloudError with the code and the domains', async () => {
    await cdn.setConfigs(['img.abc.com'], [{ name: 'http_force', args: { enable: 'off' } }]);
    const e = await cloudFailure(cdn.setConfigs(['img.abc.com'], [{ name: 'https_force', args: { enable: 'on' } }]));
    expect(e).toMatchObject({ service: 'cdn', action: 'BatchSetCdnDomainConfig', code: 'InvalidFunctions.Conflict' });
    expect(e.resource).toBe('img.abc.com');
  });
});

describe('certificate', () => {
  test('the CAS certificate a domain serves, its id and expiry; none when HTTPS is off', async () => {
    const c = await cdn.getCertificate('img.abc.com');
    expect(c).toMatchObject({ on: true, certId: '42', certName: 'old', certType: 'cas', certRegion: 'cn-hangzhou' });
    expect(Date.parse(c.expires!) - Date.now()).toBeGreaterThan(9 * DAY);
    expect(Date.parse(c.expires!) - Date.now()).toBeLessThan(11 * DAY);
    expect(await cdn.getCertificate('www.abc.com')).toEqual({ on: false });
    await cdn.setCertificate('img.abc.com', '43');
    expect((await cdn.getCertificate('img.abc.com')).certId).toBe('43');
  });
});

describe('through the rate governor', () => {
  test('a throttled edge or certificate call is retried like every other CDN call', async () => {
    const governor = new RateGovernor({
      clock: { now: () => 0 },
      sleep: async () => undefined,
      progress: () => undefined,
      tuning: fastTuning,
      limits: new Map(),
    });
    const governed = createCdnAdapter({
      credential: credentialSource(sb.env),
      endpoint: sb.env.OSS_DOMAINS_CDN_ENDPOINT,
      governor,
    });
    const actions = [
      'BatchSetCdnDomainConfig',
      'DescribeCdnDomainConfigs',
      'DeleteSpecificConfig',
      'DescribeDomainCertificateInfo',
      'SetCdnDomainSSLCertificate',
    ];
    for (const action of actions) sb.control.failNext(action, 1, 'Throttling.User');

    const [hsts] = (await governed.setConfigs(['img.abc.com'], [{ name: 'HSTS', args: { enabled: 'on' } }])).configs;
    expect(await governed.getConfigs('img.abc.com', ['HSTS'])).toHaveLength(1);
    await governed.deleteConfigs('img.abc.com', [hsts!.configId]);
    expect((await governed.getCertificate('img.abc.com')).certId).toBe('42');
    await governed.setCertificate('img.abc.com', '43');

    for (const action of actions) {
      expect(sb.control.calls({ action }).map((c) => c.injected)).toEqual([true, false]);
    }
  });
});
