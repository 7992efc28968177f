import { describe, expect, it, vi } from 'vitest';
import { auditKey, writeAudit } from '../../src/core/engine/audit.js';
import { LOCK_KEY, withApplyLock } from '../../src/core/engine/lock.js';
import { FakeCloud } from '../support/fake-cloud.js';

const state = { bucket: 'abc-ops', region: 'cn-hangzhou' };

describe('apply lock', () => {
  it('lets one holder in; the other waits, then fails naming the holder', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const rt = cloud.runtime({ pollMs: 1_000 });
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const first = withApplyLock(rt, state, { holder: 'github run 41' }, async () => {
      entered();
      await held;
      return 'first done';
    });
    await inside;
    await expect(withApplyLock(rt, state, { holder: 'slack U2', waitMs: 5_000 }, async () => 'second')).rejects.toThrow(
      /another apply holds the lock: github run 41 \(since .*, expires .*\); gave up after waiting 5 s/,
    );
    expect(cloud.events.some((e) => e.kind === 'wait' && /github run 41/.test(e.message))).toBe(true);
    release();
    await expect(first).resolves.toBe('first done');
    expect(cloud.buckets.get('abc-ops')!.objects.has(LOCK_KEY)).toBe(false);
    await expect(withApplyLock(rt, state, { holder: 'slack U2' }, async () => 'second')).resolves.toBe('second');
  });

  it('takes over a lock whose holder died (expired), once', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const rt = cloud.runtime();
    const stale = {
      holder: 'crashed run',
      id: 'x',
      acquiredAt: '2020-01-01T00:00:00Z',
      expiresAt: '2020-01-01T00:15:00Z',
    };
    cloud.buckets.get('abc-ops')!.objects.set(LOCK_KEY, JSON.stringify(stale));
    let seen = '';
    await withApplyLock(rt, state, { holder: 'me' }, async () => {
      seen = cloud.buckets.get('abc-ops')!.objects.get(LOCK_KEY)!;
    });
    expect(JSON.parse(seen)).toMatchObject({ holder: 'me' });
    // The takeover marker guards the dead lock only until it is gone (its id never comes back): nothing is left.
    expect([...cloud.buckets.get('abc-ops')!.objects.keys()]).toEqual([]);
  });

  it('a live holder renews its lease, so a long apply is not taken over', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const rt = cloud.runtime();
    const objects = cloud.buckets.get('abc-ops')!.objects;
    const body = () => JSON.parse(objects.get(LOCK_KEY)!);
    await withApplyLock(rt, state, { holder: 'long apply', ttlMs: 3_000 }, async (lease) => {
      const first = body();
      const renewal = `locks/apply.${first.id}.renewal`;
      const renewed = () => cloud.modified.get(`abc-ops/${renewal}`);
      // Far past the first expiry, a third of the ttl at a time: only the renewals keep the lock. They come at step
      // boundaries (checkpoint) and, during a long step, from a timer.
      for (let i = 0; i < 6; i++) {
        cloud.now += 1_001;
        await lease.checkpoint();
        expect(renewed()).toBe(cloud.now);
      }
      cloud.now += 1_001;
      await vi.waitFor(() => expect(renewed()).toBe(cloud.now), { timeout: 5_000, interval: 20 });
      expect(body()).toEqual(first); // the head itself is never rewritten
      expect(lease.signal.aborted).toBe(false);
      await expect(withApplyLock(rt, state, { holder: 'other', waitMs: 1_000 }, async () => 'ran')).rejects.toThrow(
        /another apply holds the lock: long apply/,
      );
    });
    expect([...objects.keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
  });

  it('is released when the work fails', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    await expect(
      withApplyLock(cloud.runtime(), state, { holder: 'me' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(cloud.buckets.get('abc-ops')!.objects.size).toBe(0);
  });
});

describe('audit log', () => {
  it('writes one object per entry under the day, secrets redacted', async () => {
    const cloud = new FakeCloud().bucket('abc-ops');
    const key = await writeAudit(cloud.runtime(), state, {
      time: '2026-11-28T10:23:36.123Z',
      actor: 'slack:U1',
      command: 'bind',
      domains: ['img.abc.com'],
      ok: true,
      requestIds: ['r1'],
      summary: 'bound; AccessKeySecret=abcdefghijkl',
    });
    expect(key).toMatch(/^audit\/2026\/11\/28\/2026-11-28T10-23-36\.123Z-[0-9a-f]{8}\.json$/);
    const body = JSON.parse(cloud.buckets.get('abc-ops')!.objects.get(key)!);
    expect(body).toMatchObject({ actor: 'slack:U1', domains: ['img.abc.com'], requestIds: ['r1'] });
    expect(body.summary).not.toMatch(/abcdefghijkl/);
    expect(cloud.calls.find((c) => c.method === 'putObject')!.args[4]).toEqual({ forbidOverwrite: true });
    expect(auditKey('2026-01-02T03:04:05.000Z', 'ab')).toBe('audit/2026/01/02/2026-01-02T03-04-05.000Z-ab.json');
  });
});
