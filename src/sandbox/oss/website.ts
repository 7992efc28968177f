/**
 * OSS static website hosting: PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite, and how a bucket that has a
 * website configuration answers anonymous reads (OSS "Static website hosting" and the PutBucketWebsite reference):
 *
 * - `/` and `a/` (a key ending in `/`) serve the index document: `a/index.html` with SupportSubDir, else the root's;
 * - `/a` with no object `a` but an `a/index.html` (SupportSubDir): Type 0 redirects to `/a/` (302), Type 2 serves it,
 *   Type 1 treats it as missing;
 * - a missing key serves the error document with its HttpStatus (404 unless configured, 200 for single-page apps);
 *   without one, OSS's own `NoSuchKey`.
 *
 * Signed requests are not website requests: a signed `GET /` lists the bucket, a signed miss is `NoSuchKey`.
 * RoutingRules are stored and echoed but not evaluated.
 */
import type { BucketState, WebsiteState } from '../state.js';
import { xmlEscape } from '../util.js';
import { MESSAGES, OssError } from './errors.js';
import { type Handled, tag, xmlDoc } from './xml.js';

const malformed = () =>
  new OssError(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );

const invalid = (name: string, value: string, message: string, ec?: string) =>
  new OssError('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value }, ec);

/** Reads a `<WebsiteConfiguration>` body as PutBucketWebsite checks it. */
function parseWebsite(body: Buffer): WebsiteState {
  const xml = body.toString('utf8');
  const root = tag(xml, 'WebsiteConfiguration');
  if (root === undefined) throw malformed();
  const index = tag(root, 'IndexDocument');
  const error = tag(root, 'ErrorDocument');
  const rules = /<RoutingRules>[\s\S]*<\/RoutingRules>/.exec(root)?.[0];
  if (index === undefined && error === undefined && rules === undefined) throw malformed();
  const out: WebsiteState = {};
  if (index !== undefined) {
    const suffix = tag(index, 'Suffix') ?? '';
    if (!suffix || suffix.includes('/'))
      throw invalid('Suffix', suffix, 'The index document suffix must be a non-empty object name without "/".');
    const sub = (tag(index, 'SupportSubDir') ?? 'false').toLowerCase();
    if (sub !== 'true' && sub !== 'false') throw invalid('SupportSubDir', sub, 'SupportSubDir must be true or false.');
    const type = tag(index, 'Type') ?? '0';
    if (!['0', '1', '2'].includes(type)) throw invalid('Type', type, 'Type must be 0, 1 or 2.');
    out.index = { suffix, supportSubDir: sub === 'true', type: Number(type) as 0 | 1 | 2 };
  }
  if (error !== undefined) {
    const key = tag(error, 'Key') ?? '';
    if (!key) throw invalid('Key', key, 'The error document needs a Key.');
    const status = tag(error, 'HttpStatus') ?? '404';
    if (!/^\d{3}$/.test(status)) throw invalid('HttpStatus', status, 'HttpStatus is Invalid', '0019-00000002');
    out.error = { key, httpStatus: Number(status) };
  }
  if (rules !== undefined) out.routingRulesXml = rules;
  return out;
}

export function putBucketWebsite(bucket: BucketState, body: Buffer): Handled {
  bucket.website = parseWebsite(body);
  return { status: 200 };
}

export function getBucketWebsite(bucket: BucketState): Handled {
  const w = bucket.website;
  if (!w)
    throw new OssError(
      'NoSuchWebsiteConfiguration',
      404,
      'The specified bucket does not have a website configuration.',
      { BucketName: bucket.name },
    );
  const index = w.index
    ? `<IndexDocument><Suffix>${xmlEscape(w.index.suffix)}</Suffix>` +
      `<SupportSubDir>${w.index.supportSubDir}</SupportSubDir><Type>${w.index.type}</Type></IndexDocument>`
    : '';
  const error = w.error
    ? `<ErrorDocument><Key>${xmlEscape(w.error.key)}</Key><HttpStatus>${w.error.httpStatus}</HttpStatus></ErrorDocument>`
    : '';
  return { status: 200, body: xmlDoc('WebsiteConfiguration', `${index}${error}${w.routingRulesXml ?? ''}`) };
}

export function deleteBucketWebsite(bucket: BucketState): Handled {
  delete bucket.website;
  return { status: 204 };
}

/**
 * An anonymous GET or HEAD of `key` on a bucket with a website configuration; `undefined` when the website rules do
 * not apply (no configuration, or `/` without an index document). `serve(key)` answers with the object.
 */
export function serveWebsite(bucket: BucketState, key: string, serve: (key: string) => Handled): Handled | undefined {
  const w = bucket.website;
  if (!w) return undefined;
  const idx = w.index;
  const directory = key === '' || key.endsWith('/');
  if (directory && !idx) return undefined;
  const target = directory && idx ? (idx.supportSubDir ? `${key}${idx.suffix}` : idx.suffix) : key;
  if (bucket.objects.has(target)) return serve(target);
  if (!directory && idx?.supportSubDir && bucket.objects.has(`${key}/${idx.suffix}`)) {
    if (idx.type === 0) return { status: 302, headers: { location: `/${encodeURI(key)}/` } };
    if (idx.type === 2) return serve(`${key}/${idx.suffix}`);
  }
  if (w.error && bucket.objects.has(w.error.key)) {
    const page = serve(w.error.key);
    return page.status === 200 ? { ...page, status: w.error.httpStatus } : page;
  }
  throw new OssError('NoSuchKey', 404, MESSAGES.NoSuchKey!, { Key: target }, '0026-00000001');
}
