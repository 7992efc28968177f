/**
 * The core's public face: what the CLI, the Action and the bot call. Front-ends translate their inputs into these
 * calls and render what comes back; no cloud logic lives outside src/core. The bodies delegate to src/core/config,
 * src/core/engine and src/core/aliyun. Front-ends rely on these signatures: add to them rather than change them.
 */
import type { ApplyResult, DesiredState, DomainsConfig, Plan, Verification } from './model.js';
import type { RefreshQuota, RefreshTask, Runtime, Tuning } from './ports.js';

export * from './errors.js';
export * from './model.js';
export type { PolicyStatement, RamPolicy } from './policy.js';
export type * from './ports.js';

import { runtimeFromEnv } from './aliyun/runtime.js';

export { preloadAdapters } from './aliyun/runtime.js';

import * as config from './config/index.js';
import type { ConfigResult } from './config/types.js';
import * as engine from './engine/index.js';
import * as policy from './policy.js';
import * as render from './render.js';

export { type ConfigIssue, type ConfigResult, formatIssue, ownerFromEnv, stateFromEnv } from './config/index.js';
/** Rendering helpers beyond renderPlan: one line per step, apply results, plan counts. */
export {
  describeStep,
  describeVerification,
  type PlanSummary,
  renderApplyResult,
  stepMark,
  summarizePlan,
} from './render.js';

/** Parses and validates domains.yml text (offline, no API call). */
export function parseConfig(text: string, file: string): ConfigResult {
  return config.parseConfig(text, file);
}

/** Reads and parses a file; a missing file is one issue at line 1, column 1. */
export async function loadConfig(file: string): Promise<ConfigResult> {
  return config.loadConfig(file);
}

/** The desired state of a whole file. */
export function desiredFromConfig(cfg: DomainsConfig): DesiredState {
  return config.desiredFromConfig(cfg);
}

/** Options of a one-domain command (`bind`), as the CLI flags and the bot's command text give them. */
export interface BindRequest {
  domain: string;
  bucket: string;
  /** Looked up with GetBucketLocation when absent. */
  region?: string;
  cdn?: boolean;
  certId?: string;
  ttl?: number;
  takeover?: boolean;
  owner: string;
}

/** The desired state of `bind DOMAIN BUCKET`: scope `only`, so nothing else is touched. */
export async function desiredFromBind(rt: Runtime, req: BindRequest): Promise<DesiredState> {
  return engine.bindRequestToDesired(rt, req);
}

/** The desired state of `unbind DOMAIN`. */
export function desiredFromUnbind(domain: string, owner: string): DesiredState {
  return config.desiredFromUnbind(domain, owner);
}

/** Reads the cloud (O(buckets + zones) calls, no writes) and computes the plan. */
export async function plan(rt: Runtime, desired: DesiredState): Promise<Plan> {
  return engine.planDesired(rt, desired);
}

export async function apply(rt: Runtime, p: Plan): Promise<ApplyResult> {
  return engine.applyPlan(rt, p);
}

export type { ApplyDesiredOptions, ApplyRun } from './engine/index.js';

/**
 * Plan under the apply lock (when `desired.state` is set), check the plan is the one confirmed (`opts.confirmed`, a
 * `planFingerprint`), apply it, and write the audit entry: one apply, the same for the CLI, the Action and the bot.
 */
export function applyDesired(
  rt: Runtime,
  desired: DesiredState,
  opts: engine.ApplyDesiredOptions,
): Promise<engine.ApplyRun> {
  return engine.applyDesired(rt, desired, opts);
}

/** A short digest of a plan's decisions: what a confirmation refers to. */
export function planFingerprint(p: Plan): string {
  return engine.planFingerprint(p);
}

export interface DriftReport {
  plan: Plan;
  /** True when the cloud differs from the desired state. */
  drift: boolean;
  /** Owned records / domains no longer declared. */
  orphans: string[];
}

/** The plan, read as a report of differences, plus warnings (expiring certificates, CDN domains offline). */
export async function drift(rt: Runtime, desired: DesiredState): Promise<DriftReport> {
  return engine.driftReport(engine.withRetry(rt), desired);
}

export interface DomainStatus {
  domain: string;
  binding?: { bucket: string; region: string; certId?: string; certExpires?: string };
  record?: { zone: string; rr: string; type: string; value: string; owned: boolean };
  cdn?: { status: string; cname: string; https: boolean };
  verification?: Verification;
}

/**
 * What is bound now: for the given domains, or every domain bound to the given buckets (a bucket without its region
 * has it looked up with GetBucketLocation).
 */
export async function status(
  rt: Runtime,
  query: { domains?: string[]; buckets?: { name: string; region?: string }[] },
): Promise<DomainStatus[]> {
  return engine.domainStatus(engine.withRetry(rt), query);
}

export interface RefreshRequest {
  /** URLs (`https://img.abc.com/a.png`), directories (ending in `/`), or object keys of `bucket`. */
  paths: string[];
  /** For object keys: the bucket whose CDN domains they are mapped to. */
  bucket?: { name: string; region?: string };
  preload?: boolean;
  wait?: boolean;
}

export interface RefreshResult {
  urls: number;
  directories: number;
  /** One entry per API call. */
  calls: { type: 'File' | 'Directory' | 'Preload'; count: number; taskIds: string[]; requestId: string }[];
  quotaBefore?: RefreshQuota;
  tasks?: RefreshTask[];
}

/** CDN refresh / preload, batched within the per-call limits, after checking the daily quota. */
export async function refresh(rt: Runtime, req: RefreshRequest): Promise<RefreshResult> {
  return engine.runRefresh(rt, req);
}

/** The least-privilege RAM policy (JSON) the desired state needs. */
export function ramPolicy(cfg: DomainsConfig): policy.RamPolicy {
  return policy.ramPolicy(cfg);
}

/** Builds the runtime (SDK adapters) from the contract's environment variables. */
export function createRuntime(
  env: NodeJS.ProcessEnv,
  opts?: {
    progress?: Runtime['progress'];
    tuning?: Partial<Tuning>;
    clock?: Runtime['clock'];
    sleep?: Runtime['sleep'];
  },
): Runtime {
  return runtimeFromEnv(env, opts);
}

/** Renders a plan for humans: plain text (CLI) or Markdown (Action comment, job summary). */
export function renderPlan(p: Plan, format: 'text' | 'markdown'): string {
  return render.renderPlan(p, format);
}

export interface LockOptions {
  /** Who holds it, for the message the other side sees (`github-actions run 123`, `slack U123`). */
  holder: string;
  /** How long a lock stays valid if its holder dies (default 3 minutes; a live holder renews it every ttl/3). */
  ttlMs?: number;
  /** How long to wait for a held lock before giving up with a message naming the holder (default `tuning.lockWaitMs`, 10 minutes). */
  waitMs?: number;
}

/**
 * Runs `fn` holding the apply lock: an object `locks/apply.json` in the state bucket created with
 * `x-oss-forbid-overwrite`, holding the holder and expiry; released afterwards; taken over after expiry.
 */
export async function withApplyLock<T>(
  rt: Runtime,
  state: { bucket: string; region: string },
  opts: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  return engine.withLock(rt, state, opts, fn);
}

/** Releases the apply locks this process holds (call it when interrupted, before exiting). */
export function releaseHeldLocks(): Promise<void> {
  return engine.releaseHeldLocks();
}

export interface AuditEntry {
  /** ISO time. */
  time: string;
  /** `cli:<user>`, `github:<actor>`, `slack:<user id>` */
  actor: string;
  /** `apply`, `bind`, `unbind`, `refresh` */
  command: string;
  domains: string[];
  ok: boolean;
  requestIds: string[];
  summary: string;
}

/** Writes one audit entry as its own object (`audit/YYYY/MM/DD/<time>-<id>.json`) in the state bucket. */
export async function writeAudit(
  rt: Runtime,
  state: { bucket: string; region: string },
  entry: AuditEntry,
): Promise<void> {
  await engine.appendAudit(rt, state, entry);
}
