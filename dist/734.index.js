export const id = 734;
export const ids = [734];
export const modules = {

/***/ 79734:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createCdnAdapter: () => (/* binding */ createCdnAdapter)
});

// EXTERNAL MODULE: ./node_modules/@alicloud/cdn20180510/dist/client.js
var client = __webpack_require__(41978);
// EXTERNAL MODULE: ./build/src/core/aliyun/openapi.js
var openapi = __webpack_require__(3658);
;// CONCATENATED MODULE: ./build/src/core/aliyun/cdn-client.js
/**
 * The CDN adapter's transport on the official CDN SDK (@alicloud/cdn20180510): one client, and `call`, which runs one
 * SDK request through the runtime's governor (paced, bounded, retried) and turns its failure into a CloudError that
 * names the API and the domain it was about.
 */


const Cdn = (0,openapi/* sdkClass */.pu)(client);
const CDN_PUBLIC_ENDPOINT = 'cdn.aliyuncs.com';
/** `endpoint` is a base URL (`OSS_DOMAINS_CDN_ENDPOINT`), default the public endpoint. */
function cdnTransport(opts) {
    const client = new Cdn((0,openapi/* openapiConfig */.z$)(opts, CDN_PUBLIC_ENDPOINT));
    const endpoint = opts.endpoint ?? `https://${CDN_PUBLIC_ENDPOINT}`;
    return (action, resource, fn) => {
        const ctx = { service: 'cdn', action, endpoint, resource };
        return (0,openapi/* callApi */.px)(ctx, () => fn(client), opts.governor);
    };
}
/** A write whose answer is only its request id. */
async function cdnWrite(call, action, resource, fn) {
    const r = await call(action, resource, fn);
    return { requestId: r.body?.requestId ?? '' };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/cdn-config.js
/**
 * The CdnPort's calls about what a CDN domain does at the edge: its functions (BatchSetCdnDomainConfig,
 * DescribeCdnDomainConfigs, DeleteSpecificConfig) and the certificate it serves (DescribeDomainCertificateInfo,
 * SetCdnDomainSSLCertificate).
 *
 * The two function calls disagree on shapes (CDN API reference): BatchSetCdnDomainConfig takes camelCase JSON and
 * answers `ConfigId` as a number, DescribeCdnDomainConfigs answers it as a string with PascalCase arguments. Both
 * are normalised here to string ids and a name → value map.
 */


const isoOf = (t) => {
    const ms = t ? Date.parse(t) : Number.NaN;
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};
function configMethods(call) {
    return {
        async getConfigs(domain, names) {
            const r = await call('DescribeCdnDomainConfigs', domain, (c) => c.describeCdnDomainConfigs(new client.DescribeCdnDomainConfigsRequest({ domainName: domain, functionNames: names?.join(',') })));
            return (r.body?.domainConfigs?.domainConfig ?? []).map((c) => ({
                name: c.functionName ?? '',
                configId: String(c.configId ?? ''),
                status: c.status ?? '',
                args: Object.fromEntries((c.functionArgs?.functionArg ?? []).map((a) => [a.argName ?? '', a.argValue ?? ''])),
            }));
        },
        async setConfigs(domains, functions) {
            const body = functions.map((f) => ({
                functionName: f.name,
                functionArgs: Object.entries(f.args).map(([argName, argValue]) => ({ argName, argValue })),
                ...(f.configId ? { configId: Number(f.configId) } : {}),
            }));
            const r = await call('BatchSetCdnDomainConfig', domains.join(','), (c) => c.batchSetCdnDomainConfig(new client.BatchSetCdnDomainConfigRequest({ domainNames: domains.join(','), functions: JSON.stringify(body) })));
            const configs = (r.body?.domainConfigList?.domainConfigModel ?? []).map((m) => ({
                domain: (m.domainName ?? '').toLowerCase(),
                name: m.functionName ?? '',
                configId: String(m.configId ?? ''),
            }));
            return { requestId: r.body?.requestId ?? '', configs };
        },
        async deleteConfigs(domain, configIds) {
            const r = await call('DeleteSpecificConfig', domain, (c) => c.deleteSpecificConfig(new client.DeleteSpecificConfigRequest({ domainName: domain, configId: configIds.join(',') })));
            return { requestId: r.body?.requestId ?? '' };
        },
        async getCertificate(domain) {
            const r = await call('DescribeDomainCertificateInfo', domain, (c) => c.describeDomainCertificateInfo(new client.DescribeDomainCertificateInfoRequest({ domainName: domain })));
            const infos = r.body?.certInfos?.certInfo ?? [];
            const c = infos.find((i) => (i.domainName ?? '').toLowerCase() === domain) ?? infos[0];
            const cert = { on: c?.serverCertificateStatus === 'on' };
            if (!c || !cert.on)
                return cert;
            if (c.certId)
                cert.certId = c.certId;
            if (c.certName)
                cert.certName = c.certName;
            if (c.certType)
                cert.certType = c.certType;
            if (c.certRegion)
                cert.certRegion = c.certRegion;
            const expires = isoOf(c.certExpireTime);
            if (expires)
                cert.expires = expires;
            return cert;
        },
        setCertificate: (domain, certId) => cdnWrite(call, 'SetCdnDomainSSLCertificate', domain, (c) => c.setCdnDomainSSLCertificate(new client.SetCdnDomainSSLCertificateRequest(certId === undefined
            ? { domainName: domain, SSLProtocol: 'off' }
            : { domainName: domain, SSLProtocol: 'on', certType: 'cas', certId: Number(certId) }))),
    };
}

// EXTERNAL MODULE: ./build/src/core/ownership.js
var ownership = __webpack_require__(89200);
;// CONCATENATED MODULE: ./build/src/core/aliyun/cdn-domains.js
/**
 * The CdnPort's calls about CDN domains themselves: listing them with their owners, reading one, and the writes that
 * create, mark, verify, start and delete one. The ownership marker of a CDN domain is the tag `oss-domains` =
 * `<owner>`: written by AddCdnDomain itself (so a domain is never created unmarked), read back through
 * DescribeUserDomains' tag filter or ListTagResources, never by one call per domain.
 */




const PAGE_DOMAINS = 500;
/** An origin as both listings give it (the SDK types every field as optional; CDN's default port is 80). */
const toSource = (s) => ({
    type: s.type ?? '',
    content: s.content ?? '',
    port: Number(s.port ?? 80),
});
function toDomain(d, owner) {
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
function userDomains(call, owner) {
    const tag = owner === undefined ? undefined : [new client.DescribeUserDomainsRequestTag({ key: ownership/* CDN_OWNER_TAG */.zO, value: owner })];
    return (0,openapi/* allPages */.S4)(async (pageNumber) => {
        const r = await call('DescribeUserDomains', undefined, (c) => c.describeUserDomains(new client.DescribeUserDomainsRequest({ pageNumber, pageSize: PAGE_DOMAINS, tag })));
        return { items: r.body?.domains?.pageData ?? [], total: Number(r.body?.totalCount ?? 0) };
    }, PAGE_DOMAINS);
}
/** Owner of every domain carrying the owner tag: ListTagResources by tag key, all pages. */
async function owners(call) {
    const out = new Map();
    let nextToken;
    do {
        const token = nextToken;
        const r = await call('ListTagResources', undefined, (c) => c.listTagResources(new client.ListTagResourcesRequest({
            resourceType: 'DOMAIN',
            tag: [new client.ListTagResourcesRequestTag({ key: ownership/* CDN_OWNER_TAG */.zO })],
            nextToken: token,
        })));
        for (const t of r.body?.tagResources?.tagResource ?? []) {
            if (t.tagKey === ownership/* CDN_OWNER_TAG */.zO && t.resourceId)
                out.set(t.resourceId.toLowerCase(), t.tagValue ?? '');
        }
        nextToken = r.body?.nextToken || undefined;
    } while (nextToken);
    return out;
}
/** DescribeCdnDomainDetail and the domain's owner tag; `undefined` when CDN does not know the domain. */
async function getDomain(call, domain) {
    let detail;
    try {
        const r = await call('DescribeCdnDomainDetail', domain, (c) => c.describeCdnDomainDetail(new client.DescribeCdnDomainDetailRequest({ domainName: domain })));
        detail = r.body?.getDomainDetailModel;
    }
    catch (e) {
        if (e.code === 'InvalidDomain.NotFound')
            return undefined;
        throw e;
    }
    if (!detail)
        return undefined;
    const tags = await call('DescribeTagResources', domain, (c) => c.describeTagResources(new client.DescribeTagResourcesRequest({ resourceType: 'DOMAIN', resourceId: [domain] })));
    const ownerTag = (tags.body?.tagResources ?? []).flatMap((t) => t.tag ?? []).find((t) => t.key === ownership/* CDN_OWNER_TAG */.zO);
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
function domainReads(call) {
    return {
        async listDomains(filter) {
            if (filter?.owner !== undefined) {
                const owner = filter.owner;
                return (await userDomains(call, owner)).map((d) => toDomain(d, owner));
            }
            if (filter?.owners === false)
                return (await userDomains(call)).map((d) => toDomain(d, undefined));
            const [all, tagged] = await Promise.all([userDomains(call), owners(call)]);
            return all.map((d) => toDomain(d, tagged.get((d.domainName ?? '').toLowerCase())));
        },
        getDomain: (domain) => getDomain(call, domain),
        async describeVerifyContent(domain) {
            const r = await call('DescribeVerifyContent', domain, (c) => c.describeVerifyContent(new client.DescribeVerifyContentRequest({ domainName: domain })));
            return r.body?.content ?? '';
        },
    };
}
function domainWrites(call) {
    return {
        addDomain: (domain, o) => cdnWrite(call, 'AddCdnDomain', domain, (c) => c.addCdnDomain(new client.AddCdnDomainRequest({
            domainName: domain,
            cdnType: 'web',
            scope: o.scope,
            sources: JSON.stringify(o.sources.map((s) => ({ type: s.type, content: s.content, port: s.port, priority: '20', weight: '10' }))),
            tag: [new client.AddCdnDomainRequestTag({ key: ownership/* CDN_OWNER_TAG */.zO, value: o.owner })],
        }))),
        tagOwner: (domain, owner) => cdnWrite(call, 'TagResources', domain, (c) => c.tagResources(new client.TagResourcesRequest({
            resourceType: 'DOMAIN',
            resourceId: [domain],
            tag: [new client.TagResourcesRequestTag({ key: ownership/* CDN_OWNER_TAG */.zO, value: owner })],
        }))),
        verifyDomainOwner: (domain) => cdnWrite(call, 'VerifyDomainOwner', domain, (c) => c.verifyDomainOwner(new client.VerifyDomainOwnerRequest({ domainName: domain, verifyType: 'dnsCheck' }))),
        startDomain: (domain) => cdnWrite(call, 'StartCdnDomain', domain, (c) => c.startCdnDomain(new client.StartCdnDomainRequest({ domainName: domain }))),
        deleteDomain: (domain) => cdnWrite(call, 'DeleteCdnDomain', domain, (c) => c.deleteCdnDomain(new client.DeleteCdnDomainRequest({ domainName: domain }))),
    };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/cdn-refresh.js
/**
 * The CdnPort's cache calls: RefreshObjectCaches and PushObjectCache (one request for a whole list, paths separated
 * by newlines; the answer's task ids are comma-separated), the day's quotas, and the tasks' progress.
 */


const PAGE_TASKS = 100;
const splitIds = (ids) => (ids ?? '').split(',').filter(Boolean);
const paths = (list) => list.join('\n');
/** Every task DescribeRefreshTasks lists under one id (a merged id lists every path it covers), all pages. */
async function tasksOf(call, taskId) {
    const tasks = await (0,openapi/* allPages */.S4)(async (pageNumber) => {
        const r = await call('DescribeRefreshTasks', `task ${taskId}`, (c) => c.describeRefreshTasks(new client.DescribeRefreshTasksRequest({ taskId, pageNumber, pageSize: PAGE_TASKS })));
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
function refreshMethods(call) {
    return {
        async refresh(list, type) {
            const r = await call('RefreshObjectCaches', `${list.length} ${type === 'File' ? 'URLs' : 'directories'}`, (c) => c.refreshObjectCaches(new client.RefreshObjectCachesRequest({ objectPath: paths(list), objectType: type })));
            return { taskIds: splitIds(r.body?.refreshTaskId), requestId: r.body?.requestId ?? '' };
        },
        async preload(list) {
            const r = await call('PushObjectCache', `${list.length} URLs`, (c) => c.pushObjectCache(new client.PushObjectCacheRequest({ objectPath: paths(list) })));
            return { taskIds: splitIds(r.body?.pushTaskId), requestId: r.body?.requestId ?? '' };
        },
        async getRefreshQuota() {
            const r = await call('DescribeRefreshQuota', undefined, (c) => c.describeRefreshQuota(new client.DescribeRefreshQuotaRequest({})));
            const b = r.body;
            const n = (s) => Number(s ?? 0);
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
            const out = [];
            for (const taskId of taskIds)
                out.push(...(await tasksOf(call, taskId)));
            return out;
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/cdn.js




/** The CDN adapter; `endpoint` is a base URL (`OSS_DOMAINS_CDN_ENDPOINT`), default the public endpoint. */
function createCdnAdapter(opts) {
    const call = cdnTransport(opts);
    return {
        ...domainReads(call),
        ...domainWrites(call),
        ...configMethods(call),
        ...refreshMethods(call),
    };
}


/***/ }),

/***/ 3658:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S4: () => (/* binding */ allPages),
/* harmony export */   pu: () => (/* binding */ sdkClass),
/* harmony export */   px: () => (/* binding */ callApi),
/* harmony export */   ue: () => (/* binding */ rpcCall),
/* harmony export */   z$: () => (/* binding */ openapiConfig)
/* harmony export */ });
/* unused harmony exports READ_TIMEOUT_MS, CONNECT_TIMEOUT_MS, parseEndpoint, toCloudError */
/* harmony import */ var _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(69764);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36375);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48676);
/**
 * What the Alidns and CDN adapters share about the openapi-core SDKs: building a client `Config` from the contract's
 * endpoint base URL, loading the SDK classes whatever the module interop, and turning every SDK failure into one
 * `CloudError` with a hint that says what to do.
 */



/** Read timeout for one call. The SDK default (3 s) is too short for a slow page of 500 records. */
const READ_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * The class an SDK package exports as `default`. Node's ESM loader hands us `module.exports` (the class is then on
 * `.default`); a bundler honouring `__esModule` hands us the class itself. Accept both.
 */
function sdkClass(mod) {
    const m = mod;
    return (typeof m === 'function' ? m : m.default);
}
/**
 * Splits a base URL (`http://127.0.0.1:9000`, `https://alidns.aliyuncs.com`) into what openapi-core wants: an
 * endpoint without a scheme (a scheme there becomes `http://http//…`) and a protocol. A bare `host[:port]` is
 * taken as https.
 */
function parseEndpoint(base) {
    const text = base.trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`The endpoint "${base}" is not a URL.`, {
            service: 'config',
            code: 'InvalidEndpoint',
            status: 0,
            hint: 'Give a base URL such as http://127.0.0.1:9000 or https://alidns.aliyuncs.com.',
        });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`The endpoint "${base}" must use http or https.`, {
            service: 'config',
            code: 'InvalidEndpoint',
            status: 0,
            hint: 'Give a base URL such as http://127.0.0.1:9000.',
        });
    }
    return { endpoint: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}
/**
 * A client `Config` with explicit timeouts and no SDK retries: `retryOptions` is left unset on purpose, because the
 * core's governor retries (pacing throttled calls, honouring x-acs-retry-after) and two retry layers would multiply
 * attempts.
 */
function openapiConfig(opts, publicEndpoint) {
    const { endpoint, protocol } = parseEndpoint(opts.endpoint ?? `https://${publicEndpoint}`);
    return new _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__.$OpenApiUtil.Config({
        credential: (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .openapiCredential */ .o)(opts.credential),
        endpoint,
        protocol,
        // Alidns refuses to build a client without a region even when the endpoint is given.
        regionId: 'cn-hangzhou',
        readTimeout: opts.timeoutMs ?? READ_TIMEOUT_MS,
        connectTimeout: CONNECT_TIMEOUT_MS,
    });
}
/** What to do about the error codes a user can act on. Keyed by code; `*` entries apply to every service. */
const HINTS = {
    'InvalidDomainName.NoExist': 'The zone is not in this account: add it to Alibaba Cloud DNS, set `zone:` to a zone the account has, or use `dns: none`.',
    IncorrectDomainUser: 'The zone belongs to another Alibaba Cloud account (often a delegated sub-zone): set `zone:` to the zone this account manages, or use `dns: none`.',
    DomainRecordConflict: 'Another record at this host name conflicts with a CNAME (a CNAME must be alone at its name): remove the other record, or choose another name.',
    DomainRecordDuplicate: 'An identical record already exists; there is nothing to change.',
    DomainRecordNotBelongToUser: 'The record no longer exists in this account (deleted meanwhile?): run `oss-domains plan` again to read the current records.',
    DomainRecordLocked: 'The record is locked: unlock it in the Alibaba Cloud DNS console, then retry.',
    DomainOwnerVerifyFail: 'CDN wants proof that you own the root domain: add the TXT record verification.<root> with the content DescribeVerifyContent returns, wait for it to propagate, then retry.',
    DomainNotRegistration: 'The domain has no ICP filing, which CDN needs for mainland China: use `cdn: { scope: overseas }`, or file the domain first.',
    DomainAlreadyExist: 'The domain is already added to CDN (or to DCDN, VOD or Live), perhaps in another account: remove it there first.',
    DomainOverLimit: 'The account holds as many CDN domains as it may: delete unused ones, or ask for a higher quota.',
    'QuotaExceeded.Refresh': 'The daily refresh quota is used up: check DescribeRefreshQuota, refresh directories instead of single URLs, or retry after the daily reset.',
    'InvalidObjectPath.Size.Malformed': 'Send at most 1,000 URLs or 100 directories per call.',
    'InvalidDomain.NotFound': 'The domain is not a CDN domain of this account: check the URL, or add the domain with `cdn: true`.',
    'InvalidDomain.Offline': 'The CDN domain is stopped: start it (StartCdnDomain) before refreshing it.',
    ServiceBusy: 'The CDN domain is still being configured: wait until it is online, then retry.',
    'Certificate.NotFind': 'The certificate is not in Certificate Management Service: check `cert-id` (the numeric id shown in the console).',
    'Certificate.MissMatch': 'The certificate does not cover this domain: choose a certificate whose names include it.',
    'InvalidAccessKeyId.NotFound': 'The AccessKey id is unknown: check ALIBABA_CLOUD_ACCESS_KEY_ID.',
    'InvalidAccessKeyId.Inactive': 'The AccessKey is disabled: enable it or create a new one in the RAM console.',
    SignatureDoesNotMatch: 'The AccessKey secret does not match the id: check ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
    IncompleteSignature: 'The request was not signed completely: check the credentials and any proxy that rewrites requests.',
    'InvalidTimeStamp.Expired': "This machine's clock is more than 15 minutes off: synchronise it (NTP), then retry.",
    'Forbidden.RAM': 'The RAM identity may not call this action: attach the policy `oss-domains policy` prints.',
    NoPermission: 'The RAM identity may not call this action: attach the policy `oss-domains policy` prints.',
};
function hintFor(code, status) {
    if (HINTS[code])
        return HINTS[code];
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isThrottlingCode */ .pZ)(code))
        return 'The API is throttling requests; the call is retried with backoff.';
    if (status >= 500)
        return 'Alibaba Cloud had a temporary failure; the call is retried.';
    return undefined;
}
/**
 * Maps anything an openapi-core call throws to `CloudError`: API errors keep their code, HTTP status and
 * request id; network errors get status -1, timeouts -2; a body that is not JSON means the endpoint is not an
 * Alibaba Cloud API. A `CloudError` (from the credential source) passes through.
 */
function toCloudError(e, ctx) {
    if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2)
        return e;
    const err = (e ?? {});
    const where = `${ctx.action}${ctx.resource ? ` (${ctx.resource})` : ''}`;
    const base = { service: ctx.service, action: ctx.action, resource: ctx.resource, cause: e };
    if (typeof err.statusCode === 'number' && typeof err.code === 'string' && err.statusCode >= 400) {
        const status = err.statusCode;
        const data = (err.data ?? {});
        // The SDK stringifies a missing Code as "undefined": that body did not come from an Alibaba Cloud API.
        const foreign = err.code === 'undefined' || err.code === '';
        const code = foreign ? `HTTP${status}` : err.code;
        // SignatureDoesNotMatch carries the server's string to sign: useless to a user, and noise in every log.
        const raw = typeof data.Message === 'string' ? data.Message : `HTTP ${status} without an error code`;
        const message = raw.replace(/\s*server string to sign is:.*$/is, '');
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`${where} failed: ${message}`, {
            ...base,
            code,
            status,
            requestId: typeof data.RequestId === 'string' ? data.RequestId : undefined,
            retryAfterMs: typeof err.retryAfter === 'number' ? err.retryAfter : undefined,
            hint: foreign
                ? `${ctx.endpoint} answered without an Alibaba Cloud error code: check the endpoint and any proxy in between.`
                : hintFor(code, status),
        });
    }
    if (err.name === 'RequestTimeoutError' || /timeout/i.test(String(err.name ?? ''))) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`${where}: ${ctx.endpoint} did not answer in time (${err.message ?? 'timeout'}).`, {
            ...base,
            code: 'RequestTimeoutError',
            status: -2,
            hint: 'The call is retried; if it keeps failing, check the network path to the endpoint.',
        });
    }
    if (err.name === 'SyntaxError') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`${where}: ${ctx.endpoint} answered with something that is not JSON.`, {
            ...base,
            code: 'InvalidResponse',
            status: 0,
            hint: 'The endpoint is not an Alibaba Cloud API: check OSS_DOMAINS_DNS_ENDPOINT / OSS_DOMAINS_CDN_ENDPOINT.',
        });
    }
    if (typeof err.code === 'string' && /^E[A-Z]+/.test(err.code)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`${where}: could not reach ${ctx.endpoint} (${err.code}).`, {
            ...base,
            code: err.code,
            status: -1,
            hint: 'Check the network and the endpoint (OSS_DOMAINS_DNS_ENDPOINT / OSS_DOMAINS_CDN_ENDPOINT when set).',
        });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2(`${where} failed: ${err.message ?? String(e)}`, { ...base, code: 'UnknownError', status: 0 });
}
/**
 * Every page of a paged Describe call (PageNumber from 1): pages until the reported total is reached, or a short page
 * ends it should the total be wrong.
 */
async function allPages(fetch, pageSize) {
    const out = [];
    for (let pageNumber = 1;; pageNumber++) {
        const { items, total } = await fetch(pageNumber);
        out.push(...items);
        if (out.length >= total || items.length < pageSize)
            return out;
    }
}
/** Runs one SDK request through the governor (when there is one), converting its failure. */
function callApi(ctx, fn, governor) {
    const once = async () => {
        try {
            return await fn();
        }
        catch (e) {
            throw toCloudError(e, ctx);
        }
    };
    if (!governor)
        return once();
    const service = ctx.service === 'cdn' ? 'cdn' : 'alidns';
    return governor.run({ service, action: ctx.action, resource: ctx.resource }, once);
}
/**
 * An RPC action through the SDK's own generic call (`Client.callApi`, what every typed method calls), signed and sent
 * exactly as the typed method sends it, returning the JSON body as it came: without the cast into the SDK's model
 * classes, which for a page of 500 DNS records built each record's field tables anew (about 2 KB of garbage a record).
 */
async function rpcCall(client, action, version, query) {
    const params = new _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__.$OpenApiUtil.Params({
        action,
        version,
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
    });
    const request = new _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__.$OpenApiUtil.OpenApiRequest({ query: _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__.OpenApiUtil.query(query) });
    // The runtime options the typed methods pass: none set (timeouts come from the client's Config).
    return (await client.callApi(params, request, {})).body;
}


/***/ })

};
