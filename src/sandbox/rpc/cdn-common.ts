/**
 * What the CDN handlers share: looking up a domain of the account, the tag limit, the root-domain rule of CDN's
 * ownership check, and whether the `verification.<root>` TXT record is visible yet.
 */
import { createHash } from 'node:crypto';
import { getDomain } from 'tldts';
import { type CdnDomainState, txtVisible, type World } from '../state.js';
import { required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const domainNotFound = (): RpcError =>
  new RpcError('InvalidDomain.NotFound', 404, 'The domain provided does not belong to you.');

export const serviceBusy = (): RpcError =>
  new RpcError('ServiceBusy', 403, 'The specified Domain is configuring, please retry later.');

/** Lower case, no trailing dot, and a valid host name, or `InvalidDomainName.Malformed`. */
export function domainName(ctx: RpcContext, name = 'DomainName'): string {
  const d = required(ctx, name).toLowerCase().replace(/\.$/, '');
  if (!HOSTNAME.test(d)) {
    throw new RpcError('InvalidDomainName.Malformed', 400, `Specified domain name ${d} is malformed.`);
  }
  return d;
}

/** The CDN domain named by `DomainName`, or `InvalidDomain.NotFound` 404. */
export function cdnDomain(ctx: RpcContext): CdnDomainState {
  const d = ctx.world.cdn.get(required(ctx, 'DomainName').toLowerCase().replace(/\.$/, ''));
  if (!d) throw domainNotFound();
  return d;
}

/** How many tags a CDN domain may carry (AddCdnDomain and TagResources). */
export const MAX_TAGS = 20;

/**
 * The registrable ("root") domain CDN verifies, by the Public Suffix List, private section included:
 * `img.abc.com` → `abc.com`, `img.abc.com.cn` → `abc.com.cn`, `img.team.github.io` → `team.github.io`.
 */
export function rootDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: true, extractHostname: false, validateHostname: false }) ?? domain;
}

/** `verify_` + 32 hex, stable per account and root, as DescribeVerifyContent returns it. */
export function verifyContent(uid: string, root: string): string {
  return `verify_${createHash('md5').update(`${uid}:${root}`).digest('hex')}`;
}

/**
 * True when the account may add a domain under `root` without proof: it verified the root before, or it already
 * has a CDN domain under that root (CDN's documented exemption).
 */
export function rootTrusted(world: World, root: string): boolean {
  if (world.cdnVerifiedRoots.has(root)) return true;
  for (const name of world.cdn.keys()) if (name === root || name.endsWith(`.${root}`)) return true;
  return false;
}

/** Whether `verification.<root>` TXT = the verify content is in the sandbox's Alidns and old enough to be seen. */
export function verificationVisible(world: World, uid: string, root: string, now: number): boolean {
  return txtVisible(world, `verification.${root}`, verifyContent(uid, root), now);
}
