/**
 * GitOps mode: a confirmed bind or unbind becomes a pull request that edits domains.yml on a new branch, so the
 * repository stays the single source of truth and the Action applies the change when it is merged.
 *
 * Idempotent per button: the branch is named after the confirmed request (`key`), so a second click of the same
 * button — on any replica, at the same moment or after a failure half-way — finds the branch, finishes what is
 * missing (the commit, the pull request) and answers with the one pull request, never a second.
 */
import { escapeMarkdown as esc } from '../../src/github/markdown.js';
import { type ChangeArgs, commandText } from '../buttons.js';
import { BotError, ErrorCode } from '../errors.js';
import type { GitOpsSettings } from '../settings.js';
import { addEntry, type EditResult, removeEntry } from './edit.js';
import { alreadyExists, type GitHubClient } from './github.js';

export interface PullRequestResult {
  url: string;
  number: number;
  branch: string;
  edit: EditResult;
  /** True when an earlier click of the same button had opened it. */
  existing: boolean;
}

/** Checks the edited file with the same loader the Action uses; returns problems as lines (none = valid). */
export type Validate = (text: string, path: string) => string[];

export interface OpenOptions {
  gh: GitHubClient;
  settings: GitOpsSettings;
  args: ChangeArgs;
  requester: string;
  confirmer: string;
  /** The confirmed request's id (buttons.ts `requestKey`): the same for every click of one button. */
  key: string;
  validate: Validate;
  /** The plan as text, for the pull request's description. */
  planText?: string;
}

const slug = (s: string): string => s.replace(/[^a-z0-9.-]+/gi, '-').slice(0, 60);

export async function openPullRequest(o: OpenOptions): Promise<PullRequestResult> {
  const { gh, settings: s, args } = o;
  const base = await gh.defaultBranch();
  const file = await gh.getFile(s.path, base);
  const edit =
    args.cmd === 'bind'
      ? addEntry(
          file.text,
          { domain: args.domain, bucket: args.bucket, region: args.region, cdn: args.cdn, certId: args.certId },
          s.path,
        )
      : removeEntry(file.text, args.domain, s.path);
  const problems = o.validate(edit.text, s.path);
  if (problems.length)
    throw new BotError(
      ErrorCode.ConfigInvalid,
      `The edited ${s.path} would not be valid, so no pull request was opened:\n${problems.slice(0, 5).join('\n')}\nFix the file on ${base} first.`,
    );
  const branch = `oss-domains/${args.cmd}-${slug(args.domain)}-${o.key}`;
  const made = await gh.createBranch(branch, await gh.branchSha(base));
  if (made === 'exists') {
    const open = await gh.findPull(branch);
    if (open) return { ...open, branch, edit, existing: true };
  }
  const what = args.cmd === 'bind' ? `bind ${args.domain} to ${args.bucket}` : `unbind ${args.domain}`;
  await commitOnce(gh, s.path, branch, edit.text, made === 'exists' ? undefined : file.sha, {
    message: `oss-domains: ${what}\n\nRequested in Slack by ${o.requester}, confirmed by ${o.confirmer}.`,
  });
  // Every value here came from Slack, the file or the cloud: escaped for GitHub Markdown.
  const body = [
    `Requested in Slack by ${esc(o.requester)} and confirmed by ${esc(o.confirmer)}: ${esc(commandText(args))}.`,
    `This ${edit.change === 'removed' ? 'removes the entry from' : edit.change === 'updated' ? 'changes the entry in' : 'adds the entry to'} ${esc(s.path)}; the oss-domains Action applies it when this is merged.`,
    args.cmd === 'unbind' && !edit.prune
      ? `> [!WARNING]\n> ${esc(s.path)} has \`prune: false\`, so merging this only stops managing ${esc(args.domain)}; it does not unbind it. Set \`prune: true\`, or run ${esc(`oss-domains unbind ${args.domain}`)}.`
      : '',
    o.planText ? `<details><summary>Plan when confirmed</summary>\n\n${esc(o.planText)}\n\n</details>` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  try {
    const pr = await gh.createPull({ title: `oss-domains: ${what}`, head: branch, base, body });
    return { ...pr, branch, edit, existing: false };
  } catch (e) {
    // "A pull request already exists for …": the other click got there first.
    const open = alreadyExists(e) ? await gh.findPull(branch) : undefined;
    if (open) return { ...open, branch, edit, existing: true };
    throw e;
  }
}

/**
 * Commits `text` to `path` on `branch` unless the branch has it already. `sha` is the blob the branch starts from
 * (undefined: read it, the branch was there before us); a commit refused because another click committed first is
 * fine when the file now holds the same text.
 */
async function commitOnce(
  gh: GitHubClient,
  path: string,
  branch: string,
  text: string,
  sha: string | undefined,
  o: { message: string },
): Promise<void> {
  let from = sha;
  if (from === undefined) {
    const cur = await gh.getFile(path, branch);
    if (cur.text === text) return;
    from = cur.sha;
  }
  try {
    await gh.putFile(path, { text, sha: from, branch, message: o.message });
  } catch (e) {
    if ((await gh.getFile(path, branch).catch(() => undefined))?.text !== text) throw e;
  }
}
