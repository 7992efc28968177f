import { spawnSync } from 'node:child_process';

/**
 * Tests that spawn the CLI or the bot run the compiled JavaScript (build/), exactly as users do; compile it once
 * before any test file starts. tsc emits even when it finds type errors; those are reported here and fail
 * `npm run typecheck` in CI, but they do not stop unrelated tests from running.
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
}
