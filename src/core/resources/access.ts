/**
 * Who may read a bucket, and whether the way a domain serves it can work: a binding or a CDN domain is no use when
 * every request through it is refused. Browsers reading a bound domain, and CDN fetching from its origin without
 * `private-origin`, read anonymously, which a `private` bucket answers with 403 — apply would report success and
 * the site would not work. These are plan warnings, not conflicts: the bucket's ACL is the user's to choose.
 *
 * Reads: one GetBucketAcl per bucket that is read anonymously (served directly, or by a CDN domain without
 * `private-origin: true`), never one per domain.
 */
import { OSS_CALLS, ram } from '../aliyun/ram.js';
import type { BucketAcl, DesiredState, DomainSpec, Observed } from '../model.js';
import type { Runtime } from '../ports.js';
import type { DomainContext, Grant, Resource } from './types.js';

declare module '../model.js' {
  interface Observed {
    /** Per bucket whose readers are anonymous (served directly, or by CDN without private-origin): its ACL. */
    acls?: Map<string, BucketAcl>;
  }
}

/** Whether the domain's readers reach the bucket without a signature. */
const readsAnonymously = (d: DomainSpec) => d.cdn?.privateOrigin !== true;

/** The buckets some declared domain reads anonymously, with their region. */
export function anonymousBuckets(desired: Pick<DesiredState, 'domains'>): { bucket: string; region: string }[] {
  const out = new Map<string, string>();
  for (const d of desired.domains) if (readsAnonymously(d) && !out.has(d.bucket)) out.set(d.bucket, d.region);
  return [...out].map(([bucket, region]) => ({ bucket, region }));
}

async function read(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void> {
  const acls = new Map<string, BucketAcl>();
  const buckets = anonymousBuckets(desired).filter((b) => observed.bucketsRead.has(b.bucket));
  await Promise.all(
    buckets.map(async ({ bucket, region }) => {
      acls.set(bucket, await rt.oss.getBucketAcl(bucket, region));
    }),
  );
  observed.acls = acls;
}

/** Whether CDN already signs its fetches for `domain` (l2_oss_key on, set or being set). */
function signedAtCdn(domain: string, observed: Observed): boolean {
  const c = observed.cdnConfigs?.get(domain)?.find((x) => x.name === 'l2_oss_key' && x.status !== 'failed');
  return c?.args.private_oss_auth === 'on';
}

/** Pure: what a declared domain's readers would be refused (warned), and a website CDN signs for. */
function plan(ctx: DomainContext): void {
  const { spec: d, observed } = ctx;
  const acl = observed.acls?.get(d.bucket);
  if (d.cdn && d.cdn.privateOrigin !== true && acl === 'private' && !signedAtCdn(d.domain, observed))
    ctx.warn({
      code: 'private-origin-off',
      message: `the bucket ${d.bucket} is private and CDN fetches from it without signing, so every request through ${d.domain} would get 403; set "cdn: { private-origin: true }" (CDN signs its fetches) or make the bucket public-read`,
    });
  else if (!d.cdn && acl === 'private')
    ctx.warn({
      code: 'private-bucket',
      message: `the bucket ${d.bucket} is private, so browsers reading ${d.domain} get 403 (only signed URLs work); make it public-read, or put CDN in front with "cdn: { private-origin: true }"`,
    });
  if (d.website && d.cdn?.privateOrigin === true)
    ctx.warn({
      code: 'website-private-origin',
      message: `CDN signs its fetches from ${d.bucket} (private-origin), and OSS serves website pages only to unsigned requests: through ${d.domain}, / and missing pages will not get the index or error page; make the bucket public-read and drop private-origin to serve it as a website`,
    });
}

/** What RAM must allow: read the ACL of the buckets read anonymously. */
function grants(config: Pick<DesiredState, 'domains'>): Grant[] {
  const buckets = anonymousBuckets(config).map((b) => `acs:oss:*:*:${b.bucket}`);
  return buckets.length ? [{ actions: ram('oss', OSS_CALLS, 'getBucketAcl'), resources: buckets.sort() }] : [];
}

export const access: Resource<never> = {
  name: 'access',
  steps: {},
  read,
  plan,
  grants,
};
