/**
 * `GET /healthz`, the one probe a load balancer, Docker's HEALTHCHECK and Kubernetes (readiness and liveness) use.
 *
 * 200 `ok` while the bot takes commands; 503 while it starts or shuts down (so that no new command is routed to a
 * replica that is draining) and, in Socket Mode, when its connection to Slack has been down for longer than a
 * reconnect takes: such a replica receives nothing, and restarting it is the remedy. A short outage does not fail
 * the probe, so a blip at Slack does not restart every replica at once.
 *
 * In HTTP mode the route is served by Bolt's own receiver, on the port Slack posts to; in Socket Mode, which needs
 * no listening port for Slack, by a small server of its own on `PORT`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEALTH_PATH } from './constants.js';
import type { Lifecycle } from './lifecycle.js';

/** How long the Socket Mode connection may be down before the probe fails (reconnects take seconds). */
export const SOCKET_DOWN_LIMIT_MS = 60_000;

/** The Socket Mode connection as seen through the client's `connected` / `disconnected` / `reconnecting` events. */
export interface SocketWatch {
  /** Undefined while connected; else ms since the connection was lost. */
  downForMs(): number | undefined;
}

/** Follows a Socket Mode client's state; `now` is the clock (ms). It counts as down until it first connects. */
export function watchSocket(
  client: { on(event: string, listener: () => void): unknown },
  now: () => number,
): SocketWatch {
  let downSince: number | undefined = now();
  client.on('connected', () => {
    downSince = undefined;
  });
  const down = () => {
    downSince ??= now();
  };
  client.on('disconnected', down);
  client.on('reconnecting', down);
  return { downForMs: () => (downSince === undefined ? undefined : now() - downSince) };
}

export interface HealthAnswer {
  status: 200 | 503;
  body: string;
}

/** The probe's answer for the bot's current state. */
export function healthOf(lifecycle: Lifecycle, socket?: SocketWatch): HealthAnswer {
  if (lifecycle.phase !== 'serving') return { status: 503, body: `${lifecycle.phase}\n` };
  const down = socket?.downForMs();
  if (down !== undefined && down > SOCKET_DOWN_LIMIT_MS)
    return { status: 503, body: `not connected to Slack for ${Math.round(down / 1000)} s\n` };
  return { status: 200, body: 'ok\n' };
}

/** Writes the answer (no caching: a probe must see the state now). */
export function sendHealth(res: ServerResponse, answer: HealthAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(answer.body);
}

/** Socket Mode's health server: `GET /healthz` only, every other request 404. Resolves once it listens. */
export function startHealthServer(port: number, answer: () => HealthAnswer): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) return sendHealth(res, answer());
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
