/** Offline commands over domains.yml: validate and policy. */
import { ramPolicy } from '../../core/index.js';
import { type Ctx, configPath, loadOrReport } from '../context.js';

export async function validateCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  const n = config.domains.length;
  ctx.out.human(`${configPath(ctx)} is valid: ${n} domain${n === 1 ? '' : 's'}, owner "${config.owner}".`);
  if (ctx.json) ctx.out.json({ ok: true, domains: config.domains.map((d) => d.domain) });
  return 0;
}

export async function policyCommand(ctx: Ctx): Promise<number> {
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  ctx.out.json(ramPolicy(config));
  return 0;
}
