/**
 * Seeds: the starting world of the sandbox, as a typed object or a YAML file. `loadSeed` turns any accepted input
 * (`'default'`, `'empty'`, a file path, an object) into a validated `SeedSpec`; `applySeed` (seed-apply.ts) writes it
 * into a world. Validation errors name the file, line and column, and say what to write instead.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { SandboxTiming } from './state.js';

export type Acl = 'private' | 'public-read' | 'public-read-write';

export interface SeedObject {
  key: string;
  /** UTF-8 content. Exactly one of `text` and `base64`. */
  text?: string;
  base64?: string;
  /** Default: from the key's extension, else `application/octet-stream`. */
  contentType?: string;
}

export interface SeedCname {
  domain: string;
  /** Id of a seeded certificate to bind (HTTPS). */
  cert?: string;
}

export interface SeedBucket {
  name: string;
  /** Region id without `oss-`: `cn-hangzhou`. */
  region: string;
  /** Default `private`. */
  acl?: Acl;
  objects?: SeedObject[];
  /** Custom domains already bound. */
  cnames?: SeedCname[];
}

export interface SeedRecord {
  /** Relative name, `@` for the apex. */
  rr: string;
  type: string;
  value: string;
  /** Default 600. */
  ttl?: number;
  /** Default empty (not owned by anyone). */
  remark?: string;
  /** Default `default`. */
  line?: string;
  /** Default `ENABLE`. */
  status?: 'ENABLE' | 'DISABLE';
}

export interface SeedZone {
  name: string;
  records?: SeedRecord[];
}

export interface SeedCdnSource {
  type: string;
  content: string;
  port?: number;
  priority?: string;
  weight?: string;
}

export interface SeedCdnDomain {
  domain: string;
  /** Shorthand for one `oss` source: the bucket's domain (`abc-img.oss-cn-hangzhou.aliyuncs.com`). */
  origin?: string;
  sources?: SeedCdnSource[];
  /** Default `online`. */
  status?: 'online' | 'offline' | 'configuring';
  /** Default `domestic`. */
  scope?: 'domestic' | 'overseas' | 'global';
  /** Default `web`. */
  cdnType?: string;
  tags?: Record<string, string>;
  /** Certificate id for HTTPS. */
  cert?: string;
}

export interface SeedCertificate {
  /** Numeric id, as domains.yml writes it (`"12345"`). */
  id: string;
  name?: string;
  /** Names it covers; `*.abc.com` covers one label. */
  domains: string[];
  /** ISO date; default: one day before the seed is applied. */
  notBefore?: string;
  /** ISO date; alternatively `validDays` from now (negative = already expired). Default: 365 days. */
  notAfter?: string;
  validDays?: number;
}

/** A whole seed: every key optional. */
export interface SeedSpec {
  timing?: Partial<SandboxTiming>;
  buckets?: SeedBucket[];
  zones?: SeedZone[];
  cdn?: SeedCdnDomain[];
  certificates?: SeedCertificate[];
  /** Domains (or roots) with no ICP filing. */
  unfiled?: string[];
  /** Root domains whose CDN ownership the account has already proven. */
  cdnVerifiedRoots?: string[];
}

/** What `startSandbox({ seed })`, `control.reset()` and `POST /__sandbox/seed` accept. */
export type SeedInput = SeedSpec | 'default' | 'empty' | (string & {});

/** One problem in a seed. `line`/`column` are 1-based and present for YAML input. */
export interface SeedIssue {
  file?: string;
  line?: number;
  column?: number;
  /** `buckets[0].region` */
  path: string;
  message: string;
  hint: string;
}

export class SeedError extends Error {
  override name = 'SeedError';
  constructor(readonly issues: SeedIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function formatIssue(i: SeedIssue): string {
  const where = i.file ? `${i.file}:${i.line ?? 1}:${i.column ?? 1}` : 'seed';
  return `${where}: ${i.path ? `${i.path}: ` : ''}${i.message} (${i.hint})`;
}

// A real 16x16 PNG (an orange disc), so `curl … /logo.png | file -` says PNG.
const LOGO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAOUlEQVR42mP4TyJgQBfIYkBH+DRgqsbQw0BYNaoeBqJUI+lhIFY1TM/I1UBysJITceQkDXISHxEAADuJBu9y1TH5AAAAAElFTkSuQmCC';

/** The guide's story: zone abc.com with one record the tool does not own, bucket abc-img with logo.png, cert 12345. */
export const DEFAULT_SEED: SeedSpec = {
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10', ttl: 600 }] }],
  buckets: [
    {
      name: 'abc-img',
      region: 'cn-hangzhou',
      acl: 'public-read',
      objects: [{ key: 'logo.png', base64: LOGO_PNG, contentType: 'image/png' }],
    },
  ],
  certificates: [{ id: '12345', name: 'abc-com-wildcard', domains: ['img.abc.com', '*.abc.com'], validDays: 365 }],
};

/** Turns any accepted seed input into a validated spec. Throws `SeedError`. */
export function loadSeed(input: SeedInput | undefined): SeedSpec {
  if (input === undefined || input === 'default') return DEFAULT_SEED;
  if (input === 'empty') return {};
  if (typeof input === 'string') {
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(e);
      throw new SeedError([
        {
          file: input,
          line: 1,
          column: 1,
          path: '',
          message: `cannot read the seed file: ${why}`,
          hint: "give a YAML seed file, or 'default' or 'empty'",
        },
      ]);
    }
    return parseSeedText(text, input);
  }
  const issues = validateSeed(input, () => undefined);
  if (issues.length) throw new SeedError(issues);
  return input;
}

/** Parses YAML (or JSON, which is YAML) seed text. Throws `SeedError` with line and column. */
export function parseSeedText(text: string, file = 'seed.yml'): SeedSpec {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const at = (offset: number) => lc.linePos(offset);
  if (doc.errors.length) {
    throw new SeedError(
      doc.errors.map((e) => {
        const p = at(e.pos[0]);
        return {
          file,
          line: p.line,
          column: p.col,
          path: '',
          message: e.message.split('\n')[0]!,
          hint: 'fix the YAML syntax',
        };
      }),
    );
  }
  const value = (doc.toJS() ?? {}) as unknown;
  const locate = (path: (string | number)[]) => {
    // The node at the path, else its closest ancestor that exists (a missing key is reported at its parent).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        const p = at(range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return { line: 1, column: 1 };
  };
  const issues = validateSeed(value, locate).map((i) => ({ ...i, file }));
  if (issues.length) throw new SeedError(issues);
  return value as SeedSpec;
}

type Locate = (path: (string | number)[]) => { line: number; column: number } | undefined;

const HOST = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/;

/**
 * Checks a seed's shape. Unknown keys are errors (a typo must not silently seed nothing). Returns every issue, each
 * located with `locate` when the input came from a file.
 */
export function validateSeed(value: unknown, locate: Locate): SeedIssue[] {
  const issues: SeedIssue[] = [];
  const fail = (path: (string | number)[], message: string, hint: string): void => {
    issues.push({ path: fmtPath(path), message, hint, ...locate(path) });
  };

  const obj = (v: unknown, path: (string | number)[], keys: Record<string, Check>, required: string[] = []) => {
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
  type Check = (v: unknown, path: (string | number)[]) => void;
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
        cnames: list((c, p) => obj(c, p, { domain: host, cert: str() }, ['domain'])),
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

  obj(value ?? {}, [], {
    timing: (v, p) => obj(v, p, { ownershipDelayMs: num(0), cdnOnlineDelayMs: num(0), refreshCompleteMs: num(0) }),
    buckets: list(bucket),
    zones: list((v, p) => obj(v, p, { name: host, records: list(record) }, ['name'])),
    cdn: list(cdn),
    certificates: list(cert),
    unfiled: list(host),
    cdnVerifiedRoots: list(host),
  });
  return issues;
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
