/**
 * From what the reader found to a DomainsConfig: defaults applied, names normalised, and the rules that involve
 * more than one key — region required here or in defaults, duplicate domains (after normalisation), a zone that
 * does not contain its domain, and an apex domain whose CNAME Alidns would have to write.
 */
import type { CdnScope, CdnSpec, DomainSpec, DomainsConfig } from '../model.js';
import { displayDomain, inZone, normaliseDomain, normaliseRegion } from '../names.js';
import { DEFAULT_CDN_SCOPE, DEFAULT_HSTS_MAX_AGE, DEFAULT_OWNER, DEFAULT_TTL } from './definition.js';
import type { Pos, Read, Reader } from './read.js';
import { checkEdgeOptions, WebsiteRule, websiteOf } from './website.js';

/** A value for one domain, from its entry or from defaults. */
interface Source {
  read: Read;
  fromDefaults: boolean;
}

/** Builds the config; `undefined` when the reader or these rules found any issue (all of them are in `reader.issues`). */
export function buildConfig(root: Read, reader: Reader, file: string): DomainsConfig | undefined {
  const top = root.fields ?? new Map<string, Read>();
  const defaults = top.get('defaults')?.fields ?? new Map<string, Read>();
  const entries = top.get('domains')?.items ?? [];
  const seen = new Map<string, Pos>();
  const domains: DomainSpec[] = [];
  const websites = new WebsiteRule(reader);

  entries.forEach((entry, i) => {
    const own = entry.fields;
    if (!own) return; // not a mapping: already reported
    const get = (key: string): Source | undefined => {
      const mine = own.get(key);
      if (mine) return { read: mine, fromDefaults: false };
      const def = defaults.get(key);
      return def ? { read: def, fromDefaults: true } : undefined;
    };
    const domainRead = own.get('domain');
    const bucket = get('bucket');
    if (!bucket) {
      reader.issue(
        entry.pos,
        `bucket is missing in domains[${i}]`,
        'add bucket: <the OSS bucket that serves this domain, e.g. abc-img> to this entry',
      );
    }
    const region = get('region');
    if (!region) {
      reader.issue(
        entry.pos,
        `region is missing in domains[${i}] and in defaults`,
        "add region: <the bucket's region, e.g. cn-hangzhou> to this entry, or to defaults: for every domain",
      );
    }
    if (!domainRead?.ok) return;
    const written = String(domainRead.value);
    const domain = normaliseDomain(written);
    const first = seen.get(domain);
    if (first) {
      reader.issue(
        domainRead.pos,
        `duplicate domain "${written}" in domains[${i}]: line ${first.line} declares ${domain} already`,
        'declare each domain once (case, a trailing dot and IDN spelling do not make a different domain)',
      );
    } else {
      seen.set(domain, domainRead.pos);
    }

    const dns = (get('dns')?.read.value as 'alidns' | 'none' | undefined) ?? 'alidns';
    const zone = get('zone');
    const zoneName = zone?.read.ok ? normaliseDomain(String(zone.read.value)) : undefined;
    if (zone && zoneName !== undefined) {
      const at = zone.fromDefaults ? domainRead.pos : zone.read.pos;
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

    const all = [
      bucket?.read,
      region?.read,
      get('cdn')?.read,
      get('https')?.read,
      get('website')?.read,
      get('ttl')?.read,
      get('takeover')?.read,
    ];
    if (!all.every((r) => r === undefined || r.ok) || !bucket || !region) return;
    const https = httpsOf(get('https')?.read);
    checkEdgeOptions(reader, get('cdn'), https !== undefined, domainRead.pos, i);

    const spec: DomainSpec = {
      domain,
      display: displayDomain(domain),
      bucket: String(bucket.read.value),
      region: normaliseRegion(String(region.read.value)),
      ttl: (get('ttl')?.read.value as number | undefined) ?? DEFAULT_TTL,
      dns,
      takeover: (get('takeover')?.read.value as boolean | undefined) ?? false,
      pos: { file, ...entry.pos },
    };
    if (zoneName !== undefined) spec.zone = zoneName;
    const cdn = cdnOf(get('cdn')?.read);
    if (cdn) spec.cdn = cdn;
    if (https) spec.https = https;
    const website = get('website');
    const site = websiteOf(website?.read);
    if (website && site) {
      spec.website = site;
      websites.declare(spec.bucket, site, { index: i, pos: website.read.pos, fromDefaults: website.fromDefaults });
    }
    domains.push(spec);
  });

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
