/**
 * Issue 13, finding 4: OSS binds at most 100 custom domains to a bucket by default. A plan that would take a bucket
 * past that says so — a warning, not a conflict — and each front-end shows it: the CLI's plan, the Action's PR
 * comment, the bot's plan message. Against the sandbox through the real adapters.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { planMessage } from '../../bot/render/plan.js';
import { commentBody, planDoc } from '../../src/action/report/index.js';
import { main } from '../../src/cli/main.js';
import { desiredFromBind, plan } from '../../src/core/index.js';
import type { SeedSpec } from '../../src/sandbox/index.js';
import { type EngineSandbox, engineSandbox, entry, file } from '../support/engine-sandbox.js';

let env: EngineSandbox | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

/** abc-img already holds `bound` domains (old-N.abc.com); abc-new holds none. */
const seed = (bound: number): SeedSpec => ({
  zones: [{ name: 'abc.com' }],
  buckets: [
    {
      name: 'abc-img',
      region: 'cn-hangzhou',
      cnames: Array.from({ length: bound }, (_, i) => ({ domain: `old-${i}.abc.com` })),
    },
    { name: 'abc-new', region: 'cn-hangzhou' },
  ],
});

const newDomains = (n: number, bucket = 'abc-img') =>
  Array.from({ length: n }, (_, i) => entry(`new-${i}.abc.com`, bucket)).join('');

const LIMIT =
  /bucket abc-img would hold 101 custom domains \(98 bound now, 3 to bind\), more than the 100 OSS allows per bucket by default/;

describe('more than 100 domains on one bucket', () => {
  it('98 bound + 3 to bind: one warning naming the bucket, the counts and what to do; the plan still runs', async () => {
    env = await engineSandbox({ seed: seed(98) });
    const p = await plan(env.rt, file(newDomains(3) + newDomains(1, 'abc-new').replace('new-0', 'other')));
    const w = p.warnings.filter((x) => x.code === 'bucket-domain-limit');
    expect(w).toHaveLength(1);
    expect(w[0]!.domain).toBe('abc-img');
    expect(w[0]!.message).toMatch(LIMIT);
    expect(w[0]!.message).toMatch(/spread the domains over more buckets, or have the quota raised/);
    // A warning, not a conflict: the domains are planned as usual.
    expect(p.domains.every((d) => d.conflicts.length === 0 && d.steps.some((s) => s.kind === 'bind'))).toBe(true);
  });

  it('98 bound + 2 to bind is exactly 100: no warning', async () => {
    env = await engineSandbox({ seed: seed(98) });
    const p = await plan(env.rt, file(newDomains(2)));
    expect(p.warnings.filter((x) => x.code === 'bucket-domain-limit')).toEqual([]);
  });

  it('a bucket already past the limit, to which the plan binds nothing, gets no warning', async () => {
    env = await engineSandbox({ seed: seed(101) });
    const p = await plan(env.rt, file(newDomains(1, 'abc-new')));
    expect(p.warnings.filter((x) => x.code === 'bucket-domain-limit')).toEqual([]);
  });

  it('the CLI plan, the PR comment and the bot plan message show it', async () => {
    env = await engineSandbox({ seed: seed(98) });
    const p = await plan(env.rt, file(newDomains(3)));

    let out = '';
    let err = '';
    const text = `version: 1\nowner: web\ndefaults:\n  region: cn-hangzhou\ndomains:\n${newDomains(3)}`;
    const dir = await mkdtemp(join(tmpdir(), 'capacity-'));
    await writeFile(join(dir, 'domains.yml'), text);
    const status = await main(['plan'], {
      stdout: new PassThrough().on('data', (c) => {
        out += c;
      }),
      stderr: new PassThrough().on('data', (c) => {
        err += c;
      }),
      stdin: Object.assign(new PassThrough(), { isTTY: false }),
      env: { ...env.sb.env, HOME: dir },
      cwd: dir,
    });
    expect(status, err).toBe(2);
    expect(out).toMatch(LIMIT);

    const comment = commentBody(
      planDoc(p, (pos) => `domains.yml:${pos.line}:${pos.column}`),
      'https://github.example/r/1',
    );
    expect(comment).toMatch(LIMIT);

    const message = planMessage({
      plan: p,
      args: { cmd: 'bind', domain: 'new-0.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', cdn: false },
      requester: 'U1',
      buttonValue: 'v',
      expires: Date.now() + 60_000,
    });
    expect(JSON.stringify(message)).toMatch(LIMIT);
  });

  it('/oss bind onto a bucket that holds 100 already is warned about', async () => {
    env = await engineSandbox({ seed: seed(100) });
    const p = await plan(
      env.rt,
      await desiredFromBind(env.rt, { domain: 'img.abc.com', bucket: 'abc-img', owner: 'web' }),
    );
    expect(p.warnings.filter((x) => x.code === 'bucket-domain-limit').map((x) => x.message)).toEqual([
      expect.stringMatching(/bucket abc-img would hold 101 custom domains \(100 bound now, 1 to bind\)/),
    ]);
  });
});
