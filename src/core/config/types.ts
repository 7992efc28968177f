/**
 * What the loader returns: a validated config, or every problem found, each with its position in the file.
 */
import type { DomainsConfig, SourcePos } from '../model.js';
import { escapeControls } from './limits.js';

/** One problem in domains.yml: where (1-based line and column of the offending key or value), what, and how to fix it. */
export interface ConfigIssue extends SourcePos {
  message: string;
  hint: string;
}

export type ConfigResult = { ok: true; config: DomainsConfig } | { ok: false; issues: ConfigIssue[] };

/** `domains.yml:7:13: unknown key "bukcet" in domains[0]; did you mean "bucket"?` and the hint on the next line. */
export function formatIssue(issue: ConfigIssue): string {
  const head = `${escapeControls(issue.file)}:${issue.line}:${issue.column}: ${issue.message}`;
  return issue.hint ? `${head}\n  → ${issue.hint}` : head;
}
