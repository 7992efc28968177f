/**
 * Ownership: every rule that decides what this tool may change, in one place. The planner consults these rules to
 * decide; the guard (ownership-guard.ts) applies the same rules again at the write boundary, right before each
 * mutating call, to what was observed — the way external-dns filters by its registry in the planner and again when
 * it applies changes.
 *
 * - A DNS record is this owner's when its remark is exactly `oss-domains:<owner>` (Alidns's UpdateDomainRecordRemark
 *   is the only place a record can carry a marker). A record with any other remark — another owner's marker,
 *   `terraform:prod`, anything — is not this tool's.
 * - Adoption: a record with NO remark at all that already says exactly what is asked (type, value, TTL, enabled) may
 *   be marked as this owner's without `takeover`. That is the state a crash between AddDomainRecord and
 *   UpdateDomainRecordRemark leaves, and marking it changes nothing anyone resolves.
 * - A CDN domain is this owner's when it carries the tag `oss-domains` = `<owner>`.
 * - The ownership proofs are TXT records: `_dnsauth.<domain>` (OSS's CNAME token) and `verification.<root>` (CDN's
 *   verify content). Ours carry our remark like any other record; an unmarked `_dnsauth` record holding a token OSS
 *   has just issued to this account may be adopted.
 * - A bucket binding has no place for a marker. It counts as this owner's only with evidence: this owner's CNAME at
 *   the domain, or this owner's CDN domain for it, points at the bucket that holds the binding. Without evidence,
 *   prune, unbind, a move and a certificate change leave the binding alone and report it; `takeover` overrides.
 */
import type { Binding, BindingEvidence, CdnDomain, DnsRecord } from './model.js';
import { bucketDomain, fqdn, relativeName, rootDomain, sameHost } from './names.js';

const PREFIX = 'oss-domains:';

/** The tag key that carries the owner name on CDN domains this tool creates or takes over. */
export const CDN_OWNER_TAG = 'oss-domains';

/** The TTL of the ownership-proof TXT records this tool writes: the smallest every Alidns edition accepts. */
export const PROOF_TXT_TTL = 600;

/** The remark this owner writes on every DNS record it creates: `oss-domains:<owner>`. */
export const recordMarker = (owner: string): string => `${PREFIX}${owner}`;

/** The oss-domains owner a remark names; `undefined` for no remark or any other remark. */
export function remarkOwner(remark: string | undefined): string | undefined {
  return remark?.startsWith(PREFIX) ? remark.slice(PREFIX.length) : undefined;
}

/** True when the record carries this owner's marker. */
export const isOwnRecord = (r: { remark?: string }, owner: string): boolean => r.remark === recordMarker(owner);

/** True when the record carries any owner's oss-domains marker. */
export const isMarkedRecord = (r: { remark?: string }): boolean => remarkOwner(r.remark) !== undefined;

/** What a record's remark says about who owns it, for messages. */
export function describeOwner(remark: string | undefined): string {
  const owner = remarkOwner(remark);
  if (owner !== undefined) return `owned by oss-domains owner "${owner}"`;
  if (remark) return `not created by oss-domains (its remark is "${remark}")`;
  return 'not created by oss-domains';
}

/** What a record is asked to say. */
export interface RecordContent {
  type: string;
  value: string;
  ttl: number;
}

type Content = Pick<DnsRecord, 'type' | 'value' | 'ttl' | 'status' | 'remark'>;

/** True when `r` says exactly `want` (names compare as DNS names) and is enabled. */
export function saysExactly(r: Content, want: RecordContent): boolean {
  const sameValue = want.type === 'TXT' ? r.value === want.value : sameHost(r.value, want.value);
  return r.type === want.type && sameValue && r.ttl === want.ttl && r.status.toUpperCase() !== 'DISABLE';
}

/** The adoption rule: no remark at all, and already exactly what is asked. */
export const isAdoptable = (r: Content, want: RecordContent): boolean => !r.remark && saysExactly(r, want);

/** True when the CDN domain carries this owner's tag. */
export const isOwnCdn = (c: Pick<CdnDomain, 'owner'> | undefined, owner: string): boolean => c?.owner === owner;

/** The RR of OSS's ownership TXT record for `domain` in `zone`: `_dnsauth.img`, or `_dnsauth` at the apex. */
export function dnsauthRR(domain: string, zone: string): string {
  const rr = relativeName(domain, zone);
  return rr === '@' ? '_dnsauth' : `_dnsauth.${rr}`;
}

/** The domain a `_dnsauth` TXT record of `zone` proves, or `undefined` for any other record. */
export function dnsauthDomain(r: Pick<DnsRecord, 'rr' | 'type'>, zone: string): string | undefined {
  if (r.type !== 'TXT') return undefined;
  if (r.rr === '_dnsauth') return zone;
  return r.rr.startsWith('_dnsauth.') ? fqdn(r.rr.slice('_dnsauth.'.length), zone) : undefined;
}

/** The name of CDN's ownership TXT record for `domain`: `verification.<root domain>`. */
export const verificationName = (domain: string): string => `verification.${rootDomain(domain)}`;

/**
 * The evidence, among `records` (the records at the domain's name) and `cdn` (its CDN domain), that `owner` made
 * the binding of the domain on `b`'s bucket; `undefined` when there is none.
 */
export function bindingEvidence(
  b: Pick<Binding, 'bucket' | 'region'>,
  records: DnsRecord[],
  cdn: CdnDomain | undefined,
  owner: string,
): BindingEvidence | undefined {
  const evidence: BindingEvidence = {};
  const r = records.find((x) => isOwnRecord(x, owner) && x.type === 'CNAME' && pointsAtBucket(x.value, b));
  if (r) evidence.record = { recordId: r.recordId, value: r.value, remark: r.remark };
  if (cdn && isOwnCdn(cdn, owner) && cdn.sources.some((s) => pointsAtBucket(s.content, b)))
    evidence.cdn = { domain: cdn.domain, owner: cdn.owner, origins: cdn.sources.map((s) => s.content) };
  return evidence.record || evidence.cdn ? evidence : undefined;
}

/** Re-checks evidence carried by a step: it names this owner and points at the binding's bucket. */
export function provesBinding(
  evidence: BindingEvidence | undefined,
  b: Pick<Binding, 'bucket' | 'region'>,
  owner: string,
): boolean {
  if (!evidence) return false;
  const byRecord = evidence.record && isOwnRecord(evidence.record, owner) && pointsAtBucket(evidence.record.value, b);
  const byCdn = evidence.cdn && isOwnCdn(evidence.cdn, owner) && evidence.cdn.origins.some((o) => pointsAtBucket(o, b));
  return Boolean(byRecord || byCdn);
}

const pointsAtBucket = (host: string, b: Pick<Binding, 'bucket' | 'region'>): boolean =>
  sameHost(host, bucketDomain(b.bucket, b.region));
