/**
 * Redaction (issue 10, finding 8): a secret never survives in an encoded form, an STS token is removed wherever a
 * query parameter, header, JSON or XML field names it, and an error never keeps the SDK's raw error as its `cause` —
 * whichever way it is printed (`util.inspect`, `console.error`, `JSON.stringify`, `String(err.cause)`, the stack).
 * Credentials obtained later by the default chain are registered (and so reach `onSecret`, which the Action turns
 * into `core.setSecret`).
 */
import { Console } from 'node:console';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { createDnsAdapter } from '../../src/core/aliyun/dns.js';
import { createOssAdapter } from '../../src/core/aliyun/oss.js';
import { CloudError, errorMessage, onSecret, redact, registerSecret } from '../../src/core/errors.js';

/** Every form a value takes on the way through a URL, a form body, JSON or base64. */
function forms(value: string): string[] {
  const once = encodeURIComponent(value);
  return [
    value,
    once,
    once.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    encodeURIComponent(once),
    new URLSearchParams({ v: value }).toString().slice(2),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
  ].filter((f, i, all) => all.indexOf(f) === i);
}

/** Everything a user or a log could see of an error. */
function printed(e: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).error(e);
  const err = e as Error & { cause?: unknown };
  return [
    out,
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(e),
    String(err.cause),
    inspect(err.cause, { depth: 10, showHidden: true }),
    err.stack ?? '',
    errorMessage(e),
  ].join('\n');
}

function expectNone(text: string, ...values: string[]): void {
  for (const v of values) for (const f of forms(v)) expect(text, `form ${f} of ${v}`).not.toContain(f);
}

describe('registered secrets in encoded forms', () => {
  const secret = 'reg+Secret/with=specials0123';
  const token = 'CAIS+registered/Token==0123456789abcdef';
  beforeAll(() => {
    registerSecret(secret);
    registerSecret(token);
  });

  test.each(forms(token).map((f) => [f]))('the registered STS token as %s is removed', (form) => {
    expect(redact(`GET /img?x-oss-foo=${form}&b=1 and ${form}`)).toBe('GET /img?x-oss-foo=***&b=1 and ***');
  });

  test('percent-encoded and base64 forms of a registered secret are removed, whatever the hex case', () => {
    const text = forms(secret).join(' | ');
    expectNone(redact(text), secret);
    expect(redact(text)).toBe(
      forms(secret)
        .map(() => '***')
        .join(' | '),
    );
  });
});

describe('STS tokens named by a parameter, header or field, registered or not', () => {
  const raw = 'CAIS+unregistered/tok=abc123XYZ';
  const enc = encodeURIComponent(raw);
  const cases: [string, string][] = [
    ['OSS V1 query', `https://b.oss-cn-hangzhou.aliyuncs.com/k?security-token=${enc}&Signature=x`],
    ['OSS V4 query', `https://b.oss-cn-hangzhou.aliyuncs.com/k?x-oss-security-token=${enc}&x-oss-date=1`],
    ['RPC query', `https://alidns.aliyuncs.com/?Action=DescribeDomains&SecurityToken=${enc}&Format=JSON`],
    ['string to sign, encoded twice', `GET&%2F&Action%3DX%26SecurityToken%3D${encodeURIComponent(enc)}%26V%3D1`],
    ['OSS header', `x-oss-security-token: ${raw}\nhost: b`],
    ['ACS header', `x-acs-security-token:${raw}\nhost: b`],
    ['header object as JSON', JSON.stringify({ 'x-acs-security-token': raw, host: 'b' })],
    ['STS answer as JSON', JSON.stringify({ Credentials: { SecurityToken: raw, AccessKeySecret: 'sk-json-0123' } })],
    ['STS answer as XML', `<Credentials><SecurityToken>${raw}</SecurityToken></Credentials>`],
    ['ali-oss options, inspected', inspect({ stsToken: raw, accessKeySecret: 'sk-inspect-0123' })],
  ];

  test.each(cases)('%s', (_what, text) => {
    const out = redact(text);
    expectNone(out, raw, 'sk-json-0123', 'sk-inspect-0123');
    expect(out).toContain('***');
  });
});

/** A server that answers every request with `answer(req)`, for errors the sandbox never sends. */
async function stub(answer: (req: http.IncomingMessage) => { status: number; type: string; body: string }) {
  const server = http.createServer((req, res) => {
    req.resume().on('end', () => {
      const a = answer(req);
      res.writeHead(a.status, { 'content-type': a.type, 'x-oss-request-id': 'RID1' });
      res.end(a.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('an error never keeps the raw SDK error', () => {
  const secret = 'cause-secret-0123456789ab';
  const token = 'CAIS+cause/Token=0123456789';
  let alidns: Awaited<ReturnType<typeof stub>>;
  let oss: Awaited<ReturnType<typeof stub>>;
  beforeAll(async () => {
    // The RPC signature's SignatureDoesNotMatch echoes the canonical query, which holds the URL-encoded token.
    alidns = await stub((req) => ({
      status: 400,
      type: 'application/json',
      body: JSON.stringify({
        RequestId: 'R-1',
        Code: 'SignatureDoesNotMatch',
        Message: `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&SecurityToken%3D${encodeURIComponent(encodeURIComponent(String(req.headers['x-acs-security-token'])))}`,
        Recommend: `https://api.aliyun.com/troubleshoot?q=x&SecurityToken=${encodeURIComponent(String(req.headers['x-acs-security-token']))}`,
      }),
    }));
    // An OSS-compatible endpoint whose error message echoes the request's token, URL-encoded.
    oss = await stub((req) => ({
      status: 403,
      type: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Denied for ${req.url}?security-token=${encodeURIComponent(String(req.headers['x-oss-security-token']))}</Message><RequestId>RID1</RequestId><HostId>h</HostId></Error>`,
    }));
  });
  afterAll(() => {
    alidns.close();
    oss.close();
  });

  test('an Alidns error printed any way shows neither the token nor the secret', async () => {
    const dns = createDnsAdapter({
      credential: credentialSource({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIcause',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
        ALIBABA_CLOUD_SECURITY_TOKEN: token,
      }),
      endpoint: alidns.url,
    });
    const e = await dns.listZones().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CloudError);
    expect((e as CloudError).code).toBe('SignatureDoesNotMatch');
    expect((e as CloudError).requestId).toBe('R-1');
    const text = printed(e);
    expectNone(text, token, secret);
    // What a user needs is still there: the code, and the SDK's own error name in the cause.
    expect(text).toContain('SignatureDoesNotMatch');
  });

  test('an OSS error printed any way shows neither the token nor the secret', async () => {
    const adapter = createOssAdapter({
      credential: async () => ({ accessKeyId: 'LTAIcause', accessKeySecret: secret, securityToken: token }),
      endpoint: oss.url,
    });
    const e = await adapter.getObject('b', 'cn-hangzhou', 'k').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CloudError);
    expect((e as CloudError).code).toBe('AccessDenied');
    expectNone(printed(e), token, secret);
  });

  test('the cause keeps the SDK error’s name, code and redacted message, and nothing else of it', () => {
    const sdk = Object.assign(new Error(`boom SecurityToken=${token}`), {
      name: 'RequestError',
      code: 'ECONNRESET',
      options: { headers: { authorization: `OSS LTAI:sig`, 'x-oss-security-token': token }, secret },
    });
    const e = new CloudError('GetObject failed', { service: 'oss', code: 'ECONNRESET', status: -1, cause: sdk });
    const cause = e.cause as Error & { code?: string; options?: unknown };
    expect([cause.name, cause.code, cause.options]).toEqual(['RequestError', 'ECONNRESET', undefined]);
    expect(cause.message).toBe('boom SecurityToken=***');
    expectNone(printed(e), token, secret);
  });
});

describe('credentials the default chain obtains later', () => {
  let server: http.Server;
  let uri: string;
  let n = 0;
  const saved = { ...process.env };
  beforeAll(async () => {
    // A credentials URI (the default chain's last provider, fetched the way the ECS role's are): a new session each
    // time it is asked, valid for less than the SDK's stale time, so every call refreshes it.
    server = http.createServer((_req, res) => {
      n += 1;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          Code: 'Success',
          AccessKeyId: 'STS.later',
          AccessKeySecret: `later-secret-${n}-0123456789`,
          SecurityToken: `CAIS+later/${n}=0123456789`,
          Expiration: new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
      );
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/creds`;
    for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_')) delete process.env[k];
    Object.assign(process.env, {
      HOME: tmpdir(),
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      ALIBABA_CLOUD_CREDENTIALS_URI: uri,
    });
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    server.close();
  });

  test('concurrent first calls all get a session (the SDK chain would hand all but one to its first provider)', async () => {
    const source = credentialSource({});
    const keys = await Promise.all([source(), source(), source()]);
    for (const k of keys) expect(k.securityToken).toMatch(/^CAIS\+later\//);
  });

  test('each new session reaches onSecret (core.setSecret in the Action) and is redacted', async () => {
    const seen: string[] = [];
    const stop = onSecret((s) => seen.push(s));
    try {
      const source = credentialSource({});
      const first = await source();
      const second = await source();
      expect(first.securityToken).toMatch(/^CAIS\+later\//);
      // The second call fetched a new session: registration happens on every fetch, not once at start.
      expect(second.securityToken).not.toBe(first.securityToken);
      const sessions = [first, second];
      for (const k of sessions) {
        expect(seen).toContain(k.accessKeySecret);
        expect(seen).toContain(k.securityToken);
        expectNone(
          redact(`token ${encodeURIComponent(k.securityToken!)} secret ${k.accessKeySecret}`),
          k.securityToken!,
        );
      }
    } finally {
      stop();
    }
  });
});
