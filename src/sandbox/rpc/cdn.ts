/**
 * The sandbox's Alibaba Cloud CDN (2018-05-10): accelerated domains, ownership proof, HTTPS and its certificate
 * reads, domain functions (BatchSetCdnDomainConfig), cache refresh and tags. Each concern lives in its own file;
 * this one assembles the product the HTTP front dispatches to.
 */
import { configHandlers } from './cdn-config.js';
import { domainHandlers } from './cdn-domains.js';
import { httpsHandlers } from './cdn-https.js';
import { refreshHandlers } from './cdn-refresh.js';
import { tagHandlers } from './cdn-tags.js';
import { verifyHandlers } from './cdn-verify.js';
import type { RpcProduct } from './types.js';

/** Alibaba Cloud CDN, as the front dispatches it (`x-acs-version: 2018-05-10`). */
export const cdn: RpcProduct = {
  name: 'Cdn',
  version: '2018-05-10',
  hostId: 'cdn.aliyuncs.com',
  handlers: {
    ...domainHandlers,
    ...refreshHandlers,
    ...verifyHandlers,
    ...httpsHandlers,
    ...tagHandlers,
    ...configHandlers,
  },
  writes: new Set([
    'AddCdnDomain',
    'StartCdnDomain',
    'StopCdnDomain',
    'DeleteCdnDomain',
    'RefreshObjectCaches',
    'PushObjectCache',
    'VerifyDomainOwner',
    'SetCdnDomainSSLCertificate',
    'TagResources',
    'UntagResources',
    'BatchSetCdnDomainConfig',
    'DeleteSpecificConfig',
  ]),
};
