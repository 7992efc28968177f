#!/usr/bin/env node
/**
 * Bundles the compiled CLI (build/src/cli/main.js and everything it imports, the SDKs included) into one CommonJS
 * file, build/cli/oss-domains.cjs, with a manifest of what it was built from; src/cli/launch.ts runs it only while
 * every one of those files is unchanged. Run by `npm run build:ts` after tsc, and by the test suite's setup.
 *
 * esbuild, not ncc (which bundles the Action): it takes about a second where ncc takes fifteen, so every build and
 * every test run can afford it, and it writes CommonJS, which V8's code cache can serve on Node 20.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// The manifest's format is the launcher's: fingerprints made by the code that checks them (compiled by tsc first).
import { fingerprint } from '../build/src/cli/launch.js';

// `--root DIR` bundles another copy of the package (the launch tests do, in a copy they may change).
const rootFlag = process.argv.indexOf('--root');
const ROOT =
  rootFlag > 0 ? resolve(process.argv[rootFlag + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'build/cli');
const FILE = 'oss-domains.cjs';

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const result = await build({
  entryPoints: [join(ROOT, 'build/src/cli/main.js')],
  outfile: join(OUT, FILE),
  absWorkingDir: ROOT,
  // Paths as they are under ROOT (a linked node_modules stays under ROOT in the manifest).
  preserveSymlinks: true,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Blanks and syntax minified (a smaller file to read and compile), identifiers not: stack traces keep the
  // functions' names without esbuild's keepNames, whose __name() calls run for every function and class the bundle
  // defines (thousands of SDK model classes). `--readable` leaves it unminified, each module's path in a comment
  // (for reading a CPU profile).
  minifyWhitespace: !process.argv.includes('--readable'),
  minifySyntax: !process.argv.includes('--readable'),
  legalComments: 'none',
  // Every character outside ASCII escaped: the launcher reads the file as Latin-1, with no UTF-8 decoding.
  charset: 'ascii',
  metafile: true,
  logLevel: 'warning',
  // Only ever required when a proxy is configured (urllib); left to Node's resolution, as without the bundle.
  external: ['proxy-agent'],
  // The one use of import.meta in the CLI (src/cli/version.ts reads package.json relative to itself).
  define: { 'import.meta.url': '__oss_domains_module_url' },
  banner: { js: 'const __oss_domains_module_url = require("node:url").pathToFileURL(__filename).href;' },
});

// What the bundle depends on: our compiled modules one by one, each package by its package.json (an install that
// changes a package rewrites it), each with its size, time and SHA-1 (see src/cli/launch.ts).
const inputs = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const abs = resolve(ROOT, input);
  const pkg = abs.match(/^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  inputs.add(pkg ? join(pkg[1], 'package.json') : abs);
}
const bytes = readFileSync(join(OUT, FILE));
const manifest = {
  bundle: { file: FILE, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  inputs: [...inputs]
    .map((abs) => relative(ROOT, abs))
    .sort()
    .map((path) => fingerprint(ROOT, path)),
};
writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest)}\n`);

// One run, so that the code cache exists before the first real command (src/cli/launch.ts writes it at exit).
const warm = spawnSync(process.execPath, [join(ROOT, 'bin/oss-domains.js'), '--version'], { stdio: 'ignore' });
if (warm.status !== 0)
  throw new Error(`the bundled CLI did not start: node bin/oss-domains.js --version exited ${warm.status}`);
