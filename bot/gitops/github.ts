/**
 * The few GitHub REST calls the GitOps flow needs: read the repository and a file, create a branch, commit a file to
 * it, open a pull request. Octokit with the retry and throttling plugins, composed as the Action composes them
 * (src/github/client.ts): 5xx and network failures are retried, rate limits waited out, nothing else is retried.
 * Failures become `BotError(github_api)` with GitHub's own message and what to do; the token never appears in one.
 */
import { Octokit } from '@octokit/rest';
import { redact } from '../../src/core/index.js';
import { type ClientTuning, clientOptions, plugins } from '../../src/github/client.js';
import { BotError, ErrorCode } from '../errors.js';
import type { GitOpsSettings } from '../settings.js';

export interface GitHubClient {
  defaultBranch(): Promise<string>;
  /** The file at `ref`: its text and blob sha. */
  getFile(path: string, ref: string): Promise<{ text: string; sha: string }>;
  branchSha(branch: string): Promise<string>;
  /** `exists` when the branch is already there (GitHub's 422 "Reference already exists"). */
  createBranch(branch: string, sha: string): Promise<'created' | 'exists'>;
  putFile(path: string, args: { text: string; sha: string; branch: string; message: string }): Promise<void>;
  createPull(args: {
    title: string;
    head: string;
    base: string;
    body: string;
  }): Promise<{ url: string; number: number }>;
  /** The pull request (open or not) whose head is `branch` of this repository, if there is one. */
  findPull(branch: string): Promise<{ url: string; number: number } | undefined>;
}

/** A 422 of GitHub whose message says that what we tried to create is already there. */
export const alreadyExists = (e: unknown): boolean =>
  e instanceof BotError && e.details.status === 422 && /already exists/i.test(String(e.details.github ?? ''));

const HINTS: Record<number, string> = {
  401: 'GITHUB_TOKEN is not valid (expired or revoked); give the bot a new token',
  403: 'GITHUB_TOKEN may not do this; it needs contents: write and pull-requests: write on the repository',
  404: 'the repository or file was not found, or GITHUB_TOKEN cannot see it; check OSS_DOMAINS_REPO and OSS_DOMAINS_REPO_PATH',
  409: 'the repository is empty or the branch moved; try again',
  422: 'GitHub refused the request as invalid',
};

const BotOctokit = Octokit.plugin(...plugins);

interface RequestFailure {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

/** GitHub's own words: the message, and the specific reasons of a 422 ("A pull request already exists for …"). */
function githubMessage(e: RequestFailure): string {
  const data = e.response?.data as { message?: string; errors?: { message?: string }[] } | string | undefined;
  if (typeof data === 'string') return data.slice(0, 200);
  const parts = [data?.message, ...(data?.errors ?? []).map((x) => x.message)].filter(Boolean);
  return parts.length > 0 ? parts.join(': ') : String(e.message ?? 'no message');
}

export function createGitHubClient(s: GitOpsSettings, fetchFn?: typeof fetch, tuning: ClientTuning = {}): GitHubClient {
  const octokit = new BotOctokit({
    auth: s.token,
    baseUrl: s.apiUrl,
    userAgent: 'oss-domains-bot',
    ...(fetchFn ? { request: { fetch: fetchFn } } : {}),
    ...clientOptions(tuning),
  });
  const repo = { owner: s.owner, repo: s.repo };
  async function call<T>(what: string, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await fn()).data;
    } catch (e) {
      const err = e as RequestFailure;
      if (!err.response) {
        throw new BotError(
          ErrorCode.GitHubApi,
          redact(`GitHub ${what} failed: ${String(err.message)}. Check GITHUB_API_URL and the network.`),
        );
      }
      const msg = githubMessage(err);
      const hint = HINTS[err.status ?? 0] ?? 'try again later';
      throw new BotError(
        ErrorCode.GitHubApi,
        redact(`GitHub ${what} on ${s.owner}/${s.repo} failed with HTTP ${err.status}: ${msg}; ${hint}.`),
        { status: err.status, github: msg },
      );
    }
  }
  return {
    async defaultBranch() {
      return (await call('GET', () => octokit.rest.repos.get(repo))).default_branch;
    },
    async getFile(path, ref) {
      const f = await call(`GET /contents/${path}`, () => octokit.rest.repos.getContent({ ...repo, path, ref }));
      if (Array.isArray(f) || f.type !== 'file')
        throw new BotError(
          ErrorCode.GitHubApi,
          `${path} in ${s.owner}/${s.repo} is not a file; set OSS_DOMAINS_REPO_PATH.`,
        );
      const content = 'content' in f ? f.content : '';
      return { text: Buffer.from(content ?? '', 'base64').toString('utf8'), sha: f.sha };
    },
    async branchSha(branch) {
      const ref = await call(`GET /git/ref/heads/${branch}`, () =>
        octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` }),
      );
      return ref.object.sha;
    },
    async createBranch(branch, sha) {
      try {
        await call('POST /git/refs', () => octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha }));
        return 'created';
      } catch (e) {
        if (alreadyExists(e)) return 'exists';
        throw e;
      }
    },
    async putFile(path, a) {
      await call(`PUT /contents/${path}`, () =>
        octokit.rest.repos.createOrUpdateFileContents({
          ...repo,
          path,
          message: a.message,
          content: Buffer.from(a.text).toString('base64'),
          sha: a.sha,
          branch: a.branch,
        }),
      );
    },
    async createPull(a) {
      const pr = await call('POST /pulls', () => octokit.rest.pulls.create({ ...repo, ...a }));
      return { url: pr.html_url, number: pr.number };
    },
    async findPull(branch) {
      const [pr] = await call('GET /pulls', () =>
        octokit.rest.pulls.list({ ...repo, head: `${s.owner}:${branch}`, state: 'all' }),
      );
      return pr ? { url: pr.html_url, number: pr.number } : undefined;
    },
  };
}
