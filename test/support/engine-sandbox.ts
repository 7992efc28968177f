/**
 * The engine against the real sandbox: `startSandbox` (OSS, Alidns, CDN over HTTP, and its DNS server) and the
 * production runtime (`createRuntime(sandbox.env)`, i.e. the official SDK adapters), with waits shortened.
 */
import {
  createRuntime,
  type DesiredState,
  desiredFromConfig,
  type ProgressEvent,
  parseConfig,
  type Runtime,
  type Tuning,
} from '../../src/core/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';

export const testTuning: Partial<Tuning> = {
  baseDelayMs: 20,
  maxDelayMs: 200,
  maxAttempts: 8,
  pollMs: 50,
  ownershipTimeoutMs: 15_000,
  cdnOnlineTimeoutMs: 15_000,
};

export interface EngineSandbox {
  sb: Sandbox;
  rt: Runtime;
  events: ProgressEvent[];
  /** Write calls the sandbox logged since the last `clearCalls`. */
  writes(): string[];
  stop(): Promise<void>;
}

export async function engineSandbox(opts: SandboxOptions = {}, tuning: Partial<Tuning> = {}): Promise<EngineSandbox> {
  const sb = await startSandbox({ dnsPort: 0, ...opts });
  const events: ProgressEvent[] = [];
  const rt = createRuntime({ ...sb.env }, { progress: (e) => events.push(e), tuning: { ...testTuning, ...tuning } });
  return {
    sb,
    rt,
    events,
    writes: () => sb.control.writeCalls().map((c) => `${c.service} ${c.action}`),
    stop: () => sb.stop(),
  };
}

/**
 * The desired state of a domains.yml of owner `web` whose entries default to cn-hangzhou: `domains` is the list's
 * text (see `entry`), `extra` top-level lines such as `prune: true\n`. An invalid file throws with its issues.
 */
export function file(domains: string, extra = ''): DesiredState {
  const text = `version: 1\nowner: web\n${extra}defaults:\n  region: cn-hangzhou\ndomains:\n${domains}`;
  const r = parseConfig(text, 'domains.yml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return desiredFromConfig(r.config);
}

/** One entry of `file`'s list; `more` is further indented keys, e.g. `    cdn: true\n`. */
export const entry = (domain: string, bucket = 'abc-img', more = ''): string =>
  `  - domain: ${domain}\n    bucket: ${bucket}\n${more}`;
