/**
 * The rules of domains.yml that concern a site rather than a binding: a `website` block belongs to the bucket, so
 * every entry of one bucket that declares it must declare the same one; `spa` and `error` both set the error
 * document, so they exclude each other; and the CDN's HTTPS options need `https`.
 */
import type { WebsiteSpec } from '../model.js';
import { DEFAULT_INDEX } from './definition.js';
import type { Pos, Read, Reader } from './read.js';

/** The website block of an entry (`false` and absence are no block). */
export function websiteOf(read: Read | undefined): WebsiteSpec | undefined {
  if (!read?.fields) return undefined;
  const f = read.fields;
  const site: WebsiteSpec = {
    index: (f.get('index')?.value as string | undefined) ?? DEFAULT_INDEX,
    spa: (f.get('spa')?.value as boolean | undefined) ?? false,
  };
  const error = f.get('error')?.value as string | undefined;
  if (error !== undefined) site.error = error;
  return site;
}

/** `{ index: index.html, spa: true }`, as a message shows a block. */
export function describeWebsite(w: WebsiteSpec): string {
  const parts = [`index: ${w.index}`];
  if (w.error !== undefined) parts.push(`error: ${w.error}`);
  if (w.spa) parts.push('spa: true');
  return `{ ${parts.join(', ')} }`;
}

export const sameWebsite = (a: WebsiteSpec, b: WebsiteSpec): boolean =>
  a.index === b.index && a.error === b.error && a.spa === b.spa;

interface Declared {
  site: WebsiteSpec;
  /** The entry's index in `domains`. */
  index: number;
  /** Where the block is written (in `defaults` when `fromDefaults`). */
  pos: Pos;
  fromDefaults: boolean;
}

/** Collects the website blocks per bucket and reports a bucket declared two ways, naming both lines. */
export class WebsiteRule {
  private readonly byBucket = new Map<string, Declared>();
  private readonly reported = new Set<string>();

  constructor(private readonly reader: Reader) {}

  declare(bucket: string, site: WebsiteSpec, at: Omit<Declared, 'site'>): void {
    const d: Declared = { ...at, site };
    const where = `${d.pos.line}:${d.pos.column}`;
    if (site.spa && site.error !== undefined && !this.reported.has(where)) {
      this.reported.add(where);
      this.reader.issue(
        d.pos,
        `${d.fromDefaults ? 'defaults' : `domains[${d.index}]`}.website sets both spa and error; a single-page app serves its index for every unknown path, so it has no error page`,
        'keep spa: true (unknown paths get the index with 200), or remove it and keep error: (missing keys get that page with 404)',
      );
    }
    const first = this.byBucket.get(bucket);
    if (!first) {
      this.byBucket.set(bucket, d);
      return;
    }
    if (sameWebsite(first.site, site)) return;
    const name = (x: Declared) =>
      x.fromDefaults ? `defaults (line ${x.pos.line})` : `domains[${x.index}] (line ${x.pos.line})`;
    this.reader.issue(
      d.pos,
      `the bucket ${bucket} is given two different website blocks: ${name(first)} declares ${describeWebsite(first.site)}, ${name(d)} declares ${describeWebsite(site)}`,
      `website belongs to the bucket: write the same block on every entry of ${bucket}, or on one of them only`,
    );
  }
}

/** The CDN options that act on HTTPS traffic must have a certificate to act on. */
export function checkEdgeOptions(
  reader: Reader,
  cdn: { read: Read; fromDefaults: boolean } | undefined,
  https: boolean,
  entryPos: Pos,
  index: number,
): void {
  if (https || !cdn?.read.fields) return;
  for (const key of ['force-https', 'hsts'] as const) {
    const r = cdn.read.fields.get(key);
    if (!r || r.value === false) continue;
    reader.issue(
      cdn.fromDefaults ? entryPos : r.pos,
      `domains[${index}].cdn.${key}${cdn.fromDefaults ? ' (from defaults)' : ''} needs https: without a certificate the edge serves no HTTPS to ${key === 'hsts' ? 'announce' : 'redirect to'}`,
      `add https: { cert-id: "<id of a certificate in Certificate Management Service>" } to this entry, or set ${key}: false`,
    );
  }
}
