/**
 * The one layout of every document the Action writes for people — the plan comment, the job summary, the drift
 * issue — and the one place that makes it fit. A document is: a title, a headline of counts, then (whenever anything
 * is in conflict or failed) a `> [!CAUTION]` alert listing every conflict and failure with its fix, then blocks of
 * items (the changes table, checks, lists). Each item has a rank; when the surface's limit is near, items are left
 * out from the highest rank down (plain creates and unchanged domains first) and a note says how many of what were
 * left out and where the whole plan is. The caution alert is never cut while it fits at all: it is written compactly
 * first (grouped by fix), and only a caution list that cannot fit even so is cut, with the count.
 *
 * Sizes are counted exactly as the surface counts them, the hidden marker and the footer included.
 */
import { alert, count } from '../../github/markdown.js';

export interface Surface {
  /** The most the whole body may be, as `measure` counts. */
  limit: number;
  measure: (s: string) => number;
  /** Written before the document (the hidden marker), counted in the limit. */
  head?: string;
  /** Written after the document (a footer), counted in the limit. */
  foot?: string;
  /** Where the whole document is when this one is cut: a Markdown sentence ("The whole plan is in …."). */
  whole: string;
  /** The limit in words, for the note ("GitHub's 65,536-character limit for a comment"). */
  limitName: string;
}

export interface Item {
  /** Markdown of the item (a table row, a list line, a name). */
  text: string;
  /** Lower ranks are kept longer; see `Rank`. */
  rank: number;
  /** What the item is, for the note when it is left out: a key of `Doc.kinds`. */
  kind: string;
}

/** The order in which items are given up when space runs out: the last first. */
export const Rank = {
  conflict: 1,
  failed: 1,
  delete: 2,
  update: 3,
  check: 4,
  warning: 4,
  create: 5,
  unchanged: 6,
  noop: 6,
} as const;

export interface Block {
  /** Written before the first item kept (a heading, a table header). */
  head: string;
  items: Item[];
  /** Between two items. */
  sep: string;
  /** Written after the last item kept. */
  tail?: string;
}

export interface CautionEntry {
  /** The whole entry: what, where, why, the fix (Markdown, one line). */
  full: string;
  /** The subject alone (a domain name), for the compact form. */
  name: string;
  /** Entries that share the fix share this key and are listed together in the compact form. */
  group: string;
  /** The compact form's line for the group: `**foreign-record**: … → fix`. */
  groupLine: string;
}

export interface Doc {
  /** `### oss-domains plan`. */
  title: string;
  /** The counts, first thing read. */
  headline: string;
  /** Set whenever anything is in conflict or failed. */
  caution?: { lead: string; entries: CautionEntry[] };
  blocks: Block[];
  /** How to say `n` items of a kind ("3 domains to create"); every item's kind has one. */
  kinds: Record<string, (n: number) => string>;
}

const PARA = '\n\n';

/** The caution alert in full, compact (grouped by fix), or compact and cut to `max` names. */
function cautionText(c: NonNullable<Doc['caution']>, form: 'full' | 'compact', whole = '', max = Infinity): string {
  if (form === 'full') return alert('CAUTION', [c.lead, ...c.entries.map((e) => `- ${e.full}`)]);
  const groups = new Map<string, { line: string; names: string[] }>();
  for (const e of c.entries) {
    const g = groups.get(e.group) ?? { line: e.groupLine, names: [] };
    g.names.push(e.name);
    groups.set(e.group, g);
  }
  let shown = 0;
  const lines = [c.lead];
  for (const g of groups.values()) {
    const names = g.names.slice(0, Math.max(0, max - shown));
    shown += names.length;
    if (names.length > 0) lines.push(`- ${g.line} (${g.names.length}): ${names.join(', ')}`);
  }
  const cut = c.entries.length - shown;
  if (cut > 0) lines.push(`- … and ${cut} more, left out to fit. ${whole}`);
  return alert('CAUTION', lines);
}

/** The note that says what was left out (`left`: counts per kind) and where the whole plan is. */
function cutNote(doc: Doc, s: Surface, left: Map<string, number>): string {
  const what = [...left].map(([kind, n]) => doc.kinds[kind]!(n)).join(', ');
  return alert('NOTE', [`Left out to stay within ${s.limitName}: ${what}. ${s.whole}`]);
}

const blockText = (b: Block, items: Item[]): string =>
  `${b.head}${items.map((i) => i.text).join(b.sep)}${b.tail ?? ''}`;

function assemble(doc: Doc, s: Surface, caution: string | undefined, kept: Set<Item>, note?: string): string {
  const parts = [doc.title, doc.headline];
  if (caution) parts.push(caution);
  if (note) parts.push(note);
  for (const b of doc.blocks) {
    const items = b.items.filter((i) => kept.has(i));
    if (items.length > 0) parts.push(blockText(b, items));
  }
  return `${s.head ?? ''}${parts.join(PARA)}${s.foot ?? ''}`;
}

/**
 * Fits the mandatory part (title, headline, caution, and room for the note `note` that may have to follow): the full
 * caution alert, else compact, else compact and cut.
 */
function fitCaution(doc: Doc, s: Surface, note: string | undefined): string | undefined {
  if (!doc.caution) return undefined;
  const size = (c: string) => s.measure(assemble(doc, s, c, new Set(), note));
  const full = cautionText(doc.caution, 'full');
  if (size(full) <= s.limit) return full;
  const compact = cautionText(doc.caution, 'compact');
  if (size(compact) <= s.limit) return compact;
  let lo = 0;
  let hi = doc.caution.entries.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(cautionText(doc.caution, 'compact', s.whole, mid)) <= s.limit) lo = mid;
    else hi = mid - 1;
  }
  return cautionText(doc.caution, 'compact', s.whole, lo);
}

/**
 * Renders `doc` for surface `s`: everything when it fits; else the mandatory part, then items by rank (file order
 * within a rank) while they fit beside a note sized for the worst case, stopping at the first that does not, so a
 * domain of a lower rank never pushes out one of a higher rank.
 */
export function render(doc: Doc, s: Surface): string {
  const all = new Set(doc.blocks.flatMap((b) => b.items));
  const everything = assemble(doc, s, doc.caution && cautionText(doc.caution, 'full'), all);
  if (s.measure(everything) <= s.limit) return everything;
  const totals = new Map<string, number>();
  for (const i of all) totals.set(i.kind, (totals.get(i.kind) ?? 0) + 1);
  const worstNote = all.size > 0 ? cutNote(doc, s, totals) : undefined;
  const caution = fitCaution(doc, s, worstNote);
  let used = s.measure(assemble(doc, s, caution, new Set(), worstNote));
  const kept = new Set<Item>();
  const order = doc.blocks.flatMap((b) => b.items.map((item) => ({ item, block: b })));
  order.sort((a, b) => a.item.rank - b.item.rank);
  const opened = new Set<Block>();
  for (const { item, block } of order) {
    const first = !opened.has(block);
    const cost =
      s.measure(item.text) + (first ? s.measure(PARA + block.head + (block.tail ?? '')) : s.measure(block.sep));
    if (used + cost > s.limit) break;
    used += cost;
    kept.add(item);
    opened.add(block);
  }
  const left = new Map<string, number>();
  for (const i of all) if (!kept.has(i)) left.set(i.kind, (left.get(i.kind) ?? 0) + 1);
  const out = assemble(doc, s, caution, kept, left.size > 0 ? cutNote(doc, s, left) : undefined);
  if (s.measure(out) > s.limit) throw new Error(`internal: a report of ${s.measure(out)} exceeds ${s.limit}`);
  return out;
}

/** `1 domain to create`, `3 domains in conflict`: a kind that counts domains. */
export const domains =
  (what: string) =>
  (n: number): string =>
    `${count(n, 'domain')}${what ? ` ${what}` : ''}`;
