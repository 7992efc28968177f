/**
 * The RPC half of the front: recognises an Alibaba Cloud RPC call, picks the product by API version, checks the
 * signature, runs the handler and renders the answer as the API gateway does (always JSON, with `x-acs-request-id`
 * and `x-acs-trace-id`). The products themselves live in src/sandbox/rpc/.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { CallService } from './control.js';
import type { FrontContext, Reply } from './front.js';
import { accessDeniedDetail } from './ram/index.js';
import { alidns, cdn, verifyRpcSignature } from './rpc/index.js';
import type { NonceStore } from './rpc/nonces.js';
import { RpcError, type RpcProduct } from './rpc/types.js';
import { rpcRequestId, sleep, traceId } from './util.js';

const PRODUCTS: Record<string, { product: RpcProduct; service: CallService }> = {
  [alidns.version]: { product: alidns, service: 'alidns' },
  [cdn.version]: { product: cdn, service: 'cdn' },
};

/** Protocol parameters of the legacy signature; never passed to handlers. RegionId is business-neutral too. */
const PROTOCOL_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
  'RegionId',
]);

const MESSAGES: Record<string, string> = {
  'Throttling.User': 'Request was denied due to user flow control.',
  Throttling: 'Request was denied due to request throttling.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  InternalError: 'The request processing has failed due to some unknown error, exception or failure.',
};

const RAM_DENIED = "User not authorized to operate on the specified resource, or this API doesn't support RAM.";

export function isRpcRequest(headers: IncomingHttpHeaders, url: URL): boolean {
  return headers['x-acs-action'] !== undefined || url.searchParams.has('Action');
}

/** Handles one RPC call; `'reset'` means the caller must destroy the socket. */
export async function handleRpc(
  ctx: FrontContext & { nonces: NonceStore },
  req: IncomingMessage,
  rawUrl: string,
  url: URL,
  body: Buffer,
): Promise<Reply | 'reset'> {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const action = header('x-acs-action') ?? url.searchParams.get('Action') ?? '';
  const version = header('x-acs-version') ?? url.searchParams.get('Version') ?? '';
  const known = PRODUCTS[version];
  const service: CallService = known?.service ?? (version.startsWith('2018') ? 'cdn' : 'alidns');
  const product = known?.product;
  const requestId = rpcRequestId();
  const hostId = product?.hostId ?? `${service}.aliyuncs.com`;
  const productName = product?.name ?? service;
  const write = product?.writes.has(action) ?? false;

  const decision = ctx.control.decide(service, action);
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  const { log, fail } = replies(ctx, { service, action, write, requestId, hostId, productName });

  const fault = decision.fault;
  if (fault?.kind === 'reset') {
    log(0, 'ECONNRESET', true);
    return 'reset';
  }
  // A lost reply: the call runs below and changes the world, then the connection is reset instead of answering.
  const lost = fault?.kind === 'lost-reply';
  if (fault && !lost) {
    const message = MESSAGES[fault.code] ?? `Injected fault: ${fault.code}.`;
    return fail(fault.code, fault.status, message, true, fault.throttle ? fault.retryAfterMs : undefined);
  }

  if (!product) {
    return fail('InvalidVersion', 400, `Specified parameter Version is not valid.`);
  }

  const check = verifySigned(ctx, req, rawUrl, url, body);
  if (!check.ok) return fail(check.code, check.status, check.message);

  const handler = product.handlers[action];
  if (!handler) {
    return fail('InvalidAction.NotFound', 400, 'Specified api is not found, please check your url and method.');
  }

  const params = paramsOf(url, body, header('content-type') ?? '');

  const account = check.account;
  const ram = ctx.control.authorize({
    operation: action,
    service,
    world: ctx.world,
    uid: account.uid,
    account,
    params,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  if (!ram.allowed) {
    // Alidns answers 400 (as observed); CDN documents no code, so it gets the gateway's 403.
    const status = service === 'alidns' ? 400 : 403;
    const detail = { AccessDeniedDetail: accessDeniedDetail(ram, account) };
    return fail('Forbidden.RAM', status, RAM_DENIED, false, undefined, detail);
  }

  // Flow control counts the caller's authenticated calls; the gateway says in x-acs-retry-after (ms) when to retry.
  const admission = ctx.control.admit(service, action);
  if (!admission.ok) {
    return fail('Throttling.User', 400, MESSAGES['Throttling.User']!, false, admission.retryAfterMs);
  }

  try {
    const result = handler({ world: ctx.world, params, action, account, now: ctx.now(), requestId });
    if (lost) {
      log(0, 'ECONNRESET', true, ram.by);
      return 'reset';
    }
    log(200, undefined, false, ram.by);
    return json(200, requestId, { RequestId: requestId, ...result });
  } catch (e) {
    if (e instanceof RpcError) return fail(e.code, e.status, e.message);
    const why = e instanceof Error ? e.message : String(e);
    return fail('InternalError', 500, `The request processing has failed (sandbox bug: ${why}).`);
  }
}

interface CallFacts {
  service: CallService;
  action: string;
  write: boolean;
  requestId: string;
  hostId: string;
  productName: string;
}

/** Records the call in the control's log, and renders a failure as the gateway does (optionally throttled). */
function replies(ctx: FrontContext, call: CallFacts) {
  const { service, action, write, requestId, hostId, productName } = call;
  const log = (status: number, code: string | undefined, injected: boolean, allowedBy?: number[]) =>
    ctx.control.record({ time: ctx.now(), service, action, write, status, code, injected, requestId, allowedBy });

  const fail = (
    code: string,
    status: number,
    message: string,
    injected = false,
    retryAfterMs?: number,
    extra: Record<string, unknown> = {},
  ): Reply => {
    log(status, code, injected);
    const reply = json(status, requestId, {
      RequestId: requestId,
      HostId: hostId,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${productName}&requestId=${requestId}`,
      ...extra,
    });
    if (retryAfterMs !== undefined) reply.headers['x-acs-retry-after'] = String(retryAfterMs);
    return reply;
  };
  return { log, fail };
}

/** The signature, then the nonce (a replayed request is refused even when its signature is good). */
function verifySigned(
  ctx: FrontContext & { nonces: NonceStore },
  req: IncomingMessage,
  rawUrl: string,
  url: URL,
  body: Buffer,
) {
  const q = rawUrl.indexOf('?');
  const check = verifyRpcSignature(
    {
      method: req.method ?? 'POST',
      path: url.pathname,
      rawQuery: q >= 0 ? rawUrl.slice(q + 1) : '',
      headers: req.headers,
      body,
    },
    ctx.world.accounts,
    ctx.now(),
  );
  if (!check.ok) return check;
  if (!ctx.nonces.use(check.account.accessKeyId, check.nonce, ctx.now())) {
    return {
      ok: false as const,
      code: 'SignatureNonceUsed',
      status: 400,
      message: 'Specified signature nonce was used already.',
    };
  }
  return check;
}

/** The business parameters, from the query and a form body, without the protocol's own. */
function paramsOf(url: URL, body: Buffer, contentType: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!PROTOCOL_PARAMS.has(k)) params[k] = v;
  if (body.length > 0 && contentType.includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!PROTOCOL_PARAMS.has(k)) params[k] = v;
  }
  return params;
}

function json(status: number, requestId: string, body: Record<string, unknown>): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': requestId,
      'x-acs-trace-id': traceId(),
    },
    body: Buffer.from(JSON.stringify(body)),
  };
}
