/**
 * CDN domain functions: BatchSetCdnDomainConfig, DescribeCdnDomainConfigs and DeleteSpecificConfig, in the shapes of
 * the API reference — a `ConfigId` that is a number in BatchSet's answer and a string in Describe's, camelCase
 * `functionArgs` going in and PascalCase `FunctionArgs` coming out. A configuration is `configuring` until
 * `timing.cdnConfigDelayMs` has passed, then `success`; only then does it act at the edge (oss/cdn-origin.ts).
 *
 * The sandbox knows the functions listed in FUNCTIONS, with their arguments and values; any other name is
 * `InvalidFunctions.Malformed`, so a misspelt function is a test failure rather than a silent no-op. A function that
 * takes one rule per domain is updated in place (it keeps its ConfigId) when set again without `configId`.
 */
import type { CdnConfigState, CdnDomainState, CdnSourceState, World } from '../state.js';
import { cdnDomain, domainNotFound } from './cdn-common.js';
import { optional, required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

/** At most this many domains per call, and domains × functions per call. */
const MAX_DOMAINS = 50;
const MAX_PRODUCT = 50;

const ON_OFF = ['on', 'off'];
type ArgRule = { required?: boolean; values?: string[]; pattern?: RegExp };

/** The functions the sandbox models: argument → its rule. `multi`: a domain may hold several rules of it. */
const FUNCTIONS: Record<string, { args: Record<string, ArgRule>; multi?: boolean }> = {
  l2_oss_key: { args: { private_oss_auth: { required: true, values: ON_OFF }, perm_private_oss_tbl: {} } },
  https_force: { args: { enable: { required: true, values: ON_OFF }, https_rewrite: { values: ['301', '308'] } } },
  http_force: { args: { enable: { required: true, values: ON_OFF }, http_rewrite: { values: ['301', '308'] } } },
  HSTS: {
    args: {
      enabled: { required: true, values: ON_OFF },
      https_hsts_max_age: { pattern: /^\d{1,9}$/ },
      https_hsts_include_subdomains: { values: ON_OFF },
    },
  },
  https_option: { args: { http2: { values: ON_OFF }, ocsp_stapling: { values: ON_OFF } } },
  https_tls_version: {
    args: {
      tls10: { values: ON_OFF },
      tls11: { values: ON_OFF },
      tls12: { values: ON_OFF },
      tls13: { values: ON_OFF },
      ciphersuitegroup: { values: ['all', 'strict', 'custom'] },
      ciphersuite: {},
    },
  },
  set_req_host_header: { args: { domain_name: { required: true, pattern: /^[a-z0-9.-]{1,253}$/i } } },
  back_to_origin_url_rewrite: {
    multi: true,
    args: {
      source_url: { required: true },
      target_url: { required: true },
      flag: { values: ['', 'break', 'enhance_break'] },
    },
  },
  set_resp_header: { multi: true, args: { key: { required: true }, value: { required: true }, duplicate: {} } },
  oss_auth: { args: { oss_bucket_id: { required: true }, oss_pri_buckets: {} } },
};

/** Functions that exclude each other: the other one has to be deleted first, even when it is off. */
const CONFLICTS: Record<string, string> = { https_force: 'http_force', http_force: 'https_force' };

const malformed = (why: string) =>
  new RpcError('InvalidFunctions.Malformed', 400, `Specified parameter Functions is not valid: ${why}.`);

interface FunctionInput {
  functionName: string;
  args: { argName: string; argValue: string }[];
  configId?: number;
  parentId?: string;
}

/** The `Functions` JSON, checked against FUNCTIONS entry by entry. */
function parseFunctions(text: string): FunctionInput[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformed('it is not JSON');
  }
  if (!Array.isArray(raw) || raw.length === 0) throw malformed('it must be a non-empty JSON array');
  if (raw.length > MAX_PRODUCT) throw malformed(`it holds ${raw.length} entries; at most ${MAX_PRODUCT} are allowed`);
  return raw.map((f: any, i) => {
    const at = `entry ${i + 1}`;
    if (typeof f !== 'object' || f === null) throw malformed(`${at} is not an object`);
    const name = String(f.functionName ?? '');
    const known = FUNCTIONS[name];
    if (!known) throw malformed(`${at}: the function "${name}" is not one the sandbox models`);
    if (!Array.isArray(f.functionArgs)) throw malformed(`${at}: functionArgs must be a list`);
    const args = f.functionArgs.map((a: any) => {
      if (typeof a?.argName !== 'string' || typeof a?.argValue !== 'string')
        throw new RpcError(
          'InvalidArgValue.Malformed',
          400,
          `${name}: every argument needs argName and a string argValue.`,
        );
      const rule = known.args[a.argName];
      if (!rule) throw new RpcError('InvalidArgValue.Malformed', 400, `${name} has no argument "${a.argName}".`);
      const bad =
        (rule.values && !rule.values.includes(a.argValue)) || (rule.pattern && !rule.pattern.test(a.argValue));
      if (bad)
        throw new RpcError('InvalidArgValue.Malformed', 400, `${name}: "${a.argValue}" is not a valid ${a.argName}.`);
      return { argName: a.argName as string, argValue: a.argValue as string };
    });
    for (const [argName, rule] of Object.entries(known.args)) {
      if (rule.required && !args.some((a: { argName: string }) => a.argName === argName))
        throw new RpcError('InvalidArgValue.Malformed', 400, `${name} needs the argument "${argName}".`);
    }
    const out: FunctionInput = { functionName: name, args };
    if (f.configId !== undefined) {
      const id = Number(f.configId);
      if (!Number.isInteger(id) || id <= 0) throw malformed(`${at}: configId must be a positive number`);
      out.configId = id;
    }
    if (f.parentId !== undefined) out.parentId = String(f.parentId);
    return out;
  });
}

/** Sets one function on one domain; returns the ConfigId it has now. */
function setOne(world: World, d: CdnDomainState, f: FunctionInput, now: number): number {
  const readyAt = now + world.timing.cdnConfigDelayMs;
  const other = CONFLICTS[f.functionName];
  if (other && d.configs.some((c) => c.functionName === other)) {
    throw new RpcError(
      'InvalidFunctions.Conflict',
      400,
      `${f.functionName} conflicts with the ${other} already configured on ${d.domain}; delete that configuration first.`,
    );
  }
  let target: CdnConfigState | undefined;
  if (f.configId !== undefined) {
    target = d.configs.find((c) => c.configId === f.configId);
    if (!target || target.functionName !== f.functionName)
      throw new RpcError(
        'InvalidConfigId.NotFound',
        404,
        `The ConfigId ${f.configId} is not a ${f.functionName} of ${d.domain}.`,
      );
  } else if (!FUNCTIONS[f.functionName]?.multi) {
    target = d.configs.find((c) => c.functionName === f.functionName);
  }
  const parentId = f.parentId === '-1' ? '' : (f.parentId ?? target?.parentId ?? '');
  if (target) {
    Object.assign(target, { args: f.args, parentId, readyAt });
    return target.configId;
  }
  const config: CdnConfigState = {
    configId: ++world.seq.config,
    functionName: f.functionName,
    args: f.args,
    parentId,
    readyAt,
  };
  d.configs.push(config);
  return config.configId;
}

function batchSetCdnDomainConfig(ctx: RpcContext): Record<string, unknown> {
  const names = required(ctx, 'DomainNames')
    .split(',')
    .map((n) => n.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
  if (names.length > MAX_DOMAINS)
    throw new RpcError('DomainNameOverLimit', 400, `At most ${MAX_DOMAINS} domains may be configured in one call.`);
  const functions = parseFunctions(required(ctx, 'Functions'));
  if (names.length * functions.length > MAX_PRODUCT)
    throw new RpcError(
      'InvalidParameter',
      400,
      `${names.length} domains × ${functions.length} functions is more than ${MAX_PRODUCT} in one call.`,
    );
  const domains = names.map((n) => {
    const d = ctx.world.cdn.get(n);
    if (!d) throw domainNotFound();
    return d;
  });
  // All or nothing: check every pair on a copy first, so a refused pair changes no domain.
  for (const d of domains) {
    const probe = { ...d, configs: d.configs.map((c) => ({ ...c })) };
    const world = { ...ctx.world, seq: { ...ctx.world.seq } };
    for (const f of functions) setOne(world, probe, f, ctx.now);
  }
  const models: Record<string, unknown>[] = [];
  for (const d of domains) {
    for (const f of functions) {
      const configId = setOne(ctx.world, d, f, ctx.now);
      models.push({ ConfigId: configId, DomainName: d.domain, FunctionName: f.functionName });
    }
    d.modified = ctx.now;
  }
  return { RequestId: ctx.requestId, DomainConfigList: { DomainConfigModel: models } };
}

/** `configuring` until its delay has passed, then `success`. */
export function configStatus(c: CdnConfigState, now: number): 'configuring' | 'success' {
  return now >= c.readyAt ? 'success' : 'configuring';
}

function describeCdnDomainConfigs(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const wanted = optional(ctx, 'FunctionNames')
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const id = optional(ctx, 'ConfigId');
  const list = d.configs.filter(
    (c) => (!wanted || wanted.includes(c.functionName)) && (id === undefined || String(c.configId) === id),
  );
  return {
    RequestId: ctx.requestId,
    DomainConfigs: {
      DomainConfig: list.map((c) => ({
        FunctionName: c.functionName,
        ConfigId: String(c.configId),
        Status: configStatus(c, ctx.now),
        ParentId: c.parentId,
        FunctionArgs: { FunctionArg: c.args.map((a) => ({ ArgName: a.argName, ArgValue: a.argValue })) },
      })),
    },
  };
}

function deleteSpecificConfig(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const ids = required(ctx, 'ConfigId')
    .split(',')
    .map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s)))
    throw new RpcError('InvalidConfigId.Malformed', 400, 'Specified parameter ConfigId is not valid.');
  // Deleting a configuration that is already gone succeeds: the state asked for holds.
  d.configs = d.configs.filter((c) => !ids.includes(String(c.configId)));
  d.modified = ctx.now;
  return { RequestId: ctx.requestId };
}

/** The `oss_auth` function CDN adds by itself when a domain gets an `oss` origin (its bucket id, private bucket list). */
export function ossAuthConfigs(world: World, sources: CdnSourceState[], now: number): CdnConfigState[] {
  const oss = sources.filter((s) => s.type === 'oss');
  if (oss.length === 0) return [];
  const buckets = oss.map((s) => s.content.split('.')[0]).join(',');
  return [
    {
      configId: ++world.seq.config,
      functionName: 'oss_auth',
      args: [
        { argName: 'oss_bucket_id', argValue: buckets },
        { argName: 'oss_pri_buckets', argValue: '' },
      ],
      parentId: '',
      readyAt: now,
    },
  ];
}

/** The successful configuration of `functionName` on `d`, if any (what the edge acts on). */
export function activeConfig(d: CdnDomainState, functionName: string, now: number): Map<string, string> | undefined {
  const c = d.configs.find((x) => x.functionName === functionName && configStatus(x, now) === 'success');
  return c ? new Map(c.args.map((a) => [a.argName, a.argValue])) : undefined;
}

export const configHandlers = {
  BatchSetCdnDomainConfig: batchSetCdnDomainConfig,
  DescribeCdnDomainConfigs: describeCdnDomainConfigs,
  DeleteSpecificConfig: deleteSpecificConfig,
};
