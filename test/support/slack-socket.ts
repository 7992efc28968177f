/**
 * Slack's Socket Mode, locally, on the Slack stand-in's own HTTP server (slack-server.ts):
 *
 * 1. the app calls `apps.connections.open` with its app-level token (`Authorization: Bearer xapp-…`) and gets a
 *    one-time `ws://…/socket-mode?ticket=N` URL (a bot token is refused with `not_allowed_token_type`, as Slack does);
 * 2. it connects; the server says `{"type":"hello"}`;
 * 3. the server sends envelopes (`slash_commands`, `interactive`) — `{envelope_id, type, payload,
 *    accepts_response_payload}` — and the app must ack each by sending back `{envelope_id, payload?}` on the socket.
 *
 * `send()` returns the ack, so a test sees exactly what the app answered and when, relative to everything else the
 * stand-in records (`seq`).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export const SOCKET_PATH = '/socket-mode';

export interface SocketAck {
  envelope_id: string;
  /** What the app put in the ack (a slash command may answer in it); undefined for an empty ack. */
  payload?: Record<string, any>;
  /** Position among everything the stand-in recorded (shared with Web API calls and response URLs). */
  seq: number;
}

export interface SocketMode {
  /** `apps.connections.open`: the URL for a new connection, or Slack's error for a token that is not an app token. */
  open(authorization: string | undefined): { ok: true; url: string } | { ok: false; error: string };
  /** Connections that completed the handshake and are still open. */
  connections(): number;
  /** Tokens seen by `apps.connections.open`, in order. */
  readonly tokens: string[];
  /** Sends an envelope on the newest connection; resolves with the app's ack (rejects after `timeoutMs`). */
  send(
    type: 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<SocketAck>;
  close(): void;
}

/** Attaches Socket Mode to `server`; `nextSeq` numbers acks in the same sequence as the stand-in's other records. */
export function attachSocketMode(server: Server, baseUrl: () => string, nextSeq: () => number): SocketMode {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open: WebSocket[] = [];
  const waiting = new Map<string, (ack: SocketAck) => void>();
  const tokens: string[] = [];
  let counter = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ticket = url.searchParams.get('ticket') ?? '';
    // A URL is good for one connection, as Slack's are.
    if (url.pathname !== SOCKET_PATH || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      open.push(ws);
      ws.on('close', () => open.splice(open.indexOf(ws), 1));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, any> };
        const done = msg.envelope_id ? waiting.get(msg.envelope_id) : undefined;
        if (!done) return;
        waiting.delete(msg.envelope_id!);
        const payload = msg.payload && Object.keys(msg.payload).length > 0 ? msg.payload : undefined;
        done({ envelope_id: msg.envelope_id!, payload, seq: nextSeq() });
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: open.length, connection_info: { app_id: 'A0001' } }));
    });
  });

  return {
    tokens,
    open(authorization) {
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
      tokens.push(token);
      if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      const ticket = String(++counter);
      tickets.add(ticket);
      return { ok: true, url: `${baseUrl().replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}` };
    },
    connections: () => open.length,
    send(type, payload, timeoutMs = 10_000) {
      const ws = open.at(-1);
      if (!ws) return Promise.reject(new Error('no Socket Mode connection is open'));
      const id = `env-${++counter}`;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`envelope ${id} (${type}) was not acked`));
        }, timeoutMs);
        waiting.set(id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        ws.send(
          JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type === 'slash_commands' }),
        );
      });
    },
    close() {
      for (const ws of open) ws.terminate();
      wss.close();
    },
  };
}
