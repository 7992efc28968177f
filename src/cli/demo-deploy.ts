/**
 * The demo's deploy step: the team changes logo.png in its site directory. The CDN domain keeps serving the old logo
 * from its edge; `deploy --dry-run` says what would change (exit 2, nothing written); `deploy` uploads only the logo
 * and refreshes exactly its URL; the edge still serves the old logo while the refresh task runs and the new one once
 * it completes; a second deploy finds nothing to do and writes nothing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/index.js';

/** A different, valid PNG (1×1): the new logo. */
const NEW_LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface DemoStep {
  sandbox: Sandbox;
  /** A scratch directory of the demo. */
  dir: string;
  cli(args: string[]): Promise<number>;
  check(name: string, ok: boolean, detail?: string): void;
  say(text: string): void;
}

/** GET through the sandbox's front with `host` as the Host header: a browser on the CDN domain's edge. */
function edgeGet(sandbox: Sandbox, host: string, path: string): Promise<{ body: Buffer; cache: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: sandbox.host, port: sandbox.port, path, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), cache: String(res.headers['x-cache'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function deployStep(s: DemoStep): Promise<void> {
  const site = join(s.dir, 'site');
  await mkdir(site, { recursive: true });
  const oldLogo = s.sandbox.world.buckets.get('abc-img')!.objects.get('logo.png')!.body;
  await writeFile(join(site, 'logo.png'), oldLogo);
  const logo = () => edgeGet(s.sandbox, 'static.abc.com', '/logo.png');
  const served = (await logo()).body;
  s.say('\nThe team keeps its site in ./site and changes the logo:');
  await writeFile(join(site, 'logo.png'), NEW_LOGO);
  const before = await logo();
  s.check(
    'static.abc.com still serves the old logo from the CDN edge',
    before.body.equals(served) && before.cache.startsWith('HIT'),
    `x-cache: ${before.cache}`,
  );

  const bucket = ['--bucket', 'abc-img@cn-hangzhou'];
  const writes = () => s.sandbox.control.writeCalls().length;
  s.sandbox.control.clearCalls();
  const dry = await s.cli(['deploy', site, ...bucket, '--dry-run']);
  s.check('deploy --dry-run exits 2 (changes pending) and writes nothing', dry === 2 && writes() === 0, `exit ${dry}`);

  const tasksBefore = s.sandbox.world.refreshTasks.length;
  const deployed = await s.cli(['deploy', site, ...bucket]);
  const puts = s.sandbox.control.calls({ action: 'PutObject' }).length;
  const refreshed = s.sandbox.world.refreshTasks.slice(tasksBefore).map((t) => t.objectPath);
  s.check(
    'deploy uploaded only the logo (and its refresh journal) and refreshed exactly its URL',
    deployed === 0 && puts === 2 && refreshed.join() === 'https://static.abc.com/logo.png',
    `exit ${deployed}, ${puts} PutObject calls, refreshed ${refreshed.join(', ') || 'nothing'}`,
  );
  const during = await logo();
  s.check('while the refresh runs, the edge still serves the old logo', during.body.equals(served));
  await new Promise((r) => setTimeout(r, s.sandbox.world.timing.refreshCompleteMs + 200));
  const after = await logo();
  s.check(
    'once the refresh is complete, static.abc.com serves the new logo',
    after.body.equals(await readFile(join(site, 'logo.png'))) && after.cache.startsWith('MISS'),
    `x-cache: ${after.cache}`,
  );

  s.sandbox.control.clearCalls();
  const again = await s.cli(['deploy', site, ...bucket]);
  s.check(
    'a second deploy finds nothing to do and writes nothing',
    again === 0 && writes() === 0,
    `${writes()} writes`,
  );
}
