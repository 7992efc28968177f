/**
 * Resource: what a CDN domain does at the edge, as CDN functions (BatchSetCdnDomainConfig, read back with
 * DescribeCdnDomainConfigs). Every CDN domain of the file gets:
 *
 * - `set_req_host_header` = the domain itself. For an `oss` origin CDN's back-to-origin Host defaults to the origin
 *   domain (`<bucket>.oss-<region>.aliyuncs.com`), and OSS forces web pages requested through a bucket's default
 *   domain to download; with the domain itself as Host (it is bound to the bucket), they open in the browser.
 *
 * and, for each option the entry writes: `l2_oss_key` (private-origin), `https_force` with a 301 (force-https; a
 * conflicting `http_force` is deleted first, as CDN requires even when it is off), `HSTS` (hsts) and `https_option`
 * http2 (with https). An option the entry does not write is left as CDN has it. `oss_auth`, which CDN adds to an
 * `oss` origin itself, is never touched.
 *
 * A planned change is a difference between these and what DescribeCdnDomainConfigs reports (a `failed`
 * configuration counts as missing); apply sets them in one call per domain (they differ per domain: the Host is the
 * domain), then waits until CDN reports them `success`. Reads: one DescribeCdnDomainConfigs per CDN domain.
 */

import { CDN_CALLS, ram } from '../aliyun/ram.js';
import { pollUntil, seconds } from '../calls/retry.js';
import { type ApplyContext, stoppedWaiting } from '../engine/apply-context.js';
import { CloudError } from '../errors.js';
import type { CdnDomain, CdnFunction, CdnFunctionConfig, DesiredState, DomainSpec, Observed } from '../model.js';
import { isOwnCdn } from '../ownership.js';
import type { Runtime } from '../ports.js';
import type { DomainContext, Grant, Resource, StepOf } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /**
     * The CDN domain's functions (BatchSetCdnDomainConfig), after deleting what conflicts with them (`remove`,
     * DeleteSpecificConfig); apply then waits until CDN reports them live. `changes` says what changes, for people.
     */
    'set-cdn-config': {
      kind: 'set-cdn-config';
      domain: string;
      owner?: string;
      functions: CdnFunction[];
      remove?: { name: string; configId: string }[];
      changes: string[];
    };
  }
  interface Observed {
    /** Per declared CDN domain that exists: its functions (DescribeCdnDomainConfigs). */
    cdnConfigs?: Map<string, CdnFunctionConfig[]>;
  }
}

type ConfigStep = StepOf<'set-cdn-config'>;

/** The functions this tool reads and may set. */
export const MANAGED_FUNCTIONS = [
  'set_req_host_header',
  'l2_oss_key',
  'https_force',
  'http_force',
  'HSTS',
  'https_option',
];

interface Wanted {
  name: string;
  args: Record<string, string>;
  /** Absent at CDN counts as in place (an "off" CDN does not need to be told). */
  offWhenAbsent?: boolean;
  /** For people: what it does. */
  says: string;
}

/** What `spec` asks of its CDN domain's functions. */
export function wantedFunctions(spec: DomainSpec): Wanted[] {
  const cdn = spec.cdn;
  if (!cdn) return [];
  const out: Wanted[] = [
    {
      name: 'set_req_host_header',
      args: { domain_name: spec.domain },
      says: `back-to-origin Host ${spec.domain} (web pages open instead of downloading)`,
    },
  ];
  const onOff = (v: boolean) => (v ? 'on' : 'off');
  if (cdn.privateOrigin !== undefined)
    out.push({
      name: 'l2_oss_key',
      args: { private_oss_auth: onOff(cdn.privateOrigin) },
      offWhenAbsent: !cdn.privateOrigin,
      says: cdn.privateOrigin ? 'private origin on (CDN signs its fetches from OSS)' : 'private origin off',
    });
  if (cdn.forceHttps !== undefined)
    out.push(
      cdn.forceHttps
        ? { name: 'https_force', args: { enable: 'on', https_rewrite: '301' }, says: 'redirect http to https (301)' }
        : { name: 'https_force', args: { enable: 'off' }, offWhenAbsent: true, says: 'no redirect to https' },
    );
  if (cdn.hsts !== undefined)
    out.push(
      cdn.hsts === false
        ? { name: 'HSTS', args: { enabled: 'off' }, offWhenAbsent: true, says: 'HSTS off' }
        : {
            name: 'HSTS',
            args: { enabled: 'on', https_hsts_max_age: String(cdn.hsts) },
            says: `HSTS max-age ${cdn.hsts}`,
          },
    );
  if (cdn.http2 !== undefined && spec.https)
    out.push({ name: 'https_option', args: { http2: onOff(cdn.http2) }, says: `HTTP/2 ${onOff(cdn.http2)}` });
  return out;
}

const matches = (want: Record<string, string>, have: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => have[k] === v);

/**
 * Pure: the step that makes `spec`'s CDN domain do what the entry asks, or `undefined` when it does. `cdn` is the
 * domain as observed (`undefined`: it is created earlier in the same plan, so it has no functions yet); `owner` its
 * owner tag when it had one.
 */
export function decideCdnConfig(
  spec: DomainSpec,
  cdn: CdnDomain | undefined,
  observed: Observed,
  owner?: string,
): ConfigStep | undefined {
  // An existing domain whose functions were not read gives nothing to compare with: no opinion.
  const read = cdn ? observed.cdnConfigs?.get(spec.domain) : [];
  if (read === undefined) return undefined;
  const have: CdnFunctionConfig[] = read;
  const functions: CdnFunction[] = [];
  const changes: string[] = [];
  const remove: { name: string; configId: string }[] = [];
  for (const w of wantedFunctions(spec)) {
    const current = have.find((c) => c.name === w.name && c.status !== 'failed');
    if (current ? matches(w.args, current.args) : w.offWhenAbsent) continue;
    const failed = have.find((c) => c.name === w.name);
    const f: CdnFunction = { name: w.name, args: w.args };
    if (current ?? failed) f.configId = (current ?? failed)!.configId;
    functions.push(f);
    changes.push(w.says);
    if (w.name === 'https_force')
      for (const c of have) if (c.name === 'http_force') remove.push({ name: c.name, configId: c.configId });
  }
  if (functions.length === 0) return undefined;
  const step: ConfigStep = { kind: 'set-cdn-config', domain: spec.domain, functions, changes };
  if (remove.length) step.remove = remove;
  if (owner !== undefined) step.owner = owner;
  return step;
}

/** Reads the functions of each declared CDN domain that exists (one call per domain). */
async function read(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void> {
  const configs = new Map<string, CdnFunctionConfig[]>();
  const domains = desired.domains.filter((d) => d.cdn && observed.cdn.has(d.domain)).map((d) => d.domain);
  await Promise.all(
    domains.map(async (d) => {
      configs.set(d, await rt.cdn.getConfigs(d, MANAGED_FUNCTIONS));
    }),
  );
  observed.cdnConfigs = configs;
}

/** What RAM must allow: read and set the functions of the file's CDN domains. */
function grants(config: Pick<DesiredState, 'domains'>): Grant[] {
  const domains = [...new Set(config.domains.filter((d) => d.cdn).map((d) => `acs:cdn:*:*:domain/${d.domain}`))];
  if (domains.length === 0) return [];
  const actions = ram('cdn', CDN_CALLS, 'getConfigs', 'setConfigs');
  // DeleteSpecificConfig only removes an http_force that is in the way of force-https.
  if (config.domains.some((d) => d.cdn?.forceHttps)) actions.push(...ram('cdn', CDN_CALLS, 'deleteConfigs'));
  return [{ actions, resources: domains.sort() }];
}

/**
 * After the CDN domain's decision (registered before this one): a domain it creates gets every function; one that
 * is ours or taken over gets what differs. A domain in conflict gets nothing (the planner drops its steps).
 */
function plan(ctx: DomainContext): void {
  const { spec, observed } = ctx;
  if (!spec.cdn) return;
  const c = observed.cdn.get(spec.domain);
  if (c && !isOwnCdn(c, ctx.owner) && !spec.takeover) return;
  const step = decideCdnConfig(spec, c, observed, c && isOwnCdn(c, ctx.owner) ? c.owner : undefined);
  if (step) ctx.add('serve', step);
}

/**
 * DeleteSpecificConfig of what is in the way, BatchSetCdnDomainConfig, then DescribeCdnDomainConfigs until every
 * function set is `success` (CDN applies them asynchronously), within `tuning.cdnOnlineTimeoutMs`.
 */
async function run(ctx: ApplyContext, step: ConfigStep): Promise<string> {
  const { rt, ids } = ctx;
  const domain = step.domain;
  for (const r of step.remove ?? []) ids.push((await rt.cdn.deleteConfigs(domain, [r.configId])).requestId);
  const set = await rt.cdn.setConfigs([domain], step.functions);
  ids.push(set.requestId);
  const wanted = new Set(set.configs.filter((c) => c.domain === domain).map((c) => c.configId));
  const names = step.functions.map((f) => f.name);
  return pollUntil<string, string>(
    rt,
    {
      timeoutMs: rt.tuning.cdnOnlineTimeoutMs,
      delay: () => rt.tuning.pollMs,
      domain,
      onTimeout: (elapsed) => {
        throw notLive(domain, `still configuring after ${seconds(elapsed)}`, 'CdnConfigPending');
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onStopped: () => {
        throw stoppedWaiting(
          domain,
          `waiting for CDN to apply the edge configuration of ${domain}`,
          'cdn',
          'DescribeCdnDomainConfigs',
        );
      },
    },
    async () => {
      const now = (await rt.cdn.getConfigs(domain, names)).filter((c) => wanted.has(c.configId));
      const failed = now.find((c) => c.status === 'failed');
      if (failed) throw notLive(domain, `${failed.name} failed to apply`, 'CdnConfigFailed');
      if (now.length >= wanted.size && now.every((c) => c.status === 'success'))
        return { done: true, value: 'live at the edge' };
      return { done: false, waiting: `CDN is applying the edge configuration of ${domain}`, last: '' };
    },
  );
}

function notLive(domain: string, what: string, code: string): CloudError {
  return new CloudError(`the edge configuration of ${domain}: ${what}`, {
    service: 'cdn',
    code,
    status: 0,
    action: 'DescribeCdnDomainConfigs',
    resource: domain,
    hint:
      code === 'CdnConfigFailed'
        ? 'open the CDN console (Domain Names → the domain) for the reason, fix it, then run apply again'
        : 'CDN can take a while; run apply again later: it picks up where this run stopped',
  });
}

export const cdnConfig: Resource<'set-cdn-config'> = {
  name: 'cdn-config',
  steps: {
    'set-cdn-config': {
      mark: '~',
      describe: (s) => `configure the CDN edge: ${s.changes.join('; ')}`,
      run,
    },
  },
  read,
  plan,
  grants,
};
