/**
 * CDN ownership proof (DescribeVerifyContent, VerifyDomainOwner; aliyun-api.md §4.8) and HTTPS
 * (SetCdnDomainSSLCertificate; §4.9). Ownership is proven by a TXT record `verification.<root>` whose value is the
 * verify content, found in the sandbox's own Alidns zones once `world.timing.ownershipDelayMs` has passed.
 */
import { certificateCovers } from '../state.js';
import { cdnDomain, domainName, rootDomain, verificationVisible, verifyContent } from './cdn-common.js';
import { optional, required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

function describeVerifyContent(ctx: RpcContext): Record<string, unknown> {
  const root = rootDomain(domainName(ctx));
  return { RequestId: ctx.requestId, Content: verifyContent(ctx.account.uid, root) };
}

function verifyDomainOwner(ctx: RpcContext): Record<string, unknown> {
  const root = rootDomain(domainName(ctx));
  const type = required(ctx, 'VerifyType');
  if (type === 'fileCheck') {
    // The sandbox serves no verification.html of its own: file checks always fail, as they would without the file.
    throw new RpcError('InvalidFile', 400, 'The file is not found.');
  }
  if (type !== 'dnsCheck') throw new RpcError('VerifyError', 400, 'The specified Verify is incorrectly formatted.');
  if (!verificationVisible(ctx.world, ctx.account.uid, root, ctx.now)) {
    throw new RpcError(
      'DomainOwnerVerifyFail',
      400,
      `Owner verification of the root domain failed: no TXT record verification.${root} with the verify content was found.`,
    );
  }
  ctx.world.cdnVerifiedRoots.add(root);
  return { RequestId: ctx.requestId, Content: '' };
}

function setCdnDomainSSLCertificate(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const protocol = required(ctx, 'SSLProtocol');
  if (protocol !== 'on' && protocol !== 'off') {
    throw new RpcError(
      'InvalidSSLProtocol.ValueNotSupported',
      400,
      `Specified SSLProtocol "${protocol}" is not supported.`,
    );
  }
  if (protocol === 'off') {
    d.ssl = { protocol: 'off' };
    d.modified = ctx.now;
    return { RequestId: ctx.requestId };
  }
  const certType = optional(ctx, 'CertType') ?? (optional(ctx, 'CertId') ? 'cas' : 'upload');
  if (certType === 'cas') {
    const id = required(ctx, 'CertId').replace(/-[a-z0-9-]+$/, '');
    const cert = ctx.world.certificates.get(id);
    if (!cert) {
      throw new RpcError(
        'Certificate.NotFind',
        400,
        `The certificate ${id} does not exist in Certificate Management Service.`,
      );
    }
    if (!certificateCovers(cert.domains, d.domain)) {
      throw new RpcError(
        'Certificate.MissMatch',
        400,
        `The certificate ${id} (${cert.domains.join(', ')}) does not cover ${d.domain}.`,
      );
    }
    d.ssl = { protocol: 'on', certId: id, certType: 'cas', certName: optional(ctx, 'CertName') ?? cert.name };
  } else if (certType === 'upload') {
    const pub = optional(ctx, 'SSLPub');
    if (!pub) throw new RpcError('SSLPub.MissingParameter', 400, 'The SSLPub parameter is required.');
    const pri = optional(ctx, 'SSLPri');
    if (!pri) throw new RpcError('SSLPri.MissingParameter', 400, 'The SSLPri parameter is required.');
    if (!pub.includes('-----BEGIN CERTIFICATE-----') || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pri)) {
      throw new RpcError('Certificate.FormatError', 400, 'The certificate or the private key is not in PEM format.');
    }
    d.ssl = { protocol: 'on', certType: 'upload', certName: optional(ctx, 'CertName') ?? `${d.domain}-upload` };
  } else {
    throw new RpcError('InvalidCertType.ValueNotSupported', 400, `Specified CertType "${certType}" is not supported.`);
  }
  d.modified = ctx.now;
  return { RequestId: ctx.requestId };
}

export const verifyHandlers = {
  DescribeVerifyContent: describeVerifyContent,
  VerifyDomainOwner: verifyDomainOwner,
  SetCdnDomainSSLCertificate: setCdnDomainSSLCertificate,
};
