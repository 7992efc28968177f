export const id = 365;
export const ids = [365];
export const modules = {

/***/ 25365:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runApply: () => (/* binding */ runApply)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./build/src/core/index.js + 60 modules
var src_core = __webpack_require__(71275);
;// CONCATENATED MODULE: ./build/src/action/progress.js
/**
 * Apply progress in the Actions log, one collapsible group per domain. Domains are applied concurrently, and log
 * groups cannot interleave, so each domain's lines are held until its last step reports and then written as one
 * group; waits and retries are also echoed at once, so a long CDN rollout never looks like a hang.
 */

const ICONS = {
    'step-start': '→',
    'step-done': '✓',
    'step-failed': '✗',
    wait: '…',
    retry: '↻',
    info: '·',
};
class GroupedProgress {
    pending = new Map();
    remaining = new Map();
    /** Tells how many steps each domain will report, so its group is written as soon as it is finished. */
    expect(plan) {
        for (const d of plan.domains)
            if (d.steps.length > 0)
                this.remaining.set(d.domain, d.steps.length);
    }
    /** The progress sink handed to the core. */
    event = (e) => {
        if (!e.domain) {
            core/* info */.pq(e.message);
            return;
        }
        const p = this.pending.get(e.domain) ?? { lines: [], failed: false };
        this.pending.set(e.domain, p);
        p.lines.push(`${ICONS[e.kind] ?? '·'} ${e.message}`);
        if (e.kind === 'wait' || e.kind === 'retry')
            core/* info */.pq(`${e.domain}: ${e.message}`);
        if (e.kind === 'step-failed')
            p.failed = true;
        if (e.kind === 'step-done' || e.kind === 'step-failed') {
            const left = (this.remaining.get(e.domain) ?? 0) - 1;
            this.remaining.set(e.domain, left);
            if (left === 0)
                this.flush(e.domain);
        }
    };
    flush(domain) {
        const p = this.pending.get(domain);
        if (!p)
            return;
        this.pending.delete(domain);
        core/* startGroup */.Oh(`${p.failed ? '✗' : '✓'} ${domain}`);
        for (const line of p.lines)
            core/* info */.pq(line);
        core/* endGroup */.N4();
    }
    /** Writes what is still held (a domain that stopped early, events after the last step). */
    flushAll() {
        for (const domain of [...this.pending.keys()])
            this.flush(domain);
    }
}

// EXTERNAL MODULE: ./build/src/action/report/index.js + 6 modules
var report = __webpack_require__(89406);
// EXTERNAL MODULE: ./build/src/action/shared.js
var shared = __webpack_require__(62419);
;// CONCATENATED MODULE: ./build/src/action/commands/apply.js
/**
 * `apply`: plan and apply under the apply lock (when domains.yml names a state bucket), progress grouped per domain
 * in the log, then a summary of what changed with request ids and the DNS verification, and an audit entry.
 */





async function runApply(settings) {
    const loaded = await (0,shared/* loadOrAnnotate */.An)(settings);
    if (!loaded.ok)
        return loaded.outcome;
    const { config } = loaded;
    const progress = new GroupedProgress();
    const rt = (0,shared/* runtime */.fA)(progress.event);
    const desired = (0,src_core/* desiredFromConfig */.Zd)(config);
    // The core plans inside the lock (whatever another run changed while we waited is seen before we act), applies,
    // and writes the audit entry when domains.yml names a state bucket.
    let run;
    try {
        run = await (0,src_core/* applyDesired */.TG)(rt, desired, {
            actor: settings.run.actor,
            command: 'apply',
            holder: `github-actions ${settings.run.runUrl ?? 'run'} (${settings.run.actor})`,
            onPlan: (p) => {
                (0,shared/* annotateConflicts */.YX)(p, settings.run.workspace);
                if ((0,src_core/* planHasChanges */.ZB)(p))
                    progress.expect(p);
            },
        });
    }
    finally {
        progress.flushAll();
    }
    const { plan: p, result } = run;
    if (run.auditError)
        core/* warning */.$e(`The changes were made, but the audit entry could not be written: ${run.auditError}`);
    const made = result ? result.results.filter((r) => r.ok).length : 0;
    const changed = (0,report/* domainsChanged */.Gb)(result);
    const failedSteps = result ? result.results.filter((r) => !r.ok) : [];
    const conflicts = (0,src_core/* planConflicts */.nL)(p);
    let failure;
    if (result?.stopped) {
        failure = result.stopped;
    }
    else if (failedSteps.length > 0) {
        const first = failedSteps[0];
        const domains = new Set(failedSteps.map((r) => r.step.domain)).size;
        failure =
            `${domains} domain${domains === 1 ? '' : 's'} failed; the first: ${first.step.domain}: ${first.error ?? 'failed'}. ` +
                'Fix the cause and re-run: apply resumes where it stopped.';
    }
    else if (conflicts.length > 0) {
        failure = `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} left those domains untouched (see the annotations).`;
    }
    return {
        // `changes` counts domains changed, as the headline does; `has-changes` is true whenever anything was changed,
        // including the steps a failed domain made before it failed.
        outputs: { 'has-changes': String(made > 0), changes: String(changed), 'plan-json': JSON.stringify(p) },
        report: (0,report/* summaryMarkdown */.eH)((0,report/* applyDoc */.rc)(p, result, (0,shared/* where */._M)(settings))),
        failure,
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
