/**
 * Seed validation: the shape of a seed, checked key by key. Every issue carries the path (`buckets[0].region`), what
 * is wrong and what to write instead; `locate` turns a path into a line and column when the seed came from YAML.
 */
import type { SeedCdnDomain, SeedIssue, SeedObject } from './seed-types.js';

export type Locate = (path: (string | number)[]) => { line: number; column: number } | undefined;

const HOST = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/;

/**
 * Checks a seed's shape. Unknown keys are errors (a typo must not silently seed nothing). Returns every issue, each
 * located with `locate` when the input came from a file.
 */
export function validateSeed(value: unknown, locate: Locate): SeedIssue[] {
  const issues: SeedIssue[] = [];
  const fail: Fail = (path, message, hint) => {
    issues.push({ path: fmtPath(path), message, hint, ...locate(path) });
  };
  const c = checkers(fail);
  const { obj, list, num, host } = c;
  const { bucket, record } = storageChecks(c, fail);
  const { cdn, cert } = edgeChecks(c, fail);

  obj(value ?? {}, [], {
    timing: (v, p) =>
      obj(v, p, {
        ownershipDelayMs: num(0),
        cdnOnlineDelayMs: num(0),
        refreshCompleteMs: num(0),
        cdnConfigDelayMs: num(0),
      }),
    buckets: list(bucket),
    zones: list((v, p) => obj(v, p, { name: host, records: list(record) }, ['name'])),
    cdn: list(cdn),
    certificates: list(cert),
    unfiled: list(host),
    cdnVerifiedRoots: list(host),
  });
  return issues;
}

type Path = (string | number)[];
type Check = (v: unknown, path: Path) => void;
type Fail = (path: Path, message: string, hint: string) => void;
type Checkers = ReturnType<typeof checkers>;

/** The building blocks of a seed's shape, each recording what it finds wrong through `fail`. */
function checkers(fail: Fail) {
  const obj = (v: unknown, path: Path, keys: Record<string, Check>, required: string[] = []) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      fail(path, `expected a mapping, got ${kind(v)}`, `write ${Object.keys(keys).join(', ')} as keys`);
      return;
    }
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      if (!(k in keys)) fail([...path, k], `unknown key "${k}"`, `allowed keys here: ${Object.keys(keys).join(', ')}`);
    }
    for (const k of required) {
      if (rec[k] === undefined || rec[k] === null) fail(path, `missing required key "${k}"`, `add ${k}: …`);
    }
    for (const [k, check] of Object.entries(keys)) {
      if (rec[k] !== undefined && rec[k] !== null) check(rec[k], [...path, k]);
    }
  };
  const list =
    (item: Check): Check =>
    (v, path) => {
      if (!Array.isArray(v))
        return fail(path, `expected a list, got ${kind(v)}`, 'write a YAML list (lines starting with "- ")');
      for (const [i, x] of v.entries()) item(x, [...path, i]);
    };
  const str =
    (re?: RegExp, hint = 'write a string'): Check =>
    (v, path) => {
      if (typeof v === 'number' && re === undefined) return;
      if (typeof v !== 'string') return fail(path, `expected a string, got ${kind(v)}`, hint);
      if (re && !re.test(v)) fail(path, `invalid value "${v}"`, hint);
    };
  const oneOf =
    (...values: string[]): Check =>
    (v, path) => {
      if (typeof v !== 'string' || !values.includes(v))
        fail(path, `invalid value ${JSON.stringify(v)}`, `use one of: ${values.join(', ')}`);
    };
  const num =
    (min: number): Check =>
    (v, path) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
        fail(path, `expected a number ≥ ${min}, got ${JSON.stringify(v)}`, `write a number ≥ ${min}`);
    };
  const bool: Check = (v, path) => {
    if (typeof v !== 'boolean') fail(path, `expected true or false, got ${kind(v)}`, 'write true or false');
  };
  const anyNum: Check = (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a number, got ${kind(v)}`, 'write a number');
  };
  const date: Check = (v, path) => {
    const ok = (typeof v === 'string' || v instanceof Date) && !Number.isNaN(new Date(v as string).getTime());
    if (!ok) fail(path, `invalid date ${JSON.stringify(v)}`, 'write an ISO date such as 2027-01-31');
  };
  const host = str(HOST, 'write a domain name such as img.abc.com');
  const stringMap: Check = (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return fail(path, 'expected a mapping', 'write key: value pairs');
    for (const [k, x] of Object.entries(v))
      if (typeof x !== 'string') fail([...path, k], 'expected a string', 'quote the value');
  };

  return { obj, list, str, oneOf, num, bool, anyNum, date, host, stringMap };
}

/** Buckets (with their objects and bindings) and DNS records. */
function storageChecks(c: Checkers, fail: Fail) {
  const { obj, list, str, oneOf, num, bool, host } = c;
  const object: Check = (v, path) => {
    obj(
      v,
      path,
      {
        key: str(/^[^/].*$/s, 'write an object key that does not start with "/"'),
        text: str(),
        base64: str(/^[A-Za-z0-9+/=\s]*$/, 'write base64'),
        contentType: str(),
      },
      ['key'],
    );
    const o = v as SeedObject;
    if (o && typeof o === 'object' && (o.text === undefined) === (o.base64 === undefined))
      fail(path, 'an object needs exactly one of text and base64', 'write text: … or base64: …');
  };
  const bucket: Check = (v, path) =>
    obj(
      v,
      path,
      {
        name: str(BUCKET, 'bucket names are 3-63 characters: lower-case letters, digits and hyphens'),
        region: str(REGION, 'write a region id without "oss-", such as cn-hangzhou'),
        acl: oneOf('private', 'public-read', 'public-read-write'),
        objects: list(object),
        cnames: list((c, p) => obj(c, p, { domain: host, cert: str(), purgeCdnCache: bool }, ['domain'])),
      },
      ['name', 'region'],
    );
  const record: Check = (v, path) =>
    obj(
      v,
      path,
      {
        rr: str(/^(@|[a-z0-9_*-]+(\.[a-z0-9_*-]+)*)$/i, 'write a relative name such as www, or @ for the apex'),
        type: oneOf('A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'SRV', 'CAA', 'REDIRECT_URL', 'FORWARD_URL'),
        value: str(),
        ttl: num(1),
        remark: str(),
        line: str(),
        status: oneOf('ENABLE', 'DISABLE'),
      },
      ['rr', 'type', 'value'],
    );
  return { bucket, record };
}

/** CDN domains (with their origins) and certificates. */
function edgeChecks(c: Checkers, fail: Fail) {
  const { obj, list, str, oneOf, num, anyNum, date, host, stringMap } = c;
  const source: Check = (v, path) =>
    obj(
      v,
      path,
      {
        type: oneOf('oss', 'domain', 'ipaddr', 'fc_domain'),
        content: str(),
        port: num(1),
        priority: str(),
        weight: str(),
      },
      ['type', 'content'],
    );
  const cdn: Check = (v, path) => {
    obj(
      v,
      path,
      {
        domain: host,
        origin: str(),
        sources: list(source),
        status: oneOf('online', 'offline', 'configuring'),
        scope: oneOf('domestic', 'overseas', 'global'),
        cdnType: oneOf('web', 'download', 'video'),
        tags: stringMap,
        cert: str(),
        functions: (f, p) => {
          if (typeof f !== 'object' || f === null || Array.isArray(f))
            return fail(
              p,
              'expected a mapping of function name to its arguments',
              'write set_req_host_header: { domain_name: cdn.example.org }',
            );
          for (const [name, args] of Object.entries(f)) stringMap(args, [...p, name]);
        },
      },
      ['domain'],
    );
    const d = v as SeedCdnDomain;
    if (d && typeof d === 'object' && d.origin === undefined && d.sources === undefined)
      fail(path, 'a CDN domain needs an origin', 'add origin: <bucket>.oss-<region>.aliyuncs.com, or sources: [...]');
  };
  const cert: Check = (v, path) =>
    obj(
      v,
      path,
      {
        id: str(/^\d+$/, 'certificate ids are numeric, such as "12345"'),
        name: str(),
        domains: list(host),
        notBefore: date,
        notAfter: date,
        validDays: anyNum,
      },
      ['id', 'domains'],
    );

  return { cdn, cert };
}

function fmtPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function kind(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
