/**
 * `deploy`, as a document (see layout.ts): the counts first, then the files uploaded and deleted, then the refresh —
 * which CDN domains, how (URLs, or directories when the URLs did not fit the day's quota, said so), and the calls.
 * Keys, domains, request ids and messages are escaped; when space runs out, unchanged-rank rows go first.
 */
import type { DeployResult } from '../../core/index.js';
import { count, escapeMarkdown as esc, tableHead, tableRow } from '../../github/markdown.js';
import { type Block, type Doc, Rank } from './layout.js';

/** A code span; keys, URLs and ids never hold a backtick (URLs encode it), but a key could. */
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function headline(r: DeployResult, source: string): string {
  const f = r.refresh;
  const refreshed = f.skipped
    ? `No CDN refresh: ${esc(f.skipped)}.`
    : `Refreshed ${count(f.targets.length, f.mode === 'directories' ? 'directory' : 'URL', f.mode === 'directories' ? 'directories' : 'URLs')} on ${count(f.domains.filter((d) => d.mode === 'refresh').length, 'CDN domain')}.`;
  return (
    `**${count(r.uploads.length, 'file')} uploaded, ${count(r.deletes.length, 'object')} deleted**, ${r.unchanged} unchanged ` +
    `(${esc(source)} → ${code(`oss://${r.bucket}/${r.prefix}`)}). ${refreshed}`
  );
}

function refreshBlock(r: DeployResult): Block {
  const f = r.refresh;
  const lines: string[] = [];
  if (f.fallback) lines.push(`> [!NOTE]\n> ${esc(f.fallback)}.`);
  for (const d of f.domains.filter((x) => x.mode !== 'refresh'))
    lines.push(
      d.mode === 'auto'
        ? `- ${esc(d.domain)}: left to OSS (the console's CDN auto-refresh is on for it)`
        : `- ${esc(d.domain)}: not refreshed, the CDN domain is ${esc(d.status)}`,
    );
  if (f.fromEarlierRun.length > 0)
    lines.push(
      `- ${count(f.fromEarlierRun.length, 'key')} left by an earlier deploy that did not finish are refreshed too`,
    );
  for (const c of f.result?.calls ?? [])
    lines.push(`- ${c.type} ×${c.count}: task ${esc(c.taskIds.join(', '))} (request ${code(c.requestId)})`);
  return {
    head: `#### Refresh\n\n${lines.length > 0 ? `${lines.join('\n')}\n\n` : ''}`,
    // As code: a URL in text becomes a link, and its encoded characters (%20) stay as they were sent.
    items: f.targets.map((t) => ({ text: `- ${code(t)}`, rank: Rank.check, kind: 'url' })),
    sep: '\n',
  };
}

export function deployDoc(r: DeployResult, source: string): Doc {
  const uploads: Block = {
    head: `#### Uploaded\n\n${tableHead(['key', 'why', 'Content-Type', 'Cache-Control', 'request id'])}\n`,
    items: r.uploads.map((u) => ({
      text: tableRow([
        esc(u.key),
        u.reason,
        esc(u.contentType),
        esc(u.cacheControl ?? '—'),
        u.requestId ? code(u.requestId) : '',
      ]),
      rank: u.reason === 'new' ? Rank.create : Rank.update,
      kind: u.reason === 'new' ? 'new' : 'changed',
    })),
    sep: '\n',
  };
  const deletes: Block = {
    head: '#### Deleted\n\n',
    items: r.deletes.map((k) => ({ text: `- ${esc(k)}`, rank: Rank.delete, kind: 'deleted' })),
    sep: '\n',
  };
  return {
    title: '### oss-domains deploy',
    headline: headline(r, source),
    blocks: [uploads, deletes, refreshBlock(r)],
    kinds: {
      new: (n) => count(n, 'new file'),
      changed: (n) => count(n, 'changed file'),
      deleted: (n) => count(n, 'deleted object'),
      url: (n) => count(n, 'refreshed path'),
    },
  };
}
