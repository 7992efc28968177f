/**
 * The CdnPort's cache calls: RefreshObjectCaches and PushObjectCache (one request for a whole list, paths separated
 * by newlines; the answer's task ids are comma-separated), the day's quotas, and the tasks' progress.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import type { CdnPort, RefreshTask } from '../ports.js';
import type { CdnCall } from './cdn-client.js';
import { allPages } from './openapi.js';

type RefreshMethods = Pick<CdnPort, 'refresh' | 'preload' | 'getRefreshQuota' | 'getRefreshTasks'>;

const PAGE_TASKS = 100;

const splitIds = (ids: string | undefined): string[] => (ids ?? '').split(',').filter(Boolean);
const paths = (list: string[]) => list.join('\n');

/** Every task DescribeRefreshTasks lists under one id (a merged id lists every path it covers), all pages. */
async function tasksOf(call: CdnCall, taskId: string): Promise<RefreshTask[]> {
  const tasks = await allPages(async (pageNumber) => {
    const r = await call('DescribeRefreshTasks', `task ${taskId}`, (c) =>
      c.describeRefreshTasks(new $Cdn.DescribeRefreshTasksRequest({ taskId, pageNumber, pageSize: PAGE_TASKS })),
    );
    return { items: r.body?.tasks?.CDNTask ?? [], total: Number(r.body?.totalCount ?? 0) };
  }, PAGE_TASKS);
  return tasks.map((t) => ({
    taskId: t.taskId ?? taskId,
    objectPath: t.objectPath ?? '',
    objectType: t.objectType ?? '',
    status: t.status ?? '',
    process: t.process,
    description: t.description || undefined,
  }));
}

export function refreshMethods(call: CdnCall): RefreshMethods {
  return {
    async refresh(list, type) {
      const r = await call('RefreshObjectCaches', `${list.length} ${type === 'File' ? 'URLs' : 'directories'}`, (c) =>
        c.refreshObjectCaches(new $Cdn.RefreshObjectCachesRequest({ objectPath: paths(list), objectType: type })),
      );
      return { taskIds: splitIds(r.body?.refreshTaskId), requestId: r.body?.requestId ?? '' };
    },

    async preload(list) {
      const r = await call('PushObjectCache', `${list.length} URLs`, (c) =>
        c.pushObjectCache(new $Cdn.PushObjectCacheRequest({ objectPath: paths(list) })),
      );
      return { taskIds: splitIds(r.body?.pushTaskId), requestId: r.body?.requestId ?? '' };
    },

    async getRefreshQuota() {
      const r = await call('DescribeRefreshQuota', undefined, (c) =>
        c.describeRefreshQuota(new $Cdn.DescribeRefreshQuotaRequest({})),
      );
      const b = r.body;
      const n = (s: string | undefined) => Number(s ?? 0);
      return {
        urlQuota: n(b?.urlQuota),
        urlRemain: n(b?.urlRemain),
        dirQuota: n(b?.dirQuota),
        dirRemain: n(b?.dirRemain),
        preloadQuota: n(b?.preloadQuota),
        preloadRemain: n(b?.preloadRemain),
      };
    },

    /** One DescribeRefreshTasks query per task id, one after the other. */
    async getRefreshTasks(taskIds) {
      const out: RefreshTask[] = [];
      for (const taskId of taskIds) out.push(...(await tasksOf(call, taskId)));
      return out;
    },
  };
}
