/**
 * Where the adapters get credentials (the contract's "Credentials and endpoints"): the environment AccessKey (with
 * an optional STS token) first; otherwise the default chain of @alicloud/credentials — OIDC role (what GitHub Actions
 * uses), CLI and ini profiles, ECS RAM role, credentials URI. `OSS_DOMAINS_STS_ENDPOINT` points OIDC at another STS.
 *
 * Every secret that passes through here is registered with `registerSecret`, so `redact` removes it from the
 * messages, hints and audit summaries the core builds; a value that never went through the core's errors (an SDK's
 * own log line) is not covered.
 */
import { readFileSync } from 'node:fs';
import CredentialModule, {
  type CredentialsProvider,
  DefaultCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
} from '@alicloud/credentials';
import { CloudError, registerSecret } from '../errors.js';
import type { AccessKey, CredentialSource } from './types.js';

type CredentialClient = InstanceType<typeof CredentialModule.default>;
const Credential = ((CredentialModule as unknown as { default?: unknown }).default ??
  CredentialModule) as typeof CredentialModule.default;

/** The environment variables this module reads (process.env, or a sandbox's `env`). */
export type CredentialEnv = {
  readonly [K in
    | 'ALIBABA_CLOUD_ACCESS_KEY_ID'
    | 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'
    | 'ALIBABA_CLOUD_SECURITY_TOKEN'
    | 'ALIBABA_CLOUD_ROLE_ARN'
    | 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN'
    | 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'
    | 'ALIBABA_CLOUD_ROLE_SESSION_NAME'
    | 'ALIBABA_CLOUD_STS_REGION'
    | 'OSS_DOMAINS_STS_ENDPOINT']?: string;
};

function remember(key: AccessKey): AccessKey {
  registerSecret(key.accessKeySecret);
  registerSecret(key.securityToken);
  return key;
}

const noCredentials = (cause: unknown): CloudError =>
  new CloudError(
    `No Alibaba Cloud credentials could be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
    {
      service: 'sts',
      code: 'CredentialsUnavailable',
      status: 0,
      cause,
      hint: 'Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS), or ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE for OIDC.',
    },
  );

/**
 * An OIDC provider built from `env` (not process.env), honouring `OSS_DOMAINS_STS_ENDPOINT`. The SDK always speaks
 * https to STS; for an `http://` endpoint (a local emulator) we switch the protocol through the provider's request
 * seam, the one the SDK itself uses for mocking.
 */
function oidcProvider(env: CredentialEnv): CredentialsProvider {
  const builder = OIDCRoleArnCredentialsProvider.builder()
    .withRoleArn(env.ALIBABA_CLOUD_ROLE_ARN ?? '')
    .withOIDCProviderArn(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN ?? '')
    .withOIDCTokenFilePath(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE ?? '')
    .withRoleSessionName(env.ALIBABA_CLOUD_ROLE_SESSION_NAME || `oss-domains-${Date.now()}`);
  if (env.ALIBABA_CLOUD_STS_REGION) builder.withStsRegionId(env.ALIBABA_CLOUD_STS_REGION);
  let plainHttp = false;
  const sts = env.OSS_DOMAINS_STS_ENDPOINT?.trim();
  if (sts) {
    const url = new URL(/^[a-z]+:\/\//i.test(sts) ? sts : `https://${sts}`);
    builder.withStsEndpoint(url.host);
    plainHttp = url.protocol === 'http:';
  }
  const provider = builder.build();
  if (plainHttp) {
    const seam = provider as unknown as { doRequest: (req: { protocol: string }) => Promise<unknown> };
    const send = seam.doRequest;
    seam.doRequest = (req) => {
      req.protocol = 'http';
      return send(req);
    };
  }
  try {
    registerSecret(readFileSync(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE ?? '', 'utf8').trim());
  } catch {
    // The provider reports a missing token file itself, when it is asked for credentials.
  }
  return provider;
}

/**
 * The credential source for `env`: the environment AccessKey when both id and secret are set, else the OIDC role
 * when its three variables are set (read from `env`), else the rest of the default chain (which reads process.env and
 * the profile files itself). The SDK providers cache and refresh STS sessions; a failure becomes `CloudError`
 * `CredentialsUnavailable` with what to set.
 */
export function credentialSource(env: CredentialEnv): CredentialSource {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && secret) {
    const key = remember({
      accessKeyId: id,
      accessKeySecret: secret,
      securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined,
    });
    return async () => key;
  }
  const oidc = env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE;
  let provider: CredentialsProvider | undefined;
  let inflight: Promise<AccessKey> | undefined;
  const fetch = async (): Promise<AccessKey> => {
    try {
      provider ??= oidc ? oidcProvider(env) : DefaultCredentialsProvider.builder().build();
      const c = await provider.getCredentials();
      return remember({
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        securityToken: c.securityToken || undefined,
      });
    } catch (e) {
      throw noCredentials(e);
    }
  };
  // One fetch at a time: the SDK's default chain marks a provider as "the one in use" before it has answered, so a
  // second call made meanwhile (a plan reads OSS, Alidns and CDN at once) asks the chain's first provider, the
  // environment, and fails. Sharing the fetch in flight also asks STS once, not once per parallel call.
  return () => {
    inflight ??= fetch().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}

/**
 * Adapts a `CredentialSource` to what openapi-core clients take as `Config.credential`: a @alicloud/credentials
 * client over a custom provider, so the SDK asks us before every request and signs with whatever we return.
 */
export function openapiCredential(source: CredentialSource): CredentialClient {
  const provider = {
    getProviderName: () => 'oss-domains',
    getCredentials: async () => {
      const k = await source();
      return {
        accessKeyId: k.accessKeyId,
        accessKeySecret: k.accessKeySecret,
        securityToken: k.securityToken ?? '',
        providerName: 'oss-domains',
      };
    },
  };
  return new Credential(null, provider as unknown as CredentialsProvider);
}
