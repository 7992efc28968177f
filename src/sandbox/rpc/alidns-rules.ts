/**
 * Alidns record rules: what a valid record looks like, and which records may share a host (Alibaba Cloud DNS
 * documentation on conflicting records).
 *
 * Two records "meet" when they have the same RR and the same line. Among records that meet:
 * - the same type and the same value is a duplicate (`DomainRecordDuplicate`);
 * - a CNAME excludes every other type, and a second CNAME with another value, except that at the apex (`@`) a CNAME
 *   may sit beside MX and TXT records (`DomainRecordConflict`);
 * - A, AAAA, TXT, MX, ... records of the same type with different values coexist.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { RecordState, ZoneState } from '../state.js';
import { invalid } from './params.js';
import { RpcError } from './types.js';

const RECORD_TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'REDIRECT_URL', 'FORWARD_URL']);

/** The Free edition's TTL range. */
const MIN_TTL = 600;
const MAX_TTL = 86_400;

/** The fields a write sets. */
export interface RecordInput {
  rr: string;
  type: string;
  value: string;
  ttl: number;
  line: string;
  priority?: number;
}

const HOST = /^(?=.{1,253}$)([a-z0-9_*]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;
const RR = /^(@|\*|(\*\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*)$/;

export const duplicate = (): RpcError => new RpcError('DomainRecordDuplicate', 400, 'The DNS record already exists.');

export const notMine = (): RpcError =>
  new RpcError('DomainRecordNotBelongToUser', 400, 'The DNS record does not exist in your account.');

export const noZone = (): RpcError =>
  new RpcError(
    'InvalidDomainName.NoExist',
    400,
    'The specified domain name does not exist. Refresh the page and try again.',
  );

/** Checks one record's own fields; the RR must already be lower-cased. */
export function validateRecord(rec: RecordInput): void {
  if (!RR.test(rec.rr)) throw invalid('RR');
  if (!RECORD_TYPES.has(rec.type)) throw invalid('Type');
  if (!Number.isInteger(rec.ttl) || rec.ttl < MIN_TTL || rec.ttl > MAX_TTL) throw invalid('TTL');
  if (!/^[a-z0-9_]+$/i.test(rec.line)) throw invalid('Line');
  const v = rec.value;
  const ok =
    rec.type === 'A'
      ? isIPv4(v)
      : rec.type === 'AAAA'
        ? isIPv6(v)
        : rec.type === 'CNAME' || rec.type === 'NS' || rec.type === 'MX'
          ? HOST.test(v)
          : v.length > 0 && v.length <= 4096;
  if (!ok) throw invalid('Value');
  if (rec.type === 'MX' && (rec.priority === undefined || rec.priority < 1 || rec.priority > 50)) {
    throw invalid('Priority');
  }
}

/** Values compare as DNS names for name-valued types, byte for byte otherwise. */
function sameValue(type: string, a: string, b: string): boolean {
  if (type === 'CNAME' || type === 'NS' || type === 'MX') {
    return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
  }
  return a === b;
}

function coexists(rr: string, a: string, b: string): boolean {
  if (a !== 'CNAME' && b !== 'CNAME') return true;
  if (a === 'CNAME' && b === 'CNAME') return false;
  const other = a === 'CNAME' ? b : a;
  return rr === '@' && (other === 'MX' || other === 'TXT');
}

/**
 * Throws `DomainRecordDuplicate` or `DomainRecordConflict` when `rec` cannot join the zone. `self` is the id of the
 * record being updated, which is not compared with itself.
 */
export function checkPlacement(zone: ZoneState, rec: RecordInput, self?: string): void {
  for (const other of zone.records.values()) {
    if (other.recordId === self || other.rr !== rec.rr || other.line !== rec.line) continue;
    if (other.type === rec.type && sameValue(rec.type, other.value, rec.value)) throw duplicate();
  }
  for (const other of zone.records.values()) {
    if (other.recordId === self || other.rr !== rec.rr || other.line !== rec.line) continue;
    if (!coexists(rec.rr, rec.type, other.type)) {
      throw new RpcError(
        'DomainRecordConflict',
        400,
        `The DNS record conflicts with other records: ${other.type} ${other.rr} → ${other.value} (record ${other.recordId}).`,
      );
    }
  }
}

/** True when an update would leave the record exactly as it is (Alidns refuses those as duplicates). */
export function unchanged(current: RecordState, rec: RecordInput): boolean {
  return (
    current.rr === rec.rr &&
    current.type === rec.type &&
    sameValue(rec.type, current.value, rec.value) &&
    current.line === rec.line &&
    current.ttl === rec.ttl &&
    (rec.priority === undefined || current.priority === rec.priority)
  );
}
