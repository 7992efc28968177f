/**
 * CDN accelerated domains: AddCdnDomain, DescribeCdnDomainDetail, DescribeUserDomains, Start/Stop/DeleteCdnDomain (CDN
 * API reference). A new or restarted domain is `configuring` until `world.timing.cdnOnlineDelayMs` has passed on the
 * sandbox clock; nothing runs in the background, the status is computed when read.
 */
import { isIPv4 } from 'node:net';
import { type CdnDomainState, type CdnSourceState, cdnStatus } from '../state.js';
import {
  cdnDomain,
  domainName,
  MAX_TAGS,
  rootDomain,
  rootTrusted,
  serviceBusy,
  verificationVisible,
} from './cdn-common.js';
import { ossAuthConfigs } from './cdn-config.js';
import { isoSeconds, optional, page, required, tags } from './params.js';
import { type RpcContext, RpcError } from './types.js';

/** Default number of CDN domains an account may hold. */
const MAX_CDN_DOMAINS = 50;

const malformedSources = (why: string): RpcError =>
  new RpcError('InvalidSources.Malformed', 400, `Specified parameter Sources is not valid: ${why}.`);

/** The `Sources` JSON of AddCdnDomain, checked entry by entry (type against content, port, priority, weight). */
function parseSources(text: string): CdnSourceState[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformedSources('it is not JSON');
  }
  if (!Array.isArray(raw) || raw.length === 0) throw malformedSources('it must be a non-empty JSON array');
  return raw.map((s: any, i) => {
    const at = `entry ${i + 1}`;
    if (typeof s !== 'object' || s === null) throw malformedSources(`${at} is not an object`);
    const type = String(s.type ?? '');
    const content = String(s.content ?? '');
    if (!['ipaddr', 'domain', 'oss', 'fc_domain'].includes(type)) {
      throw new RpcError('InvalidSourceType.Malformed', 400, `Specified source type "${type}" is not valid.`);
    }
    if (!content) throw malformedSources(`${at} has no content`);
    if (type === 'ipaddr' && !isIPv4(content)) throw malformedSources(`${at}: ${content} is not an IP address`);
    if (type === 'oss' && !/^[a-z0-9-]+\.oss-[a-z0-9-]+(-internal)?\.aliyuncs\.com$/.test(content)) {
      throw malformedSources(`${at}: ${content} is not an OSS bucket domain`);
    }
    const port = s.port === undefined ? 80 : Number(s.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw malformedSources(`${at} has an invalid port`);
    const priority = String(s.priority ?? '20');
    if (priority !== '20' && priority !== '30') {
      throw new RpcError('InvalidPriorities.Malformed', 400, `Specified priority "${priority}" is not valid.`);
    }
    const weight = String(s.weight ?? '10');
    if (!/^\d+$/.test(weight) || Number(weight) >= 100) throw malformedSources(`${at} has an invalid weight`);
    return { type, content, port, priority, weight };
  });
}

function addCdnDomain(ctx: RpcContext): Record<string, unknown> {
  const domain = domainName(ctx);
  const cdnType = required(ctx, 'CdnType');
  if (!['web', 'download', 'video'].includes(cdnType)) {
    throw new RpcError('InvalidCdnType.Malformed', 400, `Specified CdnType "${cdnType}" is not valid.`);
  }
  const sources = parseSources(required(ctx, 'Sources'));
  const scope = optional(ctx, 'Scope') ?? 'domestic';
  if (!['domestic', 'overseas', 'global'].includes(scope)) {
    throw new RpcError('InvalidScope.Malformed', 400, `Specified Scope "${scope}" is not valid.`);
  }
  const tagList = tags(ctx);
  if (tagList.length > MAX_TAGS)
    throw new RpcError('InvalidParameter', 400, `A domain takes at most ${MAX_TAGS} tags.`);
  const { world } = ctx;
  if (world.cdn.has(domain)) throw new RpcError('DomainAlreadyExist', 400, 'This domain name is exist already.');
  if (world.cdn.size >= MAX_CDN_DOMAINS) {
    throw new RpcError('DomainOverLimit', 403, `The account already has ${MAX_CDN_DOMAINS} CDN domains.`);
  }
  const root = rootDomain(domain);
  if (scope !== 'overseas' && (world.unfiled.has(domain) || world.unfiled.has(root))) {
    throw new RpcError(
      'DomainNotRegistration',
      404,
      'The domain name has not been filed for an ICP license; use Scope overseas, or file it first.',
    );
  }
  if (!rootTrusted(world, root)) {
    if (!verificationVisible(world, ctx.account.uid, root, ctx.now)) {
      throw new RpcError('DomainOwnerVerifyFail', 400, 'Owner verification of the root domain failed.');
    }
    world.cdnVerifiedRoots.add(root);
  }
  const state: CdnDomainState = {
    domain,
    domainId: ++world.seq.cdnDomain,
    cname: `${domain}.w.kunlunsl.com`,
    cdnType,
    scope,
    sources,
    status: 'configuring',
    onlineAt: ctx.now + world.timing.cdnOnlineDelayMs,
    tags: new Map(tagList.map((t) => [t.key, t.value ?? ''])),
    ssl: { protocol: 'off' },
    configs: ossAuthConfigs(world, sources, ctx.now),
    created: ctx.now,
    modified: ctx.now,
  };
  world.cdn.set(domain, state);
  return { RequestId: ctx.requestId };
}

function sourceJson(s: CdnSourceState): Record<string, unknown> {
  return { Type: s.type, Content: s.content, Port: s.port, Priority: s.priority, Weight: s.weight };
}

function describeCdnDomainDetail(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  return {
    RequestId: ctx.requestId,
    GetDomainDetailModel: {
      DomainName: d.domain,
      Cname: d.cname,
      HttpsCname: d.ssl.protocol === 'on' ? d.cname : '',
      CdnType: d.cdnType,
      Scope: d.scope,
      DomainStatus: cdnStatus(d, ctx.now),
      ServerCertificateStatus: d.ssl.protocol,
      Description: '',
      ResourceGroupId: 'rg-sandbox',
      GmtCreated: isoSeconds(d.created),
      GmtModified: isoSeconds(d.modified),
      SourceModels: { SourceModel: d.sources.map((s) => ({ ...sourceJson(s), Enabled: 'online' })) },
    },
  };
}

const SEARCH: Record<string, (name: string, q: string) => boolean> = {
  fuzzy_match: (n, q) => n.includes(q),
  pre_match: (n, q) => n.startsWith(q),
  suf_match: (n, q) => n.endsWith(q),
  full_match: (n, q) => n === q,
};

function describeUserDomains(ctx: RpcContext): Record<string, unknown> {
  const query = optional(ctx, 'DomainName')?.toLowerCase();
  const searchType = optional(ctx, 'DomainSearchType') ?? 'full_match';
  const match = SEARCH[searchType];
  if (!match) throw new RpcError('InvalidParameter', 400, `Specified DomainSearchType "${searchType}" is not valid.`);
  const status = optional(ctx, 'DomainStatus');
  const types = optional(ctx, 'CdnType')?.split(',');
  const wanted = tags(ctx);
  const all = [...ctx.world.cdn.values()]
    .filter(
      (d) =>
        (query === undefined || match(d.domain, query)) &&
        (status === undefined || cdnStatus(d, ctx.now) === status) &&
        (types === undefined || types.includes(d.cdnType)) &&
        wanted.every((t) => d.tags.has(t.key) && (t.value === undefined || d.tags.get(t.key) === t.value)),
    )
    .sort((a, b) => b.domainId - a.domainId);
  const p = page(ctx, all, 20, 500);
  return {
    RequestId: ctx.requestId,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    Domains: {
      PageData: p.items.map((d) => ({
        DomainName: d.domain,
        DomainId: d.domainId,
        Cname: d.cname,
        CdnType: d.cdnType,
        DomainStatus: cdnStatus(d, ctx.now),
        Coverage: d.scope,
        SslProtocol: d.ssl.protocol,
        Sandbox: 'normal',
        Description: '',
        ResourceGroupId: 'rg-sandbox',
        GmtCreated: isoSeconds(d.created),
        GmtModified: isoSeconds(d.modified),
        Sources: { Source: d.sources.map(sourceJson) },
      })),
    },
  };
}

/** Start and Stop refuse a domain that is still configuring; repeating either on a domain already there is a no-op. */
function startCdnDomain(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const status = cdnStatus(d, ctx.now);
  if (status === 'configuring') throw serviceBusy();
  if (status === 'offline') {
    d.status = 'configuring';
    d.onlineAt = ctx.now + ctx.world.timing.cdnOnlineDelayMs;
    d.modified = ctx.now;
  }
  return { RequestId: ctx.requestId };
}

function stopCdnDomain(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const status = cdnStatus(d, ctx.now);
  if (status === 'configuring') throw serviceBusy();
  if (status !== 'offline') {
    d.status = 'offline';
    d.modified = ctx.now;
  }
  return { RequestId: ctx.requestId };
}

function deleteCdnDomain(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  if (cdnStatus(d, ctx.now) === 'configuring') throw serviceBusy();
  ctx.world.cdn.delete(d.domain);
  return { RequestId: ctx.requestId };
}

export const domainHandlers = {
  AddCdnDomain: addCdnDomain,
  DescribeCdnDomainDetail: describeCdnDomainDetail,
  DescribeUserDomains: describeUserDomains,
  StartCdnDomain: startCdnDomain,
  StopCdnDomain: stopCdnDomain,
  DeleteCdnDomain: deleteCdnDomain,
};
