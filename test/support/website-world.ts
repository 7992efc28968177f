/**
 * The world of the website and edge tests (issue 15), shared by the CLI's and the Action's: a public bucket that
 * serves a site, a private one, two certificates for *.abc.com, and abc.com verified for CDN; and a browser's GET
 * through the sandbox's front (Host header, `x-forwarded-proto: https` for a request over HTTPS at the edge).
 */
import type { SeedSpec } from '../../src/sandbox/index.js';
import { rawRequest } from './oss-sandbox.js';

export const SITE = 'abc-site';
export const ORIGIN = `${SITE}.oss-cn-hangzhou.aliyuncs.com`;

export const WEBSITE_SEED: SeedSpec = {
  zones: [{ name: 'abc.com' }, { name: 'partner.com' }],
  buckets: [
    {
      name: SITE,
      region: 'cn-hangzhou',
      acl: 'public-read',
      objects: [
        { key: 'index.html', text: '<h1>home</h1>', contentType: 'text/html' },
        { key: '404.html', text: '<h1>not here</h1>', contentType: 'text/html' },
      ],
    },
    { name: 'abc-private', region: 'cn-hangzhou', acl: 'private', objects: [{ key: 'a.txt', text: 'secret' }] },
  ],
  certificates: [
    { id: '42', name: 'old', domains: ['*.abc.com'], validDays: 365 },
    { id: '43', name: 'new', domains: ['*.abc.com'], validDays: 365 },
  ],
  cdnVerifiedRoots: ['abc.com'],
};

/** A browser's GET of `path` on `host`, through the sandbox at `url`. */
export function browserGet(url: string) {
  return (host: string, path: string, https = false) =>
    rawRequest(url, { path, headers: { host, ...(https ? { 'x-forwarded-proto': 'https' } : {}) } }).then((r) => ({
      status: r.status,
      text: r.body.toString(),
      headers: r.headers,
    }));
}
