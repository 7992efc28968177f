/**
 * The warning for an HTTPS certificate that has expired or soon will, worded the same wherever the certificate is
 * served (bound to a bucket on OSS, or served by a CDN domain).
 */
import type { Warning } from './model.js';

const DAY = 86_400_000;

export interface ServedCertificate {
  domain: string;
  certId: string | undefined;
  /** When it stops being valid (an ISO 8601 time); `undefined` when not known. */
  end: string | undefined;
  /** Which certificate this is, after "the HTTPS certificate <id>": `bound on OSS`, `CDN serves for <domain>`. */
  where: string;
  /** The warning's code, without its `-expired` / `-expiring` ending. */
  code: string;
}

/** A warning when `c` has expired or expires within `days` of `now`; `undefined` otherwise or when its end is unknown. */
export function expiryWarning(c: ServedCertificate, now: number, days: number): Warning | undefined {
  const end = c.end ? Date.parse(c.end) : Number.NaN;
  if (Number.isNaN(end) || end - now >= days * DAY) return undefined;
  const date = new Date(end).toISOString().slice(0, 10);
  const left = Math.floor((end - now) / DAY);
  const cert = `the HTTPS certificate ${c.certId ?? ''} ${c.where}`;
  return end <= now
    ? { domain: c.domain, code: `${c.code}-expired`, message: `${cert} expired on ${date}` }
    : {
        domain: c.domain,
        code: `${c.code}-expiring`,
        message: `${cert} expires in ${left} day${left === 1 ? '' : 's'} (${date}); renew it and update "cert-id"`,
      };
}
