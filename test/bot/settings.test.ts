import { describe, expect, it } from 'vitest';
import { refusal } from '../../bot/permissions.js';
import { parseSettings } from '../../bot/settings.js';
import { redact } from '../../src/core/errors.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

describe('parseSettings', () => {
  it('reads the contract environment into typed settings', () => {
    const s = parseSettings({
      ...base,
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      OSS_DOMAINS_ADMINS: 'U1AAA, U2BBB',
      OSS_DOMAINS_OPERATORS: 'U3CCC',
      OSS_DOMAINS_CHANNELS: 'C1OPS',
      OSS_DOMAINS_STATE_BUCKET: 'abc-ops',
      OSS_DOMAINS_STATE_REGION: 'oss-cn-hangzhou',
      OSS_DOMAINS_AUDIT_CHANNEL: 'C2AUDIT',
      OSS_DOMAINS_REPO: 'web-team/infra',
      GITHUB_TOKEN: 'ghp_secretsecret',
    });
    expect(s.port).toBe(8080);
    expect(s.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    expect([...s.admins]).toEqual(['U1AAA', 'U2BBB']);
    expect(s.channels?.has('C1OPS')).toBe(true);
    expect(s.owner).toBe('default');
    expect(s.state).toEqual({ bucket: 'abc-ops', region: 'cn-hangzhou' });
    expect(s.gitops).toMatchObject({
      owner: 'web-team',
      repo: 'infra',
      apiUrl: 'https://api.github.com',
      path: 'domains.yml',
    });
    expect(s.appToken).toBeUndefined();
  });

  it('reports every problem at once, naming the variable and the fix, and registers secrets for redaction', () => {
    let message = '';
    try {
      parseSettings({
        SLACK_SIGNING_SECRET: 'sekrit-value-123',
        SLACK_APP_TOKEN: 'xoxb-wrong',
        PORT: 'eighty',
        OSS_DOMAINS_ADMINS: 'alice,U1AAA',
        OSS_DOMAINS_STATE_BUCKET: 'abc-ops',
        OSS_DOMAINS_REPO: 'not a repo',
        OSS_DOMAINS_QPS: 'AddDomainRecord=60,PutCnam=5',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const s of [
      'SLACK_BOT_TOKEN is not set',
      'SLACK_APP_TOKEN must be an app-level token',
      'PORT "eighty"',
      'OSS_DOMAINS_ADMINS has "alice"',
      'without OSS_DOMAINS_STATE_REGION',
      'OSS_DOMAINS_REPO "not a repo"',
      'without GITHUB_TOKEN',
      'OSS_DOMAINS_QPS entry 2 ("PutCnam=5"): "PutCnam" is not an Alibaba Cloud API operation this tool calls; did you mean "PutCname"?',
    ])
      expect(message).toContain(s);
    expect(redact('the secret is sekrit-value-123')).not.toContain('sekrit-value-123');
  });

  it('checks the state bucket and region by the rules of domains.yml', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseSettings({ ...base, ...env });
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(problems({ OSS_DOMAINS_STATE_BUCKET: 'Abc_Ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhuo' })).toMatch(
      /OSS_DOMAINS_STATE_BUCKET: bucket name "Abc_Ops" contains "_"[\s\S]*OSS_DOMAINS_STATE_REGION: unknown region "cn-hangzhuo"; did you mean "cn-hangzhou"\?/,
    );
    expect(
      parseSettings({ ...base, OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: 'OSS-CN-Beijing' }).state,
    ).toEqual({ bucket: 'abc-ops', region: 'cn-beijing' });
  });
});

describe('refusal', () => {
  const s = { admins: new Set(['U1ADMIN']), operators: new Set(['U2OPER']), channels: undefined };
  it('lets admins do everything, operators read and refresh, others only help', () => {
    for (const c of ['bind', 'unbind', 'status', 'list', 'refresh', 'drift'] as const)
      expect(refusal(s, 'U1ADMIN', 'C1', c)).toBeUndefined();
    for (const c of ['status', 'list', 'refresh', 'drift'] as const)
      expect(refusal(s, 'U2OPER', 'C1', c)).toBeUndefined();
    expect(refusal(s, 'U2OPER', 'C1', 'unbind')?.code).toBe('forbidden_role');
    expect(refusal(s, 'U9X', 'C1', 'status')?.code).toBe('forbidden_role');
    expect(refusal(s, 'U9X', 'C1', 'help')).toBeUndefined();
  });
  it('says when nobody is configured', () => {
    const none = { admins: new Set<string>(), operators: new Set<string>(), channels: undefined };
    expect(refusal(none, 'U1', 'C1', 'bind')?.message).toContain('No admins are configured: set OSS_DOMAINS_ADMINS');
  });
});
