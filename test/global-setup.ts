import { execFileSync } from 'node:child_process';

/**
 * Tests that spawn the CLI or the bot run the compiled JavaScript (build/), exactly as users do; compile it once
 * before any test file starts. The Action tests run the committed bundle (dist/index.js), which CI checks is current.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
