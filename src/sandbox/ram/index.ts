/**
 * RAM for the sandbox: which action and resources a call needs (from operations.ts), the request's condition keys,
 * and how a refusal reads in each service's error: OSS 403 `AccessDenied` with `<AccessDeniedDetail>` and EC
 * 0003-00000201 (explicit Deny) or 0003-00000202 (no Allow); Alidns `Forbidden.RAM` with HTTP 400, as observed; CDN,
 * whose documents name no code, the gateway's `Forbidden.RAM` with HTTP 403.
 */

import { OPERATIONS, type RamRequest, ramAction } from '../operations.js';
import type { Account } from '../state.js';
import { evaluate, type Policy, type RamCall, type RamDecision } from './policy.js';

export type { Policy, RamDecision } from './policy.js';
export { loadPolicy, PolicyError, parsePolicyText } from './policy.js';

/** A refused call: what RAM decided, for the service's error. */
export type Denial = Extract<RamDecision, { allowed: false }> & { action: string };

export interface AuthorizeInput extends RamRequest {
  operation: string;
  account: Account;
  sourceIp: string;
  now: number;
}

/** The condition keys RAM offers for a call. */
function context(input: AuthorizeInput): Record<string, string> {
  const c: Record<string, string> = {
    'acs:currenttime': new Date(input.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'acs:securetransport': 'false',
    'acs:sourceip': input.sourceIp.replace(/^::ffff:/, ''),
    'acs:accessid': input.account.accessKeyId,
  };
  if (input.operation === 'ListObjects' || input.operation === 'ListObjectsV2') {
    // OSS treats an absent prefix or delimiter as empty: `"oss:Prefix": [""]` is how a policy allows the top level.
    c['oss:prefix'] = input.query?.get('prefix') ?? '';
    c['oss:delimiter'] = input.query?.get('delimiter') ?? '';
  }
  return c;
}

/** RAM's decision on a signed call, under `policy`. An operation missing from the table is refused. */
export function authorize(policy: Policy, input: AuthorizeInput): { allowed: true; by: number[] } | Denial {
  const action = ramAction(input.operation);
  const op = OPERATIONS[input.operation];
  const call: RamCall = {
    action,
    resources: op ? op.resources(input) : [`acs:${input.service}:*:${input.uid}:*`],
    context: context(input),
  };
  const decision = evaluate(policy, call);
  return decision.allowed ? decision : { ...decision, action };
}

/** `<AccessDeniedDetail>` / `AccessDeniedDetail`: who was refused, why, and a diagnosis a person can decode. */
export function accessDeniedDetail(denial: Denial, account: Account): Record<string, string> {
  const diagnosis = {
    AuthAction: denial.action,
    Resource: denial.resource,
    NoPermissionType: denial.type,
    Statement: denial.statement,
  };
  return {
    PolicyType: 'AccountLevelIdentityBasedPolicy',
    AuthPrincipalOwnerId: account.uid,
    AuthPrincipalType: 'SubUser',
    AuthPrincipalDisplayName: account.accessKeyId,
    NoPermissionType: denial.type,
    AuthAction: denial.action,
    EncodedDiagnosticMessage: Buffer.from(JSON.stringify(diagnosis)).toString('base64'),
  };
}
