/**
 * Multipart upload: InitiateMultipartUpload (`POST /<key>?uploads`, which takes the object's headers and
 * `x-oss-meta-*`), UploadPart (`PUT /<key>?partNumber=N&uploadId=ID`), CompleteMultipartUpload (`POST
 * /<key>?uploadId=ID` with the parts in ascending order, each but the last at least 100 KB) and AbortMultipartUpload
 * (`DELETE /<key>?uploadId=ID`). The completed object has `Type` Multipart and an ETag that is not the MD5 of its
 * content (here `<MD5 of the parts' MD5s>-<part count>`), as OSS documents: never compare it with a file's MD5.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { BucketState, UploadState } from '../state.js';
import { contentTypeFor, xmlEscape } from '../util.js';
import { OssError } from './errors.js';
import { checkContentMd5, one, storedHeaders } from './objects.js';
import { type Handled, xmlDoc } from './xml.js';

export const MIN_PART_SIZE = 100 * 1024;
export const MAX_PARTS = 10_000;

const md5Hex = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

function uploadOf(bucket: BucketState, key: string, uploadId: string | undefined): UploadState {
  const u = uploadId ? bucket.uploads?.get(uploadId) : undefined;
  if (!u || u.key !== key) {
    throw new OssError(
      'NoSuchUpload',
      404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId ?? '' },
    );
  }
  return u;
}

export function initiateMultipartUpload(
  bucket: BucketState,
  key: string,
  headers: IncomingHttpHeaders,
  now: number,
): Handled {
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  bucket.uploads ??= new Map();
  bucket.uploads.set(uploadId, {
    uploadId,
    key,
    initiated: now,
    contentType: one(headers, 'content-type') || contentTypeFor(key),
    ...storedHeaders(headers),
    parts: new Map(),
  });
  const inner = `<Bucket>${xmlEscape(bucket.name)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId>`;
  return { status: 200, body: xmlDoc('InitiateMultipartUploadResult', inner) };
}

export function uploadPart(
  bucket: BucketState,
  key: string,
  q: Map<string, string>,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Handled {
  const u = uploadOf(bucket, key, q.get('uploadId'));
  const raw = q.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PARTS) {
    throw new OssError('InvalidArgument', 400, `Part number must be an integer between 1 and ${MAX_PARTS}.`, {
      ArgumentName: 'partNumber',
      ArgumentValue: raw,
    });
  }
  checkContentMd5(headers, body, key);
  const etag = md5Hex(body);
  u.parts.set(n, { body, etag });
  return { status: 200, headers: { etag: `"${etag}"` } };
}

/** The `<Part>` list of a CompleteMultipartUpload body, in the order given. */
function parseParts(body: Buffer): { n: number; etag: string }[] {
  const xml = body.toString('utf8');
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    n: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]!)?.[1] ?? Number.NaN),
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1]!)?.[1] ?? '').trim().replace(/&quot;/g, '"'),
  }));
  if (!/<CompleteMultipartUpload>/.test(xml) || parts.length === 0 || parts.some((p) => Number.isNaN(p.n))) {
    throw new OssError(
      'MalformedXML',
      400,
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  return parts;
}

export function completeMultipartUpload(
  bucket: BucketState,
  key: string,
  q: Map<string, string>,
  body: Buffer,
  now: number,
): Handled {
  const u = uploadOf(bucket, key, q.get('uploadId'));
  const parts = parseParts(body);
  const chosen: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && p.n <= parts[i - 1]!.n) {
      throw new OssError(
        'InvalidPartOrder',
        400,
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        {},
        '0042-00000209',
      );
    }
    const stored = u.parts.get(p.n);
    if (!stored || p.etag.replace(/"/g, '').toUpperCase() !== stored.etag) {
      throw new OssError(
        'InvalidPart',
        400,
        "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
        { PartNumber: String(p.n), UploadId: u.uploadId },
      );
    }
    if (i < parts.length - 1 && stored.body.length < MIN_PART_SIZE) {
      throw new OssError(
        'EntityTooSmall',
        400,
        'Your proposed upload is smaller than the minimum allowed size.',
        { PartNumber: String(p.n), MinSizeAllowed: String(MIN_PART_SIZE) },
        '0042-00000213',
      );
    }
    chosen.push(stored.body);
  });
  const digest = createHash('md5');
  for (const p of parts) digest.update(Buffer.from(u.parts.get(p.n)!.etag, 'hex'));
  const etag = `${digest.digest('hex').toUpperCase()}-${parts.length}`;
  bucket.objects.set(key, {
    body: Buffer.concat(chosen),
    contentType: u.contentType,
    lastModified: now,
    etag,
    type: 'Multipart',
    headers: u.headers,
    meta: u.meta,
  });
  bucket.uploads!.delete(u.uploadId);
  const location = `http://${bucket.name}.oss-${bucket.region}.aliyuncs.com/${encodeURI(key)}`;
  const inner =
    `<Location>${xmlEscape(location)}</Location><Bucket>${xmlEscape(bucket.name)}</Bucket>` +
    `<Key>${xmlEscape(key)}</Key><ETag>"${etag}"</ETag>`;
  return { status: 200, headers: { etag: `"${etag}"` }, body: xmlDoc('CompleteMultipartUploadResult', inner) };
}

export function abortMultipartUpload(bucket: BucketState, key: string, q: Map<string, string>): Handled {
  const u = uploadOf(bucket, key, q.get('uploadId'));
  bucket.uploads!.delete(u.uploadId);
  return { status: 204 };
}
