export const id = 332;
export const ids = [332];
export const modules = {

/***/ 92332:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runDrift: () => (/* binding */ runDrift)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(69125);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89326);
/* harmony import */ var _render_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(59542);
/* harmony import */ var _shared_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62419);
/**
 * `drift`: what differs between the cloud and domains.yml. Fails only with `fail-on-drift`; with `drift-issue`,
 * keeps one labelled issue open while drift lasts and closes it when the cloud is back in sync.
 */





async function syncIssue(settings, report, markdown) {
    const { run } = settings;
    if (!run.repository || !settings.githubToken) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e('drift-issue is on, but there is no repository or github-token: no issue was opened or closed.');
        return;
    }
    const seen = run.runUrl ? `[this run](${run.runUrl})` : 'the latest run';
    try {
        const octokit = await (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .createClient */ .UU)(settings.githubToken, { log: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq });
        const r = await (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .syncDriftIssue */ .ac)(octokit, run.repository, {
            drift: report.drift,
            body: `${markdown}\n\nLast checked by ${seen}. This issue is closed automatically once the cloud matches the file again.`,
            closingNote: `Back in sync: ${seen} found no difference between the cloud and \`${settings.config}\`. Closing.`,
        }, _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq);
        if (r.operation !== 'none')
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Drift issue ${r.operation}: ${r.url ?? `#${r.number}`}`);
    }
    catch (e) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not open, update or close the drift issue: ${(0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)}. Give the job \`issues: write\`.`);
    }
}
async function runDrift(settings) {
    const loaded = await (0,_shared_js__WEBPACK_IMPORTED_MODULE_4__/* .loadOrAnnotate */ .An)(settings);
    if (!loaded.ok)
        return loaded.outcome;
    const report = await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .drift */ .UL)((0,_shared_js__WEBPACK_IMPORTED_MODULE_4__/* .runtime */ .fA)(), (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .desiredFromConfig */ .Zd)(loaded.config));
    const markdown = (0,_render_js__WEBPACK_IMPORTED_MODULE_3__/* .driftReport */ .CP)(report, (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderPlan */ .EG)(report.plan, 'markdown'));
    if (settings.driftIssue)
        await syncIssue(settings, report, markdown);
    for (const w of report.plan.warnings)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${w.domain}: ${w.message}`, { title: `oss-domains: ${w.code}` });
    const steps = (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .planStepCount */ .Nr)(report.plan);
    const differing = report.plan.domains.filter((d) => d.steps.length > 0 || d.conflicts.length > 0).length;
    return {
        outputs: {
            drift: String(report.drift),
            'has-changes': String(steps > 0),
            changes: String(steps),
            'plan-json': JSON.stringify(report.plan),
        },
        report: markdown,
        failure: report.drift && settings.failOnDrift
            ? `Drift: ${differing || 'some'} domain${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''} from ` +
                `${settings.config} (see the summary). Run apply to converge, or set fail-on-drift: false to only report.`
            : undefined,
    };
}


/***/ }),

/***/ 89326:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  UU: () => (/* binding */ createClient),
  ac: () => (/* binding */ syncDriftIssue),
  gK: () => (/* binding */ upsertPlanComment)
});

// EXTERNAL MODULE: ./build/src/action/constants.js
var constants = __webpack_require__(63837);
;// CONCATENATED MODULE: ./build/src/action/retry.js
/**
 * A small bounded retry for GitHub API calls. GitHub answers transient trouble with 5xx, 429, or 403 with a
 * rate-limit header; anything else (401, 404, 422, ...) is a real answer and is returned at once.
 */
/** The delay the server asked for (`retry-after` seconds, or the rate-limit reset time), when it asked. */
function serverDelayMs(e, now) {
    const headers = e.response?.headers ?? {};
    const after = Number(headers['retry-after']);
    if (Number.isFinite(after) && after >= 0)
        return after * 1000;
    if (String(headers['x-ratelimit-remaining']) === '0') {
        const reset = Number(headers['x-ratelimit-reset']);
        if (Number.isFinite(reset))
            return Math.max(0, reset * 1000 - now);
    }
    return undefined;
}
/** Worth another attempt: network failures (no status), 5xx, 429, and 403 caused by rate limiting. */
function isRetryable(e) {
    const err = e;
    const status = err?.status;
    if (typeof status !== 'number' || status === 0)
        return true;
    if (status >= 500 || status === 429)
        return true;
    return status === 403 && serverDelayMs(err, Date.now()) !== undefined;
}
/**
 * Runs `fn` up to `attempts` times. A server-requested wait longer than a minute is not worth blocking a job for:
 * the error is thrown instead, so the step fails with GitHub's own message.
 */
async function withRetry(fn, opts) {
    let delay = opts.baseMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (e) {
            if (attempt >= opts.attempts || !isRetryable(e))
                throw e;
            const wait = serverDelayMs(e, Date.now()) ?? delay;
            if (wait > 60_000)
                throw e;
            opts.onRetry?.(attempt, wait, e);
            await opts.sleep(wait);
            delay *= 2;
        }
    }
}

;// CONCATENATED MODULE: ./build/src/action/github.js


/** An authenticated Octokit whose every request is retried on transient failures (5xx, 429, rate limits, network). */
async function createClient(token, opts = {}) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 92413));
    const octokit = getOctokit(token, opts.baseUrl ? { baseUrl: opts.baseUrl } : {});
    const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    octokit.hook.wrap('request', (request, options) => withRetry(async () => request(options), {
        attempts: opts.attempts ?? constants/* GITHUB_RETRY_ATTEMPTS */.Sj,
        baseMs: opts.baseMs ?? constants/* GITHUB_RETRY_BASE_MS */.Yy,
        sleep,
        onRetry: (attempt, delay, e) => opts.log?.(`GitHub API ${options.method} ${options.url} failed (${e.status ?? 'network error'}); ` +
            `attempt ${attempt + 1} in ${Math.round(delay / 100) / 10}s`),
    }));
    return octokit;
}
/**
 * Creates or updates THE plan comment of a pull request. The comment is the first one whose body carries the
 * marker; the listing stops at the page where it is found. An identical body is left alone (no edit notification).
 */
async function upsertPlanComment(octokit, repo, issueNumber, body) {
    if (!body.includes(constants/* PLAN_COMMENT_MARKER */.FL))
        throw new Error('internal: a plan comment body must carry the marker');
    let found;
    await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }, (response, done) => {
        found ??= response.data.find((c) => c.body?.includes(constants/* PLAN_COMMENT_MARKER */.FL));
        if (found)
            done();
        return [];
    });
    if (found) {
        if (found.body === body)
            return { operation: 'unchanged', id: found.id, url: found.html_url };
        const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: found.id, body });
        return { operation: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
    return { operation: 'created', id: data.id, url: data.html_url };
}
/** The open drift issue (the oldest open issue with the label; pull requests excluded), if any. */
async function findDriftIssue(octokit, repo) {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo,
        state: 'open',
        labels: constants/* DRIFT_LABEL */.BG,
        per_page: 100,
    });
    return issues.filter((i) => !i.pull_request).sort((a, b) => a.number - b.number)[0];
}
/** Creates the label once; "already exists" is success, and a token that may not create labels only loses colour. */
async function ensureLabel(octokit, repo, log) {
    try {
        await octokit.rest.issues.createLabel({
            ...repo,
            name: constants/* DRIFT_LABEL */.BG,
            color: constants/* DRIFT_LABEL_COLOR */.Lh,
            description: constants/* DRIFT_LABEL_DESCRIPTION */.u0,
        });
    }
    catch (e) {
        const err = e;
        if (err.status === 422 && err.response?.data?.errors?.some((x) => x.code === constants/* ALREADY_EXISTS */.Sc))
            return;
        log?.(`Could not create the label "${constants/* DRIFT_LABEL */.BG}" (HTTP ${err.status}); GitHub will add it with the issue.`);
    }
}
/**
 * Keeps one issue in step with drift: drift and no open issue → create it (labelled); drift and an open issue →
 * update its body; no drift and an open issue → comment `closingNote` and close it; no drift and none → nothing.
 */
async function syncDriftIssue(octokit, repo, state, log) {
    const body = state.body.includes(constants/* DRIFT_ISSUE_MARKER */.BL) ? state.body : `${constants/* DRIFT_ISSUE_MARKER */.BL}\n${state.body}`;
    const open = await findDriftIssue(octokit, repo);
    if (state.drift) {
        if (open) {
            if (open.body === body)
                return { operation: 'unchanged', number: open.number, url: open.html_url };
            const { data } = await octokit.rest.issues.update({ ...repo, issue_number: open.number, body });
            return { operation: 'updated', number: data.number, url: data.html_url };
        }
        await ensureLabel(octokit, repo, log);
        const { data } = await octokit.rest.issues.create({
            ...repo,
            title: constants/* DRIFT_ISSUE_TITLE */.Jw,
            body,
            labels: [constants/* DRIFT_LABEL */.BG],
        });
        return { operation: 'created', number: data.number, url: data.html_url };
    }
    if (!open)
        return { operation: 'none' };
    await octokit.rest.issues.createComment({ ...repo, issue_number: open.number, body: state.closingNote });
    const { data } = await octokit.rest.issues.update({
        ...repo,
        issue_number: open.number,
        state: 'closed',
        state_reason: 'completed',
    });
    return { operation: 'closed', number: data.number, url: data.html_url };
}


/***/ }),

/***/ 62419:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   An: () => (/* binding */ loadOrAnnotate),
/* harmony export */   YX: () => (/* binding */ annotateConflicts),
/* harmony export */   fA: () => (/* binding */ runtime)
/* harmony export */ });
/* unused harmony export repoPath */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(96421);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(69125);
/* harmony import */ var _render_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(59542);
/**
 * What the command runners share: the outcome type main.ts turns into outputs, summary and exit status; loading
 * domains.yml with annotations on the exact lines; building the runtime; pointing annotations at repository paths.
 */




/** A path as the annotation needs it: relative to the workspace, with forward slashes. */
function repoPath(file, workspace) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(file) ? file : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(file);
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(workspace, abs);
    const inside = rel !== '' && !rel.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(rel);
    return (inside ? rel : file).split(node_path__WEBPACK_IMPORTED_MODULE_0__.sep).join('/');
}
/** Error annotations on the lines of domains.yml (rendered by GitHub in the file view and the PR diff). */
function annotateIssues(issues, workspace) {
    for (const i of issues) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .error */ .z3(i.hint ? `${i.message} — ${i.hint}` : i.message, {
            title: 'domains.yml',
            file: repoPath(i.file, workspace),
            startLine: i.line,
            startColumn: i.column,
        });
    }
}
/** Conflicts of a plan as annotations on the domain's entry, so the pull request shows them where they are. */
function annotateConflicts(plan, workspace) {
    for (const d of plan.domains) {
        for (const c of d.conflicts) {
            const pos = c.pos ?? d.spec?.pos;
            const props = pos
                ? {
                    title: `${d.display}: ${c.code}`,
                    file: repoPath(pos.file, workspace),
                    startLine: pos.line,
                    startColumn: pos.column,
                }
                : { title: `${d.display}: ${c.code}` };
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .error */ .z3(c.hint ? `${c.message} — ${c.hint}` : c.message, props);
        }
    }
}
/** Loads domains.yml; when invalid, annotates every issue and returns the failing outcome. */
async function loadOrAnnotate(settings) {
    // Named relative to the working directory (the workspace, on a runner): positions in the plan, the comment and the
    // annotations then read `domains.yml:3:5`, not the runner's absolute path.
    const result = await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.cwd(), settings.configPath) || settings.configPath);
    if (result.ok)
        return result;
    annotateIssues(result.issues, settings.run.workspace);
    const n = result.issues.length;
    return {
        ok: false,
        outcome: {
            outputs: { 'has-changes': 'false', changes: '0' },
            report: (0,_render_js__WEBPACK_IMPORTED_MODULE_3__/* .issuesReport */ .$G)(settings.config, result.issues),
            failure: `${settings.config} has ${n} problem${n === 1 ? '' : 's'} (see the annotations); fix ${n === 1 ? 'it' : 'them'} and push again.`,
        },
    };
}
/** Progress for read-only commands: one log line per event that says something (retries, waits). */
function logProgress(e) {
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(e.domain ? `${e.domain}: ${e.message}` : e.message);
}
/** The core's runtime over the environment (credentials and endpoints as the contract names them). */
function runtime(progress = logProgress) {
    return (0,_core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .createRuntime */ .xB)(process.env, { progress });
}


/***/ })

};
