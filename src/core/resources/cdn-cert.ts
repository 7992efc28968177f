/**
 * Resource: the certificate a CDN domain serves. The account-wide listing of CDN domains says only whether HTTPS is
 * on, and DescribeCdnHttpsDomainList names no certificate id, so the certificate is read per CDN domain with
 * DescribeDomainCertificateInfo — for declared CDN domains with `https`, or with HTTPS on — and compared with
 * `https.cert-id`: another certificate is a planned `set-cdn-cert` (a changed cert-id, or a hand change in the
 * console, which drift then reports), and one that expires soon is a drift warning like the OSS one.
 *
 * It owns no step kind: the step is the CDN domain's `set-cdn-cert` (cdn-domain.ts, registered before this one,
 * which sets the certificate when CDN HTTPS is off); this resource adds it when HTTPS is on with another certificate.
 */
import { CDN_CALLS, ram } from '../aliyun/ram.js';
import { expiryWarning } from '../cert-expiry.js';
import type { CdnCertificate, DesiredState, DomainSpec, Observed, Warning } from '../model.js';
import { isOwnCdn } from '../ownership.js';
import type { Runtime } from '../ports.js';
import { certNumber, ossCertId } from './binding.js';
import type { DomainContext, Grant, Resource } from './types.js';

declare module '../model.js' {
  interface Observed {
    /** Per declared CDN domain that serves or should serve HTTPS: its certificate (DescribeDomainCertificateInfo). */
    cdnCerts?: Map<string, CdnCertificate>;
  }
}

/** The declared CDN domains whose certificate is read: they exist, and have `https` or HTTPS on. */
function certDomains(desired: DesiredState, observed: Observed): string[] {
  return desired.domains
    .filter((d) => d.cdn && observed.cdn.has(d.domain))
    .filter((d) => d.https || observed.cdn.get(d.domain)?.sslProtocol === 'on')
    .map((d) => d.domain);
}

async function read(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void> {
  const certs = new Map<string, CdnCertificate>();
  await Promise.all(
    certDomains(desired, observed).map(async (d) => {
      certs.set(d, await rt.cdn.getCertificate(d));
    }),
  );
  observed.cdnCerts = certs;
}

/**
 * Pure: whether `spec`'s existing CDN domain, with HTTPS on, serves another certificate than `https.cert-id`, and
 * which (`from`). `undefined`: in place, HTTPS off (the CDN domain's own decision), or nothing declared or read.
 */
export function cdnCertChange(spec: DomainSpec, observed: Observed): { from?: string } | undefined {
  if (!spec.https) return undefined;
  const c = observed.cdn.get(spec.domain);
  if (c?.sslProtocol !== 'on') return undefined;
  const served = observed.cdnCerts?.get(spec.domain);
  if (served === undefined) return undefined; // not read: nothing to compare with
  if (!served.on) return {};
  if (certNumber(served.certId) === certNumber(spec.https.certId)) return undefined;
  return served.certId
    ? { from: served.certId }
    : { from: served.certName ?? served.certType ?? 'another certificate' };
}

/** Pure: a warning per declared CDN domain whose certificate has expired or expires within `days`. */
export function cdnCertWarnings(desired: DesiredState, observed: Observed, now: number, days: number): Warning[] {
  const out: Warning[] = [];
  for (const spec of desired.domains) {
    const cert = spec.cdn ? observed.cdnCerts?.get(spec.domain) : undefined;
    const w = expiryWarning(
      {
        domain: spec.domain,
        certId: cert?.certId,
        end: cert?.on ? cert.expires : undefined,
        where: `CDN serves for ${spec.domain}`,
        code: 'cdn-cert',
      },
      now,
      days,
    );
    if (w) out.push(w);
  }
  return out;
}

/** What RAM must allow: read the certificate of the file's CDN domains. */
function grants(config: Pick<DesiredState, 'domains'>): Grant[] {
  const domains = [...new Set(config.domains.filter((d) => d.cdn).map((d) => `acs:cdn:*:*:domain/${d.domain}`))];
  return domains.length ? [{ actions: ram('cdn', CDN_CALLS, 'getCertificate'), resources: domains.sort() }] : [];
}

/** An existing CDN domain of ours (or taken over) with HTTPS on and another certificate: set the declared one. */
function plan(ctx: DomainContext): void {
  const { spec, observed } = ctx;
  const c = spec.cdn && spec.https ? observed.cdn.get(spec.domain) : undefined;
  if (!c || !spec.https) return;
  const ours = isOwnCdn(c, ctx.owner);
  if (!ours && !spec.takeover) return; // the CDN domain's decision reports the conflict
  const change = cdnCertChange(spec, observed);
  if (!change) return;
  const certId = certNumber(ossCertId(spec.https));
  ctx.add('serve', {
    kind: 'set-cdn-cert',
    domain: spec.domain,
    certId,
    ...(ours ? { owner: c.owner } : {}),
    ...change,
  });
}

export const cdnCert: Resource<never> = { name: 'cdn-cert', steps: {}, read, plan, grants };
