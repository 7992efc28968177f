/**
 * Resource: the OSS binding of a domain to its bucket (PutCname), with the ownership proof OSS asks for first — a
 * token (CreateCnameToken) published as the TXT record `_dnsauth.<domain>` — and the certificate OSS serves for it.
 * A binding carries no marker of ours: what shows it is ours is this owner's record or CDN domain pointing at the
 * bucket (ownership.ts's `bindingEvidence`), so every change to an existing binding carries that evidence or a
 * `takeover`.
 */
import { OSS_CALLS, OSS_CERTIFICATE_ACTIONS, ram } from '../aliyun/ram.js';
import { runOssStep } from '../engine/apply-oss.js';
import type { Binding, BindingEvidence, DomainsConfig } from '../model.js';
import { bindingEvidence } from '../ownership.js';
import type { DomainContext, Grant, Resource } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /** CreateCnameToken → TXT `_dnsauth.<domain>` → PutCname (retried until OSS sees the TXT). */
    bind: {
      kind: 'bind';
      domain: string;
      bucket: string;
      region: string;
      certId?: string;
      zone?: string;
      takeover: boolean;
    };
    /** PutCname again on a bound domain to set, change or remove its certificate. */
    'set-oss-cert': {
      kind: 'set-oss-cert';
      domain: string;
      bucket: string;
      region: string;
      certId?: string;
      from?: string;
      /** Why the binding is ours (absent with `takeover`). */
      evidence?: BindingEvidence;
      takeover?: boolean;
    };
    unbind: {
      kind: 'unbind';
      domain: string;
      bucket: string;
      region: string;
      /** Why the binding is ours (absent with `takeover`). */
      evidence?: BindingEvidence;
      takeover?: boolean;
    };
  }
}

/** `12345-cn-hangzhou` (as OSS reports it) and `12345` (as written in domains.yml) are the same certificate. */
export const certNumber = (id: string | undefined): string | undefined => id?.match(/^(\d+)(-|$)/)?.[1] ?? id;

/**
 * The certificate id as OSS wants it in PutCname: `<id>-<region>` (CAS certificates live in cn-hangzhou unless the
 * file named another region). CDN takes the bare numeric id.
 */
export const ossCertId = (https: { certId: string; region?: string }): string =>
  /-/.test(https.certId) ? https.certId : `${https.certId}-${https.region ?? 'cn-hangzhou'}`;

/**
 * Not bound anywhere we read → `bind`. Bound to the declared bucket → with `https`, `set-oss-cert` when the
 * certificate differs (an absent `https` leaves a certificate alone: removing HTTPS is never inferred), but only with
 * evidence that the binding is ours or `takeover`; else conflict `binding-not-owned`. Bound to another bucket we
 * read → an `unbind` there first, with the same evidence (the entry's bucket was changed: a move) or `takeover`;
 * else conflict `bound-elsewhere` naming it. (Bound to a bucket nothing points at surfaces at apply as
 * CnameAlreadyExists, which names it.)
 */
function plan(ctx: DomainContext): void {
  const { spec, observed } = ctx;
  const D = spec.domain;
  const b = observed.bindings.get(D);
  const bound = b?.bucket === spec.bucket;
  // Asked only when a change to the binding needs it (a domain already bound as declared needs none).
  const proofOf = (found: Binding) => {
    if (spec.takeover) return { takeover: true };
    const evidence = bindingEvidence(found, ctx.atName, observed.cdn.get(D), ctx.owner);
    return evidence ? { evidence } : undefined;
  };
  if (b && !bound) {
    const proof = proofOf(b);
    if (proof) ctx.add('serve', { kind: 'unbind', domain: D, bucket: b.bucket, region: b.region, ...proof });
    else
      ctx.conflict({
        code: 'bound-elsewhere',
        message: `${D} is bound to the bucket ${b.bucket} (${b.region}), not ${spec.bucket}`,
        hint: `unbind it from ${b.bucket} first (remove it from that entry, or run "oss-domains unbind ${D}"), or set "takeover: true" (bind: --takeover) to move it`,
      });
  }
  const certId = spec.https ? ossCertId(spec.https) : undefined;
  const { bucket, region } = spec;
  if (!bound) {
    ctx.add('serve', { kind: 'bind', domain: D, bucket, region, certId, zone: ctx.zone, takeover: spec.takeover });
  } else if (certId && certNumber(b.certificate?.certId) !== certNumber(certId)) {
    const proof = proofOf(b);
    if (proof)
      ctx.add('serve', {
        kind: 'set-oss-cert',
        domain: D,
        bucket,
        region,
        certId,
        from: b.certificate?.certId,
        ...proof,
      });
    else
      ctx.conflict({
        code: 'binding-not-owned',
        message: `${D} is bound to ${spec.bucket} with the certificate ${b.certificate?.certId ?? '(none)'}, but nothing shows the binding is owner "${ctx.owner}"'s: no DNS record or CDN domain of this owner points at ${spec.bucket}, so its certificate is left alone`,
        hint: `if this binding is yours, set "takeover: true" (bind: --takeover) to set the certificate; if another owner manages ${D}, change the certificate there`,
      });
  }
}

/**
 * Binding and unbinding on the declared buckets; on every bucket with `prune` (an orphan can sit on a bucket the
 * file no longer names), and DeleteCname on every bucket when a domain says `takeover` (it leaves whichever bucket
 * holds it). With `https`, what PutCname needs from Certificate Management Service.
 */
function grants(config: DomainsConfig): Grant[] {
  const { domains, prune } = config;
  const buckets = prune ? ['*'] : [...new Set(domains.map((d) => d.bucket))].sort();
  const out: Grant[] = [];
  if (buckets.length > 0)
    out.push({
      actions: ram('oss', OSS_CALLS, 'createCnameToken', 'putCname', 'deleteCname'),
      resources: buckets.map((b) => `acs:oss:*:*:${b}`),
    });
  if (!prune && domains.some((d) => d.takeover))
    out.push({ actions: ram('oss', OSS_CALLS, 'deleteCname'), resources: ['acs:oss:*:*:*'] });
  if (domains.some((d) => d.https)) out.push({ actions: [...OSS_CERTIFICATE_ACTIONS], resources: ['*'] });
  return out;
}

export const binding: Resource<'bind' | 'set-oss-cert' | 'unbind'> = {
  name: 'binding',
  steps: {
    bind: {
      mark: '+',
      describe: (s) =>
        `bind to bucket ${s.bucket} (${s.region})${s.certId ? ` with HTTPS certificate ${s.certId}` : ''}, proving ownership with TXT _dnsauth.${s.domain}`,
      run: runOssStep,
    },
    'set-oss-cert': {
      mark: '~',
      describe: (s) =>
        s.certId
          ? `set the OSS HTTPS certificate to ${s.certId}${s.from ? ` (was ${s.from})` : ''}`
          : 'remove the OSS HTTPS certificate',
      run: runOssStep,
    },
    unbind: { mark: '-', describe: (s) => `unbind from bucket ${s.bucket} (${s.region})`, run: runOssStep },
  },
  plan,
  grants,
};
