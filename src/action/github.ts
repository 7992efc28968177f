/**
 * The GitHub side of the Action: one plan comment per pull request, and one drift issue while drift lasts. Both are
 * idempotent: find, then update in place or create; a second run never adds a second comment or issue. Both are
 * found by who wrote them as well as by their marker or label: only what the token's own user wrote is ever edited
 * (a comment anyone else wrote, marker or not, is left as it is). Octokit comes from @actions/github (base URL from
 * GITHUB_API_URL) with the retry and throttling plugins, and is imported lazily so runs that never talk to GitHub do
 * not load it.
 */
import type { GitHub } from '@actions/github/lib/utils';
import { type ClientTuning, clientOptions, plugins, tokenLogin } from '../github/client.js';
import {
  ALREADY_EXISTS,
  DRIFT_ISSUE_MARKER,
  DRIFT_ISSUE_TITLE,
  DRIFT_LABEL,
  DRIFT_LABEL_COLOR,
  DRIFT_LABEL_DESCRIPTION,
  PLAN_COMMENT_MARKER,
} from './constants.js';

export type Octokit = InstanceType<typeof GitHub>;

export interface Repo {
  owner: string;
  repo: string;
}

export interface ClientOptions extends ClientTuning {
  /** API base URL; by default @actions/github's (GITHUB_API_URL, else https://api.github.com). */
  baseUrl?: string;
}

/** An authenticated Octokit: 5xx and network failures retried, rate limits waited out (see src/github/client.ts). */
export async function createClient(token: string, opts: ClientOptions = {}): Promise<Octokit> {
  const { getOctokit } = await import('@actions/github');
  const base = opts.baseUrl ? { baseUrl: opts.baseUrl } : {};
  return getOctokit(token, { ...base, ...clientOptions(opts) }, ...plugins);
}

/** The login GitHub shows as the author of what this client writes (GITHUB_TOKEN: `github-actions[bot]`). */
export const whoAmI = (octokit: Octokit): Promise<string> => tokenLogin(octokit);

const sameLogin = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

export type Operation = 'created' | 'updated' | 'unchanged' | 'closed' | 'none';

export interface CommentResult {
  operation: Operation;
  id: number;
  url: string;
}

/**
 * Creates or updates THE plan comment of a pull request: the first comment written by `login` (the token's user)
 * whose body starts with the marker; the listing stops at the page where it is found. A comment by anyone else is
 * never edited, whatever it holds. An identical body is left alone (no edit notification).
 */
export async function upsertPlanComment(
  octokit: Octokit,
  repo: Repo,
  issueNumber: number,
  body: string,
  login: string,
): Promise<CommentResult> {
  if (!body.startsWith(PLAN_COMMENT_MARKER))
    throw new Error('internal: a plan comment body must start with the marker');
  let found: { id: number; body?: string; html_url: string } | undefined;
  await octokit.paginate(
    octokit.rest.issues.listComments,
    { ...repo, issue_number: issueNumber, per_page: 100 },
    (response, done) => {
      found ??= response.data.find((c) => sameLogin(c.user?.login, login) && c.body?.startsWith(PLAN_COMMENT_MARKER));
      if (found) done();
      return [];
    },
  );
  if (found) {
    if (found.body === body) return { operation: 'unchanged', id: found.id, url: found.html_url };
    const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: found.id, body });
    return { operation: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return { operation: 'created', id: data.id, url: data.html_url };
}

export interface IssueResult {
  operation: Operation;
  number?: number;
  url?: string;
}

/**
 * The open drift issue: the oldest open issue with the label that `login` opened (pull requests, and issues someone
 * else opened or labelled, are never edited or closed).
 */
async function findDriftIssue(octokit: Octokit, repo: Repo, login: string) {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    labels: DRIFT_LABEL,
    per_page: 100,
  });
  return issues
    .filter((i) => !i.pull_request && sameLogin(i.user?.login, login))
    .sort((a, b) => a.number - b.number)[0];
}

/** Creates the label once; "already exists" is success, and a token that may not create labels only loses colour. */
async function ensureLabel(octokit: Octokit, repo: Repo, log?: (m: string) => void): Promise<void> {
  try {
    await octokit.rest.issues.createLabel({
      ...repo,
      name: DRIFT_LABEL,
      color: DRIFT_LABEL_COLOR,
      description: DRIFT_LABEL_DESCRIPTION,
    });
  } catch (e) {
    const err = e as { status?: number; response?: { data?: { errors?: { code?: string }[] } } };
    if (err.status === 422 && err.response?.data?.errors?.some((x) => x.code === ALREADY_EXISTS)) return;
    log?.(`Could not create the label "${DRIFT_LABEL}" (HTTP ${err.status}); GitHub will add it with the issue.`);
  }
}

/**
 * Keeps one issue in step with drift: drift and no open issue → create it (labelled); drift and an open issue →
 * update its body; no drift and an open issue → comment `closingNote` and close it; no drift and none → nothing.
 */
export async function syncDriftIssue(
  octokit: Octokit,
  repo: Repo,
  state: { drift: boolean; body: string; closingNote: string; login: string },
  log?: (message: string) => void,
): Promise<IssueResult> {
  const body = state.body.startsWith(DRIFT_ISSUE_MARKER) ? state.body : `${DRIFT_ISSUE_MARKER}\n${state.body}`;
  const open = await findDriftIssue(octokit, repo, state.login);
  if (state.drift) {
    if (open) {
      if (open.body === body) return { operation: 'unchanged', number: open.number, url: open.html_url };
      const { data } = await octokit.rest.issues.update({ ...repo, issue_number: open.number, body });
      return { operation: 'updated', number: data.number, url: data.html_url };
    }
    await ensureLabel(octokit, repo, log);
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: DRIFT_ISSUE_TITLE,
      body,
      labels: [DRIFT_LABEL],
    });
    return { operation: 'created', number: data.number, url: data.html_url };
  }
  if (!open) return { operation: 'none' };
  await octokit.rest.issues.createComment({ ...repo, issue_number: open.number, body: state.closingNote });
  const { data } = await octokit.rest.issues.update({
    ...repo,
    issue_number: open.number,
    state: 'closed',
    state_reason: 'completed',
  });
  return { operation: 'closed', number: data.number, url: data.html_url };
}
