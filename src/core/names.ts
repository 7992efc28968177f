/**
 * Domain, bucket and region names: how they are normalised, checked, and turned into the names each API wants.
 * Pure functions, no I/O. The config loader, the planner and the one-domain front-ends (`bind`, `/oss bind`) all use
 * these, so a name means the same thing everywhere.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { getDomain } from 'tldts';

/** A problem with a name: what is wrong, and how to fix it. */
export interface NameProblem {
  message: string;
  hint: string;
}

/**
 * Suffixes OSS refuses to bind (CreateCnameToken fails with EC 0018-00000401): they belong to Alibaba Cloud itself.
 */
export const RESERVED_SUFFIXES = ['aliyuncs.com', 'aliyun.com', 'aliyun-inc.com', 'taobaocdn.com', 'taobao.com'];
const RESERVED_DOTTED = RESERVED_SUFFIXES.map((s) => `.${s}`);

const PLAIN_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:0x[0-9a-f]*|\d+)$/;

/**
 * The ASCII form every API sees: surrounding blanks and one trailing dot removed, IDN labels in punycode
 * (`bücher.abc.com` → `xn--bcher-kva.abc.com`), lower case. A name that cannot be converted (a space, an invalid
 * punycode label) is returned lower-cased as written, so that `checkDomainName` can say what is wrong with it.
 */
export function normaliseDomain(name: string): string {
  // Already normal (lower-case letters, digits, hyphens and dots, no trailing dot): nothing IDNA would change. The
  // planner normalises every name it compares, so this is the common case and must be cheap. A last label that
  // reads as a number is left to the URL host parser below, which treats such names as IPv4 addresses.
  if (PLAIN_NAME.test(name) && !NUMERIC_LAST_LABEL.test(name) && !name.includes('xn--')) return name;
  let s = name.trim();
  if (s.endsWith('.')) s = s.slice(0, -1);
  const ascii = domainToASCII(s);
  return ascii === '' ? s.toLowerCase() : ascii.toLowerCase();
}

/** The Unicode form of a normalised domain, for messages (`xn--bcher-kva.abc.com` → `bücher.abc.com`). */
export function displayDomain(ascii: string): string {
  // Only a punycode label has another form (the config builds every declared domain's display name).
  if (!ascii.includes('xn--')) return ascii;
  const unicode = domainToUnicode(ascii);
  return unicode === '' ? ascii : unicode;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const NON_ASCII = /[\u0080-\uffff]/; // a UTF-16 unit above 127: any character outside ASCII

/**
 * Whether an internationalised name converts both ways: the whole name has an ASCII form, and every punycode label
 * (`xn--...`) decodes to Unicode that encodes back to the same label. Node 20's URL parser refuses `xn--zz` outright;
 * Node 24's passes such a label through unchanged, so the round trip is what tells an invalid label on both.
 */
function convertsCleanly(name: string): boolean {
  if (domainToASCII(name) === '') return false;
  return name
    .toLowerCase()
    .split('.')
    .filter((label) => label.startsWith('xn--'))
    .every((label) => {
      const decoded = domainToUnicode(label);
      return decoded !== '' && decoded !== label && domainToASCII(decoded) === label;
    });
}

/**
 * Checks a custom domain as OSS accepts it: RFC 1035 labels (1–63 letters, digits or hyphens, no hyphen at either
 * end), at most 253 characters, at least two labels, longer than 3 characters, no wildcard, not an IP address, not
 * under a suffix Alibaba Cloud reserves. Takes the name as written; it is normalised first.
 */
export function checkDomainName(name: string): NameProblem | undefined {
  const raw = name.trim();
  if (raw === '') return { message: 'the domain is empty', hint: 'write the full host name, e.g. img.abc.com' };
  if (raw.includes('*')) {
    return {
      message: `"${raw}" is a wildcard; OSS binds only exact host names`,
      hint: 'list each host name you serve (img.abc.com, static.abc.com, ...) as its own entry',
    };
  }
  if (/\s/.test(raw)) return { message: `"${raw}" contains a blank`, hint: 'remove the blank from the domain' };
  const domain = normaliseDomain(raw);
  const unicode = NON_ASCII.test(raw) || /(^|\.)xn--/i.test(raw);
  if (unicode && !convertsCleanly(raw.replace(/\.$/, ''))) {
    return {
      message: `"${raw}" is not a valid internationalised domain name`,
      hint: 'check the spelling; punycode labels (xn--...) must decode to valid Unicode',
    };
  }
  if (domain.length > 253) {
    return {
      message: `the domain is ${domain.length} characters long; at most 253 are allowed`,
      hint: 'use a shorter name',
    };
  }
  if (domain.length <= 3) {
    return {
      message: `"${raw}" is too short; OSS needs a host name longer than 3 characters`,
      hint: 'write the full host name, e.g. img.abc.com',
    };
  }
  const labels = domain.split('.');
  if (labels.length < 2) {
    return {
      message: `"${raw}" has a single label; a custom domain needs at least two (img.abc.com)`,
      hint: 'write the full host name including its zone, e.g. img.abc.com',
    };
  }
  for (const label of labels) {
    if (label === '') {
      return {
        message: `"${raw}" has an empty label (two dots in a row, or a leading dot)`,
        hint: 'remove the extra dot',
      };
    }
    if (label.length > 63) {
      return {
        message: `the label "${label.slice(0, 20)}..." of "${raw}" is ${label.length} characters long; at most 63 are allowed`,
        hint: 'shorten that part of the name',
      };
    }
    if (!LABEL.test(label)) {
      const why = /^-|-$/.test(label)
        ? 'starts or ends with a hyphen'
        : `contains "${[...label].find((c) => !/[a-z0-9-]/.test(c))}"`;
      return {
        message: `the label "${label}" of "${raw}" ${why}`,
        hint: 'labels use letters, digits and hyphens only, and do not start or end with a hyphen',
      };
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) {
    return {
      message: `"${raw}" looks like an IP address; OSS binds host names only`,
      hint: 'use a host name in a zone you own, e.g. img.abc.com',
    };
  }
  const reserved = RESERVED_SUFFIXES.find((s, i) => domain === s || domain.endsWith(RESERVED_DOTTED[i]!));
  if (reserved) {
    return {
      message: `"${raw}" is under ${reserved}, which Alibaba Cloud reserves; OSS refuses to bind it`,
      hint: 'use a domain you own; the bucket already answers on its own <bucket>.oss-<region>.aliyuncs.com name',
    };
  }
  return undefined;
}

/** OSS bucket naming rules: 3–63 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit. */
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function checkBucketName(name: string): NameProblem | undefined {
  if (BUCKET_PATTERN.test(name)) return undefined;
  const rules =
    'bucket names have 3 to 63 lower-case letters, digits or hyphens, and start and end with a letter or digit';
  if (name.length < 3 || name.length > 63) {
    return { message: `bucket name "${name}" is ${name.length} characters long`, hint: rules };
  }
  const bad = [...name].find((c) => !/[a-zA-Z0-9-]/.test(c));
  if (bad !== undefined) return { message: `bucket name "${name}" contains "${bad}"`, hint: rules };
  if (/[A-Z]/.test(name)) {
    const lower = name.toLowerCase();
    const fix = BUCKET_PATTERN.test(lower) ? `; did you mean "${lower}"?` : '';
    return { message: `bucket name "${name}" has upper-case letters`, hint: `bucket names are lower case${fix}` };
  }
  return { message: `bucket name "${name}" starts or ends with a hyphen`, hint: rules };
}

/** Region ids as OSS and the other APIs name them (`cn-hangzhou`, `ap-southeast-1`), optionally with `oss-` in front. */
export const REGION_PATTERN = /^(oss-)?[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * OSS regions known when this was written. An unknown region id is accepted (new regions appear), unless it is
 * one typo away from a known one, which is far more likely a mistake than a new region.
 */
export const KNOWN_REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-wuhan-lr',
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'cn-shanghai-finance-1',
  'cn-shenzhen-finance-1',
  'cn-beijing-finance-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'us-east-1',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
  'na-south-1',
  'rg-china-mainland',
];

/** `oss-cn-hangzhou` → `cn-hangzhou`; other spellings are returned lower-cased. */
export function normaliseRegion(region: string): string {
  const r = region.trim().toLowerCase();
  return r.startsWith('oss-') ? r.slice(4) : r;
}

/** A region id, in any case and with an optional `oss-` prefix (normaliseRegion's spellings). */
export function checkRegion(region: string): NameProblem | undefined {
  if (!REGION_PATTERN.test(region.trim().toLowerCase())) {
    return {
      message: `"${region}" is not a region id`,
      hint: 'write the region id the bucket lives in, e.g. cn-hangzhou or ap-southeast-1 (the OSS console shows it)',
    };
  }
  const id = normaliseRegion(region);
  if (KNOWN_REGIONS.includes(id)) return undefined;
  const near = closest(id, KNOWN_REGIONS, 2);
  if (near) {
    return { message: `unknown region "${region}"; did you mean "${near}"?`, hint: `write region: ${near}` };
  }
  return undefined;
}

/** The ownership marker's name: records get the remark `oss-domains:<owner>`. */
export const OWNER_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function checkOwner(owner: string): NameProblem | undefined {
  return OWNER_PATTERN.test(owner)
    ? undefined
    : {
        message: `"${owner}" is not a valid owner`,
        hint: 'use a short name of letters, digits, "-", "_" or "." (at most 64), e.g. web-team',
      };
}

/** `12345`, or `12345-cn-hangzhou` as OSS shows a Certificate Management Service id in ListCname. */
export const CERT_ID_PATTERN = /^[0-9]+(-[a-z]{2,}(-[a-z0-9]+)+)?$/;

/** A certificate id as domains.yml and `--cert-id` take it: the number, optionally with a region that must be one. */
export function checkCertId(id: string): NameProblem | undefined {
  if (!CERT_ID_PATTERN.test(id)) {
    return {
      message: `"${id}" is not a certificate id`,
      hint: 'write the numeric id of a certificate in Certificate Management Service, e.g. "12345" or "12345-cn-hangzhou"',
    };
  }
  const region = id.replace(/^[0-9]+-?/, '');
  return region ? checkRegion(region) : undefined;
}

/** The bucket's own domain, the DNS target when there is no CDN: `abc-img.oss-cn-hangzhou.aliyuncs.com`. */
export function bucketDomain(bucket: string, region: string): string {
  return `${bucket}.oss-${normaliseRegion(region)}.aliyuncs.com`;
}

/** True when `domain` is `zone` or a name under it (both normalised). */
export function inZone(domain: string, zone: string): boolean {
  return domain === zone || domain.endsWith(`.${zone}`);
}

/**
 * The zone that holds `domain`: the longest zone name that is the domain or a suffix of it at a label boundary.
 * With nested zones (`cdn.abc.com` delegated inside `abc.com`), `x.cdn.abc.com` belongs to `cdn.abc.com`.
 */
export function findZone(domain: string, zones: Iterable<string | { name: string }>): string | undefined {
  const names = zoneSet(zones);
  // The longest zone is the first suffix of the domain, at a label boundary, that is a zone.
  for (let d = normaliseDomain(domain); ; ) {
    if (names.has(d)) return d;
    const dot = d.indexOf('.');
    if (dot === -1) return undefined;
    d = d.slice(dot + 1);
  }
}

/**
 * The normalised names of a list of zones, kept per list (the planner asks for the zone of every domain, often
 * several times, with the same list of zones; normalising it each time was most of the cost). A list that changed
 * length since is read again; other iterables are read at each call.
 */
const zoneSets = new WeakMap<object, { size: number; names: Set<string> }>();
function zoneSet(zones: Iterable<string | { name: string }>): Set<string> {
  const size = Array.isArray(zones) ? zones.length : -1;
  const known = zoneSets.get(zones);
  if (known && known.size === size && size !== -1) return known.names;
  const names = new Set<string>();
  for (const z of zones) names.add(normaliseDomain(typeof z === 'string' ? z : z.name));
  if (size !== -1) zoneSets.set(zones, { size, names });
  return names;
}

/** The record name of `domain` inside `zone`, as Alidns wants it in `RR`: `img` for img.abc.com in abc.com, `@` at the apex. */
export function relativeName(domain: string, zone: string): string {
  const d = normaliseDomain(domain);
  const z = normaliseDomain(zone);
  if (d === z) return '@';
  if (!d.endsWith(`.${z}`)) throw new Error(`${d} is not in the zone ${z}`);
  return d.slice(0, -(z.length + 1));
}

/** The fully qualified name of a record name relative to `zone` (the inverse of `relativeName`): `@` is the zone. */
export function fqdn(rr: string, zone: string): string {
  return rr === '@' ? zone : `${rr}.${zone}`;
}

/** Host names (a record's value, a CDN origin, a resolver's answer) compare without case and without a trailing dot. */
export function sameHost(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}

/**
 * tldts's options for names already normalised: no URL to take apart, no second validation, and the private section
 * of the Public Suffix List included, so that `team.github.io` (under the private suffix `github.io`) is a
 * registrable domain of its own, as browsers and certificate authorities treat it.
 */
const PSL = { allowPrivateDomains: true, extractHostname: false, validateHostname: false } as const;

/**
 * The registrable domain, by the Public Suffix List (`img.abc.com` → `abc.com`, `img.abc.com.sg` → `abc.com.sg`,
 * `img.team.github.io` → `team.github.io`): where CDN looks for its ownership TXT record (`verification.<root>`).
 * A name that is itself a public suffix, or has no registrable part, is its own root.
 */
export function rootDomain(domain: string): string {
  const name = normaliseDomain(domain);
  return getDomain(name, PSL) ?? name;
}

/**
 * The problem with binding `domain` when Alidns writes its record and it is a registrable domain (`abc.com`,
 * `abc.com.cn`): that name is the apex of whichever Alidns zone holds it, and a CNAME cannot live at a zone apex
 * (RFC 1034 §3.6.2: a CNAME has no other data beside it, and an apex has its SOA and NS records).
 */
export function registrableApexProblem(domain: string): NameProblem | undefined {
  const name = normaliseDomain(domain);
  if (getDomain(name, PSL) !== name) return undefined;
  const shown = displayDomain(name);
  return {
    message: `${shown} is a registrable domain: the apex of its Alidns zone, where a CNAME cannot live`,
    hint:
      `bind a subdomain such as www.${shown}, or declare it with dns: none in domains.yml and point it yourself ` +
      'at a DNS provider that flattens a CNAME at the apex (ALIAS)',
  };
}

/**
 * Edit distance for did-you-mean hints: insertions, deletions, substitutions and swaps of two neighbours
 * (`domian` → `domain` is one edit), each costing 1 (optimal string alignment).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `word` within `max` edits (ties: the first listed), or undefined. */
export function closest(word: string, candidates: readonly string[], max: number): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * `name` or `name@region` (the CLI's `--bucket`, the Action's `bucket` input), checked by the rules domains.yml
 * applies; the region comes back without an `oss-` prefix.
 */
export function parseBucketRef(raw: string): { bucket?: { name: string; region?: string }; problem?: NameProblem } {
  const [name = '', region, ...extra] = raw.split('@').map((s) => s.trim());
  const problem =
    extra.length > 0
      ? { message: 'it has more than one "@"', hint: 'write the name, optionally followed by one @region' }
      : (checkBucketName(name) ?? (region !== undefined ? checkRegion(region) : undefined));
  if (problem) return { problem };
  return { bucket: region ? { name, region: normaliseRegion(region) } : { name } };
}
