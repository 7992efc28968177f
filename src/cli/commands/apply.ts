/** plan / apply / drift: the reconcile commands, shared by `apply -c FILE` and the one-domain `bind` / `unbind`. */
import {
  type ApplyResult,
  apply,
  type DesiredState,
  desiredFromConfig,
  drift,
  errorMessage,
  type Plan,
  plan,
  planHasChanges,
  planHasConflicts,
  renderPlan,
  withApplyLock,
  writeAudit,
} from '../../core/index.js';
import { actor, type Ctx, confirm, loadOrReport } from '../context.js';

export async function planCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  const p = await plan(ctx.runtime(), desiredFromConfig(config));
  ctx.out.human(renderPlan(p, 'text'));
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
  ctx.out.human(renderPlan(report.plan, 'text'));
  if (report.orphans.length) ctx.out.human(`Owned but no longer declared: ${report.orphans.join(', ')}`);
  ctx.out.human(report.drift ? 'Drift: the cloud differs from the file (see above).' : 'In sync with the file.');
  if (ctx.json) ctx.out.json(report);
  return report.drift ? 2 : 0;
}

/**
 * Plan, show, confirm, apply under the lock (when a state bucket is configured), report, audit.
 * Conflicting domains are never touched; the rest is applied and the command exits 1 so the conflict is not missed.
 */
export async function reconcile(ctx: Ctx, desired: DesiredState, command: string): Promise<number> {
  const rt = ctx.runtime();
  const run = async (): Promise<number> => {
    const p = await plan(rt, desired);
    ctx.out.human(renderPlan(p, 'text'));
    if (!planHasChanges(p)) {
      if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: !planHasConflicts(p) });
      return planHasConflicts(p) ? 1 : 0;
    }
    if (!(await confirm(ctx, 'Apply these changes?'))) {
      ctx.out.err('Cancelled; nothing was changed.');
      if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: false, cancelled: true });
      return 1;
    }
    const result = await apply(rt, p);
    report(ctx, result);
    if (desired.state) await audit(ctx, desired, command, p, result);
    if (ctx.json) ctx.out.json(result);
    return result.ok && !planHasConflicts(p) ? 0 : 1;
  };
  if (!desired.state) return run();
  return withApplyLock(rt, desired.state, { holder: `${actor(ctx.io.env)} (${command})` }, run);
}

function report(ctx: Ctx, result: ApplyResult): void {
  const failed = result.results.filter((r) => !r.ok);
  const done = result.results.filter((r) => r.ok).length;
  ctx.out.human(`\nApplied ${done} step${done === 1 ? '' : 's'}${failed.length ? `, ${failed.length} failed` : ''}.`);
  for (const f of failed) ctx.out.err(`✗ ${f.step.domain}: ${f.error ?? 'failed'}`);
  for (const v of result.verifications) {
    const answer = v.answers.length ? v.answers.join(' → ') : 'no answer';
    ctx.out.human(
      `${v.ok ? '✓' : '✗'} ${v.domain} resolves ${v.ok ? 'to' : 'to'} ${answer}${v.ok ? '' : ` (expected ${v.expected}; DNS may still be propagating)`}`,
    );
  }
}

async function audit(ctx: Ctx, desired: DesiredState, command: string, p: Plan, result: ApplyResult): Promise<void> {
  try {
    await writeAudit(ctx.runtime(), desired.state!, {
      time: new Date().toISOString(),
      actor: actor(ctx.io.env),
      command,
      domains: p.domains.filter((d) => d.steps.length).map((d) => d.domain),
      ok: result.ok,
      requestIds: result.results.flatMap((r) => r.requestIds),
      summary: `${result.results.filter((r) => r.ok).length}/${result.results.length} steps done`,
    });
  } catch (e) {
    ctx.out.err(`warning: the change was made but the audit entry could not be written: ${errorMessage(e)}`);
  }
}
