export const id = 669;
export const ids = [669];
export const modules = {

/***/ 19669:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ALIDNS_PUBLIC_ENDPOINT: () => (/* binding */ ALIDNS_PUBLIC_ENDPOINT),
/* harmony export */   createDnsAdapter: () => (/* binding */ createDnsAdapter)
/* harmony export */ });
/* harmony import */ var _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2511);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36375);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(11285);
/* harmony import */ var _openapi_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3658);
/**
 * The DnsPort adapter on the official Alidns SDK (@alicloud/alidns20150109). Reads page through everything (zones
 * 100 per call, records 500 per call); writes return the request id for the report. Every failure is a `CloudError`.
 */




const Alidns = (0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .sdkClass */ .pu)(_alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__);
const ALIDNS_PUBLIC_ENDPOINT = 'alidns.aliyuncs.com';
/** Name-valued records compare as DNS names (case and a trailing dot ignored); others byte for byte. */
function sameValue(type, a, b) {
    return /^(CNAME|MX|NS)$/i.test(type) ? (0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .sameHost */ .RM)(a, b) : a === b;
}
function toRecord(zone, r) {
    return {
        recordId: String(r.RecordId ?? ''),
        zone,
        rr: (r.RR ?? '').toLowerCase(),
        type: (r.Type ?? '').toUpperCase(),
        value: r.Value ?? '',
        ttl: Number(r.TTL ?? 0),
        line: r.Line ?? 'default',
        status: (r.Status ?? 'ENABLE').toUpperCase(),
        remark: r.Remark || undefined,
    };
}
/** The Alidns adapter; `endpoint` is a base URL (`OSS_DOMAINS_DNS_ENDPOINT`), default the public endpoint. */
function createDnsAdapter(opts) {
    const client = new Alidns((0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .openapiConfig */ .z$)(opts, ALIDNS_PUBLIC_ENDPOINT));
    const endpoint = opts.endpoint ?? `https://${ALIDNS_PUBLIC_ENDPOINT}`;
    const ctx = (action, resource) => ({ service: 'alidns', action, endpoint, resource });
    // Every request goes through the runtime's governor: paced, bounded, retried.
    const call = (c, fn) => (0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .callApi */ .px)(c, fn, opts.governor);
    const PAGE_ZONES = 100;
    const PAGE_RECORDS = 500;
    return {
        listZones: () => (0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .allPages */ .S4)(async (pageNumber) => {
            const r = await call(ctx('DescribeDomains'), () => client.describeDomains(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.DescribeDomainsRequest({ pageNumber, pageSize: PAGE_ZONES })));
            const items = (r.body?.domains?.domain ?? []).map((d) => ({ name: (d.domainName ?? '').toLowerCase() }));
            return { items, total: Number(r.body?.totalCount ?? 0) };
        }, PAGE_ZONES),
        listRecords: (zone) => (0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .allPages */ .S4)(async (pageNumber) => {
            // Without the SDK's model cast (see rpcCall): the same request, the records read by their wire names.
            const body = await call(ctx('DescribeDomainRecords', zone), () => (0,_openapi_js__WEBPACK_IMPORTED_MODULE_3__/* .rpcCall */ .ue)(client, 'DescribeDomainRecords', '2015-01-09', {
                DomainName: zone,
                PageNumber: pageNumber,
                PageSize: PAGE_RECORDS,
            }));
            const items = (body?.DomainRecords?.Record ?? []).map((rec) => toRecord(zone, rec));
            return { items, total: Number(body?.TotalCount ?? 0) };
        }, PAGE_RECORDS),
        async addRecord(zone, rec) {
            const r = await call(ctx('AddDomainRecord', `${rec.rr}.${zone}`), () => client.addDomainRecord(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.AddDomainRecordRequest({
                domainName: zone,
                RR: rec.rr,
                type: rec.type,
                value: rec.value,
                TTL: rec.ttl,
            })));
            return { recordId: String(r.body?.recordId ?? ''), requestId: r.body?.requestId ?? '' };
        },
        /**
         * Alidns answers `DomainRecordDuplicate` both for an update that changes nothing and for one that would copy
         * another record; only the record itself can tell them apart, so on that error we read it back.
         */
        async updateRecord(recordId, rec) {
            try {
                const r = await call(ctx('UpdateDomainRecord', `record ${recordId}`), () => client.updateDomainRecord(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.UpdateDomainRecordRequest({
                    recordId,
                    RR: rec.rr,
                    type: rec.type,
                    value: rec.value,
                    TTL: rec.ttl,
                })));
                return { requestId: r.body?.requestId ?? '' };
            }
            catch (e) {
                if (!(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudError */ .K2) || e.code !== 'DomainRecordDuplicate')
                    throw e;
                const info = await call(ctx('DescribeDomainRecordInfo', `record ${recordId}`), () => client.describeDomainRecordInfo(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.DescribeDomainRecordInfoRequest({ recordId })));
                const b = info.body;
                const same = (b?.RR ?? '').toLowerCase() === rec.rr.toLowerCase() &&
                    (b?.type ?? '').toUpperCase() === rec.type.toUpperCase() &&
                    sameValue(rec.type, b?.value ?? '', rec.value) &&
                    Number(b?.TTL) === rec.ttl;
                if (!same)
                    throw e;
                return { requestId: e.requestId ?? '', unchanged: true };
            }
        },
        async deleteRecord(recordId) {
            const r = await call(ctx('DeleteDomainRecord', `record ${recordId}`), () => client.deleteDomainRecord(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.DeleteDomainRecordRequest({ recordId })));
            return { requestId: r.body?.requestId ?? '' };
        },
        async setStatus(recordId, status) {
            const r = await call(ctx('SetDomainRecordStatus', `record ${recordId}`), () => client.setDomainRecordStatus(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.SetDomainRecordStatusRequest({ recordId, status })));
            return { requestId: r.body?.requestId ?? '' };
        },
        async setRemark(recordId, remark) {
            const r = await call(ctx('UpdateDomainRecordRemark', `record ${recordId}`), () => client.updateDomainRecordRemark(new _alicloud_alidns20150109__WEBPACK_IMPORTED_MODULE_0__.UpdateDomainRecordRemarkRequest({ recordId, remark })));
            return { requestId: r.body?.requestId ?? '' };
        },
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
