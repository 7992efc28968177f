/**
 * The few GitHub REST calls the GitOps flow needs, on `fetch`: read the repository and a file, create a branch,
 * commit a file to it, open a pull request. Failures become `BotError(github_api)` with GitHub's own message and
 * what to do; the token never appears in one. 5xx and network failures are retried twice; nothing else is.
 */
import { redact } from '../../src/core/index.js';
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

export function createGitHubClient(
  s: GitOpsSettings,
  fetchFn: typeof fetch = fetch,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): GitHubClient {
  const base = `${s.apiUrl}/repos/${encodeURIComponent(s.owner)}/${encodeURIComponent(s.repo)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const what = `${method} ${path.split('?')[0]}`;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetchFn(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${s.token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28',
            'user-agent': 'oss-domains-bot',
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        if (attempt < 3) {
          await sleep(500 * attempt);
          continue;
        }
        throw new BotError(
          ErrorCode.GitHubApi,
          redact(`GitHub ${what} failed: ${(e as Error).message}. Check GITHUB_API_URL and the network.`),
        );
      }
      if (res.status >= 500 && attempt < 3) {
        await sleep(500 * attempt);
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        let msg = text.slice(0, 200);
        try {
          // GitHub puts the specific reason of a 422 ("A pull request already exists for …") in `errors`.
          const j = JSON.parse(text) as { message?: string; errors?: { message?: string }[] };
          msg = [j.message, ...(j.errors ?? []).map((x) => x.message)].filter(Boolean).join(': ') || msg;
        } catch {}
        const hint = HINTS[res.status] ?? 'try again later';
        throw new BotError(
          ErrorCode.GitHubApi,
          redact(`GitHub ${what} on ${s.owner}/${s.repo} failed with HTTP ${res.status}: ${msg}; ${hint}.`),
          { status: res.status, github: msg },
        );
      }
      return (text ? JSON.parse(text) : {}) as T;
    }
  }
  const contents = (path: string) => `/contents/${path.split('/').map(encodeURIComponent).join('/')}`;
  return {
    async defaultBranch() {
      return (await call<{ default_branch: string }>('GET', '')).default_branch;
    },
    async getFile(path, ref) {
      const f = await call<{ content?: string; sha: string; type?: string }>(
        'GET',
        `${contents(path)}?ref=${encodeURIComponent(ref)}`,
      );
      if (f.type && f.type !== 'file')
        throw new BotError(
          ErrorCode.GitHubApi,
          `${path} in ${s.owner}/${s.repo} is not a file; set OSS_DOMAINS_REPO_PATH.`,
        );
      return { text: Buffer.from(f.content ?? '', 'base64').toString('utf8'), sha: f.sha };
    },
    async branchSha(branch) {
      return (await call<{ object: { sha: string } }>('GET', `/git/ref/heads/${encodeURIComponent(branch)}`)).object
        .sha;
    },
    async createBranch(branch, sha) {
      try {
        await call('POST', '/git/refs', { ref: `refs/heads/${branch}`, sha });
        return 'created';
      } catch (e) {
        if (alreadyExists(e)) return 'exists';
        throw e;
      }
    },
    async putFile(path, a) {
      await call('PUT', contents(path), {
        message: a.message,
        content: Buffer.from(a.text).toString('base64'),
        sha: a.sha,
        branch: a.branch,
      });
    },
    async createPull(a) {
      const pr = await call<{ html_url: string; number: number }>('POST', '/pulls', a);
      return { url: pr.html_url, number: pr.number };
    },
    async findPull(branch) {
      const head = encodeURIComponent(`${s.owner}:${branch}`);
      const [pr] = await call<{ html_url: string; number: number }[]>('GET', `/pulls?head=${head}&state=all`);
      return pr ? { url: pr.html_url, number: pr.number } : undefined;
    },
  };
}
