/**
 * What a deploy refreshes, decided before anything is written, so that a refresh that cannot be made stops the deploy
 * while nothing has changed yet:
 *
 * - the keys: this run's (plan.ts `keysToRefresh`) and those an unfinished earlier run left in its journal, plus the
 *   directory URL of every index page among them;
 * - the CDN domains whose origin is the bucket (DescribeUserDomains, the listing every plan already reads), less those
 *   whose binding has the console's auto-refresh on (ListCname, read only when there is such a domain at all) and
 *   those not online;
 * - today's quota (DescribeRefreshQuota): the URLs when they fit, else the few directories holding them, said so.
 *
 * Nothing is read from CDN when nothing is to be refreshed.
 */

import type { RefreshBatch } from '../engine/refresh.js';
import { CloudError } from '../errors.js';
import { bucketDomain, sameHost } from '../names.js';
import type { Runtime } from '../ports.js';
import { readJournal } from './journal.js';
import { urlPath } from './keys.js';
import { type DeployPlan, keysToRefresh, withIndexPages } from './plan.js';
import { coveringDirectories, edgeDomains, MAX_DIRECTORIES, urlsOn } from './targets.js';
import type { DeployRefresh, DeployRequest } from './types.js';

export interface RefreshDecision {
  report: DeployRefresh;
  /** What to send once the files are uploaded and deleted; absent when nothing is. */
  send?: RefreshBatch;
  /** The keys this run changes, for its journal. */
  newKeys: string[];
  /** Journals of earlier runs whose keys this run refreshes (deleted after it). */
  journals: string[];
}

interface Input {
  bucket: string;
  region: string;
  prefix: string;
  plan: DeployPlan;
  journals: string[];
  req: DeployRequest;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function decideRefresh(rt: Runtime, x: Input): Promise<RefreshDecision> {
  const report: DeployRefresh = { domains: [], paths: [], targets: [], fromEarlierRun: [] };
  if (x.req.refresh === false)
    return { report: { ...report, skipped: 'turned off (--no-refresh)' }, newKeys: [], journals: [] };
  const newKeys = keysToRefresh(x.plan, x.prefix);
  const earlier = new Set<string>();
  for (const j of x.journals)
    for (const k of readJournal(await rt.oss.getObject(x.bucket, x.region, j))) earlier.add(k);
  report.fromEarlierRun = [...earlier].sort();
  report.paths = withIndexPages([...newKeys, ...earlier]);
  const none = (skipped: string): RefreshDecision => ({
    report: { ...report, skipped },
    newKeys,
    journals: x.journals,
  });
  if (report.paths.length === 0)
    return none(
      x.plan.uploads.length + x.plan.deletes.length === 0
        ? 'nothing changed'
        : 'only new files with content-hashed names changed, which no edge can hold yet',
    );

  const origin = bucketDomain(x.bucket, x.region);
  const cdn = (await rt.cdn.listDomains({ owners: false })).filter((d) =>
    d.sources.some((s) => sameHost(s.content, origin)),
  );
  const bindings = cdn.length > 0 ? await rt.oss.listCnames(x.bucket, x.region) : [];
  report.domains = edgeDomains(x.bucket, x.region, cdn, bindings);
  const targets = report.domains.filter((d) => d.mode === 'refresh');
  if (report.domains.length === 0) return none(`no CDN domain has the bucket (${origin}) as its origin`);
  if (targets.length === 0)
    return none(
      "every CDN domain in front of the bucket is refreshed by OSS (the console's auto-refresh) or not online",
    );

  const quota = await rt.cdn.getRefreshQuota();
  const urls = urlsOn(targets, report.paths);
  const send: RefreshBatch = { files: urls, directories: [], preload: [], wait: x.req.wait, quota };
  report.mode = 'urls';
  report.targets = urls;
  if (urls.length > quota.urlRemain) {
    const cap = Math.min(MAX_DIRECTORIES, Math.floor(quota.dirRemain / targets.length));
    if (cap < 1)
      throw new CloudError(
        `the ${plural(urls.length, 'URL', 'URLs')} to refresh do not fit the ${quota.urlRemain} URL refreshes left today, and the ${quota.dirRemain} directory refreshes left cannot cover ${plural(targets.length, 'domain', 'domains')} either. Nothing was uploaded`,
        {
          service: 'cdn',
          code: 'QuotaExceeded.Refresh',
          status: 0,
          action: 'DescribeRefreshQuota',
          hint: 'deploy tomorrow (the quota resets daily), or now with --no-refresh and refresh later with "oss-domains refresh"',
        },
      );
    const dirs = coveringDirectories(report.paths, cap);
    send.files = [];
    send.directories = urlsOn(targets, dirs);
    report.mode = 'directories';
    report.targets = send.directories;
    report.fallback =
      `${plural(urls.length, 'URL', 'URLs')} would not fit the ${quota.urlRemain} URL refreshes left today (of ${quota.urlQuota}), ` +
      `so ${plural(dirs.length, 'directory', 'directories')} holding every change ${dirs.length === 1 ? 'is' : 'are'} refreshed instead: ` +
      `${dirs.map((d) => `/${urlPath(d)}`).join(', ')} on ${plural(targets.length, 'domain', 'domains')}`;
    rt.progress({ kind: 'info', message: report.fallback });
  }
  if (x.req.preload) {
    send.preload = urlsOn(targets, withIndexPages(x.plan.uploads.map((u) => u.key)));
    if (send.preload.length > quota.preloadRemain)
      throw new CloudError(
        `--preload needs ${send.preload.length} prefetches but only ${quota.preloadRemain} of ${quota.preloadQuota} remain today. Nothing was uploaded`,
        {
          service: 'cdn',
          code: 'QuotaExceeded.Refresh',
          status: 0,
          action: 'DescribeRefreshQuota',
          hint: 'deploy without --preload',
        },
      );
  }
  return { report, send, newKeys, journals: x.journals };
}
