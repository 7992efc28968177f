/**
 * Deploying a directory to a bucket prefix and refreshing what changed at the edge. This entry holds what front-ends
 * need to prepare a deploy (types, rule parsing, limits, the RAM policy) and `deploy`, which loads the deploy itself
 * (run.ts, with the MIME database and the glob matcher) only when a deploy runs: no other command's start pays for it.
 */
import type { Runtime } from '../ports.js';
import type { DeployRequest, DeployResult } from './types.js';

export { type CacheRule, HASHED_CACHE_CONTROL, HTML_CACHE_CONTROL, NO_HEADER, parseCacheRule } from './cache-rule.js';
export { JOURNAL_DIR } from './journal.js';
export { hasContentHash, isHidden, normalisePrefix, urlPath } from './keys.js';
export { MAX_DIRECTORIES, MULTIPART_THRESHOLD, PART_SIZE } from './limits.js';
export {
  DEPLOY_CDN_ACTIONS,
  DEPLOY_DELETE_ACTIONS,
  DEPLOY_LIST_ACTIONS,
  DEPLOY_OBJECT_ACTIONS,
  DEPLOY_READ_ACTIONS,
  deployPolicy,
} from './ram.js';
export type { EdgeDomain } from './targets.js';
export type * from './types.js';

/**
 * Uploads the files of a directory that differ from the objects under a prefix (deleting the others only when asked),
 * then refreshes exactly their URLs on every CDN domain in front of the bucket. A dry run reads and decides only.
 */
export async function deploy(rt: Runtime, req: DeployRequest): Promise<DeployResult> {
  return (await import('./run.js')).runDeploy(rt, req);
}
