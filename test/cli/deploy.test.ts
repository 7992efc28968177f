/**
 * `oss-domains deploy` as users run it: the exit statuses of the contract (0 done or nothing to do, 2 a dry run with
 * changes, 1 an error), one JSON document with --json, a missing DIR refused before any call, repeated
 * --cache-control rules, the deploy's RAM policy — and the installed binary killed half-way (SIGKILL), whose next run
 * finishes the deploy, refresh included.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startCli } from '../reliability/cli-process.js';
import { BUCKET, type DeployWorld, deployWorld, type Site, site } from '../support/deploy-site.js';
import { runCli } from './run.js';

let w: DeployWorld;
let s: Site;
beforeEach(async () => {
  w = await deployWorld();
  s = await site({ 'index.html': 'home', 'a/index.html': 'a', 'logo.png': 'v1' });
});
afterEach(async () => {
  await w.stop();
  await s.remove();
});

const cli = (args: string[]) =>
  runCli(['deploy', s.dir, '--bucket', `${BUCKET}@cn-hangzhou`, ...args], { ...w.sb.env }, s.dir);
const objects = () => w.sb.world.buckets.get(BUCKET)!.objects;

describe('oss-domains deploy', () => {
  test('exit 0 and a report of what was uploaded and refreshed; again, exit 0 and no write', async () => {
    const first = await cli([]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/3 files: 3 uploaded \(3 new, 0 changed/);
    expect(first.stdout).toContain('↑ a/index.html  (new; text/html; charset=utf-8; Cache-Control: no-cache)');
    expect(first.stdout).toMatch(/Refresh: refreshed \d+ URLs:/);
    w.sb.control.clearCalls();
    const again = await cli([]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Refresh: none (nothing changed).');
    expect(w.writes()).toEqual([]);
  });

  test('--dry-run exits 2 with changes pending and writes nothing; 0 when there are none', async () => {
    await cli([]);
    await s.write({ 'logo.png': 'v2' });
    w.sb.control.clearCalls();
    const dry = await cli(['--dry-run', '--json']);
    expect(dry.status).toBe(2);
    const doc = JSON.parse(dry.stdout);
    expect(doc).toMatchObject({
      ok: true,
      dryRun: true,
      changes: 1,
      uploads: [{ key: 'logo.png', reason: 'changed' }],
    });
    expect(doc.refresh.targets).toEqual(['http://cdn.abc.com/logo.png', 'https://www.abc.com/logo.png']);
    expect(dry.stderr).toContain('Dry run: nothing was written.');
    expect(w.writes()).toEqual([]);
    expect(objects().get('logo.png')!.body.toString()).toBe('v1');
    await s.write({ 'logo.png': 'v1' });
    expect((await cli(['--dry-run'])).status).toBe(0);
  });

  test('a missing DIR is a clear error, exit 1, before any call; --json says so in its one document', async () => {
    const r = await runCli(['deploy', 'dist', '--bucket', BUCKET, '--json'], { ...w.sb.env }, s.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DirectoryNotFound: .*dist does not exist/);
    expect(r.stderr).toMatch(/build the site first/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'DirectoryNotFound', service: 'local' } });
    expect(w.calls()).toEqual([]);
  });

  test('--bucket is required and checked; a stray argument is refused', async () => {
    expect((await runCli(['deploy', s.dir], { ...w.sb.env }, s.dir)).stderr).toMatch(/deploy needs --bucket/);
    expect((await runCli(['deploy', s.dir, '--bucket', 'Bad_Name'], { ...w.sb.env }, s.dir)).status).toBe(1);
    expect((await runCli(['deploy', s.dir, 'extra', '--bucket', BUCKET], { ...w.sb.env }, s.dir)).stderr).toMatch(
      /unexpected argument "extra"/,
    );
    expect(w.calls()).toEqual([]);
  });

  test('--cache-control may be repeated; the first matching glob wins', async () => {
    const r = await cli(['--cache-control', '*.png=max-age=60', '--cache-control', '*=max-age=1', '--no-refresh']);
    expect(r.status, r.stderr).toBe(0);
    expect(objects().get('logo.png')!.headers?.['cache-control']).toBe('max-age=60');
    expect(objects().get('index.html')!.headers?.['cache-control']).toBe('max-age=1');
  });

  test('policy --deploy prints the policy a deploy to that bucket and prefix needs', async () => {
    const r = await runCli(['policy', '--deploy', BUCKET, '--prefix', 'site'], {}, s.dir);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.Statement[0]).toMatchObject({
      Action: ['oss:ListObjects'],
      Resource: [`acs:oss:*:*:${BUCKET}`],
      Condition: { StringLike: { 'oss:Prefix': ['site/*'] } },
    });
    expect(doc.Statement[1].Resource).toEqual([`acs:oss:*:*:${BUCKET}/site/*`]);
  });
});

describe('the installed binary killed half-way through a deploy', () => {
  test('the next run uploads the rest and refreshes every changed URL, then a third finds nothing to do', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`pages/p${i}.html`, `v1 ${i}`]));
    await s.write(files);
    expect((await cli([])).status).toBe(0);
    await s.write(Object.fromEntries(Object.keys(files).map((k) => [k, `v2 ${k}`])));
    w.sb.world.refreshTasks.length = 0;

    w.sb.control.setFaults({ latencyMs: 20 });
    const child = startCli(w.sb, ['deploy', s.dir, '--bucket', `${BUCKET}@cn-hangzhou`], s.dir);
    let puts = 0;
    const off = w.sb.control.onCall((c) => {
      if (c.action === 'PutObject' && ++puts === 10) child.child.kill('SIGKILL');
    });
    const killed = await child.done;
    off();
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    w.sb.control.clearFaults();
    const changedSoFar = Object.keys(files).filter((k) => objects().get(k)!.body.toString().startsWith('v2'));
    expect(changedSoFar.length).toBeGreaterThan(0);
    expect(changedSoFar.length).toBeLessThan(40);
    expect(w.sb.world.refreshTasks, 'the killed run refreshed nothing').toEqual([]);

    const again = await cli(['--json']);
    expect(again.status, again.stderr).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.uploads).toHaveLength(40 - changedSoFar.length);
    const refreshed = w.sb.world.refreshTasks.filter((t) => t.domain === 'www.abc.com').map((t) => t.objectPath);
    expect(refreshed.sort()).toEqual(
      Object.keys(files)
        .map((k) => `https://www.abc.com/${k}`)
        .sort(),
    );
    expect([...objects().keys()].filter((k) => k.startsWith('.oss-domains-deploy/'))).toEqual([]);

    w.sb.control.clearCalls();
    expect((await cli([])).status).toBe(0);
    expect(w.writes()).toEqual([]);
  });
});
