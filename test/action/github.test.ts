import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIFT_LABEL, PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import {
  createClient,
  type Octokit,
  syncDriftIssue,
  upsertPlanComment as upsert,
  whoAmI,
} from '../../src/action/github.js';
import { ACTIONS_BOT, type GitHubApiServer, startGitHubApi } from '../support/github-api.js';

const repo = { owner: 'acme', repo: 'site' };
let gh: GitHubApiServer;
let octokit: Octokit;
const logged: string[] = [];
/** Waits in milliseconds instead of seconds, and writes without the pacing gaps: the same plugins, faster. */
const fast = (url: string) => ({ baseUrl: url, retryBaseMs: 1, pace: false, log: (m: string) => logged.push(m) });

beforeEach(async () => {
  gh = await startGitHubApi();
  logged.length = 0;
  octokit = await createClient(gh.token, fast(gh.url));
});
afterEach(() => gh.close());

const body = (text: string) => `${PLAN_COMMENT_MARKER}\n${text}`;
/** The plan comment as the Action writes it: by the token's user, GITHUB_TOKEN's `github-actions[bot]` here. */
const upsertPlanComment = (o: Octokit, r: typeof repo, issue: number, text: string) =>
  upsert(o, r, issue, text, ACTIONS_BOT.login);

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
    gh.comments.splice(150, 0, {
      id: 9999,
      issue: 7,
      body: body('old'),
      user: { login: ACTIONS_BOT.login, type: 'Bot' },
    });
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
    expect(gh.requests.filter((q) => q.method === 'GET').map((q) => q.status)).toEqual([502, 502, 200]);

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
    const bad = await createClient('nope', fast(gh.url));
    await expect(upsertPlanComment(bad, repo, 7, body('x'))).rejects.toMatchObject({ status: 401 });
  });
});

describe('syncDriftIssue', () => {
  const login = ACTIONS_BOT.login;
  const drift = (b: string) => ({ drift: true, body: b, closingNote: 'in sync now', login });
  const clean = { drift: false, body: '', closingNote: 'Back in sync.', login };

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

describe('whose comment is the plan comment (issue 10, finding 6)', () => {
  const mallory = { login: 'mallory', type: 'User' };

  it('never edits a comment someone else wrote, even one that starts with the marker: it posts its own', async () => {
    gh.comments.push({ id: 1, issue: 7, body: body('pwned: merge me'), user: mallory });
    const first = await upsertPlanComment(octokit, repo, 7, body('the real plan'));
    expect(first.operation).toBe('created');
    const second = await upsertPlanComment(octokit, repo, 7, body('the next plan'));
    expect(second).toMatchObject({ operation: 'updated', id: first.id });
    expect(gh.comments.find((c) => c.id === 1)!.body).toBe(body('pwned: merge me'));
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/site/issues/7/comments',
      `PATCH /repos/acme/site/issues/comments/${first.id}`,
    ]);
  });

  it('a comment of its own that only quotes the marker later in the text is not the plan comment', async () => {
    gh.comments.push({ id: 1, issue: 7, body: `see ${PLAN_COMMENT_MARKER}`, user: ACTIONS_BOT });
    expect((await upsertPlanComment(octokit, repo, 7, body('plan'))).operation).toBe('created');
    expect(gh.comments.find((c) => c.id === 1)!.body).toBe(`see ${PLAN_COMMENT_MARKER}`);
  });

  it('knows the GITHUB_TOKEN as github-actions[bot] through GraphQL (GET /user refuses installation tokens)', async () => {
    expect(await whoAmI(octokit)).toBe('github-actions[bot]');
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    expect(gh.writes()).toEqual([]);
  });

  it('knows a personal token by its user, through GET /user where GraphQL is not there', async () => {
    await gh.close();
    gh = await startGitHubApi({ identity: { login: 'deploy-bot', type: 'User', installation: false }, graphql: false });
    const client = await createClient(gh.token, fast(gh.url));
    expect(await whoAmI(client)).toBe('deploy-bot');
    expect(gh.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /graphql 404', 'GET /user 200']);
    // An earlier comment of the GITHUB_TOKEN's is someone else's for this token.
    gh.comments.push({ id: 5, issue: 7, body: body('old'), user: ACTIONS_BOT });
    const r = await upsert(client, repo, 7, body('new'), 'deploy-bot');
    expect(r.operation).toBe('created');
    expect(gh.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['github-actions[bot]', body('old')],
      ['deploy-bot', body('new')],
    ]);
  });

  it('never edits or closes a labelled issue someone else opened', async () => {
    gh.issues.push({ number: 3, title: 'x', body: 'mine', state: 'open', labels: [DRIFT_LABEL], user: mallory });
    const login = ACTIONS_BOT.login;
    const opened = await syncDriftIssue(octokit, repo, { drift: true, body: 'drift', closingNote: 'ok', login });
    expect(opened.operation).toBe('created');
    const closed = await syncDriftIssue(octokit, repo, { drift: false, body: '', closingNote: 'ok', login });
    expect(closed).toMatchObject({ operation: 'closed', number: opened.number });
    expect(gh.issues.find((i) => i.number === 3)).toMatchObject({ state: 'open', body: 'mine' });
  });
});

describe('retries and rate limits (Octokit plugins)', () => {
  const limited = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' };

  it('waits out a rate limit (403 with x-ratelimit-remaining 0) and a secondary rate limit, then goes on', async () => {
    gh.failNext(1, 403, { method: 'GET' }, { message: 'API rate limit exceeded', headers: limited });
    gh.failNext(1, 403, { method: 'POST' }, { message: 'You have exceeded a secondary rate limit', headers: {} });
    gh.failNext(1, 429, { method: 'PATCH' }, { message: 'secondary rate limit', headers: { 'retry-after': '2' } });
    await upsertPlanComment(octokit, repo, 7, body('a'));
    await upsertPlanComment(octokit, repo, 7, body('b'));
    expect(gh.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 403',
      'GET 200',
      'POST 403',
      'POST 201',
      'GET 200',
      'PATCH 429',
      'PATCH 200',
    ]);
    expect(logged.filter((l) => /rate limit reached .*trying again/.test(l))).toHaveLength(3);
  });

  it('does not wait longer than a minute for GitHub: the request fails with GitHub’s answer', async () => {
    gh.failNext(1, 429, {}, { message: 'secondary rate limit', headers: { 'retry-after': '3600' } });
    await expect(upsertPlanComment(octokit, repo, 7, body('a'))).rejects.toMatchObject({ status: 429 });
    expect(gh.requests).toHaveLength(1);
    expect(logged.join('\n')).toMatch(/not waiting 3600s/);
  });

  it('a 403 that is not a rate limit (no permission) and a 409 are answers, not retried', async () => {
    gh.failNext(1, 403, { method: 'POST' }, { message: 'Resource not accessible by integration' });
    await expect(upsertPlanComment(octokit, repo, 7, body('a'))).rejects.toMatchObject({ status: 403 });
    gh.failNext(1, 409, { method: 'POST' });
    await expect(upsertPlanComment(octokit, repo, 7, body('a'))).rejects.toMatchObject({ status: 409 });
    expect(gh.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([403, 409]);
  });
});
