/**
 * Where a report is shown, and how much fits there. GitHub refuses a comment or an issue body over 65,536 characters
 * and a job summary over 1 MiB. Comment and issue sizes are counted as JavaScript counts a string (UTF-16 code units),
 * which is never fewer than the characters GitHub counts; the summary is counted in UTF-8 bytes, as the runner does.
 */
import { DRIFT_ISSUE_MARKER, GITHUB_BODY_LIMIT, PLAN_COMMENT_MARKER, SUMMARY_LIMIT_BYTES } from '../constants.js';
import type { Surface } from './layout.js';

const chars = (s: string): number => s.length;
const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

const summaryLink = (runUrl: string | undefined): string =>
  runUrl ? `the [job summary](${runUrl})` : 'the job summary of this run';

/** The pull request comment: the hidden marker first, a footer pointing at the run. */
export function commentSurface(runUrl: string | undefined): Surface {
  return {
    limit: GITHUB_BODY_LIMIT,
    measure: chars,
    head: `${PLAN_COMMENT_MARKER}\n`,
    foot: `\n\n<sub>Updated by oss-domains on every push; the full report is in ${summaryLink(runUrl)}.</sub>`,
    whole: `The whole plan is in ${summaryLink(runUrl)} and the \`plan-json\` output of this run.`,
    limitName: 'the 65,536 characters of a GitHub comment',
  };
}

/** The drift issue: the hidden marker first, then the report, then `foot` (which run last checked). */
export function issueSurface(runUrl: string | undefined, foot: string): Surface {
  return {
    limit: GITHUB_BODY_LIMIT,
    measure: chars,
    head: `${DRIFT_ISSUE_MARKER}\n`,
    foot: `\n\n${foot}`,
    whole: `The whole report is in ${summaryLink(runUrl)} and the \`plan-json\` output of the run that last checked.`,
    limitName: 'the 65,536 characters of a GitHub issue',
  };
}

/**
 * The job summary (and the `report` output, which holds the same text). `core.summary.addRaw(text, true)` adds one
 * line break, which is counted here.
 */
export const summarySurface: Surface = {
  limit: SUMMARY_LIMIT_BYTES - 1,
  measure: utf8,
  whole: 'The whole plan is in the `plan-json` output of this step.',
  limitName: 'the 1 MiB of a job summary',
};
