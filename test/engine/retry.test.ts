import { describe, expect, it } from 'vitest';
import { RateGovernor } from '../../src/core/calls/governor.js';
import { backoffDelay, pollUntil } from '../../src/core/calls/retry.js';
import { CloudError } from '../../src/core/errors.js';
import type { ProgressEvent } from '../../src/core/ports.js';
import { FakeCloud, fastTuning } from '../support/fake-cloud.js';
import { VirtualTime } from '../support/virtual-time.js';

const tuning = { ...fastTuning, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4, throttleStallMs: 60_000 };

/** A governor without rate limits (retries only), on virtual time, recording its sleeps and events. */
function harness() {
  const vt = new VirtualTime();
  const sleeps: number[] = [];
  const events: ProgressEvent[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return vt.sleep(ms);
  };
  const gov = new RateGovernor({
    clock: vt.clock,
    sleep,
    progress: (e) => events.push(e),
    tuning,
    limits: new Map(),
    random: () => 0,
  });
  return { vt, sleeps, events, gov };
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

const ADD = { service: 'alidns', action: 'AddDomainRecord' } as const;

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
    await expect(h.vt.run(h.gov.run(ADD, s.fn))).resolves.toBe('ok');
    expect(s.calls()).toBe(4);
    // Unpaced, a throttled answer waits the server's retry-after; the 5xx and the reset back off from the base delay.
    expect(h.sleeps).toEqual([700, 50, 100]);
    expect(h.events.map((e) => e.kind)).toEqual(['retry', 'retry', 'retry']);
    expect(h.events[0]!.message).toBe('alidns AddDomainRecord: Throttling.User (HTTP 400); retry in 0.7 s');
    expect(h.events[1]!.message).toBe('alidns AddDomainRecord: ServiceUnavailable (HTTP 503); retry 1/3 in 0.1 s');
    expect(h.gov.stats().AddDomainRecord).toMatchObject({ sent: 4, ok: 1, throttled: 1, retried: 2, failed: 0 });
  });

  it('never retries a 4xx that is not throttling', async () => {
    const h = harness();
    const s = script(fail('DomainRecordConflict', 400));
    await expect(h.vt.run(h.gov.run(ADD, s.fn))).rejects.toMatchObject({ code: 'DomainRecordConflict' });
    expect(s.calls()).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('gives up on a 5xx after maxAttempts with the last error', async () => {
    const h = harness();
    const s = script(...Array.from({ length: 10 }, () => fail('InternalError', 500)));
    await expect(h.vt.run(h.gov.run(ADD, s.fn))).rejects.toMatchObject({ code: 'InternalError' });
    expect(s.calls()).toBe(4);
  });

  it('retries throttling beyond maxAttempts: the bound is time without progress, not a count', async () => {
    const h = harness();
    const s = script(...Array.from({ length: 12 }, () => fail('Throttling.User', 400)));
    await expect(h.vt.run(h.gov.run(ADD, s.fn))).resolves.toBe('ok');
    expect(s.calls()).toBe(13);
  });

  it('gives up on throttling once the operation has made no progress for throttleStallMs, saying so', async () => {
    const h = harness();
    const always = async () => {
      throw fail('Throttling.User', 400, 1_000);
    };
    const err = await h.vt.run(h.gov.run(ADD, always)).catch((e: CloudError) => e);
    expect(err).toBeInstanceOf(CloudError);
    expect(err).toMatchObject({ code: 'Throttling.User' });
    expect((err as CloudError).message).toMatch(/AddDomainRecord is still throttled after 59 s without one call/);
    expect((err as CloudError).hint).toMatch(/OSS_DOMAINS_QPS=AddDomainRecord=N/);
    expect(h.vt.now).toBeLessThan(tuning.throttleStallMs);
    expect(h.vt.now).toBeGreaterThanOrEqual(tuning.throttleStallMs - 1_000);
  });

  it('every port call of a fake runtime goes through its governor (retried, counted)', async () => {
    const cloud = new FakeCloud().zone('abc.com');
    const rt = cloud.runtime({ maxAttempts: 3 });
    cloud.failNext('listZones', 2, () => fail('ServiceUnavailable', 503));
    await expect(rt.dns.listZones()).resolves.toEqual([{ name: 'abc.com' }]);
    expect(cloud.calls.filter((c) => c.method === 'listZones')).toHaveLength(3);
    expect(rt.governor.stats().listZones).toMatchObject({ sent: 3, ok: 1, retried: 2 });
  });
});

describe('pollUntil', () => {
  const rt = (vt: VirtualTime, events: ProgressEvent[]) => ({
    clock: vt.clock,
    sleep: vt.sleep,
    progress: (e: ProgressEvent) => events.push(e),
  });

  it('looks until done, pausing as told and reporting each wait', async () => {
    const vt = new VirtualTime();
    const events: ProgressEvent[] = [];
    let n = 0;
    const value = await vt.run(
      pollUntil(
        rt(vt, events),
        { timeoutMs: 60_000, delay: (i) => 1_000 * 2 ** i, domain: 'a.abc.com', onTimeout: () => 'late' },
        async () => (++n === 4 ? { done: true, value: 'seen' } : { done: false, waiting: 'waiting for X', last: n }),
      ),
    );
    expect(value).toBe('seen');
    expect(vt.now).toBe(1_000 + 2_000 + 4_000);
    expect(events.map((e) => e.message)).toEqual([
      'waiting for X (0 s elapsed)',
      'waiting for X (1 s elapsed)',
      'waiting for X (3 s elapsed)',
    ]);
    expect(events.every((e) => e.kind === 'wait' && e.domain === 'a.abc.com')).toBe(true);
  });

  it('ends with onTimeout once the time bound is reached, given the last look', async () => {
    const vt = new VirtualTime();
    let n = 0;
    const value = await vt.run(
      pollUntil(
        rt(vt, []),
        {
          timeoutMs: 10_000,
          delay: () => 3_000,
          onTimeout: (elapsed, last: number) => `gave up after ${elapsed} ms at ${last}`,
        },
        async () => ({ done: false, waiting: 'x', last: ++n }),
      ),
    );
    expect(value).toBe('gave up after 12000 ms at 5');
  });

  it('stops after maxLooks when set, and an error thrown by a look ends it at once', async () => {
    const vt = new VirtualTime();
    let n = 0;
    await expect(
      vt.run(
        pollUntil(
          rt(vt, []),
          { timeoutMs: 60_000, maxLooks: 3, delay: () => 10, onTimeout: (_e, last: number) => last },
          async () => ({ done: false, waiting: 'x', last: ++n }),
        ),
      ),
    ).resolves.toBe(3);
    await expect(
      vt.run(
        pollUntil(rt(vt, []), { timeoutMs: 60_000, delay: () => 10, onTimeout: () => 0 }, async () => {
          throw new Error('CDN says configure_failed');
        }),
      ),
    ).rejects.toThrow('configure_failed');
  });

  it('ends a pause at once when its signal aborts, and answers with onStopped; no look after that', async () => {
    const events: ProgressEvent[] = [];
    const controller = new AbortController();
    // A sleep that never ends by itself: only the abort can end this wait.
    const forever = {
      clock: { now: () => 0 },
      sleep: () => new Promise<void>(() => {}),
      progress: (e: ProgressEvent) => events.push(e),
    };
    let looks = 0;
    const waiting = pollUntil(
      forever,
      {
        timeoutMs: 60_000,
        delay: () => 3_600_000,
        onTimeout: () => 'late',
        signal: controller.signal,
        onStopped: (what, last: number) => `stopped ${what} after look ${last}`,
      },
      async () => ({ done: false, waiting: 'waiting for X', last: ++looks }),
    );
    await new Promise((r) => setImmediate(r));
    expect(events).toHaveLength(1); // paused after the first look
    controller.abort('shutting down');
    await expect(waiting).resolves.toBe('stopped waiting for X after look 1');
    expect(looks).toBe(1);
    // Already aborted: no pause at all.
    const again = await pollUntil(
      forever,
      {
        timeoutMs: 60_000,
        delay: () => 1,
        onTimeout: () => 'late',
        signal: controller.signal,
        onStopped: () => 'at once',
      },
      async () => ({ done: false, waiting: 'x', last: 0 }),
    );
    expect(again).toBe('at once');
  });
});
