/**
 * OSS steps during apply: the ownership proof (CreateCnameToken, the `_dnsauth` TXT record) and binding (PutCname),
 * certificate changes, and unbinding.
 */

import { explain, hasCode } from '../errors.js';
import type { Step } from '../model.js';
import { dnsauthRR } from '../ownership.js';
import { ensureTxt } from '../resources/record-run.js';
import { type ApplyContext, Pending, retryWhile, seconds } from './apply-context.js';
import { findHolder } from './bindings.js';

type OssStep = Extract<Step, { kind: 'bind' | 'set-oss-cert' | 'unbind' }>;

export async function runOssStep(ctx: ApplyContext, step: OssStep): Promise<string | undefined> {
  const { rt, ids } = ctx;
  const { bucket, region, domain } = step;
  if (step.kind === 'unbind') {
    ids.push((await rt.oss.deleteCname(bucket, region, domain)).requestId);
    return `unbound from ${bucket}`;
  }
  if (step.kind === 'set-oss-cert') {
    const cert = step.certId ? { certId: step.certId } : ({ delete: true } as const);
    ids.push((await rt.oss.putCname(bucket, region, domain, cert)).requestId);
    return step.certId ? `certificate ${step.certId}` : 'certificate removed';
  }

  // CreateCnameToken returns the same token for 72 hours, so a repeated bind writes the same TXT value.
  const token = await rt.oss.createCnameToken(bucket, region, domain);
  ids.push(token.requestId);
  const txtName = `_dnsauth.${domain}`;
  if (step.zone) {
    await ensureTxt(ctx, step.zone, dnsauthRR(domain, step.zone), token.token, { adopt: true });
  } else {
    rt.progress({
      kind: 'info',
      domain,
      message: `create the TXT record ${txtName} with the value ${token.token} at your DNS provider; OSS checks it before binding`,
    });
  }
  const cert = step.certId ? { certId: step.certId } : undefined;
  // The TXT record at another DNS provider (dns: none) may not exist yet: ask OSS once, and do not wait for it.
  const once = async () => {
    try {
      return await rt.oss.putCname(bucket, region, domain, cert);
    } catch (e) {
      if (!hasCode(e, 'NeedVerifyDomainOwnership')) throw e;
      throw new Pending(
        `OSS does not see the TXT record ${txtName} = ${token.token} yet: create it at your DNS provider; the next apply binds ${domain} to ${bucket} once OSS sees it`,
      );
    }
  };
  const put = () =>
    step.zone === undefined
      ? once()
      : retryWhile(
          ctx,
          domain,
          'NeedVerifyDomainOwnership',
          rt.tuning.ownershipTimeoutMs,
          `waiting for OSS to see the TXT record ${txtName}`,
          () => rt.oss.putCname(bucket, region, domain, cert),
          (e, elapsed) =>
            explain(
              e,
              `OSS still does not see the TXT record ${txtName} = ${token.token} after ${seconds(elapsed)}, so it will not bind ${domain} to ${bucket}`,
              `check that ${txtName} has a TXT record with exactly that value (dig TXT ${txtName}); DNS changes can take minutes to reach OSS: run apply again later`,
              { resource: domain },
            ),
        );
  try {
    try {
      ids.push((await put()).requestId);
    } catch (e) {
      if (!hasCode(e, 'CnameAlreadyExists')) throw e;
      // Another bucket holds the domain, one that nothing we read points at. OSS does not say which: look for it.
      const holder = await findHolder(rt, domain, bucket);
      if (!holder)
        throw explain(
          e,
          `${domain} is already bound to another bucket of this account, and no bucket this account can list holds it`,
          `look for it in the OSS console (Bucket → Domain Names) of every bucket, unbind it there, then apply again`,
          { resource: domain },
        );
      if (!step.takeover)
        throw explain(
          e,
          `${domain} is already bound to the bucket ${holder.bucket} (${holder.region}), not ${bucket}`,
          `unbind it from ${holder.bucket} first (OSS console, or "oss-domains unbind ${domain}", which also removes its DNS record), or set "takeover: true" (bind: --takeover) to move it`,
          { resource: domain },
        );
      rt.progress({ kind: 'info', domain, message: `takeover: unbinding ${domain} from ${holder.bucket}` });
      ids.push((await rt.oss.deleteCname(holder.bucket, holder.region, domain)).requestId);
      ids.push((await put()).requestId);
    }
  } catch (e) {
    if (hasCode(e, 'NoSuchCnameInRecord'))
      throw explain(
        e,
        `OSS refuses to bind ${domain} to ${bucket}: the domain has no ICP filing, which OSS requires for buckets in mainland China (${region})`,
        'file the domain for ICP (备案) first, or serve it from a bucket outside mainland China (e.g. ap-southeast-1)',
        { resource: domain },
      );
    throw e;
  }
  return `bound to ${bucket}${step.certId ? ` with certificate ${step.certId}` : ''}`;
}
