/**
 * `apply`: plan and apply under the apply lock (when domains.yml names a state bucket), progress grouped per domain
 * in the log, then a summary of what changed with request ids and the DNS verification, and an audit entry.
 */
import * as core from '@actions/core';
import {
  type ApplyResult,
  apply,
  desiredFromConfig,
  errorMessage,
  type Plan,
  plan,
  planHasChanges,
  renderPlan,
  withApplyLock,
  writeAudit,
} from '../../core/index.js';
import { GroupedProgress } from '../progress.js';
import { applyReport } from '../render.js';
import type { ActionSettings } from '../settings.js';
import { annotateConflicts, type CommandOutcome, loadOrAnnotate, runtime } from '../shared.js';

export async function runApply(settings: ActionSettings): Promise<CommandOutcome> {
  const loaded = await loadOrAnnotate(settings);
  if (!loaded.ok) return loaded.outcome;
  const { config } = loaded;
  const progress = new GroupedProgress();
  const rt = runtime(progress.event);
  const desired = desiredFromConfig(config);

  // Plan inside the lock: whatever another run changed while we waited must be seen before we act.
  const planAndApply = async (): Promise<{ plan: Plan; result?: ApplyResult }> => {
    const p = await plan(rt, desired);
    annotateConflicts(p, settings.run.workspace);
    if (!planHasChanges(p)) return { plan: p };
    progress.expect(p);
    return { plan: p, result: await apply(rt, p) };
  };
  const holder = `github-actions ${settings.run.runUrl ?? 'run'} (${settings.run.actor})`;
  let outcome: { plan: Plan; result?: ApplyResult };
  try {
    outcome = config.state ? await withApplyLock(rt, config.state, { holder }, planAndApply) : await planAndApply();
  } finally {
    progress.flushAll();
  }
  const { plan: p, result } = outcome;

  if (config.state && result) {
    try {
      await writeAudit(rt, config.state, {
        time: new Date().toISOString(),
        actor: settings.run.actor,
        command: 'apply',
        domains: [...new Set(result.results.map((r) => r.step.domain))],
        ok: result.ok,
        requestIds: result.results.flatMap((r) => r.requestIds),
        summary: `${result.results.filter((r) => r.ok).length}/${result.results.length} changes made`,
      });
    } catch (e) {
      core.warning(`The changes were made, but the audit entry could not be written: ${errorMessage(e)}`);
    }
  }

  const made = result ? result.results.filter((r) => r.ok).length : 0;
  const failedSteps = result ? result.results.filter((r) => !r.ok) : [];
  const conflicts = p.domains.flatMap((d) => d.conflicts);
  let failure: string | undefined;
  if (failedSteps.length > 0) {
    const first = failedSteps[0]!;
    failure =
      `${failedSteps.length} change${failedSteps.length === 1 ? '' : 's'} failed or ${failedSteps.length === 1 ? 'was' : 'were'} ` +
      `skipped; the first: ${first.step.domain}: ${first.error ?? 'failed'}. Fix the cause and re-run: apply resumes ` +
      'where it stopped.';
  } else if (conflicts.length > 0) {
    failure = `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} left those domains untouched (see the annotations).`;
  } else if (result && !result.ok) {
    failure = 'apply reported a failure without a failed change; see the summary.';
  }
  return {
    outputs: { 'has-changes': String(made > 0), changes: String(made), 'plan-json': JSON.stringify(p) },
    report: applyReport(result, renderPlan(p, 'markdown')),
    failure,
  };
}
