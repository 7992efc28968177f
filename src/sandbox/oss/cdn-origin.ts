/**
 * What a CDN domain's configured functions do to a request before and after the edge cache (edge.ts), and how the
 * edge fetches from an `oss` origin:
 *
 * - `https_force` on: a request that came over plain HTTP is answered with a redirect (301, or the configured 308) to
 *   the same URL over HTTPS. The sandbox listens on plain HTTP only; a request carrying `X-Forwarded-Proto: https`
 *   stands for one that reached the edge over HTTPS.
 * - `HSTS` on: answers over HTTPS carry `Strict-Transport-Security` with the configured max-age.
 * - The back-to-origin Host is, by default, the origin's own domain (`<bucket>.oss-<region>.aliyuncs.com`): CDN's
 *   "origin host" setting defaults to the origin domain. OSS then answers as on the bucket's default domain, which
 *   forces web pages to download. `set_req_host_header` replaces that Host; a custom domain bound to the bucket makes
 *   OSS answer as through that domain (inline), a domain not bound to it finds no bucket.
 * - The fetch is anonymous, so a private bucket refuses it (403), unless `l2_oss_key` has `private_oss_auth` on: CDN
 *   then signs its fetches as the account (through the service role the one-click authorisation creates, not the
 *   caller's RAM policy). A signed fetch is not a website request: `/` is refused as a listing, a miss is NoSuchKey.
 *
 * Only functions whose configuration has reached `success` act (rpc/cdn-config.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { activeConfig } from '../rpc/cdn-config.js';
import type { CdnDomainState } from '../state.js';
import type { Handled } from './xml.js';

/** Whether the client reached the edge over HTTPS (see the module comment). */
export function overHttps(headers: IncomingHttpHeaders): boolean {
  const proto = headers['x-forwarded-proto'];
  return String(Array.isArray(proto) ? proto[0] : (proto ?? '')).toLowerCase() === 'https';
}

/** The redirect `https_force` answers a plain-HTTP request with, if it is on. */
export function httpsRedirect(
  d: CdnDomainState,
  req: { rawUrl: string; headers: IncomingHttpHeaders },
  now: number,
): Handled | undefined {
  const force = activeConfig(d, 'https_force', now);
  if (force?.get('enable') !== 'on' || overHttps(req.headers)) return undefined;
  const status = force.get('https_rewrite') === '308' ? 308 : 301;
  return { status, headers: { location: `https://${d.domain}${req.rawUrl}`, 'content-length': '0' } };
}

/** Headers the edge adds to an answer: HSTS over HTTPS. */
export function edgeHeaders(d: CdnDomainState, headers: IncomingHttpHeaders, now: number): Record<string, string> {
  const hsts = activeConfig(d, 'HSTS', now);
  if (hsts?.get('enabled') !== 'on' || !overHttps(headers)) return {};
  const maxAge = hsts.get('https_hsts_max_age') ?? '5184000';
  const sub = hsts.get('https_hsts_include_subdomains') === 'on' ? '; includeSubDomains' : '';
  return { 'strict-transport-security': `max-age=${maxAge}${sub}` };
}

/** The Host the edge sends to the origin: `set_req_host_header`, else the origin's own domain. */
export function originHost(d: CdnDomainState, originDomain: string, now: number): string {
  return activeConfig(d, 'set_req_host_header', now)?.get('domain_name') || originDomain;
}

/** Whether the edge signs its origin fetches (`l2_oss_key` with `private_oss_auth` on). */
export function originSigned(d: CdnDomainState, now: number): boolean {
  return activeConfig(d, 'l2_oss_key', now)?.get('private_oss_auth') === 'on';
}
