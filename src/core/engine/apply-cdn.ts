/**
 * CDN steps during apply: add the accelerated domain with the bucket as an `oss` origin, prove
 * ownership when CDN asks, wait until it is online, certificates, start and delete.
 *
 * The origin is `{ type: 'oss', content: <bucket>.oss-<region>.aliyuncs.com, port: 443 }`: back-to-origin over
 * HTTPS, because OSS's public endpoints serve a valid certificate for that name and the traffic between CDN and
 * OSS then crosses the internet encrypted, at no extra cost.
 */

import { explain, hasCode } from '../errors.js';
import type { Step } from '../model.js';
import { bucketDomain, relativeName, rootDomain } from '../names.js';
import { verificationName } from '../ownership.js';
import { ensureTxt } from '../resources/record-run.js';
import { type ApplyContext, Pending, retryWhile, seconds } from './apply-context.js';
import { waitOnline } from './apply-wait.js';

export const ORIGIN_PORT = 443;

type CdnStep = Extract<Step, { kind: 'create-cdn' | 'start-cdn' | 'set-cdn-cert' | 'delete-cdn' }>;

export async function runCdnStep(ctx: ApplyContext, step: CdnStep): Promise<string | undefined> {
  const { rt, ids } = ctx;
  const domain = step.domain;
  switch (step.kind) {
    case 'create-cdn': {
      if (step.takeover) ids.push((await rt.cdn.tagOwner(domain, ctx.owner)).requestId);
      else await addDomain(ctx, step);
      const cname = await waitOnline(ctx, domain);
      return `CNAME ${cname}`;
    }
    case 'start-cdn':
      ids.push((await rt.cdn.startDomain(domain)).requestId);
      await waitOnline(ctx, domain);
      return 'online';
    case 'set-cdn-cert':
      ids.push((await rt.cdn.setCertificate(domain, step.certId)).requestId);
      return step.certId ? `HTTPS on, certificate ${step.certId}` : 'HTTPS off';
    case 'delete-cdn':
      try {
        ids.push((await rt.cdn.deleteDomain(domain)).requestId);
      } catch (e) {
        if (!hasCode(e, 'InvalidDomain.NotFound')) throw e; // already gone
      }
      return undefined;
  }
}

async function addDomain(ctx: ApplyContext, step: Extract<Step, { kind: 'create-cdn' }>): Promise<void> {
  const { rt, ids } = ctx;
  const domain = step.domain;
  const add = async () => {
    const sources = [{ type: 'oss', content: bucketDomain(step.bucket, step.region), port: ORIGIN_PORT }];
    ids.push((await rt.cdn.addDomain(domain, { sources, scope: step.scope, owner: ctx.owner })).requestId);
  };
  const root = rootDomain(domain);
  try {
    // Another domain under this root is proving it now (or has): wait for that rather than be refused first.
    await ctx.cdnProofs.get(root)?.catch(() => undefined);
    try {
      await add();
    } catch (e) {
      if (!hasCode(e, 'DomainOwnerVerifyFail')) throw e;
      let proof = ctx.cdnProofs.get(root);
      if (!proof) {
        proof = proveOwnership(ctx, domain, step.zone);
        ctx.cdnProofs.set(root, proof);
      }
      await proof;
      await add();
    }
  } catch (e) {
    if (hasCode(e, 'DomainAlreadyExist')) {
      // Ours when an earlier attempt's answer was lost (AddCdnDomain tags in the same call); else someone else's.
      const ours = await rt.cdn.listDomains({ owner: ctx.owner });
      if (ours.some((d) => d.domain === domain)) return;
      throw explain(
        e,
        `the CDN domain ${domain} already exists and is not managed by oss-domains (it may belong to VOD, Live, DCDN or another account)`,
        'set "takeover: true" (bind: --takeover) if it is in this account with the bucket as origin, or remove "cdn" from this entry',
        { resource: domain },
      );
    }
    if (hasCode(e, 'DomainNotRegistration'))
      throw explain(
        e,
        `CDN refuses ${domain} with scope ${step.scope}: the domain has no ICP filing, which mainland China acceleration requires`,
        'file the domain for ICP (备案), or use "cdn: { scope: overseas }"',
        { resource: domain },
      );
    throw e;
  }
}

/**
 * DescribeVerifyContent → TXT `verification.<root>` → VerifyDomainOwner until CDN sees it. Made once per root domain
 * and apply (ApplyContext.cdnProofs); its request ids go with the step of the domain that made it.
 */
async function proveOwnership(ctx: ApplyContext, domain: string, zone: string | undefined): Promise<void> {
  const { rt, ids } = ctx;
  const content = await rt.cdn.describeVerifyContent(domain);
  const root = rootDomain(domain);
  const name = verificationName(domain);
  if (zone) await ensureTxt(ctx, zone, relativeName(name, zone), content, { adopt: false });
  else {
    // The record lives at another DNS provider: ask CDN once, and do not wait for it.
    try {
      ids.push((await rt.cdn.verifyDomainOwner(domain)).requestId);
      return;
    } catch (e) {
      if (!hasCode(e, 'DomainOwnerVerifyFail')) throw e;
      throw new Pending(
        `CDN wants proof that you own ${domain}'s root: create this record at your DNS provider: ${name} TXT ${content}; the next apply adds the CDN domain once CDN sees it`,
      );
    }
  }
  const r = await retryWhile(
    ctx,
    domain,
    'DomainOwnerVerifyFail',
    rt.tuning.ownershipTimeoutMs,
    `waiting for CDN to see the TXT record ${name}`,
    () => rt.cdn.verifyDomainOwner(domain),
    (e, elapsed) =>
      explain(
        e,
        `CDN still does not see the TXT record ${name} = ${content} after ${seconds(elapsed)}, so it will not add ${domain} (nor any other domain under ${root})`,
        `check that ${name} has a TXT record with exactly that value (dig TXT ${name}), then run apply again`,
        { resource: domain },
      ),
  );
  ids.push(r.requestId);
}
