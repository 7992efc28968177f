/**
 * The sandbox's Alibaba Cloud DNS (Alidns 2015-01-09): the record actions the tool uses, with the real conflict rules
 * and error codes (Alidns API reference). Every TXT write stamps `world.recordWrittenAt`, which the OSS and CDN
 * ownership checks read to emulate propagation delay.
 */
import type { RecordState, ZoneState } from '../state.js';
import {
  describeDomainRecordInfo,
  describeDomainRecords,
  describeDomains,
  describeSubDomainRecords,
  findRecord,
  zoneParam,
} from './alidns-read.js';
import { checkPlacement, duplicate, type RecordInput, unchanged, validateRecord } from './alidns-rules.js';
import { integer, invalid, optional, required } from './params.js';
import { type RpcContext, RpcError, type RpcHandler, type RpcProduct } from './types.js';

/** The record fields of an Add/Update request, normalised (RR lower case, type upper case). */
function recordInput(ctx: RpcContext, current?: RecordState): RecordInput {
  const rr = required(ctx, 'RR').toLowerCase();
  const type = required(ctx, 'Type').toUpperCase();
  const value = required(ctx, 'Value');
  const priorityText = optional(ctx, 'Priority');
  const input: RecordInput = {
    rr,
    type,
    value,
    ttl: integer(ctx, 'TTL', current?.ttl ?? 600, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    line: optional(ctx, 'Line') ?? current?.line ?? 'default',
  };
  if (type === 'MX') {
    input.priority = priorityText !== undefined ? integer(ctx, 'Priority', 0, 1, 50) : (current?.priority ?? 10);
  }
  validateRecord(input);
  return input;
}

function touch(ctx: RpcContext, rec: RecordState): void {
  rec.updateTimestamp = ctx.now;
  if (rec.type === 'TXT') ctx.world.recordWrittenAt.set(rec.recordId, ctx.now);
}

function addDomainRecord(ctx: RpcContext): Record<string, unknown> {
  const zone = zoneParam(ctx);
  const input = recordInput(ctx);
  checkPlacement(zone, input);
  const recordId = String(++ctx.world.seq.record);
  const rec: RecordState = {
    recordId,
    rr: input.rr,
    type: input.type,
    value: input.value,
    ttl: input.ttl,
    line: input.line,
    status: 'ENABLE',
    remark: '',
    locked: false,
    weight: 1,
    priority: input.priority,
    createTimestamp: ctx.now,
    updateTimestamp: ctx.now,
  };
  zone.records.set(recordId, rec);
  touch(ctx, rec);
  return { RequestId: ctx.requestId, RecordId: recordId };
}

function writable(ctx: RpcContext): { zone: ZoneState; rec: RecordState } {
  const found = findRecord(ctx.world, required(ctx, 'RecordId'));
  if (found.rec.locked) {
    throw new RpcError('DomainRecordLocked', 400, 'The DNS record is locked and cannot be changed or deleted.');
  }
  return found;
}

function updateDomainRecord(ctx: RpcContext): Record<string, unknown> {
  const { zone, rec } = writable(ctx);
  const input = recordInput(ctx, rec);
  if (unchanged(rec, input)) throw duplicate();
  checkPlacement(zone, input, rec.recordId);
  if (rec.type === 'TXT' && input.type !== 'TXT') ctx.world.recordWrittenAt.delete(rec.recordId);
  Object.assign(rec, {
    rr: input.rr,
    type: input.type,
    value: input.value,
    ttl: input.ttl,
    line: input.line,
    priority: input.priority,
  });
  touch(ctx, rec);
  return { RequestId: ctx.requestId, RecordId: rec.recordId };
}

function deleteDomainRecord(ctx: RpcContext): Record<string, unknown> {
  const { zone, rec } = writable(ctx);
  zone.records.delete(rec.recordId);
  ctx.world.recordWrittenAt.delete(rec.recordId);
  return { RequestId: ctx.requestId, RecordId: rec.recordId };
}

function updateDomainRecordRemark(ctx: RpcContext): Record<string, unknown> {
  const { rec } = findRecord(ctx.world, required(ctx, 'RecordId'));
  const remark = optional(ctx, 'Remark') ?? '';
  if (remark.length > 50) throw invalid('Remark');
  rec.remark = remark;
  rec.updateTimestamp = ctx.now;
  return { RequestId: ctx.requestId };
}

function setDomainRecordStatus(ctx: RpcContext): Record<string, unknown> {
  const { rec } = writable(ctx);
  const status = required(ctx, 'Status');
  if (!/^(enable|disable)$/i.test(status)) throw invalid('Status');
  const next = status.toLowerCase() === 'enable' ? 'ENABLE' : 'DISABLE';
  if (rec.status !== next) {
    rec.status = next;
    touch(ctx, rec);
  }
  return { RequestId: ctx.requestId, RecordId: rec.recordId, Status: next === 'ENABLE' ? 'Enable' : 'Disable' };
}

const handlers: Record<string, RpcHandler> = {
  DescribeDomains: describeDomains,
  DescribeDomainRecords: describeDomainRecords,
  DescribeSubDomainRecords: describeSubDomainRecords,
  DescribeDomainRecordInfo: describeDomainRecordInfo,
  AddDomainRecord: addDomainRecord,
  UpdateDomainRecord: updateDomainRecord,
  DeleteDomainRecord: deleteDomainRecord,
  UpdateDomainRecordRemark: updateDomainRecordRemark,
  SetDomainRecordStatus: setDomainRecordStatus,
};

/** Alibaba Cloud DNS, as the front dispatches it (`x-acs-version: 2015-01-09`). */
export const alidns: RpcProduct = {
  name: 'Alidns',
  version: '2015-01-09',
  hostId: 'alidns.aliyuncs.com',
  handlers,
  writes: new Set([
    'AddDomainRecord',
    'UpdateDomainRecord',
    'DeleteDomainRecord',
    'UpdateDomainRecordRemark',
    'SetDomainRecordStatus',
  ]),
};
