/**
 * One apply, the same way for every front-end: under the apply lock (when a state bucket is configured), plan again
 * — whatever another run changed while we waited must be seen before we act —, check that this is the plan a person
 * confirmed (when one did), apply it, and write the audit entry. The CLI, the Action and the bot differ only in how
 * they ask and how they show the result.
 */
import { errorMessage } from '../errors.js';
import type { ApplyResult, DesiredState, Plan } from '../model.js';
import { planHasChanges } from '../model.js';
import type { Runtime } from '../ports.js';
import { apply } from './apply.js';
import { writeAudit } from './audit.js';
import { planFingerprint } from './fingerprint.js';
import { anySignal, type LeaseHandle } from './lease.js';
import { withApplyLock } from './lock.js';
import { observe } from './observe.js';
import { computePlan } from './plan.js';

/** Reads the cloud and computes the plan for `desired` (no write call). */
export async function plan(rt: Runtime, desired: DesiredState): Promise<Plan> {
  return computePlan(desired, await observe(rt, desired, { allZones: desired.scope === 'file' && desired.prune }));
}

export interface ApplyDesiredOptions {
  /** Who acts (`cli:alice`, `github:octocat`, `slack:U123`): the lock holder and the audit actor. */
  actor: string;
  /** `apply`, `bind`, `unbind`: for the lock holder and the audit entry. */
  command: string;
  /** How the lock names its holder to whoever waits (default `<actor> (<command>)`); e.g. with a link to the run. */
  holder?: string;
  /** The fingerprint of the plan a person confirmed: apply only if the plan computed under the lock has it. */
  confirmed?: string;
  /** Called with the plan computed under the lock, before anything changes (to show it, or prepare progress). */
  onPlan?: (plan: Plan) => void | Promise<void>;
  /** Write an audit entry to the state bucket after a change (default true; the bot writes its own, richer one). */
  audit?: boolean;
  /**
   * Stops the apply at the next step boundary when aborted (e.g. a bot shutting down), or the wait for the apply
   * lock; the signal's `reason` (an Error or a string) says why in the result. A lost apply lock stops it the same way.
   */
  signal?: AbortSignal;
}

export interface ApplyRun {
  /** The plan computed under the lock. */
  plan: Plan;
  /** Absent when nothing was applied: nothing to do, or a stale confirmation. */
  result?: ApplyResult;
  /** The plan is not the one that was confirmed: nothing was applied. */
  stale: boolean;
  /** The change was made but its audit entry could not be written. */
  auditError?: string;
}

export async function applyDesired(rt: Runtime, desired: DesiredState, opts: ApplyDesiredOptions): Promise<ApplyRun> {
  const run = async (lease?: LeaseHandle): Promise<ApplyRun> => {
    const p = await plan(rt, desired);
    if (opts.confirmed !== undefined && planFingerprint(p) !== opts.confirmed) return { plan: p, stale: true };
    await opts.onPlan?.(p);
    if (!planHasChanges(p)) return { plan: p, stale: false };
    const signal = anySignal([opts.signal, lease?.signal]);
    return { plan: p, result: await apply(rt, p, { signal, beforeStep: lease?.checkpoint }), stale: false };
  };
  const state = desired.state;
  const holder = opts.holder ?? `${opts.actor} (${opts.command})`;
  const out = state ? await withApplyLock(rt, state, { holder, signal: opts.signal }, run) : await run();
  if (state && out.result && opts.audit !== false) {
    const { result } = out;
    try {
      await writeAudit(rt, state, {
        time: new Date(rt.clock.now()).toISOString(),
        actor: opts.actor,
        command: opts.command,
        domains: out.plan.domains.filter((d) => d.steps.length > 0).map((d) => d.domain),
        ok: result.ok,
        requestIds: result.results.flatMap((r) => r.requestIds),
        summary: `${result.results.filter((r) => r.ok).length}/${result.results.length} changes made`,
      });
    } catch (e) {
      out.auditError = errorMessage(e);
    }
  }
  return out;
}
