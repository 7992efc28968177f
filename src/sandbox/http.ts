/**
 * The sandbox's one HTTP port. Every request is one of three things:
 *
 * - the control surface: path under `/__sandbox/` (no signature);
 * - an Alibaba Cloud RPC call (Alidns, CDN): an `x-acs-action` header (ACS3) or an `Action` query parameter (legacy);
 * - OSS: everything else, including browsers fetching objects through a bound custom domain or a CDN domain.
 *
 * For API calls the front asks the control surface for injected faults BEFORE the handler runs (an injected failure
 * never changes the world), then logs the call with its outcome.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleControl } from './control-http.js';
import type { FrontContext, Reply } from './front.js';
import { type OssGate, type OssResponse, ossFaultResponse, ossThrottled, prepareOss } from './oss/index.js';
import { NonceStore } from './rpc/nonces.js';
import { handleRpc, isRpcRequest } from './rpc-front.js';
import { sleep } from './util.js';

/** Creates (does not start) the sandbox's HTTP server. */
export function createFront(ctx: FrontContext): Server {
  const nonces = new NonceStore();
  // 64 KiB: SetCdnDomainSSLCertificate carries a PEM chain and key in the query string.
  const server = createServer({ maxHeaderSize: 65536 }, (req, res) => {
    handle(ctx, nonces, req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`sandbox internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(ctx: FrontContext, nonces: NonceStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://sandbox.invalid');

  if (url.pathname.startsWith('/__sandbox/') || url.pathname === '/__sandbox') {
    return send(res, req.method ?? 'GET', await handleControl(ctx, req.method ?? 'GET', url, body));
  }

  if (isRpcRequest(req.headers, url)) {
    const outcome = await handleRpc({ ...ctx, nonces }, req, rawUrl, url, body);
    if (outcome === 'reset') return void req.socket.destroy();
    return send(res, req.method ?? 'GET', outcome);
  }

  const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
  const gate: OssGate = (account, route) =>
    ctx.control.authorize({
      operation: route.action,
      service: 'oss',
      world: ctx.world,
      uid: account.uid,
      account,
      bucket: route.bucketName,
      key: route.key,
      query: new Map(route.query),
      body,
      sourceIp,
    });
  const ossReq = { method: req.method ?? 'GET', rawUrl, url, headers: req.headers, body };
  const call = prepareOss(ctx.world, ossReq, ctx.now, gate);
  const decision = ctx.control.decide('oss', call.action);
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  const base = {
    time: ctx.now(),
    service: 'oss' as const,
    action: call.action,
    write: call.write,
    bucket: call.bucket,
  };
  const fault = decision.fault;
  if (fault?.kind === 'reset') {
    ctx.control.record({ ...base, status: 0, code: 'ECONNRESET', injected: true, requestId: '' });
    return void req.socket.destroy();
  }
  if (fault?.kind === 'lost-reply') {
    const done: OssResponse & { allowedBy?: number[] } = call.run(ctx.now());
    const { requestId, allowedBy } = done;
    ctx.control.record({ ...base, status: 0, code: 'ECONNRESET', injected: true, requestId, allowedBy });
    return void req.socket.destroy();
  }
  let reply: OssResponse & { allowedBy?: number[] };
  if (fault) reply = ossFaultResponse(call, fault.code, fault.status, ctx.now());
  else {
    const admission = ctx.control.admit('oss', call.action);
    reply = admission.ok ? call.run(ctx.now()) : ossThrottled(call, admission.key, ctx.now());
  }
  ctx.control.record({
    ...base,
    status: reply.status,
    code: reply.code,
    injected: fault !== undefined,
    requestId: reply.requestId,
    via: call.via,
    allowedBy: reply.allowedBy,
  });
  send(res, req.method ?? 'GET', reply);
}

function send(res: ServerResponse, method: string, reply: Reply): void {
  const body = method === 'HEAD' ? undefined : reply.body;
  const headers = { ...reply.headers };
  if (!('content-length' in headers)) headers['content-length'] = String(reply.body?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** Reads the whole body; Node de-chunks `Transfer-Encoding: chunked` (the openapi-core form bodies) for us. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
