/**
 * The Action drops exactly Node 24's url.parse() deprecation (DEP0169), which its bundled ali-oss triggers on every
 * run; every other warning still reaches the log. (On Node 24 the bundle e2e tests also assert an empty stderr.)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = (body: string) => `
  const { silenceDeprecations } = await import(${JSON.stringify(resolve('build/src/action/warnings.js'))});
  ${body}`;

function run(body: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(body)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(r.status).toBe(0);
  return r.stderr;
}

describe('silenceDeprecations', () => {
  it('drops DEP0169 in each form Node emits it, and nothing else', () => {
    const stderr = run(`
      silenceDeprecations();
      process.emitWarning('url.parse() behavior is not standardized', 'DeprecationWarning', 'DEP0169');
      process.emitWarning('url.parse() again', { type: 'DeprecationWarning', code: 'DEP0169' });
      const e = new Error('as an error object'); e.name = 'DeprecationWarning'; e.code = 'DEP0169';
      process.emitWarning(e);
      process.emitWarning('another deprecation', 'DeprecationWarning', 'DEP0005');
      process.emitWarning('a plain warning');
      await new Promise((r) => setTimeout(r, 10));`);
    expect(stderr).not.toContain('DEP0169');
    expect(stderr).not.toContain('url.parse');
    expect(stderr).toContain('[DEP0005] DeprecationWarning: another deprecation');
    expect(stderr).toContain('Warning: a plain warning');
  });

  it('prints DEP0169 without it (the check above can fail), and restores the original when asked', () => {
    const stderr = run(`
      const restore = silenceDeprecations();
      restore();
      process.emitWarning('url.parse() behavior is not standardized', 'DeprecationWarning', 'DEP0169');
      await new Promise((r) => setTimeout(r, 10));`);
    expect(stderr).toContain('[DEP0169] DeprecationWarning: url.parse()');
  });
});
