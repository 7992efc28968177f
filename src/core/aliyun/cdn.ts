/**
 * The CdnPort adapter on the official CDN SDK (@alicloud/cdn20180510). The ownership marker of a CDN domain is the
 * tag `oss-domains` = `<owner>`: written by AddCdnDomain itself (so a domain is never created unmarked), read back
 * through DescribeUserDomains' tag filter or ListTagResources, never by one call per domain.
 */
import CdnModule, * as $Cdn from '@alicloud/cdn20180510';
import type { CdnDomain, CdnSource } from '../model.js';
import { CDN_OWNER_TAG } from '../ownership.js';
import type { CdnPort, RefreshTask } from '../ports.js';
import { configMethods } from './cdn-config.js';
import { allPages, type CallContext, type ClientOptions, callApi, openapiConfig, sdkClass } from './openapi.js';

type CdnClient = InstanceType<typeof CdnModule.default>;
const Cdn = sdkClass<typeof CdnModule.default>(CdnModule);

export const CDN_PUBLIC_ENDPOINT = 'cdn.aliyuncs.com';

const PAGE_DOMAINS = 500;
const PAGE_TASKS = 100;

type PageData = $Cdn.DescribeUserDomainsResponseBodyDomainsPageData;

/** An origin as both listings give it (the SDK types every field as optional; CDN's default port is 80). */
const toSource = (s: { type?: string; content?: string; port?: number | string }): CdnSource => ({
  type: s.type ?? '',
  content: s.content ?? '',
  port: Number(s.port ?? 80),
});

function toDomain(d: PageData, owner: string | undefined): CdnDomain {
  return {
    domain: (d.domainName ?? '').toLowerCase(),
    cname: d.cname ?? '',
    status: d.domainStatus ?? '',
    scope: d.coverage,
    sources: (d.sources?.source ?? []).map(toSource),
    sslProtocol: d.sslProtocol,
    owner,
  };
}

const splitIds = (ids: string | undefined): string[] => (ids ?? '').split(',').filter(Boolean);

/** The CDN adapter; `endpoint` is a base URL (`OSS_DOMAINS_CDN_ENDPOINT`), default the public endpoint. */
export function createCdnAdapter(opts: ClientOptions): CdnPort {
  const client: CdnClient = new Cdn(openapiConfig(opts, CDN_PUBLIC_ENDPOINT));
  const endpoint = opts.endpoint ?? `https://${CDN_PUBLIC_ENDPOINT}`;
  const ctx = (action: string, resource?: string): CallContext => ({ service: 'cdn', action, endpoint, resource });
  // Every request goes through the runtime's governor: paced, bounded, retried.
  const call = <T>(c: CallContext, fn: () => Promise<T>) => callApi(c, fn, opts.governor);

  /** Every DescribeUserDomains page, optionally filtered by the owner tag. */
  function userDomains(owner?: string): Promise<PageData[]> {
    const tag =
      owner === undefined ? undefined : [new $Cdn.DescribeUserDomainsRequestTag({ key: CDN_OWNER_TAG, value: owner })];
    return allPages(async (pageNumber) => {
      const r = await call(ctx('DescribeUserDomains'), () =>
        client.describeUserDomains(new $Cdn.DescribeUserDomainsRequest({ pageNumber, pageSize: PAGE_DOMAINS, tag })),
      );
      return { items: r.body?.domains?.pageData ?? [], total: Number(r.body?.totalCount ?? 0) };
    }, PAGE_DOMAINS);
  }

  /** Owner of every domain carrying the owner tag: ListTagResources by tag key, all pages. */
  async function owners(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const r = await call(ctx('ListTagResources'), () =>
        client.listTagResources(
          new $Cdn.ListTagResourcesRequest({
            resourceType: 'DOMAIN',
            tag: [new $Cdn.ListTagResourcesRequestTag({ key: CDN_OWNER_TAG })],
            nextToken: token,
          }),
        ),
      );
      for (const t of r.body?.tagResources?.tagResource ?? []) {
        if (t.tagKey === CDN_OWNER_TAG && t.resourceId) out.set(t.resourceId.toLowerCase(), t.tagValue ?? '');
      }
      nextToken = r.body?.nextToken || undefined;
    } while (nextToken);
    return out;
  }

  async function write(action: string, resource: string, fn: () => Promise<{ body?: { requestId?: string } }>) {
    const r = await call(ctx(action, resource), fn);
    return { requestId: r.body?.requestId ?? '' };
  }

  const paths = (list: string[]) => list.join('\n');

  return {
    ...configMethods(client, ctx),
    async listDomains(filter) {
      if (filter?.owner !== undefined) {
        const owner = filter.owner;
        return (await userDomains(owner)).map((d) => toDomain(d, owner));
      }
      if (filter?.owners === false) return (await userDomains()).map((d) => toDomain(d, undefined));
      const [all, tagged] = await Promise.all([userDomains(), owners()]);
      return all.map((d) => toDomain(d, tagged.get((d.domainName ?? '').toLowerCase())));
    },

    async getDomain(domain) {
      let detail: $Cdn.DescribeCdnDomainDetailResponseBodyGetDomainDetailModel | undefined;
      try {
        const r = await call(ctx('DescribeCdnDomainDetail', domain), () =>
          client.describeCdnDomainDetail(new $Cdn.DescribeCdnDomainDetailRequest({ domainName: domain })),
        );
        detail = r.body?.getDomainDetailModel;
      } catch (e) {
        if ((e as { code?: string }).code === 'InvalidDomain.NotFound') return undefined;
        throw e;
      }
      if (!detail) return undefined;
      const tags = await call(ctx('DescribeTagResources', domain), () =>
        client.describeTagResources(
          new $Cdn.DescribeTagResourcesRequest({ resourceType: 'DOMAIN', resourceId: [domain] }),
        ),
      );
      const ownerTag = (tags.body?.tagResources ?? []).flatMap((t) => t.tag ?? []).find((t) => t.key === CDN_OWNER_TAG);
      return {
        domain: (detail.domainName ?? domain).toLowerCase(),
        cname: detail.cname ?? '',
        status: detail.domainStatus ?? '',
        scope: detail.scope,
        sources: (detail.sourceModels?.sourceModel ?? []).map(toSource),
        sslProtocol: detail.serverCertificateStatus,
        owner: ownerTag?.value,
      };
    },

    addDomain: (domain, o) =>
      write('AddCdnDomain', domain, () =>
        client.addCdnDomain(
          new $Cdn.AddCdnDomainRequest({
            domainName: domain,
            cdnType: 'web',
            scope: o.scope,
            sources: JSON.stringify(
              o.sources.map((s) => ({ type: s.type, content: s.content, port: s.port, priority: '20', weight: '10' })),
            ),
            tag: [new $Cdn.AddCdnDomainRequestTag({ key: CDN_OWNER_TAG, value: o.owner })],
          }),
        ),
      ),

    tagOwner: (domain, owner) =>
      write('TagResources', domain, () =>
        client.tagResources(
          new $Cdn.TagResourcesRequest({
            resourceType: 'DOMAIN',
            resourceId: [domain],
            tag: [new $Cdn.TagResourcesRequestTag({ key: CDN_OWNER_TAG, value: owner })],
          }),
        ),
      ),

    async describeVerifyContent(domain) {
      const r = await call(ctx('DescribeVerifyContent', domain), () =>
        client.describeVerifyContent(new $Cdn.DescribeVerifyContentRequest({ domainName: domain })),
      );
      return r.body?.content ?? '';
    },

    verifyDomainOwner: (domain) =>
      write('VerifyDomainOwner', domain, () =>
        client.verifyDomainOwner(new $Cdn.VerifyDomainOwnerRequest({ domainName: domain, verifyType: 'dnsCheck' })),
      ),

    startDomain: (domain) =>
      write('StartCdnDomain', domain, () =>
        client.startCdnDomain(new $Cdn.StartCdnDomainRequest({ domainName: domain })),
      ),
    deleteDomain: (domain) =>
      write('DeleteCdnDomain', domain, () =>
        client.deleteCdnDomain(new $Cdn.DeleteCdnDomainRequest({ domainName: domain })),
      ),

    setCertificate: (domain, certId) =>
      write('SetCdnDomainSSLCertificate', domain, () =>
        client.setCdnDomainSSLCertificate(
          new $Cdn.SetCdnDomainSSLCertificateRequest(
            certId === undefined
              ? { domainName: domain, SSLProtocol: 'off' }
              : { domainName: domain, SSLProtocol: 'on', certType: 'cas', certId: Number(certId) },
          ),
        ),
      ),

    async refresh(list, type) {
      const r = await call(
        ctx('RefreshObjectCaches', `${list.length} ${type === 'File' ? 'URLs' : 'directories'}`),
        () =>
          client.refreshObjectCaches(
            new $Cdn.RefreshObjectCachesRequest({ objectPath: paths(list), objectType: type }),
          ),
      );
      return { taskIds: splitIds(r.body?.refreshTaskId), requestId: r.body?.requestId ?? '' };
    },

    async preload(list) {
      const r = await call(ctx('PushObjectCache', `${list.length} URLs`), () =>
        client.pushObjectCache(new $Cdn.PushObjectCacheRequest({ objectPath: paths(list) })),
      );
      return { taskIds: splitIds(r.body?.pushTaskId), requestId: r.body?.requestId ?? '' };
    },

    async getRefreshQuota() {
      const r = await call(ctx('DescribeRefreshQuota'), () =>
        client.describeRefreshQuota(new $Cdn.DescribeRefreshQuotaRequest({})),
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

    /** One DescribeRefreshTasks query per task id (a merged id lists every path it covers), all pages. */
    async getRefreshTasks(taskIds) {
      const out: RefreshTask[] = [];
      for (const taskId of taskIds) {
        const tasks = await allPages(async (pageNumber) => {
          const r = await call(ctx('DescribeRefreshTasks', `task ${taskId}`), () =>
            client.describeRefreshTasks(
              new $Cdn.DescribeRefreshTasksRequest({ taskId, pageNumber, pageSize: PAGE_TASKS }),
            ),
          );
          return { items: r.body?.tasks?.CDNTask ?? [], total: Number(r.body?.totalCount ?? 0) };
        }, PAGE_TASKS);
        for (const t of tasks) {
          out.push({
            taskId: t.taskId ?? taskId,
            objectPath: t.objectPath ?? '',
            objectType: t.objectType ?? '',
            status: t.status ?? '',
            process: t.process,
            description: t.description || undefined,
          });
        }
      }
      return out;
    },
  };
}
