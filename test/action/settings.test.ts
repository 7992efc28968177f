import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, parseLines, parseSettings } from '../../src/action/settings.js';

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
