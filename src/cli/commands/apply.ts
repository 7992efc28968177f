/** plan / apply / drift: the reconcile commands, shared by `apply -c FILE` and the one-domain `bind` / `unbind`. */
import {
  type ApplyResult,
  applyDesired,
  type DesiredState,
  describeVerification,
  desiredFromConfig,
  drift,
  type Plan,
  plan,
  planFingerprint,
  planHasChanges,
  planHasConflicts,
  renderPlan,
} from '../../core/index.js';
import { actor, type Ctx, confirm, loadOrReport, willAsk } from '../context.js';

export async function planCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  const p = await plan(ctx.runtime(), desiredFromConfig(config));
  ctx.out.human(renderPlan(p));
  if (ctx.json) ctx.out.json(p);
  if (planHasConflicts(p)) return 1;
  return planHasChanges(p) ? 2 : 0;
}

export async function applyCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  return reconcile(ctx, desiredFromConfig(config), 'apply');
}

export async function driftCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  const report = await drift(ctx.runtime(), desiredFromConfig(config));
  ctx.out.human(renderPlan(report.plan));
  if (report.orphans.length) ctx.out.human(`Owned but no longer declared: ${report.orphans.join(', ')}`);
  ctx.out.human(report.drift ? 'Drift: the cloud differs from the file (see above).' : 'In sync with the file.');
  if (ctx.json) ctx.out.json(report);
  return report.drift ? 2 : 0;
}

/**
 * Plan, show, confirm, then the core's `applyDesired`: under the apply lock when a state bucket is configured, it plans
 * again and applies only the plan that was confirmed, then writes the audit entry.
 * Conflicting domains are never touched; the rest is applied and the command exits 1 so the conflict is not missed.
 *
 * A person deciding at the prompt must not hold the apply lock (every Action run and bot click would wait on them),
 * so an interactive apply asks first and passes the confirmed plan's fingerprint: when the cloud changed meanwhile,
 * it shows the new plan and applies nothing, since that is not what was confirmed. Without a prompt (`--yes`, CI,
 * pipes) the plan made under the lock is shown and applied.
 */
export async function reconcile(ctx: Ctx, desired: DesiredState, command: string): Promise<number> {
  const rt = ctx.runtime();
  const empty = (p: Plan, extra: Record<string, unknown> = {}) => ({
    plan: p,
    results: [],
    verifications: [],
    ...extra,
  });
  let confirmed: string | undefined;
  if (willAsk(ctx)) {
    const asked = await plan(rt, desired);
    ctx.out.human(renderPlan(asked));
    if (!planHasChanges(asked)) return nothingToDo(ctx, asked);
    if (!(await confirm(ctx, 'Apply these changes?'))) {
      ctx.out.err('Cancelled; nothing was changed.');
      if (ctx.json) ctx.out.json(empty(asked, { ok: false, cancelled: true }));
      return 1;
    }
    confirmed = planFingerprint(asked);
  }
  const run = await applyDesired(rt, desired, {
    actor: actor(ctx.io.env),
    command,
    confirmed,
    onPlan: (p) => {
      if (confirmed === undefined) ctx.out.human(renderPlan(p));
    },
  });
  if (run.stale) {
    ctx.out.human(renderPlan(run.plan));
    ctx.out.err(
      'The cloud changed while you were deciding (another run?): the plan above is not the one you confirmed. Nothing was changed; run apply again to review it.',
    );
    if (ctx.json) ctx.out.json(empty(run.plan, { ok: false, changed: true }));
    return 1;
  }
  if (!run.result) return nothingToDo(ctx, run.plan);
  report(ctx, run.result);
  if (run.auditError) {
    ctx.out.err(`warning: the change was made but the audit entry could not be written: ${run.auditError}`);
  }
  if (ctx.json) ctx.out.json(run.result);
  // `ok` is false for a failed step and for a conflict alike (the conflicting domains were left untouched).
  return run.result.ok ? 0 : 1;
}

function nothingToDo(ctx: Ctx, p: Plan): number {
  if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: !planHasConflicts(p) });
  return planHasConflicts(p) ? 1 : 0;
}

function report(ctx: Ctx, result: ApplyResult): void {
  const failed = result.results.filter((r) => !r.ok && !r.notRun);
  const pending = result.results.filter((r) => r.pending);
  const done = result.results.filter((r) => r.ok && !r.pending).length;
  const waiting = pending.length ? `, ${pending.length} pending` : '';
  ctx.out.human(
    `\nApplied ${done} step${done === 1 ? '' : 's'}${waiting}${failed.length ? `, ${failed.length} failed` : ''}.`,
  );
  for (const f of failed) ctx.out.err(`✗ ${f.step.domain}: ${f.error ?? 'failed'}`);
  // One line for every step a stop left undone (a lost apply lock): why, and that running again finishes the job.
  if (result.stopped) ctx.out.err(`✗ ${result.stopped}`);
  reportPending(ctx, result);
  for (const v of result.verifications) ctx.out.human(describeVerification(v));
}

/** dns: none: what the other DNS provider must hold, and why a domain waits for it. */
function reportPending(ctx: Ctx, result: ApplyResult): void {
  const records = [
    ...new Set(result.results.filter((r) => r.step.kind === 'manual-record' && r.detail).map((r) => r.detail!)),
  ];
  if (records.length)
    ctx.out.human(`Create these records at your DNS provider:\n${records.map((r) => `  ${r}`).join('\n')}`);
  const pending = result.results.filter((r) => r.pending);
  const why = new Map<string, string>();
  for (const r of pending)
    if (r.step.kind !== 'manual-record' && !why.has(r.step.domain)) why.set(r.step.domain, r.detail ?? '');
  for (const r of pending)
    if (!why.has(r.step.domain)) why.set(r.step.domain, `create ${r.detail ?? 'the records above'}`);
  for (const [domain, detail] of why)
    ctx.out.human(
      `… ${domain}: pending — ${detail}; run apply again once the records exist (drift exits 2 until then)`,
    );
}
