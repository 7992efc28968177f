/**
 * Walks a parsed YAML document with the definition (definition.ts): types, enums, ranges, patterns, unknown and
 * missing keys. Every problem is recorded with the position of the offending key or value, and the walk goes on,
 * so one run reports them all. Rules that involve several keys (defaults, duplicates, apex) are in build.ts.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLSeq,
} from 'yaml';
import { closest } from '../names.js';
import type { Field, ObjectField } from './definition.js';
import { aliasTargets, escapeControls } from './limits.js';
import type { ConfigIssue } from './types.js';

export interface Pos {
  line: number;
  column: number;
}

/** A value read from the file, with where it was. `ok: false` means an issue was already recorded for it. */
export interface Read {
  ok: boolean;
  /** Position of the value (of the key when the value is empty). */
  pos: Pos;
  /** Scalars: the string, number or boolean (integers allowed for strings are already strings). */
  value?: string | number | boolean;
  /** Mappings: the keys that were read. */
  fields?: Map<string, Read>;
  /** Lists: the entries. */
  items?: Read[];
  /** A deferred list (`ArrayField.deferred`): the list itself, its entries unread. */
  list?: YAMLSeq;
}

export class Reader {
  readonly issues: ConfigIssue[] = [];
  private targets: Map<Alias, Node | 'circular'> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  /** The node an alias stands for; see `aliasTargets`. */
  private target(alias: Alias): Node | 'circular' | undefined {
    this.targets ??= aliasTargets(this.doc);
    return this.targets.get(alias);
  }

  /** 1-based line and column of `offset`: LineCounter.linePos without its intermediate object (this runs per value). */
  posAt(offset: number): Pos {
    const starts = this.lines.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, column: 1 };
    if (low === 0) return { line: 0, column: offset };
    return { line: low, column: offset - starts[low - 1]! + 1 };
  }

  posOf(node: Node | null | undefined, fallback: Pos): Pos {
    if (!node?.range || isEmpty(node)) return fallback;
    return this.posAt(node.range[0]);
  }

  /** Records a problem. Whatever of the file a message echoes is escaped here (see `escapeControls`). */
  issue(pos: Pos, message: string, hint: string): void {
    this.issues.push({
      file: this.file,
      line: pos.line,
      column: pos.column,
      message: escapeControls(message),
      hint: escapeControls(hint, true),
    });
  }

  /**
   * Reads `node` as `field`. `path` names it in messages (`domains[0].ttl`), `key` is the key as written, `at` is
   * where to point when the value is empty.
   */
  read(node: Node | null | undefined, field: Field, path: string, key: string, at: Pos): Read {
    // An alias is reported where it is used, not where its anchor is.
    const pos = this.posOf(node, at);
    const bad = (message: string, hint: string): Read => {
      this.issue(pos, message, hint);
      return { ok: false, pos };
    };
    let n = node;
    if (isAlias(node)) {
      const target = this.target(node);
      if (target === 'circular') {
        return bad(`${path}: the alias *${node.source} stands for a value that contains it`, 'write the value out');
      }
      if (!target) {
        return bad(
          `${path}: the alias *${node.source} has no anchor &${node.source} before it`,
          'define the anchor first, or write the value out',
        );
      }
      n = target;
    }
    const expected = (what: string, hint: string): Read => bad(`${path} must be ${what}, got ${describe(n)}`, hint);
    const v = isScalar(n) ? n.value : undefined;

    switch (field.kind) {
      case 'string': {
        let s: string | undefined;
        if (typeof v === 'string') s = v;
        else if (field.allowInteger && typeof v === 'number' && Number.isInteger(v) && isScalar(n)) {
          s = n.source ?? String(v);
        }
        if (s === undefined) {
          const hint = field.enum
            ? `write ${key}: ${field.enum[0]} (one of ${field.enum.join(', ')})`
            : `write ${key}: ${field.example ?? '<text>'}`;
          return expected(field.enum ? `one of ${field.enum.join(', ')}` : 'a string', hint);
        }
        if (field.enum && !field.enum.includes(s)) {
          const near = closest(s.toLowerCase(), field.enum, 3);
          return bad(
            `${path} must be one of ${field.enum.join(', ')}; got "${s}"${near ? `; did you mean "${near}"?` : ''}`,
            `write ${key}: ${near ?? field.enum[0]}`,
          );
        }
        const problem = field.check?.(s);
        if (problem) return bad(`${path}: ${problem.message}`, problem.hint);
        if (field.maxLength !== undefined && s.length > field.maxLength) {
          return bad(`${path} is ${s.length} characters long; at most ${field.maxLength} are allowed`, 'shorten it');
        }
        if (field.pattern && !field.pattern.test(s)) {
          return bad(`${path}: "${s}" is not valid here`, `${field.description} Example: ${key}: ${field.example}`);
        }
        return { ok: true, pos, value: s };
      }
      case 'integer': {
        if (typeof v === 'boolean' && field.orBoolean) return { ok: true, pos, value: v };
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          const digits = typeof v === 'string' && /^\s*\d+\s*$/.test(v);
          const what = field.const !== undefined ? `the number ${field.const}` : 'a whole number';
          return expected(
            field.orBoolean ? `true, false or ${what}` : what,
            digits
              ? `remove the quotes: ${key}: ${v.trim()}`
              : `write ${key}: ${field.example ?? field.const}${field.orBoolean ? `, or ${key}: true` : ''}${booleanNote(v)}`,
          );
        }
        if (field.const !== undefined && v !== field.const) {
          return bad(
            `unsupported ${path} ${v}; this release of oss-domains reads version ${field.const}`,
            `write ${key}: ${field.const}, or upgrade oss-domains if the file was written for a newer release`,
          );
        }
        const { minimum: min, maximum: max } = field;
        if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
          const note = field.rangeNote ? `; ${field.rangeNote}` : '';
          return bad(`${path} must be from ${min} to ${max}, got ${v}`, `write a value from ${min} to ${max}${note}`);
        }
        return { ok: true, pos, value: v };
      }
      case 'boolean': {
        if (typeof v !== 'boolean') return expected('true or false', booleanHint(key, v));
        return { ok: true, pos, value: v };
      }
      case 'array': {
        if (!isSeq(n)) {
          return expected('a list', `write each entry on its own line starting with "- ", under ${key}:`);
        }
        // A deferred list's entries are read one at a time by its consumer (`readItem`), never all at once.
        if (field.deferred) return { ok: true, pos, list: n };
        const items = n.items.map((item, i) => this.read(item as Node, field.items, `${path}[${i}]`, key, pos));
        return { ok: items.every((i) => i.ok), pos, items };
      }
      case 'object':
        return this.readObject(n, field, path, key, pos, bad, expected);
    }
  }

  private readObject(
    n: Node | null | undefined,
    field: ObjectField,
    path: string,
    key: string,
    pos: Pos,
    bad: (message: string, hint: string) => Read,
    expected: (what: string, hint: string) => Read,
  ): Read {
    const v = isScalar(n) ? n.value : undefined;
    if (typeof v === 'boolean' && field.orBoolean === 'any') return { ok: true, pos, value: v };
    if (v === false && field.orBoolean === 'false') return { ok: true, pos, value: v };
    if (v === true && field.orBoolean === 'false') {
      const req = field.required?.[0];
      if (!req) return bad(`${path}: true is not enough`, field.shapeHint ?? `write the keys of ${path} under ${key}:`);
      const ex = field.fields[req]?.example ?? '';
      return bad(`${path}: true is not enough`, `say which certificate: ${key}: { ${req}: ${ex} }`);
    }
    if (!isMap(n)) {
      if (field.orBoolean === 'any') {
        const first = Object.keys(field.fields)[0]!;
        return expected(
          `true, false or a mapping`,
          `write ${key}: true, or ${key}: { ${first}: ${field.fields[first]!.example} }${booleanNote(v)}`,
        );
      }
      return expected('a mapping (key: value lines)', field.shapeHint ?? `indent the keys of ${path} under ${key}:`);
    }
    const where = path ? `in ${path}` : 'at the top level';
    const known = Object.keys(field.fields);
    const fields = new Map<string, Read>();
    let ok = true;
    for (const pair of n.items as Pair<Node | null, Node | null>[]) {
      const keyNode = pair.key;
      const keyPos = this.posOf(keyNode, pos);
      const name = isScalar(keyNode) && keyNode.value !== null ? String(keyNode.value) : undefined;
      if (name === undefined) {
        this.issue(keyPos, `a key ${where} is not a plain name`, `write keys as plain words: ${known.join(', ')}`);
        ok = false;
        continue;
      }
      const sub = field.fields[name];
      if (!sub) {
        this.unknownKey(name, known, where, path, keyPos);
        ok = false;
        continue;
      }
      const subPath = path ? `${path}.${name}` : name;
      const r = this.read(pair.value, sub, subPath, name, keyPos);
      fields.set(name, r);
      ok &&= r.ok;
    }
    for (const req of field.required ?? []) {
      if (fields.has(req)) continue;
      const sub = field.fields[req]!;
      this.issue(pos, `${req} is missing ${where}`, sub.missingHint ?? `add ${req}: ${sub.example}`);
      ok = false;
    }
    return { ok, pos, fields };
  }

  private unknownKey(name: string, known: string[], where: string, path: string, pos: Pos): void {
    const canon = (s: string) => s.toLowerCase().replace(/[_\s]/g, '-');
    const exact = known.find((k) => canon(k) === canon(name));
    const near = exact ?? closest(canon(name), known, Math.min(2, Math.floor(name.length / 2)));
    const mean = near ? `; did you mean "${near}"?` : '';
    let hint = `the keys allowed ${where} are: ${known.join(', ')}`;
    if (name === 'domain' && path === 'defaults') {
      this.issue(pos, 'defaults cannot set domain', 'put each domain in its own entry under domains:');
      return;
    }
    const entryKeys = ['bucket', 'region', 'cdn', 'https', 'website', 'ttl', 'zone', 'dns', 'takeover'];
    if (!path && !near && entryKeys.includes(name)) {
      hint = `${name} belongs in a domain entry under domains:, or under defaults: to apply to every domain`;
    }
    this.issue(pos, `unknown key "${name}" ${where}${mean}`, hint);
  }
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** How a value reads in a message: `the string "yes"`, `the number 1.5`, `a list`, `nothing`. */
export function describe(node: Node | null | undefined): string {
  if (!node || isEmpty(node)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the string "${v}"`;
    if (typeof v === 'number') return `the number ${node.source ?? v}`;
    return String(v);
  }
  return 'something else';
}

function booleanNote(v: unknown): string {
  return typeof v === 'string' && /^(yes|no|on|off|y|n)$/i.test(v) ? ` (YAML 1.2 reads ${v} as text)` : '';
}

function booleanHint(key: string, v: unknown): string {
  return `write ${key}: true or ${key}: false${booleanNote(v)}`;
}
