/**
 * RPC products of the sandbox. PLACEHOLDER: the Alidns and CDN handlers, and the ACS3 / HMAC-SHA1 signature
 * verifier, are being written in this folder (alidns.ts, cdn.ts, signature.ts); this file re-exports them.
 */
import type { Account } from '../state.js';
import type { RawRpcRequest, RpcProduct, SignatureCheck } from './types.js';

export const alidns: RpcProduct = {
  name: 'Alidns',
  version: '2015-01-09',
  hostId: 'alidns.aliyuncs.com',
  handlers: {},
  writes: new Set(),
};

export const cdn: RpcProduct = {
  name: 'Cdn',
  version: '2018-05-10',
  hostId: 'cdn.aliyuncs.com',
  handlers: {},
  writes: new Set(),
};

/** Verifies an ACS3-HMAC-SHA256 or legacy HMAC-SHA1 signed request. */
export function verifyRpcSignature(_req: RawRpcRequest, _accounts: Account[], _now: number): SignatureCheck {
  return { ok: false, code: 'NotImplemented', status: 501, message: 'RPC signatures are not implemented yet.' };
}
