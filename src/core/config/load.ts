/**
 * parseConfig / loadConfig: domains.yml text → DomainsConfig, or every issue with its file, line and column.
 * Offline by construction: nothing here takes a runtime, a client or a credential.
 */
import { readFile, stat } from 'node:fs/promises';
import { Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { buildConfig } from './build.js';
import { CONFIG, DEFERRED_LIST } from './definition.js';
import { fastDocument, OutsideFastPath } from './fast.js';
import { duplicateKeys, escapeControls, positionOf, sizeProblem, textProblem } from './limits.js';
import { describe, Reader } from './read.js';
import type { ConfigIssue, ConfigResult } from './types.js';

const START =
  '# domains.yml, version 1\nversion: 1\ndomains:\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou';

/**
 * The size and alias limits alone, for a caller that parses domains.yml text itself (the bot edits the file with the
 * YAML Document API): the issue to refuse it with, before parsing, or undefined when it is within them.
 */
export function configLimitIssue(text: string, file: string): ConfigIssue | undefined {
  const limit = textProblem(text, file);
  return limit && issueAt(file, positionOf(text, limit.offset), limit.message, limit.hint);
}

/** Parses and validates domains.yml text. `file` is the name used in issues (as the user should see it). */
export function parseConfig(text: string, file: string): ConfigResult {
  // Before anything is parsed: a file too large, or with more aliases than a hand-written file needs, is refused.
  const limit = configLimitIssue(text, file);
  if (limit) return fail([limit]);
  // The common shape of the file is read without the package's parser and composer (fast.ts); anything else is.
  const fast = fastDocument(text, DEFERRED_LIST);
  if (fast) {
    const doc = new Document();
    doc.contents = fast.contents;
    try {
      return readConfig(doc, new Reader(doc, fast.lines, file), file);
    } catch (e) {
      // An entry of domains: outside the fast path's grammar, found as the entries were built: start again below.
      if (!(e instanceof OutsideFastPath)) throw e;
    }
  }
  const lines = new LineCounter();
  // Duplicate keys are found below, in linear time (the package's own check is quadratic in a mapping's size).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const reader = new Reader(doc, lines, file);

  // Syntax errors first: the structure after one is a guess, so the rules would only add noise.
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    for (const e of doc.errors) {
      const pos = reader.posAt(syntaxOffset(text, e.code, e.message, e.pos[0]));
      // One mistake often trips several parser rules at the same place; one issue there is enough.
      if (seen.has(`${pos.line}:${pos.column}`)) continue;
      seen.add(`${pos.line}:${pos.column}`);
      reader.issue(pos, `YAML syntax: ${syntaxMessage(e.code, e.message)}`, syntaxHint(e.code));
    }
    return fail(reader.issues);
  }
  const duplicates = duplicateKeys(doc);
  for (const d of duplicates) {
    reader.issue(
      reader.posAt(d.offset),
      `YAML syntax: Map keys must be unique; "${d.key}" appears more than once in this mapping`,
      syntaxHint('DUPLICATE_KEY'),
    );
  }
  if (duplicates.length > 0) return fail(reader.issues);
  return readConfig(doc, reader, file);
}

/** From a document without syntax errors to the config, or the issues the definition's rules find. */
function readConfig(doc: Document, reader: Reader, file: string): ConfigResult {
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    reader.issue({ line: 1, column: 1 }, `${file} is empty`, `start from:\n${START}`);
    return fail(reader.issues);
  }
  if (!isMap(root)) {
    reader.issue(
      reader.posOf(root, { line: 1, column: 1 }),
      `${file} must be a mapping of keys (version, domains, ...), got ${describe(root)}`,
      `start from:\n${START}`,
    );
    return fail(reader.issues);
  }
  const read = reader.read(root, CONFIG, '', '', { line: 1, column: 1 });
  const config = buildConfig(read, reader, file);
  return config ? { ok: true, config } : fail(reader.issues);
}

/** Reads and parses a file; a file that cannot be read is one issue at line 1, column 1. */
export async function loadConfig(file: string): Promise<ConfigResult> {
  let text: string;
  try {
    // A file too large is refused before it is read into memory.
    const size = sizeProblem((await stat(file)).size, file);
    if (size) return fail([issueAt(file, { line: 1, column: 1 }, size.message, size.hint)]);
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'cannot be read');
    const hint =
      code === 'ENOENT' ? 'create it, or name another file with -c FILE (Action: the config input)' : 'check the path';
    return fail([issueAt(file, { line: 1, column: 1 }, `cannot read ${file}: ${what}`, hint)]);
  }
  return parseConfig(text, file);
}

/** An issue made outside the Reader, escaped as the Reader escapes its own. */
function issueAt(file: string, pos: { line: number; column: number }, message: string, hint: string): ConfigIssue {
  return { file, ...pos, message: escapeControls(message), hint: escapeControls(hint, true) };
}

function fail(issues: ConfigIssue[]): ConfigResult {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, issues: sorted };
}

/**
 * The parser reports an unclosed quote where the file ends; the opening quote (the last one before that point,
 * since a closing one would have ended the scalar) is where the user has to look.
 */
function syntaxOffset(text: string, code: string, message: string, offset: number): number {
  const quote = code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(message)?.[1] : undefined;
  if (!quote) return offset;
  const open = text.lastIndexOf(quote, offset - 1);
  return open === -1 ? offset : open;
}

function syntaxMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second "---")';
  return message.split('\n')[0]!.replace(/\.$/, '');
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or merge the repeated one';
    case 'MULTIPLE_DOCS':
      return 'keep one document: remove the "---" line and merge what follows into the first';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and the brackets or quotes around this position';
    default:
      return 'fix the YAML at this position (an editor with the oss-domains JSON Schema shows it as you type)';
  }
}
