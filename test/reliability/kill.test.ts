/**
 * A CLI apply killed (SIGKILL: no finally, no cleanup) at a random point — after a seeded random number of write calls
 * seen in the sandbox's log — then run again: the second run converges, and nothing is duplicated (one binding, one
 * CNAME and one `_dnsauth` TXT per domain, one CDN domain) and nothing foreign touched.
 *
 * With a `state` bucket the killed run leaves its apply lock behind. A new run waits for it (the lock is valid for
 * 3 minutes after its last renewal, by OSS's clock) and takes it over once it has expired: here through the core,
 * with the sandbox's clock moved past the expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, plan, planHasChanges, planHasConflicts, withApplyLock } from '../../src/core/index.js';
import { type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/util.js';
import { removeWorkdirs, startCli, workdir } from './cli-process.js';
import { CONFIG, DECLARED, desired, duplicates, FAST, foreignSnapshot, runtimeFor, SEED } from './support.js';

/** CDN online at once: the CLI polls with the production interval (5 s), which this suite cannot wait for. */
const KILL_SEED: SeedSpec = {
  ...SEED,
  timing: { ...SEED.timing, cdnOnlineDelayMs: 0 },
  buckets: [...(SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }],
};
/** Each call takes this long in the sandbox, so a kill lands while other calls of the run are still to come. */
const LATENCY_MS = 15;
const STATE = 'state:\n  bucket: abc-ops\n  region: cn-hangzhou\n';
const KILLS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let reference = 0;
beforeAll(async () => {
  // How many writes a full apply of this world makes, for drawing kill points inside it.
  const sb = await startSandbox({ seed: KILL_SEED, dnsPort: 0 });
  const rt = runtimeFor(sb, FAST);
  await apply(rt, await plan(rt, desired()));
  reference = sb.control.writeCalls().length;
  await sb.stop();
  expect(reference).toBeGreaterThan(10);
});

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.stop()));
  removeWorkdirs();
});

async function killedRun(
  n: number,
  config: string,
  clock?: () => number,
): Promise<{ sb: Sandbox; killAt: number; before: object }> {
  const sb = await startSandbox({ seed: KILL_SEED, dnsPort: 0, clock });
  sandboxes.push(sb);
  sb.control.setFaults({ latencyMs: LATENCY_MS });
  const before = foreignSnapshot(sb);
  const r = seededRandom(0xdead + n);
  // Within the first 80% of the writes: a kill near the very end can be outrun by the calls already in flight.
  const killAt = 1 + Math.floor(r() * reference * 0.8);
  const cli = startCli(sb, ['apply', '--yes'], workdir(config));
  let writes = 0;
  const off = sb.control.onCall((c) => {
    if (c.write && ++writes === killAt) cli.child.kill('SIGKILL');
  });
  const result = await cli.done;
  off();
  expect(result.signal, `run ${n}: the CLI finished before its ${killAt}th write:\n${result.stderr}`).toBe('SIGKILL');
  // Requests the process sent before it died are still being handled; let them land.
  await sleep(LATENCY_MS * 4);
  return { sb, killAt, before };
}

function expectConverged(sb: Sandbox, before: object, label: string) {
  expect(duplicates(sb), `${label}: duplicates`).toEqual([]);
  expect(foreignSnapshot(sb), `${label}: something this tool does not own changed`).toEqual(before);
  for (const d of DECLARED) {
    const holders = [...sb.world.buckets.values()].filter((b) => b.cnames.has(d));
    expect(holders, `${label}: ${d} bindings`).toHaveLength(1);
  }
  expect([...sb.world.cdn.keys()].filter((d) => d === 'static.abc.com')).toHaveLength(1);
}

// Each test spawns two CLI processes that import the whole tool; on a loaded 2-core machine, five at once take far
// longer than the default 30 s. The limit guards against a hang, not a speed (speed is measured in `npm run bench`).
describe.concurrent('a CLI apply killed at a random point, then run again', { timeout: 120_000 }, () => {
  it.each(Array.from({ length: KILLS }, (_, n) => n))('kill point %i', async (n) => {
    const { sb, killAt, before } = await killedRun(n, CONFIG);
    const label = `kill point ${n} (after write ${killAt} of about ${reference})`;
    const clean = runtimeFor(sb, FAST);
    expect(planHasChanges(await plan(clean, desired())), `${label}: the kill came too late`).toBe(true);

    sb.control.clearFaults();
    const again = await startCli(sb, ['apply', '--yes'], workdir(CONFIG)).done;
    expect(again.status, `${label}: the re-run failed:\n${again.stderr}`).toBe(0);
    const after = await plan(clean, desired());
    expect(planHasChanges(after) || planHasConflicts(after), `${label}: not converged`).toBe(false);
    expectConverged(sb, before, label);
  });

  it('a run killed while holding the apply lock: its lock is taken over after expiry, then the run converges', async () => {
    const config = CONFIG.replace('domains:\n', `${STATE}domains:\n`);
    // OSS's clock (the sandbox's) is what expires a lock: it is moved past the expiry, the caller's clock is not.
    let skew = 0;
    const { sb, before } = await killedRun(KILLS, config, () => Date.now() + skew);
    const lock = sb.world.buckets.get('abc-ops')!.objects.get('locks/apply.json');
    expect(lock, 'the killed run held the lock').toBeDefined();
    const held = JSON.parse(lock!.body.toString('utf8')) as { holder: string; ttlMs: number };
    expect(held.holder).toMatch(/^cli:.* \(apply\)$/);

    sb.control.clearFaults();
    const want = desired(config);
    skew = held.ttlMs + 6_000; // past ttl + the takeover grace
    const rt = runtimeFor(sb, FAST);
    const result = await withApplyLock(rt, want.state!, { holder: 'github-actions run 7', waitMs: 0 }, async () =>
      apply(rt, await plan(rt, want)),
    );
    expect(result.ok).toBe(true);
    expect(sb.world.buckets.get('abc-ops')!.objects.has('locks/apply.json'), 'the lock is released').toBe(false);
    const after = await plan(runtimeFor(sb, FAST), want);
    expect(planHasChanges(after) || planHasConflicts(after)).toBe(false);
    expectConverged(sb, before, 'lock takeover');
  });
});
