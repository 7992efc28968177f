/**
 * The command line itself: stray arguments are errors (never silently ignored), and `--json` gets exactly one JSON
 * document on stdout whatever goes wrong — a bad option, a missing argument, a cancelled apply.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runAtTerminal, runCli } from './run.js';

let sb: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sb = await startSandbox({ seed: 'default' });
  env = { PATH: process.env.PATH, ...sb.env };
  dir = await mkdtemp(join(tmpdir(), 'oss-domains-usage-'));
  await writeFile(
    join(dir, 'domains.yml'),
    'version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou }\n',
  );
  await writeFile(join(dir, 'prod.yml'), 'version: 1\ndomains: []\n');
});
afterAll(() => sb.stop());

describe('arguments', () => {
  it('apply FILE without -c is refused, says how to name the file, and touches nothing', async () => {
    sb.control.clearCalls();
    const r = await runCli(['apply', 'prod.yml', '--yes'], env, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unexpected argument "prod.yml" (to read that file: -c prod.yml)');
    expect(r.stderr).toContain('usage: oss-domains apply');
    expect(sb.control.calls()).toEqual([]);
    expect(sb.world.buckets.get('abc-img')!.cnames.size).toBe(0);
  });

  it('every command that takes no argument refuses one; bind and unbind refuse the wrong count', async () => {
    for (const args of [
      ['validate', 'x'],
      ['plan', 'domains.yml'],
      ['drift', 'a', 'b'],
      ['policy', 'x'],
      ['bind', 'img.abc.com'],
      ['bind', 'img.abc.com', 'abc-img', 'extra'],
      ['unbind'],
      ['unbind', 'a.abc.com', 'b.abc.com'],
      ['refresh'],
    ]) {
      const r = await runCli(args, env, dir);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/unexpected argument|needs (at least )?\d argument/);
    }
    expect(sb.control.calls()).toEqual([]);
  });
});

describe('--json is one JSON document on stdout, even on errors', () => {
  const cases = [
    ['plan', '--json', '--bogus'],
    ['plan', 'extra', '--json'],
    ['apply', '--jsn', '--json'],
    ['bind', '--json'],
    ['unbind', '--json'],
    ['refresh', '--json'],
    ['status', '--json', '--region', 'x'],
    ['frobnicate', '--json'],
  ];
  for (const args of cases) {
    it(args.join(' '), async () => {
      const r = await runCli(args, env, dir);
      expect(r.status).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ ok: false, error: { code: 'UsageError' } });
      expect(doc.error.message.length).toBeGreaterThan(0);
      expect(r.stderr).toContain(doc.error.message);
    });
  }

  it('policy accepts --json (its output is JSON already)', async () => {
    const r = await runCli(['policy', '--json'], env, dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).Version).toBe('1');
  });

  it('an apply cancelled at the prompt still prints its JSON document', async () => {
    sb.control.clearCalls();
    const r = await runAtTerminal(['apply', '--json'], env, dir, 'no');
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, cancelled: true, results: [] });
    expect(doc.plan.domains[0].domain).toBe('img.abc.com');
    expect(sb.control.writeCalls()).toEqual([]);
  });
});

describe('the report after apply', () => {
  it('says why a domain could not be resolved, instead of blaming propagation', async () => {
    const other = await mkdtemp(join(tmpdir(), 'oss-domains-resolver-'));
    await writeFile(
      join(other, 'domains.yml'),
      'version: 1\ndomains:\n  - { domain: res.abc.com, bucket: abc-img, region: cn-hangzhou }\n',
    );
    // Port 9 (discard) answers no DNS: the resolver is refused at once.
    const r = await runCli(['apply', '--yes'], { ...env, OSS_DOMAINS_RESOLVER: '127.0.0.1:9' }, other);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /✗ res\.abc\.com could not be resolved \(expected abc-img\.oss-cn-hangzhou\.aliyuncs\.com\): .*ECONNREFUSED/,
    );
    expect(r.stdout).not.toContain('propagating');
  });
});

it('status refuses a name that is not a domain, before any call', async () => {
  sb.control.clearCalls();
  const r = await runCli(['status', 'img.abc.com', 'x y', '--json'], env, dir);
  expect(r.status).toBe(1);
  expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'InvalidDomainName', message: '"x y" contains a blank' });
  expect(sb.control.calls()).toEqual([]);
});

it('end of input at the prompt (Ctrl-D) cancels, exit 1, nothing changed', async () => {
  sb.control.clearCalls();
  const r = await runAtTerminal(['apply'], env, dir, '', undefined, true);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('Cancelled; nothing was changed.');
  expect(sb.control.writeCalls()).toEqual([]);
});
