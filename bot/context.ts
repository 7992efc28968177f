/**
 * What every listener gets: the settings, the clock, the core runtime, the GitHub client in GitOps mode, a logger.
 * Built once per bot. Nothing in it outlives a request, so any replica can serve any request; the one thing it tracks
 * is which domains this replica is changing right now (`changing`), so that a double-click served here runs once.
 *
 * The runtime is created lazily (so `/oss help` works before credentials do) and once: its progress sink routes
 * each event to the request that caused it through AsyncLocalStorage, so concurrent applies never see each other's
 * progress.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRuntime, type ProgressEvent, type Runtime } from '../src/core/index.js';
import { createGitHubClient, type GitHubClient } from './gitops/github.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import type { BotSettings } from './settings.js';

/** A logger that takes one message string (Bolt's logger and `console` both fit). */
export interface Log {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface BotDeps {
  /** Builds the core runtime around a progress sink; default: `createRuntime(settings.env, { progress })`. */
  createRuntime?: (progress: (e: ProgressEvent) => void) => Runtime;
  /** Clock, ms since the epoch (button expiry, audit times). */
  now?: () => number;
  /** fetch for the GitHub API. */
  fetch?: typeof fetch;
  log?: Log;
  /** Pace of progress updates while applying (progress.ts; defaults suit Slack's response-URL limits). */
  progress?: { minIntervalMs?: number; maxUpdates?: number };
}

export interface BotContext {
  settings: BotSettings;
  now(): number;
  runtime(): Runtime;
  /** Runs `fn` with progress events of the core going to `sink`. */
  withProgress<T>(sink: (e: ProgressEvent) => void, fn: () => Promise<T>): Promise<T>;
  github?: GitHubClient;
  log: Log;
  progressPace: { minIntervalMs?: number; maxUpdates?: number };
  /**
   * Domains this replica is applying a confirmed change to, and who confirmed it: taken when a confirm click starts,
   * released when it ends. A second click for the same domain meanwhile is turned away instead of applying again.
   */
  changing: Map<string, string>;
  /** Starting, serving or shutting down, and the confirmed changes running (lifecycle.ts). */
  lifecycle: Lifecycle;
}

export function createContext(settings: BotSettings, deps: BotDeps = {}): BotContext {
  const store = new AsyncLocalStorage<(e: ProgressEvent) => void>();
  const sink = (e: ProgressEvent) => store.getStore()?.(e);
  const build = deps.createRuntime ?? ((progress) => createRuntime(settings.env, { progress }));
  let rt: Runtime | undefined;
  return {
    settings,
    now: deps.now ?? Date.now,
    runtime() {
      rt ??= build(sink);
      return rt;
    },
    withProgress: (progress, fn) => store.run(progress, fn),
    ...(settings.gitops ? { github: createGitHubClient(settings.gitops, deps.fetch) } : {}),
    log: deps.log ?? console,
    progressPace: deps.progress ?? {},
    changing: new Map(),
    lifecycle: createLifecycle(),
  };
}
