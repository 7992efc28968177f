/**
 * The core's public face: what the CLI, the Action and the bot import. Front-ends translate their inputs into these
 * calls and render what comes back; no cloud logic lives outside src/core. This file only re-exports, each function
 * under the one name it has where it is defined, and the core's own modules never import it.
 */

// The runtime (SDK adapters from the environment).
export { createRuntime, preloadAdapters, type RuntimeOptions } from './aliyun/runtime.js';
// The rate governor every API call goes through, and `OSS_DOMAINS_QPS` (front-ends check it at start).
export { RateGovernor } from './calls/governor.js';
export { parseQps } from './calls/qps.js';
// domains.yml and the desired states built from it.
export { desiredFromConfig, desiredFromUnbind } from './config/desired.js';
export { ownerFromEnv, stateFromEnv } from './config/env.js';
export { configLimitIssue, loadConfig, parseConfig } from './config/load.js';
export { type ConfigIssue, type ConfigResult, formatIssue } from './config/types.js';
// Deploying a directory to a bucket prefix, and refreshing what changed at the edge.
export {
  type CacheRule,
  type DeployRefresh,
  type DeployRequest,
  type DeployResult,
  type DeployUpload,
  deploy,
  deployPolicy,
  type EdgeDomain,
  HASHED_CACHE_CONTROL,
  HTML_CACHE_CONTROL,
  MAX_DIRECTORIES,
  MULTIPART_THRESHOLD,
  normalisePrefix,
  parseCacheRule,
} from './deploy/index.js';
// Plan, apply, and the reports that read the cloud.
export { type ApplyOptions, apply } from './engine/apply.js';
export { type AuditEntry, writeAudit } from './engine/audit.js';
export { type BindRequest, desiredFromBind } from './engine/desired.js';
export { type DriftReport, drift } from './engine/drift.js';
export { planFingerprint } from './engine/fingerprint.js';
export { type LeaseHandle, type LockOptions, releaseHeldLocks, withApplyLock } from './engine/lock.js';
export { claimOnce, type OnceClaim } from './engine/once.js';
export { type RefreshRequest, type RefreshResult, refresh } from './engine/refresh.js';
export { type ApplyDesiredOptions, type ApplyRun, applyDesired, plan } from './engine/run.js';
export { type DomainStatus, status } from './engine/status.js';
// Errors and secrets.
export {
  CloudError,
  type CloudErrorFields,
  errorMessage,
  explain,
  hasCode,
  inputError,
  isCloudError,
  isThrottlingCode,
  onSecret,
  redact,
  registerSecret,
  type Service,
} from './errors.js';

// The account's API rate limits, as published (the sandbox enforces the same table).
export { accountLimits, documentedLimits, type Limit, OPERATIONS } from './limits.js';

// The vocabulary: desired, observed, plan, results.
export {
  type ApplyResult,
  type Binding,
  type CdnDomain,
  type CdnScope,
  type CdnSource,
  type CertInfo,
  type Conflict,
  type DesiredState,
  type DnsRecord,
  type DomainPlan,
  type DomainSpec,
  type DomainsConfig,
  type Observed,
  type Plan,
  planConflicts,
  planHasChanges,
  planHasConflicts,
  planStepCount,
  type SourcePos,
  type Step,
  type StepResult,
  type Verification,
  type Warning,
  type Zone,
} from './model.js';

// Names: the rules domains.yml applies, for front-ends that take names from elsewhere (flags, Slack, settings).
export {
  checkBucketName,
  checkCertId,
  checkDomainName,
  checkOwner,
  checkRegion,
  closest,
  displayDomain,
  type NameProblem,
  normaliseDomain,
  normaliseRegion,
  parseBucketRef,
  registrableApexProblem,
} from './names.js';

// The RAM policy a file needs.
export { type PolicyStatement, type RamPolicy, ramPolicy } from './policy.js';

// The ports the runtime implements (for tests and other runtimes).
export type {
  ActionStats,
  CallSpec,
  CdnPort,
  Clock,
  CnameToken,
  DnsPort,
  Governor,
  OssPort,
  ProgressEvent,
  RefreshQuota,
  RefreshTask,
  ResolverPort,
  Runtime,
  StoredObject,
  Tuning,
} from './ports.js';
export { defaultTuning } from './ports.js';

// Rendering for humans: plain text (CLI) or Markdown (Action comment, job summary), and Slack's results.
export {
  describeStep,
  describeVerification,
  type PlanSummary,
  renderApplyResult,
  renderPlan,
  stepMark,
  summarizePlan,
} from './render.js';
