/**
 * Checks on the values a command carries. Each returns the normalised value or a sentence that says what is wrong
 * and what a valid value looks like. Pure.
 */
import { domainToASCII } from 'node:url';

export type Checked = { ok: true; value: string } | { ok: false; why: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const RESERVED = ['aliyuncs.com', 'aliyun.com', 'aliyun-inc.com', 'taobaocdn.com', 'taobao.com'];

/** A domain a bucket can be bound to: IDN → punycode, lower case, trailing dot dropped, RFC 1035 labels. */
export function checkDomain(raw: string): Checked {
  const text = raw.trim();
  if (text.startsWith('@')) return { ok: false, why: `"${text}" is a user mention, not a domain` };
  if (text.startsWith('#')) return { ok: false, why: `"${text}" is a channel, not a domain` };
  if (text.includes('@')) return { ok: false, why: `"${text}" looks like an e-mail address, not a domain` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/'))
    return { ok: false, why: `"${text}" is a URL; give the domain alone (e.g. img.abc.com)` };
  if (text.startsWith('*')) return { ok: false, why: `"${text}" is a wildcard; OSS binds exact domain names only` };
  const ascii = domainToASCII(text.replace(/\.$/, '')).toLowerCase();
  if (!ascii) return { ok: false, why: `"${text}" is not a valid domain name` };
  const labels = ascii.split('.');
  if (labels.length < 2)
    return { ok: false, why: `"${text}" has a single label; give a full domain such as img.abc.com` };
  if (ascii.length > 253) return { ok: false, why: `"${text}" is longer than 253 characters` };
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined)
    return {
      ok: false,
      why: `"${text}" has an invalid label "${bad}": labels are 1–63 letters, digits or hyphens, not starting or ending with a hyphen`,
    };
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, why: `"${text}" is an IP address, not a domain` };
  const reserved = RESERVED.find((s) => ascii === s || ascii.endsWith(`.${s}`));
  if (reserved) return { ok: false, why: `"${text}" is under ${reserved}, which Alibaba Cloud reserves` };
  return { ok: true, value: ascii };
}

/** OSS bucket naming rules: 3–63 characters, lower-case letters, digits and hyphens, starting and ending alphanumeric. */
export function checkBucket(raw: string): Checked {
  const text = raw.trim();
  if (text.length < 3 || text.length > 63)
    return { ok: false, why: `bucket "${text}" must be 3 to 63 characters long (it is ${text.length})` };
  if (/[A-Z]/.test(text))
    return { ok: false, why: `bucket "${text}" has upper-case letters; bucket names are lower case` };
  if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(text))
    return {
      ok: false,
      why: `bucket "${text}" may contain only lower-case letters, digits and hyphens, and must start and end with a letter or digit`,
    };
  return { ok: true, value: text };
}

/** A region id such as `cn-hangzhou`; an `oss-` prefix (as in endpoints) is accepted and dropped. */
export function checkRegion(raw: string): Checked {
  const value = raw.trim().toLowerCase().replace(/^oss-/, '');
  if (!/^[a-z]{2,}(-[a-z0-9]+){1,3}$/.test(value))
    return { ok: false, why: `"${raw}" is not a region id; write it like cn-hangzhou or ap-southeast-1` };
  return { ok: true, value };
}

/** A Certificate Management Service id: digits (`12345`), or `12345-cn-hangzhou` as OSS shows it. */
export function checkCertId(raw: string): Checked {
  const value = raw.trim();
  if (!/^\d+(-[a-z]{2,}(-[a-z0-9]+){1,3})?$/.test(value))
    return {
      ok: false,
      why: `"${raw}" is not a certificate id; use the numeric id from Certificate Management Service, e.g. 12345`,
    };
  return { ok: true, value };
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
