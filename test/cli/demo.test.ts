/**
 * `oss-domains demo` (`npm run demo`, the README's first command): the guide's story on an embedded sandbox, ending
 * with a static site on a CDN domain, every check holding, exit 0. It waits on the sandbox's own clocks (ownership,
 * CDN rollout, refresh), so it takes seconds.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './run.js';

it('tells the story end to end and exits 0 with every check passed', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'oss-domains-demo-test-'));
  const r = await runCli(['demo'], { PATH: process.env.PATH }, cwd);
  expect(r.stderr).not.toMatch(/^ {2}✗ /m);
  expect(r.stderr).toContain('21/21 checks passed.');
  expect(r.stderr).toContain("✓ http://img.abc.com/logo.png is the bucket's logo.png");
  expect(r.stderr).toContain('✓ static.abc.com still serves the old logo from the CDN edge');
  expect(r.stderr).toContain('✓ once the refresh is complete, static.abc.com serves the new logo');
  // Issue 15: the story ends with a static site on a CDN domain.
  expect(r.stderr).toContain('✓ https://site.abc.com/ opens index.html in the browser');
  expect(r.stderr).toContain('✓ https://site.abc.com/no-such-page.html gets the 404 page');
  expect(r.stderr).toContain('✓ http://site.abc.com/ redirects to https');
  expect(r.status).toBe(0);
});
