/**
 * What keeps a hostile or runaway domains.yml from holding the process: a size limit and an alias limit checked on
 * the text before a document is built (so nothing is resolved), and the YAML checks the `yaml` package would make
 * in quadratic time done here in linear time. A file of 20,000 domains is far inside these limits.
 */
import {
  type Alias,
  isAlias,
  isMap,
  isNode,
  isScalar,
  Lexer,
  type Node,
  type Pair,
  visit,
  type Document as YamlDocument,
} from 'yaml';

/** About 100,000 domains. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Aliases (`*name`) a file may use: enough to share a block between entries, too few to multiply a file's size. */
export const MAX_ALIASES = 100;

/** A limit broken: where (an offset into the text, or the first position), what, and what to do. */
export interface LimitProblem {
  offset: number;
  message: string;
  hint: string;
}

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** The problem with a file of `bytes` bytes, if it is too large to read at all. */
export function sizeProblem(bytes: number, file: string): LimitProblem | undefined {
  if (bytes <= MAX_CONFIG_BYTES) return undefined;
  return {
    offset: 0,
    message: `${file} is ${mib(bytes)}; oss-domains reads files of at most 8 MiB (about 100,000 domains)`,
    hint:
      'split the domains over several files, each with its own owner: (so that prune in one never removes the ' +
      "other's domains), and apply each on its own",
  };
}

// The lexer's markers, which stand for no text of the source (all other tokens are the source, in order).
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * The first limit the text breaks, found before any parsing: its size, then its aliases. Aliases are counted on
 * the lexer's tokens (a `*` in a comment or a quoted string is not an alias), stopping at the first one too many.
 */
export function textProblem(text: string, file: string): LimitProblem | undefined {
  const size = sizeProblem(Buffer.byteLength(text, 'utf8'), file);
  if (size) return size;
  if (!text.includes('*')) return undefined;
  let offset = 0;
  let aliases = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (token.startsWith('*') && ++aliases > MAX_ALIASES) {
      return {
        offset,
        message: `more than ${MAX_ALIASES} YAML aliases (this ${token} is alias number ${aliases}); oss-domains reads no further`,
        hint: 'write the values out in each entry, or put what many domains share under defaults:',
      };
    }
    offset += token.length;
  }
  return undefined;
}

/** 1-based line and column of an offset, as the `yaml` package's LineCounter counts them. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The keys that repeat one written earlier in the same mapping, with their offsets. The `yaml` package's own check
 * (`uniqueKeys`) compares each key with every earlier one, which is quadratic in the size of a mapping.
 */
export function duplicateKeys(doc: YamlDocument): { offset: number; key: string }[] {
  const out: { offset: number; key: string }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items as Pair<Node | null, Node | null>[]) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        if (seen.has(k.value)) out.push({ offset: k.range?.[0] ?? 0, key: String(k.value) });
        else seen.add(k.value);
      }
    },
  });
  return out;
}

/**
 * What each alias stands for (the latest anchor of its name before it; `circular` when that is a value containing
 * the alias), from one walk of the document for all aliases: `Alias.resolve` walks the whole document for each
 * alias, which is quadratic. Aliases with no anchor before them are absent.
 */
export function aliasTargets(doc: YamlDocument): Map<Alias, Node | 'circular'> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | 'circular'>();
  visit(doc, (_key, n, path) => {
    if (isAlias(n)) {
      const t = anchors.get(n.source);
      if (t) targets.set(n, (path as readonly unknown[]).includes(t) ? 'circular' : t);
    } else if (isNode(n) && n.anchor) {
      anchors.set(n.anchor, n);
    }
  });
  return targets;
}

/**
 * Control characters, and the invisible ones that reorder text, written as escapes (`\u001b`), so that a value
 * echoed in an error message cannot move the cursor, colour a terminal, start a new line that looks like another
 * message (or a CI workflow command), or hide what it says. `keepNewlines` keeps `\n` for text of our own making.
 */
export function escapeControls(s: string, keepNewlines = false): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => {
    if (keepNewlines && c === '\n') return c;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
