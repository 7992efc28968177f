/** Builders for the engine's unit tests: declared domains and observed states without any I/O. */
import type { Binding, CdnDomain, DesiredState, DnsRecord, DomainSpec, Observed } from '../../src/core/model.js';

export function spec(domain: string, bucket = 'abc-img', extra: Partial<DomainSpec> = {}): DomainSpec {
  return {
    domain,
    display: domain,
    bucket,
    region: 'cn-hangzhou',
    ttl: 600,
    dns: 'alidns',
    takeover: false,
    ...extra,
  };
}

export function desired(domains: DomainSpec[], extra: Partial<DesiredState> = {}): DesiredState {
  return { owner: 'web', prune: false, domains, absent: [], scope: 'file', ...extra };
}

let nextId = 1;

export function rec(zone: string, rr: string, type: string, value: string, extra: Partial<DnsRecord> = {}): DnsRecord {
  return { recordId: String(nextId++), zone, rr, type, value, ttl: 600, line: 'default', status: 'ENABLE', ...extra };
}

export function observed(parts: {
  zones?: string[];
  records?: DnsRecord[];
  bindings?: Partial<Binding>[];
  buckets?: string[];
  cdn?: Partial<CdnDomain>[];
}): Observed {
  const zones = parts.zones ?? ['abc.com'];
  const records = new Map<string, DnsRecord[]>(zones.map((z) => [z, []]));
  for (const r of parts.records ?? []) records.get(r.zone)?.push(r);
  const bindings = new Map<string, Binding>();
  for (const b of parts.bindings ?? [])
    bindings.set(b.domain!, { bucket: 'abc-img', region: 'cn-hangzhou', status: 'Enabled', ...b } as Binding);
  const cdn = new Map<string, CdnDomain>();
  for (const c of parts.cdn ?? [])
    cdn.set(c.domain!, {
      cname: `${c.domain}.w.kunlunsl.com`,
      status: 'online',
      sources: [{ type: 'oss', content: 'abc-img.oss-cn-hangzhou.aliyuncs.com', port: 443 }],
      sslProtocol: 'off',
      ...c,
    } as CdnDomain);
  return {
    zones: zones.map((name) => ({ name })),
    records,
    bindings,
    bucketsRead: new Set(parts.buckets ?? ['abc-img', ...(parts.bindings ?? []).map((b) => b.bucket ?? 'abc-img')]),
    cdn,
  };
}

export const OSS_TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
