/**
 * Changing the world: `apply` of 100 domains that do not exist yet (plan + apply + DNS verification, as the CLI runs
 * it), then the same apply again, which must find nothing to do and write nothing.
 *
 * The sandbox proves ownership at once (its TXT propagation delay is 0) and brings CDN domains online after its
 * default 1 s; the runtime keeps the production tuning, so a CDN domain costs at least one 5 s poll. Real Alibaba
 * Cloud takes minutes for both, which no tool can shorten; what is measured here is the tool's own cost.
 */
import { apply, desiredFromConfig, parseConfig, plan, planHasChanges, type Tuning } from '../src/core/index.js';
import { benchSandbox, byAction, round, timed } from './measure.js';
import { benchDomains, configYaml, emptyWorld } from './world.js';

export interface ApplyBench {
  domains: number;
  cdnDomains: number;
  wallMs: number;
  calls: number;
  writes: number;
  byAction: Record<string, number>;
  ok: boolean;
  failedSteps: number;
  verified: number;
  reapply: { wallMs: number; calls: number; writes: number; changes: boolean };
}

/** `tuning` overrides the production waits (tests shorten the CDN poll; the benchmark keeps the defaults). */
export async function benchApply(
  n: number,
  latencyMs: number,
  cdnEvery: number,
  tuning?: Partial<Tuning>,
): Promise<ApplyBench> {
  const domains = benchDomains(n, { cdnEvery });
  const parsed = parseConfig(configYaml(domains), 'domains.yml');
  if (!parsed.ok) throw new Error(`the generated domains.yml is invalid: ${parsed.issues[0]?.message}`);
  const desired = desiredFromConfig(parsed.config);
  const env = await benchSandbox(emptyWorld(), latencyMs, { tuning });
  try {
    // The resolver answers from the sandbox zones; the verification step is part of what users wait for.
    const first = await timed(async () => apply(env.rt, await plan(env.rt, desired)));
    const calls = env.sb.control.calls();
    env.sb.control.clearCalls();
    const again = await timed(async () => {
      const p = await plan(env.rt, desired);
      return planHasChanges(p) ? apply(env.rt, p) : p;
    });
    const calls2 = env.sb.control.calls();
    const result = first.value;
    return {
      domains: n,
      cdnDomains: domains.filter((d) => d.cdn).length,
      wallMs: round(first.ms),
      calls: calls.length,
      writes: calls.filter((c) => c.write).length,
      byAction: byAction(calls),
      ok: result.ok,
      failedSteps: result.results.filter((r) => !r.ok).length,
      verified: result.verifications.filter((v) => v.ok).length,
      reapply: {
        wallMs: round(again.ms),
        calls: calls2.length,
        writes: calls2.filter((c) => c.write).length,
        changes: 'results' in again.value,
      },
    };
  } finally {
    await env.stop();
  }
}
