/**
 * Loaded with `node --import` ahead of `bin/oss-domains.js` — the installed command exactly as it runs, bundle and
 * code cache included — to report the process's own CPU time and peak RSS on file descriptor 3 as it exits: what
 * the limits benchmark measures of a large apply and a large plan, apart from the sandbox (which runs in the
 * benchmark's process, as the cloud runs elsewhere).
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(3, JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS }));
});
