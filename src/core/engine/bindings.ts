/**
 * Reading bucket bindings (ListCname), and finding where a domain is bound when nothing read so far points there.
 *
 * OSS has no "which bucket holds this domain" call, and a binding carries no owner marker. The planner normally finds
 * a binding through the bucket a domain's CNAME record or CDN origin points at. When that trail is gone — an unbind
 * that failed after deleting the record, a binding made by hand, CnameAlreadyExists at apply — the only way left is to
 * ask every bucket of the account: ListBuckets, then ListCname of each bucket not read yet, stopping as soon as every
 * domain sought is found. That costs O(buckets) reads, so it is spent only on domains that must be located.
 */
import { explain, hasCode } from '../errors.js';
import type { Binding, Observed } from '../model.js';
import { normaliseDomain } from '../names.js';
import type { Runtime } from '../ports.js';
import { mapLimit } from './limit.js';

export type BucketRef = { bucket: string; region: string };

type Bindings = Pick<Observed, 'bindings' | 'bucketsRead' | 'allBucketsRead'>;

/**
 * ListCname of each bucket, recording its bindings in `into`. A bucket that does not exist is left out of
 * `bucketsRead` (the planner turns that into a conflict on its domains); with `lenient`, so is one we may not read.
 */
export async function readBuckets(rt: Runtime, refs: BucketRef[], into: Bindings, lenient = false): Promise<void> {
  await mapLimit(refs, rt.tuning.concurrency, async ({ bucket, region }) => {
    let list: Binding[];
    try {
      list = await rt.oss.listCnames(bucket, region);
    } catch (e) {
      if (hasCode(e, 'NoSuchBucket') || (lenient && hasCode(e, 'AccessDenied'))) return;
      throw await wrongRegion(rt, e, bucket, region);
    }
    into.bucketsRead.add(bucket);
    for (const b of list) into.bindings.set(normaliseDomain(b.domain), { ...b, bucket, region: b.region || region });
  });
}

/**
 * OSS refuses a bucket addressed through another region's endpoint without naming the right one in its message:
 * look it up (GetBucketLocation answers from any region) so the error can say which region to write.
 */
async function wrongRegion(rt: Runtime, e: unknown, bucket: string, region: string): Promise<unknown> {
  if (!hasCode(e, 'AccessDenied') || !/endpoint/i.test(e.message)) return e;
  const actual = await rt.oss.getBucketRegion(bucket).catch(() => undefined);
  if (!actual || actual === region) return e;
  return explain(
    e,
    `the bucket ${bucket} is in ${actual}, not ${region}`,
    `write region: ${actual} for the domains on ${bucket} (or --region ${actual})`,
    { resource: bucket },
  );
}

/**
 * Reads the account's other buckets until every domain of `domains` is found bound (see the module comment). Sets
 * `allBucketsRead` when the search covered the whole account. When ListBuckets is denied, says so and gives up: the
 * caller then knows no more than before.
 */
export async function searchBindings(rt: Runtime, domains: string[], into: Bindings): Promise<void> {
  const missing = () => domains.filter((d) => !into.bindings.has(d));
  if (missing().length === 0 || into.allBucketsRead) return;
  let all: BucketRef[];
  try {
    all = await rt.oss.listBuckets();
  } catch (e) {
    if (!hasCode(e, 'AccessDenied')) throw e;
    rt.progress({
      kind: 'info',
      message: `could not list this account's buckets to find where ${missing().join(', ')} is bound (ListBuckets: AccessDenied); grant oss:ListBuckets, or look in the OSS console`,
    });
    return;
  }
  const unread = all.filter((b) => !into.bucketsRead.has(b.bucket));
  const step = Math.max(1, rt.tuning.concurrency);
  for (let i = 0; i < unread.length && missing().length > 0; i += step)
    await readBuckets(rt, unread.slice(i, i + step), into, true);
  if (missing().length > 0 && unread.every((b) => into.bucketsRead.has(b.bucket))) into.allBucketsRead = true;
}

/** The binding of `domain` on a bucket other than `except`, searched account-wide (CnameAlreadyExists). */
export async function findHolder(rt: Runtime, domain: string, except: string): Promise<Binding | undefined> {
  const into: Bindings = { bindings: new Map(), bucketsRead: new Set([except]) };
  await searchBindings(rt, [domain], into);
  return into.bindings.get(domain);
}
