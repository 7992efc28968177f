import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, parseLines, parseSettings, resolveInWorkspace } from '../../src/action/settings.js';

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    (inputs[name] ?? '').trim();

describe('parseSettings', () => {
  it('applies the documented defaults', () => {
    const s = parseSettings(reader({}), {});
    expect(s).toMatchObject({
      command: 'plan',
      config: 'domains.yml',
      credentials: undefined,
      comment: true,
      failOnDrift: true,
      driftIssue: false,
      paths: [],
    });
  });

  it('reads the pull request number and the run link from the runner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-'));
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
    const s = parseSettings(reader({}), {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_RUN_ID: '99',
      GITHUB_ACTOR: 'octocat',
    });
    expect(s.run).toMatchObject({
      eventName: 'pull_request',
      pullRequest: 42,
      repository: { owner: 'acme', repo: 'site' },
      runUrl: 'https://github.com/acme/site/actions/runs/99',
      actor: 'github:octocat',
    });
  });

  it('takes both halves of an AccessKey pair, or neither', () => {
    expect(parseSettings(reader({ 'access-key-id': 'LTAIx', 'access-key-secret': 's3cr3t!' }), {}).credentials).toEqual(
      { accessKeyId: 'LTAIx', accessKeySecret: 's3cr3t!', securityToken: undefined },
    );
    expect(() => parseSettings(reader({ 'access-key-id': 'LTAIx' }), {})).toThrow(/access-key-secret" is empty/);
    expect(() => parseSettings(reader({ 'security-token': 'tok' }), {})).toThrow(InputError);
  });

  it('never echoes a secret input in its errors', () => {
    try {
      parseSettings(reader({ 'access-key-secret': 'VERY-SECRET-VALUE' }), {});
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain('VERY-SECRET-VALUE');
    }
  });

  it('rejects an unknown command and a non-boolean flag, naming the input', () => {
    expect(() => parseSettings(reader({ command: 'destroy' }), {})).toThrow(
      /"command" is "destroy"; it must be one of plan, apply, drift, refresh/,
    );
    expect(() => parseSettings(reader({ 'fail-on-drift': 'yes' }), {})).toThrow(
      /"fail-on-drift" must be true or false/,
    );
  });

  it('refresh: needs paths, and a bucket for object keys', () => {
    expect(() => parseSettings(reader({ command: 'refresh' }), {})).toThrow(/"paths" is empty/);
    expect(() => parseSettings(reader({ command: 'refresh', paths: 'logo.png' }), {})).toThrow(/"bucket" is empty/);
    const s = parseSettings(
      reader({
        command: 'refresh',
        paths: 'https://img.abc.com/a.png\n\n# comment\nlogo.png',
        bucket: 'abc-img@oss-cn-hangzhou',
      }),
      {},
    );
    expect(s.paths).toEqual(['https://img.abc.com/a.png', 'logo.png']);
    expect(s.bucket).toEqual({ name: 'abc-img', region: 'cn-hangzhou' });
    const bucket = (b: string) => () => parseSettings(reader({ command: 'refresh', paths: 'a', bucket: b }), {});
    // The same rules, and the same words, as a bucket or region in domains.yml.
    expect(bucket('Bad_Bucket')).toThrow(/"bucket" is "Bad_Bucket": bucket name "Bad_Bucket" contains "_"/);
    expect(bucket('abc-img@cn-hangzhuo')).toThrow(/unknown region "cn-hangzhuo"; did you mean "cn-hangzhou"\?/);
    expect(bucket('abc-img@')).toThrow(/"" is not a region id/);
    expect(bucket('abc-img@cn-hangzhou@x')).toThrow(/more than one "@"/);
  });
});

describe('parseLines', () => {
  it('drops blanks and comments, trims CRLF', () => {
    expect(parseLines(' a \r\n\r\n#x\nb/')).toEqual(['a', 'b/']);
  });
});

describe('resolveInWorkspace (config, and source for deploy)', () => {
  /** A runner: the workspace, and beside it the kind of file another step leaves (credentials in RUNNER_TEMP). */
  function runner(): { ws: string; outside: string } {
    const root = mkdtempSync(join(tmpdir(), 'runner-'));
    const ws = join(root, 'work', 'site');
    mkdirSync(join(ws, 'infra'), { recursive: true });
    writeFileSync(join(ws, 'infra', 'domains.yml'), 'version: 1\n');
    mkdirSync(join(root, 'temp'));
    writeFileSync(join(root, 'temp', 'credentials.yml'), 'secret\n');
    return { ws, outside: join(root, 'temp') };
  }

  it('resolves a relative or an absolute path inside the workspace, existing or not', () => {
    const { ws } = runner();
    expect(resolveInWorkspace(ws, 'infra/domains.yml', 'config')).toEqual({
      path: join(ws, 'infra', 'domains.yml'),
      relative: 'infra/domains.yml',
    });
    expect(resolveInWorkspace(ws, join(ws, 'infra', 'domains.yml'), 'config').relative).toBe('infra/domains.yml');
    expect(resolveInWorkspace(ws, './infra/../new.yml', 'config').relative).toBe('new.yml');
    expect(resolveInWorkspace(ws, 'not/yet/there', 'source').relative).toBe('not/yet/there');
    expect(resolveInWorkspace(ws, '.', 'source').relative).toBe('.');
    // A name that merely starts with two dots is inside.
    expect(resolveInWorkspace(ws, '..domains.yml', 'config').relative).toBe('..domains.yml');
  });

  it('refuses "..", and an absolute path elsewhere, naming the input', () => {
    const { ws, outside } = runner();
    expect(() => resolveInWorkspace(ws, '../../temp/credentials.yml', 'config')).toThrow(InputError);
    expect(() => resolveInWorkspace(ws, '../../temp/credentials.yml', 'config')).toThrow(
      /^Input "config" is "\.\.\/\.\.\/temp\/credentials\.yml", which is outside the workspace/,
    );
    expect(() => resolveInWorkspace(ws, join(outside, 'credentials.yml'), 'source')).toThrow(
      /Input "source" .* is outside the workspace/,
    );
    expect(() => resolveInWorkspace(ws, '..', 'source')).toThrow(/outside the workspace/);
  });

  it('refuses a symbolic link that leads out of the workspace, as a file or as a directory on the way', () => {
    const { ws, outside } = runner();
    symlinkSync(join(outside, 'credentials.yml'), join(ws, 'domains.yml'));
    symlinkSync(outside, join(ws, 'shared'));
    expect(() => resolveInWorkspace(ws, 'domains.yml', 'config')).toThrow(/through a symbolic link/);
    expect(() => resolveInWorkspace(ws, 'shared/credentials.yml', 'config')).toThrow(/through a symbolic link/);
    // ... even to a file that does not exist yet below the link
    expect(() => resolveInWorkspace(ws, 'shared/new/dir', 'source')).toThrow(/through a symbolic link/);
  });

  it('accepts a symbolic link that stays inside, and a workspace that is itself reached through a link', () => {
    const { ws } = runner();
    symlinkSync(join(ws, 'infra', 'domains.yml'), join(ws, 'domains.yml'));
    expect(resolveInWorkspace(ws, 'domains.yml', 'config').relative).toBe('domains.yml');
    const alias = join(mkdtempSync(join(tmpdir(), 'alias-')), 'ws');
    symlinkSync(realpathSync(ws), alias);
    expect(resolveInWorkspace(alias, 'infra/domains.yml', 'config').path).toBe(join(alias, 'infra', 'domains.yml'));
  });

  it('parseSettings resolves config against GITHUB_WORKSPACE, not the working directory', () => {
    const { ws } = runner();
    const s = parseSettings(reader({ config: 'infra/domains.yml' }), { GITHUB_WORKSPACE: ws });
    expect(s.config).toBe('infra/domains.yml');
    expect(s.configPath).toBe(join(ws, 'infra', 'domains.yml'));
    expect(() => parseSettings(reader({ config: '../../temp/credentials.yml' }), { GITHUB_WORKSPACE: ws })).toThrow(
      /Input "config" .* outside the workspace/,
    );
  });
});
