/**
 * Where the DNS and CDN adapters get their credentials: the environment AccessKey (and STS token), the OIDC role
 * through a local STS named by OSS_DOMAINS_STS_ENDPOINT, and a clear error when nothing is configured. Secrets and
 * the OIDC token never reach a message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { createDnsAdapter } from '../../src/core/aliyun/dns.js';
import { CloudError, redact } from '../../src/core/errors.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: { zones: [{ name: 'abc.com' }] }, dnsPort: false });
});
afterAll(() => sb.stop());

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

describe('environment AccessKey', () => {
  test('id + secret (+ token) are used as given, and the secret and token are registered for redaction', async () => {
    const key = await credentialSource({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExample',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-abcdef',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-env-token-123',
    })();
    expect(key).toEqual({
      accessKeyId: 'LTAI5tExample',
      accessKeySecret: 'env-secret-abcdef',
      securityToken: 'CAIS-env-token-123',
    });
    expect(redact('secret env-secret-abcdef token CAIS-env-token-123')).toBe('secret *** token ***');
  });

  test('a call signed with an STS token is accepted by the sandbox', async () => {
    const dns = createDnsAdapter({
      credential: credentialSource({ ...sb.env, ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-session-token' }),
      endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT,
    });
    expect(await dns.listZones()).toEqual([{ name: 'abc.com' }]);
  });
});

describe('OIDC role through OSS_DOMAINS_STS_ENDPOINT', () => {
  let sts: http.Server;
  let stsUrl: string;
  const seen: { query: URLSearchParams; form: URLSearchParams }[] = [];
  let refuse = false;

  beforeAll(async () => {
    sts = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        seen.push({ query, form });
        res.setHeader('content-type', 'application/json');
        if (refuse) {
          res.statusCode = 400;
          res.end(
            JSON.stringify({ Code: 'AuthenticationFail.OIDCToken.Invalid', Message: 'The OIDC token is expired.' }),
          );
          return;
        }
        // The emulated STS hands out the sandbox's key with a session token, valid for an hour.
        res.end(
          JSON.stringify({
            RequestId: 'sts-1',
            Credentials: {
              AccessKeyId: sb.credentials.accessKeyId,
              AccessKeySecret: sb.credentials.accessKeySecret,
              SecurityToken: 'CAIS-oidc-session',
              Expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          }),
        );
      });
    });
    await new Promise<void>((ok) => sts.listen(0, '127.0.0.1', ok));
    stsUrl = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => sts.close(() => ok())));

  const oidcEnv = () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, JWT);
    return {
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/deployer',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890123456:oidc-provider/github',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      OSS_DOMAINS_STS_ENDPOINT: stsUrl,
    };
  };

  test('the token file is exchanged once for an STS session, which signs the Alidns calls', async () => {
    seen.length = 0;
    refuse = false;
    const dns = createDnsAdapter({
      credential: credentialSource(oidcEnv()),
      endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT,
    });
    expect(await dns.listZones()).toEqual([{ name: 'abc.com' }]);
    await dns.listRecords('abc.com');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.query.get('Action')).toBe('AssumeRoleWithOIDC');
    expect(seen[0]?.form.get('OIDCToken')).toBe(JWT);
    expect(seen[0]?.form.get('RoleArn')).toBe('acs:ram::1234567890123456:role/deployer');
    expect(seen[0]?.form.get('RoleSessionName')).toMatch(/^oss-domains-/);
  });

  test('a refused exchange is CredentialsUnavailable naming what to set, without the token', async () => {
    refuse = true;
    const dns = createDnsAdapter({
      credential: credentialSource(oidcEnv()),
      endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT,
    });
    const e = await dns.listZones().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CloudError);
    const ce = e as CloudError;
    expect([ce.service, ce.code]).toEqual(['sts', 'CredentialsUnavailable']);
    expect(ce.message).toContain('AuthenticationFail.OIDCToken.Invalid');
    expect(ce.hint).toContain('ALIBABA_CLOUD_OIDC_TOKEN_FILE');
    expect(ce.describe()).not.toContain(JWT);
  });
});

test('with nothing configured, the first call fails with CredentialsUnavailable and what to set', async () => {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_')) delete process.env[k];
  Object.assign(process.env, {
    HOME: mkdtempSync(join(tmpdir(), 'home-')),
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
  });
  try {
    const source = credentialSource({});
    const e = await source().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CloudError);
    expect((e as CloudError).code).toBe('CredentialsUnavailable');
    expect((e as CloudError).hint).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});
