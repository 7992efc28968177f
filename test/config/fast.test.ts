/**
 * The fast path for plain domains.yml files (src/core/config/fast.ts) against the `yaml` package: every file it
 * accepts must give the same nodes — kind, value, source text and start offset — as the package's parser and composer,
 * so every message keeps its exact file:line:col; every file outside its grammar must be left to the package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import { DEFERRED_LIST } from '../../src/core/config/definition.js';
import { entriesOf, fastDocument, OutsideFastPath } from '../../src/core/config/fast.js';
import { parseConfig } from '../../src/core/index.js';

const DIR = join(import.meta.dirname, '../fixtures/config');
const fixtures = [
  ...readdirSync(DIR).filter((f) => f.endsWith('.yml')),
  ...readdirSync(join(DIR, 'valid')).map((f) => `valid/${f}`),
].map((f) => ({ name: f, text: readFileSync(join(DIR, f), 'utf8') }));

/**
 * A node as plain data with where it starts, in the order the file writes it. A list's entries are taken through
 * `entriesOf`, which builds those of the deferred `domains:` list then.
 */
function shape(node: Node | null | undefined, lines: LineCounter): unknown {
  const at = node?.range ? lines.linePos(node.range[0]) : undefined;
  if (isMap(node)) {
    const pairs = (node.items as Pair<Node, Node>[]).map((p) => [shape(p.key, lines), shape(p.value, lines)]);
    return { map: pairs, at };
  }
  if (isSeq(node)) return { seq: [...entriesOf(node)].map((n) => shape(n as Node, lines)), at };
  if (isScalar(node)) return { value: node.value, source: node.source, at };
  return { other: String(node) };
}

/** The package's reading of `text`, or undefined when it finds an error in it. */
function byPackage(text: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  return doc.errors.length > 0 ? undefined : shape(doc.contents as Node, lines);
}

/** The fast path's reading, or undefined when it leaves the file to the package (at once, or as entries are built). */
function byFastPath(text: string): unknown {
  const fast = fastDocument(text, DEFERRED_LIST);
  try {
    return fast && shape(fast.contents, fast.lines);
  } catch (e) {
    if (e instanceof OutsideFastPath) return undefined;
    throw e;
  }
}

const PLAIN = `# domains.yml
version: 1
owner: team-a   # who owns what this file creates
prune: false
defaults:
  region: cn-hangzhou
  ttl: 0600

domains:
- domain: img.abc.com
  bucket: abc-img
  cdn:
      scope: global
      hsts: true
      http2: False
  https:
    cert-id: 12345-cn-hangzhou
- domain: Docs.ABC.com.
  bucket: 123
  website:
    index: index.html
    error: 404.html
  list:
  - a
  - 2024-01-01
    # a comment
  - TRUE
-   domain: x.abc.com
`;

describe('fast path for plain domains.yml files', () => {
  it('reads every fixture it accepts exactly as the yaml package does (values, sources, line:col of every node)', () => {
    let accepted = 0;
    for (const { name, text } of fixtures) {
      const fast = byFastPath(text);
      if (fast === undefined) continue;
      accepted++;
      expect(fast, name).toEqual(byPackage(text));
    }
    // Most hand-written files are plain: the fast path must actually be taken for them.
    expect(accepted).toBeGreaterThan(fixtures.length / 2);
  });

  it('reads compact and indented lists, nested mappings, comments, integers and booleans as the package does', () => {
    const text = PLAIN.replace('-   domain: x.abc.com\n', '');
    expect(byFastPath(text)).toBeDefined();
    expect(byFastPath(text)).toEqual(byPackage(text));
    const indented = text.replace(/^(- | {2})/gm, '  $1');
    expect(byFastPath(indented)).toBeDefined();
    expect(byFastPath(indented)).toEqual(byPackage(indented));
  });

  it.each([
    ['a dash followed by more than one blank', PLAIN],
    ['a quoted value', 'version: 1\ndomains:\n  - domain: "img.abc.com"\n'],
    ['a flow collection', 'version: 1\ndomains: []\n'],
    ['an anchor', 'version: 1\ndefaults: &d\n  region: x\n'],
    ['an empty value', 'version: 1\ndomains:\n'],
    ['a null', 'version: null\n'],
    ['a float', 'version: 1.0\n'],
    ['a hexadecimal number', 'version: 0x1\n'],
    ['an exponent', 'version: 1e0\n'],
    ['an integer too large for a double', 'version: 12345678901234567890\n'],
    ['a tab', 'version: 1\ndefaults:\n\tregion: x\n'],
    ['a carriage return', 'version: 1\r\n'],
    ['a non-ASCII letter', 'version: 1\ndomains:\n  - domain: bücher.abc.com\n'],
    ['a duplicate key', 'version: 1\nversion: 1\n'],
    ['a value continued on the next line', 'version: 1\nowner: a\n  b\n'],
    ['a key indented deeper than its siblings', 'version: 1\ndefaults:\n  region: x\n   ttl: 1\n'],
    ['a second document', 'version: 1\n---\nversion: 1\n'],
    ['a value glued to a comment', 'owner: a#b\n'],
    ['an upper-case key', 'Version: 1\n'],
  ])('leaves a file with %s to the yaml package', (_what, text) => {
    expect(byFastPath(text)).toBeUndefined();
  });

  it('leaves to the package a file whose domains: entry far down is outside its grammar, with the same result', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => `  - domain: d${i}.abc.com\n    bucket: b-${i % 7}\n`);
    const at = (i: number, entry: string) => {
      const copy = [...entries];
      copy[i] = entry;
      return `version: 1\ndefaults:\n  region: cn-hangzhou\ndomains:\n${copy.join('')}`;
    };
    // An empty value (YAML reads null): valid YAML the fast path does not read, found only as that entry is built,
    // after 2,500 entries were read already. The package reads the file again; the issue is its, reported once.
    const empty = at(2500, '  - domain: q.abc.com\n    bucket: b-1\n    takeover:\n');
    expect(fastDocument(empty, DEFERRED_LIST)).toBeDefined();
    expect(byFastPath(empty)).toBeUndefined();
    const result = parseConfig(empty, 'domains.yml');
    expect(result.ok ? [] : result.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      `${4 + 2500 * 2 + 3}:5 domains[2500].takeover must be true or false, got nothing`,
    ]);
    expect(parseConfig(at(2500, '  - domain: q.abc.com\n    bucket: b-1\n    takeover: true\n'), 'f').ok).toBe(true);
    // A mistake the package reports, found by the fast path only as it builds that entry: reported once, by the
    // package, at its line and column, with nothing from the fast path's partial reading.
    const deeper = at(2999, '  - domain: z.abc.com\n    bucket: b-1\n     ttl: 60\n');
    const issues = parseConfig(deeper, 'domains.yml');
    expect(issues.ok).toBe(false);
    const line = 4 + 2999 * 2 + 2;
    expect(!issues.ok && issues.issues.map((i) => i.line)).toEqual([line]);
  });

  it('reports a mistake deep in a large plain file at its exact line and column', () => {
    const entries = Array.from({ length: 5000 }, (_, i) => `  - domain: d${i}.abc.com\n    bucket: bucket-${i % 7}\n`);
    entries[4321] = '  - domain: d4321.abc.com\n    bucket: bucket-1\n    buckt: bucket-2\n';
    const text = `version: 1\ndefaults:\n  region: cn-hangzhou\ndomains:\n${entries.join('')}`;
    expect(fastDocument(text, DEFERRED_LIST)).toBeDefined();
    const result = parseConfig(text, 'domains.yml');
    const line = 4 + 4321 * 2 + 3;
    expect(result.ok ? [] : result.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      `${line}:5 unknown key "buckt" in domains[4321]; did you mean "bucket"?`,
    ]);
    expect(byFastPath(text)).toEqual(byPackage(text));
  });
});
