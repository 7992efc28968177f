/** What every adapter needs to sign a request. */
export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * Where credentials come from: the environment AK, or the default chain of @alicloud/credentials (OIDC, profiles,
 * ECS role). Called before each request; implementations cache and refresh.
 */
export type CredentialSource = () => Promise<AccessKey>;

/** Endpoint overrides from the contract's environment (OSS_DOMAINS_*_ENDPOINT, OSS_DOMAINS_RESOLVER). */
export interface Endpoints {
  /** Base URL every OSS request goes to (e.g. `http://127.0.0.1:9000`); unset: `https://<bucket>.oss-<region>.aliyuncs.com`. */
  oss?: string;
  /** Base URL (`http://host:port`) of the Alidns RPC API. */
  dns?: string;
  /** Base URL of the CDN RPC API. */
  cdn?: string;
  /** Base URL of STS. */
  sts?: string;
  /** `host:port` of the DNS server used for propagation checks. */
  resolver?: string;
}
