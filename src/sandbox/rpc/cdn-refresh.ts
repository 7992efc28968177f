/**
 * CDN cache refresh and preload (CDN API reference and CDN's documented limits): RefreshObjectCaches (form body),
 * PushObjectCache, DescribeRefreshTasks and DescribeRefreshQuota.
 *
 * Limits enforced per call: 1,000 URLs, 100 directories, 1 regex, 10 domains, 1,024 characters per path. Daily
 * quotas live in `world.quota` and reset when the UTC day of the sandbox clock changes. File and IgnoreParams
 * refreshes count against the URL quota; Directory and Regex against the directory quota; preloads against the
 * preload quota. A task is `Refreshing` until `world.timing.refreshCompleteMs` has passed, then `Complete`.
 * Paths of one call are grouped into one task id per domain, as CDN merges URLs of the same domain and second.
 */
import { cdnStatus, type QuotaState, type RefreshTaskState, type World } from '../state.js';
import { domainNotFound, serviceBusy } from './cdn-common.js';
import { isoSeconds, optional, page, required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

const MAX_PATH = 1024;
const MAX_DOMAINS_PER_CALL = 10;
const PER_CALL: Record<string, number> = { File: 1000, IgnoreParams: 1000, Directory: 100, Regex: 1, Preload: 1000 };

/** Resets the daily counters when the sandbox clock has moved to another UTC day. */
export function quotaToday(world: World, now: number): QuotaState {
  const day = new Date(now).toISOString().slice(0, 10);
  const q = world.quota;
  if (q.day !== day) Object.assign(q, { day, urlUsed: 0, dirUsed: 0, preloadUsed: 0 });
  return q;
}

const quotaExceeded = (what: string, remain: number): RpcError =>
  new RpcError(
    'QuotaExceeded.Refresh',
    400,
    `You've exceeded the prescribed refresh limits. (${what}: ${remain} left today; the quota resets at 00:00 UTC.)`,
  );

/** Splits `ObjectPath` (one path per line) and maps every path to its domain, checking each domain's state. */
function parsePaths(ctx: RpcContext, kind: string): { path: string; domain: string }[] {
  const paths = required(ctx, 'ObjectPath')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) throw new RpcError('InvalidObjectPath.Malformed', 400, 'ObjectPath holds no path.');
  const limit = PER_CALL[kind] ?? 1000;
  if (paths.length > limit) {
    throw new RpcError(
      'InvalidObjectPath.Size.Malformed',
      400,
      `A maximum of ${limit} ${kind === 'Directory' ? 'directories' : 'paths'} are supported for each request; got ${paths.length}.`,
    );
  }
  const out = paths.map((path) => {
    if (path.length > MAX_PATH) {
      throw new RpcError('InvalidObjectPath.Malformed', 400, `A path may hold at most ${MAX_PATH} characters.`);
    }
    let domain: string;
    try {
      domain = new URL(/^[a-z]+:\/\//i.test(path) ? path : `http://${path}`).hostname.toLowerCase();
    } catch {
      throw new RpcError('InvalidObjectPath.Malformed', 400, `Specified ObjectPath "${path}" is malformed.`);
    }
    return { path, domain };
  });
  const domains = new Set(out.map((p) => p.domain));
  if (domains.size > MAX_DOMAINS_PER_CALL) {
    throw new RpcError(
      'InvalidObjectPath.Malformed',
      400,
      `The paths of one request may span at most ${MAX_DOMAINS_PER_CALL} domains; got ${domains.size}.`,
    );
  }
  for (const name of domains) {
    const d = ctx.world.cdn.get(name);
    if (!d) throw domainNotFound();
    const status = cdnStatus(d, ctx.now);
    if (status === 'offline') throw new RpcError('InvalidDomain.Offline', 404, `The domain ${name} is offline.`);
    if (status === 'configuring') throw serviceBusy();
  }
  return out;
}

/** Records the tasks of one call, one id per domain, and returns the ids comma-separated. */
function createTasks(ctx: RpcContext, paths: { path: string; domain: string }[], objectType: string): string {
  const ids = new Map<string, string>();
  const completeAt = ctx.now + ctx.world.timing.refreshCompleteMs;
  for (const { path, domain } of paths) {
    let taskId = ids.get(domain);
    if (!taskId) {
      taskId = String(++ctx.world.seq.task);
      ids.set(domain, taskId);
    }
    const task: RefreshTaskState = { taskId, objectPath: path, objectType, domain, created: ctx.now, completeAt };
    ctx.world.refreshTasks.push(task);
  }
  return [...ids.values()].join(',');
}

function refreshObjectCaches(ctx: RpcContext): Record<string, unknown> {
  const kind = optional(ctx, 'ObjectType') ?? 'File';
  if (!(kind in PER_CALL) || kind === 'Preload') {
    throw new RpcError('InvalidObjectType.ValueNotSupported', 400, `Specified ObjectType "${kind}" is not supported.`);
  }
  const paths = parsePaths(ctx, kind);
  const q = quotaToday(ctx.world, ctx.now);
  if (kind === 'File' || kind === 'IgnoreParams') {
    if (q.urlUsed + paths.length > q.urlQuota) throw quotaExceeded('URL refreshes', q.urlQuota - q.urlUsed);
    q.urlUsed += paths.length;
  } else {
    if (q.dirUsed + paths.length > q.dirQuota) throw quotaExceeded('directory refreshes', q.dirQuota - q.dirUsed);
    q.dirUsed += paths.length;
  }
  return { RequestId: ctx.requestId, RefreshTaskId: createTasks(ctx, paths, kind.toLowerCase()) };
}

function pushObjectCache(ctx: RpcContext): Record<string, unknown> {
  const area = optional(ctx, 'Area');
  if (area !== undefined && area !== 'domestic' && area !== 'overseas') {
    throw new RpcError('InvalidParameter', 400, `Specified Area "${area}" is not valid.`);
  }
  const paths = parsePaths(ctx, 'Preload');
  const q = quotaToday(ctx.world, ctx.now);
  if (q.preloadUsed + paths.length > q.preloadQuota) throw quotaExceeded('preloads', q.preloadQuota - q.preloadUsed);
  q.preloadUsed += paths.length;
  return { RequestId: ctx.requestId, PushTaskId: createTasks(ctx, paths, 'preload') };
}

function taskStatus(t: RefreshTaskState, now: number): { status: string; process: string } {
  if (now >= t.completeAt) return { status: 'Complete', process: '100%' };
  const span = Math.max(1, t.completeAt - t.created);
  return { status: 'Refreshing', process: `${Math.min(99, Math.floor(((now - t.created) / span) * 100))}%` };
}

function describeRefreshTasks(ctx: RpcContext): Record<string, unknown> {
  const ids = optional(ctx, 'TaskId')
    ?.split(',')
    .map((s) => s.trim());
  if (ids?.some((id) => !/^\d+$/.test(id))) {
    throw new RpcError('InvalidTaskId.Malformed', 400, 'Specified TaskId is malformed.');
  }
  const objectType = optional(ctx, 'ObjectType');
  if (objectType !== undefined && !['file', 'directory', 'regex', 'preload', 'ignoreparams'].includes(objectType)) {
    throw new RpcError('InvalidObjectType.Malformed', 400, `Specified ObjectType "${objectType}" is not valid.`);
  }
  const domain = optional(ctx, 'DomainName')?.toLowerCase();
  const status = optional(ctx, 'Status');
  if ((domain !== undefined || status !== undefined) && objectType === undefined) required(ctx, 'ObjectType');
  const path = optional(ctx, 'ObjectPath');
  const start = optional(ctx, 'StartTime');
  const end = optional(ctx, 'EndTime');
  const matches = ctx.world.refreshTasks
    .filter(
      (t) =>
        (ids === undefined || ids.includes(t.taskId)) &&
        (objectType === undefined || t.objectType === objectType) &&
        (domain === undefined || t.domain === domain) &&
        (path === undefined || t.objectPath === path) &&
        (status === undefined || taskStatus(t, ctx.now).status === status) &&
        (start === undefined || t.created >= Date.parse(start)) &&
        (end === undefined || t.created <= Date.parse(end)),
    )
    .reverse();
  const p = page(ctx, matches, 20, 100);
  return {
    RequestId: ctx.requestId,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    Tasks: {
      CDNTask: p.items.map((t) => {
        const s = taskStatus(t, ctx.now);
        return {
          TaskId: t.taskId,
          ObjectPath: t.objectPath,
          ObjectType: t.objectType,
          Status: s.status,
          Process: s.process,
          CreationTime: isoSeconds(t.created),
          Description: '',
        };
      }),
    },
  };
}

function describeRefreshQuota(ctx: RpcContext): Record<string, unknown> {
  const q = quotaToday(ctx.world, ctx.now);
  // The API reports every number as a string.
  const s = (n: number) => String(Math.max(0, n));
  return {
    RequestId: ctx.requestId,
    UrlQuota: s(q.urlQuota),
    UrlRemain: s(q.urlQuota - q.urlUsed),
    DirQuota: s(q.dirQuota),
    DirRemain: s(q.dirQuota - q.dirUsed),
    RegexQuota: '20',
    RegexRemain: '20',
    IgnoreParamsQuota: '100',
    IgnoreParamsRemain: '100',
    PreloadQuota: s(q.preloadQuota),
    PreloadRemain: s(q.preloadQuota - q.preloadUsed),
    PreloadEdgeQuota: '20',
    PreloadEdgeRemain: '20',
    BlockQuota: '100',
    BlockRemain: '100',
  };
}

export const refreshHandlers = {
  RefreshObjectCaches: refreshObjectCaches,
  PushObjectCache: pushObjectCache,
  DescribeRefreshTasks: describeRefreshTasks,
  DescribeRefreshQuota: describeRefreshQuota,
};
