/**
 * The built bundle, run as the runner runs it, against the sandbox and a local GitHub API: drift and its issue,
 * secrets that never leak, refresh batching.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DRIFT_LABEL } from '../../src/action/constants.js';
import { DEFAULT_SEED } from '../../src/sandbox/index.js';
import { errorCommands, runAction, workspace } from './harness.js';
import { ONE, scheduleEvent, TARGET, useWorld } from './world.js';

describe('drift', () => {
  const w = useWorld();

  it('fails and opens one issue while drift lasts; a clean run closes it', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const inputs = { command: 'drift', 'drift-issue': 'true', 'github-token': w.gh.token };
    expect((await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() })).status).toBe(0);

    const clean = await runAction({ cwd, inputs, env: w.env(), event: scheduleEvent });
    expect(clean.status).toBe(0);
    expect(clean.outputs.drift).toBe('false');
    expect(w.gh.issues).toEqual([]);

    // Someone points the record elsewhere by hand.
    w.cnameOf('img')!.value = 'elsewhere.example.net';
    const found = await runAction({ cwd, inputs, env: w.env(), event: scheduleEvent });
    expect(found.status).toBe(1);
    expect(found.outputs.drift).toBe('true');
    expect(errorCommands(found.stdout).at(-1)?.message).toMatch(/^Drift: 1 domain differs/);
    expect(w.gh.issues).toHaveLength(1);
    expect(w.gh.issues[0]).toMatchObject({ state: 'open', labels: [DRIFT_LABEL] });
    expect(w.gh.issues[0]!.body).toContain('img.abc.com');

    const still = await runAction({ cwd, inputs, env: w.env(), event: scheduleEvent });
    expect(still.status).toBe(1);
    expect(w.gh.issues).toHaveLength(1);

    const report = await runAction({
      cwd,
      inputs: { ...inputs, 'fail-on-drift': 'false' },
      env: w.env(),
      event: scheduleEvent,
    });
    expect(report.status).toBe(0);
    expect(report.outputs.drift).toBe('true');

    expect((await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() })).status).toBe(0);
    expect(w.cnameOf('img')?.value).toBe(TARGET);
    const healed = await runAction({ cwd, inputs, env: w.env(), event: scheduleEvent });
    expect(healed.status).toBe(0);
    expect(w.gh.issues).toHaveLength(1);
    expect(w.gh.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(w.gh.comments.filter((c) => c.issue === w.gh.issues[0]!.number)).toHaveLength(1);
    // Eight runs of the bundle, each pacing its GitHub writes a second apart as GitHub asks.
  }, 90_000);
});

describe('secrets', () => {
  const w = useWorld();

  it('credentials from inputs work, are masked first, and appear nowhere else', async () => {
    const secret = w.sb.credentials.accessKeySecret;
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = w.sb.env;
    const cwd = workspace({ 'domains.yml': ONE });
    const run = await runAction({
      cwd,
      inputs: { command: 'apply', 'access-key-id': w.sb.credentials.accessKeyId, 'access-key-secret': secret },
      env: { ...endpoints, GITHUB_API_URL: w.gh.url },
    });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(`::add-mask::${secret}`);
    expect(run.stdout.split('\n').filter((l) => l.includes(secret))).toEqual([`::add-mask::${secret}`]);
    expect(run.stderr).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    expect(JSON.stringify(run.outputs)).not.toContain(secret);
  });

  it('without inputs, takes the temporary credentials an OIDC step exports (key, secret, STS token)', async () => {
    const token = 'CAIS-oidc-session-token-0123456789';
    const run = await runAction({
      cwd: workspace({ 'domains.yml': ONE }),
      inputs: { command: 'plan' },
      env: { ...w.env(), ALIBABA_CLOUD_SECURITY_TOKEN: token },
    });
    expect(run.status).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
    // Masked for the runner (the `::add-mask::` line, which the runner hides), printed nowhere else.
    expect(run.stdout.split('\n').filter((l) => l.includes(token))).toEqual([`::add-mask::${token}`]);
    expect(run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain(token);
  });

  it('STS credentials the OIDC role chain obtains at run time are masked in the log (issue 10, finding 8)', async () => {
    const session = 'CAIS-sts-session-obtained-at-run-time-0123456789';
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2l0ZSJ9.c2lnbmF0dXJl';
    const sts = createServer((req, res) => {
      req.resume().on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            RequestId: 'sts-1',
            Credentials: {
              AccessKeyId: w.sb.credentials.accessKeyId,
              AccessKeySecret: w.sb.credentials.accessKeySecret,
              SecurityToken: session,
              Expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          }),
        );
      });
    });
    await new Promise<void>((ok) => sts.listen(0, '127.0.0.1', ok));
    try {
      const cwd = workspace({ 'domains.yml': ONE, token: jwt });
      const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = w.sb.env;
      const run = await runAction({
        cwd,
        inputs: { command: 'plan' },
        env: {
          ...endpoints,
          ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/deployer',
          ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890123456:oidc-provider/github',
          ALIBABA_CLOUD_OIDC_TOKEN_FILE: `${cwd}/token`,
          OSS_DOMAINS_STS_ENDPOINT: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
        },
      });
      expect(run.status).toBe(0);
      for (const secret of [session, jwt, w.sb.credentials.accessKeySecret])
        expect(run.stdout.split('\n').filter((l) => l.includes(secret))).toEqual([`::add-mask::${secret}`]);
      expect(run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain(session);
    } finally {
      await new Promise<void>((ok) => sts.close(() => ok()));
    }
  });

  it('STS sessions the default chain fetches later (credentials URI, as for an ECS role) are masked too', async () => {
    let n = 0;
    // A new session on every request, valid for less than the SDK's stale time: each use of the credentials fetches
    // one, so sessions arrive all through the run, not only at its start.
    const uri = createServer((req, res) => {
      req.resume().on('end', () => {
        n += 1;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            Code: 'Success',
            AccessKeyId: w.sb.credentials.accessKeyId,
            AccessKeySecret: w.sb.credentials.accessKeySecret,
            SecurityToken: `CAIS-uri-session-${n}-0123456789`,
            Expiration: new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          }),
        );
      });
    });
    await new Promise<void>((ok) => uri.listen(0, '127.0.0.1', ok));
    try {
      const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = w.sb.env;
      const run = await runAction({
        cwd: workspace({ 'domains.yml': ONE }),
        inputs: { command: 'plan' },
        env: {
          ...endpoints,
          HOME: workspace(),
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
          ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
          ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${(uri.address() as AddressInfo).port}/credentials`,
        },
      });
      expect(run.status).toBe(0);
      expect(n).toBeGreaterThan(1);
      for (let i = 1; i <= n; i++) {
        const token = `CAIS-uri-session-${i}-0123456789`;
        expect(run.stdout.split('\n').filter((l) => l.includes(token))).toEqual([`::add-mask::${token}`]);
        expect(run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain(token);
      }
    } finally {
      await new Promise<void>((ok) => uri.close(() => ok()));
    }
  });

  it('a wrong secret fails with the cloud’s answer, never the secret', async () => {
    const wrong = 'wrong-secret-0123456789abcdef';
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = w.sb.env;
    const run = await runAction({
      cwd: workspace({ 'domains.yml': ONE }),
      inputs: { command: 'plan', 'access-key-id': w.sb.credentials.accessKeyId, 'access-key-secret': wrong },
      env: endpoints,
    });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).at(-1)?.message).toMatch(/Signature|AccessKey/i);
    expect(run.stdout.split('\n').filter((l) => l.includes(wrong))).toEqual([`::add-mask::${wrong}`]);
    expect(run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain(wrong);
  });
});

describe('refresh', () => {
  const w = useWorld({
    ...DEFAULT_SEED,
    cdn: [{ domain: 'img.abc.com', origin: TARGET, status: 'online', tags: { 'oss-domains': 'ci' } }],
  });

  it('1,500 URLs are sent in two RefreshObjectCaches calls', async () => {
    const paths = Array.from({ length: 1500 }, (_, i) => `https://img.abc.com/assets/${i}.png`).join('\n');
    const run = await runAction({ cwd: workspace(), inputs: { command: 'refresh', paths }, env: w.env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(w.sb.control.calls({ action: 'RefreshObjectCaches' }).map((c) => c.status)).toEqual([200, 200]);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', changes: '1500' });
    expect(run.summary).toContain('in 2 calls');
  });

  it('object keys of a bucket are refreshed on its CDN domain', async () => {
    const run = await runAction({
      cwd: workspace(),
      inputs: { command: 'refresh', bucket: 'abc-img', paths: 'logo.png\ncss/' },
      env: w.env(),
    });
    expect(run.status).toBe(0);
    const refreshed = w.sb.world.refreshTasks.map((t) => t.objectPath).sort();
    expect(refreshed).toEqual(['http://img.abc.com/css/', 'http://img.abc.com/logo.png'].sort());
  });
});
