/**
 * The Action's `deploy`, run from the built bundle as a workflow step runs it: `source` is uploaded to `bucket`
 * under `prefix`, the job summary reports the files and the refresh (keys escaped), `changes` counts the files
 * uploaded or deleted, a re-run changes nothing, and `source` outside the workspace or missing inputs fail the step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_SEED } from '../support/deploy-site.js';
import { runAction, workspace } from './harness.js';
import { useWorld } from './world.js';

const BUCKET = 'site-bucket';

function siteIn(cwd: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(cwd, 'dist', path, '..'), { recursive: true });
    writeFileSync(join(cwd, 'dist', path), text);
  }
}

describe('deploy', () => {
  const w = useWorld(DEPLOY_SEED);

  it('uploads source under the prefix, reports it in the job summary, and a re-run writes nothing', async () => {
    const cwd = workspace();
    siteIn(cwd, { 'index.html': 'home', 'a|b *bold*.txt': 'x', 'old.txt': 'o' });
    const inputs = { command: 'deploy', source: 'dist', bucket: `${BUCKET}@cn-hangzhou`, prefix: 'site' };
    const first = await runAction({ cwd, inputs, env: w.env() });
    expect(first.status, first.stderr + first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ 'has-changes': 'true', changes: '3' });
    const objects = w.sb.world.buckets.get(BUCKET)!.objects;
    expect(objects.has('site/index.html') && objects.has('site/a|b *bold*.txt')).toBe(true);
    expect(first.summary).toContain('### oss-domains deploy');
    expect(first.summary).toMatch(/\*\*3 files uploaded, 0 objects deleted\*\*/);
    expect(first.summary).toContain('a\\|b \\*bold\\*.txt');
    expect(first.summary).toContain('- `https://www.abc.com/site/`\n');
    expect(first.summary).toContain('- `https://www.abc.com/site/a|b%20*bold*.txt`');

    w.sb.control.clearCalls();
    const again = await runAction({ cwd, inputs, env: w.env() });
    expect(again.status).toBe(0);
    expect(again.outputs).toMatchObject({ 'has-changes': 'false', changes: '0' });
    expect(w.sb.control.writeCalls()).toEqual([]);

    writeFileSync(join(cwd, 'dist', 'index.html'), 'home 2');
    const withDelete = await runAction({
      cwd,
      inputs: { ...inputs, delete: 'true', 'cache-control': '# HTML is short-lived here\n*.html=max-age=60' },
      env: w.env(),
    });
    // old.txt is still in dist: nothing to delete yet; index.html changed.
    expect(withDelete.outputs.changes).toBe('1');
    expect(objects.get('site/index.html')!.headers?.['cache-control']).toBe('max-age=60');
  });

  it('fails the step, naming the input, when source leaves the workspace or an input is missing', async () => {
    const cwd = workspace();
    const outside = await runAction({
      cwd,
      inputs: { command: 'deploy', source: '../elsewhere', bucket: BUCKET },
      env: w.env(),
    });
    expect(outside.status).toBe(1);
    expect(outside.stdout).toMatch(/Input "source" is "\.\.\/elsewhere", which is outside the workspace/);
    const missing = await runAction({ cwd, inputs: { command: 'deploy', source: 'dist' }, env: w.env() });
    expect(missing.stdout).toMatch(/"deploy" needs "bucket"/);
    const noDir = await runAction({ cwd, inputs: { command: 'deploy', source: 'dist', bucket: BUCKET }, env: w.env() });
    expect(noDir.status).toBe(1);
    expect(noDir.summary).toMatch(/DirectoryNotFound/);
    expect(w.sb.control.calls()).toEqual([]);
  });
});
