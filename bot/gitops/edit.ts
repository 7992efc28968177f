/**
 * Edits domains.yml for a pull request: add (or update) one entry of `domains`, or remove one. Pure.
 *
 * A reviewer should see a diff of exactly the entry concerned, so the common cases splice the source text using the
 * positions the `yaml` parser reports: the new entry is rendered alone, indented like the existing ones, and inserted
 * after the last entry; a removed entry's lines are cut out. Every other byte — comments, blank lines, quoting, key
 * order — is left as it was. The cases where splicing would be guesswork (a flow sequence such as `domains: []`,
 * removing the last entry, changing an entry in place) go through the yaml Document API instead, which also keeps
 * comments and order but may normalise spacing.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { configLimitIssue, formatIssue, normaliseDomain, normaliseRegion } from '../../src/core/index.js';
import { BotError, ErrorCode } from '../errors.js';

export interface Entry {
  domain: string;
  bucket: string;
  region: string;
  cdn: boolean;
  certId?: string;
}

export interface EditResult {
  text: string;
  /** `added`, `updated` (an entry for the domain existed with other values) or `removed`. */
  change: 'added' | 'updated' | 'removed';
  /** The file's `prune` flag: without it, removing an entry does not unbind anything on apply. */
  prune: boolean;
}

function load(text: string, path: string): { doc: Document; seq: YAMLSeq<Node> } {
  // The core's limits first, so a hostile file cannot hold the bot; duplicate keys are left to the validation of
  // the edited file (the yaml package's own check of them is quadratic in the size of a mapping).
  const limit = configLimitIssue(text, path);
  if (limit)
    throw new BotError(ErrorCode.ConfigInvalid, `${formatIssue(limit)}\nFix the file in the repository first.`);
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0];
    throw new BotError(
      ErrorCode.ConfigInvalid,
      `${path}${at ? `:${at.line}:${at.col}` : ''} is not valid YAML (${e.message.split('\n')[0]}); fix the file in the repository first.`,
    );
  }
  const seq = doc.get('domains', true);
  if (!isSeq(seq))
    throw new BotError(ErrorCode.ConfigInvalid, `${path} has no \`domains:\` list; add one (\`domains: []\`) first.`);
  return { doc, seq: seq as YAMLSeq<Node> };
}

const findIndex = (seq: YAMLSeq<Node>, domain: string): number =>
  seq.items.findIndex((it) => isMap(it) && normaliseDomain(String((it as YAMLMap).get('domain') ?? '')) === domain);

/** The mapping written for an entry; `region` is left out when the file's defaults already say it. */
function entryObject(doc: Document, e: Entry): Record<string, unknown> {
  const defaultRegion = doc.getIn(['defaults', 'region']);
  const o: Record<string, unknown> = { domain: e.domain, bucket: e.bucket };
  if (normaliseRegion(String(defaultRegion ?? '')) !== e.region) o.region = e.region;
  if (e.cdn) o.cdn = true;
  if (e.certId) o.https = { 'cert-id': e.certId };
  return o;
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number): number => {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
};

/** Column of the `- ` that introduces a block sequence item, or -1 when the source does not look like one. */
function dashColumn(text: string, itemStart: number): number {
  const start = lineStart(text, itemStart);
  const prefix = text.slice(start, itemStart);
  const m = /^(\s*)-\s+$/.exec(prefix);
  return m ? m[1]!.length : -1;
}

/** Adds the entry for `e.domain` (or updates the existing one). Throws `gitops_no_change` when it is already so. */
export function addEntry(text: string, e: Entry, path = 'domains.yml'): EditResult {
  const { doc, seq } = load(text, path);
  const prune = doc.get('prune') === true;
  const obj = entryObject(doc, e);
  const idx = findIndex(seq, normaliseDomain(e.domain));
  if (idx >= 0) {
    const item = seq.items[idx] as YAMLMap;
    const same = Object.entries(obj).every(([k, v]) => JSON.stringify(item.toJSON()[k]) === JSON.stringify(v));
    const extra = ['cdn', 'https'].some((k) => item.has(k) && !(k in obj));
    if (same && !extra)
      throw new BotError(
        ErrorCode.GitOpsNoChange,
        `${e.domain} is already declared in ${path} exactly so; nothing to change.`,
      );
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'domain') continue;
      const cur = item.get(k, true);
      // Assigning to the scalar keeps its comment and quoting; only a new or structured value gets a new node.
      if (isScalar(cur) && typeof v !== 'object') cur.value = v;
      else if (JSON.stringify(item.toJSON()[k]) !== JSON.stringify(v)) item.set(k, doc.createNode(v));
    }
    for (const k of ['cdn', 'https']) if (!(k in obj)) item.delete(k);
    return { text: doc.toString(), change: 'updated', prune };
  }
  const last = seq.items[seq.items.length - 1];
  const first = seq.items[0];
  const col = first?.range && !seq.flow ? dashColumn(text, first.range[0]) : -1;
  if (!last?.range || col < 0) {
    seq.flow = false;
    seq.items.push(doc.createNode(obj));
    return { text: doc.toString(), change: 'added', prune };
  }
  const rendered = stringify([obj])
    .split('\n')
    .filter((l) => l.length)
    .map((l) => `${' '.repeat(col)}${l}\n`)
    .join('');
  let at = lineEnd(text, last.range[1] > 0 ? last.range[1] - 1 : 0);
  let before = text.slice(0, at);
  if (!before.endsWith('\n')) {
    before += '\n';
    at = text.length;
  }
  return { text: before + rendered + text.slice(at), change: 'added', prune };
}

/** Removes the entry for `domain`. Throws `gitops_no_change` when the file does not declare it. */
export function removeEntry(text: string, domain: string, path = 'domains.yml'): EditResult {
  const { doc, seq } = load(text, path);
  const prune = doc.get('prune') === true;
  const idx = findIndex(seq, normaliseDomain(domain));
  if (idx < 0)
    throw new BotError(
      ErrorCode.GitOpsNoChange,
      `${domain} is not declared in ${path}, so there is nothing to remove.`,
    );
  const item = seq.items[idx]!;
  const col = item.range && !seq.flow ? dashColumn(text, item.range[0]) : -1;
  if (seq.items.length === 1 || col < 0 || !item.range) {
    seq.items.splice(idx, 1);
    if (!seq.items.length) seq.flow = true;
    return { text: doc.toString(), change: 'removed', prune };
  }
  const start = lineStart(text, item.range[0]);
  const end = lineEnd(text, item.range[1] > 0 ? item.range[1] - 1 : 0);
  return { text: text.slice(0, start) + text.slice(end), change: 'removed', prune };
}
