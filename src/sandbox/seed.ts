/**
 * Seeds: the starting world of the sandbox, as a typed object or a YAML file. `loadSeed` turns any accepted input
 * (`'default'`, `'empty'`, a file path, an object) into a validated `SeedSpec`; `applySeed` (seed-apply.ts) writes it
 * into a world. Validation errors name the file, line and column, and say what to write instead.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { validateSeed } from './seed-validate.js';
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
  /** The console's "CDN cache auto-refresh" (`<IsPurgeCdnCache>` in ListCname); no API can set it. Default false. */
  purgeCdnCache?: boolean;
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
