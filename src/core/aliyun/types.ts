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
