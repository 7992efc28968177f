/**
 * The CdnPort adapter on the official CDN SDK (@alicloud/cdn20180510), composed of one piece per concern over one
 * governed transport (cdn-client.ts): the domains and their ownership tag (cdn-domains.ts), what a domain does at the
 * edge and the certificate it serves (cdn-config.ts), and its cache (cdn-refresh.ts).
 */
import type { CdnPort } from '../ports.js';
import { cdnTransport } from './cdn-client.js';
import { configMethods } from './cdn-config.js';
import { domainReads, domainWrites } from './cdn-domains.js';
import { refreshMethods } from './cdn-refresh.js';
import type { ClientOptions } from './openapi.js';

/** The CDN adapter; `endpoint` is a base URL (`OSS_DOMAINS_CDN_ENDPOINT`), default the public endpoint. */
export function createCdnAdapter(opts: ClientOptions): CdnPort {
  const call = cdnTransport(opts);
  return {
    ...domainReads(call),
    ...domainWrites(call),
    ...configMethods(call),
    ...refreshMethods(call),
  };
}
