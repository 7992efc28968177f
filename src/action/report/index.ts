/**
 * The Action's reports: a document is built once per command (plan.ts, apply.ts, other.ts) and rendered for each
 * place it is shown (surfaces.ts), by the one layout that makes it fit (layout.ts).
 */
import { type Doc, render } from './layout.js';
import { errorDoc } from './other.js';
import { commentSurface, issueSurface, summarySurface } from './surfaces.js';

export { applyDoc, domainsChanged } from './apply.js';
export { deployDoc } from './deploy.js';
export type { Doc } from './layout.js';
export { errorDoc, issuesDoc, refreshDoc } from './other.js';
export { domainsToChange, driftDoc, planDoc, type Where } from './plan.js';

/** The job summary, which is also the `report` output. */
export const summaryMarkdown = (doc: Doc): string => render(doc, summarySurface);

/** The pull request comment: the hidden marker, the report, a footer pointing at the run. */
export const commentBody = (doc: Doc, runUrl: string | undefined): string => render(doc, commentSurface(runUrl));

/** The job summary of a command that stopped with an error. */
export const errorReport = (command: string, message: string): string => summaryMarkdown(errorDoc(command, message));

/** The drift issue's body: the hidden marker, the report, then `foot`. */
export const issueBody = (doc: Doc, runUrl: string | undefined, foot: string): string =>
  render(doc, issueSurface(runUrl, foot));
