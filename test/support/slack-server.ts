/**
 * A local stand-in for Slack's side of the conversation: the Web API (the bot's `SLACK_API_URL`) and the response
 * URLs it answers on. Every request is recorded, so tests read exactly what the bot sent to Slack.
 *
 *   const slack = await startSlackServer();
 *   env.SLACK_API_URL = slack.apiUrl;                    // chat.postMessage, auth.test, ...
 *   const url = slack.responseUrl('cmd1');               // put in a slash command / button payload
 *   await slack.waitFor(() => slack.responses('cmd1').length >= 1);
 *
 * It also speaks Socket Mode (slack-socket.ts): `apps.connections.open` hands an app token a ws:// URL on this server,
 * and `slack.socket.send(…)` delivers envelopes to the connected app and returns its ack.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachSocketMode, type SocketMode } from './slack-socket.js';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or response-URL id. */
  name: string;
  /** Parsed body: JSON, or form fields with JSON-looking values decoded (the Web API client encodes blocks so). */
  body: Record<string, any>;
  headers: IncomingMessage['headers'];
  seq: number;
}

export interface SlackServer {
  url: string;
  /** Web API base URL, ending in `/`. */
  apiUrl: string;
  responseUrl(id: string): string;
  /** Web API calls, optionally of one method. */
  api(method?: string): RecordedCall[];
  /** Posts to the response URL `id` (all response URLs when omitted). */
  responses(id?: string): RecordedCall[];
  /** Resolves when `check` is true; rejects with `what` after `timeoutMs` (a safety net, not a measured time). */
  waitFor(check: () => boolean, what?: string, timeoutMs?: number): Promise<void>;
  /** Make a response URL answer with this status (e.g. 404 for an expired URL). */
  failResponses(id: string, status: number): void;
  /** Socket Mode on this server: connections opened through `apps.connections.open`, envelopes and their acks. */
  socket: SocketMode;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startSlackServer(): Promise<SlackServer> {
  const calls: RecordedCall[] = [];
  const failing = new Map<string, number>();
  let seq = 0;
  let ts = 1_700_000_000;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const api = /^\/api\/(.+)$/.exec(url.pathname);
      if (api) {
        const name = api[1]!;
        calls.push({ name: `api:${name}`, body, headers: req.headers, seq: ++seq });
        if (name === 'auth.test')
          return reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', team: 'test', user: 'oss' });
        if (name === 'chat.postMessage') return reply(200, { ok: true, channel: body.channel, ts: `${++ts}.000100` });
        if (name === 'apps.connections.open') return reply(200, socket.open(req.headers.authorization));
        return reply(200, { ok: true });
      }
      const respond = /^\/respond\/(.+)$/.exec(url.pathname);
      if (respond) {
        const id = respond[1]!;
        calls.push({ name: `respond:${id}`, body, headers: req.headers, seq: ++seq });
        const status = failing.get(id);
        if (status) return reply(status, { ok: false, error: 'failing on purpose' });
        return reply(200, { ok: true });
      }
      reply(404, { ok: false, error: 'unknown_path' });
    });
  });
  const socket = attachSocketMode(
    server,
    () => url,
    () => ++seq,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id) => `${url}/respond/${id}`,
    api: (method) => calls.filter((c) => (method ? c.name === `api:${method}` : c.name.startsWith('api:'))),
    responses: (id) => calls.filter((c) => (id ? c.name === `respond:${id}` : c.name.startsWith('respond:'))),
    async waitFor(check, what = 'condition', timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    failResponses: (id, status) => failing.set(id, status),
    socket,
    close: () =>
      new Promise<void>((resolve) => {
        socket.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
