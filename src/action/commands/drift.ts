/**
 * `drift`: what differs between the cloud and domains.yml. Fails only with `fail-on-drift`; with `drift-issue`,
 * keeps one labelled issue open while drift lasts and closes it when the cloud is back in sync.
 */
import * as core from '@actions/core';
import { type DriftReport, desiredFromConfig, drift, errorMessage } from '../../core/index.js';
import { escapeMarkdown } from '../../github/markdown.js';
import { createClient, syncDriftIssue, whoAmI } from '../github.js';
import { type Doc, domainsToChange, driftDoc, issueBody, summaryMarkdown } from '../report/index.js';
import type { ActionSettings } from '../settings.js';
import { type CommandOutcome, loadOrAnnotate, runtime, where } from '../shared.js';

async function syncIssue(settings: ActionSettings, report: DriftReport, doc: Doc): Promise<void> {
  const { run } = settings;
  if (!run.repository || !settings.githubToken) {
    core.warning('drift-issue is on, but there is no repository or github-token: no issue was opened or closed.');
    return;
  }
  const seen = run.runUrl ? `[this run](${run.runUrl})` : 'the latest run';
  try {
    const octokit = await createClient(settings.githubToken, { log: core.info });
    const foot = `Last checked by ${seen}. This issue is closed automatically once the cloud matches the file again.`;
    const r = await syncDriftIssue(
      octokit,
      run.repository,
      {
        drift: report.drift,
        body: issueBody(doc, run.runUrl, foot),
        closingNote: `Back in sync: ${seen} found no difference between the cloud and ${escapeMarkdown(settings.config)}. Closing.`,
        login: await whoAmI(octokit),
      },
      core.info,
    );
    if (r.operation !== 'none') core.info(`Drift issue ${r.operation}: ${r.url ?? `#${r.number}`}`);
  } catch (e) {
    core.warning(
      `Could not open, update or close the drift issue: ${errorMessage(e)}. Give the job \`issues: write\`.`,
    );
  }
}

export async function runDrift(settings: ActionSettings): Promise<CommandOutcome> {
  const loaded = await loadOrAnnotate(settings);
  if (!loaded.ok) return loaded.outcome;
  const report = await drift(runtime(), desiredFromConfig(loaded.config));
  const doc = driftDoc(report, where(settings));
  if (settings.driftIssue) await syncIssue(settings, report, doc);
  for (const w of report.plan.warnings) core.warning(`${w.domain}: ${w.message}`, { title: `oss-domains: ${w.code}` });
  const changes = domainsToChange(report.plan);
  const differing = report.plan.domains.filter((d) => d.steps.length > 0 || d.conflicts.length > 0).length;
  return {
    outputs: {
      drift: String(report.drift),
      'has-changes': String(changes > 0),
      changes: String(changes),
      'plan-json': JSON.stringify(report.plan),
    },
    report: summaryMarkdown(doc),
    failure:
      report.drift && settings.failOnDrift
        ? `Drift: ${differing || 'some'} domain${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''} from ` +
          `${settings.config} (see the summary). Run apply to converge, or set fail-on-drift: false to only report.`
        : undefined,
  };
}
