/**
 * The OssPort's object calls for a deploy, on ali-oss's own object methods: `listV2` (one page
 * of ListObjectsV2), `putStream` with the file's Content-MD5 (ali-oss adds none to a stream), `multipartUpload`
 * (aborted when it fails, so no parts are left billed), `head`, and DeleteMultipleObjects through the raw request
 * (ali-oss's `deleteMulti` drops the `<Error>` entries that are the whole answer of a Quiet call).
 */
import { createReadStream } from 'node:fs';
import type { CloudError } from '../errors.js';
import type { Governor, LocalUpload, OssPort, RemoteObject, UploadOptions } from '../ports.js';
import { xmlEscape } from './oss-client.js';
import type { CallInfo } from './oss-errors.js';
import { parseOssXml } from './oss-xml.js';

/** The ali-oss methods used here, typed narrowly (ali-oss ships no types). */
export interface OssSdk {
  listV2(
    query: Record<string, string | number | boolean>,
    options?: { timeout?: number },
  ): Promise<{ objects?: any[]; isTruncated: boolean; nextContinuationToken?: string | null }>;
  putStream(name: string, stream: NodeJS.ReadableStream, options: Record<string, unknown>): Promise<{ res: any }>;
  multipartUpload(name: string, file: string, options: Record<string, unknown>): Promise<{ res: any }>;
  abortMultipartUpload(name: string, uploadId: string): Promise<unknown>;
  head(name: string): Promise<{ meta: Record<string, string> | null; status: number }>;
  request(p: Record<string, unknown>): Promise<{ data: any; res: any }>;
}

interface Deps {
  /** The bucket's ali-oss client in `region`. */
  sdk(bucket: string, region: string): Promise<OssSdk>;
  fail(e: unknown, info: CallInfo, region: string): CloudError;
  /** The adapter's per-request timeout (ms). */
  timeoutMs: number;
  /** The runtime's rate governor (see oss.ts `call`). */
  governor?: Governor;
}

type ObjectMethods = Pick<
  OssPort,
  'listObjectPage' | 'putFile' | 'putFileInParts' | 'headObjectMeta' | 'deleteObjects'
>;

/** Long uploads get a longer timeout: the adapter's, plus a second for every MiB at a pessimistic 1 MiB/s. */
const uploadTimeout = (base: number, bytes: number) => base + Math.ceil(bytes / (1024 * 1024)) * 1_000;

const requestIdOf = (res: any): string => String(res?.headers?.['x-oss-request-id'] ?? '');

function headersOf(opts: UploadOptions): Record<string, string> {
  return opts.cacheControl ? { 'Cache-Control': opts.cacheControl } : {};
}

export function objectMethods(d: Deps): ObjectMethods {
  // Each call goes through the governor; a retry runs `fn` again, so an upload re-opens its file. A multipart upload
  // is one call here: ali-oss sends its parts itself (4 at a time), and a retry starts a new upload.
  const run = <T>(info: CallInfo, region: string, fn: (sdk: OssSdk) => Promise<T>): Promise<T> => {
    const once = async () => {
      try {
        return await fn(await d.sdk(info.bucket, region));
      } catch (e) {
        throw d.fail(e, info, region);
      }
    };
    const resource = info.key ?? (info.bucket || undefined);
    return d.governor ? d.governor.run({ service: 'oss', action: info.action, resource }, once) : once();
  };

  return {
    listObjectPage(bucket, region, prefix, token) {
      return run({ action: 'ListObjectsV2', bucket }, region, async (sdk) => {
        const query: Record<string, string | number | boolean> = { 'max-keys': 1000, 'fetch-owner': false };
        // An empty prefix is left out rather than signed as `prefix=`.
        if (prefix) query.prefix = prefix;
        if (token) query['continuation-token'] = token;
        const r = await sdk.listV2(query, { timeout: d.timeoutMs });
        const objects = (r.objects ?? []).map(
          (o): RemoteObject => ({
            key: String(o.name),
            etag: String(o.etag ?? '')
              .replace(/"/g, '')
              .toUpperCase(),
            size: Number(o.size ?? 0),
            type: String(o.type ?? 'Normal'),
            lastModified: String(o.lastModified ?? ''),
          }),
        );
        return { objects, next: r.isTruncated ? (r.nextContinuationToken ?? undefined) || undefined : undefined };
      });
    },

    putFile(bucket, region, key, file: LocalUpload, opts) {
      return run({ action: 'PutObject', bucket, key }, region, async (sdk) => {
        const r = await sdk.putStream(key, createReadStream(file.path), {
          contentLength: file.size,
          mime: opts.contentType,
          meta: opts.meta,
          headers: { ...headersOf(opts), 'Content-MD5': Buffer.from(file.md5, 'hex').toString('base64') },
          timeout: uploadTimeout(d.timeoutMs, file.size),
        });
        return { requestId: requestIdOf(r.res) };
      });
    },

    putFileInParts(bucket, region, key, file, opts) {
      return run({ action: 'CompleteMultipartUpload', bucket, key }, region, async (sdk) => {
        let uploadId: string | undefined;
        try {
          const r = await sdk.multipartUpload(key, file.path, {
            partSize: opts.partSize,
            parallel: 4,
            mime: opts.contentType,
            meta: opts.meta,
            headers: headersOf(opts),
            timeout: uploadTimeout(d.timeoutMs, opts.partSize),
            progress: async (_p: number, checkpoint?: { uploadId?: string }) => {
              uploadId ??= checkpoint?.uploadId;
            },
          });
          return { requestId: requestIdOf(r.res) };
        } catch (e) {
          // Parts of an upload that is neither completed nor aborted are stored (and billed) until a lifecycle rule
          // removes them; the next deploy starts a new upload anyway.
          if (uploadId) await sdk.abortMultipartUpload(key, uploadId).catch(() => undefined);
          throw e;
        }
      });
    },

    headObjectMeta(bucket, region, key) {
      return run({ action: 'HeadObject', bucket, key }, region, async (sdk) => {
        try {
          return (await sdk.head(key)).meta ?? {};
        } catch (e) {
          if ((e as { status?: number }).status === 404) return undefined;
          throw e;
        }
      });
    },

    deleteObjects(bucket, region, keys) {
      return run({ action: 'DeleteMultipleObjects', bucket }, region, async (sdk) => {
        const body =
          '<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>' +
          keys.map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`).join('') +
          '</Delete>';
        // ali-oss computes the Content-MD5 OSS requires from the content.
        const r = await sdk.request({
          method: 'POST',
          bucket,
          subres: { delete: '' },
          mime: 'xml',
          content: Buffer.from(body, 'utf8'),
          successStatuses: [200],
          timeout: d.timeoutMs,
        });
        // A Quiet call lists only the keys it could not delete; one that deleted everything has an empty body.
        const answer = parseOssXml(r.data, { arrays: ['Error'] });
        const failed = ((answer?.Error ?? []) as any[]).map((x) => ({
          key: String(x.Key ?? ''),
          code: String(x.Code ?? ''),
          message: String(x.Message ?? ''),
        }));
        return { requestId: requestIdOf(r.res), failed };
      });
    },
  };
}
