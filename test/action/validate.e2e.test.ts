/** The bundle on an invalid domains.yml or invalid inputs: annotations on the exact lines, no cloud call at all. */
import { describe, expect, it } from 'vitest';
import { errorCommands, runAction, workspace } from './harness.js';

const INVALID = `version: 1
domains:
  - domain: img.abc.com
    bucket: abc-img
    regoin: cn-hangzhou
`;

describe('the Action on an invalid domains.yml', () => {
  it('annotates the exact line and column, fails the step, and writes the summary', async () => {
    const cwd = workspace({ 'domains.yml': INVALID });
    // An endpoint nobody listens on: validation must fail before any cloud call is tried.
    const run = await runAction({
      cwd,
      inputs: { command: 'plan' },
      env: { OSS_DOMAINS_OSS_ENDPOINT: 'http://127.0.0.1:9', OSS_DOMAINS_DNS_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(run.status).toBe(1);
    const errors = errorCommands(run.stdout);
    const typo = errors.find((e) => e.message.includes('regoin'));
    expect(typo?.props).toMatchObject({ file: 'domains.yml', line: '5', col: '5' });
    expect(run.stdout).toMatch(/^::error title=domains\.yml,file=domains\.yml,line=5,col=5::.*"regoin"/m);
    // the last error is the step's failure, saying what to do
    expect(errors.at(-1)?.message).toMatch(/domains\.yml has \d+ problems? .*fix/);
    expect(run.summary).toContain('domains.yml is not valid');
    expect(run.summary).toMatch(/\| 5:5 \|/);
    expect(run.outputs['has-changes']).toBe('false');
  });

  it('a config path in a sub-directory is annotated relative to the workspace', async () => {
    const cwd = workspace();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${cwd}/infra`);
    writeFileSync(`${cwd}/infra/domains.yml`, INVALID);
    const run = await runAction({ cwd, inputs: { command: 'apply', config: `${cwd}/infra/domains.yml` } });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).some((e) => e.props.file === 'infra/domains.yml' && e.props.line === '5')).toBe(
      true,
    );
  });

  it('a missing file is one clear error', async () => {
    const run = await runAction({ cwd: workspace(), inputs: { command: 'drift', config: 'nope.yml' } });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).some((e) => e.props.file === 'nope.yml')).toBe(true);
  });

  it('refuses a config outside the workspace, by ".." or through a symlink, without reading it', async () => {
    const { mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
    const root = workspace();
    const cwd = `${root}/work`;
    mkdirSync(cwd);
    // What another step may leave beside the workspace; YAML that would otherwise show up in the error report.
    writeFileSync(`${root}/credentials.yml`, 'aws_secret: do-not-print-me\n');
    symlinkSync(`${root}/credentials.yml`, `${cwd}/domains.yml`);
    for (const config of ['../credentials.yml', 'domains.yml']) {
      const run = await runAction({ cwd, inputs: { command: 'plan', config } });
      expect(run.status).toBe(1);
      const failure = errorCommands(run.stdout).at(-1)?.message ?? '';
      expect(failure).toMatch(new RegExp(`^Input "config" is "${config.replace(/\./g, '\\.')}", which `));
      expect(failure).toMatch(/the workspace/);
      expect(run.summary).toContain('oss-domains plan failed');
      expect(`${run.stdout}${run.stderr}${run.summary}`).not.toContain('do-not-print-me');
    }
  });

  it('rejects a bad input by name, masking the secrets first', async () => {
    const run = await runAction({
      cwd: workspace({ 'domains.yml': INVALID }),
      inputs: { command: 'destroy', 'access-key-id': 'LTAI5tExampleId', 'access-key-secret': 'not-for-your-eyes-42' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::Input "command" is "destroy"; it must be one of plan, apply, drift, refresh/m,
    );
    const lines = run.stdout.split('\n');
    const firstMask = lines.indexOf('::add-mask::not-for-your-eyes-42');
    expect(firstMask).toBeGreaterThanOrEqual(0);
    // masking comes before anything else is printed
    expect(lines.slice(0, firstMask).every((l) => l.startsWith('::add-mask::'))).toBe(true);
    expect(lines.filter((l) => l.includes('not-for-your-eyes-42'))).toEqual(['::add-mask::not-for-your-eyes-42']);
  });

  it('without credentials, says which inputs (or OIDC step) the workflow needs', async () => {
    const cwd = workspace({ 'domains.yml': INVALID.replace('regoin', 'region') });
    const run = await runAction({
      cwd,
      inputs: { command: 'plan' },
      env: {
        HOME: cwd,
        OSS_DOMAINS_OSS_ENDPOINT: 'http://127.0.0.1:9',
        OSS_DOMAINS_DNS_ENDPOINT: 'http://127.0.0.1:9',
      },
    });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).at(-1)?.message).toMatch(
      /CredentialsUnavailable.*access-key-id and access-key-secret inputs/,
    );
    expect(run.summary).toContain('oss-domains plan failed');
    // The report output says the same as the summary; nothing claims "no changes" for a plan that never ran.
    expect(run.outputs.report).toContain('oss-domains plan failed');
    expect(run.outputs.report).toContain('CredentialsUnavailable');
    expect(run.outputs['has-changes']).toBeUndefined();
  });
});
