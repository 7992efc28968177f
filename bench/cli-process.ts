/**
 * `oss-domains …` exactly as the installed command runs it (the compiled CLI), reporting its own CPU time and peak
 * RSS on file descriptor 3 as it exits: what the limits benchmark measures of a large apply and a large plan, apart
 * from the sandbox (which runs in the benchmark's process, as the cloud runs elsewhere).
 */
import { writeSync } from 'node:fs';
import { main } from '../src/cli/main.js';

process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(3, JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS }));
});
process.exitCode = await main(process.argv.slice(2));
