import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../bot/progress.js';

describe('progress reporter', () => {
  it('sends at most maxUpdates updates, spaced by the interval, in order, and close waits for the last', async () => {
    let now = 0;
    const sent: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const p = createProgressReporter({
      now: () => now,
      maxUpdates: 2,
      minIntervalMs: 1000,
      send: async (lines) => {
        await gate;
        sent.push(lines);
      },
    });
    p.push({ kind: 'step-start', domain: 'img.abc.com', message: 'binding' }); // too soon after start
    now = 1500;
    p.push({ kind: 'step-done', domain: 'img.abc.com', message: 'bound' }); // sent (1)
    now = 1600;
    p.push({ kind: 'step-start', message: 'dns' }); // too soon
    now = 3000;
    p.push({ kind: 'wait', message: 'waiting for CDN (5s)' }); // sent (2)
    now = 5000;
    p.push({ kind: 'wait', message: 'waiting for CDN (7s)' }); // budget spent; replaces the previous wait line
    const closing = p.close();
    expect(sent).toHaveLength(0);
    release();
    await closing;
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(['… img.abc.com: binding', '✓ img.abc.com: bound']);
    expect(sent[1]!.at(-1)).toBe('⏳ waiting for CDN (5s)');
    expect(p.lines.at(-1)).toBe('⏳ waiting for CDN (7s)');
    expect(p.lines).toHaveLength(4);
  });
});
