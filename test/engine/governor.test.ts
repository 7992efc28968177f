import { describe, expect, it } from 'vitest';
import { RateGovernor } from '../../src/core/calls/governor.js';
import { HEADROOM } from '../../src/core/calls/pacer.js';
import { parseQps } from '../../src/core/calls/qps.js';
import { CloudError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/core/index.js';
import { accountLimits, documentedLimits, type Limit, OPERATIONS } from '../../src/core/limits.js';
import type { CallSpec, ProgressEvent } from '../../src/core/ports.js';
import { fastTuning } from '../support/fake-cloud.js';
import { VirtualTime } from '../support/virtual-time.js';

const ADD: CallSpec = { service: 'alidns', action: 'AddDomainRecord' };

function governor(limits: Record<string, Limit>, tuning: Partial<typeof fastTuning> = {}) {
  const vt = new VirtualTime();
  const events: ProgressEvent[] = [];
  const gov = new RateGovernor({
    clock: vt.clock,
    sleep: vt.sleep,
    progress: (e) => events.push(e),
    tuning: { ...fastTuning, concurrency: 1_000, ...tuning },
    limits: new Map(Object.entries(limits)),
    random: () => 0.5,
  });
  return { vt, gov, events };
}

/** The most calls any sliding window of `span` ms holds (half-open, as a server counting the last second does). */
function busiestWindow(times: number[], span = 1_000): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= span) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * Runs `n` calls of `call` at once, each answered `latencyMs` after it is sent; `answer(sentAt, i)` throws to fail
 * one. Returns the send times, sorted.
 */
async function burst(
  h: ReturnType<typeof governor>,
  n: number,
  call: CallSpec = ADD,
  answer: (sentAt: number, i: number) => void = () => undefined,
  latencyMs = 0,
): Promise<number[]> {
  const sent: number[] = [];
  await h.vt.run(
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        h.gov.run(call, async () => {
          const at = h.vt.now;
          sent.push(at);
          if (latencyMs) await h.vt.sleep(latencyMs);
          answer(at, i);
          return i;
        }),
      ),
    ),
  );
  return sent.sort((a, b) => a - b);
}

const throttled = (retryAfterMs?: number) =>
  new CloudError('throttled', { service: 'alidns', code: 'Throttling.User', status: 400, retryAfterMs });

describe('rate governor: pacing', () => {
  it('spaces calls of an operation evenly just under its limit, so no sliding second holds more than the limit', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 60 } });
    const sent = await burst(h, 600);
    expect(busiestWindow(sent)).toBeLessThanOrEqual(60);
    expect(busiestWindow(sent)).toBeGreaterThanOrEqual(57);
    // 600 calls at 95% of 60/s: 599 intervals of 1/57 s, the first call at once.
    const floor = (600 / 60) * 1_000;
    expect(sent.at(-1)!).toBeGreaterThan(floor);
    expect(sent.at(-1)!).toBeLessThan(floor / HEADROOM + 50);
  });

  it('paces each operation on its own, and a service total across them', async () => {
    const h = governor({
      AddDomainRecord: { perSecond: 10 },
      DeleteDomainRecord: { perSecond: 10 },
      'alidns:*': { perSecond: 12 },
    });
    const del: CallSpec = { service: 'alidns', action: 'DeleteDomainRecord' };
    const times: number[] = [];
    const each = (call: CallSpec) =>
      h.gov.run(call, async () => {
        times.push(h.vt.now);
      });
    await h.vt.run(
      Promise.all([...Array.from({ length: 30 }, () => each(ADD)), ...Array.from({ length: 30 }, () => each(del))]),
    );
    times.sort((a, b) => a - b);
    expect(busiestWindow(times)).toBeLessThanOrEqual(12);
    const stats = h.gov.stats();
    expect(stats.AddDomainRecord!.ok + stats.DeleteDomainRecord!.ok).toBe(60);
  });

  it('keeps an hourly limit: the 101st AddCdnDomain waits until an hour after the first', async () => {
    const h = governor({ AddCdnDomain: { perSecond: 30, perHour: 100 } });
    const sent = await burst(h, 101, { service: 'cdn', action: 'AddCdnDomain' });
    expect(sent[99]!).toBeLessThan(10_000);
    expect(sent[100]!).toBe(3_600_000);
  });

  it('bounds the calls in flight per service, and a call waiting for its pace holds no slot', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 1 } }, { concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const slow = (call: CallSpec) =>
      h.gov.run(call, async () => {
        most = Math.max(most, ++inFlight);
        await h.vt.sleep(100);
        inFlight--;
      });
    const done: string[] = [];
    const listing: CallSpec = { service: 'alidns', action: 'DescribeDomainRecords' };
    await h.vt.run(
      Promise.all([
        ...Array.from({ length: 5 }, () => slow(ADD).then(() => done.push('add'))),
        ...Array.from({ length: 6 }, () => slow(listing).then(() => done.push('list'))),
      ]),
    );
    expect(most).toBe(3);
    // The listings (unpaced) finish while four AddDomainRecord calls still wait for their one-per-second pace.
    expect(done.slice(0, 7).filter((d) => d === 'list')).toHaveLength(6);
  });
});

describe('rate governor: adapting to throttled answers', () => {
  it('halves the pace on a throttled answer, once for a burst of them, then creeps back to the ceiling', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 60 } });
    const ceiling = 60 * HEADROOM;
    expect(h.gov.rate('AddDomainRecord')).toBe(ceiling);
    // Eight calls sent within 150 ms, each answered 200 ms later: all throttled, before any answer came back. They
    // were sent at the old pace, so they call for one halving, not eight.
    const sent = await burst(
      h,
      8,
      ADD,
      (t) => {
        if (t < 150) throw throttled();
      },
      200,
    );
    expect(sent).toHaveLength(16);
    expect(h.gov.stats().AddDomainRecord).toMatchObject({ throttled: 8, ok: 8, failed: 0 });
    const lowered = h.events.filter((e) => /slowing to/.test(e.message));
    expect(lowered).toHaveLength(1);
    expect(lowered[0]!.message).toBe('alidns AddDomainRecord is throttled (Throttling.User): slowing to 29 calls/s');
    const at = h.vt.now;
    const rateAt = (ms: number) => h.vt.run(h.vt.sleep(at + ms - h.vt.now)).then(() => h.gov.rate('AddDomainRecord')!);
    const afterOne = await rateAt(1_000);
    expect(afterOne).toBeGreaterThan(ceiling / 2);
    expect(afterOne).toBeLessThan(ceiling);
    expect(await rateAt(10_000)).toBe(ceiling);
  });

  it('a second throttled answer to a call sent after the first halving halves again', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 60 } });
    let n = 0;
    await burst(h, 1, ADD, () => {
      if (n++ < 2) throw throttled();
    });
    expect(h.gov.rate('AddDomainRecord')!).toBeCloseTo((60 * HEADROOM) / 4, 0);
    expect(h.events.filter((e) => /slowing to/.test(e.message))).toHaveLength(2);
  });

  it('honours x-acs-retry-after: no call of the operation goes out before it has passed', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 60 } });
    const sent = await burst(h, 4, ADD, (t) => {
      if (t === 0) throw throttled(700);
    });
    // The first batch (two calls at 60 a second) goes before any answer; the rest, and the retry, after the pause.
    expect(sent.slice(0, 2)).toEqual([0, 0]);
    expect(sent.slice(2).every((t) => t >= 700)).toBe(true);
  });

  it('releases queued calls in small batches, still under the limit in every sliding second', async () => {
    for (const perSecond of [100, 60, 30, 10]) {
      const h = governor({ AddDomainRecord: { perSecond } });
      const sent = await burst(h, perSecond * 5);
      const batch = Math.max(1, Math.floor(perSecond * 0.05) - 1);
      expect(busiestWindow(sent), `${perSecond}/s`).toBeLessThanOrEqual(perSecond);
      // Calls leave together, up to `batch` at a time (one fewer when a slot falls exactly on the wake-up): fewer
      // timers, fewer wake-ups. Below 40 a second, one at a time, as before.
      const distinct = new Set(sent).size;
      if (batch === 1) expect(distinct, `${perSecond}/s`).toBe(sent.length);
      else expect(distinct, `${perSecond}/s`).toBeLessThanOrEqual(Math.ceil(sent.length / Math.max(batch - 1, 1.5)));
      // And the pace is kept: five seconds' worth of calls take about five seconds at 95%.
      expect(sent.at(-1)!, `${perSecond}/s`).toBeGreaterThan(4_900);
    }
  });

  it('keeps retrying a throttled call while other calls of its operation succeed', async () => {
    const h = governor({ AddDomainRecord: { perSecond: 5 } }, { throttleStallMs: 5_000 });
    // Call 0 is refused for 20 s in all, far beyond the stall bound, but the operation keeps moving meanwhile.
    const sent = await burst(h, 120, ADD, (t, i) => {
      if (i === 0 && t < 20_000) throw throttled();
    });
    expect(h.gov.stats().AddDomainRecord!.ok).toBe(120);
    expect(sent.at(-1)!).toBeGreaterThanOrEqual(20_000);
  });
});

describe('limits and OSS_DOMAINS_QPS', () => {
  it('starts from the documented limits, chooses one where none is published, and lets overrides win', () => {
    expect(documentedLimits().get('AddDomainRecord')).toEqual({ perSecond: 60 });
    expect(documentedLimits().has('PutCname')).toBe(false);
    const limits = accountLimits(parseQps('AddDomainRecord=30, PutCname=5,AddCdnDomain=2,oss:*=500'));
    expect(limits.get('AddDomainRecord')).toEqual({ perSecond: 30 });
    expect(limits.get('PutCname')).toEqual({ perSecond: 5 });
    expect(limits.get('AddCdnDomain')).toEqual({ perSecond: 2, perHour: 100 });
    expect(limits.get('oss:*')).toEqual({ perSecond: 500 });
    expect(accountLimits().get('PutCname')).toEqual({ perSecond: 100 });
    expect(accountLimits().get('UpdateDomainRecordRemark')).toEqual({ perSecond: 60 });
    expect(accountLimits().has('PutObject')).toBe(false);
    expect(parseQps('  ')).toEqual(new Map());
    expect(parseQps('PutCname=0.5,')).toEqual(new Map([['PutCname', 0.5]]));
  });

  it.each([
    ['AddDomainRecord', /entry 1 \("AddDomainRecord"\) is not Action=N/],
    [
      'AddDomianRecord=5',
      /"AddDomianRecord" is not an Alibaba Cloud API operation this tool calls; did you mean "AddDomainRecord"\?/,
    ],
    ['adddomainrecord=5', /did you mean "AddDomainRecord"/],
    ['PutCname=fast', /entry 1 \("PutCname=fast"\): "fast" is not a number of calls per second/],
    ['PutCname=5,PutCname=0', /entry 2 \("PutCname=0"\): "0" is not a number/],
    ['PutCname=5,PutCname=6', /PutCname is given twice/],
  ])('refuses OSS_DOMAINS_QPS=%s with a message naming the entry', (text, message) => {
    let e: unknown;
    try {
      parseQps(text);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ service: 'config', code: 'InvalidQps' });
    expect((e as CloudError).message).toMatch(message);
    expect((e as CloudError).hint).toBeTruthy();
  });

  it('createRuntime refuses a malformed OSS_DOMAINS_QPS before any call', () => {
    expect(() => createRuntime({ OSS_DOMAINS_QPS: 'PutCnam=3' })).toThrow(/did you mean "PutCname"/);
  });

  it('every operation named in the table belongs to one of the three services', () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      expect(['oss', 'alidns', 'cdn'], name).toContain(op.service);
    }
  });
});
