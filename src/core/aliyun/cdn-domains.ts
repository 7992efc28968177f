/**
 * The CdnPort's calls about CDN domains themselves: listing them with their owners, reading one, and the writes that
 * create, mark, verify, start and delete one. The ownership marker of a CDN domain is the tag `oss-domains` =
 * `<owner>`: written by AddCdnDomain itself (so a domain is never created unmarked), read back through
 * DescribeUserDomains' tag filter or ListTagResources, never by one call per domain.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import type { CdnDomain, CdnSource } from '../model.js';
import { CDN_OWNER_TAG } from '../ownership.js';
import type { CdnPort } from '../ports.js';
import { type CdnCall, cdnWrite } from './cdn-client.js';
import { allPages } from './openapi.js';

type DomainReads = Pick<CdnPort, 'listDomains' | 'getDomain' | 'describeVerifyContent'>;
type DomainWrites = Pick<CdnPort, 'addDomain' | 'tagOwner' | 'verifyDomainOwner' | 'startDomain' | 'deleteDomain'>;

const PAGE_DOMAINS = 500;

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

/** Every DescribeUserDomains page, optionally filtered by the owner tag. */
function userDomains(call: CdnCall, owner?: string): Promise<PageData[]> {
  const tag =
    owner === undefined ? undefined : [new $Cdn.DescribeUserDomainsRequestTag({ key: CDN_OWNER_TAG, value: owner })];
  return allPages(async (pageNumber) => {
    const r = await call('DescribeUserDomains', undefined, (c) =>
      c.describeUserDomains(new $Cdn.DescribeUserDomainsRequest({ pageNumber, pageSize: PAGE_DOMAINS, tag })),
    );
    return { items: r.body?.domains?.pageData ?? [], total: Number(r.body?.totalCount ?? 0) };
  }, PAGE_DOMAINS);
}

/** Owner of every domain carrying the owner tag: ListTagResources by tag key, all pages. */
async function owners(call: CdnCall): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const r = await call('ListTagResources', undefined, (c) =>
      c.listTagResources(
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

/** DescribeCdnDomainDetail and the domain's owner tag; `undefined` when CDN does not know the domain. */
async function getDomain(call: CdnCall, domain: string): Promise<CdnDomain | undefined> {
  let detail: $Cdn.DescribeCdnDomainDetailResponseBodyGetDomainDetailModel | undefined;
  try {
    const r = await call('DescribeCdnDomainDetail', domain, (c) =>
      c.describeCdnDomainDetail(new $Cdn.DescribeCdnDomainDetailRequest({ domainName: domain })),
    );
    detail = r.body?.getDomainDetailModel;
  } catch (e) {
    if ((e as { code?: string }).code === 'InvalidDomain.NotFound') return undefined;
    throw e;
  }
  if (!detail) return undefined;
  const tags = await call('DescribeTagResources', domain, (c) =>
    c.describeTagResources(new $Cdn.DescribeTagResourcesRequest({ resourceType: 'DOMAIN', resourceId: [domain] })),
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
}

export function domainReads(call: CdnCall): DomainReads {
  return {
    async listDomains(filter) {
      if (filter?.owner !== undefined) {
        const owner = filter.owner;
        return (await userDomains(call, owner)).map((d) => toDomain(d, owner));
      }
      if (filter?.owners === false) return (await userDomains(call)).map((d) => toDomain(d, undefined));
      const [all, tagged] = await Promise.all([userDomains(call), owners(call)]);
      return all.map((d) => toDomain(d, tagged.get((d.domainName ?? '').toLowerCase())));
    },

    getDomain: (domain) => getDomain(call, domain),

    async describeVerifyContent(domain) {
      const r = await call('DescribeVerifyContent', domain, (c) =>
        c.describeVerifyContent(new $Cdn.DescribeVerifyContentRequest({ domainName: domain })),
      );
      return r.body?.content ?? '';
    },
  };
}

export function domainWrites(call: CdnCall): DomainWrites {
  return {
    addDomain: (domain, o) =>
      cdnWrite(call, 'AddCdnDomain', domain, (c) =>
        c.addCdnDomain(
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
      cdnWrite(call, 'TagResources', domain, (c) =>
        c.tagResources(
          new $Cdn.TagResourcesRequest({
            resourceType: 'DOMAIN',
            resourceId: [domain],
            tag: [new $Cdn.TagResourcesRequestTag({ key: CDN_OWNER_TAG, value: owner })],
          }),
        ),
      ),

    verifyDomainOwner: (domain) =>
      cdnWrite(call, 'VerifyDomainOwner', domain, (c) =>
        c.verifyDomainOwner(new $Cdn.VerifyDomainOwnerRequest({ domainName: domain, verifyType: 'dnsCheck' })),
      ),

    startDomain: (domain) =>
      cdnWrite(call, 'StartCdnDomain', domain, (c) =>
        c.startCdnDomain(new $Cdn.StartCdnDomainRequest({ domainName: domain })),
      ),

    deleteDomain: (domain) =>
      cdnWrite(call, 'DeleteCdnDomain', domain, (c) =>
        c.deleteCdnDomain(new $Cdn.DeleteCdnDomainRequest({ domainName: domain })),
      ),
  };
}
