/**
 * Resource: a bucket's static website hosting (OSS PutBucketWebsite / GetBucketWebsite). It belongs to the bucket,
 * not to a domain: the loader makes every entry of a bucket agree on it, and its step is carried by the first domain
 * of the file that declares it for that bucket (a bucket's website has no domain of its own; while that domain is in
 * conflict, the website waits with it).
 *
 * What a `website` block asks for (OSS "Static website hosting"): the index document with sub-directory support
 * (`a/` serves `a/index.html`), an error document served with 404, or — for a single-page app — the index as the
 * error document served with 200, so deep links render. What the block does not speak of (the Type of `/a` without
 * a slash, routing rules set in the console) is kept as the bucket has it.
 *
 * Reads: one GetBucketWebsite per bucket that declares `website`, never one per domain. Removing `website` from the
 * file leaves the bucket's configuration alone, as an absent `https` leaves a certificate alone.
 */

import { OSS_CALLS, ram } from '../aliyun/ram.js';
import type { ApplyContext } from '../engine/apply-context.js';
import type { BucketWebsite, DesiredState, DomainSpec, Observed, WebsiteSpec } from '../model.js';
import type { Runtime } from '../ports.js';
import type { DomainContext, Grant, Resource, StepOf } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /** PutBucketWebsite on the bucket (a bucket's setting, carried by the first of its domains that declares it). */
    'set-website': {
      kind: 'set-website';
      domain: string;
      bucket: string;
      region: string;
      website: BucketWebsite;
      /** What the bucket had when planned (absent: no website). */
      from?: BucketWebsite;
    };
  }
  interface Observed {
    /**
     * Per bucket that declares `website`, read with GetBucketWebsite (`null`: it has none), and the domain whose
     * plan carries the bucket's step.
     */
    websites?: Map<string, { config: BucketWebsite | null; carrier: string }>;
  }
}

type WebsiteStep = StepOf<'set-website'>;

/** What RAM must allow for this resource: read and write the website of each bucket that declares one. */
export function websiteGrants(config: Pick<DesiredState, 'domains'>): Grant[] {
  const buckets = websiteBuckets(config).map((b) => `acs:oss:*:*:${b.bucket}`);
  return buckets.length
    ? [{ actions: ram('oss', OSS_CALLS, 'getBucketWebsite', 'putBucketWebsite'), resources: buckets }]
    : [];
}

/** The buckets whose website the file declares, with their region and the first domain that declares it. */
export function websiteBuckets(
  desired: Pick<DesiredState, 'domains'>,
): { bucket: string; region: string; carrier: string }[] {
  const out = new Map<string, { bucket: string; region: string; carrier: string }>();
  for (const d of desired.domains)
    if (d.website && !out.has(d.bucket)) out.set(d.bucket, { bucket: d.bucket, region: d.region, carrier: d.domain });
  return [...out.values()];
}

/** Reads each declaring bucket's website (only buckets that were found: a missing one is a conflict already). */
async function read(rt: Runtime, desired: DesiredState, observed: Observed): Promise<void> {
  const websites = new Map<string, { config: BucketWebsite | null; carrier: string }>();
  const buckets = websiteBuckets(desired).filter((b) => observed.bucketsRead.has(b.bucket));
  await Promise.all(
    buckets.map(async ({ bucket, region, carrier }) => {
      websites.set(bucket, { config: (await rt.oss.getBucketWebsite(bucket, region)) ?? null, carrier });
    }),
  );
  observed.websites = websites;
}

/** The configuration `spec` asks for, on top of what the bucket has (`current`). */
export function desiredWebsite(spec: WebsiteSpec, current: BucketWebsite | undefined): BucketWebsite {
  const out: BucketWebsite = { index: spec.index, supportSubDir: true, type: current?.type ?? 0 };
  const error = spec.spa ? spec.index : spec.error;
  if (error !== undefined) {
    out.error = error;
    out.errorStatus = spec.spa ? 200 : 404;
  }
  if (current?.routingRules) out.routingRules = current.routingRules;
  return out;
}

/** Whether the bucket already serves what is asked (the parts a block speaks of). */
function inPlace(want: BucketWebsite, have: BucketWebsite | undefined): boolean {
  if (!have) return false;
  const status = (w: BucketWebsite) => (w.error === undefined ? undefined : (w.errorStatus ?? 404));
  return (
    have.index === want.index &&
    have.supportSubDir === want.supportSubDir &&
    have.error === want.error &&
    status(have) === status(want)
  );
}

/** Pure: the step that makes the bucket of `spec` serve its website block, or `undefined` when it does. */
export function decideWebsite(spec: DomainSpec, observed: Observed): WebsiteStep | undefined {
  const read = observed.websites?.get(spec.bucket);
  if (!spec.website || read?.carrier !== spec.domain) return undefined;
  const have = read.config ?? undefined;
  const want = desiredWebsite(spec.website, have);
  if (inPlace(want, have)) return undefined;
  const step: WebsiteStep = {
    kind: 'set-website',
    domain: spec.domain,
    bucket: spec.bucket,
    region: spec.region,
    website: want,
  };
  if (have) step.from = have;
  return step;
}

/** `index.html, sub-directories, 404.html with 404`, as people read a configuration. */
export function describeWebsiteConfig(w: BucketWebsite): string {
  const parts = [`index ${w.index ?? '(none)'}${w.supportSubDir ? ' (also in sub-directories)' : ''}`];
  if (w.error !== undefined)
    parts.push(
      w.error === w.index && w.errorStatus === 200
        ? 'unknown paths serve the index with 200 (single-page app)'
        : `missing keys serve ${w.error} with ${w.errorStatus ?? 404}`,
    );
  return parts.join(', ');
}

function describe(step: WebsiteStep): string {
  const was = step.from ? ` (was: ${describeWebsiteConfig(step.from)})` : '';
  return `set static website hosting on bucket ${step.bucket}: ${describeWebsiteConfig(step.website)}${was}`;
}

/** PutBucketWebsite (the whole configuration: repeating it is harmless); returns the detail for the report. */
async function run(ctx: ApplyContext, step: WebsiteStep): Promise<string> {
  ctx.ids.push((await ctx.rt.oss.putBucketWebsite(step.bucket, step.region, step.website)).requestId);
  return `website on ${step.bucket}`;
}

function plan(ctx: DomainContext): void {
  const step = decideWebsite(ctx.spec, ctx.observed);
  if (step) ctx.add('serve', step);
}

export const website: Resource<'set-website'> = {
  name: 'website',
  steps: { 'set-website': { mark: (s) => (s.from ? '~' : '+'), describe, run } },
  read,
  plan,
  grants: websiteGrants,
};
