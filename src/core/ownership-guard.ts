/**
 * The write boundary's ownership check. Apply runs through a runtime whose mutating port methods are wrapped: before
 * each delete, update, re-mark, status change, CDN tag or configuration change, and each binding change (PutCname on
 * a bound domain, DeleteCname), the guard checks what it is about to touch against what was observed — the facts the
 * plan's steps carry (a record's remark, a CDN domain's owner tag, a binding's evidence), refreshed by every read
 * apply makes and by what apply itself creates — using the rules of ownership.ts. Anything not provably this owner's
 * is refused with a `NotOwned` error that says what to do; apply reports it as the step's failure, never skips it.
 *
 * It is the second of two checks: the planner already decided with the same rules. The guard catches what a planner
 * bug, a stale plan or a record changed since the plan would otherwise let through.
 */
import { CloudError, type Service } from './errors.js';
import type { DnsRecord, Plan, Step } from './model.js';
import { bucketDomain } from './names.js';
import {
  describeOwner,
  dnsauthDomain,
  isAdoptable,
  isOwnRecord,
  PROOF_TXT_TTL,
  provesBinding,
  type RecordContent,
  recordMarker,
} from './ownership.js';
import type { CdnPort, DnsPort, OssPort, Runtime } from './ports.js';

type Seen = Partial<DnsRecord>;

/** What the guard knows during one apply. */
class Knowledge {
  readonly records = new Map<string, Seen>();
  readonly recordTakeover = new Set<string>();
  readonly created = new Set<string>();
  readonly asked = new Map<string, RecordContent>();
  readonly added: (RecordContent & { zone: string; rr: string })[] = [];
  readonly tokens = new Set<string>();
  readonly cdnOwner = new Map<string, string | undefined>();
  readonly cdnCname = new Map<string, string>();
  readonly cdnTakeover = new Set<string>();
  readonly bindingsProven = new Set<string>();
  readonly bindingsCreated = new Set<string>();
  readonly bindingTakeover = new Set<string>();

  constructor(readonly owner: string) {}

  /** Seeds from the plan: each step's observed facts, re-checked with the ownership rules. */
  learnPlan(plan: Plan): void {
    for (const d of plan.domains) for (const s of d.steps) this.learnStep(s);
  }

  private learnStep(s: Step): void {
    switch (s.kind) {
      case 'bind':
        this.bindingsCreated.add(key(s.bucket, s.domain));
        if (s.takeover) this.bindingTakeover.add(s.domain);
        return;
      case 'unbind':
      case 'set-oss-cert':
        if (s.takeover) this.bindingTakeover.add(s.domain);
        else if (provesBinding(s.evidence, s, this.owner)) this.bindingsProven.add(key(s.bucket, s.domain));
        return;
      case 'delete-record':
        this.records.set(s.recordId, { zone: s.zone, rr: s.rr, remark: s.remark, type: s.type, value: s.value });
        if (s.takeover) this.recordTakeover.add(s.recordId);
        return;
      case 'update-record':
        this.records.set(s.recordId, { zone: s.zone, rr: s.rr, ...s.from, status: s.from.status ?? 'ENABLE' });
        this.asked.set(s.recordId, { type: s.type, value: s.value, ttl: s.ttl });
        if (s.takeover) this.recordTakeover.add(s.recordId);
        return;
      case 'create-cdn':
        if (s.takeover) this.cdnTakeover.add(s.domain);
        return;
      case 'start-cdn':
      case 'set-cdn-cert':
      case 'set-cdn-config':
      case 'delete-cdn':
        if (s.owner !== undefined && !this.cdnOwner.has(s.domain)) this.cdnOwner.set(s.domain, s.owner);
        return;
      default:
        return;
    }
  }

  /** True when record `id` may be changed or deleted: ours, created by this apply, or under `takeover`. */
  mayChangeRecord(id: string): boolean {
    const r = this.records.get(id);
    return this.created.has(id) || this.recordTakeover.has(id) || (r !== undefined && isOwnRecord(r, this.owner));
  }

  /** The adoption rule, with what this apply asks of the record (a step, an AddDomainRecord, an OSS token). */
  mayAdopt(id: string): boolean {
    const r = this.records.get(id);
    if (!r || r.type === undefined || r.value === undefined || r.ttl === undefined) return false;
    const known = { ...r, status: r.status ?? 'ENABLE' } as DnsRecord;
    const asked = this.asked.get(id);
    const candidates: RecordContent[] = asked ? [this.resolve(asked)] : [];
    for (const a of this.added) if (a.zone === r.zone && a.rr === r.rr) candidates.push(a);
    if (r.zone && dnsauthDomain(known, r.zone) && this.tokens.has(r.value))
      candidates.push({ type: 'TXT', value: r.value, ttl: PROOF_TXT_TTL });
    return candidates.some((c) => isAdoptable(known, c));
  }

  /** A `cdn:<domain>` value stands for the CNAME CDN assigned to the domain, once read. */
  private resolve(c: RecordContent): RecordContent {
    if (!c.value.startsWith('cdn:')) return c;
    return { ...c, value: this.cdnCname.get(c.value.slice(4)) ?? c.value };
  }

  ownsCdn(domain: string): boolean {
    return this.cdnOwner.get(domain) === this.owner;
  }

  mayChangeBinding(bucket: string, domain: string, creating: boolean): boolean {
    const k = key(bucket, domain);
    return this.bindingsProven.has(k) || this.bindingTakeover.has(domain) || (creating && this.bindingsCreated.has(k));
  }
}

const key = (bucket: string, domain: string) => `${bucket}\n${domain}`;

function refuse(service: Service, action: string, resource: string, message: string, hint: string): CloudError {
  return new CloudError(`refused ${action} on ${resource}: ${message}`, {
    service,
    code: 'NotOwned',
    status: 0,
    action,
    resource,
    hint,
  });
}

const TAKEOVER_HINT =
  'oss-domains changes only what it can prove it owns; run plan again to see why, or set "takeover: true" (bind: --takeover) if this is yours to replace';

/** A runtime for one apply of `plan`, whose mutating calls pass the ownership checks (see the module comment). */
export function guardRuntime(rt: Runtime, plan: Plan): Runtime {
  const k = new Knowledge(plan.owner);
  k.learnPlan(plan);
  return { ...rt, dns: guardDns(rt.dns, k), cdn: guardCdn(rt.cdn, k), oss: guardOss(rt.oss, k) };
}

function recordRefusal(k: Knowledge, action: string, id: string): CloudError {
  const r = k.records.get(id);
  const what = r?.type ? `${r.rr ? `${r.rr} ` : ''}${r.type} ${r.value ?? ''}`.trim() : 'a record this apply never saw';
  const why = r ? describeOwner(r.remark) : 'it was not observed';
  return refuse('alidns', action, `record ${id} (${what})`, `it is ${why}, not owner "${k.owner}"'s`, TAKEOVER_HINT);
}

function guardDns(port: DnsPort, k: Knowledge): DnsPort {
  return override(port, {
    async listRecords(zone) {
      const list = await port.listRecords(zone);
      for (const r of list) k.records.set(r.recordId, r);
      return list;
    },
    async addRecord(zone, rec) {
      k.added.push({ zone, rr: rec.rr.toLowerCase(), type: rec.type, value: rec.value, ttl: rec.ttl });
      const r = await port.addRecord(zone, rec);
      k.created.add(r.recordId);
      k.records.set(r.recordId, { zone, ...rec, rr: rec.rr.toLowerCase(), status: 'ENABLE' });
      return r;
    },
    async updateRecord(id, rec) {
      if (!k.mayChangeRecord(id)) throw recordRefusal(k, 'UpdateDomainRecord', id);
      const r = await port.updateRecord(id, rec);
      k.records.set(id, { ...k.records.get(id), ...rec });
      return r;
    },
    async deleteRecord(id) {
      if (!k.mayChangeRecord(id)) throw recordRefusal(k, 'DeleteDomainRecord', id);
      return port.deleteRecord(id);
    },
    async setRemark(id, remark) {
      if (remark !== recordMarker(k.owner) || !(k.mayChangeRecord(id) || k.mayAdopt(id)))
        throw recordRefusal(k, 'UpdateDomainRecordRemark', id);
      const r = await port.setRemark(id, remark);
      k.records.set(id, { ...k.records.get(id), remark });
      return r;
    },
    async setStatus(id, status) {
      if (!k.mayChangeRecord(id)) throw recordRefusal(k, 'SetDomainRecordStatus', id);
      return port.setStatus(id, status);
    },
  });
}

function cdnRefusal(k: Knowledge, action: string, domain: string): CloudError {
  const owner = k.cdnOwner.get(domain);
  const why = owner ? `tagged for oss-domains owner "${owner}"` : 'not tagged for this owner';
  return refuse('cdn', action, `the CDN domain ${domain}`, `it is ${why}`, TAKEOVER_HINT);
}

function guardCdn(port: CdnPort, k: Knowledge): CdnPort {
  const mine = (action: string, call: (domain: string) => Promise<{ requestId: string }>) => async (domain: string) => {
    if (!k.ownsCdn(domain)) throw cdnRefusal(k, action, domain);
    return call(domain);
  };
  return override(port, {
    async listDomains(filter) {
      const list = await port.listDomains(filter);
      for (const c of list) k.cdnOwner.set(c.domain, c.owner);
      return list;
    },
    async getDomain(domain) {
      const c = await port.getDomain(domain);
      if (c) {
        k.cdnOwner.set(domain, c.owner);
        k.cdnCname.set(domain, c.cname);
      }
      return c;
    },
    async addDomain(domain, opts) {
      if (opts.owner !== k.owner) throw cdnRefusal(k, 'AddCdnDomain', domain);
      const r = await port.addDomain(domain, opts);
      k.cdnOwner.set(domain, k.owner);
      return r;
    },
    async tagOwner(domain, owner) {
      if (owner !== k.owner || !k.cdnTakeover.has(domain)) throw cdnRefusal(k, 'TagResources', domain);
      const r = await port.tagOwner(domain, owner);
      k.cdnOwner.set(domain, owner);
      return r;
    },
    startDomain: mine('StartCdnDomain', (d) => port.startDomain(d)),
    deleteDomain: mine('DeleteCdnDomain', (d) => port.deleteDomain(d)),
    async setCertificate(domain, certId) {
      if (!k.ownsCdn(domain)) throw cdnRefusal(k, 'SetCdnDomainSSLCertificate', domain);
      return port.setCertificate(domain, certId);
    },
    async setConfigs(domains, functions) {
      const foreign = domains.find((d) => !k.ownsCdn(d));
      if (foreign !== undefined) throw cdnRefusal(k, 'BatchSetCdnDomainConfig', foreign);
      return port.setConfigs(domains, functions);
    },
    async deleteConfigs(domain, ids) {
      if (!k.ownsCdn(domain)) throw cdnRefusal(k, 'DeleteSpecificConfig', domain);
      return port.deleteConfigs(domain, ids);
    },
  });
}

function bindingRefusal(k: Knowledge, action: string, bucket: string, region: string, domain: string): CloudError {
  return refuse(
    'oss',
    action,
    `${domain} on the bucket ${bucket}`,
    `nothing shows the binding is owner "${k.owner}"'s (no DNS record or CDN domain of this owner points at ${bucketDomain(bucket, region)})`,
    `run plan again; if the binding is yours, set "takeover: true" (bind: --takeover), or change it in the OSS console (Bucket → Domain Names)`,
  );
}

function guardOss(port: OssPort, k: Knowledge): OssPort {
  return override(port, {
    async createCnameToken(bucket, region, domain) {
      const t = await port.createCnameToken(bucket, region, domain);
      k.tokens.add(t.token);
      return t;
    },
    async putCname(bucket, region, domain, cert) {
      if (!k.mayChangeBinding(bucket, domain, true)) throw bindingRefusal(k, 'PutCname', bucket, region, domain);
      return port.putCname(bucket, region, domain, cert);
    },
    async deleteCname(bucket, region, domain) {
      if (!k.mayChangeBinding(bucket, domain, false)) throw bindingRefusal(k, 'DeleteCname', bucket, region, domain);
      return port.deleteCname(bucket, region, domain);
    },
  });
}

/** `port` with some methods replaced; every other method is the port's own. */
function override<P extends object>(port: P, methods: Partial<P>): P {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in methods) return (methods as Record<string, unknown>)[prop];
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
