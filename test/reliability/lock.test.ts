/**
 * Two applies at once sharing a `state` bucket. The apply lock (`locks/apply.json`, created with
 * x-oss-forbid-overwrite) lets one run; the other waits for it, and
 * - when the first finishes in time, runs after it and finds nothing left to do;
 * - when the wait outlasts its limit, exits with a message naming the holder.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { plan, planHasChanges } from '../../src/core/index.js';
import { type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { removeWorkdirs, startCli, workdir } from './cli-process.js';
import { CONFIG, desired, duplicates, FAST, foreignSnapshot, runtimeFor, SEED } from './support.js';

const SHARED_SEED: SeedSpec = {
  ...SEED,
  timing: { ...SEED.timing, cdnOnlineDelayMs: 0 },
  buckets: [...(SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }],
};
const LOCK = 'locks/apply.json';
const CONFIG_WITH_STATE = CONFIG.replace('domains:\n', 'state:\n  bucket: abc-ops\n  region: cn-hangzhou\ndomains:\n');

/**
 * Holds the first apply inside its lock: every DNS write takes 1.5 s until the faults are cleared, so the second
 * apply (a process that may take a second or two to start on a busy machine) surely finds the lock held.
 */
const stallDnsWrites = (sb: Sandbox) =>
  sb.control.setFaults({
    actions: ['AddDomainRecord', 'UpdateDomainRecord', 'UpdateDomainRecordRemark'],
    slowRate: 1,
    slowMs: 1_500,
  });

const lockBody = (sb: Sandbox): { id: string; holder: string } | undefined => {
  const o = sb.world.buckets.get('abc-ops')!.objects.get(LOCK);
  return o ? JSON.parse(o.body.toString('utf8')) : undefined;
};

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
  removeWorkdirs();
});

describe('two applies at once, one state bucket', () => {
  it('one runs while the other waits, then finds nothing to do; every change is made under the lock', async () => {
    sb = await startSandbox({ seed: SHARED_SEED, dnsPort: 0 });
    const world = sb;
    stallDnsWrites(world);
    const before = foreignSnapshot(world);
    // Who held the lock at each change to the cloud (buckets' bindings, DNS, CDN; not the lock and audit objects).
    const holders: (string | undefined)[] = [];
    world.control.onCall((c) => {
      if (c.write && c.status < 400 && c.bucket !== 'abc-ops') holders.push(lockBody(world)?.id);
      // The loser's attempt to create the lock (x-oss-forbid-overwrite → 409): it is waiting now; let the winner go.
      if (c.action === 'PutObject' && c.status === 409) world.control.clearFaults();
    });

    const dir = workdir(CONFIG_WITH_STATE);
    const [a, b] = await Promise.all([
      startCli(world, ['apply', '--yes'], dir, { USER: 'alice' }).done,
      startCli(world, ['apply', '--yes'], dir, { USER: 'bob' }).done,
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const waited = [a, b].filter((r) => /waiting for the apply lock held by cli:(alice|bob) \(apply\)/.test(r.stderr));
    expect(waited, 'exactly one of them waited, and was told who it waited for').toHaveLength(1);
    // …by the other one.
    expect(waited[0]!.stderr).toContain(`held by cli:${waited[0] === a ? 'bob' : 'alice'} (apply)`);

    expect(holders.length).toBeGreaterThan(10);
    expect(
      holders.every((h) => h !== undefined),
      'a change was made without the lock',
    ).toBe(true);
    expect(new Set(holders).size, 'changes were made under two different locks').toBe(1);
    expect(lockBody(world), 'the lock is released').toBeUndefined();
    const audit = [...world.world.buckets.get('abc-ops')!.objects.keys()].filter((k) => k.startsWith('audit/'));
    expect(audit, 'one run changed something, the other nothing').toHaveLength(1);

    expect(planHasChanges(await plan(runtimeFor(world, FAST), desired()))).toBe(false);
    expect(duplicates(world)).toEqual([]);
    expect(foreignSnapshot(world)).toEqual(before);
  });

  it('the waiting apply gives up after its limit with a message naming the holder', async () => {
    sb = await startSandbox({ seed: SHARED_SEED, dnsPort: 0 });
    const world = sb;
    // A slow first apply, in its own process, holds the lock for a while.
    stallDnsWrites(world);
    const dir = workdir(CONFIG_WITH_STATE);
    const first = startCli(world, ['apply', '--yes'], dir, { USER: 'alice' });
    await until(() => lockBody(world) !== undefined, 'the first apply to take the lock');

    // The second apply runs in this process with a short lock wait, well inside the holder's renewed lock.
    let stderr = '';
    const err = new PassThrough().on('data', (c) => {
      stderr += c;
    });
    const io: CliIo = {
      stdout: new PassThrough().resume(),
      stderr: err,
      stdin: Object.assign(new PassThrough(), { isTTY: false }),
      env: { ...world.env, USER: 'bob', HOME: dir },
      cwd: dir,
      tuning: { pollMs: 20, lockWaitMs: 1_500 },
    };
    const status = await main(['apply', '--yes'], io);

    expect(status).toBe(1);
    expect(stderr).toMatch(/another apply holds the lock: cli:alice \(apply\) \(since .*, expires .*\)/);
    expect(stderr).toMatch(/gave up after waiting [12] s/);
    expect(stderr).toMatch(/wait for it to finish and run again/);
    expect(lockBody(world)?.holder, 'the loser did not touch the holder’s lock').toBe('cli:alice (apply)');

    world.control.clearFaults();
    const a = await first.done;
    expect(a.status, a.stderr).toBe(0);
    expect(lockBody(world)).toBeUndefined();
  });
  it('an apply interrupted with Ctrl-C releases the lock before it exits, and the next run finishes the job', async () => {
    sb = await startSandbox({ seed: SHARED_SEED, dnsPort: 0 });
    const world = sb;
    stallDnsWrites(world);
    const dir = workdir(CONFIG_WITH_STATE);
    const first = startCli(world, ['apply', '--yes'], dir, { USER: 'alice' });
    await until(() => lockBody(world) !== undefined, 'the apply to take the lock');
    first.child.kill('SIGINT');
    const r = await first.done;
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted (SIGINT): releasing the apply lock');
    expect(lockBody(world), 'released, not left to expire').toBeUndefined();

    world.control.clearFaults();
    const again = await startCli(world, ['apply', '--yes'], dir, { USER: 'bob' }).done;
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/waiting for the apply lock/);
    expect(planHasChanges(await plan(runtimeFor(world, FAST), desired()))).toBe(false);
    expect(duplicates(world)).toEqual([]);
  });
});
