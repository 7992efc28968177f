/**
 * An in-memory Alibaba Cloud behind the core's ports, for unit tests of the engine ("inject, don't mock"). It keeps
 * the semantics the engine relies on (duplicate and conflicting records, ownership proofs, CDN states, idempotent
 * DeleteCname), logs every call, and can fail the next calls of a method with a given error. Integration tests use
 * the real sandbox over HTTP instead.
 */
import { RateGovernor } from '../../src/core/calls/governor.js';
import { CloudError, type Service } from '../../src/core/errors.js';
import type {
  Binding,
  BucketAcl,
  BucketWebsite,
  CdnCertificate,
  CdnDomain,
  CdnFunctionConfig,
  DnsRecord,
} from '../../src/core/model.js';
import { findZone, relativeName, rootDomain } from '../../src/core/names.js';
import type {
  CdnPort,
  DnsPort,
  Governor,
  OssPort,
  ProgressEvent,
  RefreshTask,
  ResolverPort,
  Runtime,
  Tuning,
} from '../../src/core/ports.js';

export interface FakeCall {
  service: 'oss' | 'alidns' | 'cdn';
  method: string;
  write: boolean;
  args: unknown[];
}

const WRITES = new Set([
  'createCnameToken',
  'putCname',
  'deleteCname',
  'putObject',
  'deleteObject',
  'addRecord',
  'updateRecord',
  'deleteRecord',
  'setRemark',
  'addDomain',
  'tagOwner',
  'verifyDomainOwner',
  'startDomain',
  'deleteDomain',
  'setCertificate',
  'refresh',
  'preload',
  'putBucketWebsite',
  'setConfigs',
  'deleteConfigs',
]);

const SERVICE: Record<string, Service> = { oss: 'oss', alidns: 'alidns', cdn: 'cdn' };

export const fastTuning: Tuning = {
  concurrency: 4,
  ownershipTimeoutMs: 60_000,
  cdnOnlineTimeoutMs: 60_000,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
  maxAttempts: 4,
  throttleStallMs: 60_000,
  pollMs: 1_000,
  lockWaitMs: 10 * 60_000,
};

export const err = (service: FakeCall['service'], code: string, status: number, message = code): CloudError =>
  new CloudError(message, { service: SERVICE[service] ?? 'oss', code, status, requestId: `req-err-${code}` });

export class FakeCloud {
  now = 1_800_000_000_000;
  calls: FakeCall[] = [];
  events: ProgressEvent[] = [];
  buckets = new Map<
    string,
    {
      region: string;
      cnames: Map<string, Binding>;
      objects: Map<string, string>;
      acl: BucketAcl;
      website?: BucketWebsite;
      tokens: Set<string>;
    }
  >();
  /** CDN functions configured per domain (BatchSetCdnDomainConfig); they are `success` at once. */
  cdnConfigs = new Map<string, CdnFunctionConfig[]>();
  /** The certificate each CDN domain serves, as DescribeDomainCertificateInfo reports it. */
  cdnCerts = new Map<string, CdnCertificate>();
  zones = new Map<string, DnsRecord[]>();
  cdnDomains = new Map<string, CdnDomain>();
  /** When each object (`bucket/key`) was last written through putObject, by `now`. */
  modified = new Map<string, number>();
  /** Domains without ICP filing. */
  unfiled = new Set<string>();
  /** Roots this account has proven to CDN. */
  cdnVerifiedRoots = new Set<string>();
  /** How long a TXT record stays invisible to ownership checks. */
  ownershipDelayMs = 0;
  cdnOnlineDelayMs = 0;
  /** Real milliseconds each call takes (to let calls overlap), and the most calls seen in flight per service. */
  callLatencyMs = 0;
  peakInFlight: Partial<Record<FakeCall['service'], number>> = {};
  private inFlight: Partial<Record<FakeCall['service'], number>> = {};
  quota = { urlRemain: 10_000, dirRemain: 100, preloadRemain: 1_000 };
  tasks: (RefreshTask & { completeAt: number })[] = [];
  private writtenAt = new Map<string, number>();
  private seq = 1000;
  private failures: { method: string; count: number; error: () => CloudError }[] = [];

  // ---- world set-up helpers
  bucket(name: string, region = 'cn-hangzhou', acl: BucketAcl = 'public-read'): this {
    this.buckets.set(name, { region, cnames: new Map(), objects: new Map(), acl, tokens: new Set() });
    return this;
  }
  zone(name: string, records: Partial<DnsRecord>[] = []): this {
    this.zones.set(name, []);
    for (const r of records) this.put(name, r);
    return this;
  }
  put(zone: string, r: Partial<DnsRecord>): DnsRecord {
    const rec: DnsRecord = {
      recordId: String(this.seq++),
      zone,
      rr: (r.rr ?? '@').toLowerCase(),
      type: r.type ?? 'CNAME',
      value: r.value ?? '',
      ttl: r.ttl ?? 600,
      line: r.line ?? 'default',
      status: r.status ?? 'ENABLE',
      remark: r.remark,
    };
    this.zones.get(zone)?.push(rec);
    this.writtenAt.set(rec.recordId, this.now);
    return rec;
  }
  bind(bucket: string, domain: string, certId?: string, validEndDate?: string): this {
    const b = this.buckets.get(bucket)!;
    b.cnames.set(domain, {
      domain,
      bucket,
      region: b.region,
      status: 'Enabled',
      certificate: certId ? { certId: `${certId}-cn-hangzhou`, type: 'CAS', validEndDate } : undefined,
    });
    return this;
  }
  records(zone: string, rr?: string): DnsRecord[] {
    return (this.zones.get(zone) ?? []).filter((r) => rr === undefined || r.rr === rr);
  }
  writes(): FakeCall[] {
    return this.calls.filter((c) => c.write);
  }
  failNext(method: string, count: number, error: () => CloudError): void {
    this.failures.push({ method, count, error });
  }
  token(bucket: string, domain: string): string {
    return `tok${Buffer.from(`${bucket}/${domain}`).toString('hex').slice(0, 29)}`;
  }

  /**
   * A runtime over this cloud. Its ports go through the production governor (retries, bounded concurrency), with
   * each port method as one operation and no rate limits: pacing has its own tests (test/engine/governor.test.ts).
   */
  runtime(tuning: Partial<Tuning> = {}): Runtime {
    const all = { ...fastTuning, ...tuning };
    const clock = { now: () => this.now };
    const sleep = async (ms: number) => {
      this.now += ms;
    };
    const progress = (e: ProgressEvent) => void this.events.push(e);
    const governor = new RateGovernor({ clock, sleep, progress, tuning: all, limits: new Map() });
    return {
      oss: this.log('oss', this.oss(), governor),
      dns: this.log('alidns', this.dns(), governor),
      cdn: this.log('cdn', this.cdn(), governor),
      resolver: this.resolver(),
      clock,
      sleep,
      progress,
      tuning: all,
      governor,
    };
  }

  private log<P extends object>(service: FakeCall['service'], port: P, governor: Governor): P {
    return new Proxy(port, {
      get: (target, prop) => {
        const fn = Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>;
        if (typeof fn !== 'function') return fn;
        const method = String(prop);
        return (...args: unknown[]) =>
          governor.run({ service, action: method }, async () => {
            this.calls.push({ service, method, write: WRITES.has(method), args });
            const now = (this.inFlight[service] ?? 0) + 1;
            this.inFlight[service] = now;
            this.peakInFlight[service] = Math.max(this.peakInFlight[service] ?? 0, now);
            try {
              if (this.callLatencyMs) await new Promise((r) => setTimeout(r, this.callLatencyMs));
              const f = this.failures.find((x) => x.method === method && x.count > 0);
              if (f) {
                f.count--;
                throw f.error();
              }
              return await fn.apply(target, args);
            } finally {
              this.inFlight[service] = (this.inFlight[service] ?? 1) - 1;
            }
          });
      },
    });
  }

  /** The records at a fully qualified name, from the zone that holds it. */
  private at(name: string): DnsRecord[] {
    const zone = findZone(name, this.zones.keys());
    return zone ? this.records(zone, relativeName(name, zone)) : [];
  }

  private txtVisible(name: string, value: string): boolean {
    return this.at(name).some(
      (r) =>
        r.type === 'TXT' &&
        r.value === value &&
        this.now - (this.writtenAt.get(r.recordId) ?? 0) >= this.ownershipDelayMs,
    );
  }

  private oss(): OssPort {
    const need = (bucket: string) => {
      const b = this.buckets.get(bucket);
      if (!b) throw err('oss', 'NoSuchBucket', 404);
      return b;
    };
    const rid = () => ({ requestId: `req-${this.seq++}` });
    return {
      listCnames: async (bucket) => [...need(bucket).cnames.values()].map((c) => ({ ...c })),
      createCnameToken: async (bucket, _r, domain) => {
        need(bucket).tokens.add(domain);
        return { token: this.token(bucket, domain), expireTime: 'x', ...rid() };
      },
      getCnameToken: async (bucket, _r, domain) =>
        need(bucket).tokens.has(domain) ? { token: this.token(bucket, domain), expireTime: 'x' } : undefined,
      getBucketAcl: async (bucket) => need(bucket).acl,
      getBucketWebsite: async (bucket) => {
        const w = need(bucket).website;
        return w && { ...w };
      },
      putBucketWebsite: async (bucket, _r, website) => {
        need(bucket).website = { ...website };
        return rid();
      },
      putCname: async (bucket, _r, domain, cert) => {
        const b = need(bucket);
        for (const [name, other] of this.buckets)
          if (name !== bucket && other.cnames.has(domain)) throw err('oss', 'CnameAlreadyExists', 409);
        if (!b.cnames.has(domain)) {
          if (!this.txtVisible(`_dnsauth.${domain}`, this.token(bucket, domain)))
            throw err('oss', 'NeedVerifyDomainOwnership', 403);
          if (this.unfiled.has(domain)) throw err('oss', 'NoSuchCnameInRecord', 404);
          b.cnames.set(domain, { domain, bucket, region: b.region, status: 'Enabled' });
        }
        const c = b.cnames.get(domain)!;
        if (cert && 'certId' in cert) c.certificate = { certId: `${cert.certId}-cn-hangzhou`, type: 'CAS' };
        if (cert && 'delete' in cert) c.certificate = undefined;
        return rid();
      },
      deleteCname: async (bucket, _r, domain) => {
        need(bucket).cnames.delete(domain);
        return rid();
      },
      getBucketRegion: async (bucket) => need(bucket).region,
      listBuckets: async () => [...this.buckets.entries()].map(([bucket, b]) => ({ bucket, region: b.region })),
      putObject: async (bucket, _r, key, body, opts) => {
        const b = need(bucket);
        if (opts?.forbidOverwrite && b.objects.has(key)) throw err('oss', 'FileAlreadyExists', 409);
        b.objects.set(key, body);
        this.modified.set(`${bucket}/${key}`, this.now);
        return rid();
      },
      getObject: async (bucket, _r, key) => need(bucket).objects.get(key),
      readObject: async (bucket, _r, key) => {
        const body = need(bucket).objects.get(key);
        if (body === undefined) return undefined;
        // An object a test put in place directly (not through putObject) counts as written long ago.
        return { body, lastModified: this.modified.get(`${bucket}/${key}`) ?? 0, serverTime: this.now };
      },
      deleteObject: async (bucket, _r, key) => {
        need(bucket).objects.delete(key);
      },
      // Deploys are tested on the sandbox (real files, real uploads); the engine's fake has no object store for them.
      listObjectPage: async () => notFaked('listObjectPage'),
      putFile: async () => notFaked('putFile'),
      putFileInParts: async () => notFaked('putFileInParts'),
      headObjectMeta: async () => notFaked('headObjectMeta'),
      deleteObjects: async () => notFaked('deleteObjects'),
    };
  }

  private dns(): DnsPort {
    const find = (id: string) => {
      for (const recs of this.zones.values()) {
        const r = recs.find((x) => x.recordId === id);
        if (r) return r;
      }
      throw err('alidns', 'DomainRecordNotBelongToUser', 400);
    };
    const clash = (zone: string, rec: { rr: string; type: string; value: string }, except?: string) => {
      for (const r of this.records(zone, rec.rr.toLowerCase())) {
        if (r.recordId === except) continue;
        if (r.type === rec.type && r.value === rec.value) throw err('alidns', 'DomainRecordDuplicate', 400);
        if (r.type === 'CNAME' || rec.type === 'CNAME') throw err('alidns', 'DomainRecordConflict', 400);
      }
    };
    return {
      listZones: async () => [...this.zones.keys()].map((name) => ({ name })),
      listRecords: async (zone) => {
        if (!this.zones.has(zone)) throw err('alidns', 'InvalidDomainName.NoExist', 400);
        return this.records(zone).map((r) => ({ ...r }));
      },
      addRecord: async (zone, rec) => {
        if (!this.zones.has(zone)) throw err('alidns', 'InvalidDomainName.NoExist', 400);
        clash(zone, rec);
        const r = this.put(zone, rec);
        return { recordId: r.recordId, requestId: `req-${this.seq++}` };
      },
      updateRecord: async (id, rec) => {
        const r = find(id);
        if (r.type === rec.type && r.value === rec.value && r.ttl === rec.ttl && r.rr === rec.rr)
          return { requestId: `req-${this.seq++}`, unchanged: true };
        clash(r.zone, rec, id);
        Object.assign(r, { rr: rec.rr.toLowerCase(), type: rec.type, value: rec.value, ttl: rec.ttl });
        this.writtenAt.set(id, this.now);
        return { requestId: `req-${this.seq++}` };
      },
      deleteRecord: async (id) => {
        const r = find(id);
        const recs = this.zones.get(r.zone)!;
        recs.splice(recs.indexOf(r), 1);
        return { requestId: `req-${this.seq++}` };
      },
      setRemark: async (id, remark) => {
        find(id).remark = remark;
        return { requestId: `req-${this.seq++}` };
      },
      setStatus: async (id, status) => {
        find(id).status = status.toUpperCase();
        return { requestId: `req-${this.seq++}` };
      },
    };
  }

  private cdnStatus(d: CdnDomain & { onlineAt?: number }): CdnDomain {
    const status = d.status === 'configuring' && this.now >= (d.onlineAt ?? 0) ? 'online' : d.status;
    const { onlineAt: _o, ...rest } = d;
    return { ...rest, status, sources: d.sources.map((s) => ({ ...s })) };
  }

  private cdn(): CdnPort {
    const need = (domain: string) => {
      const d = this.cdnDomains.get(domain);
      if (!d) throw err('cdn', 'InvalidDomain.NotFound', 404);
      return d as CdnDomain & { onlineAt?: number };
    };
    const rid = () => ({ requestId: `req-${this.seq++}` });
    return {
      listDomains: async (filter) =>
        [...this.cdnDomains.values()]
          .filter((d) => !filter?.owner || d.owner === filter.owner)
          .map((d) => this.cdnStatus(d)),
      getDomain: async (domain) => {
        const d = this.cdnDomains.get(domain);
        return d && this.cdnStatus(d);
      },
      addDomain: async (domain, opts) => {
        if (this.cdnDomains.has(domain)) throw err('cdn', 'DomainAlreadyExist', 400);
        if (!this.cdnVerifiedRoots.has(rootDomain(domain))) throw err('cdn', 'DomainOwnerVerifyFail', 400);
        const d: CdnDomain & { onlineAt: number } = {
          domain,
          cname: `${domain}.w.kunlunsl.com`,
          status: 'configuring',
          scope: opts.scope,
          sources: opts.sources,
          sslProtocol: 'off',
          owner: opts.owner,
          onlineAt: this.now + this.cdnOnlineDelayMs,
        };
        this.cdnDomains.set(domain, d);
        return rid();
      },
      tagOwner: async (domain, owner) => {
        need(domain).owner = owner;
        return rid();
      },
      describeVerifyContent: async (domain) => `verify_${rootDomain(domain).replace(/\W/g, '')}`,
      verifyDomainOwner: async (domain) => {
        if (!this.txtVisible(`verification.${rootDomain(domain)}`, `verify_${rootDomain(domain).replace(/\W/g, '')}`))
          throw err('cdn', 'DomainOwnerVerifyFail', 400);
        this.cdnVerifiedRoots.add(rootDomain(domain));
        return rid();
      },
      startDomain: async (domain) => {
        Object.assign(need(domain), { status: 'configuring', onlineAt: this.now + this.cdnOnlineDelayMs });
        return rid();
      },
      deleteDomain: async (domain) => {
        need(domain);
        this.cdnDomains.delete(domain);
        return rid();
      },
      setCertificate: async (domain, certId) => {
        need(domain).sslProtocol = certId ? 'on' : 'off';
        this.cdnCerts.set(domain, certId ? { on: true, certId, certType: 'cas' } : { on: false });
        return rid();
      },
      getCertificate: async (domain) => {
        need(domain);
        return { ...(this.cdnCerts.get(domain) ?? { on: false }) };
      },
      getConfigs: async (domain, names) => {
        need(domain);
        return (this.cdnConfigs.get(domain) ?? [])
          .filter((c) => !names || names.includes(c.name))
          .map((c) => ({ ...c, args: { ...c.args } }));
      },
      setConfigs: async (domains, functions) => {
        const configs: { domain: string; name: string; configId: string }[] = [];
        for (const domain of domains) {
          need(domain);
          const list = this.cdnConfigs.get(domain) ?? [];
          for (const f of functions) {
            const old = list.find((c) => (f.configId ? c.configId === f.configId : c.name === f.name));
            const configId = old?.configId ?? String(this.seq++);
            if (old) old.args = { ...f.args };
            else list.push({ name: f.name, configId, status: 'success', args: { ...f.args } });
            configs.push({ domain, name: f.name, configId });
          }
          this.cdnConfigs.set(domain, list);
        }
        return { ...rid(), configs };
      },
      deleteConfigs: async (domain, ids) => {
        this.cdnConfigs.set(
          domain,
          (this.cdnConfigs.get(domain) ?? []).filter((c) => !ids.includes(c.configId)),
        );
        return rid();
      },
      refresh: async (paths, type) => this.task(paths, type === 'File' ? 'file' : 'directory'),
      preload: async (paths) => this.task(paths, 'preload'),
      getRefreshQuota: async () => ({ urlQuota: 10_000, dirQuota: 100, preloadQuota: 1_000, ...this.quota }),
      getRefreshTasks: async (ids) =>
        this.tasks
          .filter((t) => ids.includes(t.taskId))
          .map(({ completeAt, ...t }) => ({ ...t, status: this.now >= completeAt ? 'Complete' : 'Refreshing' })),
    };
  }

  private async task(paths: string[], objectType: string) {
    const taskId = String(this.seq++);
    for (const p of paths)
      this.tasks.push({ taskId, objectPath: p, objectType, status: 'Refreshing', completeAt: this.now + 3_000 });
    return { taskIds: [taskId], requestId: `req-${this.seq++}` };
  }

  private resolver(): ResolverPort {
    const lookup = (name: string): DnsRecord[] => this.at(name).filter((r) => r.status === 'ENABLE');
    return {
      resolve: async (name) => {
        const chain: string[] = [];
        let cur = name;
        for (let i = 0; i < 8; i++) {
          const c = lookup(cur).find((r) => r.type === 'CNAME');
          if (!c) break;
          chain.push(c.value);
          cur = c.value;
        }
        if (chain.length > 0 && /aliyuncs\.com$|kunlunsl\.com$/.test(cur)) chain.push('127.0.0.1');
        return chain;
      },
      resolveTxt: async (name) =>
        lookup(name)
          .filter((r) => r.type === 'TXT')
          .map((r) => r.value),
    };
  }
}

function notFaked(method: string): never {
  throw new Error(`FakeCloud does not fake OssPort.${method}: test deploys against the sandbox`);
}
