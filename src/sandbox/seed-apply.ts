/**
 * Writes a validated seed into a world. Seeds add to what is there (a bucket or zone that already exists gets the
 * seed's objects, bindings and records on top), so `control.seed()` can layer a test's fixtures over the default story.
 */
import { ossAuthConfigs } from './rpc/cdn-config.js';
import { type SeedCertificate, SeedError, type SeedSpec } from './seed.js';
import type { SeedBucket, SeedCdnDomain, SeedZone } from './seed-types.js';
import type { CertificateState, CnameCertState, RecordState, World } from './state.js';
import { contentTypeFor, fingerprintOf, newObject } from './util.js';

const DAY = 86_400_000;

/** The region CAS certificate ids carry on the China site (`12345-cn-hangzhou`). */
export const CAS_REGION = 'cn-hangzhou';

/** Adds a validated seed to `world`; a binding to an unknown certificate is a `SeedError`, and nothing is written. */
export function applySeed(world: World, spec: SeedSpec, now: number): void {
  checkReferences(world, spec);
  if (spec.timing) Object.assign(world.timing, spec.timing);

  for (const c of spec.certificates ?? []) world.certificates.set(String(c.id), certificateOf(c, now));

  for (const b of spec.buckets ?? []) seedBucket(world, b, now);
  for (const z of spec.zones ?? []) seedZone(world, z, now);
  for (const d of spec.cdn ?? []) seedCdnDomain(world, d, now);
  for (const u of spec.unfiled ?? []) world.unfiled.add(u.toLowerCase());
  for (const r of spec.cdnVerifiedRoots ?? []) world.cdnVerifiedRoots.add(r.toLowerCase());
}

/** A bucket of the seed: created, or the existing one updated; its objects and bindings added. */
function seedBucket(world: World, b: SeedBucket, now: number): void {
  let bucket = world.buckets.get(b.name);
  if (!bucket) {
    bucket = {
      name: b.name,
      region: b.region,
      acl: b.acl ?? 'private',
      created: now,
      objects: new Map(),
      cnames: new Map(),
      tokens: new Map(),
    };
    world.buckets.set(b.name, bucket);
  } else {
    bucket.region = b.region;
    if (b.acl) bucket.acl = b.acl;
  }
  for (const o of b.objects ?? []) {
    const body = o.text !== undefined ? Buffer.from(String(o.text), 'utf8') : Buffer.from(o.base64 ?? '', 'base64');
    bucket.objects.set(o.key, newObject(body, o.contentType ?? contentTypeFor(o.key), now));
  }
  for (const c of b.cnames ?? []) {
    const domain = c.domain.toLowerCase();
    const cert = c.cert === undefined ? undefined : world.certificates.get(String(c.cert));
    bucket.cnames.set(domain, {
      domain,
      lastModified: now,
      status: 'Enabled',
      certificate: cert ? cnameCertOf(cert, now) : undefined,
      purgeCdnCache: c.purgeCdnCache === true ? true : undefined,
    });
  }
}

/** A zone of the seed, created if needed, and its records. */
function seedZone(world: World, z: SeedZone, now: number): void {
  const name = z.name.toLowerCase();
  let zone = world.zones.get(name);
  if (!zone) {
    zone = { name, domainId: zoneId(world), created: now, remark: '', records: new Map() };
    world.zones.set(name, zone);
  }
  for (const r of z.records ?? []) {
    const recordId = String(++world.seq.record);
    const rec: RecordState = {
      recordId,
      rr: r.rr.toLowerCase(),
      type: r.type.toUpperCase(),
      value: String(r.value),
      ttl: r.ttl ?? 600,
      line: r.line ?? 'default',
      status: r.status ?? 'ENABLE',
      remark: r.remark ?? '',
      locked: false,
      weight: 1,
      priority: r.type.toUpperCase() === 'MX' ? 10 : undefined,
      createTimestamp: now,
      updateTimestamp: now,
    };
    zone.records.set(recordId, rec);
    // Seeded records are old news: visible to ownership checks at once.
    world.recordWrittenAt.set(recordId, now - 365 * DAY);
  }
}

/** A CDN domain of the seed: its functions, and the `oss_auth` one CDN adds by itself to a domain with an OSS origin. */
function seedCdnDomain(world: World, d: SeedCdnDomain, now: number): void {
  const domain = d.domain.toLowerCase();
  const sources = (d.sources ?? [{ type: 'oss', content: d.origin ?? '' }]).map((s) => ({
    type: s.type,
    content: s.content,
    port: s.port ?? 80,
    priority: s.priority ?? '20',
    weight: s.weight ?? '10',
  }));
  const status = d.status ?? 'online';
  world.cdn.set(domain, {
    domain,
    domainId: ++world.seq.cdnDomain,
    cname: `${domain}.w.kunlunsl.com`,
    cdnType: d.cdnType ?? 'web',
    scope: d.scope ?? 'domestic',
    sources,
    status,
    onlineAt: status === 'configuring' ? now + world.timing.cdnOnlineDelayMs : now,
    tags: new Map(Object.entries(d.tags ?? {})),
    ssl: d.cert
      ? {
          protocol: 'on',
          certId: String(d.cert),
          certType: 'cas',
          certName: world.certificates.get(String(d.cert))?.name,
          certRegion: CAS_REGION,
          updated: now,
        }
      : { protocol: 'off' },
    configs: [
      ...ossAuthConfigs(world, sources, now),
      ...Object.entries(d.functions ?? {}).map(([functionName, args]) => ({
        configId: ++world.seq.config,
        functionName,
        args: Object.entries(args).map(([argName, argValue]) => ({ argName, argValue })),
        parentId: '',
        readyAt: now,
      })),
    ],
    created: now,
    modified: now,
  });
}

/** Bindings may name certificates of the seed or of the world; checked before anything is written. */
function checkReferences(world: World, spec: SeedSpec): void {
  const known = new Set([...world.certificates.keys(), ...(spec.certificates ?? []).map((c) => String(c.id))]);
  const issues = (spec.buckets ?? []).flatMap((b, i) =>
    (b.cnames ?? []).flatMap((c, j) =>
      c.cert === undefined || known.has(String(c.cert))
        ? []
        : [
            {
              path: `buckets[${i}].cnames[${j}].cert`,
              message: `certificate ${c.cert} is not declared`,
              hint: 'declare it under certificates (id, domains), or remove cert',
            },
          ],
    ),
  );
  if (issues.length) throw new SeedError(issues);
}

function certificateOf(c: SeedCertificate, now: number): CertificateState {
  const notBefore = c.notBefore ? new Date(c.notBefore).getTime() : now - DAY;
  const notAfter = c.notAfter ? new Date(c.notAfter).getTime() : now + (c.validDays ?? 365) * DAY;
  return {
    id: String(c.id),
    name: c.name ?? `cert-${c.id}`,
    domains: c.domains.map((d) => d.toLowerCase()),
    notBefore,
    notAfter,
    fingerprint: fingerprintOf(`cas:${c.id}`),
  };
}

/** How a CAS certificate looks once bound to an OSS custom domain. */
export function cnameCertOf(cert: CertificateState, now: number): CnameCertState {
  return {
    certId: `${cert.id}-${CAS_REGION}`,
    type: 'CAS',
    creationDate: now,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprint: cert.fingerprint,
  };
}

function zoneId(world: World): string {
  const n = world.seq.zone++;
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
