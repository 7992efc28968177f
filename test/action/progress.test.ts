import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupedProgress } from '../../src/action/progress.js';
import type { Plan } from '../../src/core/index.js';

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    out.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const bind = (domain: string) =>
  ({ kind: 'bind', domain, bucket: 'b', region: 'cn-hangzhou', takeover: false }) as const;
const plan: Plan = {
  owner: 'o',
  warnings: [],
  domains: [
    {
      domain: 'a.abc.com',
      display: 'a.abc.com',
      action: 'create',
      conflicts: [],
      steps: [bind('a.abc.com'), bind('a.abc.com')],
    },
    { domain: 'b.abc.com', display: 'b.abc.com', action: 'create', conflicts: [], steps: [bind('b.abc.com')] },
  ],
};

describe('GroupedProgress', () => {
  it('writes each domain as one uninterrupted group as soon as its last step reports, echoing waits live', () => {
    const p = new GroupedProgress();
    p.expect(plan);
    p.event({ domain: 'a.abc.com', kind: 'step-start', message: 'bind a' });
    p.event({ domain: 'b.abc.com', kind: 'step-start', message: 'bind b' });
    p.event({ domain: 'a.abc.com', kind: 'step-done', message: 'bound a' });
    p.event({ domain: 'b.abc.com', kind: 'wait', message: 'waiting for OSS to see the TXT record (4s)' });
    p.event({ domain: 'b.abc.com', kind: 'step-failed', message: 'gave up' });
    expect(out).toEqual([
      'b.abc.com: waiting for OSS to see the TXT record (4s)',
      '::group::✗ b.abc.com',
      '→ bind b',
      '… waiting for OSS to see the TXT record (4s)',
      '✗ gave up',
      '::endgroup::',
    ]);
    p.event({ domain: 'a.abc.com', kind: 'step-done', message: 'record a' });
    expect(out.slice(6)).toEqual(['::group::✓ a.abc.com', '→ bind a', '✓ bound a', '✓ record a', '::endgroup::']);
  });

  it('flushes what is left at the end, and logs domain-less events at once', () => {
    const p = new GroupedProgress();
    p.expect(plan);
    p.event({ kind: 'info', message: 'reading 1 zone' });
    p.event({ domain: 'a.abc.com', kind: 'step-failed', message: 'CnameAlreadyExists' });
    expect(out).toEqual(['reading 1 zone']);
    p.flushAll();
    expect(out.slice(1)).toEqual(['::group::✗ a.abc.com', '✗ CnameAlreadyExists', '::endgroup::']);
  });
});
