/**
 * The settings a front-end without domains.yml takes from its environment (the bot, the CLI's one-domain commands),
 * checked by the same rules as the file, each problem naming its variable.
 */
import { checkBucketName, checkOwner, checkRegion, type NameProblem, normaliseRegion } from '../names.js';
import { DEFAULT_OWNER } from './definition.js';

const named = (variable: string, p: NameProblem | undefined): NameProblem | undefined =>
  p && { message: `${variable}: ${p.message}`, hint: p.hint };

/**
 * The apply lock and audit bucket named by `OSS_DOMAINS_STATE_BUCKET` and `OSS_DOMAINS_STATE_REGION`: both or
 * neither, with the rules of `state:` in domains.yml. Every problem is reported, not only the first.
 */
export function stateFromEnv(env: NodeJS.ProcessEnv): {
  state?: { bucket: string; region: string };
  problems: NameProblem[];
} {
  const bucket = env.OSS_DOMAINS_STATE_BUCKET?.trim() || undefined;
  const region = env.OSS_DOMAINS_STATE_REGION?.trim() || undefined;
  if (!bucket && !region) return { problems: [] };
  if (!bucket) {
    return {
      problems: [
        { message: 'OSS_DOMAINS_STATE_REGION is set without OSS_DOMAINS_STATE_BUCKET', hint: 'set both, or neither' },
      ],
    };
  }
  if (!region) {
    return {
      problems: [
        {
          message: 'OSS_DOMAINS_STATE_BUCKET is set without OSS_DOMAINS_STATE_REGION',
          hint: "set the state bucket's region too, e.g. OSS_DOMAINS_STATE_REGION=cn-hangzhou",
        },
      ],
    };
  }
  const problems = [
    named('OSS_DOMAINS_STATE_BUCKET', checkBucketName(bucket)),
    named('OSS_DOMAINS_STATE_REGION', checkRegion(region)),
  ].filter((p): p is NameProblem => p !== undefined);
  return problems.length ? { problems } : { state: { bucket, region: normaliseRegion(region) }, problems };
}

/** The ownership marker of `OSS_DOMAINS_OWNER` (default `default`, as in domains.yml). */
export function ownerFromEnv(env: NodeJS.ProcessEnv): { owner: string; problem?: NameProblem } {
  const owner = env.OSS_DOMAINS_OWNER?.trim() || DEFAULT_OWNER;
  return { owner, problem: named('OSS_DOMAINS_OWNER', checkOwner(owner)) };
}
