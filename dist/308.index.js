export const id = 308;
export const ids = [308];
export const modules = {

/***/ 97308:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DELETE_BATCH: () => (/* binding */ DELETE_BATCH),
  runDeploy: () => (/* binding */ runDeploy)
});

// EXTERNAL MODULE: ./build/src/core/engine/limit.js
var limit = __webpack_require__(5383);
// EXTERNAL MODULE: ./build/src/core/engine/refresh.js
var refresh = __webpack_require__(63431);
// EXTERNAL MODULE: ./build/src/core/errors.js + 1 modules
var errors = __webpack_require__(36375);
// EXTERNAL MODULE: ./node_modules/mime-types/index.js
var mime_types = __webpack_require__(14096);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(14006);
// EXTERNAL MODULE: ./build/src/core/deploy/cache-rule.js
var cache_rule = __webpack_require__(64838);
// EXTERNAL MODULE: ./build/src/core/deploy/keys.js
var deploy_keys = __webpack_require__(59821);
;// CONCATENATED MODULE: ./build/src/core/deploy/headers.js
/**
 * The headers an uploaded file is stored with, which OSS (and CDN in front of it) then serve:
 *
 * - `Content-Type` from the file name, by `mime-types`: the jshttp package Express serves files with, over mime-db
 *   (the maintained union of IANA, Apache and nginx types), adding `charset=utf-8` to text types; unknown names get
 *   `application/octet-stream`;
 * - `Cache-Control`: the first `--cache-control GLOB=VALUE` whose glob matches the file's path in DIR (`none` = no
 *   header); else `no-cache` for HTML (browsers and edges revalidate it, so a deploy shows at once); else a year and
 *   `immutable` for a file name carrying a content hash (`app.3f9a1c2e.js`: a new build writes a new name); else none
 *   (the edge's own rules apply).
 *
 * Globs are picomatch's (the matcher of micromatch, fast-glob and Vite): `*`, `**`, `?`, `{a,b}`, `[…]`; a glob
 * without `/` matches the file name in any directory (`*.pdf`), one with `/` the whole path (`assets/**`); dot files
 * match too.
 */





function compileRules(rules) {
    return rules.map((r) => {
        const test = picomatch(r.glob, { dot: true });
        // A glob without `/` is about the file name (as in .gitignore); picomatch's own `basename` option also changes
        // how globs with a `/` match, so the name is cut here instead.
        const match = r.glob.includes('/') ? test : (path) => test(path.slice(path.lastIndexOf('/') + 1));
        return { ...r, match };
    });
}
function contentTypeOf(relPath) {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    return (0,mime_types.contentType)(name) || 'application/octet-stream';
}
/** The Cache-Control a file is stored with (undefined: none), and which rule decided it. */
function cacheControlOf(relPath, type, rules) {
    const rule = rules.find((r) => r.match(relPath));
    if (rule)
        return { value: rule.value === cache_rule/* NO_HEADER */.wk ? undefined : rule.value, why: 'rule', glob: rule.glob };
    if (/^text\/html\b/i.test(type))
        return { value: cache_rule/* HTML_CACHE_CONTROL */.hx, why: 'html' };
    if ((0,deploy_keys/* hasContentHash */._m)(relPath))
        return { value: cache_rule/* HASHED_CACHE_CONTROL */.Pi, why: 'hashed' };
    return { why: 'default' };
}

// EXTERNAL MODULE: ./build/src/core/deploy/journal.js
var journal = __webpack_require__(30634);
;// CONCATENATED MODULE: ./build/src/core/deploy/limits.js
/** The deploy's numbers that front-ends and documentation show, apart from the code that loads a MIME database. */
/** Files of this size or more are uploaded in parts (and carry `x-oss-meta-md5`); smaller ones in one PutObject. */
const MULTIPART_THRESHOLD = 100 * 1024 * 1024;
/** The part size of those uploads: 16 MiB, raised when a file would need more than OSS's 10,000 parts. */
const PART_SIZE = 16 * 1024 * 1024;
/** The metadata name (`x-oss-meta-md5`) holding a multipart upload's MD5, lower-case hex. */
const MD5_META = 'md5';
/** At most this many directories per domain when URLs do not fit: "the few directories", not one per file. */
const MAX_DIRECTORIES = 10;

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./build/src/core/deploy/local.js
/**
 * The site on disk: every file under DIR with its path relative to DIR (`/`-separated, as the key will be), its size
 * and its MD5. Everything that can be wrong with DIR is found here, before any call to the cloud: DIR missing,
 * unreadable or not a directory, a symbolic link leading outside DIR (refused: it would publish a file from elsewhere
 * on the machine), a dangling link, an unreadable file, a name OSS cannot hold.
 *
 * Links inside DIR are followed (a link back to a directory above it is left out, so cycles end). Hidden paths (see
 * `isHidden`) are skipped unless asked for; sockets, FIFOs and devices are skipped and reported.
 */







const HASH_CONCURRENCY = 16;
const localError = (code, message, hint, cause) => new errors/* CloudError */.K2(message, { service: 'local', code, status: 0, hint, cause });
/** What a failed read of DIR (or a directory in it) means for the user. */
function dirError(dir, e) {
    if (e.code === 'ENOENT')
        return localError('DirectoryNotFound', `${dir} does not exist`, 'build the site first, or pass the directory that holds it', e);
    if (e.code === 'ENOTDIR')
        return localError('NotADirectory', `${dir} is not a directory`, 'pass the directory that holds the site, not a file', e);
    if (e.code === 'EACCES' || e.code === 'EPERM')
        return localError('DirectoryUnreadable', `${dir} cannot be read (${e.code})`, 'give this user read and execute permission on it', e);
    return localError('DirectoryUnreadable', `${dir} cannot be read: ${e.message}`, 'check the path and its permissions', e);
}
const inside = (root, p) => {
    const r = (0,external_node_path_.relative)(root, p);
    return r === '' || (!r.startsWith('..') && !(0,external_node_path_.isAbsolute)(r));
};
/** Reads DIR; throws a `local` CloudError for anything that must stop the deploy before it starts. */
async function scanDirectory(dir, opts) {
    let root;
    try {
        root = await (0,promises_.realpath)(dir);
        if (!(await (0,promises_.stat)(root)).isDirectory())
            throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
    catch (e) {
        throw dirError(dir, e);
    }
    const site = { files: [], hidden: [], ignored: [] };
    const found = [];
    // Each directory remembers the real paths above it, so a link back up (a cycle) is caught; a directory reached
    // both directly and through a link is deployed under both paths, as a web server following links would serve it.
    const pending = [{ abs: root, rel: '', above: new Set([root]) }];
    while (pending.length > 0) {
        const { abs, rel, above } = pending.pop();
        let entries;
        try {
            entries = await (0,promises_.readdir)(abs, { withFileTypes: true });
        }
        catch (e) {
            throw dirError(rel ? (0,external_node_path_.join)(dir, rel) : dir, e);
        }
        for (const ent of entries) {
            const childRel = rel ? `${rel}/${ent.name}` : ent.name;
            const childAbs = (0,external_node_path_.join)(abs, ent.name);
            if (opts.exclude?.(childRel))
                continue;
            if (!opts.includeHidden && (0,deploy_keys/* isHidden */.dK)(childRel)) {
                site.hidden.push(childRel);
                continue;
            }
            const target = ent.isSymbolicLink() ? await followLink(dir, root, childAbs, childRel) : { abs: childAbs, ent };
            if (target.ent.isDirectory()) {
                if (above.has(target.abs))
                    site.ignored.push({ path: childRel, why: 'a link back to a directory above it' });
                else
                    pending.push({ abs: target.abs, rel: childRel, above: new Set([...above, target.abs]) });
            }
            else if (target.ent.isFile()) {
                const problem = (0,deploy_keys/* keyProblem */.dD)(childRel);
                if (problem)
                    throw localError('InvalidKey', `${(0,external_node_path_.join)(dir, childRel.split('/').join(external_node_path_.sep))} cannot be an object key: ${problem}`, 'rename the file');
                found.push({ rel: childRel, abs: childAbs, size: 0 });
            }
            else
                site.ignored.push({ path: childRel, why: 'not a regular file (socket, FIFO or device)' });
        }
    }
    found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    site.files = await (0,limit/* mapLimit */.s)(found, HASH_CONCURRENCY, (f) => hashFile(dir, f));
    site.hidden.sort();
    site.ignored.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return site;
}
/** A symbolic link: where it leads, if that is inside DIR; otherwise the deploy stops. */
async function followLink(dir, root, abs, rel) {
    const shown = (0,external_node_path_.join)(dir, rel.split('/').join(external_node_path_.sep));
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch (e) {
        throw localError('BrokenSymlink', `${shown} is a symbolic link to nothing (${e.code})`, 'remove the link or create what it points to', e);
    }
    if (!inside(root, real))
        throw localError('SymlinkOutsideDirectory', `${shown} is a symbolic link to ${real}, outside ${dir}: deploying it would publish a file from elsewhere on this machine`, 'copy the file into the site directory if it belongs to the site, or remove the link');
    return { abs: real, ent: await (0,promises_.stat)(real) };
}
/** Files up to this size are read whole (one read, much faster than a stream for a site's many small files). */
const READ_WHOLE = 4 * 1024 * 1024;
async function hashFile(dir, f) {
    const md5 = (0,external_node_crypto_.createHash)('md5');
    let size = 0;
    try {
        if ((await (0,promises_.stat)(f.abs)).size <= READ_WHOLE) {
            const body = await (0,promises_.readFile)(f.abs);
            md5.update(body);
            size = body.length;
        }
        else {
            for await (const chunk of (0,external_node_fs_.createReadStream)(f.abs)) {
                md5.update(chunk);
                size += chunk.length;
            }
        }
    }
    catch (e) {
        const err = e;
        throw localError('FileUnreadable', `${(0,external_node_path_.join)(dir, f.rel.split('/').join(external_node_path_.sep))} cannot be read (${err.code ?? err.message})`, 'give this user read permission on it, or remove it from the site', e);
    }
    return { rel: f.rel, abs: f.abs, size, md5: md5.digest('hex') };
}

;// CONCATENATED MODULE: ./build/src/core/deploy/plan.js



const isMd5Etag = (o) => o.type !== 'Multipart' && o.type !== 'Appendable' && /^[0-9A-F]{32}$/.test(o.etag);
/** The keys whose objects must be read (HeadObject) before the comparison can be made. */
function needsHead(prefix, files, remote) {
    return files
        .map((f) => ({ f, o: remote.get(prefix + f.rel) }))
        .filter(({ f, o }) => o !== undefined && o.size === f.size && !isMd5Etag(o))
        .map(({ o }) => o.key);
}
function same(f, o, meta) {
    if (o.size !== f.size)
        return false;
    if (isMd5Etag(o))
        return o.etag === f.md5.toUpperCase();
    return meta?.[MD5_META]?.toLowerCase() === f.md5;
}
function planDeploy(i) {
    const plan = { uploads: [], deletes: [], unchanged: 0 };
    const local = new Set();
    for (const f of i.files) {
        const key = i.prefix + f.rel;
        local.add(key);
        const o = i.remote.get(key);
        if (o && same(f, o, i.metaOf.get(key))) {
            plan.unchanged++;
            continue;
        }
        const contentType = contentTypeOf(f.rel);
        plan.uploads.push({
            key,
            file: f,
            reason: o ? 'changed' : 'new',
            contentType,
            cacheControl: cacheControlOf(f.rel, contentType, i.rules).value,
            multipart: f.size >= i.multipartThreshold,
        });
    }
    if (i.deleteMissing) {
        for (const key of i.remote.keys()) {
            const rel = key.slice(i.prefix.length);
            // Never deleted: what is in DIR; "folder" objects the console creates (not files); what this run skipped as
            // hidden (an object is not "missing" from DIR because the deploy was told not to look at it).
            if (local.has(key) || key.endsWith('/') || (!i.includeHidden && (0,deploy_keys/* isHidden */.dK)(rel)))
                continue;
            plan.deletes.push(key);
        }
        plan.deletes.sort();
    }
    return plan;
}
/**
 * The keys whose URLs the edge must forget: every changed and deleted key, and new keys too — the edge may hold a
 * 404 or a single-page app's fallback for a URL that had no object — except new names carrying a content hash, which
 * nobody can have asked for before this build.
 */
function keysToRefresh(plan, prefix) {
    const keys = plan.uploads
        .filter((u) => u.reason === 'changed' || !(0,deploy_keys/* hasContentHash */._m)(u.key.slice(prefix.length)))
        .map((u) => u.key);
    return [...keys, ...plan.deletes];
}
/**
 * Refresh paths for a set of keys (relative to the bucket): each key, plus `a/` for `a/index.html` and `` (the site's
 * root, `/`) for `index.html` — the directory URL serves that page.
 */
function withIndexPages(keys) {
    const out = new Set();
    for (const k of keys) {
        out.add(k);
        const dir = (0,deploy_keys/* indexDirectory */.w0)(k);
        if (dir !== undefined)
            out.add(dir);
    }
    return [...out].sort();
}

// EXTERNAL MODULE: ./build/src/core/names.js
var names = __webpack_require__(11285);
;// CONCATENATED MODULE: ./build/src/core/deploy/targets.js
/**
 * Where a deploy's changes are cached, and what to refresh there (pure).
 *
 * The CDN domains are those whose origin is the bucket's domain; a domain whose binding has the console's auto-refresh
 * on is left to OSS, and one that is not online cannot be refreshed (both reported). The paths are URLs of the keys
 * (`urlPath`), one per domain. When they do not fit today's remaining URL quota, the deploy refreshes the few
 * directories that hold every change instead: the tightest directories, lifted towards the root until there are at
 * most `MAX_DIRECTORIES` of them (and no more than the directory quota allows across the domains).
 */



/** The CDN domains in front of `bucket` and what the deploy does about each. */
function edgeDomains(bucket, region, cdn, bindings) {
    const origin = (0,names/* bucketDomain */.Rz)(bucket, region);
    const auto = new Set(bindings.filter((b) => b.purgeCdnCache).map((b) => b.domain.toLowerCase()));
    return cdn
        .filter((d) => d.sources.some((s) => (0,names/* sameHost */.RM)(s.content, origin)))
        .map((d) => {
        const domain = d.domain.toLowerCase();
        const mode = auto.has(domain) ? 'auto' : d.status === 'online' ? 'refresh' : 'offline';
        return { domain, scheme: d.sslProtocol === 'on' ? 'https' : 'http', mode, status: d.status };
    })
        .sort((a, b) => a.domain.localeCompare(b.domain));
}
/** Absolute URLs of `paths` (keys, or directory keys ending in `/`, `` for the root) on every domain. */
function urlsOn(domains, paths) {
    return domains.flatMap((d) => paths.map((p) => `${d.scheme}://${d.domain}/${(0,deploy_keys/* urlPath */.Lx)(p)}`));
}
const parentOf = (dir) => {
    const cut = dir.slice(0, -1).lastIndexOf('/');
    return cut < 0 ? '' : dir.slice(0, cut + 1);
};
const depth = (dir) => (dir.match(/\//g) ?? []).length;
/** Drops every directory that another one in the set already covers. */
function outermost(dirs) {
    return new Set([...dirs].filter((d) => ![...dirs].some((o) => o !== d && d.startsWith(o))));
}
/**
 * The fewest, tightest directories (`a/b/`, or `` for the root) holding every key, at most `cap` of them: start from
 * each key's own directory, then lift the deepest ones to their parents until the set is small enough.
 */
function coveringDirectories(keys, cap) {
    let dirs = outermost(new Set(keys.map((k) => k.slice(0, k.lastIndexOf('/') + 1))));
    while (dirs.size > Math.max(1, cap)) {
        const deepest = Math.max(...[...dirs].map(depth));
        dirs = outermost(new Set([...dirs].map((d) => (depth(d) === deepest ? parentOf(d) : d))));
    }
    return [...dirs].sort();
}

;// CONCATENATED MODULE: ./build/src/core/deploy/refresh.js
/**
 * What a deploy refreshes, decided before anything is written, so that a refresh that cannot be made stops the deploy
 * while nothing has changed yet:
 *
 * - the keys: this run's (plan.ts `keysToRefresh`) and those an unfinished earlier run left in its journal, plus the
 *   directory URL of every index page among them;
 * - the CDN domains whose origin is the bucket (DescribeUserDomains, the listing every plan already reads), less those
 *   whose binding has the console's auto-refresh on (ListCname, read only when there is such a domain at all) and
 *   those not online;
 * - today's quota (DescribeRefreshQuota): the URLs when they fit, else the few directories holding them, said so.
 *
 * Nothing is read from CDN when nothing is to be refreshed.
 */






const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
async function decideRefresh(rt, x) {
    const report = { domains: [], paths: [], targets: [], fromEarlierRun: [] };
    if (x.req.refresh === false)
        return { report: { ...report, skipped: 'turned off (--no-refresh)' }, newKeys: [], journals: [] };
    const newKeys = keysToRefresh(x.plan, x.prefix);
    const earlier = new Set();
    for (const j of x.journals)
        for (const k of (0,journal/* readJournal */.a0)(await rt.oss.getObject(x.bucket, x.region, j)))
            earlier.add(k);
    report.fromEarlierRun = [...earlier].sort();
    report.paths = withIndexPages([...newKeys, ...earlier]);
    const none = (skipped) => ({
        report: { ...report, skipped },
        newKeys,
        journals: x.journals,
    });
    if (report.paths.length === 0)
        return none(x.plan.uploads.length + x.plan.deletes.length === 0
            ? 'nothing changed'
            : 'only new files with content-hashed names changed, which no edge can hold yet');
    const origin = (0,names/* bucketDomain */.Rz)(x.bucket, x.region);
    const cdn = (await rt.cdn.listDomains({ owners: false })).filter((d) => d.sources.some((s) => (0,names/* sameHost */.RM)(s.content, origin)));
    const bindings = cdn.length > 0 ? await rt.oss.listCnames(x.bucket, x.region) : [];
    report.domains = edgeDomains(x.bucket, x.region, cdn, bindings);
    const targets = report.domains.filter((d) => d.mode === 'refresh');
    if (report.domains.length === 0)
        return none(`no CDN domain has the bucket (${origin}) as its origin`);
    if (targets.length === 0)
        return none("every CDN domain in front of the bucket is refreshed by OSS (the console's auto-refresh) or not online");
    const quota = await rt.cdn.getRefreshQuota();
    const urls = urlsOn(targets, report.paths);
    const send = { files: urls, directories: [], preload: [], wait: x.req.wait, quota };
    report.mode = 'urls';
    report.targets = urls;
    if (urls.length > quota.urlRemain) {
        const cap = Math.min(MAX_DIRECTORIES, Math.floor(quota.dirRemain / targets.length));
        if (cap < 1)
            throw new errors/* CloudError */.K2(`the ${plural(urls.length, 'URL', 'URLs')} to refresh do not fit the ${quota.urlRemain} URL refreshes left today, and the ${quota.dirRemain} directory refreshes left cannot cover ${plural(targets.length, 'domain', 'domains')} either. Nothing was uploaded`, {
                service: 'cdn',
                code: 'QuotaExceeded.Refresh',
                status: 0,
                action: 'DescribeRefreshQuota',
                hint: 'deploy tomorrow (the quota resets daily), or now with --no-refresh and refresh later with "oss-domains refresh"',
            });
        const dirs = coveringDirectories(report.paths, cap);
        send.files = [];
        send.directories = urlsOn(targets, dirs);
        report.mode = 'directories';
        report.targets = send.directories;
        report.fallback =
            `${plural(urls.length, 'URL', 'URLs')} would not fit the ${quota.urlRemain} URL refreshes left today (of ${quota.urlQuota}), ` +
                `so ${plural(dirs.length, 'directory', 'directories')} holding every change ${dirs.length === 1 ? 'is' : 'are'} refreshed instead: ` +
                `${dirs.map((d) => `/${(0,deploy_keys/* urlPath */.Lx)(d)}`).join(', ')} on ${plural(targets.length, 'domain', 'domains')}`;
        rt.progress({ kind: 'info', message: report.fallback });
    }
    if (x.req.preload) {
        send.preload = urlsOn(targets, withIndexPages(x.plan.uploads.map((u) => u.key)));
        if (send.preload.length > quota.preloadRemain)
            throw new errors/* CloudError */.K2(`--preload needs ${send.preload.length} prefetches but only ${quota.preloadRemain} of ${quota.preloadQuota} remain today. Nothing was uploaded`, {
                service: 'cdn',
                code: 'QuotaExceeded.Refresh',
                status: 0,
                action: 'DescribeRefreshQuota',
                hint: 'deploy without --preload',
            });
    }
    return { report, send, newKeys, journals: x.journals };
}

;// CONCATENATED MODULE: ./build/src/core/deploy/run.js
/**
 * `deploy DIR`: the site on disk becomes the objects under a prefix, and the edge forgets exactly what changed.
 *
 *   1. read DIR (every problem with it is reported here, before any call);
 *   2. list the objects under the prefix once (ListObjectsV2, 1,000 a page), reading only the metadata of objects
 *      uploaded in parts whose size matches their file;
 *   3. decide (plan.ts) what to upload, delete and refresh; read the CDN domains in front of the bucket and today's
 *      refresh quota only when something is to be refreshed;
 *   4. unless a dry run: write the refresh journal, upload (concurrently, through the runtime's limits and retries),
 *      delete, refresh, and delete the journal(s).
 *
 * Every step is safe to repeat and a run that stops anywhere is finished by the next one: what was uploaded is then
 * the same and skipped, what was not is uploaded, and the journal carries the refresh (journal.ts). A deploy with
 * nothing to change makes no write call.
 */










const run_plural = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
const MIN_PART_SIZE = 100 * 1024;
const MAX_PARTS = 10_000;
const DELETE_BATCH = 1_000;
async function runDeploy(rt, req) {
    const prefix = (0,deploy_keys/* normalisePrefix */.Pv)(req.prefix);
    const rules = compileRules(req.cacheControl ?? []);
    const includeHidden = req.includeHidden === true;
    const site = await scanDirectory(req.dir, {
        includeHidden,
        exclude: (rel) => rel === journal/* JOURNAL_DIR */.Ci || rel.startsWith(`${journal/* JOURNAL_DIR */.Ci}/`),
    });
    const bucket = req.bucket.name;
    rt.progress({ kind: 'info', message: `${run_plural(site.files.length, 'file')} in ${req.dir}` });
    const region = req.bucket.region ?? (await rt.oss.getBucketRegion(bucket));
    const listed = await listPrefix(rt, bucket, region, prefix);
    const heads = needsHead(prefix, site.files, listed.objects);
    const metaOf = new Map(await (0,limit/* mapLimit */.s)(heads, rt.tuning.concurrency, async (k) => [k, await rt.oss.headObjectMeta(bucket, region, k)]));
    const plan = planDeploy({
        prefix,
        files: site.files,
        remote: listed.objects,
        metaOf,
        rules,
        deleteMissing: req.delete === true,
        includeHidden,
        multipartThreshold: req.multipartThreshold ?? MULTIPART_THRESHOLD,
    });
    const decision = await decideRefresh(rt, { bucket, region, prefix, plan, journals: listed.journals, req });
    const result = {
        bucket,
        region,
        prefix,
        dryRun: req.dryRun === true,
        files: site.files.length,
        hidden: site.hidden,
        ignored: site.ignored,
        uploads: plan.uploads.map((u) => ({
            key: u.key,
            reason: u.reason,
            size: u.file.size,
            contentType: u.contentType,
            cacheControl: u.cacheControl,
            multipart: u.multipart,
        })),
        deletes: plan.deletes,
        unchanged: plan.unchanged,
        bytesUploaded: 0,
        listPages: listed.pages,
        refresh: decision.report,
        changes: plan.uploads.length + plan.deletes.length,
        hasChanges: plan.uploads.length + plan.deletes.length + decision.report.targets.length > 0,
    };
    if (req.dryRun)
        return result;
    await execute(rt, { bucket, region, prefix, plan, decision, result, partSize: req.partSize });
    return result;
}
/** Every object under the prefix, one ListObjectsV2 page after another; journal objects apart. */
async function listPrefix(rt, bucket, region, prefix) {
    const objects = new Map();
    const journals = [];
    let pages = 0;
    let token;
    do {
        const page = await rt.oss.listObjectPage(bucket, region, prefix, token);
        pages++;
        for (const o of page.objects) {
            if ((0,journal/* isJournalKey */.zs)(prefix, o.key))
                journals.push(o.key);
            else
                objects.set(o.key, o);
        }
        token = page.next;
    } while (token);
    rt.progress({
        kind: 'info',
        message: `${run_plural(objects.size, 'object')} under oss://${bucket}/${prefix} (${run_plural(pages, 'page')})`,
    });
    return { objects, journals, pages };
}
async function execute(rt, x) {
    const { bucket, region, plan, decision, result } = x;
    const ours = decision.send && decision.newKeys.length > 0 ? (0,journal/* journalKey */.dR)(x.prefix, rt.clock.now()) : undefined;
    if (ours)
        await rt.oss.putObject(bucket, region, ours, (0,journal/* writeJournal */.fY)(decision.newKeys, rt.clock.now()));
    await uploadAll(rt, x);
    for (let i = 0; i < plan.deletes.length; i += DELETE_BATCH) {
        const batch = plan.deletes.slice(i, i + DELETE_BATCH);
        const r = await rt.oss.deleteObjects(bucket, region, batch);
        if (r.failed.length > 0) {
            const f = r.failed[0];
            throw new errors/* CloudError */.K2(`OSS did not delete ${r.failed.length} of ${batch.length} objects (first: ${f.key}: ${f.code} ${f.message})`, {
                service: 'oss',
                code: f.code || 'DeleteFailed',
                status: 0,
                action: 'DeleteMultipleObjects',
                requestId: r.requestId,
                hint: 'fix the cause (often a RAM policy without oss:DeleteObject on these keys) and run the deploy again',
            });
        }
    }
    if (decision.send) {
        result.refresh.result = await (0,refresh/* sendRefresh */.cM)(rt, decision.send);
        const done = [...decision.journals, ...(ours ? [ours] : [])];
        if (done.length > 0)
            await rt.oss.deleteObjects(bucket, region, done);
    }
}
/** Uploads every planned file, `tuning.concurrency` at a time; the first failure stops new uploads from starting. */
async function uploadAll(rt, x) {
    const { bucket, region, plan, result } = x;
    let failure;
    let done = 0;
    const total = plan.uploads.length;
    const indexed = plan.uploads.map((u, i) => ({ u, i }));
    await (0,limit/* mapLimit */.s)(indexed, rt.tuning.concurrency, async ({ u, i }) => {
        if (failure !== undefined)
            return;
        try {
            const { requestId } = await upload(rt, bucket, region, u, x.partSize);
            result.uploads[i].requestId = requestId;
            result.bytesUploaded += u.file.size;
            done++;
            rt.progress({ kind: 'wait', message: `uploaded ${done}/${total} files` });
        }
        catch (e) {
            failure ??= e;
        }
    });
    if (failure === undefined) {
        if (total > 0)
            rt.progress({ kind: 'info', message: `uploaded ${total} file${total === 1 ? '' : 's'}` });
        return;
    }
    const message = `the deploy stopped after ${done} of ${total} uploads`;
    const hint = 'run the deploy again to finish it: files already uploaded are skipped, and the refresh of what changed is kept for that run';
    if ((0,errors/* isCloudError */.EN)(failure))
        throw (0,errors/* explain */.WE)(failure, `${failure.message}; ${message}`, `${failure.hint ? `${failure.hint} Then ` : ''}${hint}`);
    throw failure;
}
function upload(rt, bucket, region, u, partSize = PART_SIZE) {
    const file = { path: u.file.abs, size: u.file.size, md5: u.file.md5 };
    const opts = { contentType: u.contentType, cacheControl: u.cacheControl };
    if (!u.multipart)
        return rt.oss.putFile(bucket, region, u.key, file, opts);
    const size = Math.max(MIN_PART_SIZE, partSize, Math.ceil(u.file.size / MAX_PARTS));
    return rt.oss.putFileInParts(bucket, region, u.key, file, {
        ...opts,
        meta: { [MD5_META]: u.file.md5 },
        partSize: size,
    });
}


/***/ })

};
