/**
 * How the installed command starts (src/cli/launch.ts): the bundle while it is current, the compiled modules as soon
 * as anything it was built from changed, and a V8 code cache that can never serve another bundle's code. Each case
 * runs `node bin/oss-domains.js` in a copy of the package (bin/, build/, package.json, node_modules linked), so the
 * files it changes are its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../src/cli/launch.js';

const ROOT = resolve('.');
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const copies: string[] = [];

function copyPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-launch-'));
  copies.push(dir);
  for (const part of ['bin', 'build', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Copying changed every file's modification time: build the bundle again from the copy, as `npm run build:ts`
  // would, so the copy starts current.
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs'), '--root', dir]);
  return dir;
}

function run(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(dir, 'bin/oss-domains.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, OSS_DOMAINS_LAUNCH: 'trace', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'build/cli/manifest.json'), 'utf8')) as BundleManifest;
const caches = (dir: string) =>
  existsSync(join(dir, 'build/cli/cache')) ? readdirSync(join(dir, 'build/cli/cache')).sort() : [];

afterEach(() => {
  for (const d of copies.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the installed command', () => {
  it('runs the bundle built by the test setup (as npm run build:ts builds it), and it answers like the modules', () => {
    const bundled = run(ROOT, ['--help']);
    expect(bundled.stderr).toContain('running the bundle build/cli/oss-domains.cjs');
    const modules = run(ROOT, ['--help'], { OSS_DOMAINS_LAUNCH: 'modules' });
    expect(modules.stdout).toBe(bundled.stdout);
    // src/cli/version.ts finds package.json from the bundle's location too.
    expect(run(ROOT, ['--version']).stdout).toBe(`${VERSION}\n`);
  });

  it('bundles ASCII only, as the launcher reads it as Latin-1', () => {
    const bytes = readFileSync(join(ROOT, 'build/cli/oss-domains.cjs'));
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(bytes.findIndex((b) => b > 127)).toBe(-1);
  });

  it('runs the compiled modules once one of them changed, and says which', () => {
    const dir = copyPackage();
    expect(run(dir, ['--help']).stderr).toContain('running the bundle');
    const main = join(dir, 'build/src/cli/main.js');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Commands:', 'Edited commands:'));
    const r = run(dir, ['--help']);
    expect(r.stderr).toContain(
      'running the compiled modules: build/src/cli/main.js changed since the bundle was built',
    );
    expect(r.stdout).toContain('Edited commands:');
  });

  it('treats a dependency whose package.json changed (an npm install) as a change', () => {
    const dir = copyPackage();
    const m = manifestOf(dir);
    const dep = m.inputs.find(([p]) => p.startsWith('node_modules/@alicloud/alidns20150109/'));
    expect(dep?.[0]).toBe('node_modules/@alicloud/alidns20150109/package.json');
    // As if the package bundled had been another version: another time and content, the same size.
    dep![2] -= 1000;
    dep![3] = '0'.repeat(40);
    writeFileSync(join(dir, 'build/cli/manifest.json'), JSON.stringify(m));
    expect(run(dir, ['--version']).stderr).toContain(
      'running the compiled modules: node_modules/@alicloud/alidns20150109/package.json changed',
    );
  });

  it('runs the modules when the bundle is missing or not the one the manifest describes', () => {
    const dir = copyPackage();
    const bundle = join(dir, 'build/cli/oss-domains.cjs');
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n`);
    expect(run(dir, ['--version']).stderr).toContain('oss-domains.cjs is missing or was changed');
    rmSync(join(dir, 'build/cli'), { recursive: true });
    const r = run(dir, ['--version']);
    expect(r.stderr).toContain('no bundle (run npm run build:ts)');
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('keeps a code cache per bundle and Node version, and writes again one V8 refuses', () => {
    const dir = copyPackage();
    rmSync(join(dir, 'build/cli/cache'), { recursive: true, force: true });
    expect(run(dir, ['--version']).status).toBe(0);
    const sha = manifestOf(dir).bundle.sha256.slice(0, 16);
    const name = `${sha}-${process.version}-${process.arch}.v8`;
    expect(caches(dir)).toEqual([name]);
    const file = join(dir, 'build/cli/cache', name);
    const good = statSync(file).size;
    writeFileSync(file, Buffer.alloc(64, 7)); // not a cache V8 accepts
    const r = run(dir, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Commands:');
    expect(statSync(file).size).toBeGreaterThan(good / 2);
  });

  it('never serves a cache made for another bundle of the same length (V8 compares only lengths)', () => {
    const dir = copyPackage();
    expect(run(dir, ['--help']).stdout).toContain('Commands:');
    const before = caches(dir);
    expect(before).toHaveLength(1);
    // A rebuild that changes one word and not the length, as scripts/bundle-cli.mjs would record it.
    const bundle = join(dir, 'build/cli/oss-domains.cjs');
    const edited = readFileSync(bundle, 'utf8').replace('Commands:', 'Commandz:');
    writeFileSync(bundle, edited);
    const m = manifestOf(dir);
    const bytes = readFileSync(bundle);
    expect(bytes.length).toBe(m.bundle.size);
    m.bundle.sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(dir, 'build/cli/manifest.json'), JSON.stringify(m));
    const r = run(dir, ['--help']);
    expect(r.stderr).toContain('running the bundle');
    expect(r.stdout).toContain('Commandz:');
    // The old bundle's cache is gone, the new one's is written.
    expect(caches(dir)).toEqual([`${m.bundle.sha256.slice(0, 16)}-${process.version}-${process.arch}.v8`]);
  });

  it("still runs the bundle when files' times changed but not their content (tsc rewrote them; npm's tarball)", () => {
    const dir = copyPackage();
    // npm pack gives every file of a package the same fixed time (1985-10-26).
    const fixed = new Date('1985-10-26T08:15:00Z');
    for (const [path] of manifestOf(dir).inputs) {
      if (path.startsWith('build/')) utimesSync(join(dir, path), fixed, fixed);
    }
    expect(run(dir, ['--version']).stderr).toContain('running the bundle');
    // The same length, another content, another time: that is a change.
    const names = join(dir, 'build/src/core/names.js');
    writeFileSync(names, readFileSync(names, 'utf8').replace('aliyuncs.com', 'aliyuncs.net'));
    expect(run(dir, ['--version']).stderr).toContain('build/src/core/names.js changed since the bundle was built');
  });
});
