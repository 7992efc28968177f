/**
 * The Action: mask the secret inputs, parse the inputs once, put the credentials where the core reads them, run one
 * command (imported lazily, so a run loads only its own path), then write outputs and the job summary, and fail the
 * step once, at the end, when the command says so. No cloud logic lives here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { errorMessage, isCloudError, onSecret, registerSecret, releaseHeldLocks } from '../core/index.js';
import { type Command, Inputs, Outputs } from './constants.js';
import { errorReport } from './report/index.js';
import { type CredentialInputs, parseSettings } from './settings.js';
import type { CommandOutcome, CommandRunner } from './shared.js';
import { silenceDeprecations } from './warnings.js';

const SECRET_INPUTS = [Inputs.accessKeyId, Inputs.accessKeySecret, Inputs.securityToken, Inputs.githubToken];

/**
 * Masks every secret in the log and removes it from every message, before anything else can print: the secret inputs
 * now, and whatever the core registers later (STS credentials and the OIDC token the credential chain obtains).
 */
function maskSecrets(): void {
  onSecret((secret) => core.setSecret(secret));
  for (const name of SECRET_INPUTS) registerSecret(core.getInput(name));
}

/**
 * Inputs win over the environment. A pair given without a token clears a token left in the environment by another
 * step, since an STS token only signs together with the temporary pair it was issued with.
 */
function exportCredentials(creds: CredentialInputs | undefined, env: NodeJS.ProcessEnv): void {
  if (!creds) return;
  env.ALIBABA_CLOUD_ACCESS_KEY_ID = creds.accessKeyId;
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = creds.accessKeySecret;
  if (creds.securityToken) env.ALIBABA_CLOUD_SECURITY_TOKEN = creds.securityToken;
  else delete env.ALIBABA_CLOUD_SECURITY_TOKEN;
}

async function loadRunner(command: Command): Promise<CommandRunner> {
  switch (command) {
    case 'plan':
      return (await import('./commands/plan.js')).runPlan;
    case 'apply':
      return (await import('./commands/apply.js')).runApply;
    case 'drift':
      return (await import('./commands/drift.js')).runDrift;
    case 'refresh':
      return (await import('./commands/refresh.js')).runRefresh;
    case 'deploy':
      return (await import('./commands/deploy.js')).runDeploy;
  }
}

/** Writes the report, laid out to fit a job summary already (src/action/report). */
async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

function setOutputs(outcome: CommandOutcome): void {
  const defaults = {
    [Outputs.hasChanges]: 'false',
    [Outputs.changes]: '0',
    [Outputs.drift]: 'false',
    [Outputs.planJson]: '',
  };
  const values = { ...defaults, ...outcome.outputs, [Outputs.report]: outcome.outputs.report ?? outcome.report };
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
  const plan = outcome.outputs[Outputs.planJson];
  if (plan) core.setOutput(Outputs.planFile, writePlanFile(plan));
}

/**
 * The plan as a file under the runner's temporary directory. GitHub allows a job 1 MB of outputs in all, which a plan
 * of some thousands of domains exceeds: a workflow passes the file on instead (an artifact, a later step).
 */
function writePlanFile(planJson: string): string {
  const file = join(mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'oss-domains-')), 'plan.json');
  writeFileSync(file, planJson);
  return file;
}

/** The core's message, plus what to change in the workflow when the credentials are what is missing. */
function failureMessage(e: unknown): string {
  const message = errorMessage(e);
  if (!isCloudError(e) || e.code !== 'CredentialsUnavailable') return message;
  return (
    `${message}\n  → In the workflow: pass the ${Inputs.accessKeyId} and ${Inputs.accessKeySecret} inputs from secrets, ` +
    'or run aliyun/configure-aliyun-credentials-action (OIDC) before this step. Pull requests from forks get no secrets.'
  );
}

/**
 * A cancelled workflow run gets SIGINT (then SIGTERM): release the apply lock this run holds, so the next run does not
 * wait for it to expire. What the apply left half-way, the next run repairs.
 */
function releaseLockWhenCancelled(): void {
  const handler = (signal: NodeJS.Signals) => {
    core.warning(`Cancelled (${signal}): releasing the apply lock, if held. Run the workflow again to finish.`);
    void releaseHeldLocks().finally(() => process.exit(1));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** Runs the Action; every failure ends here, as one `core.setFailed` with a safe, actionable message. */
export async function run(): Promise<void> {
  let command = 'plan';
  silenceDeprecations();
  releaseLockWhenCancelled();
  try {
    maskSecrets();
    const settings = parseSettings((name) => core.getInput(name), process.env);
    command = settings.command;
    exportCredentials(settings.credentials, process.env);
    const what =
      settings.command === 'refresh'
        ? ''
        : settings.deploy
          ? ` (${settings.deploy.source.relative})`
          : ` (${settings.config})`;
    core.info(`oss-domains ${settings.command}${what}`);
    const outcome = await (await loadRunner(settings.command))(settings);
    setOutputs(outcome);
    await writeSummary(outcome.report);
    if (outcome.failure) core.setFailed(outcome.failure);
  } catch (e) {
    const message = failureMessage(e);
    const report = errorReport(command, message);
    // Only `report` is known after a failure; the other outputs stay unset rather than claim "no changes".
    core.setOutput(Outputs.report, report);
    core.setFailed(message);
    try {
      await writeSummary(report);
    } catch {
      // The summary is a courtesy here; the failure above is what the user sees.
    }
  }
}
