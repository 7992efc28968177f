/** The commands that need no file: bind, unbind, status, refresh. */
import { type DomainStatus, desiredFromBind, desiredFromUnbind, refresh, status } from '../../core/index.js';
import { str } from '../args.js';
import { type Ctx, loadOrReport, oneDomainState, ownerOf } from '../context.js';
import { table } from '../output.js';
import { reconcile } from './apply.js';

export async function bindCommand(ctx: Ctx): Promise<number> {
  // main() has checked the number of arguments.
  const [domain, bucket] = ctx.args.positionals as [string, string];
  const state = await oneDomainState(ctx);
  if (state === null) return 1;
  const desired = await desiredFromBind(ctx.runtime(), {
    domain,
    bucket,
    region: str(ctx.args.flags.region),
    cdn: ctx.args.flags.cdn === true,
    certId: str(ctx.args.flags['cert-id']),
    takeover: ctx.args.flags.takeover === true,
    owner: ownerOf(ctx.io.env),
  });
  return reconcile(ctx, { ...desired, state }, 'bind');
}

export async function unbindCommand(ctx: Ctx): Promise<number> {
  const [domain] = ctx.args.positionals as [string];
  const state = await oneDomainState(ctx);
  if (state === null) return 1;
  return reconcile(ctx, { ...desiredFromUnbind(domain, ownerOf(ctx.io.env)), state }, 'unbind');
}

export async function statusCommand(ctx: Ctx): Promise<number> {
  let domains = ctx.args.positionals;
  if (domains.length === 0) {
    const config = await loadOrReport(ctx);
    if (!config) {
      ctx.out.err('Name the domains (oss-domains status img.abc.com) or run it next to a domains.yml.');
      return 1;
    }
    domains = config.domains.map((d) => d.domain);
  }
  const rows = await status(ctx.runtime(), { domains });
  if (ctx.json) ctx.out.json(rows);
  const lines = [['DOMAIN', 'BUCKET', 'DNS RECORD', 'CDN', 'HTTPS', 'RESOLVES']];
  for (const s of rows) {
    lines.push([
      s.domain,
      s.binding ? `${s.binding.bucket} (${s.binding.region})` : '—',
      s.record ? `${s.record.type} ${s.record.value}${s.record.owned ? '' : ' (not ours)'}` : '—',
      s.cdn ? `${s.cdn.status}` : '—',
      httpsCell(s),
      s.verification ? (s.verification.ok ? 'yes' : 'no') : '—',
    ]);
  }
  ctx.out.human(table(lines));
  return 0;
}

/** The certificates a domain is served with: OSS's binding and, behind CDN, the edge's. */
function httpsCell(s: DomainStatus): string {
  const until = (at?: string) => (at ? ` until ${at.slice(0, 10)}` : '');
  const parts: string[] = [];
  if (s.binding?.certId) parts.push(`OSS ${s.binding.certId}${until(s.binding.certExpires)}`);
  if (s.cdn?.https) parts.push(`CDN ${s.cdn.certId ?? '(uploaded or free)'}${until(s.cdn.certExpires)}`);
  return parts.join('; ') || '—';
}

export async function refreshCommand(ctx: Ctx): Promise<number> {
  const paths = ctx.args.positionals;
  const result = await refresh(ctx.runtime(), {
    paths,
    preload: ctx.args.flags.preload === true,
    wait: ctx.args.flags.wait === true,
  });
  if (ctx.json) ctx.out.json(result);
  const verb = ctx.args.flags.preload ? 'Preloading' : 'Refreshing';
  ctx.out.human(
    `${verb} ${result.urls} URL${result.urls === 1 ? '' : 's'} and ${result.directories} director${result.directories === 1 ? 'y' : 'ies'} in ${result.calls.length} call${result.calls.length === 1 ? '' : 's'}.`,
  );
  for (const c of result.calls)
    ctx.out.human(`  ${c.type} ×${c.count}: task ${c.taskIds.join(', ')} (request ${c.requestId})`);
  if (result.tasks) {
    const done = result.tasks.filter((t) => t.status === 'Complete').length;
    ctx.out.human(`${done}/${result.tasks.length} tasks complete.`);
    if (done < result.tasks.length) return 1;
  }
  return 0;
}
