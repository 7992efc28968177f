import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIFT_LABEL, PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import { createClient, type Octokit, syncDriftIssue, upsertPlanComment } from '../../src/action/github.js';
import { type GitHubApiServer, startGitHubApi } from '../support/github-api.js';

const repo = { owner: 'acme', repo: 'site' };
let gh: GitHubApiServer;
let octokit: Octokit;
const slept: number[] = [];

beforeEach(async () => {
  gh = await startGitHubApi();
  slept.length = 0;
  octokit = await createClient(gh.token, {
    baseUrl: gh.url,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
});
afterEach(() => gh.close());

const body = (text: string) => `${PLAN_COMMENT_MARKER}\n${text}`;

describe('upsertPlanComment', () => {
  it('creates the comment once, then updates the same one in place', async () => {
    const first = await upsertPlanComment(octokit, repo, 7, body('plan v1'));
    const second = await upsertPlanComment(octokit, repo, 7, body('plan v2'));
    expect(first.operation).toBe('created');
    expect(second).toMatchObject({ operation: 'updated', id: first.id });
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('plan v2');
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/site/issues/7/comments',
      `PATCH /repos/acme/site/issues/comments/${first.id}`,
    ]);
  });

  it('leaves an identical comment alone (no edit, no notification)', async () => {
    await upsertPlanComment(octokit, repo, 7, body('same'));
    const again = await upsertPlanComment(octokit, repo, 7, body('same'));
    expect(again.operation).toBe('unchanged');
    expect(gh.writes()).toHaveLength(1);
  });

  it('finds its comment on a later page among many others, and stops listing there', async () => {
    for (let i = 0; i < 250; i++)
      gh.comments.push({ id: i + 1, issue: 7, body: `chatter ${i}`, user: { login: 'u', type: 'User' } });
    gh.comments.splice(150, 0, { id: 9999, issue: 7, body: body('old'), user: { login: 'b', type: 'Bot' } });
    for (let i = 0; i < 200; i++)
      gh.comments.push({ id: 20_000 + i, issue: 7, body: 'more', user: { login: 'u', type: 'User' } });
    const r = await upsertPlanComment(octokit, repo, 7, body('new'));
    expect(r).toMatchObject({ operation: 'updated', id: 9999 });
    const pages = gh.requests.filter((q) => q.method === 'GET').map((q) => q.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(gh.comments.filter((c) => c.body.includes(PLAN_COMMENT_MARKER))).toHaveLength(1);
  });

  it('ignores comments of other pull requests', async () => {
    await upsertPlanComment(octokit, repo, 7, body('on 7'));
    const r = await upsertPlanComment(octokit, repo, 8, body('on 8'));
    expect(r.operation).toBe('created');
    expect(gh.comments.map((c) => c.issue)).toEqual([7, 8]);
  });

  it('retries a 502 a bounded number of times, never a 404', async () => {
    gh.failNext(2, 502, { method: 'GET' });
    const r = await upsertPlanComment(octokit, repo, 7, body('x'));
    expect(r.operation).toBe('created');
    expect(slept).toEqual([1000, 2000]);

    gh.failNext(3, 503, { method: 'GET' });
    await expect(upsertPlanComment(octokit, repo, 7, body('y'))).rejects.toMatchObject({ status: 503 });
    const gets = gh.requests.filter((q) => q.method === 'GET' && q.status === 503);
    expect(gets).toHaveLength(3);

    gh.failNext(1, 404, { method: 'PATCH' });
    await expect(upsertPlanComment(octokit, repo, 7, body('z'))).rejects.toMatchObject({ status: 404 });
    expect(gh.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
  });

  it('sends the token and fails clearly on a bad one', async () => {
    await upsertPlanComment(octokit, repo, 7, body('x'));
    expect(gh.requests.every((r) => r.authorization === `token ${gh.token}`)).toBe(true);
    const bad = await createClient('nope', { baseUrl: gh.url, sleep: async () => {} });
    await expect(upsertPlanComment(bad, repo, 7, body('x'))).rejects.toMatchObject({ status: 401 });
  });
});

describe('syncDriftIssue', () => {
  const drift = (b: string) => ({ drift: true, body: b, closingNote: 'in sync now' });
  const clean = { drift: false, body: '', closingNote: 'Back in sync.' };

  it('opens one labelled issue while drift lasts, updates it, then closes it with a comment', async () => {
    const opened = await syncDriftIssue(octokit, repo, drift('img.abc.com differs'));
    expect(opened.operation).toBe('created');
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'open', labels: [DRIFT_LABEL] });
    expect(gh.labels.has(DRIFT_LABEL)).toBe(true);

    const again = await syncDriftIssue(octokit, repo, drift('img.abc.com and cdn.abc.com differ'));
    expect(again).toMatchObject({ operation: 'updated', number: opened.number });
    const same = await syncDriftIssue(octokit, repo, drift('img.abc.com and cdn.abc.com differ'));
    expect(same.operation).toBe('unchanged');
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]!.body).toContain('cdn.abc.com');

    const closed = await syncDriftIssue(octokit, repo, clean);
    expect(closed).toMatchObject({ operation: 'closed', number: opened.number });
    expect(gh.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(gh.comments).toEqual([expect.objectContaining({ issue: opened.number, body: 'Back in sync.' })]);

    expect((await syncDriftIssue(octokit, repo, clean)).operation).toBe('none');
    const reopened = await syncDriftIssue(octokit, repo, drift('again'));
    expect(reopened.operation).toBe('created');
    expect(gh.issues.filter((i) => i.state === 'open')).toHaveLength(1);
  });

  it('asks GitHub only for open issues with the label, and skips pull requests carrying it', async () => {
    gh.labels.set(DRIFT_LABEL, { name: DRIFT_LABEL, color: 'x', description: '' });
    gh.issues.push({ number: 5, title: 'a PR', body: '', state: 'open', labels: [DRIFT_LABEL], pull_request: true });
    gh.issues.push({ number: 6, title: 'unrelated', body: '', state: 'open', labels: ['bug'] });
    const r = await syncDriftIssue(octokit, repo, drift('x'));
    expect(r.operation).toBe('created');
    const list = gh.requests.find((q) => q.method === 'GET' && q.path.endsWith('/issues'));
    expect(list?.query).toMatchObject({ state: 'open', labels: DRIFT_LABEL });
    // the label existed: the create attempt got 422 already_exists and the issue was still opened
    expect(gh.requests.find((q) => q.path.endsWith('/labels'))?.status).toBe(422);
  });
});
