export const id = 421;
export const ids = [421];
export const modules = {

/***/ 48421:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createOssAdapter: () => (/* binding */ createOssAdapter)
});

// EXTERNAL MODULE: ./build/src/core/errors.js + 1 modules
var errors = __webpack_require__(36375);
// EXTERNAL MODULE: ./node_modules/ali-oss/lib/client.js
var lib_client = __webpack_require__(14391);
// EXTERNAL MODULE: ./node_modules/saxes/saxes.js
var saxes = __webpack_require__(59800);
;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-xml.js
/**
 * Reads the XML body of a successful OSS answer, in place of ali-oss's `xmlResponse` (xml2js over sax). A `plan` of a
 * large account reads hundreds of them (a ListCname holds up to 100 bindings per bucket); saxes, a strict,
 * conformant streaming parser, with the small tree builder below, takes about a fifth of xml2js's CPU for them.
 *
 * The result has the shape xml2js gave ali-oss (`explicitRoot: false, explicitArray: false`), with one difference
 * the callers ask for: an element listed in `arrays` is always an array, whether the answer holds none of it (then it
 * is absent), one or several. So:
 * - the root element is dropped: the result is its content, an object of its children, or its text when it has none
 *   (`''` when empty); an empty body (a Quiet DeleteMultipleObjects that deleted everything) is `undefined`;
 * - every value is a string exactly as sent (no number or boolean coercion, no trimming); an element that occurs
 *   more than once becomes an array; text beside child elements (the answer's indentation) is dropped;
 * - XML's predefined entities and character references are decoded, CDATA is text; attributes are ignored (no call
 *   reads one);
 * - a body that is not one well-formed XML document (cut short, say) is an OssXmlError, never a partial result.
 */

/** An answer whose body could not be read as XML. */
class OssXmlError extends Error {
    name = 'OssXmlError';
}
/** Whether the element being closed (the top of `stack`, below the document frame) is listed in `arrays`. */
function listed(stack, arrays, names) {
    const name = stack[stack.length - 1].name;
    // stack[0] is the document, stack[1] the root element, which paths leave out.
    if (stack.length <= 2 || !names.has(name))
        return false;
    let path = name;
    for (let i = stack.length - 2; i >= 2; i--)
        path = `${stack[i].name}.${path}`;
    return arrays.has(path);
}
function add(parent, name, value, asArray) {
    parent.children ??= {};
    const siblings = parent.children;
    if (Object.hasOwn(siblings, name)) {
        const prev = siblings[name];
        if (Array.isArray(prev))
            prev.push(value);
        else
            siblings[name] = [prev, value];
    }
    else if (name === '__proto__') {
        // Assigning would set the object's prototype: an element of that name is a field like any other.
        Object.defineProperty(siblings, name, { value: asArray ? [value] : value, enumerable: true, writable: true });
    }
    else {
        siblings[name] = asArray ? [value] : value;
    }
}
/** The content of the root element of `body` (a Buffer as ali-oss returns it, or text). */
function parseOssXml(body, shape = {}) {
    const xml = Buffer.isBuffer(body) ? body.toString('utf8') : (body ?? '');
    if (xml.trim() === '')
        return undefined;
    const arrays = new Set(shape.arrays);
    const names = new Set([...arrays].map((a) => a.slice(a.lastIndexOf('.') + 1)));
    const stack = [{ name: '', text: '' }];
    const parser = new saxes/* SaxesParser */.wT();
    parser.on('opentag', (tag) => {
        stack.push({ name: tag.name, text: '' });
    });
    parser.on('text', (t) => {
        stack[stack.length - 1].text += t;
    });
    parser.on('cdata', (t) => {
        stack[stack.length - 1].text += t;
    });
    parser.on('closetag', (tag) => {
        const asArray = listed(stack, arrays, names);
        const done = stack.pop();
        add(stack[stack.length - 1], tag.name, done.children ?? done.text, asArray);
    });
    try {
        parser.write(xml).close();
    }
    catch (e) {
        throw new OssXmlError(`the answer is not well-formed XML: ${e.message}`, { cause: e });
    }
    const doc = stack[0].children ?? {};
    return doc[Object.keys(doc)[0]];
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-errors.js
/**
 * How the OSS adapter reports failures: whatever ali-oss throws becomes one CloudError with the API, OSS's code and
 * status, the request id, and a hint that says what to do — written for the codes a user of this tool meets.
 */


function hintFor(code, message, info, endpoint) {
    const { bucket, region, domain, key } = info;
    switch (code) {
        case 'NeedVerifyDomainOwnership':
            return `OSS has not seen the TXT record _dnsauth.${domain} holding this bucket's CNAME token yet: create it (CreateCnameToken gives the value), wait for DNS to propagate, and retry.`;
        case 'CnameAlreadyExists':
            return `${domain} is bound to another bucket of this account; unbind it there first (or use takeover).`;
        case 'NoSuchCnameInRecord':
            return `${domain} has no ICP filing, which OSS requires for buckets in mainland China: file the domain (备案), or use a bucket in a region outside mainland China (e.g. ap-southeast-1).`;
        case 'NoSuchBucket':
            return `Check the bucket name "${bucket}": it does not exist in this account${region ? ` (looked in ${region})` : ''}.`;
        case 'AccessDenied':
            return /endpoint/i.test(message)
                ? `Bucket ${bucket} is not in ${region}: set the bucket's real region (the error names its endpoint; "oss-domains bind" without --region looks it up).`
                : `The credentials may not call ${info.action}${bucket ? ` on bucket ${bucket}` : ''}: grant it in RAM ("oss-domains policy" prints the least-privilege policy).`;
        case 'InvalidAccessKeyId':
            return 'OSS does not know this AccessKey ID: check ALIBABA_CLOUD_ACCESS_KEY_ID, and that the key is enabled.';
        case 'SignatureDoesNotMatch':
            return 'OSS rejected the signature: check that ALIBABA_CLOUD_ACCESS_KEY_SECRET belongs to ALIBABA_CLOUD_ACCESS_KEY_ID.';
        case 'RequestTimeTooSkewed':
            return "This machine's clock is more than 15 minutes off: synchronise it (NTP) and retry.";
        case 'InvalidDigest':
            return `The bytes OSS received for ${key} are not the ones that were hashed: the file changed while it was being deployed. Run the deploy again once the build has finished.`;
        case 'FileAlreadyExists':
            return `The object ${key} already exists and was not overwritten.`;
        case 'InvalidArgument':
        case 'MalformedXML':
            return `OSS refused the request's arguments${domain ? ` for ${domain}` : ''}: fix the domain or certificate settings as the message says.`;
        case 'InvalidResponse':
            return `Retry; if OSS's answers keep arriving cut short or changed, look for a proxy between this machine and ${endpoint ?? 'OSS'}.`;
        case 'ResponseTimeoutError':
        case 'ConnectionTimeoutError':
            return 'OSS did not answer in time: retry later, or check the network.';
        default:
            if ((0,errors/* isThrottlingCode */.pZ)(code))
                return 'OSS is throttling requests: retry with backoff.';
            if (code.startsWith('E') && /^E[A-Z]+$/.test(code)) {
                return `Could not reach OSS${endpoint ? ` at ${endpoint} (OSS_DOMAINS_OSS_ENDPOINT)` : ''}: check the network and retry.`;
            }
            return undefined;
    }
}
/** Turns whatever ali-oss threw into a CloudError (no credential can reach its message: see errors.ts). */
function ossError(e, info, endpoint) {
    if (e instanceof errors/* CloudError */.K2)
        return e;
    const err = (e ?? {});
    const raw = String(err.message ?? e);
    let code;
    let status;
    let message;
    if (e instanceof OssXmlError) {
        // Only successful (200) answers are decoded here; OSS's error answers are read by ali-oss.
        code = 'InvalidResponse';
        status = 200;
        message = raw;
    }
    else if (/Timeout/.test(err.name ?? '') || err.status === -2) {
        code = err.name && /Timeout/.test(err.name) ? err.name : 'ResponseTimeoutError';
        status = -2;
        message = raw.split(',')[0];
    }
    else if (err.status === undefined &&
        !/\bE[A-Z]{3,}\b/.test(`${raw} ${err.code ?? ''}`) &&
        err.name !== 'RequestError') {
        // Thrown by ali-oss before any request (a bad region or bucket argument): no network was involved, and
        // retrying cannot help, so it is a client error (status 0), not a network one.
        code = 'InvalidArgument';
        status = 0;
        message = raw;
    }
    else if (err.status === -1 || err.status === undefined) {
        // ali-oss wraps socket errors as RequestError with the errno only in the message ("connect ECONNREFUSED …").
        code = /\b(E[A-Z]{3,})\b/.exec(raw)?.[1] ?? err.code ?? err.name ?? 'NetworkError';
        status = -1;
        message = raw.split('\n')[0].split(', ')[0];
    }
    else {
        code = err.code ?? err.name?.replace(/Error$/, '') ?? 'Unknown';
        status = err.status;
        message = raw;
    }
    const what = [info.domain, info.key].filter(Boolean).join(' ');
    const where = info.bucket ? ` on bucket ${info.bucket}` : '';
    return new errors/* CloudError */.K2(`${info.action}${what ? ` ${what}` : ''}${where} failed: ${message}`, {
        service: 'oss',
        action: info.action,
        code,
        status,
        requestId: err.requestId || undefined,
        hint: hintFor(code, message, info, endpoint),
        resource: info.domain ?? info.key ?? (info.bucket || undefined),
        cause: e,
    });
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-client.js
/**
 * The OSS adapter's transport on ali-oss 6.23: one client per region (and per bucket for ali-oss's object methods),
 * cached, with the current credentials put in place before each call so rotated STS sessions are picked up; and
 * `call`, one raw request through the runtime's governor with ali-oss's error turned into a CloudError.
 *
 * ali-oss has no CNAME methods, and its website methods drop fields (oss-site.ts), so `call` goes through its internal
 * `request()`: the bucket in the params, sub-resources in `subres` (signed), a Buffer body and explicit
 * `successStatuses` (without them ali-oss returns 4xx/5xx as results). A successful XML answer is read by
 * parseOssXml (`xml` in the request) rather than by ali-oss's xml2js, which costs about five times the CPU; ali-oss
 * still reads the error answers itself.
 */




const DEFAULT_TIMEOUT_MS = 30_000;
/** Text for an XML element: the five predefined entities escaped. */
const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const headersOf = (r) => r.res?.headers ?? r.headers ?? {};
const requestIdOf = (r) => r.res?.headers?.['x-oss-request-id'] ?? r.headers?.['x-oss-request-id'] ?? '';
/** An HTTP date header as ms since the epoch; `undefined` when absent or unreadable. */
const httpTime = (v) => {
    const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    return Number.isNaN(t) ? undefined : t;
};
function ossTransport(opts) {
    const endpoint = opts.endpoint?.trim() || undefined;
    const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const clients = new Map();
    /** The region's client, with the current credentials put in place. */
    async function client(region, v4 = true, bucket) {
        const key = await opts.credential();
        (0,errors/* registerSecret */.cl)(key.accessKeySecret);
        (0,errors/* registerSecret */.cl)(key.securityToken);
        const id = `${region}|${v4 ? 'v4' : 'v1'}|${bucket ?? ''}`;
        let c = clients.get(id);
        if (!c) {
            c = new lib_client({
                accessKeyId: key.accessKeyId,
                accessKeySecret: key.accessKeySecret,
                stsToken: key.securityToken,
                // ali-oss warns when an STS token comes without a refresher; ours is the per-call update below.
                refreshSTSToken: key.securityToken
                    ? async () => ({
                        accessKeyId: c.options.accessKeyId,
                        accessKeySecret: c.options.accessKeySecret,
                        stsToken: c.options.stsToken ?? '',
                    })
                    : undefined,
                region: `oss-${region}`,
                endpoint,
                secure: endpoint ? endpoint.startsWith('https:') : true,
                authorizationV4: v4,
                timeout,
                bucket,
            });
            clients.set(id, c);
        }
        c.options.accessKeyId = key.accessKeyId;
        c.options.accessKeySecret = key.accessKeySecret;
        c.options.stsToken = key.securityToken;
        return c;
    }
    const fail = (e, info, region) => ossError(e, { ...info, region }, endpoint);
    /** One request, through the runtime's governor: paced, bounded, retried. */
    const call = (info, region, { xml, ...params }, v4 = true) => {
        const once = async () => {
            try {
                const r = await (await client(region, v4)).request(params);
                if (xml)
                    r.data = parseOssXml(r.data, xml);
                return r;
            }
            catch (e) {
                throw fail(e, info, region);
            }
        };
        if (!opts.governor)
            return once();
        const resource = info.domain ?? info.key ?? (info.bucket || undefined);
        return opts.governor.run({ service: 'oss', action: info.action, resource }, once);
    };
    return { call, bucketClient: (bucket, region) => client(region, true, bucket), fail, timeoutMs: timeout };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-cname.js
/**
 * The OssPort's calls about a bucket's custom domains (OSS API reference: ListCname, CreateCnameToken, GetCnameToken,
 * PutCname, DeleteCname): the bindings with their certificates, and the token that `_dnsauth.<domain>` must hold
 * before OSS binds a domain. All of them POST or GET the `cname` sub-resource through the raw request.
 */


function cnameBody(domain, certXml = '') {
    return Buffer.from('<?xml version="1.0" encoding="UTF-8"?><BucketCnameConfiguration><Cname>' +
        `<Domain>${xmlEscape(domain)}</Domain>${certXml}</Cname></BucketCnameConfiguration>`);
}
/** PutCname's `<CertificateConfiguration>`: none, a certificate to bind, or the bound one to remove. */
function certXmlOf(cert) {
    if (cert && 'delete' in cert) {
        return '<CertificateConfiguration><DeleteCertificate>true</DeleteCertificate></CertificateConfiguration>';
    }
    // Force: OSS then replaces whatever certificate is bound without asking for its id (PreviousCertId), which is
    // what a desired-state tool wants (OSS API reference, PutCname, CertificateConfiguration).
    if (cert) {
        return `<CertificateConfiguration><CertId>${xmlEscape(cert.certId)}</CertId><Force>true</Force></CertificateConfiguration>`;
    }
    return '';
}
const isoOf = (date) => {
    const t = typeof date === 'string' ? Date.parse(date) : Number.NaN;
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};
/** One `<Cname>` of ListCname's answer. */
function toBinding(c, bucket, region) {
    return {
        domain: String(c.Domain ?? '').toLowerCase(),
        bucket,
        region,
        status: String(c.Status ?? ''),
        lastModified: c.LastModified ? String(c.LastModified) : undefined,
        // Java SDK tests parse "True": compare without case.
        purgeCdnCache: /^true$/i.test(String(c.IsPurgeCdnCache ?? '')) || undefined,
        certificate: c.Certificate
            ? {
                certId: c.Certificate.CertId ? String(c.Certificate.CertId) : undefined,
                type: c.Certificate.Type ? String(c.Certificate.Type) : undefined,
                status: c.Certificate.Status ? String(c.Certificate.Status) : undefined,
                validEndDate: isoOf(c.Certificate.ValidEndDate),
            }
            : undefined,
    };
}
const tokenOf = (data) => ({
    token: String(data?.Token ?? ''),
    expireTime: String(data?.ExpireTime ?? ''),
});
function cnameMethods(call) {
    const post = (bucket, region, domain, action, comp, body) => call({ action, bucket, domain }, region, {
        method: 'POST',
        bucket,
        subres: { cname: '', comp },
        mime: 'xml',
        content: body,
        successStatuses: [200],
        xml: comp === 'token' ? {} : undefined,
    });
    return {
        async listCnames(bucket, region) {
            const r = await call({ action: 'ListCname', bucket }, region, {
                method: 'GET',
                bucket,
                subres: 'cname',
                successStatuses: [200],
                xml: { arrays: ['Cname'] },
            });
            return (r.data?.Cname ?? []).map((c) => toBinding(c, bucket, region));
        },
        async createCnameToken(bucket, region, domain) {
            const r = await post(bucket, region, domain, 'CreateCnameToken', 'token', cnameBody(domain));
            return { ...tokenOf(r.data), requestId: requestIdOf(r) };
        },
        /** A read, so `plan` may show the TXT value without creating anything. */
        async getCnameToken(bucket, region, domain) {
            try {
                const r = await call({ action: 'GetCnameToken', bucket, domain }, region, {
                    method: 'GET',
                    bucket,
                    subres: { comp: 'token', cname: domain },
                    successStatuses: [200],
                    xml: {},
                });
                const t = tokenOf(r.data);
                return t.token ? t : undefined;
            }
            catch (e) {
                if (e instanceof errors/* CloudError */.K2 && e.code === 'CnameTokenNotFound')
                    return undefined;
                throw e;
            }
        },
        async putCname(bucket, region, domain, cert) {
            const r = await post(bucket, region, domain, 'PutCname', 'add', cnameBody(domain, certXmlOf(cert)));
            return { requestId: requestIdOf(r) };
        },
        async deleteCname(bucket, region, domain) {
            try {
                const r = await post(bucket, region, domain, 'DeleteCname', 'delete', cnameBody(domain));
                return { requestId: requestIdOf(r) };
            }
            catch (e) {
                // Older OSS answers NoSuchCname for an unbound domain; the current one answers 200. Both mean "not bound".
                if (e instanceof errors/* CloudError */.K2 && e.code === 'NoSuchCname')
                    return { requestId: e.requestId ?? '' };
                throw e;
            }
        },
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-objects.js
/**
 * The OssPort's object calls for a deploy, on ali-oss's own object methods: `listV2` (one page
 * of ListObjectsV2), `putStream` with the file's Content-MD5 (ali-oss adds none to a stream), `multipartUpload`
 * (aborted when it fails, so no parts are left billed), `head`, and DeleteMultipleObjects through the raw request
 * (ali-oss's `deleteMulti` drops the `<Error>` entries that are the whole answer of a Quiet call).
 */



/** Long uploads get a longer timeout: the adapter's, plus a second for every MiB at a pessimistic 1 MiB/s. */
const uploadTimeout = (base, bytes) => base + Math.ceil(bytes / (1024 * 1024)) * 1_000;
const oss_objects_requestIdOf = (res) => String(res?.headers?.['x-oss-request-id'] ?? '');
function oss_objects_headersOf(opts) {
    return opts.cacheControl ? { 'Cache-Control': opts.cacheControl } : {};
}
function objectMethods(d) {
    // Each call goes through the governor; a retry runs `fn` again, so an upload re-opens its file. A multipart upload
    // is one call here: ali-oss sends its parts itself (4 at a time), and a retry starts a new upload.
    const run = (info, region, fn) => {
        const once = async () => {
            try {
                return await fn(await d.sdk(info.bucket, region));
            }
            catch (e) {
                throw d.fail(e, info, region);
            }
        };
        const resource = info.key ?? (info.bucket || undefined);
        return d.governor ? d.governor.run({ service: 'oss', action: info.action, resource }, once) : once();
    };
    return {
        listObjectPage(bucket, region, prefix, token) {
            return run({ action: 'ListObjectsV2', bucket }, region, async (sdk) => {
                const query = { 'max-keys': 1000, 'fetch-owner': false };
                // An empty prefix is left out rather than signed as `prefix=`.
                if (prefix)
                    query.prefix = prefix;
                if (token)
                    query['continuation-token'] = token;
                const r = await sdk.listV2(query, { timeout: d.timeoutMs });
                const objects = (r.objects ?? []).map((o) => ({
                    key: String(o.name),
                    etag: String(o.etag ?? '')
                        .replace(/"/g, '')
                        .toUpperCase(),
                    size: Number(o.size ?? 0),
                    type: String(o.type ?? 'Normal'),
                    lastModified: String(o.lastModified ?? ''),
                }));
                return { objects, next: r.isTruncated ? (r.nextContinuationToken ?? undefined) || undefined : undefined };
            });
        },
        putFile(bucket, region, key, file, opts) {
            return run({ action: 'PutObject', bucket, key }, region, async (sdk) => {
                const r = await sdk.putStream(key, (0,external_node_fs_.createReadStream)(file.path), {
                    contentLength: file.size,
                    mime: opts.contentType,
                    meta: opts.meta,
                    headers: { ...oss_objects_headersOf(opts), 'Content-MD5': Buffer.from(file.md5, 'hex').toString('base64') },
                    timeout: uploadTimeout(d.timeoutMs, file.size),
                });
                return { requestId: oss_objects_requestIdOf(r.res) };
            });
        },
        putFileInParts(bucket, region, key, file, opts) {
            return run({ action: 'CompleteMultipartUpload', bucket, key }, region, async (sdk) => {
                let uploadId;
                try {
                    const r = await sdk.multipartUpload(key, file.path, {
                        partSize: opts.partSize,
                        parallel: 4,
                        mime: opts.contentType,
                        meta: opts.meta,
                        headers: oss_objects_headersOf(opts),
                        timeout: uploadTimeout(d.timeoutMs, opts.partSize),
                        progress: async (_p, checkpoint) => {
                            uploadId ??= checkpoint?.uploadId;
                        },
                    });
                    return { requestId: oss_objects_requestIdOf(r.res) };
                }
                catch (e) {
                    // Parts of an upload that is neither completed nor aborted are stored (and billed) until a lifecycle rule
                    // removes them; the next deploy starts a new upload anyway.
                    if (uploadId)
                        await sdk.abortMultipartUpload(key, uploadId).catch(() => undefined);
                    throw e;
                }
            });
        },
        headObjectMeta(bucket, region, key) {
            return run({ action: 'HeadObject', bucket, key }, region, async (sdk) => {
                try {
                    return (await sdk.head(key)).meta ?? {};
                }
                catch (e) {
                    if (e.status === 404)
                        return undefined;
                    throw e;
                }
            });
        },
        deleteObjects(bucket, region, keys) {
            return run({ action: 'DeleteMultipleObjects', bucket }, region, async (sdk) => {
                const body = '<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>' +
                    keys.map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`).join('') +
                    '</Delete>';
                // ali-oss computes the Content-MD5 OSS requires from the content.
                const r = await sdk.request({
                    method: 'POST',
                    bucket,
                    subres: { delete: '' },
                    mime: 'xml',
                    content: Buffer.from(body, 'utf8'),
                    successStatuses: [200],
                    timeout: d.timeoutMs,
                });
                // A Quiet call lists only the keys it could not delete; one that deleted everything has an empty body.
                const answer = parseOssXml(r.data, { arrays: ['Error'] });
                const failed = (answer?.Error ?? []).map((x) => ({
                    key: String(x.Key ?? ''),
                    code: String(x.Code ?? ''),
                    message: String(x.Message ?? ''),
                }));
                return { requestId: oss_objects_requestIdOf(r.res), failed };
            });
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/oss-site.js
/**
 * The OssPort's calls about a bucket as a site, through ali-oss's raw request: its ACL (whether browsers and CDN's
 * unsigned fetches may read it) and its static website configuration.
 *
 * ali-oss's own `putBucketWebsite` cannot send ErrorDocument's HttpStatus (a single-page app needs 200), and its
 * `getBucketWebsite` drops it, so both go through the raw request. GetBucketWebsite is read as text: the
 * `<RoutingRules>` someone set in the console are kept verbatim and sent back by PutBucketWebsite, which replaces
 * the whole configuration.
 */


const xmlUnescape = (s) => s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** The text of the first `<name>` inside `xml` (OSS's answers are flat, generated XML). */
function oss_site_text(xml, name) {
    if (xml === undefined)
        return undefined;
    const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
    return m ? xmlUnescape(m[1].trim()) : undefined;
}
/** Reads GetBucketWebsite's XML. */
function parseWebsite(xml) {
    const index = /<IndexDocument>[\s\S]*?<\/IndexDocument>/.exec(xml)?.[0];
    const error = /<ErrorDocument>[\s\S]*?<\/ErrorDocument>/.exec(xml)?.[0];
    const rules = /<RoutingRules>[\s\S]*<\/RoutingRules>/.exec(xml)?.[0];
    const out = {
        supportSubDir: /^true$/i.test(oss_site_text(index, 'SupportSubDir') ?? ''),
        type: Number(oss_site_text(index, 'Type') ?? 0),
    };
    const suffix = oss_site_text(index, 'Suffix');
    if (suffix)
        out.index = suffix;
    const key = oss_site_text(error, 'Key');
    if (key) {
        out.error = key;
        const status = Number(oss_site_text(error, 'HttpStatus') ?? 404);
        out.errorStatus = Number.isInteger(status) ? status : 404;
    }
    if (rules)
        out.routingRules = rules;
    return out;
}
/** PutBucketWebsite's body. */
function websiteXml(w) {
    const index = w.index
        ? `<IndexDocument><Suffix>${xmlEscape(w.index)}</Suffix><SupportSubDir>${w.supportSubDir}</SupportSubDir>` +
            `<Type>${w.type}</Type></IndexDocument>`
        : '';
    const error = w.error
        ? `<ErrorDocument><Key>${xmlEscape(w.error)}</Key><HttpStatus>${w.errorStatus ?? 404}</HttpStatus></ErrorDocument>`
        : '';
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><WebsiteConfiguration>${index}${error}${w.routingRules ?? ''}</WebsiteConfiguration>`);
}
const ACLS = new Set(['private', 'public-read', 'public-read-write']);
function siteMethods(call) {
    return {
        async getBucketAcl(bucket, region) {
            const r = await call({ action: 'GetBucketAcl', bucket }, region, {
                method: 'GET',
                bucket,
                subres: 'acl',
                successStatuses: [200],
                xml: { arrays: ['AccessControlList.Grant'] },
            });
            const grants = r.data?.AccessControlList?.Grant ?? [];
            const grant = (grants.length === 1 ? String(grants[0]) : '');
            // An answer without one known grant is treated as the strictest: a warning too many beats a silent 403.
            return ACLS.has(grant) ? grant : 'private';
        },
        async getBucketWebsite(bucket, region) {
            try {
                const r = await call({ action: 'GetBucketWebsite', bucket }, region, {
                    method: 'GET',
                    bucket,
                    subres: 'website',
                    successStatuses: [200],
                });
                return parseWebsite(Buffer.isBuffer(r.data) ? r.data.toString('utf8') : String(r.data ?? ''));
            }
            catch (e) {
                if (e instanceof errors/* CloudError */.K2 && e.code === 'NoSuchWebsiteConfiguration')
                    return undefined;
                throw e;
            }
        },
        async putBucketWebsite(bucket, region, website) {
            const r = await call({ action: 'PutBucketWebsite', bucket }, region, {
                method: 'PUT',
                bucket,
                subres: 'website',
                mime: 'xml',
                content: websiteXml(website),
                successStatuses: [200],
            });
            return { requestId: requestIdOf(r) };
        },
    };
}

;// CONCATENATED MODULE: ./build/src/core/aliyun/oss.js
/**
 * The OssPort on ali-oss 6.23, composed of one piece per concern over a shared transport (oss-client.ts): custom
 * domains and their tokens (oss-cname.ts), the bucket as a site (oss-site.ts), a deploy's objects (oss-objects.ts),
 * and here the bucket listing and the small text objects the tool reads and writes whole.
 *
 * Requests are signed with V4, whose scope names the bucket's region. GetBucketLocation (asked before the region is
 * known) and ListBuckets (a call about no bucket) are the exceptions: they are signed with V1, which names no region.
 */





/** GetBucketLocation is answered by any region's endpoint; ask this one. */
const LOCATION_REGION = 'cn-hangzhou';
function createOssAdapter(opts) {
    const t = ossTransport(opts);
    const objects = objectMethods({
        sdk: async (bucket, region) => (await t.bucketClient(bucket, region)),
        fail: t.fail,
        timeoutMs: t.timeoutMs,
        governor: opts.governor,
    });
    return {
        ...objects,
        ...siteMethods(t.call),
        ...cnameMethods(t.call),
        ...bucketMethods(t.call),
        ...textObjectMethods(t.call),
    };
}
function bucketMethods(call) {
    return {
        async getBucketRegion(bucket) {
            const r = await call({ action: 'GetBucketLocation', bucket }, LOCATION_REGION, { method: 'GET', bucket, subres: 'location', successStatuses: [200], xml: {} }, false);
            // The root element's text: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`.
            const location = typeof r.data === 'string' ? r.data : '';
            return location.replace(/^oss-/, '');
        },
        async listBuckets() {
            const out = [];
            let marker = '';
            for (;;) {
                // Service-level call (no bucket): V1 like GetBucketLocation, so no region scope has to match.
                const query = { 'max-keys': 1000 };
                if (marker)
                    query.marker = marker;
                const r = await call({ action: 'ListBuckets', bucket: '' }, LOCATION_REGION, { method: 'GET', bucket: '', query, successStatuses: [200], xml: { arrays: ['Buckets.Bucket'] } }, false);
                for (const b of (r.data?.Buckets?.Bucket ?? [])) {
                    const region = String(b.Region ?? b.Location ?? '').replace(/^oss-/, '');
                    if (b.Name)
                        out.push({ bucket: String(b.Name), region });
                }
                const next = r.data?.IsTruncated === 'true' ? String(r.data?.NextMarker ?? '') : '';
                if (!next || next === marker)
                    return out;
                marker = next;
            }
        },
    };
}
/** Small UTF-8 objects read and written whole: the state lock and its lease, audit records, a deploy's journal. */
function textObjectMethods(call) {
    async function readObject(bucket, region, key) {
        try {
            const r = await call({ action: 'GetObject', bucket, key }, region, {
                method: 'GET',
                bucket,
                object: key,
                successStatuses: [200],
            });
            const h = headersOf(r);
            return {
                body: Buffer.isBuffer(r.data) ? r.data.toString('utf8') : String(r.data ?? ''),
                lastModified: httpTime(h['last-modified']) ?? 0,
                serverTime: httpTime(h.date),
            };
        }
        catch (e) {
            if (e instanceof errors/* CloudError */.K2 && e.code === 'NoSuchKey')
                return undefined;
            throw e;
        }
    }
    return {
        readObject,
        async getObject(bucket, region, key) {
            return (await readObject(bucket, region, key))?.body;
        },
        async putObject(bucket, region, key, body, options) {
            const r = await call({ action: 'PutObject', bucket, key }, region, {
                method: 'PUT',
                bucket,
                object: key,
                content: Buffer.from(body, 'utf8'),
                headers: options?.forbidOverwrite ? { 'x-oss-forbid-overwrite': 'true' } : {},
                successStatuses: [200],
            });
            return { requestId: requestIdOf(r), serverTime: httpTime(headersOf(r).date) };
        },
        async deleteObject(bucket, region, key) {
            await call({ action: 'DeleteObject', bucket, key }, region, {
                method: 'DELETE',
                bucket,
                object: key,
                successStatuses: [204],
            });
        },
    };
}


/***/ })

};
