/**
 * CDN cache refresh of 25,000 URLs over 5 CDN domains: once against the default daily quota of 10,000 URLs (the
 * tool must say so before refreshing anything), once against a quota large enough, where the number of
 * RefreshObjectCaches calls is compared with the minimum the API allows (1,000 URLs per call).
 */
import { errorMessage, isCloudError, refresh } from '../src/core/index.js';
import { benchSandbox, byAction, round, timed } from './measure.js';
import { benchDomains, convergedWorld } from './world.js';

export const URLS_PER_CALL = 1_000;

export interface RefreshBench {
  urls: number;
  cdnDomains: number;
  dailyQuota: number;
  /** RefreshObjectCaches calls made / the minimum (ceil(urls / 1,000)). */
  refreshCalls: number;
  minimumCalls: number;
  calls: number;
  byAction: Record<string, number>;
  wallMs: number;
  /** The quota as the tool reported it: the error message when refused, else remaining before. */
  reported: string;
  refused: boolean;
}

function urlsOver(domains: string[], total: number): string[] {
  return Array.from({ length: total }, (_, i) => `https://${domains[i % domains.length]}/assets/${i}.png`);
}

export async function benchRefresh(total: number, latencyMs: number, dailyQuota: number): Promise<RefreshBench> {
  const cdn = benchDomains(5, { cdnEvery: 1, prefix: 'cdn' });
  const env = await benchSandbox(convergedWorld(cdn), latencyMs, { dns: false });
  env.sb.world.quota.urlQuota = dailyQuota;
  const urls = urlsOver(
    cdn.map((d) => d.domain),
    total,
  );
  try {
    env.sb.control.clearCalls();
    const run = await timed(async () => {
      try {
        return { ok: true as const, r: await refresh(env.rt, { paths: urls }) };
      } catch (e) {
        if (!isCloudError(e)) throw e;
        return { ok: false as const, message: errorMessage(e) };
      }
    });
    const calls = env.sb.control.calls();
    const v = run.value;
    return {
      urls: total,
      cdnDomains: cdn.length,
      dailyQuota,
      refreshCalls: calls.filter((c) => c.action === 'RefreshObjectCaches').length,
      minimumCalls: Math.ceil(total / URLS_PER_CALL),
      calls: calls.length,
      byAction: byAction(calls),
      wallMs: round(run.ms),
      reported: v.ok
        ? `${v.r.quotaBefore?.urlRemain} of ${v.r.quotaBefore?.urlQuota} URLs remained; ${v.r.calls.length} calls`
        : v.message,
      refused: !v.ok,
    };
  } finally {
    await env.stop();
  }
}
