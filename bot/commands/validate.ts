/**
 * Checks on the values a command carries. Each returns the normalised value or a sentence that says what is wrong
 * and what a valid value looks like. Pure.
 */
import {
  checkBucketName,
  checkCertId as checkCertIdName,
  checkDomainName,
  checkRegion as checkRegionName,
  type NameProblem,
  normaliseDomain,
  normaliseRegion,
  registrableApexProblem,
} from '../../src/core/index.js';

export type Checked = { ok: true; value: string } | { ok: false; why: string };

const problem = (p: NameProblem): Checked => ({ ok: false, why: `${p.message}; ${p.hint}` });

/**
 * A domain a bucket can be bound to, by the core's rules (names.ts), normalised (IDN → punycode, lower case, no
 * trailing dot). First the things only Slack text produces: mentions, channels, e-mail links, URLs.
 */
export function checkDomain(raw: string): Checked {
  const text = raw.trim();
  if (text.startsWith('@')) return { ok: false, why: `"${text}" is a user mention, not a domain` };
  if (text.startsWith('#')) return { ok: false, why: `"${text}" is a channel, not a domain` };
  if (text.includes('@')) return { ok: false, why: `"${text}" looks like an e-mail address, not a domain` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/'))
    return { ok: false, why: `"${text}" is a URL; give the domain alone (e.g. img.abc.com)` };
  const p = checkDomainName(text);
  return p ? problem(p) : { ok: true, value: normaliseDomain(text) };
}

/**
 * The domain of `/oss bind`: a domain by `checkDomain`, and not a registrable one (`abc.com`), since a bind from Slack
 * writes its record with Alidns and a registrable domain is the apex of its zone — the rule `validate` applies.
 */
export function checkBindDomain(raw: string): Checked {
  const checked = checkDomain(raw);
  if (!checked.ok) return checked;
  const p = registrableApexProblem(checked.value);
  return p ? problem(p) : checked;
}

/** OSS bucket naming rules (names.ts). */
export function checkBucket(raw: string): Checked {
  const p = checkBucketName(raw.trim());
  return p ? problem(p) : { ok: true, value: raw.trim() };
}

/** A region id such as `cn-hangzhou`; an `oss-` prefix (as in endpoints) is accepted and dropped. */
export function checkRegion(raw: string): Checked {
  const p = checkRegionName(raw);
  return p ? problem(p) : { ok: true, value: normaliseRegion(raw) };
}

/** A Certificate Management Service id: digits (`12345`), or `12345-cn-hangzhou` as OSS shows it. */
export function checkCertId(raw: string): Checked {
  const value = raw.trim();
  const p = checkCertIdName(value);
  return p ? problem(p) : { ok: true, value };
}

/** An http(s) URL on a valid domain; a trailing `/` makes it a directory refresh. */
export function checkUrl(raw: string): Checked {
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text))
    return { ok: false, why: `"${text}" is not a URL; write it in full, e.g. https://img.abc.com/logo.png` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, why: `"${text}" is not a valid URL` };
  }
  const host = checkDomain(url.hostname);
  if (!host.ok) return { ok: false, why: `the host of ${text} is not a valid domain: ${host.why}` };
  if (url.username || url.password) return { ok: false, why: `"${text}" carries credentials; remove them` };
  return { ok: true, value: text };
}
