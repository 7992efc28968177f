/**
 * The OssPort's calls about a bucket as a site, through ali-oss's raw request: its ACL (whether browsers and CDN's
 * unsigned fetches may read it) and its static website configuration.
 *
 * ali-oss's own `putBucketWebsite` cannot send ErrorDocument's HttpStatus (a single-page app needs 200), and its
 * `getBucketWebsite` drops it, so both go through the raw request. GetBucketWebsite is read as text: the
 * `<RoutingRules>` someone set in the console are kept verbatim and sent back by PutBucketWebsite, which replaces
 * the whole configuration.
 */
import { CloudError } from '../errors.js';
import type { BucketAcl, BucketWebsite } from '../model.js';
import type { OssPort } from '../ports.js';
import { type OssCall, requestIdOf, xmlEscape } from './oss-client.js';

type SiteMethods = Pick<OssPort, 'getBucketAcl' | 'getBucketWebsite' | 'putBucketWebsite'>;

const xmlUnescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of the first `<name>` inside `xml` (OSS's answers are flat, generated XML). */
function text(xml: string | undefined, name: string): string | undefined {
  if (xml === undefined) return undefined;
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlUnescape(m[1]!.trim()) : undefined;
}

/** Reads GetBucketWebsite's XML. */
export function parseWebsite(xml: string): BucketWebsite {
  const index = /<IndexDocument>[\s\S]*?<\/IndexDocument>/.exec(xml)?.[0];
  const error = /<ErrorDocument>[\s\S]*?<\/ErrorDocument>/.exec(xml)?.[0];
  const rules = /<RoutingRules>[\s\S]*<\/RoutingRules>/.exec(xml)?.[0];
  const out: BucketWebsite = {
    supportSubDir: /^true$/i.test(text(index, 'SupportSubDir') ?? ''),
    type: Number(text(index, 'Type') ?? 0),
  };
  const suffix = text(index, 'Suffix');
  if (suffix) out.index = suffix;
  const key = text(error, 'Key');
  if (key) {
    out.error = key;
    const status = Number(text(error, 'HttpStatus') ?? 404);
    out.errorStatus = Number.isInteger(status) ? status : 404;
  }
  if (rules) out.routingRules = rules;
  return out;
}

/** PutBucketWebsite's body. */
export function websiteXml(w: BucketWebsite): Buffer {
  const index = w.index
    ? `<IndexDocument><Suffix>${xmlEscape(w.index)}</Suffix><SupportSubDir>${w.supportSubDir}</SupportSubDir>` +
      `<Type>${w.type}</Type></IndexDocument>`
    : '';
  const error = w.error
    ? `<ErrorDocument><Key>${xmlEscape(w.error)}</Key><HttpStatus>${w.errorStatus ?? 404}</HttpStatus></ErrorDocument>`
    : '';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><WebsiteConfiguration>${index}${error}${w.routingRules ?? ''}</WebsiteConfiguration>`,
  );
}

const ACLS = new Set<BucketAcl>(['private', 'public-read', 'public-read-write']);

export function siteMethods(call: OssCall): SiteMethods {
  return {
    async getBucketAcl(bucket, region) {
      const r = await call({ action: 'GetBucketAcl', bucket }, region, {
        method: 'GET',
        bucket,
        subres: 'acl',
        successStatuses: [200],
        xml: { arrays: ['AccessControlList.Grant'] },
      });
      const grants: unknown[] = r.data?.AccessControlList?.Grant ?? [];
      const grant = (grants.length === 1 ? String(grants[0]) : '') as BucketAcl;
      // An answer without one known grant is treated as the strictest: a warning too many beats a silent 403.
      return ACLS.has(grant) ? grant : 'private';
    },

    async getBucketWebsite(bucket, region) {
      try {
        const r = await call({ action: 'GetBucketWebsite', bucket }, region, {
          method: 'GET',
          bucket,
          subres: 'website',
          successStatuses: [200],
        });
        return parseWebsite(Buffer.isBuffer(r.data) ? r.data.toString('utf8') : String(r.data ?? ''));
      } catch (e) {
        if (e instanceof CloudError && e.code === 'NoSuchWebsiteConfiguration') return undefined;
        throw e;
      }
    },

    async putBucketWebsite(bucket, region, website) {
      const r = await call({ action: 'PutBucketWebsite', bucket }, region, {
        method: 'PUT',
        bucket,
        subres: 'website',
        mime: 'xml',
        content: websiteXml(website),
        successStatuses: [200],
      });
      return { requestId: requestIdOf(r) };
    },
  };
}
