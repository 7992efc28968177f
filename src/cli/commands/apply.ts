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
import { actor, type Ctx, confirm, loadOrReport, willAsk } from '../context.js';

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
 *
 * A person deciding at the prompt must not hold the apply lock (every Action run and bot click would wait on them),
 * so with a state bucket an interactive apply asks first, then takes the lock and plans again: when the cloud changed
 * meanwhile, it shows the new plan and applies nothing, since that is not what was confirmed.
 */
export async function reconcile(ctx: Ctx, desired: DesiredState, command: string): Promise<number> {
  const rt = ctx.runtime();
  const nothingToDo = (p: Plan): number => {
    if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: !planHasConflicts(p) });
    return planHasConflicts(p) ? 1 : 0;
  };
  const confirmed = async (p: Plan): Promise<boolean> => {
    if (await confirm(ctx, 'Apply these changes?')) return true;
    ctx.out.err('Cancelled; nothing was changed.');
    if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: false, cancelled: true });
    return false;
  };
  const execute = async (p: Plan): Promise<number> => {
    const result = await apply(rt, p);
    report(ctx, result);
    if (desired.state) await audit(ctx, desired, command, p, result);
    if (ctx.json) ctx.out.json(result);
    return result.ok && !planHasConflicts(p) ? 0 : 1;
  };
  const run = async (asked?: Plan): Promise<number> => {
    const p = await plan(rt, desired);
    if (asked && sameSteps(asked, p)) return execute(p);
    ctx.out.human(renderPlan(p, 'text'));
    if (asked) {
      ctx.out.err(
        'The cloud changed while you were deciding (another run?): the plan above is not the one you confirmed. Nothing was changed; run apply again to review it.',
      );
      if (ctx.json) ctx.out.json({ plan: p, results: [], verifications: [], ok: false, changed: true });
      return 1;
    }
    if (!planHasChanges(p)) return nothingToDo(p);
    if (!(await confirmed(p))) return 1;
    return execute(p);
  };
  if (!desired.state) return run();
  const lock = { holder: `${actor(ctx.io.env)} (${command})` };
  if (!willAsk(ctx)) return withApplyLock(rt, desired.state, lock, () => run());
  const asked = await plan(rt, desired);
  ctx.out.human(renderPlan(asked, 'text'));
  if (!planHasChanges(asked)) return nothingToDo(asked);
  if (!(await confirmed(asked))) return 1;
  return withApplyLock(rt, desired.state, lock, () => run(asked));
}

/** Two plans that would make the same calls. */
const sameSteps = (a: Plan, b: Plan): boolean =>
  JSON.stringify(a.domains.map((d) => [d.domain, d.steps])) ===
  JSON.stringify(b.domains.map((d) => [d.domain, d.steps]));

function report(ctx: Ctx, result: ApplyResult): void {
  const failed = result.results.filter((r) => !r.ok);
  const done = result.results.filter((r) => r.ok).length;
  ctx.out.human(`\nApplied ${done} step${done === 1 ? '' : 's'}${failed.length ? `, ${failed.length} failed` : ''}.`);
  for (const f of failed) ctx.out.err(`✗ ${f.step.domain}: ${f.error ?? 'failed'}`);
  for (const v of result.verifications) {
    const answer = v.answers.length ? v.answers.join(' → ') : 'no answer';
    if (v.ok) ctx.out.human(`✓ ${v.domain} resolves to ${answer}`);
    else if (v.error) ctx.out.human(`✗ ${v.domain} could not be resolved (expected ${v.expected}): ${v.error}`);
    else ctx.out.human(`✗ ${v.domain} resolves to ${answer} (expected ${v.expected}; DNS may still be propagating)`);
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
