import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';

describe('oss-domains --help', () => {
  it('lists every command of the contract, through the installed binary', () => {
    const out = execFileSync(process.execPath, ['bin/oss-domains.js', '--help'], { encoding: 'utf8' });
    for (const name of [
      'validate',
      'plan',
      'apply',
      'drift',
      'bind',
      'unbind',
      'status',
      'refresh',
      'deploy',
      'policy',
      'sandbox',
      'demo',
    ]) {
      expect(out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(COMMANDS).toHaveLength(12);
  });

  it('rejects an unknown command with exit status 1 and the help on stderr', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['bin/oss-domains.js', 'bnid'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e: any) {
      status = e.status;
      stderr = e.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain('unknown command "bnid"');
  });
});
