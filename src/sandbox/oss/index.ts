/**
 * The OSS half of the sandbox. `prepareOss` routes a request (bucket, key, API name) without touching the world;
 * the front logs and injects faults by that name, then calls `run` to authenticate and execute it.
 */
import type { World } from '../state.js';
import { ossRequestId } from '../util.js';
import { MESSAGES, OssError, type OssResponse, renderOssError } from './errors.js';
import { type OssRequest, routeOss } from './route.js';

export type { OssResponse } from './errors.js';
export type { OssRequest } from './route.js';

export interface OssCall {
  action: string;
  write: boolean;
  bucket?: string;
  via?: 'domain' | 'cdn';
  method: string;
  hostId: string;
  run(now: number): OssResponse;
}

export function prepareOss(world: World, req: OssRequest, now: () => number): OssCall {
  const route = routeOss(world, req, now());
  const via = route.addressing.kind === 'domain' || route.addressing.kind === 'cdn' ? route.addressing.kind : undefined;
  const hostId = route.host;
  return {
    action: route.action,
    write: route.write,
    bucket: route.bucketName || undefined,
    via,
    method: req.method,
    hostId,
    run(at) {
      const requestId = ossRequestId();
      return renderOssError(new OssError('NotImplemented', 501, 'OSS is not implemented yet.'), {
        requestId,
        hostId,
        method: req.method,
        now: at,
      });
    },
  };
}

/** The response for a fault the front injected instead of running the call. */
export function ossFaultResponse(call: OssCall, code: string, status: number, now = Date.now()): OssResponse {
  const message = MESSAGES[code] ?? `Injected fault: ${code}.`;
  return renderOssError(new OssError(code, status, message), {
    requestId: ossRequestId(),
    hostId: call.hostId,
    method: call.method,
    now,
  });
}
