/** `plan`: read the cloud, say what apply would change, and on a pull request keep one comment up to date. */
import * as core from '@actions/core';
import { desiredFromConfig, errorMessage, type Plan, plan, planConflicts } from '../../core/index.js';
import { PULL_REQUEST_EVENTS } from '../constants.js';
import { createClient, upsertPlanComment, whoAmI } from '../github.js';
import { commentBody, type Doc, domainsToChange, errorDoc, planDoc, summaryMarkdown } from '../report/index.js';
import type { ActionSettings } from '../settings.js';
import { annotateConflicts, type CommandOutcome, loadOrAnnotate, runtime, where } from '../shared.js';

/**
 * Posts (or updates) the plan comment when this is a pull request run and commenting is on. A comment that cannot
 * be written (a fork's read-only token, missing `pull-requests: write`) is a warning: the plan itself succeeded.
 */
async function comment(settings: ActionSettings, doc: Doc): Promise<void> {
  const { run } = settings;
  if (!settings.comment || !PULL_REQUEST_EVENTS.has(run.eventName)) return;
  if (!run.repository || run.pullRequest === undefined) {
    core.warning('This is a pull request run, but the event file names no pull request: no plan comment was posted.');
    return;
  }
  if (!settings.githubToken) {
    core.warning('No github-token: the plan was not posted on the pull request (see the job summary).');
    return;
  }
  try {
    const octokit = await createClient(settings.githubToken, { log: core.info });
    const login = await whoAmI(octokit);
    const body = commentBody(doc, run.runUrl);
    const r = await upsertPlanComment(octokit, run.repository, run.pullRequest, body, login);
    core.info(`Plan comment ${r.operation}: ${r.url}`);
  } catch (e) {
    core.warning(
      `Could not post the plan on pull request #${run.pullRequest}: ${errorMessage(e)}. ` +
        'Give the job `permissions: pull-requests: write` (pull requests from forks get a read-only token).',
    );
  }
}

export async function runPlan(settings: ActionSettings): Promise<CommandOutcome> {
  const loaded = await loadOrAnnotate(settings);
  if (!loaded.ok) {
    await comment(settings, loaded.doc);
    return loaded.outcome;
  }
  let p: Plan;
  try {
    p = await plan(runtime(), desiredFromConfig(loaded.config));
  } catch (e) {
    // The comment must not go on showing the previous push's plan as if it were this one's.
    await comment(settings, errorDoc('plan', errorMessage(e)));
    throw e;
  }
  annotateConflicts(p, settings.run.workspace);
  const doc = planDoc(p, where(settings));
  await comment(settings, doc);
  const changes = domainsToChange(p);
  const conflicts = planConflicts(p).length;
  return {
    outputs: { 'has-changes': String(changes > 0), changes: String(changes), 'plan-json': JSON.stringify(p) },
    report: summaryMarkdown(doc),
    failure:
      conflicts > 0
        ? `${conflicts} conflict${conflicts === 1 ? '' : 's'} in the plan (see the annotations and the summary); ` +
          'apply would leave those domains untouched.'
        : undefined,
  };
}
