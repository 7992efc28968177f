/**
 * Alidns read actions: DescribeDomains, DescribeDomainRecords (with the SearchMode rules of its API reference),
 * DescribeSubDomainRecords and DescribeDomainRecordInfo. Field names and types follow the SDK models exactly: RecordId
 * a string, TTL a number, Status `ENABLE` / `DISABLE`, RR lower case.
 */
import { type RecordState, relativeName, type World, type ZoneState, zoneOf } from '../state.js';
import { notMine, noZone } from './alidns-rules.js';
import { invalid, optional, page, required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

const DNS_SERVERS = ['dns1.hichina.com', 'dns2.hichina.com'];

/** The zone named by `DomainName` (case and a trailing dot ignored). */
export function zoneParam(ctx: RpcContext, name = 'DomainName'): ZoneState {
  const domain = required(ctx, name).toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
    throw new RpcError('InvalidDomainName.Format', 400, 'Invalid domain name.');
  }
  const zone = ctx.world.zones.get(domain);
  if (!zone) throw noZone();
  return zone;
}

export function findRecord(world: World, recordId: string): { zone: ZoneState; rec: RecordState } {
  for (const zone of world.zones.values()) {
    const rec = zone.records.get(recordId);
    if (rec) return { zone, rec };
  }
  throw notMine();
}

/** A record as DescribeDomainRecords lists it. */
function recordJson(zone: ZoneState, r: RecordState, withTimes = true): Record<string, unknown> {
  return {
    DomainName: zone.name,
    RecordId: r.recordId,
    RR: r.rr,
    Type: r.type,
    Value: r.value,
    TTL: r.ttl,
    Priority: r.priority ?? 0,
    Line: r.line,
    Status: r.status,
    Locked: r.locked,
    Weight: r.weight,
    Remark: r.remark,
    ...(withTimes ? { CreateTimestamp: r.createTimestamp, UpdateTimestamp: r.updateTimestamp, LbaStatus: false } : {}),
  };
}

/** Newest first (Direction DESC, the default); record ids grow, so they order creation exactly. */
function sorted(zone: ZoneState, direction: string | undefined): RecordState[] {
  const all = [...zone.records.values()].sort((a, b) => Number(b.recordId) - Number(a.recordId));
  return direction?.toUpperCase() === 'ASC' ? all.reverse() : all;
}

const has = (s: string, kw: string) => s.toLowerCase().includes(kw.toLowerCase());
const eq = (s: string, kw: string) => s.toLowerCase() === kw.toLowerCase();

/** The record filter of DescribeDomainRecords, per SearchMode (see the SDK's documentation of the request). */
function recordFilter(ctx: RpcContext): (r: RecordState) => boolean {
  const keyWord = optional(ctx, 'KeyWord');
  const mode = (optional(ctx, 'SearchMode') ?? (keyWord !== undefined ? 'LIKE' : 'DEFAULT')).toUpperCase();
  if (mode === 'LIKE' || mode === 'EXACT') {
    if (keyWord === undefined) return () => true;
    const match = mode === 'LIKE' ? has : eq;
    return (r) => match(r.rr, keyWord) || match(r.value, keyWord);
  }
  if (mode !== 'ADVANCED' && mode !== 'COMBINATION' && mode !== 'DEFAULT') throw invalid('SearchMode');
  const fuzzy = mode === 'COMBINATION' ? eq : has;
  const rrKw = optional(ctx, 'RRKeyWord');
  const valueKw = optional(ctx, 'ValueKeyWord');
  const typeKw = optional(ctx, 'TypeKeyWord');
  const type = optional(ctx, 'Type');
  const line = optional(ctx, 'Line');
  const status = optional(ctx, 'Status');
  if (status !== undefined && !/^(enable|disable)$/i.test(status)) throw invalid('Status');
  return (r) =>
    (rrKw === undefined || fuzzy(r.rr, rrKw)) &&
    (valueKw === undefined || fuzzy(r.value, valueKw)) &&
    (typeKw === undefined || eq(r.type, typeKw)) &&
    (type === undefined || eq(r.type, type)) &&
    (line === undefined || eq(r.line, line)) &&
    (status === undefined || eq(r.status, status));
}

export function describeDomains(ctx: RpcContext): Record<string, unknown> {
  const keyWord = optional(ctx, 'KeyWord');
  const exact = optional(ctx, 'SearchMode')?.toUpperCase() === 'EXACT';
  const zones = [...ctx.world.zones.values()].filter(
    (z) => keyWord === undefined || (exact ? eq(z.name, keyWord) : has(z.name, keyWord)),
  );
  const p = page(ctx, zones, 20, 100);
  return {
    RequestId: ctx.requestId,
    TotalCount: p.totalCount,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    Domains: {
      Domain: p.items.map((z) => ({
        DomainId: z.domainId,
        DomainName: z.name,
        PunyCode: z.name,
        AliDomain: true,
        RecordCount: z.records.size,
        RegistrantEmail: '',
        Remark: z.remark,
        // A zone on the free edition belongs to no group and no paid instance.
        GroupId: '',
        GroupName: '',
        InstanceId: '',
        InstanceEndTime: '',
        ResourceGroupId: 'rg-sandbox',
        VersionCode: 'mianfei',
        VersionName: 'Alibaba Cloud DNS',
        InstanceExpired: false,
        Starmark: false,
        CreateTime: new Date(z.created).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z'),
        CreateTimestamp: z.created,
        DomainLoggingSwitchStatus: 'CLOSE',
        SlaveDnsStatus: 'CLOSE',
        DnsServers: { DnsServer: DNS_SERVERS },
      })),
    },
  };
}

export function describeDomainRecords(ctx: RpcContext): Record<string, unknown> {
  const zone = zoneParam(ctx);
  const filter = recordFilter(ctx);
  const p = page(
    ctx,
    sorted(zone, optional(ctx, 'Direction')).filter((r) => filter(r)),
    20,
    500,
  );
  return {
    RequestId: ctx.requestId,
    TotalCount: p.totalCount,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    DomainRecords: { Record: p.items.map((r) => recordJson(zone, r)) },
  };
}

export function describeSubDomainRecords(ctx: RpcContext): Record<string, unknown> {
  const sub = required(ctx, 'SubDomain').toLowerCase().replace(/\.$/, '');
  const zone = optional(ctx, 'DomainName') !== undefined ? zoneParam(ctx) : zoneOf(ctx.world, sub);
  if (!zone) throw noZone();
  if (sub !== zone.name && !sub.endsWith(`.${zone.name}`)) throw invalid('SubDomain');
  const rr = relativeName(sub, zone.name);
  const type = optional(ctx, 'Type');
  const line = optional(ctx, 'Line');
  const matches = sorted(zone, undefined).filter(
    (r) => r.rr === rr && (type === undefined || eq(r.type, type)) && (line === undefined || eq(r.line, line)),
  );
  const p = page(ctx, matches, 20, 100);
  return {
    RequestId: ctx.requestId,
    TotalCount: p.totalCount,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    DomainRecords: { Record: p.items.map((r) => recordJson(zone, r, false)) },
  };
}

export function describeDomainRecordInfo(ctx: RpcContext): Record<string, unknown> {
  const { zone, rec } = findRecord(ctx.world, required(ctx, 'RecordId'));
  return {
    RequestId: ctx.requestId,
    DomainId: zone.domainId,
    PunyCode: zone.name,
    ...recordJson(zone, rec, false),
  };
}
