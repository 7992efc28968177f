/**
 * `oss-domains sandbox`: with --print-env, stdout holds only `export` lines a shell can source (and they point at a
 * live sandbox); the banner goes to stderr; SIGTERM stops it with status 0; bad options and seeds are errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { sandboxCommand } from '../../src/sandbox/cli.js';
import { rawRequest } from '../support/oss-sandbox.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const abort = new AbortController();
  return {
    io: { stdout, stderr, signal: abort.signal },
    out: () => out,
    err: () => err,
    stop: () => abort.abort(),
  };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('timed out waiting for the sandbox command');
};

/** `export A=b` lines → { A: 'b' } (the values the CLI prints need no unquoting). */
const parseExports = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((l) => /^export ([A-Z_]+)=(.*)$/.exec(l)!)
      .map((m) => [m[1], m[2]]),
  );

describe('sandboxCommand', () => {
  test('--print-env prints only the export lines on stdout, keeps running, and they reach the sandbox', async () => {
    const t = io();
    const done = sandboxCommand(['--print-env', '--dns-port', 'off'], t.io);
    await until(() => t.out().includes('OSS_DOMAINS_CDN_ENDPOINT'));
    const lines = t.out().trim().split('\n');
    expect(lines.every((l) => /^export [A-Z_]+=\S+$/.test(l))).toBe(true);
    const env = parseExports(t.out());
    expect(Object.keys(env).sort()).toEqual([
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'OSS_DOMAINS_CDN_ENDPOINT',
      'OSS_DOMAINS_DNS_ENDPOINT',
      'OSS_DOMAINS_OSS_ENDPOINT',
    ]);
    expect((await rawRequest(env.OSS_DOMAINS_OSS_ENDPOINT!, { path: '/abc-img/logo.png' })).status).toBe(200);
    // Still only the env on stdout: --print-env keeps the access log off it.
    expect(t.out().trim().split('\n')).toHaveLength(5);
    expect(t.err()).toContain("curl -sS -H 'Host: img.abc.com'");
    t.stop();
    expect(await done).toBe(0);
    await expect(rawRequest(env.OSS_DOMAINS_OSS_ENDPOINT!, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('without --print-env, stdout also carries a live log of the API calls', async () => {
    const t = io();
    const done = sandboxCommand(['--dns-port', '0'], t.io);
    await until(() => t.out().includes('OSS_DOMAINS_RESOLVER'));
    const env = parseExports(t.out());
    expect(t.err()).toMatch(/dig @127\.0\.0\.1 -p \d+ img\.abc\.com/);
    await rawRequest(env.OSS_DOMAINS_OSS_ENDPOINT!, { path: '/logo.png', headers: { host: 'img.abc.com' } });
    // Unbound, the host names no bucket: OSS reads the path's first segment as one (aliyun-api.md §1.10).
    await until(() => t.out().includes('NoSuchBucket'));
    expect(t.out()).toMatch(/^\d\d:\d\d:\d\d oss ListObjects logo\.png → 404 NoSuchBucket$/m);
    t.stop();
    expect(await done).toBe(0);
  });

  test('bad options and invalid seeds exit 1 with the reason on stderr', async () => {
    const bad = io();
    expect(await sandboxCommand(['--prot', '1'], bad.io)).toBe(1);
    expect(bad.err()).toContain('unknown option "--prot"');
    expect(bad.err()).toContain('usage: oss-domains sandbox');
    const port = io();
    expect(await sandboxCommand(['--port', 'eighty'], port.io)).toBe(1);

    const file = join(mkdtempSync(join(tmpdir(), 'cli-')), 'bad.yml');
    writeFileSync(file, 'buckets:\n  - name: abc-img\n    acl: open\n    region: cn-hangzhou\n');
    const seed = io();
    expect(await sandboxCommand(['--seed', file, '--dns-port', 'off'], seed.io)).toBe(1);
    expect(seed.err()).toContain(`${file}:3:10: buckets[0].acl: invalid value "open"`);
    expect(seed.out()).toBe('');
  });

  test('--qps documented throttles as Alibaba Cloud does; a bad --qps file exits 1 naming the entry', async () => {
    const t = io();
    const done = sandboxCommand(['--print-env', '--dns-port', 'off', '--qps', 'documented'], t.io);
    await until(() => t.out().includes('OSS_DOMAINS_CDN_ENDPOINT'));
    expect(t.err()).toContain("rate limits: Alibaba Cloud's documented account limits");
    t.stop();
    expect(await done).toBe(0);

    const file = join(mkdtempSync(join(tmpdir(), 'cli-')), 'qps.json');
    writeFileSync(file, '{"AddDomainRecords": 5}');
    const bad = io();
    expect(await sandboxCommand(['--qps', file, '--dns-port', 'off'], bad.io)).toBe(1);
    expect(bad.err()).toContain(`--qps: ${file}: "AddDomainRecords" is not an operation the sandbox answers`);
    const none = io();
    expect(await sandboxCommand(['--qps'], none.io)).toBe(1);
    expect(none.err()).toContain('--qps needs "documented" or a JSON file');
  });

  test('--policy FILE: the banner names it, and a bad policy exits 1 with each problem located', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const good = join(dir, 'policy.json');
    writeFileSync(
      good,
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:*', Resource: '*' }] }),
    );
    const t = io();
    const done = sandboxCommand(['--print-env', '--dns-port', 'off', '--policy', good], t.io);
    await until(() => t.out().includes('OSS_DOMAINS_CDN_ENDPOINT'));
    expect(t.err()).toContain(`RAM policy: ${good} (every signed call must be allowed by it)`);
    t.stop();
    expect(await done).toBe(0);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*"}]}');
    const b = io();
    expect(await sandboxCommand(['--policy', bad, '--dns-port', 'off'], b.io)).toBe(1);
    expect(b.err()).toContain(
      `--policy: the policy cannot be used:\n  ${bad}:1:32: Statement.0: needs exactly one of Resource and NotResource`,
    );
  });

  test('as a process: prints the env, then stops on SIGTERM with status 0', async () => {
    const script =
      "import { sandboxCommand } from './build/src/sandbox/cli.js';" +
      'process.exitCode = await sandboxCommand(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr });';
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, '--', '--print-env', '--dns-port', 'off'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => out.includes('OSS_DOMAINS_CDN_ENDPOINT'));
    expect(out).toMatch(/^export ALIBABA_CLOUD_ACCESS_KEY_ID=\S+$/m);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
