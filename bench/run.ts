/**
 * `npm run bench [-- --latency MS] [--runs N] [--bot-commands N] [--only reads,apply,…] [--out FILE]`
 *
 * Measures what issue 7 asks for against in-process sandboxes with an injected latency per API call, prints one
 * table, checks the targets, and writes everything to bench/results.json (commit it with the README figures).
 * Sections: reads (plan/drift at N = 10, 100, 1,000), apply (100 new domains, then a re-apply), refresh (25,000 URLs),
 * deploy (50 of 5,000 files changed, against uploading everything and refreshing /),
 * action (bundle size and cold start), cli (cold start), bot (200 concurrent commands), sandbox (start, 1,000 calls),
 * limits (apply of 1,000 new domains and plan of 20,000 against the documented per-API rate limits).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type ApplyBench, benchApply } from './apply.js';
import { type BotBench, benchBot } from './bot.js';
import { type BotStartBench, benchBotStart } from './bot-start.js';
import { benchColdStart, bundleSize, type ColdStart, ROOT } from './coldstart.js';
import { benchDeploy, type DeployBench } from './deploy.js';
import { benchLimitsApply, benchLimitsPlan, type LimitsApplyBench, type LimitsPlanBench } from './limits.js';
import { round, table } from './measure.js';
import { benchReads, type ReadResult } from './reads.js';
import { benchRefresh, type RefreshBench } from './refresh.js';
import { benchSandboxSelf, type SandboxBench } from './sandbox.js';
import { BUCKETS } from './world.js';

const SECTIONS = ['reads', 'apply', 'refresh', 'deploy', 'action', 'cli', 'bot', 'sandbox', 'limits'] as const;
type Section = (typeof SECTIONS)[number];

interface Flags {
  latencyMs: number;
  runs: number;
  botCommands: number;
  only: Set<Section>;
  out: string;
}

/** A bad command line: reported as one line with the usage, no stack. */
class UsageError extends Error {}

const USAGE =
  'usage: npm run bench -- [--latency MS] [--runs N] [--bot-commands N] [--only reads,apply,refresh,deploy,action,cli,bot,sandbox,limits] [--out FILE]';

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    latencyMs: 20,
    runs: 21,
    botCommands: 200,
    only: new Set(SECTIONS),
    out: join(ROOT, 'bench/results.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const num = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} needs a whole number, got "${v}"`);
      return n;
    };
    if (name === '--latency') flags.latencyMs = num(value());
    else if (name === '--runs') flags.runs = Math.max(1, num(value()));
    else if (name === '--bot-commands') flags.botCommands = Math.max(1, num(value()));
    else if (name === '--out') flags.out = value();
    else if (name === '--only') {
      const wanted = value().split(',').filter(Boolean);
      const bad = wanted.filter((w) => !(SECTIONS as readonly string[]).includes(w));
      if (bad.length) throw new UsageError(`--only: unknown section ${bad.join(', ')} (known: ${SECTIONS.join(', ')})`);
      flags.only = new Set(wanted as Section[]);
    } else throw new UsageError(`unknown option ${name}`);
  }
  return flags;
}

interface Target {
  name: string;
  target: string;
  measured: string;
  hit: boolean;
}

interface Results {
  generatedAt: string;
  machine: { node: string; cpus: number; cpu: string; loadAverageAtStart: number[] };
  latencyMs: number;
  targets: Target[];
  reads?: ReadResult[];
  apply?: { oss: ApplyBench; withCdn: ApplyBench };
  refresh?: { overQuota: RefreshBench; withinQuota: RefreshBench };
  deploy?: DeployBench;
  action?: { bundle: ReturnType<typeof bundleSize>; coldStart: ColdStart };
  cli?: { coldStart: ColdStart };
  bot?: BotBench;
  botStart?: BotStartBench;
  sandbox?: SandboxBench;
  limits?: { apply: LimitsApplyBench; plan: LimitsPlanBench };
  /** Sections a partial run (`--only`) did not measure, copied from the file it updated. */
  keptFromPreviousRun?: { generatedAt: string; sections: string[] };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function targets(r: Results): Target[] {
  const out: Target[] = [];
  for (const x of r.reads?.filter((x) => x.n === 1000) ?? []) {
    // The shared reads are O(buckets + zones); the edge reads one per CDN domain, website bucket and anonymously read
    // bucket (every bucket of the world is read anonymously: none is behind CDN with private-origin only).
    const edgeBound = x.cdnDomains + x.websiteBuckets + BUCKETS.length;
    const shared = x.calls - x.edgeCalls;
    out.push({
      name: `${x.command} of 1,000 domains`,
      target: `≤ 20 shared API calls + ${edgeBound} edge reads, < 2 s`,
      measured: `${shared} + ${x.edgeCalls} calls, ${round(x.wallMs / 1000, 2)} s`,
      hit: shared <= 20 && x.edgeCalls <= edgeBound && x.wallMs < 2_000 && x.writes === 0,
    });
  }
  if (r.apply) {
    out.push({
      name: 'apply of 100 new domains',
      target: '< 10 s',
      measured: `${round(r.apply.oss.wallMs / 1000, 2)} s (${round(r.apply.withCdn.wallMs / 1000, 2)} s with 10 on CDN)`,
      hit: r.apply.oss.ok && r.apply.oss.wallMs < 10_000,
    });
    out.push({
      name: 're-apply with nothing to do',
      target: '0 write calls',
      measured: `${r.apply.oss.reapply.writes + r.apply.withCdn.reapply.writes} write calls`,
      hit: r.apply.oss.reapply.writes + r.apply.withCdn.reapply.writes === 0,
    });
  }
  if (r.deploy) {
    const t = r.deploy.tool;
    // The bound, plus the refresh journal's two calls (what lets a killed deploy be finished by the next run).
    const bound = t.listPages + r.deploy.changed + t.cdnReads + 2;
    out.push({
      name: `deploy: ${r.deploy.changed} of ${r.deploy.files} files changed`,
      target: `≤ list pages + changed + CDN reads + 2 refresh calls = ${bound} (+ 2 journal calls)`,
      measured: `${t.calls} calls (${t.journalCalls} of them the journal), ${t.writes} writes, ${round(t.wallMs / 1000, 2)} s`,
      hit: t.calls <= bound + t.journalCalls && t.journalCalls <= 2,
    });
    out.push({
      name: 'deploy of the unchanged site',
      target: '0 write calls',
      measured: `${r.deploy.unchanged.writes} write calls, ${r.deploy.unchanged.calls} calls`,
      hit: r.deploy.unchanged.writes === 0,
    });
  }
  if (r.action) {
    out.push({
      name: 'Action cold start (spawn → first API call, median)',
      target: '< 0.4 s',
      measured: `${round(r.action.coldStart.firstCallMs.median / 1000, 3)} s`,
      hit: r.action.coldStart.firstCallMs.median < 400,
    });
  }
  if (r.botStart) {
    out.push({
      name: 'bot start → ready (`npm start` → /healthz 200, median)',
      target: '< 1.5 s, exit 0 on SIGTERM',
      measured: `${round(r.botStart.npmStartMs.median / 1000, 2)} s (node alone ${round(r.botStart.nodeMs.median / 1000, 2)} s), exit codes ${[...new Set(r.botStart.exitCodes)].join(', ')}`,
      hit: r.botStart.npmStartMs.median < 1_500 && r.botStart.exitCodes.every((c) => c === 0),
    });
  }
  if (r.sandbox) {
    out.push({
      name: '1,000 concurrent API calls on the sandbox',
      target: '0 errors not injected',
      measured: `${r.sandbox.concurrent.uninjectedErrors} errors, ${r.sandbox.concurrent.logged} logged`,
      hit: r.sandbox.concurrent.uninjectedErrors === 0 && r.sandbox.concurrent.logged === r.sandbox.concurrent.calls,
    });
  }
  if (r.limits) out.push(...limitTargets(r.limits));
  return out;
}

/** Issue 13's targets: against the documented limits, a large apply near its floor and a very large plan cheaply. */
function limitTargets({ apply: a, plan: p }: NonNullable<Results['limits']>): Target[] {
  const floorS = round(a.floor.ms / 1000, 1);
  return [
    {
      name: `limits: apply of ${a.domains.toLocaleString('en')} new domains, every domain bound`,
      target: `${a.domains} bound, exit 0`,
      measured: `${a.bound} bound, exit ${a.exitStatus}`,
      hit: a.bound === a.domains && a.exitStatus === 0,
    },
    {
      name: 'limits: that apply’s wall time',
      target: `≤ 1.15 × floor (${a.floor.action}: ${a.floor.calls} calls at ${a.floor.perSecond}/s = ${floorS} s)`,
      measured: `${round(a.wallMs / 1000, 1)} s = ${a.overFloor} × floor`,
      hit: a.overFloor <= 1.15,
    },
    {
      name: 'limits: that apply’s throttled answers',
      target: '< 2% of the limited calls',
      measured: `${a.throttled} of ${a.limitedCalls} (${round(a.throttledShare * 100, 2)}%)`,
      hit: a.throttledShare < 0.02,
    },
    {
      name: `limits: plan of ${p.domains.toLocaleString('en')} in-sync domains, API calls`,
      target: `floor ${p.floorCalls} + CDN listing + ≤ ${p.edgeBound} edge reads, no write`,
      measured: `${p.calls - p.edgeCalls} calls (CDN listing ${p.cdnListingCalls}) + ${p.edgeCalls} edge reads, ${p.writes} writes, exit ${p.exitStatus}`,
      hit:
        p.calls - p.edgeCalls === p.floorCalls + p.cdnListingCalls &&
        p.edgeCalls <= p.edgeBound &&
        p.writes === 0 &&
        p.exitStatus === 0,
    },
    {
      name: `limits: that plan’s CPU time and peak RSS (its own process, median of ${p.runs} runs)`,
      target: '< 3 s CPU, < 250 MB',
      measured:
        `${round(p.cpuMs / 1000, 2)} s CPU (runs ${p.cpuMsRuns.map((c) => round(c / 1000, 2)).join(', ')}), ` +
        `${p.peakRssMb} MB (wall ${round(p.wallMs / 1000, 1)} s)`,
      hit: p.cpuMs < 3_000 && p.peakRssMb < 250,
    },
  ];
}

function report(r: Results): string {
  const parts: string[] = [`oss-domains benchmarks — ${r.latencyMs} ms injected per API call, ${r.machine.cpu}`];
  if (r.reads) {
    parts.push(
      table(
        ['read', 'N', 'calls', 'per domain', 'writes', 'wall ms', 'Terraform calls', 'TF modelled ms'],
        r.reads.map((x) => [
          x.command,
          x.n,
          x.calls,
          x.callsPerDomain,
          x.writes,
          x.wallMs,
          x.terraform.calls,
          x.terraform.modelledWallMs,
        ]),
      ),
    );
    const big = r.reads.find((x) => x.n === 1000);
    if (big) parts.push(`calls by action (N = 1,000): ${JSON.stringify(big.byAction)}`);
  }
  if (r.apply) {
    const rows = [r.apply.oss, r.apply.withCdn].map((a) => [
      `${a.domains} new (${a.cdnDomains} CDN)`,
      a.wallMs,
      a.calls,
      a.writes,
      a.ok ? 'yes' : `no (${a.failedSteps} failed)`,
      a.reapply.wallMs,
      a.reapply.writes,
    ]);
    parts.push(table(['apply', 'wall ms', 'calls', 'writes', 'ok', 're-apply ms', 're-apply writes'], rows));
  }
  if (r.refresh) {
    parts.push(
      table(
        ['refresh 25,000 URLs', 'daily quota', 'refresh calls', 'minimum', 'all calls', 'wall ms'],
        [r.refresh.overQuota, r.refresh.withinQuota].map((x) => [
          x.refused ? 'refused' : 'done',
          x.dailyQuota,
          x.refreshCalls,
          x.minimumCalls,
          x.calls,
          x.wallMs,
        ]),
      ),
      `quota as reported: ${r.refresh.overQuota.reported.split('\n')[0]}`,
    );
  }
  if (r.deploy) {
    const d = r.deploy;
    const row = (what: string, x: DeployBench['reference']) => [
      what,
      x.calls,
      x.writes,
      round(x.bytesUploaded / 1024, 0),
      x.urlQuotaSpent,
      x.dirQuotaSpent,
      x.wallMs,
    ];
    parts.push(
      table(
        [
          `deploy, ${d.changed} of ${d.files} files changed, ${d.cdnDomains} CDN domains`,
          'calls',
          'writes',
          'KiB up',
          'URL quota',
          'dir quota',
          'wall ms',
        ],
        [
          row('oss-domains deploy', d.tool),
          row('upload all + refresh /', d.reference),
          row('deploy, unchanged', d.unchanged),
        ],
      ),
      `deploy calls by action: ${JSON.stringify(d.tool.byAction)}`,
    );
  }
  const starts = [r.action?.coldStart, r.cli?.coldStart].filter((x): x is ColdStart => x !== undefined);
  if (starts.length)
    parts.push(
      table(
        ['cold start', 'runs', 'first call p50 ms', 'p10', 'p90', 'exit p50 ms'],
        starts.map((c) => [
          c.what,
          c.runs,
          c.firstCallMs.median,
          c.firstCallMs.p10,
          c.firstCallMs.p90,
          c.exitMs.median,
        ]),
      ),
    );
  if (r.action)
    parts.push(
      `Action bundle: dist/index.js ${round(r.action.bundle.mainBytes / 1024 / 1024, 2)} MiB, ` +
        `${r.action.bundle.files} files ${round(r.action.bundle.totalJsBytes / 1024 / 1024, 2)} MiB`,
    );
  if (r.bot)
    parts.push(
      `bot: ${r.bot.commands} concurrent /oss bind — ack p50 ${r.bot.ackMs.p50} ms, p99 ${r.bot.ackMs.p99} ms ` +
        `(${r.bot.lateAcks} over 3 s); plan posted p50 ${r.bot.planMs.p50} ms, p99 ${r.bot.planMs.p99} ms; ` +
        `RSS ${r.bot.rssAfterStartMb} MB idle, peak ${r.bot.peakRssMb} MB`,
    );
  if (r.botStart)
    parts.push(
      `bot start → ready: \`npm start\` p50 ${r.botStart.npmStartMs.median} ms (p90 ${r.botStart.npmStartMs.p90}), ` +
        `node build/bot/app.js p50 ${r.botStart.nodeMs.median} ms; SIGTERM → exit p50 ${r.botStart.stopMs} ms`,
    );
  if (r.sandbox)
    parts.push(
      `sandbox: startSandbox() p50 ${r.sandbox.startMs.median} ms; \`oss-domains sandbox\` process ready p50 ` +
        `${r.sandbox.processStartMs.median} ms; ${r.sandbox.concurrent.calls} concurrent calls in ` +
        `${r.sandbox.concurrent.wallMs} ms, ${r.sandbox.concurrent.uninjectedErrors} errors`,
    );
  if (r.limits) {
    const { apply: a, plan: p } = r.limits;
    parts.push(
      `limits (documented per-API limits enforced): apply --yes of ${a.domains} new domains over ${a.shape.buckets} ` +
        `buckets and ${a.shape.zones} zones as its own process in ${round(a.wallMs / 1000, 1)} s (first write after ` +
        `${round(a.planMs / 1000, 1)} s; ${round(a.cpuMs / 1000, 1)} s CPU, ${a.peakRssMb} MB peak RSS), floor ` +
        `${round(a.floor.ms / 1000, 1)} s (${a.floor.action}), ${a.throttled} throttled of ${a.limitedCalls} limited calls`,
      `calls by action: ${JSON.stringify(a.byAction)}`,
      `plan of ${p.domains} in-sync domains (${p.shape.buckets} buckets, ${p.shape.zones} zones, ${p.records} records, ` +
        `${p.cdnDomains} on CDN) as its own process, ${p.runs} times: ${p.calls} calls each, ` +
        `${round(p.cpuMs / 1000, 2)} s CPU (median), ` +
        `${p.peakRssMb} MB peak RSS, ${round(p.wallMs / 1000, 1)} s wall; ${JSON.stringify(p.byAction)}`,
    );
  }
  parts.push(
    table(
      ['target', 'wanted', 'measured', ''],
      r.targets.map((t) => [t.name, t.target, t.measured, t.hit ? 'hit' : 'MISSED']),
    ),
  );
  return parts.join('\n\n');
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const lat = flags.latencyMs;
  const r: Results = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      loadAverageAtStart: loadavg().map((x) => round(x, 2)),
    },
    latencyMs: lat,
    targets: [],
  };
  const on = (s: Section) => flags.only.has(s);
  if (on('reads')) {
    r.reads = [];
    for (const n of [10, 100, 1000]) {
      log(`reads: N = ${n}…`);
      r.reads.push(...(await benchReads(n, lat)));
    }
  }
  if (on('apply')) {
    log('apply: 100 new domains…');
    r.apply = { oss: await benchApply(100, lat, 0), withCdn: await benchApply(100, lat, 10) };
  }
  if (on('refresh')) {
    log('refresh: 25,000 URLs…');
    r.refresh = {
      overQuota: await benchRefresh(25_000, lat, 10_000),
      withinQuota: await benchRefresh(25_000, lat, 100_000),
    };
  }
  if (on('deploy')) {
    log('deploy: 50 of 5,000 files changed…');
    r.deploy = await benchDeploy(5_000, 50, lat);
  }
  if (on('action')) {
    log(`action: ${flags.runs} cold starts…`);
    r.action = { bundle: bundleSize(), coldStart: await benchColdStart('action', flags.runs) };
  }
  if (on('cli')) {
    log(`cli: ${flags.runs} cold starts…`);
    r.cli = { coldStart: await benchColdStart('cli', flags.runs) };
  }
  if (on('bot')) {
    log(`bot: ${flags.botCommands} concurrent commands…`);
    r.bot = await benchBot(flags.botCommands, lat);
    log(`bot: ${Math.min(flags.runs, 11)} starts…`);
    r.botStart = await benchBotStart(Math.min(flags.runs, 11));
  }
  if (on('sandbox')) {
    log('sandbox: starts and 1,000 concurrent calls…');
    r.sandbox = await benchSandboxSelf(20, 1_000);
  }
  if (on('limits')) {
    log('limits: apply of 1,000 new domains under the documented limits…');
    const apply = await benchLimitsApply(1_000, lat);
    log('limits: plan of 20,000 in-sync domains, as its own process…');
    r.limits = { apply, plan: await benchLimitsPlan(20_000, lat) };
  }
  process.stdout.write(`${report({ ...r, targets: targets(r) })}\n`);
  // A partial run (--only) updates its sections and keeps the others of the previous file, saying which.
  if (flags.only.size < SECTIONS.length && existsSync(flags.out)) {
    const previous = JSON.parse(readFileSync(flags.out, 'utf8')) as Results;
    const kept = SECTIONS.filter((s) => !flags.only.has(s) && previous[s] !== undefined);
    for (const s of kept) (r as any)[s] = previous[s];
    if (kept.includes('bot')) r.botStart = previous.botStart; // the bot section's second measurement
    r.keptFromPreviousRun = kept.length ? { generatedAt: previous.generatedAt, sections: kept } : undefined;
  }
  r.targets = targets(r);
  writeFileSync(flags.out, `${JSON.stringify(r, null, 2)}\n`);
  log(`wrote ${flags.out}`);
}

main().catch((e) => {
  if (e instanceof UsageError) process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
  else process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
