/**
 * CDN resource tags (TagResources, UntagResources, DescribeTagResources, ListTagResources). The tool keeps its
 * ownership marker here (tag key `oss-domains`), so these follow the API closely: ResourceType `DOMAIN`,
 * `ResourceId.N` lists, `Tag.N.Key`/`Tag.N.Value` pairs, and a NextToken for ListTagResources.
 */
import type { CdnDomainState } from '../state.js';
import { domainNotFound, MAX_TAGS } from './cdn-common.js';
import { bool, list, optional, required, tags } from './params.js';
import { type RpcContext, RpcError } from './types.js';

const MAX_RESOURCES = 50;
const LIST_PAGE = 50;

function resourceType(ctx: RpcContext): void {
  const t = required(ctx, 'ResourceType');
  if (t.toUpperCase() !== 'DOMAIN') {
    throw new RpcError(
      'InvalidResourceType.Malformed',
      400,
      `Specified ResourceType "${t}" is not supported; use DOMAIN.`,
    );
  }
}

/** The domains named by `ResourceId.N` (at least one, at most 50); unknown ones are `InvalidDomain.NotFound`. */
function resources(ctx: RpcContext, optionalList = false): CdnDomainState[] | undefined {
  const ids = list(ctx, 'ResourceId');
  if (ids.length === 0) {
    if (optionalList) return undefined;
    required(ctx, 'ResourceId.1');
  }
  if (ids.length > MAX_RESOURCES) {
    throw new RpcError('InvalidParameter', 400, `At most ${MAX_RESOURCES} ResourceId values are allowed per call.`);
  }
  return ids.map((id) => {
    const d = ctx.world.cdn.get(id.toLowerCase());
    if (!d) throw domainNotFound();
    return d;
  });
}

function tagResources(ctx: RpcContext): Record<string, unknown> {
  resourceType(ctx);
  const domains = resources(ctx) ?? [];
  const pairs = tags(ctx);
  if (pairs.length === 0) required(ctx, 'Tag.1.Key');
  for (const d of domains) {
    const keys = new Set([...d.tags.keys(), ...pairs.map((p) => p.key)]);
    if (keys.size > MAX_TAGS) throw new RpcError('InvalidParameter', 400, `A domain takes at most ${MAX_TAGS} tags.`);
  }
  for (const d of domains) {
    for (const p of pairs) d.tags.set(p.key, p.value ?? '');
    d.modified = ctx.now;
  }
  return { RequestId: ctx.requestId };
}

function untagResources(ctx: RpcContext): Record<string, unknown> {
  resourceType(ctx);
  const domains = resources(ctx) ?? [];
  const all = bool(ctx, 'All', false);
  const keys = list(ctx, 'TagKey');
  for (const d of domains) {
    if (all) d.tags.clear();
    else for (const k of keys) d.tags.delete(k);
    d.modified = ctx.now;
  }
  return { RequestId: ctx.requestId };
}

/** The tags of `d` that the `Tag.N` filter selects (all of them without a filter). */
function selected(d: CdnDomainState, filter: { key: string; value?: string }[]): [string, string][] {
  const entries = [...d.tags.entries()];
  if (filter.length === 0) return entries;
  return entries.filter(([k, v]) => filter.some((f) => f.key === k && (f.value === undefined || f.value === v)));
}

function describeTagResources(ctx: RpcContext): Record<string, unknown> {
  resourceType(ctx);
  const domains = resources(ctx) ?? [];
  const filter = tags(ctx);
  return {
    RequestId: ctx.requestId,
    TagResources: domains
      .map((d) => ({ ResourceId: d.domain, Tag: selected(d, filter).map(([Key, Value]) => ({ Key, Value })) }))
      .filter((r) => r.Tag.length > 0),
  };
}

/**
 * Rows of (resource, tag), 50 per page. With `Tag.N`, only resources carrying every listed tag are kept, and only
 * those tags are listed; with `ResourceId.N`, only those resources; with neither, every tag of every domain.
 */
function listTagResources(ctx: RpcContext): Record<string, unknown> {
  resourceType(ctx);
  const filter = tags(ctx);
  const named = resources(ctx, true);
  const pool = named ?? [...ctx.world.cdn.values()].sort((a, b) => a.domainId - b.domainId);
  const rows = pool
    .filter((d) => filter.every((f) => d.tags.has(f.key) && (f.value === undefined || d.tags.get(f.key) === f.value)))
    .flatMap((d) =>
      selected(d, filter).map(([TagKey, TagValue]) => ({
        ResourceId: d.domain,
        ResourceType: 'DOMAIN',
        TagKey,
        TagValue,
      })),
    );
  const token = optional(ctx, 'NextToken');
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0)
    throw new RpcError('InvalidNextToken', 400, 'Specified NextToken is not valid.');
  const next = start + LIST_PAGE;
  return {
    RequestId: ctx.requestId,
    NextToken: next < rows.length ? String(next) : '',
    TagResources: { TagResource: rows.slice(start, next) },
  };
}

export const tagHandlers = {
  TagResources: tagResources,
  UntagResources: untagResources,
  DescribeTagResources: describeTagResources,
  ListTagResources: listTagResources,
};
