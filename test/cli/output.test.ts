/** The CLI's output channels: progress lines on stderr, results on stdout (stderr with --json). */
import { describe, expect, it, vi } from 'vitest';
import { createOut } from '../../src/cli/output.js';
import { captureStreams } from './run.js';

function capture(json: boolean) {
  const { stdout, stderr, text } = captureStreams();
  const o = createOut({ stdout, stderr, env: {} }, { json });
  return { o, text };
}

describe('createOut', () => {
  it('names the domain once on a progress line, whether or not the step names it', () => {
    const { o, text } = capture(false);
    o.progress({
      kind: 'step-start',
      domain: 'img.abc.com',
      message: 'img.abc.com: CNAME a.example → CNAME b.example',
    });
    o.progress({ kind: 'step-done', domain: 'img.abc.com', message: 'bind to bucket abc-img (cn-hangzhou)' });
    o.close();
    expect(text().stderr.split('\n').filter(Boolean)).toEqual([
      '→ img.abc.com: CNAME a.example → CNAME b.example',
      '✓ img.abc.com: bind to bucket abc-img (cn-hangzhou)',
    ]);
    expect(text().stdout).toBe('');
  });

  it('with --json, human text goes to stderr and stdout holds only the document', () => {
    const { o, text } = capture(true);
    o.human('Plan: 1 to create');
    o.json({ ok: true });
    o.close();
    expect(JSON.parse(text().stdout)).toEqual({ ok: true });
    expect(text().stderr).toContain('Plan: 1 to create');
  });

  it('off a terminal, a long wait gets a heartbeat line with one, current, clock', () => {
    vi.useFakeTimers();
    try {
      const { o, text } = capture(false);
      o.progress({ kind: 'wait', domain: 'a.abc.com', message: 'waiting for OSS to see the TXT record (0 s elapsed)' });
      vi.advanceTimersByTime(9_000);
      o.close();
      const lines = text().stderr.split('\n').filter(Boolean);
      expect(lines[0]).toBe('  … a.abc.com: waiting for OSS to see the TXT record (0 s elapsed)');
      expect(lines.slice(1)).toEqual([
        '  … a.abc.com: waiting for OSS to see the TXT record (4s)',
        '  … a.abc.com: waiting for OSS to see the TXT record (8s)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a failed step ends its domain's live line: no heartbeat for a wait that is over", () => {
    vi.useFakeTimers();
    try {
      const { o, text } = capture(false);
      o.progress({ kind: 'wait', domain: 's.abc.com', message: 'CDN domain s.abc.com is configuring (0 s elapsed)' });
      o.progress({ kind: 'step-failed', domain: 's.abc.com', message: 'create a CDN domain: ECONNREFUSED' });
      vi.advanceTimersByTime(9_000);
      o.close();
      expect(text().stderr.split('\n').filter(Boolean)).toEqual([
        '  … s.abc.com: CDN domain s.abc.com is configuring (0 s elapsed)',
        '✗ s.abc.com: create a CDN domain: ECONNREFUSED',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
