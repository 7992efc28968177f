/**
 * Apply: executes exactly the plan, and verifies each domain as soon as its steps are done. Domains run concurrently
 * (the runtime bounds the calls in flight per service); the steps of one domain run in order, and the first failure
 * stops that domain only: its remaining steps are reported as skipped, the other domains carry on. Every step is safe
 * to repeat, so the next run repairs whatever a failure or a crash left half done.
 */
import { errorMessage, hasCode } from '../errors.js';
import {
  type ApplyResult,
  type DomainPlan,
  type Plan,
  planHasConflicts,
  type StepResult,
  type Verification,
} from '../model.js';
import { recordMarker } from '../ownership.js';
import { guardRuntime } from '../ownership-guard.js';
import type { Runtime } from '../ports.js';
import { describeStep, runStep } from '../resources/index.js';
import { type ApplyContext, Pending, STOPPED_WAITING, ZoneRecords } from './apply-context.js';
import { stopReason } from './lease.js';
import { Semaphore } from './limit.js';
import { verifyPropagated } from './verify.js';

export interface ApplyOptions {
  /**
   * Stops the apply at the next step boundary once aborted: the step running finishes, no further step starts, and
   * the result says why (the signal's `reason`: an Error or a string) and what is left. Used for a lost apply lock
   * and by front-ends that must stop (a bot shutting down).
   */
  signal?: AbortSignal;
  /** Awaited before every step; the apply lock renews itself here when a renewal is due. */
  beforeStep?: () => Promise<void>;
}

/**
 * The steps of one domain, in order. A step that is `Pending` (waiting for records at another DNS provider) is not a
 * failure: the records still to create are printed (manual-record steps run), the other steps wait for the next
 * apply, and every one of them is reported pending.
 */
async function runDomain(base: Omit<ApplyContext, 'ids'>, d: DomainPlan, opts: ApplyOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const { rt } = base;
  let waitingFor: string | undefined;
  for (const [i, step] of d.steps.entries()) {
    await opts.beforeStep?.();
    if (opts.signal?.aborted) {
      const why = `not run: ${stopReason(opts.signal)}`;
      for (const rest of d.steps.slice(i))
        results.push({ step: rest, ok: false, requestIds: [], error: why, notRun: true });
      break;
    }
    const ctx: ApplyContext = { ...base, ids: [], ...(opts.signal ? { signal: opts.signal } : {}) };
    const what = describeStep(step);
    if (waitingFor && step.kind !== 'manual-record') {
      results.push({ step, ok: true, pending: true, requestIds: [], detail: `waits for ${waitingFor}` });
      continue;
    }
    rt.progress({ kind: 'step-start', domain: d.domain, message: what });
    try {
      const detail = await runStep(ctx, step);
      results.push({ step, ok: true, requestIds: ctx.ids, detail });
      rt.progress({ kind: 'step-done', domain: d.domain, message: detail ? `${what}: ${detail}` : what });
    } catch (e) {
      if (e instanceof Pending) {
        results.push({ step, ok: true, pending: true, requestIds: ctx.ids, detail: e.detail ?? e.message });
        rt.progress({ kind: 'info', domain: d.domain, message: `pending: ${e.message}` });
        waitingFor ??= 'the records at your DNS provider';
        continue;
      }
      if (opts.signal?.aborted && hasCode(e, STOPPED_WAITING)) {
        // Stopped while the step waited: not a failure of the step; it and the rest are left to the next run.
        const error = (e as Error).message;
        results.push({ step, ok: false, requestIds: ctx.ids, error, interrupted: true });
        rt.progress({ kind: 'step-failed', domain: d.domain, message: `${what}: ${error}` });
        const why = `not run: ${stopReason(opts.signal)}`;
        for (const rest of d.steps.slice(i + 1))
          results.push({ step: rest, ok: false, requestIds: [], error: why, notRun: true });
        break;
      }
      const error = errorMessage(e);
      results.push({ step, ok: false, requestIds: ctx.ids, error });
      rt.progress({ kind: 'step-failed', domain: d.domain, message: `${what}: ${error}` });
      for (const rest of d.steps.slice(i + 1))
        results.push({ step: rest, ok: false, requestIds: [], error: `skipped: "${what}" failed` });
      break;
    }
  }
  return results;
}

/** Runs the plan's steps; see the module comment. `ok` is false when any step failed or any domain is in conflict. */
export async function apply(runtime: Runtime, plan: Plan, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const rt = guardRuntime(runtime, plan);
  const base = {
    rt,
    owner: plan.owner,
    marker: recordMarker(plan.owner),
    zones: new ZoneRecords(rt),
    cdnCname: new Map(),
    cdnProofs: new Map(),
  };
  const todo = plan.domains.filter((d) => d.steps.length > 0);
  // Each domain is verified as soon as its own steps are done, while the others still run: a large apply does not
  // end with a queue of lookups. The lookups are bounded like the calls.
  const lookups = new Semaphore(Math.max(1, rt.tuning.concurrency));
  const verifying: Promise<Verification>[] = [];
  const perDomain = await Promise.all(
    todo.map(async (d) => {
      const results = await runDomain(base, d, opts);
      const expected = expectedTarget(d, results, base.cdnCname);
      if (expected && !opts.signal?.aborted)
        verifying.push(lookups.run(() => verifyPropagated(rt, d.domain, expected, { signal: opts.signal })));
      return results;
    }),
  );
  const results = perDomain.flat();
  const notRun = results.filter((r) => r.notRun);
  const interrupted = results.filter((r) => r.interrupted);
  if (opts.signal && (notRun.length > 0 || interrupted.length > 0)) {
    // Verifying half a change says nothing useful, and whoever stopped us wants us gone quickly.
    const stopped = stoppedMessage(opts.signal, interrupted, notRun);
    return { plan, results, verifications: [], ok: false, stopped };
  }
  const done = new Map((await Promise.all(verifying)).map((v) => [v.domain, v]));
  const verifications = todo.map((d) => done.get(d.domain)).filter((v): v is Verification => v !== undefined);
  return { plan, results, verifications, ok: results.every((r) => r.ok) && !planHasConflicts(plan) };
}

/** What a domain whose steps all succeeded must now resolve to (none for a removal, or after a failure). */
function expectedTarget(d: DomainPlan, results: StepResult[], cdnCname: Map<string, string>): string | undefined {
  // A pending domain (dns: none, records not there yet) has nothing to verify: its record is the user's to create.
  if (d.action === 'delete' || !d.target || !results.every((r) => r.ok) || results.some((r) => r.pending))
    return undefined;
  return d.target.startsWith('cdn:') ? cdnCname.get(d.target.slice(4)) : d.target;
}

/**
 * `lost the apply lock (…): stopped before 3 steps (img.abc.com: bind …, …); run again to finish`, or, when a step was
 * waiting, `…: stopped while waiting in 1 step (…) and before 1 step (…); run again to finish`.
 */
function stoppedMessage(signal: AbortSignal, interrupted: StepResult[], notRun: StepResult[]): string {
  const list = (rs: StepResult[]) => {
    const first = rs.slice(0, 2).map((r) => `${r.step.domain}: ${describeStep(r.step)}`);
    const more = rs.length > first.length ? `, and ${rs.length - first.length} more` : '';
    return `${rs.length} step${rs.length === 1 ? '' : 's'} (${first.join('; ')}${more})`;
  };
  const parts = [
    ...(interrupted.length > 0 ? [`while waiting in ${list(interrupted)}`] : []),
    ...(notRun.length > 0 ? [`before ${list(notRun)}`] : []),
  ];
  return `${stopReason(signal)}: stopped ${parts.join(' and ')}; run again to finish`;
}
