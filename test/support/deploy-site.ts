/**
 * What the deploy tests share: a site directory written from a map of paths to contents, a sandbox with a bucket in
 * front of which stand CDN domains of every kind (HTTPS, HTTP, the console's auto-refresh, another bucket's), a clock
 * the test moves, and a way to fetch through a CDN domain as a browser does.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRuntime, type ProgressEvent, type Runtime, type Tuning } from '../../src/core/index.js';
import { type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { rawRequest } from './oss-sandbox.js';

export const BUCKET = 'site-bucket';
export const ORIGIN = `${BUCKET}.oss-cn-hangzhou.aliyuncs.com`;

/**
 * `www.abc.com`: CDN with HTTPS, bound; `cdn.abc.com`: CDN over HTTP; `auto.abc.com`: CDN whose binding has the
 * console's auto-refresh on; `img.abc.com`: another bucket's CDN domain; `plain.abc.com`: bound, no CDN.
 */
export const DEPLOY_SEED: SeedSpec = {
  timing: { refreshCompleteMs: 1_000, cdnOnlineDelayMs: 0 },
  certificates: [{ id: '12345', domains: ['*.abc.com'] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' },
    {
      name: BUCKET,
      region: 'cn-hangzhou',
      acl: 'public-read',
      cnames: [{ domain: 'www.abc.com' }, { domain: 'auto.abc.com', purgeCdnCache: true }, { domain: 'plain.abc.com' }],
    },
  ],
  cdn: [
    { domain: 'www.abc.com', origin: ORIGIN, cert: '12345' },
    { domain: 'cdn.abc.com', origin: ORIGIN },
    { domain: 'auto.abc.com', origin: ORIGIN },
    { domain: 'img.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
  ],
};

export const fastTuning: Partial<Tuning> = { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 4, pollMs: 20 };

export interface DeployWorld {
  sb: Sandbox;
  rt: Runtime;
  events: ProgressEvent[];
  /** Moves the sandbox clock (and the runtime's) forward. */
  advance(ms: number): void;
  writes(): string[];
  calls(): string[];
  /** A GET through a CDN (or bound) domain, as a browser sends it. */
  fetch(host: string, path: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export async function deployWorld(
  seed: SeedSpec = DEPLOY_SEED,
  tuning: Partial<Tuning> = {},
  opts: { policy?: object } = {},
): Promise<DeployWorld> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const sb = await startSandbox({ seed, dnsPort: false, clock: now, policy: opts.policy });
  const events: ProgressEvent[] = [];
  const rt = createRuntime(
    { ...sb.env },
    { progress: (e) => events.push(e), tuning: { ...fastTuning, ...tuning }, clock: { now } },
  );
  return {
    sb,
    rt,
    events,
    advance: (ms) => {
      offset += ms;
    },
    writes: () => sb.control.writeCalls().map((c) => c.action),
    calls: () => sb.control.calls().map((c) => c.action),
    fetch: async (host, path) => {
      const r = await rawRequest(sb.url, { path, headers: { host: `${host}:${sb.port}` } });
      return { status: r.status, text: r.body.toString(), headers: r.headers };
    },
    stop: () => sb.stop(),
  };
}

export interface Site {
  dir: string;
  /** Writes (or overwrites) files; a `null` content removes the file. */
  write(files: Record<string, string | Buffer | null>): Promise<void>;
  remove(): Promise<void>;
}

export async function site(files: Record<string, string | Buffer | null> = {}): Promise<Site> {
  const dir = await mkdtemp(join(tmpdir(), 'oss-domains-site-'));
  const s: Site = {
    dir,
    async write(more) {
      for (const [path, content] of Object.entries(more)) {
        const abs = join(dir, path);
        if (content === null) await rm(abs, { force: true });
        else {
          await mkdir(dirname(abs), { recursive: true });
          await writeFile(abs, content);
        }
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await s.write(files);
  return s;
}
