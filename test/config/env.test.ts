import { describe, expect, it } from 'vitest';
import { ownerFromEnv, stateFromEnv } from '../../src/core/index.js';
import { checkCertId, checkRegion } from '../../src/core/names.js';

describe('settings from the environment (the bot, the CLI one-domain commands)', () => {
  it('takes the state bucket as domains.yml would, region normalised', () => {
    expect(
      stateFromEnv({ OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: ' OSS-CN-Hangzhou ' }),
    ).toEqual({
      state: { bucket: 'abc-ops', region: 'cn-hangzhou' },
      problems: [],
    });
    expect(stateFromEnv({})).toEqual({ problems: [] });
  });

  it('reports every problem, each naming its variable, and no state', () => {
    const r = stateFromEnv({ OSS_DOMAINS_STATE_BUCKET: 'Abc_Ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhuo' });
    expect(r.state).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^OSS_DOMAINS_STATE_BUCKET: /),
      'OSS_DOMAINS_STATE_REGION: unknown region "cn-hangzhuo"; did you mean "cn-hangzhou"?',
    ]);
    expect(stateFromEnv({ OSS_DOMAINS_STATE_REGION: 'cn-hangzhou' }).problems[0]?.message).toBe(
      'OSS_DOMAINS_STATE_REGION is set without OSS_DOMAINS_STATE_BUCKET',
    );
  });

  it('owner defaults to "default" and follows the owner rule of domains.yml', () => {
    expect(ownerFromEnv({})).toEqual({ owner: 'default', problem: undefined });
    expect(ownerFromEnv({ OSS_DOMAINS_OWNER: 'web-team' }).owner).toBe('web-team');
    expect(ownerFromEnv({ OSS_DOMAINS_OWNER: 'web team' }).problem?.message).toBe(
      'OSS_DOMAINS_OWNER: "web team" is not a valid owner',
    );
  });

  it('a region is checked in any case, as it is normalised; a certificate region must be a region', () => {
    expect(checkRegion('CN-Hangzhou')).toBeUndefined();
    expect(checkRegion(' oss-cn-beijing ')).toBeUndefined();
    expect(checkCertId('12345-cn-hangzou')?.message).toContain('did you mean "cn-hangzhou"');
  });
});
