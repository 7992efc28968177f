/** String keys and limits of the Action, in one place (inputs, outputs, markers, labels, GitHub limits). */

/** Input names, exactly as in action.yml. */
export const Inputs = {
  command: 'command',
  config: 'config',
  accessKeyId: 'access-key-id',
  accessKeySecret: 'access-key-secret',
  securityToken: 'security-token',
  githubToken: 'github-token',
  comment: 'comment',
  failOnDrift: 'fail-on-drift',
  driftIssue: 'drift-issue',
  paths: 'paths',
  bucket: 'bucket',
  source: 'source',
  prefix: 'prefix',
  delete: 'delete',
  cacheControl: 'cache-control',
  includeHidden: 'include-hidden',
} as const;

/** Output names, exactly as in action.yml. */
export const Outputs = {
  hasChanges: 'has-changes',
  changes: 'changes',
  drift: 'drift',
  report: 'report',
  planJson: 'plan-json',
  planFile: 'plan-file',
} as const;

export const COMMANDS = ['plan', 'apply', 'drift', 'refresh', 'deploy'] as const;
export type Command = (typeof COMMANDS)[number];

/** The hidden marker that identifies our plan comment on a pull request (found and updated, never duplicated). */
export const PLAN_COMMENT_MARKER = '<!-- oss-domains:plan -->';

/** The hidden marker in the body of the drift issue (the label is what we search by; the marker is a second check). */
export const DRIFT_ISSUE_MARKER = '<!-- oss-domains:drift -->';

/** The label of the one drift issue kept open while drift lasts. */
export const DRIFT_LABEL = 'oss-domains-drift';
export const DRIFT_LABEL_COLOR = 'd93f0b';
export const DRIFT_LABEL_DESCRIPTION = 'The cloud differs from domains.yml (opened and closed by oss-domains)';
export const DRIFT_ISSUE_TITLE = 'oss-domains: the cloud differs from domains.yml';

/** GitHub rejects an issue or comment body longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;
/** A step's job summary may be at most 1 MiB (bytes); GitHub refuses to upload a larger one. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** GitHub's "already exists" validation code (422), on which an idempotent create falls through to update. */
export const ALREADY_EXISTS = 'already_exists';

/** Events on which the plan is posted as a pull request comment. */
export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
