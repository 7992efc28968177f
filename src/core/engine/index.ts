/** The engine's entry points, as the facade (src/core/index.ts) calls them. */
export { applyPlan } from './apply.js';
export { appendAudit } from './audit.js';
export { bindRequestToDesired } from './desired.js';
export { driftReport } from './drift.js';
export { planFingerprint } from './fingerprint.js';
export { releaseHeldLocks, withLock } from './lock.js';
export { runRefresh } from './refresh.js';
export { withRetry } from './retry.js';
export { type ApplyDesiredOptions, type ApplyRun, applyDesired, planDesired } from './run.js';
export { domainStatus } from './status.js';
