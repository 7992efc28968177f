/** `deploy`: the `source` directory to the bucket, and the refresh of what changed at the edge (all in the core). */
import { deploy } from '../../core/index.js';
import { deployDoc, summaryMarkdown } from '../report/index.js';
import type { ActionSettings } from '../settings.js';
import { type CommandOutcome, runtime } from '../shared.js';

export async function runDeploy(settings: ActionSettings): Promise<CommandOutcome> {
  // parseSettings guarantees both for `deploy`.
  const d = settings.deploy!;
  const result = await deploy(runtime(), {
    dir: d.source.path,
    bucket: settings.bucket!,
    prefix: d.prefix,
    delete: d.delete,
    includeHidden: d.includeHidden,
    cacheControl: d.cacheControl,
  });
  return {
    outputs: { 'has-changes': String(result.hasChanges), changes: String(result.changes) },
    report: summaryMarkdown(deployDoc(result, d.source.relative)),
  };
}
