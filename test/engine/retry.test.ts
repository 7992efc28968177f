import { describe, expect, it } from 'vitest';
import { backoffDelay, retrying, withRetry } from '../../src/core/engine/retry.js';
import { CloudError } from '../../src/core/errors.js';
import type { ProgressEvent } from '../../src/core/ports.js';
import { FakeCloud, fastTuning } from '../support/fake-cloud.js';

const tuning = { ...fastTuning, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 };

function harness() {
  const sleeps: number[] = [];
  const events: ProgressEvent[] = [];
  return {
    sleeps,
    events,
    rt: { sleep: async (ms: number) => void sleeps.push(ms), progress: (e: ProgressEvent) => events.push(e), tuning },
  };
}

const fail = (code: string, status: number, retryAfterMs?: number) =>
  new CloudError(code, { service: 'alidns', code, status, retryAfterMs });

/** A call that fails with the given errors, then returns 'ok'. */
function script(...errors: CloudError[]) {
  let calls = 0;
  return {
    fn: async () => {
      const e = errors[calls++];
      if (e) throw e;
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('retry', () => {
  it('doubles from the base delay with equal jitter, caps at the maximum, and honours retry-after', () => {
    expect(backoffDelay(1, tuning, () => 0)).toBe(50);
    expect(backoffDelay(1, tuning, () => 0.999999)).toBe(100);
    expect(backoffDelay(3, tuning, () => 0.5)).toBe(300);
    expect(backoffDelay(10, tuning, () => 0)).toBe(500);
    expect(backoffDelay(1, tuning, () => 0, 4_000)).toBe(4_000);
  });

  it('retries throttling, 5xx and network errors, then returns the result', async () => {
    const h = harness();
    const s = script(fail('Throttling.User', 400, 700), fail('ServiceUnavailable', 503), fail('ECONNRESET', -1));
    await expect(retrying(h.rt, 'alidns AddDomainRecord', s.fn, () => 0)).resolves.toBe('ok');
    expect(s.calls()).toBe(4);
    expect(h.sleeps).toEqual([700, 100, 200]);
    expect(h.events.map((e) => e.kind)).toEqual(['retry', 'retry', 'retry']);
    expect(h.events[0]!.message).toMatch(/alidns AddDomainRecord: Throttling\.User \(HTTP 400\); retry 1\/3 in 0\.7 s/);
  });

  it('never retries a 4xx that is not throttling', async () => {
    const h = harness();
    const s = script(fail('DomainRecordConflict', 400));
    await expect(retrying(h.rt, 'x', s.fn)).rejects.toMatchObject({ code: 'DomainRecordConflict' });
    expect(s.calls()).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const h = harness();
    const s = script(...Array.from({ length: 10 }, () => fail('InternalError', 500)));
    await expect(retrying(h.rt, 'x', s.fn)).rejects.toMatchObject({ code: 'InternalError' });
    expect(s.calls()).toBe(4);
  });

  it('wraps every port of a runtime once, however often it is applied', async () => {
    const cloud = new FakeCloud().zone('abc.com');
    const rt = withRetry(cloud.runtime({ maxAttempts: 3 }));
    expect(withRetry(rt)).toBe(rt);
    cloud.failNext('listZones', 2, () => fail('Throttling.User', 400));
    await expect(rt.dns.listZones()).resolves.toEqual([{ name: 'abc.com' }]);
    expect(cloud.calls.filter((c) => c.method === 'listZones')).toHaveLength(3);
  });

  it('a copy of a wrapped runtime with another progress sink reports retries there', async () => {
    const cloud = new FakeCloud().zone('abc.com');
    const rt = withRetry(cloud.runtime({ maxAttempts: 3 }));
    const mine: ProgressEvent[] = [];
    const copy = withRetry({ ...rt, progress: (e) => mine.push(e) });
    cloud.failNext('listZones', 1, () => fail('Throttling.User', 400));
    await copy.dns.listZones();
    expect(mine.map((e) => e.kind)).toEqual(['retry']);
    expect(cloud.events).toEqual([]);
    expect(cloud.calls.filter((c) => c.method === 'listZones')).toHaveLength(2);
  });
});
