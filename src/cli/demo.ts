/**
 * `oss-domains demo`: the guide's story, end to end, on an embedded sandbox. Bucket `abc-img` holds `logo.png`;
 * the team wants `http://img.abc.com/logo.png` served from it (and, for the CDN part, `static.abc.com` behind CDN
 * with HTTPS), then a new logo deployed to the bucket, reaching the CDN edge when its refresh does, and last a static
 * site on a CDN domain (index page, 404 page, http redirected to https). Every step runs
 * the real CLI command in-process against the sandbox and checks what a user would: exit statuses, the sandbox's call
 * log, DNS answers, and the bytes served. Exit 0 only when every check held.
 */
import { Resolver } from 'node:dns/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createRuntime, errorMessage } from '../core/index.js';
import { DEFAULT_SEED, startSandbox } from '../sandbox/index.js';
import { deployStep } from './demo-deploy.js';
import { SITE_BUCKET, siteStep } from './demo-site.js';
import type { CliIo } from './io.js';

const DEMO_FILE = `# The guide's story: img.abc.com served from bucket abc-img, plus a CDN-accelerated static.abc.com.
version: 1
owner: demo
defaults:
  region: cn-hangzhou
domains:
  - domain: img.abc.com
    bucket: abc-img
  - domain: static.abc.com
    bucket: abc-img
    cdn: true
    https:
      cert-id: "12345"
`;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Runs the demo. `main` is the CLI itself, passed in by its caller (the CLI's dispatcher) so that this module does
 * not import the dispatcher that imports it.
 */
export async function demoCommand(
  _argv: string[],
  io: CliIo,
  main: (argv: string[], io: CliIo) => Promise<number>,
): Promise<number> {
  const say = (s: string) => io.stderr.write(`${s}\n`);
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = '') => {
    checks.push({ name, ok, detail });
    say(`${ok ? '  ✓' : '  ✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  };

  const sandbox = await startSandbox({
    seed: { ...DEFAULT_SEED, buckets: [...(DEFAULT_SEED.buckets ?? []), SITE_BUCKET] },
    dnsPort: 0,
    timing: { ownershipDelayMs: 1_500, cdnOnlineDelayMs: 3_000, refreshCompleteMs: 2_000 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'oss-domains-demo-'));
  try {
    const file = join(dir, 'domains.yml');
    await writeFile(file, DEMO_FILE);
    const env = { ...io.env, ...sandbox.env, OSS_DOMAINS_OWNER: 'demo' };
    const tuning = { pollMs: 500, baseDelayMs: 250, maxDelayMs: 2_000 };
    const cli = (args: string[]) => {
      say(`\n$ oss-domains ${args.join(' ').replace(file, 'domains.yml')}`);
      const stdin = Object.assign(new PassThrough(), { isTTY: false });
      const child: CliIo = { ...io, stdin, env, cwd: dir, tuning };
      return main(args, child);
    };

    say(`Sandbox: Alibaba Cloud APIs on ${sandbox.url}, DNS on 127.0.0.1:${sandbox.dnsPort}.`);
    say(
      `Bucket abc-img (cn-hangzhou) holds logo.png, bucket abc-site is empty; zone abc.com is in the account.\n\n${DEMO_FILE}`,
    );

    sandbox.control.clearCalls();
    const planStatus = await cli(['plan', '-c', file]);
    check('plan exits 2: changes pending', planStatus === 2, `exit ${planStatus}`);
    const planWrites = sandbox.control.writeCalls().length;
    check('plan made no write call', planWrites === 0, `${planWrites} writes`);

    const applyStatus = await cli(['apply', '-c', file, '--yes']);
    check('apply succeeded', applyStatus === 0, `exit ${applyStatus}`);

    const resolver = new Resolver();
    resolver.setServers([`127.0.0.1:${sandbox.dnsPort}`]);
    const cname = await resolver.resolveCname('img.abc.com').catch(() => [] as string[]);
    check(
      'img.abc.com is a CNAME to abc-img.oss-cn-hangzhou.aliyuncs.com',
      cname.includes('abc-img.oss-cn-hangzhou.aliyuncs.com'),
      `dig @127.0.0.1 -p ${sandbox.dnsPort} img.abc.com → ${cname.join(', ') || 'no CNAME'}`,
    );
    const [address] = await resolver.resolve4('img.abc.com').catch(() => [] as string[]);
    const served = address ? await get(address, sandbox.port, 'img.abc.com', '/logo.png') : undefined;
    const original = sandbox.control.world.buckets.get('abc-img')?.objects.get('logo.png')?.body;
    check(
      "http://img.abc.com/logo.png is the bucket's logo.png",
      Boolean(served && original && served.status === 200 && served.body.equals(original)),
      served ? `HTTP ${served.status}, ${served.body.length} bytes` : 'not reachable',
    );

    sandbox.control.clearCalls();
    const again = await cli(['apply', '-c', file, '--yes']);
    const rewrites = sandbox.control.writeCalls().length;
    check('a second apply changes nothing', again === 0 && rewrites === 0, `${rewrites} write calls`);

    const clean = await cli(['drift', '-c', file]);
    check('drift check: in sync', clean === 0, `exit ${clean}`);

    say('\nSomeone edits the record by hand in the console: img.abc.com → old-server.abc.com');
    const rt = createRuntime(env);
    const record = (await rt.dns.listRecords('abc.com')).find((r) => r.rr === 'img' && r.type === 'CNAME');
    if (record)
      await rt.dns.updateRecord(record.recordId, {
        rr: 'img',
        type: 'CNAME',
        value: 'old-server.abc.com',
        ttl: record.ttl,
      });
    const drifted = await cli(['drift', '-c', file]);
    check('drift check finds the hand edit', drifted === 2, `exit ${drifted}`);
    const repaired = await cli(['apply', '-c', file, '--yes']);
    const after = await cli(['drift', '-c', file]);
    check('apply repairs it', repaired === 0 && after === 0, `apply exit ${repaired}, drift exit ${after}`);

    const refreshed = await cli(['refresh', 'https://static.abc.com/logo.png', '--wait']);
    check('CDN cache of static.abc.com/logo.png refreshed', refreshed === 0, `exit ${refreshed}`);

    await deployStep({ sandbox, dir, cli, check, say });
    await siteStep({ sandbox, dir, cli, check, say, file });
  } catch (e) {
    check('demo ran to the end', false, errorMessage(e));
  } finally {
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const failed = checks.filter((c) => !c.ok);
  say(`\n${checks.length - failed.length}/${checks.length} checks passed.`);
  return failed.length ? 1 : 0;
}

function get(host: string, port: number, hostHeader: string, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers: { host: hostHeader } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
