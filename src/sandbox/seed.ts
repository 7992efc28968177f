/**
 * Seeds: the starting world of the sandbox, as a typed object or a YAML file. `loadSeed` turns any accepted input
 * (`'default'`, `'empty'`, a file path, an object) into a validated `SeedSpec`; `applySeed` (seed-apply.ts) writes it
 * into a world. Validation errors name the file, line and column, and say what to write instead.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { SeedInput, SeedIssue, SeedSpec } from './seed-types.js';
import { validateSeed } from './seed-validate.js';

export type {
  Acl,
  SeedBucket,
  SeedCdnDomain,
  SeedCdnSource,
  SeedCertificate,
  SeedCname,
  SeedInput,
  SeedIssue,
  SeedObject,
  SeedRecord,
  SeedSpec,
  SeedZone,
} from './seed-types.js';

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
