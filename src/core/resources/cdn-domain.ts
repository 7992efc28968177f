/**
 * Resource: the CDN domain in front of the bucket — AddCdnDomain with the bucket as origin, CDN's ownership proof
 * (the TXT record `verification.<root>`) when it asks, the owner tag that makes it ours, starting it, its HTTPS
 * certificate, and deleting it once `cdn` is removed from the entry and the record has moved back to the bucket.
 * Its CNAME becomes the record's target (the record resource is registered after this one).
 */
import { CDN_CALLS, ram } from '../aliyun/ram.js';
import { runCdnStep } from '../engine/apply-cdn.js';
import type { CdnDomain, CdnScope, DomainsConfig } from '../model.js';
import { bucketDomain, findZone, sameHost } from '../names.js';
import { isOwnCdn, verificationName } from '../ownership.js';
import { certNumber, ossCertId } from './binding.js';
import type { DomainContext, Grant, Resource, StepOf } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /**
     * AddCdnDomain with the bucket as origin (+ CDN ownership proof when asked), then wait for `online`. `zone`: the
     * Alidns zone that holds `verification.<root domain>` (CDN's ownership TXT), when the account has it. `takeover`:
     * the domain already exists with the right origin but without our marker; tag it instead of adding it.
     */
    'create-cdn': {
      kind: 'create-cdn';
      domain: string;
      bucket: string;
      region: string;
      scope: CdnScope;
      zone?: string;
      takeover?: boolean;
    };
    /** `owner`: the owner tag the domain had when planned (absent for a domain created earlier in the same plan). */
    'start-cdn': { kind: 'start-cdn'; domain: string; owner?: string };
    /** SetCdnDomainSSLCertificate; `from`: the other certificate the domain served when planned (cdn-cert.ts). */
    'set-cdn-cert': { kind: 'set-cdn-cert'; domain: string; certId?: string; owner?: string; from?: string };
    'delete-cdn': { kind: 'delete-cdn'; domain: string; owner?: string };
  }
}

/**
 * With `cdn`: absent → `create-cdn` (+ `set-cdn-cert` with `https`) and the target becomes `cdn:<domain>`, the
 * CNAME CDN will assign, resolved at apply. Present: its origin must be the bucket's domain (else conflict
 * `cdn-origin-mismatch`: the port cannot rewrite origins); not tagged with our owner → conflict `foreign-cdn`, or
 * with `takeover` a `create-cdn` with `takeover` that tags it; `offline` → `start-cdn`; `https` but SSL off →
 * `set-cdn-cert`. The target becomes the CNAME CDN reports (record steps towards it carry `cdn:<domain>` while the
 * domain is not online, so apply waits for online before sending traffic there).
 * Without `cdn`, a CDN domain of ours is deleted, after the record has moved back to the bucket (`retire`).
 */
function plan(ctx: DomainContext): void {
  const { spec } = ctx;
  const D = spec.domain;
  const c = ctx.observed.cdn.get(D);
  const ours = isOwnCdn(c, ctx.owner);
  if (!spec.cdn) {
    if (c && ours) ctx.add('retire', { kind: 'delete-cdn', domain: D, owner: c.owner });
    return;
  }
  const origin = bucketDomain(spec.bucket, spec.region);
  const certId = spec.https ? certNumber(ossCertId(spec.https)) : undefined;
  const verifyZone = spec.dns === 'alidns' ? findZone(verificationName(D), ctx.zones) : undefined;
  const create: StepOf<'create-cdn'> = {
    kind: 'create-cdn',
    domain: D,
    bucket: spec.bucket,
    region: spec.region,
    scope: spec.cdn.scope,
    zone: verifyZone,
  };
  if (!c) {
    ctx.add('serve', create);
    if (certId) ctx.add('serve', { kind: 'set-cdn-cert', domain: D, certId });
    ctx.target = `cdn:${D}`;
  } else if (!c.sources.some((s) => sameHost(s.content, origin))) {
    ctx.conflict({
      code: 'cdn-origin-mismatch',
      message: `the CDN domain ${D} fetches from ${c.sources.map((s) => s.content).join(', ') || 'no origin'}, not the bucket ${origin}`,
      hint: `change its origin to ${origin} in the CDN console (oss-domains does not rewrite origins), or delete that CDN domain so oss-domains can create it`,
    });
  } else if (!ours && !spec.takeover) {
    ctx.conflict({
      code: 'foreign-cdn',
      message: `the CDN domain ${D} already exists and is ${c.owner ? `owned by oss-domains owner "${c.owner}"` : 'not managed by oss-domains'}`,
      hint: `set "takeover: true" (bind: --takeover) to manage it (its origin is already ${origin}), or remove "cdn" from this entry`,
    });
  } else {
    planExisting(ctx, c, ours, create, certId);
  }
}

/** A CDN domain that is ours (or taken over) with the bucket as origin: tag, start, certificate; it becomes the target. */
function planExisting(
  ctx: DomainContext,
  c: CdnDomain,
  ours: boolean,
  create: StepOf<'create-cdn'>,
  certId: string | undefined,
): void {
  const D = ctx.spec.domain;
  if (!ours) ctx.add('serve', { ...create, takeover: true });
  const owner = ours ? { owner: c.owner } : {};
  if (c.status === 'offline') ctx.add('serve', { kind: 'start-cdn', domain: D, ...owner });
  if (certId && c.sslProtocol !== 'on') ctx.add('serve', { kind: 'set-cdn-cert', domain: D, certId, ...owner });
  ctx.target = c.cname;
  if (ours && c.status !== 'online') ctx.recordValue = `cdn:${D}`;
}

/**
 * Only when a domain has `cdn` (or with `prune`, to delete owned orphans): creation on the file's CDN domains, the
 * calls RAM authorises account-wide (the ownership proof, refresh and preload), and removal on every declared
 * domain (turning `cdn` off), or on every domain with `prune`.
 */
function grants(config: DomainsConfig): Grant[] {
  const { domains, prune } = config;
  const cdn = domains.filter((d) => d.cdn);
  const arns = (ds: typeof domains) => [...new Set(ds.map((d) => `acs:cdn:*:*:domain/${d.domain}`))].sort();
  const out: Grant[] = [];
  if (cdn.length > 0) {
    out.push({
      actions: ram('cdn', CDN_CALLS, 'addDomain', 'getDomain', 'startDomain', 'setCertificate', 'tagOwner'),
      resources: arns(cdn),
    });
    const account = ['describeVerifyContent', 'verifyDomainOwner', 'refresh', 'preload'] as const;
    out.push({
      actions: ram('cdn', CDN_CALLS, ...account, 'getRefreshQuota', 'getRefreshTasks'),
      resources: ['*'],
    });
  }
  const remove = ram('cdn', CDN_CALLS, 'deleteDomain');
  if (prune) out.push({ actions: remove, resources: ['acs:cdn:*:*:domain/*'] });
  else if (cdn.length > 0) out.push({ actions: remove, resources: arns(domains) });
  return out;
}

export const cdnDomain: Resource<'create-cdn' | 'start-cdn' | 'set-cdn-cert' | 'delete-cdn'> = {
  name: 'cdn-domain',
  steps: {
    'create-cdn': {
      mark: (s) => (s.takeover ? '~' : '+'),
      describe: (s) =>
        s.takeover
          ? 'take over the existing CDN domain (mark it as managed by oss-domains)'
          : `create a CDN domain (${s.scope}) with origin ${bucketDomain(s.bucket, s.region)}, wait until online`,
      run: runCdnStep,
    },
    'start-cdn': { mark: '~', describe: () => 'start the CDN domain (it is offline)', run: runCdnStep },
    'set-cdn-cert': {
      mark: '~',
      describe: (s) => {
        if (!s.certId) return 'turn CDN HTTPS off';
        return s.from
          ? `set the CDN HTTPS certificate to ${s.certId} (it serves ${s.from})`
          : `turn CDN HTTPS on with certificate ${s.certId}`;
      },
      run: runCdnStep,
    },
    'delete-cdn': { mark: '-', describe: () => 'delete the CDN domain', run: runCdnStep },
  },
  plan,
  grants,
};
