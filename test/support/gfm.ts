/**
 * GitHub-flavoured Markdown as GitHub renders it, for tests that check what people see in a comment, a summary, an
 * issue or a pull request body. micromark with micromark-extension-gfm: it follows the CommonMark and GFM
 * specifications exactly (it is tested against them and against cmark-gfm, the renderer GitHub uses), where `marked`
 * trades exactness for speed. Raw HTML is let through, as GitHub lets the safe part of it through, so a test sees any
 * HTML a value could inject. GitHub's additions on top of GFM are checked by their documented rules: alerts (a
 * blockquote whose first line is `[!CAUTION]`, …), and @mentions and #references, resolved in the rendered text.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
}

/** The text a reader sees: tags dropped, the entities micromark writes decoded (numeric ones it already decoded). */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** GitHub alerts in rendered HTML: the kind of each blockquote whose first line is `[!KIND]`, in order. */
export function alerts(html: string): string[] {
  return [...html.matchAll(/<blockquote>\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\](?:\n|<\/p>)/g)].map(
    (m) => m[1]!,
  );
}

/** The HTML of the first alert of `kind` (up to its closing tag), or undefined. */
export function alertHtml(html: string, kind: string): string | undefined {
  const start = html.search(new RegExp(`<blockquote>\\s*<p>\\[!${kind}\\]`));
  if (start < 0) return undefined;
  return html.slice(start, html.indexOf('</blockquote>', start));
}

/** Every table: its header cells and its rows' cells (as HTML), to check that no value split or ended a row. */
export function tables(html: string): { head: string[]; rows: string[][] }[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => {
    const cells = (row: string, tag: string) =>
      [...row.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((c) => c[1]!);
    const [head, ...rows] = [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => r[1]!);
    return { head: cells(head ?? '', 'th'), rows: rows.map((r) => cells(r, 'td')) };
  });
}

/** What GitHub would turn into a mention or a reference in the visible text: `@name`, `@org/team`, `#12`, `GH-12`. */
export function mentionsAndReferences(text: string): string[] {
  return [...text.matchAll(/@[A-Za-z0-9][\w-]*(?:\/[\w-]+)?|(?<![\w&])#\d+|\bGH-\d+/gi)].map((m) => m[0]);
}
