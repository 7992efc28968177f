/**
 * The DnsPort adapter on the official Alidns SDK (@alicloud/alidns20150109). Reads page through everything (zones
 * 100 per call, records 500 per call); writes return the request id for the report. Every failure is a `CloudError`.
 */
import AlidnsModule, * as $Alidns from '@alicloud/alidns20150109';
import { CloudError } from '../errors.js';
import type { DnsRecord, Zone } from '../model.js';
import { sameHost } from '../names.js';
import type { DnsPort } from '../ports.js';
import {
  allPages,
  type CallContext,
  type ClientOptions,
  callApi,
  openapiConfig,
  rpcCall,
  sdkClass,
} from './openapi.js';

type AlidnsClient = InstanceType<typeof AlidnsModule.default>;
const Alidns = sdkClass<typeof AlidnsModule.default>(AlidnsModule);

export const ALIDNS_PUBLIC_ENDPOINT = 'alidns.aliyuncs.com';

/** Name-valued records compare as DNS names (case and a trailing dot ignored); others byte for byte. */
function sameValue(type: string, a: string, b: string): boolean {
  return /^(CNAME|MX|NS)$/i.test(type) ? sameHost(a, b) : a === b;
}

/** One record of DescribeDomainRecords as it is on the wire (JSON), the fields we read. */
interface WireRecord {
  RecordId?: string | number;
  RR?: string;
  Type?: string;
  Value?: string;
  TTL?: number | string;
  Line?: string;
  Status?: string;
  Remark?: string;
}

/** A page of DescribeDomainRecords as it is on the wire. */
interface WireRecordsPage {
  TotalCount?: number | string;
  DomainRecords?: { Record?: WireRecord[] };
}

function toRecord(zone: string, r: WireRecord): DnsRecord {
  return {
    recordId: String(r.RecordId ?? ''),
    zone,
    rr: (r.RR ?? '').toLowerCase(),
    type: (r.Type ?? '').toUpperCase(),
    value: r.Value ?? '',
    ttl: Number(r.TTL ?? 0),
    line: r.Line ?? 'default',
    status: (r.Status ?? 'ENABLE').toUpperCase(),
    remark: r.Remark || undefined,
  };
}

/** The Alidns adapter; `endpoint` is a base URL (`OSS_DOMAINS_DNS_ENDPOINT`), default the public endpoint. */
export function createDnsAdapter(opts: ClientOptions): DnsPort {
  const client: AlidnsClient = new Alidns(openapiConfig(opts, ALIDNS_PUBLIC_ENDPOINT));
  const endpoint = opts.endpoint ?? `https://${ALIDNS_PUBLIC_ENDPOINT}`;
  const ctx = (action: string, resource?: string): CallContext => ({ service: 'alidns', action, endpoint, resource });
  // Every request goes through the runtime's governor: paced, bounded, retried.
  const call = <T>(c: CallContext, fn: () => Promise<T>) => callApi(c, fn, opts.governor);

  const PAGE_ZONES = 100;
  const PAGE_RECORDS = 500;

  return {
    listZones: () =>
      allPages<Zone>(async (pageNumber) => {
        const r = await call(ctx('DescribeDomains'), () =>
          client.describeDomains(new $Alidns.DescribeDomainsRequest({ pageNumber, pageSize: PAGE_ZONES })),
        );
        const items = (r.body?.domains?.domain ?? []).map((d) => ({ name: (d.domainName ?? '').toLowerCase() }));
        return { items, total: Number(r.body?.totalCount ?? 0) };
      }, PAGE_ZONES),

    listRecords: (zone) =>
      allPages<DnsRecord>(async (pageNumber) => {
        // Without the SDK's model cast (see rpcCall): the same request, the records read by their wire names.
        const body = await call(ctx('DescribeDomainRecords', zone), () =>
          rpcCall<WireRecordsPage | undefined>(client, 'DescribeDomainRecords', '2015-01-09', {
            DomainName: zone,
            PageNumber: pageNumber,
            PageSize: PAGE_RECORDS,
          }),
        );
        const items = (body?.DomainRecords?.Record ?? []).map((rec) => toRecord(zone, rec));
        return { items, total: Number(body?.TotalCount ?? 0) };
      }, PAGE_RECORDS),

    async addRecord(zone, rec) {
      const r = await call(ctx('AddDomainRecord', `${rec.rr}.${zone}`), () =>
        client.addDomainRecord(
          new $Alidns.AddDomainRecordRequest({
            domainName: zone,
            RR: rec.rr,
            type: rec.type,
            value: rec.value,
            TTL: rec.ttl,
          }),
        ),
      );
      return { recordId: String(r.body?.recordId ?? ''), requestId: r.body?.requestId ?? '' };
    },

    /**
     * Alidns answers `DomainRecordDuplicate` both for an update that changes nothing and for one that would copy
     * another record; only the record itself can tell them apart, so on that error we read it back.
     */
    async updateRecord(recordId, rec) {
      try {
        const r = await call(ctx('UpdateDomainRecord', `record ${recordId}`), () =>
          client.updateDomainRecord(
            new $Alidns.UpdateDomainRecordRequest({
              recordId,
              RR: rec.rr,
              type: rec.type,
              value: rec.value,
              TTL: rec.ttl,
            }),
          ),
        );
        return { requestId: r.body?.requestId ?? '' };
      } catch (e) {
        if (!(e instanceof CloudError) || e.code !== 'DomainRecordDuplicate') throw e;
        const info = await call(ctx('DescribeDomainRecordInfo', `record ${recordId}`), () =>
          client.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId })),
        );
        const b = info.body;
        const same =
          (b?.RR ?? '').toLowerCase() === rec.rr.toLowerCase() &&
          (b?.type ?? '').toUpperCase() === rec.type.toUpperCase() &&
          sameValue(rec.type, b?.value ?? '', rec.value) &&
          Number(b?.TTL) === rec.ttl;
        if (!same) throw e;
        return { requestId: e.requestId ?? '', unchanged: true };
      }
    },

    async deleteRecord(recordId) {
      const r = await call(ctx('DeleteDomainRecord', `record ${recordId}`), () =>
        client.deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId })),
      );
      return { requestId: r.body?.requestId ?? '' };
    },

    async setStatus(recordId, status) {
      const r = await call(ctx('SetDomainRecordStatus', `record ${recordId}`), () =>
        client.setDomainRecordStatus(new $Alidns.SetDomainRecordStatusRequest({ recordId, status })),
      );
      return { requestId: r.body?.requestId ?? '' };
    },

    async setRemark(recordId, remark) {
      const r = await call(ctx('UpdateDomainRecordRemark', `record ${recordId}`), () =>
        client.updateDomainRecordRemark(new $Alidns.UpdateDomainRecordRemarkRequest({ recordId, remark })),
      );
      return { requestId: r.body?.requestId ?? '' };
    },
  };
}
