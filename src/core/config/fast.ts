/**
 * A fast path for the common shape of domains.yml: block mappings and sequences of `key: value` lines with plain
 * values and comments. It builds the same nodes the `yaml` package's composer builds (same values, same `source`,
 * same start offsets, hence the same file:line:col everywhere) at a fraction of the cost: reading a file of 20,000
 * domains with the package's parser and composer takes about a second, most of it building a concrete syntax tree
 * and a document nobody looks at. Every line is matched against a narrow grammar; the first line outside it (a quote,
 * a flow collection, an anchor or alias, a tag, a multi-line or empty value, a tab, a duplicate key, a value that the
 * YAML 1.2 core schema reads as anything but a string, a decimal integer or a boolean, anything non-ASCII, …) returns
 * `undefined`, and the caller parses the whole file with the `yaml` package instead. So the fast path never decides
 * anything the package would decide differently: it only ever accepts files whose meaning is beyond doubt.
 */
import { LineCounter, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export interface FastDocument {
  contents: YAMLMap;
  lines: LineCounter;
}

/** Everything outside printable ASCII and the newline (tabs, CR, BOM, control and non-ASCII characters). */
const OUTSIDE = /[^\x20-\x7e\n]/;
/** `  - key: value  # comment`: indent, dash, key, value (all optional but the indent and the key). */
const LINE = /^( *)(- )?([a-z][a-z0-9-]*):(?: +([A-Za-z0-9][A-Za-z0-9._/-]*))? *(?: #.*)?$/;
/** `  - value`: a list item that is a plain value. */
const ITEM = /^( *)- ([A-Za-z0-9][A-Za-z0-9._/-]*) *(?: #.*)?$/;
/** Blank, or a comment alone on its line. */
const NOTHING = /^ *(?:#.*)?$/;
/** What the YAML 1.2 core schema reads as a number other than a plain decimal integer (floats, 0x, 0o). */
const OTHER_NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NULL = /^(?:[Nn]ull|NULL)$/;

interface Line {
  /** Offset of the line's first character in the text. */
  start: number;
  indent: number;
  dash: boolean;
  /** The key (undefined for a plain list item), its offset, and the value with its offset (if any). */
  key?: string;
  keyAt: number;
  value?: string;
  valueAt: number;
}

/**
 * Not the fast path's shape: the caller falls back to the `yaml` package. Thrown by `fastDocument`, or later while
 * the entries of the deferred `domains:` list are built (`entriesOf`): the caller then starts again with the package.
 */
export class OutsideFastPath extends Error {}
const Outside = OutsideFastPath;

/**
 * A root key whose list is deferred (the definition's `ArrayField.deferred`, `domains:`) is not built with the rest:
 * its entries are built one at a time as `entriesOf` hands them out, so that their nodes are garbage as soon as each
 * entry is read.
 */
const deferred = new WeakMap<YAMLSeq, () => Generator<Node>>();

/** The entries of a list: built one at a time when the fast path deferred them, else the list's own items. */
export function entriesOf(seq: YAMLSeq): Iterable<Node | null> {
  return deferred.get(seq)?.() ?? (seq.items as (Node | null)[]);
}

/** The document's root mapping and its line starts, or `undefined` when the text is not in the fast path's grammar. */
export function fastDocument(text: string, deferKey?: string): FastDocument | undefined {
  if (OUTSIDE.test(text)) return undefined;
  const lines = new LineCounter();
  const content = lexAll(text, lines);
  if (!content) return undefined;
  if (content.length === 0 || content[0]!.indent !== 0 || content[0]!.dash) return undefined;
  try {
    const cursor = { i: 0 };
    const root = mapping(content, cursor, 0, deferKey);
    return cursor.i === content.length ? { contents: root, lines } : undefined;
  } catch (e) {
    if (e instanceof Outside) return undefined;
    throw e;
  }
}

/** Every line that says something, with the line starts recorded in `lines`; undefined at the first line outside. */
function lexAll(text: string, lines: LineCounter): Line[] | undefined {
  const content: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.addNewLine(start);
    const line = lex(raw, start);
    if (line) content.push(line);
    else if (!NOTHING.test(raw)) return undefined;
    start += raw.length + 1;
  }
  return content;
}

function lex(raw: string, start: number): Line | undefined {
  const m = LINE.exec(raw);
  if (m) {
    const indent = m[1]!.length;
    const keyAt = start + indent + (m[2] ? 2 : 0);
    const value = m[4];
    const key = m[3]!;
    // Only blanks stand between the colon and the value.
    const valueAt = value === undefined ? 0 : start + raw.indexOf(value, keyAt - start + key.length + 1);
    return { start, indent, dash: !!m[2], key, keyAt, value, valueAt };
  }
  const item = ITEM.exec(raw);
  if (!item) return undefined;
  const indent = item[1]!.length;
  return { start, indent, dash: true, keyAt: 0, value: item[2]!, valueAt: start + indent + 2 };
}

/** A plain scalar as the core schema reads it; an empty value, a null or a number other than a decimal integer is outside. */
function scalar(source: string, at: number): Scalar {
  let value: string | number | boolean = source;
  if (/^[0-9]+$/.test(source)) {
    if (source.length > 15) throw new Outside();
    value = Number(source);
  } else if (OTHER_NUMBER.test(source) || NULL.test(source)) throw new Outside();
  else if (BOOLEAN.test(source)) value = source[0] === 't' || source[0] === 'T';
  const node = new Scalar(value);
  node.source = source;
  node.type = 'PLAIN';
  node.range = [at, at + source.length, at + source.length];
  return node;
}

/**
 * The mapping whose keys sit at column `indent`. Its first line may be a list item's (`- key: value`), whose key is
 * at `indent`; every later key line is at exactly `indent`, without a dash.
 */
function mapping(lines: Line[], cursor: { i: number }, indent: number, deferKey?: string): YAMLMap {
  const map = new YAMLMap();
  const keys = new Set<string>();
  let first = true;
  while (cursor.i < lines.length) {
    const line = lines[cursor.i]!;
    // A list item's dash begins this mapping only on its first line; later, one to the left ends it.
    const startsHere = first && line.dash && line.indent + 2 === indent;
    if (!startsHere && line.indent < indent) break;
    if ((!startsHere && line.indent !== indent) || (line.dash && !startsHere) || line.key === undefined) {
      throw new Outside();
    }
    if (keys.has(line.key)) throw new Outside();
    keys.add(line.key);
    if (first) map.range = [line.keyAt, line.keyAt, line.keyAt];
    first = false;
    const key = scalar(line.key, line.keyAt);
    cursor.i++;
    let value: Scalar | YAMLMap | YAMLSeq;
    if (line.value !== undefined) value = scalar(line.value, line.valueAt);
    else if (line.key === deferKey && lines[cursor.i]?.dash) value = deferredSequence(lines, cursor, indent);
    else value = block(lines, cursor, indent);
    map.items.push(new Pair(key, value));
  }
  return map;
}

/** The value under `key:` with nothing after it: a nested mapping, or a list (indented, or at the key's column). */
function block(lines: Line[], cursor: { i: number }, indent: number): YAMLMap | YAMLSeq {
  const next = lines[cursor.i];
  if (!next) throw new Outside();
  if (next.dash && next.indent >= indent) return sequence(lines, cursor, next.indent);
  if (next.indent > indent) return mapping(lines, cursor, next.indent);
  throw new Outside(); // an empty value
}

/** The list whose dashes sit at column `indent`. */
function sequence(lines: Line[], cursor: { i: number }, indent: number): YAMLSeq {
  const seq = new YAMLSeq();
  const at = lines[cursor.i]!.start + indent;
  seq.range = [at, at, at];
  for (const item of items(lines, cursor, indent, lines.length)) seq.items.push(item);
  return seq;
}

/** The list items whose dashes sit at column `indent`, from `cursor` up to line `end` at most. */
function* items(lines: Line[], cursor: { i: number }, indent: number, end: number): Generator<Scalar | YAMLMap> {
  while (cursor.i < end) {
    const line = lines[cursor.i]!;
    if (line.indent < indent || (line.indent === indent && !line.dash)) break;
    if (line.indent > indent || !line.dash) throw new Outside();
    if (line.key === undefined) {
      cursor.i++;
      yield scalar(line.value!, line.valueAt);
    } else {
      yield mapping(lines, cursor, indent + 2);
    }
  }
}

/**
 * The list under the deferred key (`domains:` at the top level, its dashes indented or at the key's column): where it
 * ends is found now, its entries are built by `entriesOf`. That they are in the fast path's grammar is checked then.
 */
function deferredSequence(lines: Line[], cursor: { i: number }, keyIndent: number): YAMLSeq {
  const indent = lines[cursor.i]!.indent;
  if (indent < keyIndent) throw new Outside();
  const seq = new YAMLSeq();
  const at = lines[cursor.i]!.start + indent;
  seq.range = [at, at, at];
  const begin = cursor.i;
  let end = begin;
  while (end < lines.length) {
    const line = lines[end]!;
    if (line.indent < indent || (line.indent === indent && !line.dash)) break;
    end++;
  }
  cursor.i = end;
  deferred.set(seq, function* () {
    const c = { i: begin };
    yield* items(lines, c, indent, end);
    if (c.i !== end) throw new Outside();
  });
  return seq;
}
