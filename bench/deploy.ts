/**
 * `deploy` of a 5,000-file site in which 50 files changed (a few of them index pages), with two CDN domains in front of
 * the bucket, against a reference that does what teams script by hand: upload every file, then refresh the root
 * directory of each CDN domain. Both run in one process against the same sandbox, with the same per-call latency
 * and the same concurrency. Then the tool again on the unchanged site: it must make no write call.
 *
 * Measured for each: API calls (by action), write calls, bytes uploaded, refresh quota spent (URLs and
 * directories of the day's quota), wall time.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DeployResult, deploy, type Runtime } from '../src/core/index.js';
import type { SeedSpec } from '../src/sandbox/index.js';
import { benchSandbox, byAction, round, timed } from './measure.js';

const BUCKET = 'bench-site';
const ORIGIN = `${BUCKET}.oss-cn-hangzhou.aliyuncs.com`;
const DOMAINS = ['www.site-bench.com', 'cdn.site-bench.com'];

export interface DeployRun {
  calls: number;
  writes: number;
  byAction: Record<string, number>;
  bytesUploaded: number;
  /** Of the day's refresh quota: URLs and directories spent. */
  urlQuotaSpent: number;
  dirQuotaSpent: number;
  wallMs: number;
}

export interface DeployBench {
  files: number;
  changed: number;
  siteBytes: number;
  cdnDomains: number;
  tool: DeployRun & { listPages: number; cdnReads: number; refreshMode?: string; journalCalls: number };
  reference: DeployRun;
  unchanged: DeployRun;
}

/** File i: 100 directories of 50 files, a mix of pages, scripts with hashed names, styles and images (1–3 KiB). */
function siteFiles(n: number): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const dir = `section-${Math.floor(i / 50)}`;
    const kind = i % 50;
    const name =
      kind === 0
        ? `${dir}/index.html`
        : kind % 4 === 1
          ? `${dir}/page-${kind}.html`
          : kind % 4 === 2
            ? `${dir}/app-${kind}.${createHash('md5').update(String(i)).digest('hex').slice(0, 8)}.js`
            : kind % 4 === 3
              ? `${dir}/style-${kind}.css`
              : `${dir}/img-${kind}.png`;
    files.set(name, Buffer.alloc(1024 + (i % 3) * 1024, i % 251));
  }
  return files;
}

async function writeSite(dir: string, files: Map<string, Buffer>): Promise<void> {
  for (const [rel, body] of files) {
    await mkdir(join(dir, dirname(rel)), { recursive: true });
    await writeFile(join(dir, rel), body);
  }
}

/** The bucket already holds the site as it was before the change (what an earlier deploy left). */
function seed(files: Map<string, Buffer>): SeedSpec {
  return {
    timing: { refreshCompleteMs: 1_000 },
    buckets: [
      {
        name: BUCKET,
        region: 'cn-hangzhou',
        acl: 'public-read',
        objects: [...files].map(([key, body]) => ({ key, base64: body.toString('base64') })),
      },
    ],
    cdn: DOMAINS.map((domain) => ({ domain, origin: ORIGIN })),
  };
}

/** What a hand-written deploy script does: every file up, then the root directory of each CDN domain refreshed. */
async function reference(rt: Runtime, dir: string, files: Map<string, Buffer>, concurrency: number): Promise<number> {
  const keys = [...files.keys()];
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    for (let k = keys[next++]; k !== undefined; k = keys[next++]) {
      const path = join(dir, k);
      const body = await readFile(path);
      const md5 = createHash('md5').update(body).digest('hex');
      await rt.oss.putFile(
        BUCKET,
        'cn-hangzhou',
        k,
        { path, size: body.length, md5 },
        { contentType: 'application/octet-stream' },
      );
      bytes += body.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await rt.cdn.refresh(
    DOMAINS.map((d) => `http://${d}/`),
    'Directory',
  );
  return bytes;
}

export async function benchDeploy(total: number, changed: number, latencyMs: number): Promise<DeployBench> {
  const files = siteFiles(total);
  const env = await benchSandbox(seed(files), latencyMs, { dns: false });
  const dir = await mkdtemp(join(tmpdir(), 'oss-domains-bench-site-'));
  try {
    // The change: files spread over the site (a prime stride, so every kind is hit, a few index pages among them).
    const step = 97;
    for (let i = 0; i < changed; i++) {
      const key = [...files.keys()][i * step]!;
      files.set(key, Buffer.concat([files.get(key)!, Buffer.from(` changed ${i}`)]));
    }
    await writeSite(dir, files);
    const quota = env.sb.world.quota;
    const measure = async <T>(fn: () => Promise<T>) => {
      env.sb.control.clearCalls();
      const [urls, dirs] = [quota.urlUsed, quota.dirUsed];
      const run = await timed(fn);
      const calls = env.sb.control.calls();
      return {
        value: run.value,
        run: {
          calls: calls.length,
          writes: calls.filter((c) => c.write).length,
          byAction: byAction(calls),
          bytesUploaded: 0,
          urlQuotaSpent: quota.urlUsed - urls,
          dirQuotaSpent: quota.dirUsed - dirs,
          wallMs: round(run.ms),
        } as DeployRun,
      };
    };
    const req = { dir, bucket: { name: BUCKET, region: 'cn-hangzhou' } };
    const tool = await measure(() => deploy(env.rt, req));
    const r = tool.value as DeployResult;
    const toolRun = {
      ...tool.run,
      bytesUploaded: r.bytesUploaded,
      listPages: r.listPages,
      cdnReads: (tool.run.byAction.DescribeUserDomains ?? 0) + (tool.run.byAction.ListCname ?? 0),
      refreshMode: r.refresh.mode,
      // The refresh journal: one PutObject before the uploads, one DeleteMultipleObjects after the refresh.
      journalCalls:
        (tool.run.byAction.PutObject ?? 0) - r.uploads.length + (tool.run.byAction.DeleteMultipleObjects ?? 0),
    };
    const unchanged = await measure(() => deploy(env.rt, req));
    const ref = await measure(() => reference(env.rt, dir, files, env.rt.tuning.concurrency));
    return {
      files: total,
      changed,
      siteBytes: [...files.values()].reduce((n, b) => n + b.length, 0),
      cdnDomains: DOMAINS.length,
      tool: toolRun,
      reference: { ...ref.run, bytesUploaded: ref.value as number },
      unchanged: unchanged.run,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await env.stop();
  }
}
