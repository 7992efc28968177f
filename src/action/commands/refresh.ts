/** `refresh`: CDN cache refresh of the paths a deploy changed, batched by the core within the API's limits. */
import { refresh } from '../../core/index.js';
import { refreshDoc, summaryMarkdown } from '../report/index.js';
import type { ActionSettings } from '../settings.js';
import { type CommandOutcome, runtime } from '../shared.js';

export async function runRefresh(settings: ActionSettings): Promise<CommandOutcome> {
  const result = await refresh(runtime(), { paths: settings.paths, bucket: settings.bucket });
  const total = result.urls + result.directories;
  return {
    outputs: { 'has-changes': String(result.calls.length > 0), changes: String(total) },
    report: summaryMarkdown(refreshDoc(result)),
  };
}
