/**
 * What the command runners share: the outcome type main.ts turns into outputs, summary and exit status; loading
 * domains.yml with annotations on the exact lines; building the runtime; pointing annotations at repository paths.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import {
  type ConfigIssue,
  createRuntime,
  type DomainsConfig,
  loadConfig,
  type Plan,
  type ProgressEvent,
  type Runtime,
} from '../core/index.js';
import type { Outputs } from './constants.js';
import { type Doc, issuesDoc, summaryMarkdown, type Where } from './report/index.js';
import type { ActionSettings } from './settings.js';

export type OutputName = (typeof Outputs)[keyof typeof Outputs];

export interface CommandOutcome {
  /** Output values (`report` is filled in by main from `report` when absent). */
  outputs: Partial<Record<OutputName, string>>;
  /** Markdown for the job summary and the `report` output. */
  report: string;
  /** When set, the step fails with this message after the outputs and the summary are written. */
  failure?: string;
}

export type CommandRunner = (settings: ActionSettings) => Promise<CommandOutcome>;

/** A path as the annotation needs it: relative to the workspace, with forward slashes. */
export function repoPath(file: string, workspace: string): string {
  const abs = isAbsolute(file) ? file : resolve(file);
  const rel = relative(workspace, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return (inside ? rel : file).split(sep).join('/');
}

/** Error annotations on the lines of domains.yml (rendered by GitHub in the file view and the PR diff). */
function annotateIssues(issues: ConfigIssue[], workspace: string): void {
  for (const i of issues) {
    core.error(i.hint ? `${i.message} — ${i.hint}` : i.message, {
      title: 'domains.yml',
      file: repoPath(i.file, workspace),
      startLine: i.line,
      startColumn: i.column,
    });
  }
}

/** Conflicts of a plan as annotations on the domain's entry, so the pull request shows them where they are. */
export function annotateConflicts(plan: Plan, workspace: string): void {
  for (const d of plan.domains) {
    for (const c of d.conflicts) {
      const pos = c.pos ?? d.spec?.pos;
      const props = pos
        ? {
            title: `${d.display}: ${c.code}`,
            file: repoPath(pos.file, workspace),
            startLine: pos.line,
            startColumn: pos.column,
          }
        : { title: `${d.display}: ${c.code}` };
      core.error(c.hint ? `${c.message} — ${c.hint}` : c.message, props);
    }
  }
}

/** Positions in domains.yml as reports show them: repository-relative `file:line:column`. */
export const where =
  (settings: ActionSettings): Where =>
  (pos) =>
    `${repoPath(pos.file, settings.run.workspace)}:${pos.line}:${pos.column}`;

export type Loaded = { ok: true; config: DomainsConfig } | { ok: false; outcome: CommandOutcome; doc: Doc };

/** Loads domains.yml; when invalid, annotates every issue and returns the failing outcome. */
export async function loadOrAnnotate(settings: ActionSettings): Promise<Loaded> {
  // Named relative to the working directory (the workspace, on a runner): positions in the plan, the comment and the
  // annotations then read `domains.yml:3:5`, not the runner's absolute path.
  const result = await loadConfig(relative(process.cwd(), settings.configPath) || settings.configPath);
  if (result.ok) return result;
  annotateIssues(result.issues, settings.run.workspace);
  const n = result.issues.length;
  const doc = issuesDoc(settings.config, result.issues);
  return {
    ok: false,
    doc,
    outcome: {
      outputs: { 'has-changes': 'false', changes: '0' },
      report: summaryMarkdown(doc),
      failure: `${settings.config} has ${n} problem${n === 1 ? '' : 's'} (see the annotations); fix ${n === 1 ? 'it' : 'them'} and push again.`,
    },
  };
}

/** Progress for read-only commands: one log line per event that says something (retries, waits). */
function logProgress(e: ProgressEvent): void {
  core.info(e.domain ? `${e.domain}: ${e.message}` : e.message);
}

/** The core's runtime over the environment (credentials and endpoints as the contract names them). */
export function runtime(progress: (e: ProgressEvent) => void = logProgress): Runtime {
  return createRuntime(process.env, { progress });
}
