/**
 * Hostile domains.yml: a file of YAML aliases, a file too large, a mapping of tens of thousands of keys — each is
 * refused (or read) in linear time, with a clear file:line:col error, before anything is resolved; a file of 20,000
 * domains stays an ordinary workload; values echoed in error messages cannot carry control characters.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, parseConfig } from '../../src/core/index.js';
import { runCli } from '../cli/run.js';

/** 2.4 MB of `- *e`: the alias bomb of the report (each alias stood for a whole mapping, read again and again). */
function aliasBomb(bytes: number): string {
  const head = 'version: 1\nowner: web\ndefaults: &e\n  region: cn-hangzhou\ndomains:\n';
  return head + '  - *e\n'.repeat(Math.ceil((bytes - head.length) / 7));
}

/** A valid file of `n` domains over 200 buckets. */
function manyDomains(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) => `  - domain: d${i}.abc.com\n    bucket: bucket-${i % 200}\n`,
  ).join('');
  return `version: 1\nowner: web\ndefaults:\n  region: cn-hangzhou\ndomains:\n${entries}`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oss-domains-limits-'));
});
const env = () => ({ PATH: process.env.PATH, USER: 'alice' });

describe('oss-domains validate of a hostile file', () => {
  it('a 2.4 MB alias bomb is refused at its 101st alias, with file:line:col, before anything is resolved', async () => {
    const text = aliasBomb(2.4e6);
    expect(text.length).toBeGreaterThan(2.4e6);
    await writeFile(join(dir, 'domains.yml'), text);
    const started = performance.now();
    const r = await runCli(['validate'], env(), dir);
    const ms = performance.now() - started;
    expect(r.status).toBe(1);
    // Lines 6, 7, … hold the aliases: the 101st is on line 106, at the "*" after "  - ".
    expect(r.stderr).toContain(
      'domains.yml:106:5: more than 100 YAML aliases (this *e is alias number 101); oss-domains reads no further\n' +
        '  → write the values out in each entry, or put what many domains share under defaults:',
    );
    expect(r.stderr.split('\n').filter((l) => /^\S.*:\d+:\d+: /.test(l))).toHaveLength(1);
    // A figure for the log, not an assertion (this machine's load varies): the time of a whole CLI run.
    console.info(`validate of a ${(text.length / 1e6).toFixed(1)} MB alias bomb: ${ms.toFixed(0)} ms`);
  }, 60_000);

  it('up to 100 aliases are fine: sharing a block is what they are for', () => {
    const cdn = (i: number) => (i === 0 ? '&cdn { scope: global }' : '*cdn');
    const entries = Array.from(
      { length: 101 },
      (_, i) => `  - { domain: d${i}.abc.com, bucket: abc-img, cdn: ${cdn(i)} }\n`,
    );
    const r = parseConfig(
      `version: 1\ndefaults: { region: cn-hangzhou }\ndomains:\n${entries.join('')}`,
      'domains.yml',
    );
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    expect(r.config.domains.every((d) => d.cdn?.scope === 'global')).toBe(true);
  });

  it('an alias without an anchor before it is reported where it is', () => {
    const r = parseConfig(
      'version: 1\ndomains:\n  - { domain: img.abc.com, bucket: *b, region: cn-hangzhou }\n',
      'x.yml',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map(formatIssue)).toEqual([
        'x.yml:3:36: domains[0].bucket: the alias *b has no anchor &b before it\n  → define the anchor first, or write the value out',
      ]);
  });

  it('a file over 8 MiB is refused before it is read, and parseConfig (the bot) refuses its text the same way', async () => {
    const text = manyDomains(1).padEnd(9 * 1024 * 1024, '#');
    await writeFile(join(dir, 'huge.yml'), text);
    const r = await runCli(['validate', '-c', 'huge.yml'], env(), dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${join(dir, 'huge.yml')}:1:1: ${join(dir, 'huge.yml')} is 9.0 MiB; oss-domains reads files of at most 8 MiB (about 100,000 domains)`,
    );
    const parsed = parseConfig(text, 'domains.yml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.issues.map((i) => [i.line, i.column, i.message])).toEqual([
        [1, 1, 'domains.yml is 9.0 MiB; oss-domains reads files of at most 8 MiB (about 100,000 domains)'],
      ]);
  });

  it('a file of 20,000 domains validates as an ordinary file', async () => {
    const text = manyDomains(20_000);
    const parsed = parseConfig(text, 'domains.yml');
    if (!parsed.ok) throw new Error(parsed.issues.slice(0, 3).map(formatIssue).join('\n'));
    expect(parsed.config.domains).toHaveLength(20_000);
    await writeFile(join(dir, 'big.yml'), text);
    const r = await runCli(['validate', '-c', 'big.yml'], env(), dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toContain('is valid: 20000 domains');
  }, 60_000);

  it('a mapping of 40,000 keys is read in linear time; a repeated key is still reported where it is', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1\n`).join('');
    const text = `version: 1\ndefaults:\n${keys}  k7: 2\ndomains: []\n`;
    const r = parseConfig(text, 'domains.yml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      line: 40_003,
      column: 3,
      message: 'YAML syntax: Map keys must be unique; "k7" appears more than once in this mapping',
    });
  }, 60_000);

  it('an alias that stands for the value containing it is reported, not followed', () => {
    const text =
      'version: 1\ndomains:\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n' +
      '    cdn: &c { scope: *c }\n';
    const r = parseConfig(text, 'domains.yml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map(formatIssue)).toEqual([
        'domains.yml:6:22: domains[0].cdn.scope: the alias *c stands for a value that contains it\n  → write the value out',
      ]);
  });
});

describe('values echoed in error messages', () => {
  it('control characters and invisible reordering characters are escaped, so no message spans two lines', () => {
    const text =
      'version: 1\ndomains:\n' +
      '  - domain: "img\\e[2J.abc.com"\n    bucket: abc-img\n    region: cn-hangzhou\n' +
      '    "bad\\n::error::key\\u202e": 1\n';
    const r = parseConfig(text, 'domains.yml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const shown = r.issues.map(formatIssue);
    expect(shown.join('\n')).toContain('img\\u001b[2J.abc.com');
    expect(shown.join('\n')).toContain('unknown key "bad\\n::error::key\\u202e" in domains[0]');
    for (const s of shown) {
      // One line of message, one of hint; nothing the file wrote can start a line of its own.
      expect(s.split('\n')).toHaveLength(2);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
      expect(s).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('a file name with control characters is escaped too', () => {
    const r = parseConfig('version: [', 'evil\u001b]0;x\u0007.yml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssue(r.issues[0]!)).toMatch(/^evil\\u001b\]0;x\\u0007\.yml:1:\d+: YAML syntax/);
  });
});
