/**
 * The apply lock as a lease, against the sandbox over real HTTP (the OSS adapter on ali-oss): expiry by OSS's clock
 * whatever the callers' clocks say, a holder that learns it lost the lock and stops at the next step boundary, a
 * create whose reply was lost, renewal failures that are not swallowed, and a takeover that cannot delete a lock
 * another run has just taken.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULT_LOCK_TTL_MS, LOCK_KEY } from '../../src/core/engine/lock.js';
import {
  applyDesired,
  createRuntime,
  type DesiredState,
  type ProgressEvent,
  type Runtime,
  withApplyLock,
} from '../../src/core/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { newObject } from '../../src/sandbox/util.js';
import { captureStreams } from '../cli/run.js';
import { entry, file, testTuning } from '../support/engine-sandbox.js';

const STATE = { bucket: 'abc-ops', region: 'cn-hangzhou' };
const SEED = {
  zones: [{ name: 'abc.com', records: [] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' as const },
    { name: 'abc-ops', region: 'cn-hangzhou' },
  ],
};
const STATE_LINES = 'state:\n  bucket: abc-ops\n  region: cn-hangzhou\n';
const desired = (): DesiredState =>
  file(['img', 'cdn', 'static'].map((d) => entry(`${d}.abc.com`)).join(''), STATE_LINES);

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

async function start(): Promise<Sandbox> {
  sb = await startSandbox({ seed: SEED, dnsPort: 0, timing: { ownershipDelayMs: 0, cdnOnlineDelayMs: 0 } });
  return sb;
}

/** A runtime on the sandbox whose clock is `skewMs` off (and can be moved), with its progress events. */
function runner(s: Sandbox, skewMs = 0, onEvent: (e: ProgressEvent) => void = () => {}) {
  const events: ProgressEvent[] = [];
  const clock = { offset: skewMs, now: () => Date.now() + clock.offset };
  const rt: Runtime = createRuntime(
    { ...s.env },
    {
      clock,
      progress: (e) => {
        events.push(e);
        onEvent(e);
      },
      tuning: { ...testTuning, lockWaitMs: 60_000 },
    },
  );
  return { rt, clock, events };
}

const ops = (s: Sandbox) => s.world.buckets.get('abc-ops')!.objects;
const head = (s: Sandbox): { id: string; holder: string } | undefined => {
  const o = ops(s).get(LOCK_KEY);
  return o ? JSON.parse(o.body.toString('utf8')) : undefined;
};
/** A lock object as another run wrote it, `ageMs` ago by the sandbox's (OSS's) clock. */
function plant(s: Sandbox, holder: string, id: string, ageMs: number): void {
  const body = JSON.stringify({ holder, id, ttlMs: DEFAULT_LOCK_TTL_MS, acquiredAt: new Date().toISOString() });
  ops(s).set(LOCK_KEY, newObject(Buffer.from(body), 'application/json', Date.now() - ageMs));
}

describe('the apply lock is a lease judged by OSS’s clock', () => {
  it.each([
    ['5 minutes ahead', 300_000],
    ['5 minutes behind', -300_000],
  ])('two applies whose clocks differ by 5 minutes (%s) are never inside at once', async (_, skew) => {
    const s = await start();
    // Every DNS write of the first apply takes 300 ms, so the second surely arrives while the first holds the lock.
    s.control.setFaults({ actions: ['AddDomainRecord', 'UpdateDomainRecordRemark'], slowRate: 1, slowMs: 300 });
    const holders = new Set<string | undefined>();
    s.control.onCall((c) => {
      if (c.write && c.status < 400 && c.bucket !== 'abc-ops') holders.add(head(s)?.holder);
    });
    const a = runner(s);
    const b = runner(s, skew);
    const first = applyDesired(a.rt, desired(), { actor: 'cli:alice', command: 'apply' });
    while (!head(s)) await new Promise((r) => setTimeout(r, 5));
    const second = applyDesired(b.rt, desired(), { actor: 'cli:bob', command: 'apply' });
    const [ra, rb] = await Promise.all([first, second]);

    expect(ra.result?.ok).toBe(true);
    expect(rb.result, 'the second found nothing left to do').toBeUndefined();
    expect(b.events.some((e) => e.kind === 'wait' && e.message.includes('held by cli:alice (apply)'))).toBe(true);
    expect(b.events.some((e) => /taking over/.test(e.message))).toBe(false);
    expect([...holders], 'every change was made under alice’s lock').toEqual(['cli:alice (apply)']);
    expect([...ops(s).keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
  });

  it('a dead holder’s lock is taken over when OSS’s clock says it expired, whatever the waiter’s clock says', async () => {
    const s = await start();
    // Expired by OSS's clock (older than ttl + grace), seen by a waiter whose clock is 5 minutes behind.
    plant(s, 'crashed run', 'aaaaaaaaaaaaaaaa', DEFAULT_LOCK_TTL_MS + 10_000);
    const behind = runner(s, -300_000);
    await expect(withApplyLock(behind.rt, STATE, { holder: 'me', waitMs: 2_000 }, async () => 'ran')).resolves.toBe(
      'ran',
    );
    expect(behind.events.some((e) => e.message === 'taking over the apply lock of crashed run, which expired')).toBe(
      true,
    );

    // Fresh by OSS's clock, seen by a waiter whose clock is 5 minutes ahead: it waits, and gives up naming the holder.
    plant(s, 'live run', 'bbbbbbbbbbbbbbbb', 60_000);
    const ahead = runner(s, 300_000);
    await expect(withApplyLock(ahead.rt, STATE, { holder: 'me', waitMs: 1_000 }, async () => 'ran')).rejects.toThrow(
      /another apply holds the lock: live run \(since .*, expires .*\); gave up after waiting/,
    );
    expect(head(s)?.holder).toBe('live run');
  });
});

describe('a holder learns that it lost the lock', () => {
  it('a holder whose locks/apply.json is deleted by hand stops at the next step boundary and says so', async () => {
    const s = await start();
    let deletedAt = -1;
    const r = runner(s, 0, (e) => {
      if (e.kind !== 'step-done' || deletedAt >= 0) return;
      ops(s).delete(LOCK_KEY); // by hand, in the console
      deletedAt = r.events.length;
      r.clock.offset += DEFAULT_LOCK_TTL_MS / 3; // a renewal is due
    });
    const run = await applyDesired(r.rt, desired(), { actor: 'cli:alice', command: 'apply' });

    expect(deletedAt).toBeGreaterThan(0);
    const result = run.result!;
    expect(result.ok).toBe(false);
    expect(result.stopped).toMatch(
      /^lost the apply lock \(oss:\/\/abc-ops\/locks\/apply\.json was deleted while this run held it\): stopped before \d+ steps \(.+\); run again to finish$/,
    );
    expect(
      r.events.slice(deletedAt).filter((e) => e.kind === 'step-start'),
      'no step started after',
    ).toEqual([]);
    const notRun = result.results.filter((x) => x.notRun);
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((x) => !x.ok && /^not run: lost the apply lock/.test(x.error ?? ''))).toBe(true);
    expect(result.verifications).toEqual([]);

    // The next run finishes the job.
    const again = await applyDesired(runner(s).rt, desired(), { actor: 'cli:bob', command: 'apply' });
    expect(again.result?.ok).toBe(true);
  });

  it('the CLI says so and exits 1; the next run finishes the job', async () => {
    const s = await start();
    const dir = await mkdtemp(join(tmpdir(), 'oss-domains-lease-'));
    await writeFile(
      join(dir, 'domains.yml'),
      `version: 1\nowner: web\n${STATE_LINES}defaults:\n  region: cn-hangzhou\ndomains:\n` +
        ['img', 'cdn', 'static'].map((d) => entry(`${d}.abc.com`)).join(''),
    );
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    let deleted = false;
    s.control.onCall((c) => {
      if (deleted || c.action !== 'PutCname' || c.status !== 200) return;
      deleted = true;
      ops(s).delete(LOCK_KEY);
      clock.offset += DEFAULT_LOCK_TTL_MS / 3;
    });
    const apply = async () => {
      const { stdout, stderr, text } = captureStreams();
      const stdin = Object.assign(new PassThrough(), { isTTY: false });
      const env = { PATH: process.env.PATH, USER: 'alice', ...s.env };
      const status = await main(['apply', '--yes'], {
        stdout,
        stderr,
        stdin,
        env,
        cwd: dir,
        tuning: testTuning,
        clock,
      });
      return { status, ...text() };
    };
    const r = await apply();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /✗ lost the apply lock \(oss:\/\/abc-ops\/locks\/apply\.json was deleted while this run held it\): stopped before \d+ steps? \(.*\); run again to finish/,
    );
    const again = await apply();
    expect(again.status, again.stderr).toBe(0);
  });

  it('renewal failures are reported, and when the lease runs out the apply stops with the cause', async () => {
    const s = await start();
    let refused = false;
    let reported = false;
    const r = runner(s, 0, (e) => {
      if (e.kind === 'step-done' && !refused) {
        refused = true;
        s.control.failNext('PutObject', 1_000, 'AccessDenied'); // renewals are refused from now on
        r.clock.offset += DEFAULT_LOCK_TTL_MS / 3;
      } else if (e.kind === 'retry' && /could not renew/.test(e.message) && !reported) {
        reported = true;
        r.clock.offset += DEFAULT_LOCK_TTL_MS; // the lease runs out without a renewal
      }
    });
    const run = await applyDesired(r.rt, desired(), { actor: 'cli:alice', command: 'apply', audit: false });
    s.control.clearFaults();

    const retry = r.events.find((e) => e.kind === 'retry' && /could not renew the apply lock/.test(e.message));
    expect(retry?.message).toMatch(/AccessDenied.*retrying — it is lost in \d+ s unless a renewal succeeds/);
    expect(run.result?.stopped).toMatch(
      /^lost the apply lock \(it could not be renewed within 180 s: .*AccessDenied.*\): stopped before \d+ steps? .*; run again to finish$/,
    );
    // A holder that cannot prove the lock is still its own does not delete it either: the lock simply expires.
    expect(head(s)?.holder).toBe('cli:alice (apply)');
  });
});

describe('taking and taking over', () => {
  it('a lost reply to the lock’s create does not make a run wait for itself', async () => {
    const s = await start();
    s.control.failNext('PutObject', 1, 'LOST_REPLY');
    const r = runner(s);
    let inside: { id: string; holder: string } | undefined;
    await withApplyLock(r.rt, STATE, { holder: 'me', waitMs: 2_000 }, async () => {
      inside = head(s);
    });
    expect(s.control.calls({ action: 'PutObject', injected: true })).toHaveLength(1); // the create happened, unanswered
    expect(inside?.holder).toBe('me');
    expect(r.events.filter((e) => e.kind === 'wait')).toEqual([]);
    expect(head(s), 'released').toBeUndefined();
  });

  it('a takeover never deletes a lock another run has just taken', async () => {
    const s = await start();
    plant(s, 'crashed run', 'aaaaaaaaaaaaaaaa', DEFAULT_LOCK_TTL_MS + 60_000);
    // Right after this waiter wins the takeover marker of the dead lock, another run takes the lock (the dead one was
    // released by hand and the other run's create won).
    let swapped = false;
    s.control.onCall((c) => {
      const marker = [...ops(s).keys()].some((k) => k.startsWith('locks/takeover-'));
      if (!swapped && marker && c.action === 'PutObject' && c.status === 200) {
        swapped = true;
        plant(s, 'run B', 'bbbbbbbbbbbbbbbb', 0);
      }
    });
    const r = runner(s);
    let entered = false;
    await expect(
      withApplyLock(r.rt, STATE, { holder: 'late waiter', waitMs: 1_000 }, async () => {
        entered = true;
      }),
    ).rejects.toThrow(/another apply holds the lock: run B/);
    expect(swapped).toBe(true);
    expect(entered).toBe(false);
    expect(head(s)?.holder, 'run B’s lock is still there').toBe('run B');
    expect([...ops(s).keys()].filter((k) => k.startsWith('locks/takeover-'))).toEqual([]);
  });

  it('two waiters that both find a dead lock: one takes it over, the other waits for it', async () => {
    const s = await start();
    plant(s, 'crashed run', 'aaaaaaaaaaaaaaaa', DEFAULT_LOCK_TTL_MS + 60_000);
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((res) => setTimeout(res, 200));
      inside--;
    };
    const [a, b] = [runner(s), runner(s)];
    await Promise.all([
      withApplyLock(a.rt, STATE, { holder: 'a', waitMs: 30_000 }, work),
      withApplyLock(b.rt, STATE, { holder: 'b', waitMs: 30_000 }, work),
    ]);
    expect(most).toBe(1);
    const takeovers = [...a.events, ...b.events].filter((e) => /taking over/.test(e.message));
    expect(takeovers).toHaveLength(1);
    expect([...ops(s).keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
  });
});
