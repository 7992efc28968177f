import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient as client } from '../../bot/gitops/github.js';
import { openPullRequest, type Validate } from '../../bot/gitops/open-pr.js';
import type { GitOpsSettings } from '../../bot/settings.js';
import { parseConfig, redact, registerSecret } from '../../src/core/index.js';
import { mentionsAndReferences, renderGfm, visibleText } from '../support/gfm.js';
import { type LocalGitHub, startLocalGitHub } from '../support/slack-github-api.js';

const FILE = `# Domains of the web team. Every change goes through review.
version: 1
owner: web-team
defaults:
  region: cn-hangzhou   # where our buckets live
domains:
  # the shop's images
  - domain: img.abc.com
    bucket: abc-img
`;

const TOKEN = 'ghp_localtesttoken0001';
/** The same Octokit plugins, waiting milliseconds instead of seconds and writing without the pacing gaps. */
const createGitHubClient = (s: GitOpsSettings) => client(s, undefined, { retryBaseMs: 1, pace: false });
const validate: Validate = (text, path) => {
  const r = parseConfig(text, path);
  return r.ok ? [] : r.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
};

let gh: LocalGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const settingsFor = (g: LocalGitHub, token = TOKEN): GitOpsSettings => ({
  owner: 'web-team',
  repo: 'infra',
  token,
  apiUrl: g.url,
  path: 'domains.yml',
});

describe('openPullRequest (GitHub REST API, local server)', () => {
  it('opens a pull request from a new branch with domains.yml edited and its comments intact', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const s = settingsFor(gh);
    const pr = await openPullRequest({
      gh: createGitHubClient(s),
      settings: s,
      args: { cmd: 'bind', domain: 'static.abc.com', bucket: 'abc-static', region: 'cn-hangzhou', cdn: true },
      requester: 'U0ADMIN',
      confirmer: 'U0ADMIN2',
      key: '0123456789ab',
      validate,
      planText: '+ bind static.abc.com',
    });
    expect(pr.url).toBe('https://github.example/web-team/infra/pull/1');
    expect(pr.branch).toBe('oss-domains/bind-static.abc.com-0123456789ab');
    expect(pr.existing).toBe(false);
    const edited = gh.file(pr.branch, 'domains.yml')!;
    expect(edited).toBe(`${FILE}  - domain: static.abc.com\n    bucket: abc-static\n    cdn: true\n`);
    expect(gh.file('main', 'domains.yml')).toBe(FILE);
    const [pull] = gh.pulls;
    expect(pull).toMatchObject({
      head: pr.branch,
      base: 'main',
      title: 'oss-domains: bind static.abc.com to abc-static',
    });
    expect(pull!.body).toContain('U0ADMIN2');
    expect(gh.requests.map((r) => `${r.method} ${r.path.replace(/\/repos\/web-team\/infra/, '')}`)).toEqual([
      'GET ',
      'GET /contents/domains.yml',
      'GET /git/ref/heads/main',
      'POST /git/refs',
      'PUT /contents/domains.yml',
      'POST /pulls',
    ]);
  });

  it('a second click of the same button, at once or later, answers with the one pull request', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const s = settingsFor(gh);
    const open = (key: string) =>
      openPullRequest({
        gh: createGitHubClient(s),
        settings: s,
        args: { cmd: 'bind', domain: 'static.abc.com', bucket: 'abc-static', region: 'cn-hangzhou', cdn: false },
        requester: 'U0ADMIN',
        confirmer: 'U0ADMIN',
        key,
        validate,
      });
    const both = await Promise.all([open('same-button'), open('same-button')]);
    expect(gh.pulls).toHaveLength(1);
    expect(both.map((r) => r.url)).toEqual([gh.pulls[0]!.html_url, gh.pulls[0]!.html_url]);
    expect(both.map((r) => r.existing).sort()).toEqual([false, true]);
    expect(gh.branches()).toEqual(['main', 'oss-domains/bind-static.abc.com-same-button']);

    const later = await open('same-button');
    expect(later).toMatchObject({ url: gh.pulls[0]!.html_url, existing: true });
    expect(gh.pulls).toHaveLength(1);
    // Another button (another plan shown) is another request: its own branch and pull request.
    expect((await open('other-button')).existing).toBe(false);
    expect(gh.pulls).toHaveLength(2);
  });

  it('a click after one that failed half-way finishes the same branch instead of starting another', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const s = settingsFor(gh);
    const client = createGitHubClient(s);
    const options = {
      settings: s,
      args: { cmd: 'unbind', domain: 'img.abc.com' } as const,
      requester: 'U0ADMIN',
      confirmer: 'U0ADMIN',
      key: 'k2',
      validate,
    };
    const failing = { ...client, createPull: () => Promise.reject(new Error('connection reset')) };
    await expect(openPullRequest({ ...options, gh: failing })).rejects.toThrow('connection reset');
    expect(gh.pulls).toHaveLength(0);
    const puts = () => gh!.requests.filter((r) => r.method === 'PUT').length;
    expect(puts()).toBe(1);

    const pr = await openPullRequest({ ...options, gh: client });
    expect(pr.existing).toBe(false);
    expect(gh.pulls).toHaveLength(1);
    expect(puts()).toBe(1);
    expect(gh.file(pr.branch, 'domains.yml')).not.toContain('img.abc.com');
  });

  it('warns in the pull request that removing an entry does not unbind without prune', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const s = settingsFor(gh);
    const pr = await openPullRequest({
      gh: createGitHubClient(s),
      settings: s,
      args: { cmd: 'unbind', domain: 'img.abc.com' },
      requester: 'U0ADMIN',
      confirmer: 'U0ADMIN',
      key: 'k1',
      validate,
    });
    expect(gh.file(pr.branch, 'domains.yml')).not.toContain('img.abc.com');
    expect(gh.file(pr.branch, 'domains.yml')).toContain('# where our buckets live');
    expect(gh.pulls[0]!.body).toContain('prune: false');
  });

  it('refuses to open a pull request that would leave an invalid file', async () => {
    const broken = FILE.replace('owner: web-team', 'owner: web-team\nbukcet: oops');
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': broken } });
    const s = settingsFor(gh);
    await expect(
      openPullRequest({
        gh: createGitHubClient(s),
        settings: s,
        args: { cmd: 'bind', domain: 'a.abc.com', bucket: 'abc-a', region: 'cn-hangzhou', cdn: false },
        requester: 'U1',
        confirmer: 'U1',
        key: 'k1',
        validate,
      }),
    ).rejects.toThrow(/would not be valid[\s\S]*bukcet/);
    expect(gh.pulls).toHaveLength(0);
    expect(gh.branches()).toEqual(['main']);
  });

  it('turns a refused token into a message with the fix and without the token', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const wrong = 'ghp_wrongwrongwrong99';
    registerSecret(wrong);
    const client = createGitHubClient(settingsFor(gh, wrong));
    const err = await client.defaultBranch().catch((e: Error) => e);
    expect(String((err as Error).message)).toContain('HTTP 401: Bad credentials; GITHUB_TOKEN is not valid');
    expect(redact(String((err as Error).message))).toBe(String((err as Error).message));
    expect(String((err as Error).message)).not.toContain(wrong);
  });
});

describe('the GitHub client of GitOps mode (Octokit with the retry and throttling plugins)', () => {
  it('retries a 502 and a dropped connection, and takes a 409 as GitHub’s answer', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const c = createGitHubClient(settingsFor(gh));
    gh.failNext(2, 502, { method: 'GET' });
    expect(await c.defaultBranch()).toBe('main');
    expect(gh.requests.filter((r) => r.method === 'GET')).toHaveLength(3);

    gh.failNext(1, 409, { method: 'PUT' });
    const sha = (await c.getFile('domains.yml', 'main')).sha;
    const err = await c.putFile('domains.yml', { text: 'x', sha, branch: 'main', message: 'm' }).catch((e) => e);
    expect(String(err.message)).toContain('HTTP 409');
    expect(gh.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);

    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const viaFlaky = client(settingsFor(gh), flaky, { retryBaseMs: 1, pace: false });
    expect(await viaFlaky.defaultBranch()).toBe('main');
    expect(calls).toBe(2);
  });

  it('escapes what came from Slack and the cloud in the pull request body: no link, image, mention or HTML', async () => {
    gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': FILE } });
    const s = settingsFor(gh);
    const hostile = 'TXT [x](http://evil.example) ![i](http://evil.example/i.png) @org/team <img src=x> | `x`';
    await openPullRequest({
      gh: createGitHubClient(s),
      settings: s,
      args: { cmd: 'bind', domain: 'static.abc.com', bucket: 'abc-static', region: 'cn-hangzhou', cdn: false },
      requester: '<@U0ADMIN> @here',
      confirmer: 'U0ADMIN2',
      key: 'k9',
      validate,
      planText: `+ bind static.abc.com\n  ! foreign-record: ${hostile}`,
    });
    const html = renderGfm(gh.pulls[0]!.body);
    expect(html).not.toMatch(/<a |<img /);
    expect(mentionsAndReferences(visibleText(html))).toEqual([]);
    // What the reader reads is the value itself (the zero-width spaces that break mentions are invisible).
    const read = visibleText(html).replaceAll('\u200b', '');
    expect(read).toContain(hostile);
    expect(read).toContain('<@U0ADMIN> @here');
  });
});
