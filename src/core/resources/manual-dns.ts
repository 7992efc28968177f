/**
 * `dns: none`: the domain's records live at another DNS provider, which this tool cannot write or list. The plan
 * names every record that provider must hold, with its value, and the planner knows whether they are there by
 * asking a resolver (a DNS query, not an API call):
 *
 * - `_dnsauth.<domain>` TXT = the ownership token, while the domain is not bound yet. The token is read with
 *   GetCnameToken (a read, so `plan` may show it); when OSS has issued none, apply creates it and prints it.
 * - `<domain>` CNAME = the target (the bucket's domain, or the CNAME CDN assigns), until the resolver shows it.
 *
 * A missing record is a `manual-record` step, so `plan` and `drift` report it as a pending change (drift exits 2)
 * until it exists. Apply prints the records and binds once OSS sees the TXT record; it does not wait for the other
 * provider: a domain whose records are not there yet is reported pending (apply.ts).
 */
import { OSS_CALLS, ram } from '../aliyun/ram.js';
import { type ApplyContext, Pending } from '../engine/apply-context.js';
import type { DesiredState, DomainSpec, Observed } from '../model.js';
import { sameHost } from '../names.js';
import type { Runtime } from '../ports.js';
import { describeTarget } from './record.js';
import type { DomainContext, Grant, Resource, StepOf } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /**
     * A record the user must create at their DNS provider; apply prints it. `value` is `cdn:<domain>` for the CNAME
     * CDN assigns. `token`: the value is an ownership token OSS has not issued yet, which apply asks this bucket for
     * (CreateCnameToken) and prints.
     */
    'manual-record': {
      kind: 'manual-record';
      domain: string;
      name: string;
      type: string;
      value: string;
      token?: { bucket: string; region: string };
    };
  }
  interface Observed {
    /** Per `dns: none` domain not bound yet: the ownership token OSS holds for it (GetCnameToken). */
    tokens?: Map<string, { token: string; expireTime: string }>;
    /** Per `dns: none` domain: what a resolver answers for it (its CNAME chain), since no API shows that DNS. */
    resolved?: Map<string, string[]>;
  }
}

type ManualStep = StepOf<'manual-record'>;

const manual = (spec: DomainSpec) => spec.dns === 'none';

/** GetCnameToken for each `dns: none` domain not bound to its bucket yet; a resolver query for each `dns: none` domain. */
async function read(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void> {
  const tokens = new Map<string, { token: string; expireTime: string }>();
  const resolved = new Map<string, string[]>();
  await Promise.all(
    desired.domains.filter(manual).map(async (spec) => {
      const bound = observed.bindings.get(spec.domain)?.bucket === spec.bucket;
      if (!bound && observed.bucketsRead.has(spec.bucket)) {
        const t = await rt.oss.getCnameToken(spec.bucket, spec.region, spec.domain);
        if (t) tokens.set(spec.domain, t);
      }
      resolved.set(spec.domain, await rt.resolver.resolve(spec.domain).catch(() => [] as string[]));
    }),
  );
  observed.tokens = tokens;
  observed.resolved = resolved;
}

/** The ownership TXT record a `dns: none` domain that is not bound needs: the token, or one apply asks OSS for. */
export function manualTxt(spec: DomainSpec, observed: Observed): ManualStep {
  const token = observed.tokens?.get(spec.domain)?.token;
  const step: ManualStep = {
    kind: 'manual-record',
    domain: spec.domain,
    name: `_dnsauth.${spec.domain}`,
    type: 'TXT',
    value: token ?? '',
  };
  if (!token) step.token = { bucket: spec.bucket, region: spec.region };
  return step;
}

/**
 * The CNAME a `dns: none` domain needs, when it is missing: the resolver's answer does not reach `target`, or
 * `changing` (the domain has other steps, so its target may be new or not resolvable yet). Without a resolver
 * answer (nothing was asked), only `changing` decides.
 */
export function manualCname(
  spec: DomainSpec,
  observed: Observed,
  target: string,
  changing: boolean,
): ManualStep | undefined {
  const step: ManualStep = {
    kind: 'manual-record',
    domain: spec.domain,
    name: spec.domain,
    type: 'CNAME',
    value: target,
  };
  const answers = observed.resolved?.get(spec.domain);
  if (answers === undefined) return changing ? step : undefined;
  const there = !target.startsWith('cdn:') && answers.some((a) => sameHost(a, target));
  return there ? undefined : step;
}

/** What RAM must allow: read the ownership token of the buckets that serve `dns: none` domains. */
function grants(config: Pick<DesiredState, 'domains'>): Grant[] {
  const buckets = [...new Set(config.domains.filter(manual).map((d) => `acs:oss:*:*:${d.bucket}`))].sort();
  return buckets.length ? [{ actions: ram('oss', OSS_CALLS, 'getCnameToken'), resources: buckets }] : [];
}

/** The TXT record before the binding that needs it (`prove`); the CNAME with the record's `route`. */
function plan(ctx: DomainContext): void {
  const { spec, observed } = ctx;
  if (spec.dns !== 'none') return;
  if (observed.bindings.get(spec.domain)?.bucket !== spec.bucket) ctx.add('prove', manualTxt(spec, observed));
  const cname = manualCname(spec, observed, ctx.target, ctx.changing());
  if (cname) ctx.add('route', cname);
}

/** The CNAME CDN assigned to `domain`, without waiting for it to come online; `undefined` while it has none. */
async function cdnCname(ctx: ApplyContext, domain: string): Promise<string | undefined> {
  const known = ctx.cdnCname.get(domain);
  if (known) return known;
  return (await ctx.rt.cdn.getDomain(domain))?.cname || undefined;
}

/**
 * Prints the record to create. An ownership token OSS has not issued is asked for here (CreateCnameToken, which
 * returns the same token for 72 hours); a CNAME to a CDN domain takes the CNAME CDN assigned. A CNAME the resolver
 * does not show yet makes the domain pending: apply does not wait for it.
 */
async function run(ctx: ApplyContext, step: ManualStep): Promise<string> {
  const { rt, ids } = ctx;
  let value: string | undefined = step.value;
  if (step.token && !value) {
    const t = await rt.oss.createCnameToken(step.token.bucket, step.token.region, step.domain);
    ids.push(t.requestId);
    value = t.token;
  } else if (value.startsWith('cdn:')) {
    value = await cdnCname(ctx, value.slice(4));
  }
  const line = `${step.name} ${step.type} ${value ?? `<the CNAME CDN assigns to ${step.domain}, once it is added>`}`;
  rt.progress({ kind: 'info', domain: step.domain, message: `create this record at your DNS provider: ${line}` });
  if (step.type !== 'CNAME') return line;
  const answers = value ? await rt.resolver.resolve(step.name).catch(() => [] as string[]) : [];
  if (!value || !answers.some((a) => sameHost(a, value)))
    throw new Pending(`create this record at your DNS provider: ${line} (a resolver does not show it yet)`, line);
  return line;
}

export const manualDns: Resource<'manual-record'> = {
  name: 'manual-dns',
  steps: {
    'manual-record': {
      mark: '*',
      describe: (s) =>
        s.token && !s.value
          ? `create at your DNS provider: ${s.name} ${s.type} <the ownership token OSS issues; apply prints it>`
          : `create at your DNS provider: ${s.name} ${s.type} ${describeTarget(s.value)}`,
      run,
    },
  },
  read,
  plan,
  grants,
};
