/**
 * The reports that are not plans, as documents (see layout.ts): refresh calls, an invalid domains.yml, and a command
 * that stopped with an error. Values (paths, request ids, messages that echo the file or the cloud) are escaped.
 */
import type { ConfigIssue, RefreshResult } from '../../core/index.js';
import { count, escapeMarkdown as esc, tableHead, tableRow } from '../../github/markdown.js';
import { type Doc, Rank } from './layout.js';

/** `refresh`: one row per API call, with the quota before and the tasks' progress. */
export function refreshDoc(result: RefreshResult): Doc {
  const quota = result.quotaBefore
    ? ` Daily quota before: ${result.quotaBefore.urlRemain} of ${result.quotaBefore.urlQuota} URLs, ` +
      `${result.quotaBefore.dirRemain} of ${result.quotaBefore.dirQuota} directories left.`
    : '';
  const tasks = result.tasks
    ? ` ${result.tasks.filter((t) => t.status === 'Complete').length} of ${count(result.tasks.length, 'task')} complete.`
    : '';
  const headline =
    `**${count(result.urls, 'URL')} and ${count(result.directories, 'directory', 'directories')}** in ` +
    `${count(result.calls.length, 'call')}.${quota}${tasks}`;
  const items = result.calls.map((c, i) => ({
    text: tableRow([String(i + 1), c.type, String(c.count), esc(c.requestId), esc(c.taskIds.join(', '))]),
    rank: Rank.check,
    kind: 'call',
  }));
  return {
    title: '### oss-domains refresh',
    headline,
    blocks: [{ head: `${tableHead(['call', 'type', 'paths', 'request id', 'task ids'])}\n`, items, sep: '\n' }],
    kinds: { call: (n) => count(n, 'call') },
  };
}

/** An invalid domains.yml: every problem, where it is and how to fix it (the annotations carry the same). */
export function issuesDoc(file: string, issues: ConfigIssue[]): Doc {
  const items = issues.map((i) => ({
    text: tableRow([esc(`${i.line}:${i.column}`), esc(i.message), esc(i.hint ?? '')]),
    rank: Rank.failed,
    kind: 'problem',
  }));
  return {
    title: `### oss-domains: ${esc(file)} is not valid`,
    headline: `**${count(issues.length, 'problem')}**, also shown as annotations on the lines of the file.`,
    caution: {
      lead: `**Nothing was planned or changed.** Fix ${issues.length === 1 ? 'the problem' : 'each problem'} below, then push again.`,
      entries: [],
    },
    blocks: [{ head: `${tableHead(['line:col', 'problem', 'how to fix'])}\n`, items, sep: '\n' }],
    kinds: { problem: (n) => count(n, 'problem') },
  };
}

const MAX_ERROR = 8_000;

/** A command that stopped with an error: the message (the cloud's answer and what to do) in the caution alert. */
export function errorDoc(command: string, message: string): Doc {
  return {
    title: `### oss-domains ${command} failed`,
    headline: `**oss-domains ${command} stopped with an error.**`,
    // An error message is a few lines; one that is not is cut, so that the report always fits.
    caution: { lead: esc(message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR)} …` : message), entries: [] },
    blocks: [],
    kinds: {},
  };
}
