/**
 * parseConfig / loadConfig: domains.yml text → DomainsConfig, or every issue with its file, line and column.
 * Offline by construction: nothing here takes a runtime, a client or a credential.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { buildConfig } from './build.js';
import { CONFIG } from './definition.js';
import { describe, Reader } from './read.js';
import type { ConfigIssue, ConfigResult } from './types.js';

const START =
  '# domains.yml, version 1\nversion: 1\ndomains:\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou';

/** Parses and validates domains.yml text. `file` is the name used in issues (as the user should see it). */
export function parseConfig(text: string, file: string): ConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
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
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'cannot be read');
    return fail([
      {
        file,
        line: 1,
        column: 1,
        message: `cannot read ${file}: ${what}`,
        hint:
          code === 'ENOENT'
            ? 'create it, or name another file with -c FILE (Action: the config input)'
            : 'check the path',
      },
    ]);
  }
  return parseConfig(text, file);
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
