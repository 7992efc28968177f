/**
 * How the installed command starts (bin/oss-domains.js): from one bundled file when that file is current, else from
 * the compiled modules under build/src.
 *
 * Why a bundle: loading the compiled modules means loading the SDKs module by module — the Alidns SDK alone is 2,385
 * files —, and resolving, reading and compiling them cost the CLI about 0.7 s of CPU before its first request. One
 * file (build/cli/oss-domains.cjs, built by scripts/bundle-cli.mjs with every `npm run build:ts`) loads in a fraction
 * of that, and V8's code cache (below) takes most of the compiling away too.
 *
 * Why it can never run stale code: the bundle's manifest lists every file it was built from with its size,
 * modification time and content hash (our compiled modules, and each package's package.json for the dependencies).
 * If any differs — a `tsc` run that changed a module, an `npm install` that changed a package, a file edited by hand
 * — the command runs the compiled modules instead, which are what `tsc` just wrote. A file whose time changed is
 * hashed, so a `tsc` run that wrote the same JavaScript, or an installation from npm's tarball (which sets every
 * file's time to one fixed date), still runs the bundle. `OSS_DOMAINS_LAUNCH=modules` forces that path (stack traces
 * then name the source files), `OSS_DOMAINS_LAUNCH=trace` says on stderr which path was taken and why.
 *
 * The code cache: Node 20 has no `module.enableCompileCache()` (Node 22 added it), so the bundle is compiled with
 * `vm.Script` and V8's cached data, kept next to the bundle like Python keeps `__pycache__` (none is written where
 * the directory is read-only). The cache file is named after the bundle's SHA-256 and the Node version and
 * architecture: V8 itself only compares the source's length and its own version and flags, so a rebuilt bundle of
 * the same length must never find the old cache. A cache V8 refuses is written again at exit.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** What scripts/bundle-cli.mjs writes next to the bundle. */
export interface BundleManifest {
  /** The bundle's file name in its directory, its size and SHA-256 (hex). */
  bundle: { file: string; size: number; sha256: string };
  /** Every input, relative to the package root: [path, size, mtimeMs, SHA-1 of its content (hex)]. */
  inputs: [string, number, number, string][];
}

export type Main = (argv: string[]) => Promise<number>;

/** The package root: build/src/cli/launch.js is three levels below it. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUNDLE_DIR = 'build/cli';
export const MANIFEST = 'manifest.json';

/** Whether the bundle under `root` is current: `undefined` if it is, else why not (for the trace). */
export function staleReason(root: string, manifest: BundleManifest | undefined): string | undefined {
  if (!manifest) return 'no bundle (run npm run build:ts)';
  const sizeOf = (path: string): [number, number] | undefined => {
    try {
      const s = statSync(join(root, path));
      return [s.size, s.mtimeMs];
    } catch {
      return undefined;
    }
  };
  const bundle = sizeOf(join(BUNDLE_DIR, manifest.bundle.file));
  if (!bundle || bundle[0] !== manifest.bundle.size) return `${manifest.bundle.file} is missing or was changed`;
  for (const [path, size, mtimeMs, sha1] of manifest.inputs) {
    const now = sizeOf(path);
    if (!now) return `${path} is gone`;
    // A new time with the same content is the same file: tsc rewrites every file it compiles, and npm gives every
    // file of a published package the same fixed time. Only then is the file read.
    const changed = now[0] !== size || (now[1] !== mtimeMs && sha1Of(join(root, path)) !== sha1);
    if (changed) return `${path} changed since the bundle was built`;
  }
  return undefined;
}

function sha1Of(file: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** One input as the manifest records it (scripts/bundle-cli.mjs writes them with this, `staleReason` reads them). */
export function fingerprint(root: string, path: string): BundleManifest['inputs'][number] {
  const s = statSync(join(root, path));
  return [path, s.size, s.mtimeMs, sha1Of(join(root, path)) ?? ''];
}

function readManifest(dir: string): BundleManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as BundleManifest;
  } catch {
    return undefined;
  }
}

/** The code cache's file: one per bundle content, Node version and architecture. */
export function cacheFile(dir: string, manifest: BundleManifest): string {
  return join(dir, 'cache', `${manifest.bundle.sha256.slice(0, 16)}-${process.version}-${process.arch}.v8`);
}

/**
 * Writes the cache atomically (a reader never sees half a file) and drops the caches of other bundles (those of this
 * bundle for another Node version stay: CI runs one checkout on two).
 */
function writeCache(file: string, data: Buffer, manifest: BundleManifest): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    const ours = manifest.bundle.sha256.slice(0, 16);
    for (const f of readdirSync(dir)) if (!f.startsWith(ours)) rmSync(join(dir, f), { force: true });
  } catch {
    // A read-only installation runs without a cache: slower to start, nothing else.
  }
}

/** Compiles and runs the CommonJS bundle with V8's code cache; returns its exports. */
export function loadBundle(dir: string, manifest: BundleManifest): { main: Main } {
  const filename = join(dir, manifest.bundle.file);
  // ASCII only (scripts/bundle-cli.mjs escapes the rest): read without UTF-8 decoding, straight into a one-byte string.
  const source = readFileSync(filename, 'latin1');
  const cache = cacheFile(dir, manifest);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, {
    filename,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    // At exit, so that the functions this run compiled are in the cache too.
    process.once('exit', () => writeCache(cache, script.createCachedData(), manifest));
  }
  const module = { exports: {} as { main?: Main } };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));
  if (typeof module.exports.main !== 'function') throw new Error(`${filename} does not export main()`);
  return module.exports as { main: Main };
}

/** The CLI's `main`, from the bundle when it is current, else from the compiled modules. */
export async function launch(root: string = PACKAGE_ROOT, env: NodeJS.ProcessEnv = process.env): Promise<Main> {
  const mode = env.OSS_DOMAINS_LAUNCH ?? '';
  const trace = (m: string) => {
    if (mode === 'trace') process.stderr.write(`oss-domains: ${m}\n`);
  };
  const dir = join(root, BUNDLE_DIR);
  const manifest = mode === 'modules' ? undefined : readManifest(dir);
  const why = mode === 'modules' ? 'OSS_DOMAINS_LAUNCH=modules' : staleReason(root, manifest);
  if (!why && manifest) {
    trace(`running the bundle ${join(BUNDLE_DIR, manifest.bundle.file)}`);
    return loadBundle(dir, manifest).main;
  }
  trace(`running the compiled modules: ${why}`);
  return (await import('./main.js')).main;
}
