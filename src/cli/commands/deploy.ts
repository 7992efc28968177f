/** `deploy DIR --bucket NAME[@REGION]`: the core's deploy, and its report for people (stdout) or scripts (--json). */
import { resolve } from 'node:path';
import {
  type CacheRule,
  type DeployResult,
  deploy,
  inputError,
  parseBucketRef,
  parseCacheRule,
} from '../../core/index.js';
import { str } from '../args.js';
import type { Ctx } from '../context.js';

/** Lines listed per section before "… and N more" (the JSON document has them all). */
const SHOWN = 50;

export async function deployCommand(ctx: Ctx): Promise<number> {
  const [dir] = ctx.args.positionals as [string];
  const rawBucket = str(ctx.args.flags.bucket);
  if (!rawBucket)
    throw inputError(
      { message: 'deploy needs --bucket', hint: 'name the bucket: --bucket abc-img, or --bucket abc-img@cn-hangzhou' },
      'MissingArgument',
    );
  const ref = parseBucketRef(rawBucket);
  if (ref.problem)
    throw inputError({ message: `--bucket "${rawBucket}": ${ref.problem.message}`, hint: ref.problem.hint });
  const cacheControl: CacheRule[] = (ctx.args.lists['cache-control'] ?? []).map((r) =>
    parseCacheRule(r, '--cache-control'),
  );
  const f = ctx.args.flags;
  const result = await deploy(ctx.runtime(), {
    dir: resolve(ctx.io.cwd, dir),
    bucket: ref.bucket!,
    prefix: str(f.prefix),
    delete: f.delete === true,
    dryRun: f['dry-run'] === true,
    refresh: f['no-refresh'] !== true,
    preload: f.preload === true,
    wait: f.wait === true,
    includeHidden: f['include-hidden'] === true,
    cacheControl,
  });
  if (ctx.json) ctx.out.json({ ok: true, ...result });
  ctx.out.human(renderDeploy(result));
  const incomplete = result.refresh.result?.tasks?.some((t) => t.status !== 'Complete');
  if (incomplete) return 1;
  return result.dryRun && result.hasChanges ? 2 : 0;
}

function listed<T>(items: T[], line: (x: T) => string): string[] {
  const out = items.slice(0, SHOWN).map(line);
  if (items.length > SHOWN) out.push(`  … and ${items.length - SHOWN} more (--json lists them all)`);
  return out;
}

const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** The report for people: what was (or would be) uploaded, deleted and refreshed, and why. */
export function renderDeploy(r: DeployResult): string {
  const would = r.dryRun ? 'would be ' : '';
  const lines = [`${r.dryRun ? 'Dry run: nothing was written. ' : ''}oss://${r.bucket}/${r.prefix} (${r.region})`];
  const newCount = r.uploads.filter((u) => u.reason === 'new').length;
  lines.push(
    `  ${r.files} file${r.files === 1 ? '' : 's'}: ${r.uploads.length} ${would}uploaded (${newCount} new, ${r.uploads.length - newCount} changed${r.dryRun ? '' : `, ${bytes(r.bytesUploaded)}`}), ` +
      `${r.deletes.length} ${would}deleted, ${r.unchanged} unchanged`,
  );
  if (r.hidden.length > 0)
    lines.push(
      `  ${r.hidden.length} hidden path${r.hidden.length === 1 ? '' : 's'} skipped (--include-hidden deploys them): ${r.hidden.slice(0, 5).join(', ')}${r.hidden.length > 5 ? ', …' : ''}`,
    );
  for (const i of r.ignored) lines.push(`  skipped ${i.path}: ${i.why}`);
  lines.push(
    ...listed(
      r.uploads,
      (u) =>
        `  ↑ ${u.key}  (${u.reason}; ${u.contentType}${u.cacheControl ? `; Cache-Control: ${u.cacheControl}` : ''}${u.multipart ? '; in parts' : ''})`,
    ),
  );
  lines.push(...listed(r.deletes, (k) => `  ✗ ${k}`));
  lines.push(...refreshLines(r));
  return lines.join('\n');
}

function refreshLines(r: DeployResult): string[] {
  const f = r.refresh;
  const lines: string[] = [];
  for (const d of f.domains.filter((x) => x.mode !== 'refresh'))
    lines.push(
      d.mode === 'auto'
        ? `  ${d.domain}: left to OSS (the console's CDN auto-refresh is on for it)`
        : `  ${d.domain}: not refreshed: the CDN domain is ${d.status}`,
    );
  if (f.skipped) return [`Refresh: none (${f.skipped}).`, ...lines];
  const verb = r.dryRun ? 'would refresh' : 'refreshed';
  const what = f.mode === 'directories' ? 'director' : 'URL';
  const n = f.targets.length;
  lines.unshift(`Refresh: ${verb} ${n} ${what}${what === 'URL' ? (n === 1 ? '' : 's') : n === 1 ? 'y' : 'ies'}:`);
  if (f.fallback) lines.splice(1, 0, `  ${f.fallback}`);
  if (f.fromEarlierRun.length > 0)
    lines.push(`  including ${f.fromEarlierRun.length} key(s) an earlier deploy that did not finish left to refresh`);
  lines.push(...listed(f.targets, (t) => `  ${t}`));
  const res = f.result;
  if (res) {
    for (const c of res.calls)
      lines.push(`  ${c.type} ×${c.count}: task ${c.taskIds.join(', ')} (request ${c.requestId})`);
    if (res.tasks) {
      const done = res.tasks.filter((t) => t.status === 'Complete').length;
      lines.push(`  ${done}/${res.tasks.length} tasks complete.`);
    }
  }
  return lines;
}
