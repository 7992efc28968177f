/**
 * GitOps mode: a confirmed bind or unbind becomes a pull request that edits domains.yml on a new branch, so the
 * repository stays the single source of truth and the Action applies the change when it is merged.
 */
import { randomBytes } from 'node:crypto';
import { type ChangeArgs, commandText } from '../buttons.js';
import { BotError, ErrorCode } from '../errors.js';
import type { GitOpsSettings } from '../settings.js';
import { addEntry, type EditResult, removeEntry } from './edit.js';
import type { GitHubClient } from './github.js';

export interface PullRequestResult {
  url: string;
  number: number;
  branch: string;
  edit: EditResult;
}

/** Checks the edited file with the same loader the Action uses; returns problems as lines (none = valid). */
export type Validate = (text: string, path: string) => string[];

export interface OpenOptions {
  gh: GitHubClient;
  settings: GitOpsSettings;
  args: ChangeArgs;
  requester: string;
  confirmer: string;
  now: number;
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
  const stamp = new Date(o.now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const branch = `oss-domains/${args.cmd}-${slug(args.domain)}-${stamp}-${randomBytes(2).toString('hex')}`;
  const sha = await gh.branchSha(base);
  await gh.createBranch(branch, sha);
  const what = args.cmd === 'bind' ? `bind ${args.domain} to ${args.bucket}` : `unbind ${args.domain}`;
  await gh.putFile(s.path, {
    text: edit.text,
    sha: file.sha,
    branch,
    message: `oss-domains: ${what}\n\nRequested in Slack by ${o.requester}, confirmed by ${o.confirmer}.`,
  });
  const body = [
    `Requested in Slack by \`${o.requester}\` and confirmed by \`${o.confirmer}\`: \`${commandText(args)}\`.`,
    `This ${edit.change === 'removed' ? 'removes the entry from' : edit.change === 'updated' ? 'changes the entry in' : 'adds the entry to'} \`${s.path}\`; the oss-domains Action applies it when this is merged.`,
    args.cmd === 'unbind' && !edit.prune
      ? `> [!WARNING]\n> \`${s.path}\` has \`prune: false\`, so merging this only stops managing \`${args.domain}\`; it does not unbind it. Set \`prune: true\`, or run \`oss-domains unbind ${args.domain}\`.`
      : '',
    o.planText ? `<details><summary>Plan when confirmed</summary>\n\n\`\`\`\n${o.planText}\n\`\`\`\n</details>` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const pr = await gh.createPull({ title: `oss-domains: ${what}`, head: branch, base, body });
  return { ...pr, branch, edit };
}
