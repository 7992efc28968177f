export const id = 372;
export const ids = [372];
export const modules = {

/***/ 88372:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPlan: () => (/* binding */ runPlan)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71275);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63837);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(63844);
/* harmony import */ var _report_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(89406);
/* harmony import */ var _shared_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(62419);
/** `plan`: read the cloud, say what apply would change, and on a pull request keep one comment up to date. */






/**
 * Posts (or updates) the plan comment when this is a pull request run and commenting is on. A comment that cannot
 * be written (a fork's read-only token, missing `pull-requests: write`) is a warning: the plan itself succeeded.
 */
async function comment(settings, doc) {
    const { run } = settings;
    if (!settings.comment || !_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .PULL_REQUEST_EVENTS */ .m_.has(run.eventName))
        return;
    if (!run.repository || run.pullRequest === undefined) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e('This is a pull request run, but the event file names no pull request: no plan comment was posted.');
        return;
    }
    if (!settings.githubToken) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e('No github-token: the plan was not posted on the pull request (see the job summary).');
        return;
    }
    try {
        const octokit = await (0,_github_js__WEBPACK_IMPORTED_MODULE_3__/* .createClient */ .UU)(settings.githubToken, { log: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq });
        const login = await (0,_github_js__WEBPACK_IMPORTED_MODULE_3__/* .whoAmI */ .Wc)(octokit);
        const body = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_4__/* .commentBody */ .I2)(doc, run.runUrl);
        const r = await (0,_github_js__WEBPACK_IMPORTED_MODULE_3__/* .upsertPlanComment */ .gK)(octokit, run.repository, run.pullRequest, body, login);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Plan comment ${r.operation}: ${r.url}`);
    }
    catch (e) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not post the plan on pull request #${run.pullRequest}: ${(0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)}. ` +
            'Give the job `permissions: pull-requests: write` (pull requests from forks get a read-only token).');
    }
}
async function runPlan(settings) {
    const loaded = await (0,_shared_js__WEBPACK_IMPORTED_MODULE_5__/* .loadOrAnnotate */ .An)(settings);
    if (!loaded.ok) {
        await comment(settings, loaded.doc);
        return loaded.outcome;
    }
    let p;
    try {
        p = await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .plan */ .et)((0,_shared_js__WEBPACK_IMPORTED_MODULE_5__/* .runtime */ .fA)(), (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .desiredFromConfig */ .Zd)(loaded.config));
    }
    catch (e) {
        // The comment must not go on showing the previous push's plan as if it were this one's.
        await comment(settings, (0,_report_index_js__WEBPACK_IMPORTED_MODULE_4__/* .errorDoc */ .Lz)('plan', (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)));
        throw e;
    }
    (0,_shared_js__WEBPACK_IMPORTED_MODULE_5__/* .annotateConflicts */ .YX)(p, settings.run.workspace);
    const doc = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_4__/* .planDoc */ .aw)(p, (0,_shared_js__WEBPACK_IMPORTED_MODULE_5__/* .where */ ._M)(settings));
    await comment(settings, doc);
    const changes = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_4__/* .domainsToChange */ .ni)(p);
    const conflicts = (0,_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .planConflicts */ .nL)(p).length;
    return {
        outputs: { 'has-changes': String(changes > 0), changes: String(changes), 'plan-json': JSON.stringify(p) },
        report: (0,_report_index_js__WEBPACK_IMPORTED_MODULE_4__/* .summaryMarkdown */ .eH)(doc),
        failure: conflicts > 0
            ? `${conflicts} conflict${conflicts === 1 ? '' : 's'} in the plan (see the annotations and the summary); ` +
                'apply would leave those domains untouched.'
            : undefined,
    };
}


/***/ }),

/***/ 63844:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  UU: () => (/* binding */ createClient),
  ac: () => (/* binding */ syncDriftIssue),
  gK: () => (/* binding */ upsertPlanComment),
  Wc: () => (/* binding */ whoAmI)
});

// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(63251);
;// CONCATENATED MODULE: ./build/src/github/client.js



/**
 * Never retried: bad request, bad credentials, forbidden, not found, conflict (a stale sha), gone, invalid (422), and
 * unavailable for legal reasons. 403 and 429 are here for the retry plugin only: when they mean "slow down", the
 * throttling plugin retries them after the wait GitHub asks for.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
/** Further attempts after the first, for both plugins. */
const RETRIES = 2;
/** The longest wait for GitHub (seconds) that is worth it; past that, the request fails with GitHub's answer. */
const MAX_WAIT_S = 60;
/** The plugins, in the order create-pull-request applies them. */
const plugins = [dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A];
/** The `retry` and `throttle` options of an Octokit built with `plugins`. */
function clientOptions(t = {}) {
    const base = t.retryBaseMs ?? 1000;
    const onLimit = (what) => (retryAfter, options, _octokit, retryCount) => {
        const call = `${options.method} ${options.url}`;
        if (retryCount < RETRIES && retryAfter <= MAX_WAIT_S) {
            t.log?.(`GitHub ${what} for ${call}: trying again in ${retryAfter}s.`);
            return true;
        }
        t.log?.(`GitHub ${what} for ${call}: not waiting ${retryAfter}s more; giving up.`);
        return false;
    };
    return {
        retry: { doNotRetry: DO_NOT_RETRY, retries: RETRIES, retryAfterBaseValue: base },
        throttle: {
            ...(t.pace === false ? unpaced() : {}),
            retryAfterBaseValue: base,
            fallbackSecondaryRateRetryAfter: MAX_WAIT_S,
            onRateLimit: onLimit('rate limit reached'),
            onSecondaryRateLimit: onLimit('secondary rate limit reached'),
        },
    };
}
/** Write groups for the throttling plugin that keep writes one at a time, without its gaps between them. */
const unpaced = () => ({
    write: new light.Group({ maxConcurrent: 1, minTime: 0 }),
    notifications: new light.Group({ maxConcurrent: 1, minTime: 0 }),
});
/**
 * The login of the token's user: whoever GitHub shows as the author of what this token writes. The GraphQL `viewer`
 * answers for every kind of token — a personal token gives its user, a GitHub App installation token (the Actions
 * `GITHUB_TOKEN` is one) gives the app's bot, `github-actions[bot]` — where REST `GET /user` refuses installation
 * tokens ("Resource not accessible by integration"). `GET /user` is asked only when GraphQL is not there.
 */
async function tokenLogin(octokit) {
    try {
        const data = await octokit.graphql('query { viewer { login } }');
        if (data.viewer?.login)
            return data.viewer.login;
    }
    catch (graphqlError) {
        try {
            return (await octokit.request('GET /user')).data.login;
        }
        catch {
            throw graphqlError;
        }
    }
    throw new Error('GitHub did not say whom the token belongs to (GraphQL viewer has no login).');
}

// EXTERNAL MODULE: ./build/src/action/constants.js
var constants = __webpack_require__(63837);
;// CONCATENATED MODULE: ./build/src/action/github.js


/** An authenticated Octokit: 5xx and network failures retried, rate limits waited out (see src/github/client.ts). */
async function createClient(token, opts = {}) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 270).then(__webpack_require__.bind(__webpack_require__, 22270));
    const base = opts.baseUrl ? { baseUrl: opts.baseUrl } : {};
    return getOctokit(token, { ...base, ...clientOptions(opts) }, ...plugins);
}
/** The login GitHub shows as the author of what this client writes (GITHUB_TOKEN: `github-actions[bot]`). */
const whoAmI = (octokit) => tokenLogin(octokit);
const sameLogin = (a, b) => a?.toLowerCase() === b.toLowerCase();
/**
 * Creates or updates THE plan comment of a pull request: the first comment written by `login` (the token's user)
 * whose body starts with the marker; the listing stops at the page where it is found. A comment by anyone else is
 * never edited, whatever it holds. An identical body is left alone (no edit notification).
 */
async function upsertPlanComment(octokit, repo, issueNumber, body, login) {
    if (!body.startsWith(constants/* PLAN_COMMENT_MARKER */.FL))
        throw new Error('internal: a plan comment body must start with the marker');
    let found;
    await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }, (response, done) => {
        found ??= response.data.find((c) => sameLogin(c.user?.login, login) && c.body?.startsWith(constants/* PLAN_COMMENT_MARKER */.FL));
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
/**
 * The open drift issue: the oldest open issue with the label that `login` opened (pull requests, and issues someone
 * else opened or labelled, are never edited or closed).
 */
async function findDriftIssue(octokit, repo, login) {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo,
        state: 'open',
        labels: constants/* DRIFT_LABEL */.BG,
        per_page: 100,
    });
    return issues
        .filter((i) => !i.pull_request && sameLogin(i.user?.login, login))
        .sort((a, b) => a.number - b.number)[0];
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
    const body = state.body.startsWith(constants/* DRIFT_ISSUE_MARKER */.BL) ? state.body : `${constants/* DRIFT_ISSUE_MARKER */.BL}\n${state.body}`;
    const open = await findDriftIssue(octokit, repo, state.login);
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
/* harmony export */   _M: () => (/* binding */ where),
/* harmony export */   fA: () => (/* binding */ runtime)
/* harmony export */ });
/* unused harmony export repoPath */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(96421);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71275);
/* harmony import */ var _report_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89406);
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
/** Positions in domains.yml as reports show them: repository-relative `file:line:column`. */
const where = (settings) => (pos) => `${repoPath(pos.file, settings.run.workspace)}:${pos.line}:${pos.column}`;
/** Loads domains.yml; when invalid, annotates every issue and returns the failing outcome. */
async function loadOrAnnotate(settings) {
    // Named relative to the working directory (the workspace, on a runner): positions in the plan, the comment and the
    // annotations then read `domains.yml:3:5`, not the runner's absolute path.
    const result = await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.cwd(), settings.configPath) || settings.configPath);
    if (result.ok)
        return result;
    annotateIssues(result.issues, settings.run.workspace);
    const n = result.issues.length;
    const doc = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_3__/* .issuesDoc */ .Nc)(settings.config, result.issues);
    return {
        ok: false,
        doc,
        outcome: {
            outputs: { 'has-changes': 'false', changes: '0' },
            report: (0,_report_index_js__WEBPACK_IMPORTED_MODULE_3__/* .summaryMarkdown */ .eH)(doc),
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
