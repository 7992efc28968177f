/** One-time markers in the state bucket (the single-use buttons of the bot stand on them). */
import { describe, expect, it } from 'vitest';
import { claimOnce, ONCE_PREFIX } from '../../src/core/engine/once.js';
import { CloudError } from '../../src/core/errors.js';
import { FakeCloud } from '../support/fake-cloud.js';

const state = { bucket: 'abc-ops', region: 'cn-hangzhou' };

describe('claimOnce', () => {
  it('lets the first claim win and gives every later claim the winner’s record', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const rt = cloud.runtime();
    await expect(claimOnce(rt, state, 'button-1', { by: 'U1' })).resolves.toEqual({ won: true });
    await expect(claimOnce(rt, state, 'button-1', { by: 'U2' })).resolves.toEqual({ won: false, record: { by: 'U1' } });
    await expect(claimOnce(rt, state, 'button-2', { by: 'U2' })).resolves.toEqual({ won: true });
    expect([...cloud.buckets.get('abc-ops')!.objects.keys()]).toEqual([
      `${ONCE_PREFIX}button-1.json`,
      `${ONCE_PREFIX}button-2.json`,
    ]);
  });

  it('knows it won when a create whose reply was lost is retried and finds its own marker', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const rt = cloud.runtime();
    const put = rt.oss.putObject.bind(rt.oss);
    let lost = 1;
    rt.oss.putObject = async (...a: Parameters<typeof put>) => {
      const id = await put(...a);
      if (lost-- > 0) throw new CloudError('socket hang up', { service: 'oss', code: 'ECONNRESET', status: 0 });
      return id;
    };
    await expect(claimOnce(rt, state, 'button-3', { by: 'U1' })).resolves.toEqual({ won: true });
    await expect(claimOnce(rt, state, 'button-3', { by: 'U1' })).resolves.toMatchObject({ won: false });
  });

  it('refuses a name that is not a plain word, before any call', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    await expect(claimOnce(cloud.runtime(), state, '../locks/apply', {})).rejects.toThrow(/not a marker name/);
    expect(cloud.calls).toEqual([]);
  });
});
