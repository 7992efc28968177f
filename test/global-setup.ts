import { spawnSync } from 'node:child_process';

/**
 * Tests that spawn the CLI or the bot run the compiled JavaScript (build/), exactly as users do; compile it once
 * before any test file starts, and bundle the CLI as `npm run build:ts` does, so that `bin/oss-domains.js` runs the
 * bundle in the tests as it does once installed (test/cli/launch.test.ts covers the fallback to the compiled modules).
 * tsc emits even when it finds type errors; those are reported here and fail `npm run typecheck` in CI, but they do
 * not stop unrelated tests from running. A bundling failure stops the suite: the installed command would not start.
 * The Action tests run the committed bundle (dist/index.js), which CI checks is current.
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(
      `warning: tsc reported errors while compiling build/ (run npm run typecheck):\n${r.stdout}${r.stderr}`,
    );
  }
  const b = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundling the CLI failed:\n${b.stdout}${b.stderr}`);
}
