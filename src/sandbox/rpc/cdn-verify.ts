/**
 * CDN ownership proof (DescribeVerifyContent, VerifyDomainOwner; CDN API reference). Ownership is proven by a TXT
 * record `verification.<root>` whose value is the verify content, found in the sandbox's own Alidns zones once
 * `world.timing.ownershipDelayMs` has passed.
 */
import { domainName, rootDomain, verificationVisible, verifyContent } from './cdn-common.js';
import { required } from './params.js';
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

export const verifyHandlers = {
  DescribeVerifyContent: describeVerifyContent,
  VerifyDomainOwner: verifyDomainOwner,
};
