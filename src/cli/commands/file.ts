/** Offline commands over domains.yml: validate and policy (which also prints a deploy's policy, without a file). */
import { deployPolicy, inputError, normalisePrefix, parseBucketRef, ramPolicy } from '../../core/index.js';
import { str } from '../args.js';
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
  const bucket = str(ctx.args.flags.deploy);
  if (bucket !== undefined) {
    // The deploy's policy: one bucket and prefix, no domains.yml needed.
    const ref = parseBucketRef(bucket);
    if (ref.problem)
      throw inputError({ message: `--deploy "${bucket}": ${ref.problem.message}`, hint: ref.problem.hint });
    ctx.out.json(deployPolicy(ref.bucket!.name, normalisePrefix(str(ctx.args.flags.prefix))));
    return 0;
  }
  if (str(ctx.args.flags.prefix) !== undefined)
    throw inputError({ message: '--prefix goes with --deploy', hint: 'write: policy --deploy BUCKET --prefix P' });
  const config = await loadOrReport(ctx);
  if (!config) return 1;
  ctx.out.json(ramPolicy(config));
  return 0;
}
