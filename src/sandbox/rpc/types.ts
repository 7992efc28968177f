/**
 * The contract between the sandbox's RPC front (src/sandbox/rpc-front.ts) and the RPC products (Alidns, CDN).
 * The front parses the request, verifies the signature, logs the call and injects faults; a handler only
 * implements the product's semantics.
 */
import type { Account, World } from '../state.js';

export interface RpcContext {
  world: World;
  /** Business parameters: query ∪ form body, with the protocol parameters (Action, Signature, ...) removed. */
  params: Record<string, string>;
  action: string;
  account: Account;
  /** The sandbox clock (ms since the epoch). */
  now: number;
  requestId: string;
}

/** A handler returns the JSON body of a 200; it throws `RpcError` for an API error. */
export type RpcHandler = (ctx: RpcContext) => Record<string, unknown>;

export interface RpcProduct {
  /** `Alidns` | `Cdn` */
  name: string;
  /** `2015-01-09` | `2018-05-10` */
  version: string;
  /** The host name real errors carry in HostId. */
  hostId: string;
  handlers: Record<string, RpcHandler>;
  /** Actions that change state (for the call log's write/read flag). */
  writes: ReadonlySet<string>;
}

/** An Alibaba Cloud RPC error: rendered as `{RequestId, HostId, Code, Message, Recommend}` with `status`. */
export class RpcError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request as received, for signature verification. */
export interface RawRpcRequest {
  method: string;
  /** Path without the query (`/`). */
  path: string;
  /** The raw query string, without `?`. */
  rawQuery: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SignatureCheck =
  /** `nonce`: the request's signature nonce, which the gateway accepts once. */
  { ok: true; account: Account; nonce: string } | { ok: false; code: string; status: number; message: string };
