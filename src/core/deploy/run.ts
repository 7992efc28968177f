/**
 * `deploy DIR`: the site on disk becomes the objects under a prefix, and the edge forgets exactly what changed.
 *
 *   1. read DIR (every problem with it is reported here, before any call);
 *   2. list the objects under the prefix once (ListObjectsV2, 1,000 a page), reading only the metadata of objects
 *      uploaded in parts whose size matches their file;
 *   3. decide (plan.ts) what to upload, delete and refresh; read the CDN domains in front of the bucket and today's
 *      refresh quota only when something is to be refreshed;
 *   4. unless a dry run: write the refresh journal, upload (concurrently, through the runtime's limits and retries),
 *      delete, refresh, and delete the journal(s).
 *
 * Every step is safe to repeat and a run that stops anywhere is finished by the next one: what was uploaded is then
 * the same and skipped, what was not is uploaded, and the journal carries the refresh (journal.ts). A deploy with
 * nothing to change makes no write call.
 */

import { mapLimit } from '../engine/limit.js';
import { sendRefresh } from '../engine/refresh.js';
import { CloudError, explain, isCloudError } from '../errors.js';
import type { RemoteObject, Runtime } from '../ports.js';
import { compileRules } from './headers.js';
import { isJournalKey, JOURNAL_DIR, journalKey, writeJournal } from './journal.js';
import { normalisePrefix } from './keys.js';
import { MD5_META, MULTIPART_THRESHOLD, PART_SIZE } from './limits.js';
import { scanDirectory } from './local.js';
import { type DeployPlan, needsHead, type PlannedUpload, planDeploy } from './plan.js';
import { decideRefresh, type RefreshDecision } from './refresh.js';
import type { DeployRequest, DeployResult } from './types.js';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const MIN_PART_SIZE = 100 * 1024;
const MAX_PARTS = 10_000;
export const DELETE_BATCH = 1_000;

export async function runDeploy(rt: Runtime, req: DeployRequest): Promise<DeployResult> {
  const prefix = normalisePrefix(req.prefix);
  const rules = compileRules(req.cacheControl ?? []);
  const includeHidden = req.includeHidden === true;
  const site = await scanDirectory(req.dir, {
    includeHidden,
    exclude: (rel) => rel === JOURNAL_DIR || rel.startsWith(`${JOURNAL_DIR}/`),
  });
  const bucket = req.bucket.name;
  rt.progress({ kind: 'info', message: `${plural(site.files.length, 'file')} in ${req.dir}` });
  const region = req.bucket.region ?? (await rt.oss.getBucketRegion(bucket));
  const listed = await listPrefix(rt, bucket, region, prefix);
  const heads = needsHead(prefix, site.files, listed.objects);
  const metaOf = new Map(
    await mapLimit(
      heads,
      rt.tuning.concurrency,
      async (k) => [k, await rt.oss.headObjectMeta(bucket, region, k)] as const,
    ),
  );
  const plan = planDeploy({
    prefix,
    files: site.files,
    remote: listed.objects,
    metaOf,
    rules,
    deleteMissing: req.delete === true,
    includeHidden,
    multipartThreshold: req.multipartThreshold ?? MULTIPART_THRESHOLD,
  });
  const decision = await decideRefresh(rt, { bucket, region, prefix, plan, journals: listed.journals, req });
  const result: DeployResult = {
    bucket,
    region,
    prefix,
    dryRun: req.dryRun === true,
    files: site.files.length,
    hidden: site.hidden,
    ignored: site.ignored,
    uploads: plan.uploads.map((u) => ({
      key: u.key,
      reason: u.reason,
      size: u.file.size,
      contentType: u.contentType,
      cacheControl: u.cacheControl,
      multipart: u.multipart,
    })),
    deletes: plan.deletes,
    unchanged: plan.unchanged,
    bytesUploaded: 0,
    listPages: listed.pages,
    refresh: decision.report,
    changes: plan.uploads.length + plan.deletes.length,
    hasChanges: plan.uploads.length + plan.deletes.length + decision.report.targets.length > 0,
  };
  if (req.dryRun) return result;
  await execute(rt, { bucket, region, prefix, plan, decision, result, partSize: req.partSize });
  return result;
}

/** Every object under the prefix, one ListObjectsV2 page after another; journal objects apart. */
async function listPrefix(rt: Runtime, bucket: string, region: string, prefix: string) {
  const objects = new Map<string, RemoteObject>();
  const journals: string[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await rt.oss.listObjectPage(bucket, region, prefix, token);
    pages++;
    for (const o of page.objects) {
      if (isJournalKey(prefix, o.key)) journals.push(o.key);
      else objects.set(o.key, o);
    }
    token = page.next;
  } while (token);
  rt.progress({
    kind: 'info',
    message: `${plural(objects.size, 'object')} under oss://${bucket}/${prefix} (${plural(pages, 'page')})`,
  });
  return { objects, journals, pages };
}

interface Execution {
  bucket: string;
  region: string;
  prefix: string;
  plan: DeployPlan;
  decision: RefreshDecision;
  result: DeployResult;
  partSize?: number;
}

async function execute(rt: Runtime, x: Execution): Promise<void> {
  const { bucket, region, plan, decision, result } = x;
  const ours = decision.send && decision.newKeys.length > 0 ? journalKey(x.prefix, rt.clock.now()) : undefined;
  if (ours) await rt.oss.putObject(bucket, region, ours, writeJournal(decision.newKeys, rt.clock.now()));
  await uploadAll(rt, x);
  for (let i = 0; i < plan.deletes.length; i += DELETE_BATCH) {
    const batch = plan.deletes.slice(i, i + DELETE_BATCH);
    const r = await rt.oss.deleteObjects(bucket, region, batch);
    if (r.failed.length > 0) {
      const f = r.failed[0]!;
      throw new CloudError(
        `OSS did not delete ${r.failed.length} of ${batch.length} objects (first: ${f.key}: ${f.code} ${f.message})`,
        {
          service: 'oss',
          code: f.code || 'DeleteFailed',
          status: 0,
          action: 'DeleteMultipleObjects',
          requestId: r.requestId,
          hint: 'fix the cause (often a RAM policy without oss:DeleteObject on these keys) and run the deploy again',
        },
      );
    }
  }
  if (decision.send) {
    result.refresh.result = await sendRefresh(rt, decision.send);
    const done = [...decision.journals, ...(ours ? [ours] : [])];
    if (done.length > 0) await rt.oss.deleteObjects(bucket, region, done);
  }
}

/** Uploads every planned file, `tuning.concurrency` at a time; the first failure stops new uploads from starting. */
async function uploadAll(rt: Runtime, x: Execution): Promise<void> {
  const { bucket, region, plan, result } = x;
  let failure: unknown;
  let done = 0;
  const total = plan.uploads.length;
  const indexed = plan.uploads.map((u, i) => ({ u, i }));
  await mapLimit(indexed, rt.tuning.concurrency, async ({ u, i }) => {
    if (failure !== undefined) return;
    try {
      const { requestId } = await upload(rt, bucket, region, u, x.partSize);
      result.uploads[i]!.requestId = requestId;
      result.bytesUploaded += u.file.size;
      done++;
      rt.progress({ kind: 'wait', message: `uploaded ${done}/${total} files` });
    } catch (e) {
      failure ??= e;
    }
  });
  if (failure === undefined) {
    if (total > 0) rt.progress({ kind: 'info', message: `uploaded ${total} file${total === 1 ? '' : 's'}` });
    return;
  }
  const message = `the deploy stopped after ${done} of ${total} uploads`;
  const hint =
    'run the deploy again to finish it: files already uploaded are skipped, and the refresh of what changed is kept for that run';
  if (isCloudError(failure))
    throw explain(failure, `${failure.message}; ${message}`, `${failure.hint ? `${failure.hint} Then ` : ''}${hint}`);
  throw failure;
}

function upload(rt: Runtime, bucket: string, region: string, u: PlannedUpload, partSize = PART_SIZE) {
  const file = { path: u.file.abs, size: u.file.size, md5: u.file.md5 };
  const opts = { contentType: u.contentType, cacheControl: u.cacheControl };
  if (!u.multipart) return rt.oss.putFile(bucket, region, u.key, file, opts);
  const size = Math.max(MIN_PART_SIZE, partSize, Math.ceil(u.file.size / MAX_PARTS));
  return rt.oss.putFileInParts(bucket, region, u.key, file, {
    ...opts,
    meta: { [MD5_META]: u.file.md5 },
    partSize: size,
  });
}
