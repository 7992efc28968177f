/**
 * `apply`: plan and apply under the apply lock (when domains.yml names a state bucket), progress grouped per domain
 * in the log, then a summary of what changed with request ids and the DNS verification, and an audit entry.
 */
import * as core from '@actions/core';
import { type ApplyRun, applyDesired, desiredFromConfig, planConflicts, planHasChanges } from '../../core/index.js';
import { GroupedProgress } from '../progress.js';
import { applyDoc, domainsChanged, summaryMarkdown } from '../report/index.js';
import type { ActionSettings } from '../settings.js';
import { annotateConflicts, type CommandOutcome, loadOrAnnotate, runtime, where } from '../shared.js';

export async function runApply(settings: ActionSettings): Promise<CommandOutcome> {
  const loaded = await loadOrAnnotate(settings);
  if (!loaded.ok) return loaded.outcome;
  const { config } = loaded;
  const progress = new GroupedProgress();
  const rt = runtime(progress.event);
  const desired = desiredFromConfig(config);

  // The core plans inside the lock (whatever another run changed while we waited is seen before we act), applies,
  // and writes the audit entry when domains.yml names a state bucket.
  let run: ApplyRun;
  try {
    run = await applyDesired(rt, desired, {
      actor: settings.run.actor,
      command: 'apply',
      holder: `github-actions ${settings.run.runUrl ?? 'run'} (${settings.run.actor})`,
      onPlan: (p) => {
        annotateConflicts(p, settings.run.workspace);
        if (planHasChanges(p)) progress.expect(p);
      },
    });
  } finally {
    progress.flushAll();
  }
  const { plan: p, result } = run;
  if (run.auditError)
    core.warning(`The changes were made, but the audit entry could not be written: ${run.auditError}`);

  const made = result ? result.results.filter((r) => r.ok).length : 0;
  const changed = domainsChanged(result);
  const failedSteps = result ? result.results.filter((r) => !r.ok) : [];
  const conflicts = planConflicts(p);
  let failure: string | undefined;
  if (result?.stopped) {
    failure = result.stopped;
  } else if (failedSteps.length > 0) {
    const first = failedSteps[0]!;
    const domains = new Set(failedSteps.map((r) => r.step.domain)).size;
    failure =
      `${domains} domain${domains === 1 ? '' : 's'} failed; the first: ${first.step.domain}: ${first.error ?? 'failed'}. ` +
      'Fix the cause and re-run: apply resumes where it stopped.';
  } else if (conflicts.length > 0) {
    failure = `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} left those domains untouched (see the annotations).`;
  }
  return {
    // `changes` counts domains changed, as the headline does; `has-changes` is true whenever anything was changed,
    // including the steps a failed domain made before it failed.
    outputs: { 'has-changes': String(made > 0), changes: String(changed), 'plan-json': JSON.stringify(p) },
    report: summaryMarkdown(applyDoc(p, result, where(settings))),
    failure,
  };
}
