export const id = 852;
export const ids = [852];
export const modules = {

/***/ 55852:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runRefresh: () => (/* binding */ runRefresh)
/* harmony export */ });
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71275);
/* harmony import */ var _report_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89406);
/* harmony import */ var _shared_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62419);
/** `refresh`: CDN cache refresh of the paths a deploy changed, batched by the core within the API's limits. */



async function runRefresh(settings) {
    const result = await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .refresh */ .Ow)((0,_shared_js__WEBPACK_IMPORTED_MODULE_2__/* .runtime */ .fA)(), { paths: settings.paths, bucket: settings.bucket });
    const total = result.urls + result.directories;
    return {
        outputs: { 'has-changes': String(result.calls.length > 0), changes: String(total) },
        report: (0,_report_index_js__WEBPACK_IMPORTED_MODULE_1__/* .summaryMarkdown */ .eH)((0,_report_index_js__WEBPACK_IMPORTED_MODULE_1__/* .refreshDoc */ .w0)(result)),
    };
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
