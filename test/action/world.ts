/**
 * A fresh world per test for the end-to-end tests: a sandbox (the fake Alibaba Cloud) and a local GitHub API, with
 * the environment that points the bundle at both, and a few readers of the sandbox state.
 */
import { afterEach, beforeEach } from 'vitest';
import { DEFAULT_SEED, type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import type { RecordState } from '../../src/sandbox/state.js';
import { type GitHubApiServer, startGitHubApi } from '../support/github-api.js';

export const ONE = `version: 1
owner: ci
domains:
  - domain: img.abc.com
    bucket: abc-img
    region: cn-hangzhou
`;
export const TWO = `${ONE}  - domain: static.abc.com
    bucket: abc-img
    region: cn-hangzhou
`;
export const TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
export const prEvent = { name: 'pull_request', payload: { pull_request: { number: 7 } } };
export const scheduleEvent = { name: 'schedule', payload: {} };

export interface World {
  sb: Sandbox;
  gh: GitHubApiServer;
  /** The sandbox's contract variables plus GITHUB_API_URL. */
  env(): Record<string, string | undefined>;
  /** The records of a zone, as the sandbox holds them. */
  records(zone: string): RecordState[];
  /** The CNAME record of `rr` in abc.com. */
  cnameOf(rr: string): RecordState | undefined;
}

/** Registers the hooks (in the enclosing describe) and returns the world they maintain. */
export function useWorld(seed: SeedSpec = DEFAULT_SEED): World {
  const w: World = {
    sb: undefined as unknown as Sandbox,
    gh: undefined as unknown as GitHubApiServer,
    env: () => ({ ...w.sb.env, GITHUB_API_URL: w.gh.url }),
    records: (zone: string) => [...(w.sb.world.zones.get(zone)?.records.values() ?? [])],
    cnameOf: (rr: string) => w.records('abc.com').find((r) => r.rr === rr && r.type === 'CNAME'),
  };
  beforeEach(async () => {
    w.sb = await startSandbox({ seed });
    w.gh = await startGitHubApi();
  });
  afterEach(async () => {
    await w.sb?.stop();
    await w.gh?.close();
  });
  return w;
}
