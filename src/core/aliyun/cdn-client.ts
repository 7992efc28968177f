/**
 * The CDN adapter's transport on the official CDN SDK (@alicloud/cdn20180510): one client, and `call`, which runs one
 * SDK request through the runtime's governor (paced, bounded, retried) and turns its failure into a CloudError that
 * names the API and the domain it was about.
 */
import CdnModule from '@alicloud/cdn20180510';
import { type CallContext, type ClientOptions, callApi, openapiConfig, sdkClass } from './openapi.js';

export type CdnClient = InstanceType<typeof CdnModule.default>;
const Cdn = sdkClass<typeof CdnModule.default>(CdnModule);

export const CDN_PUBLIC_ENDPOINT = 'cdn.aliyuncs.com';

/** One SDK request: `action` and `resource` name it in the governor and in errors. */
export type CdnCall = <T>(action: string, resource: string | undefined, fn: (c: CdnClient) => Promise<T>) => Promise<T>;

/** `endpoint` is a base URL (`OSS_DOMAINS_CDN_ENDPOINT`), default the public endpoint. */
export function cdnTransport(opts: ClientOptions): CdnCall {
  const client: CdnClient = new Cdn(openapiConfig(opts, CDN_PUBLIC_ENDPOINT));
  const endpoint = opts.endpoint ?? `https://${CDN_PUBLIC_ENDPOINT}`;
  return (action, resource, fn) => {
    const ctx: CallContext = { service: 'cdn', action, endpoint, resource };
    return callApi(ctx, () => fn(client), opts.governor);
  };
}

/** A write whose answer is only its request id. */
export async function cdnWrite(
  call: CdnCall,
  action: string,
  resource: string,
  fn: (c: CdnClient) => Promise<{ body?: { requestId?: string } }>,
): Promise<{ requestId: string }> {
  const r = await call(action, resource, fn);
  return { requestId: r.body?.requestId ?? '' };
}
