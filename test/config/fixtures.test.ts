/**
 * The corpus of malformed files (test/fixtures/config/NN-name.yml). Each file says what the loader must report in
 * its first lines — `# expect: LINE:COLUMN message part [|| hint part]` — and the loader must report exactly those
 * issues: each at that position, with that text, and nothing else. The valid corpus (valid/*.yml) must load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatIssue, parseConfig } from '../../src/core/index.js';

const DIR = join(import.meta.dirname, '../fixtures/config');
const malformed = readdirSync(DIR)
  .filter((f) => /^\d+-.*\.yml$/.test(f))
  .sort();
const valid = readdirSync(join(DIR, 'valid')).filter((f) => f.endsWith('.yml'));

interface Expectation {
  line: number;
  column: number;
  message: string;
  hint?: string;
}

function expectations(text: string): Expectation[] {
  return [...text.matchAll(/^# expect: (\d+):(\d+) (.*?)(?: \|\| (.*))?$/gm)].map((m) => ({
    line: Number(m[1]),
    column: Number(m[2]),
    message: m[3]!,
    ...(m[4] ? { hint: m[4] } : {}),
  }));
}

// The loader takes no runtime; this proves it also opens no socket of its own while reading the corpus.
const connects = vi.fn();
beforeAll(() => {
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket) {
    connects();
    throw new Error('the config loader must not touch the network');
  });
  vi.spyOn(globalThis, 'fetch').mockImplementation(() => {
    connects();
    throw new Error('the config loader must not touch the network');
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  expect(connects).not.toHaveBeenCalled();
});

describe('malformed domains.yml corpus', () => {
  it('has at least 50 files, each with an expectation', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(50);
    for (const f of malformed) expect(expectations(readFileSync(join(DIR, f), 'utf8')), f).not.toHaveLength(0);
  });

  it.each(malformed)('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const want = expectations(text);
    const result = parseConfig(text, name);
    expect(result.ok, `${name} should be rejected`).toBe(false);
    if (result.ok) return;
    const got = result.issues;
    const shown = got.map(formatIssue).join('\n');
    for (const w of want) {
      const hit = got.find(
        (i) => i.line === w.line && i.column === w.column && i.message.includes(w.message) && i.file === name,
      );
      expect(hit, `expected ${w.line}:${w.column} "${w.message}" among:\n${shown}`).toBeDefined();
      if (w.hint) expect(hit!.hint).toContain(w.hint);
      // Every issue says how to fix it.
      expect(hit!.hint.length).toBeGreaterThan(10);
    }
    expect(got, `unexpected extra issues:\n${shown}`).toHaveLength(want.length);
  });
});

describe('valid domains.yml corpus', () => {
  it.each(valid)('%s loads', (name) => {
    const result = parseConfig(readFileSync(join(DIR, 'valid', name), 'utf8'), name);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.config.version).toBe(1);
  });
});
