/**
 * From what the reader found to a DomainsConfig: defaults applied, names normalised, and the rules that involve
 * more than one key — region required here or in defaults, duplicate domains (after normalisation), a zone that
 * does not contain its domain, and an apex domain whose CNAME Alidns would have to write.
 */
import type { CdnScope, CdnSpec, DomainSpec, DomainsConfig } from '../model.js';
import { displayDomain, inZone, normaliseDomain, normaliseRegion } from '../names.js';
import { checkRegistrableApex } from './apex.js';
import {
  type ArrayField,
  CONFIG,
  DEFAULT_CDN_SCOPE,
  DEFAULT_HSTS_MAX_AGE,
  DEFAULT_OWNER,
  DEFAULT_TTL,
} from './definition.js';
import { entriesOf } from './fast.js';
import type { Pos, Read, Reader } from './read.js';
import { checkEdgeOptions, WebsiteRule, websiteOf } from './website.js';

/** What one entry of `domains:` is. */
const ENTRY = (CONFIG.fields.domains as ArrayField).items;

/** A value for one domain, from its entry or from defaults. */
interface Source {
  read: Read;
  fromDefaults: boolean;
}

/** What every entry's rules share: the reader that collects issues, and what earlier entries declared. */
interface Context {
  reader: Reader;
  file: string;
  defaults: Map<string, Read>;
  /** Normalised domain → where it was first declared. */
  seen: Map<string, Pos>;
  websites: WebsiteRule;
}

/** Builds the config; `undefined` when the reader or these rules found any issue (all of them are in `reader.issues`). */
export function buildConfig(root: Read, reader: Reader, file: string): DomainsConfig | undefined {
  const top = root.fields ?? new Map<string, Read>();
  const ctx: Context = {
    reader,
    file,
    defaults: top.get('defaults')?.fields ?? new Map<string, Read>(),
    seen: new Map<string, Pos>(),
    websites: new WebsiteRule(reader),
  };
  const list = top.get('domains');
  const domains = list?.list ? buildEntries(ctx, list) : [];

  const state = top.get('state')?.fields;
  if (reader.issues.length > 0) return undefined;
  const config: DomainsConfig = {
    file,
    version: 1,
    owner: (top.get('owner')?.value as string | undefined) ?? DEFAULT_OWNER,
    prune: (top.get('prune')?.value as boolean | undefined) ?? false,
    domains,
  };
  if (state) {
    config.state = {
      bucket: String(state.get('bucket')!.value),
      region: normaliseRegion(String(state.get('region')!.value)),
    };
  }
  return config;
}

/**
 * The entries of `domains:`, one at a time: read, built, and its read form dropped (the definition defers this
 * list). A function of its own: V8 optimizes the loop as a whole function rather than `buildConfig` mid-loop.
 */
function buildEntries(ctx: Context, list: Read): DomainSpec[] {
  const domains: DomainSpec[] = [];
  let i = 0;
  for (const node of entriesOf(list.list!)) {
    const spec = buildEntry(ctx, ctx.reader.read(node, ENTRY, `domains[${i}]`, 'domains', list.pos), i);
    if (spec) domains.push(spec);
    i++;
  }
  return domains;
}

/** One entry of `domains:`; `undefined` when it cannot be built (its issues are recorded). */
function buildEntry(ctx: Context, entry: Read, i: number): DomainSpec | undefined {
  const own = entry.fields;
  if (!own) return undefined; // not a mapping: already reported
  const get = (key: string): Source | undefined => {
    const mine = own.get(key);
    if (mine) return { read: mine, fromDefaults: false };
    const def = ctx.defaults.get(key);
    return def ? { read: def, fromDefaults: true } : undefined;
  };
  const domainRead = own.get('domain');
  const bucket = get('bucket');
  const region = get('region');
  checkRequired(ctx.reader, entry.pos, i, bucket, region);
  if (!domainRead?.ok) return undefined;
  const written = String(domainRead.value);
  const domain = normaliseDomain(written);
  checkDuplicate(ctx, domainRead.pos, written, domain, i);

  const dns = (get('dns')?.read.value as 'alidns' | 'none' | undefined) ?? 'alidns';
  const zone = get('zone');
  const zoneName = zone?.read.ok ? normaliseDomain(String(zone.read.value)) : undefined;
  if (zone && zoneName !== undefined) checkZone(ctx.reader, zone, zoneName, domain, domainRead.pos, dns);
  checkRegistrableApex(ctx.reader, domainRead.pos, domain, get('dns')?.read, zoneName);

  const reads = ['cdn', 'https', 'website', 'ttl', 'takeover'].map((key) => get(key)?.read);
  if (![bucket?.read, region?.read, ...reads].every((r) => r === undefined || r.ok) || !bucket || !region) {
    return undefined;
  }
  const https = httpsOf(get('https')?.read);
  checkEdgeOptions(ctx.reader, get('cdn'), https !== undefined, domainRead.pos, i);

  const spec: DomainSpec = {
    domain,
    display: displayDomain(domain),
    bucket: String(bucket.read.value),
    region: normaliseRegion(String(region.read.value)),
    ttl: (get('ttl')?.read.value as number | undefined) ?? DEFAULT_TTL,
    dns,
    takeover: (get('takeover')?.read.value as boolean | undefined) ?? false,
    pos: { file: ctx.file, ...entry.pos },
  };
  if (zoneName !== undefined) spec.zone = zoneName;
  const cdn = cdnOf(get('cdn')?.read);
  if (cdn) spec.cdn = cdn;
  if (https) spec.https = https;
  const website = get('website');
  const site = websiteOf(website?.read);
  if (website && site) {
    spec.website = site;
    ctx.websites.declare(spec.bucket, site, { index: i, pos: website.read.pos, fromDefaults: website.fromDefaults });
  }
  return spec;
}

/** bucket and region must be written in the entry or in defaults. */
function checkRequired(reader: Reader, at: Pos, i: number, bucket?: Source, region?: Source): void {
  if (!bucket) {
    reader.issue(
      at,
      `bucket is missing in domains[${i}]`,
      'add bucket: <the OSS bucket that serves this domain, e.g. abc-img> to this entry',
    );
  }
  if (!region) {
    reader.issue(
      at,
      `region is missing in domains[${i}] and in defaults`,
      "add region: <the bucket's region, e.g. cn-hangzhou> to this entry, or to defaults: for every domain",
    );
  }
}

/** A domain is declared once, compared after normalisation. */
function checkDuplicate(ctx: Context, at: Pos, written: string, domain: string, i: number): void {
  const first = ctx.seen.get(domain);
  if (first) {
    ctx.reader.issue(
      at,
      `duplicate domain "${written}" in domains[${i}]: line ${first.line} declares ${domain} already`,
      'declare each domain once (case, a trailing dot and IDN spelling do not make a different domain)',
    );
  } else {
    ctx.seen.set(domain, at);
  }
}

/** The zone must contain the domain, and Alidns cannot write a CNAME at the zone's apex. */
function checkZone(reader: Reader, zone: Source, zoneName: string, domain: string, domainAt: Pos, dns: string): void {
  const at = zone.fromDefaults ? domainAt : zone.read.pos;
  const from = zone.fromDefaults ? ' (from defaults)' : '';
  if (!inZone(domain, zoneName)) {
    reader.issue(
      at,
      `zone ${zoneName}${from} does not contain ${domain}`,
      'set zone to the Alidns zone the domain is in (a suffix of it, like abc.com for img.abc.com), or remove zone',
    );
  } else if (domain === zoneName && dns === 'alidns') {
    reader.issue(
      at,
      `${domain} is the apex of zone ${zoneName}${from}; a CNAME cannot live at a zone apex`,
      `bind a subdomain such as img.${zoneName}, or set dns: none and point the apex yourself ` +
        '(ALIAS or CNAME flattening at a DNS provider that has it)',
    );
  }
}

/** `cdn: true` or its mapping; an option that is not written stays `undefined` (not managed). */
function cdnOf(read: Read | undefined): CdnSpec | undefined {
  if (!read || read.value === false) return undefined;
  if (read.value === true) return { scope: DEFAULT_CDN_SCOPE };
  const f = read.fields;
  const cdn: CdnSpec = { scope: (f?.get('scope')?.value as CdnScope | undefined) ?? DEFAULT_CDN_SCOPE };
  const flag = (key: string) => f?.get(key)?.value as boolean | undefined;
  if (flag('private-origin') !== undefined) cdn.privateOrigin = flag('private-origin');
  if (flag('force-https') !== undefined) cdn.forceHttps = flag('force-https');
  if (flag('http2') !== undefined) cdn.http2 = flag('http2');
  const hsts = f?.get('hsts')?.value as number | boolean | undefined;
  if (hsts !== undefined) cdn.hsts = hsts === true ? DEFAULT_HSTS_MAX_AGE : hsts;
  return cdn;
}

function httpsOf(read: Read | undefined): { certId: string; region?: string } | undefined {
  const id = read?.fields?.get('cert-id')?.value;
  if (id === undefined) return undefined;
  const [, certId, region] = /^([0-9]+)(?:-(.+))?$/.exec(String(id))!;
  return region ? { certId: certId!, region } : { certId: certId! };
}
