/**
 * The OssPort on ali-oss 6.23, composed of one piece per concern over a shared transport (oss-client.ts): custom
 * domains and their tokens (oss-cname.ts), the bucket as a site (oss-site.ts), a deploy's objects (oss-objects.ts),
 * and here the bucket listing and the small text objects the tool reads and writes whole.
 *
 * Requests are signed with V4, whose scope names the bucket's region. GetBucketLocation (asked before the region is
 * known) and ListBuckets (a call about no bucket) are the exceptions: they are signed with V1, which names no region.
 */
import { CloudError } from '../errors.js';
import type { OssPort, StoredObject } from '../ports.js';
import { headersOf, httpTime, type OssAdapterOptions, type OssCall, ossTransport, requestIdOf } from './oss-client.js';
import { cnameMethods } from './oss-cname.js';
import { type OssSdk, objectMethods } from './oss-objects.js';
import { siteMethods } from './oss-site.js';

export type { OssAdapterOptions } from './oss-client.js';

/** GetBucketLocation is answered by any region's endpoint; ask this one. */
const LOCATION_REGION = 'cn-hangzhou';

type BucketMethods = Pick<OssPort, 'getBucketRegion' | 'listBuckets'>;
type TextObjectMethods = Pick<OssPort, 'putObject' | 'getObject' | 'readObject' | 'deleteObject'>;

export function createOssAdapter(opts: OssAdapterOptions): OssPort {
  const t = ossTransport(opts);
  const objects = objectMethods({
    sdk: async (bucket, region) => (await t.bucketClient(bucket, region)) as OssSdk,
    fail: t.fail,
    timeoutMs: t.timeoutMs,
    governor: opts.governor,
  });
  return {
    ...objects,
    ...siteMethods(t.call),
    ...cnameMethods(t.call),
    ...bucketMethods(t.call),
    ...textObjectMethods(t.call),
  };
}

function bucketMethods(call: OssCall): BucketMethods {
  return {
    async getBucketRegion(bucket) {
      const r = await call(
        { action: 'GetBucketLocation', bucket },
        LOCATION_REGION,
        { method: 'GET', bucket, subres: 'location', successStatuses: [200], xml: {} },
        false,
      );
      // The root element's text: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`.
      const location = typeof r.data === 'string' ? r.data : '';
      return location.replace(/^oss-/, '');
    },

    async listBuckets() {
      const out: { bucket: string; region: string }[] = [];
      let marker = '';
      for (;;) {
        // Service-level call (no bucket): V1 like GetBucketLocation, so no region scope has to match.
        const query: Record<string, string | number> = { 'max-keys': 1000 };
        if (marker) query.marker = marker;
        const r = await call(
          { action: 'ListBuckets', bucket: '' },
          LOCATION_REGION,
          { method: 'GET', bucket: '', query, successStatuses: [200], xml: { arrays: ['Buckets.Bucket'] } },
          false,
        );
        for (const b of (r.data?.Buckets?.Bucket ?? []) as any[]) {
          const region = String(b.Region ?? b.Location ?? '').replace(/^oss-/, '');
          if (b.Name) out.push({ bucket: String(b.Name), region });
        }
        const next = r.data?.IsTruncated === 'true' ? String(r.data?.NextMarker ?? '') : '';
        if (!next || next === marker) return out;
        marker = next;
      }
    },
  };
}

/** Small UTF-8 objects read and written whole: the state lock and its lease, audit records, a deploy's journal. */
function textObjectMethods(call: OssCall): TextObjectMethods {
  async function readObject(bucket: string, region: string, key: string): Promise<StoredObject | undefined> {
    try {
      const r = await call({ action: 'GetObject', bucket, key }, region, {
        method: 'GET',
        bucket,
        object: key,
        successStatuses: [200],
      });
      const h = headersOf(r);
      return {
        body: Buffer.isBuffer(r.data) ? r.data.toString('utf8') : String(r.data ?? ''),
        lastModified: httpTime(h['last-modified']) ?? 0,
        serverTime: httpTime(h.date),
      };
    } catch (e) {
      if (e instanceof CloudError && e.code === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  return {
    readObject,

    async getObject(bucket, region, key) {
      return (await readObject(bucket, region, key))?.body;
    },

    async putObject(bucket, region, key, body, options) {
      const r = await call({ action: 'PutObject', bucket, key }, region, {
        method: 'PUT',
        bucket,
        object: key,
        content: Buffer.from(body, 'utf8'),
        headers: options?.forbidOverwrite ? { 'x-oss-forbid-overwrite': 'true' } : {},
        successStatuses: [200],
      });
      return { requestId: requestIdOf(r), serverTime: httpTime(headersOf(r).date) };
    },

    async deleteObject(bucket, region, key) {
      await call({ action: 'DeleteObject', bucket, key }, region, {
        method: 'DELETE',
        bucket,
        object: key,
        successStatuses: [204],
      });
    },
  };
}
