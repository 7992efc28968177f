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
 *
 * Every message the bot sends here — posts to a response URL, chat.postMessage / chat.update / chat.postEphemeral,
 * and the acks of slash commands (`check`, called by slack-bot.ts and for Socket Mode acks) — is checked against
 * Slack's limits (slack-limits.ts). A message Slack would refuse is refused the way Slack does (HTTP 400 on a response
 * URL, `{ok:false,error:'invalid_blocks'}` from the Web API), and every problem is kept: importing this module
 * registers an `afterEach` that fails the test which sent it, so every bot test checks every message it causes.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { type Problem, slackProblems } from './slack-limits.js';
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
  /**
   * Refuse the next message with blocks sent to response URL `target` (or Web API method `api:<method>`) with
   * Slack's `error`, as if it broke a limit; what follows is answered normally.
   */
  refuseNext(target: string, error?: string): void;
  /** Checks a message the bot sent outside this server (an ack); a problem is kept like any other. */
  check(where: string, message: Record<string, any>): Problem[];
  /** Problems of the messages received since the last call, each `where: at: what`; empties the list. */
  takeProblems(): string[];
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

/** Stand-ins in use, checked after each test. */
const live = new Set<SlackServer>();

afterEach(() => {
  const problems = [...live].flatMap((s) => s.takeProblems());
  if (problems.length)
    throw new Error(`the bot sent messages Slack would refuse or that notify a channel:\n${problems.join('\n')}`);
});

/** Web API methods that carry a message. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

export async function startSlackServer(): Promise<SlackServer> {
  const calls: RecordedCall[] = [];
  const failing = new Map<string, number>();
  const refusing = new Map<string, string>();
  let problems: string[] = [];
  const check = (where: string, m: Record<string, any>): Problem[] => {
    const found = slackProblems(m);
    problems.push(...found.map((p) => `${where}: ${p.at}: ${p.what}`));
    return found;
  };
  /** Checks a message that arrived at `where`; resolves to Slack's error when Slack would refuse it. */
  const refusal = (where: string, m: Record<string, any>): string | undefined => {
    const found = check(where, m);
    const forced = m.blocks ? refusing.get(where) : undefined;
    if (forced) {
      refusing.delete(where);
      return forced;
    }
    return found.find((p) => p.refusal)?.refusal;
  };
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
        if (MESSAGE_METHODS.has(name)) {
          const error = refusal(`api:${name}`, body);
          if (error) return reply(200, { ok: false, error });
        }
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
        const error = refusal(`respond:${id}`, body);
        if (error) {
          // A response URL answers a refused message with HTTP 400 and the error as its body.
          res.writeHead(400, { 'content-type': 'text/plain' });
          return res.end(error);
        }
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
  // A slash command's ack in Socket Mode travels on the socket: checked like any other message.
  const send: SocketMode['send'] = async (type, payload, timeoutMs) => {
    const ack = await socket.send(type, payload, timeoutMs);
    if (ack.payload) check(`socket ack of ${type}`, ack.payload);
    return ack;
  };
  const takeProblems = () => {
    const out = problems;
    problems = [];
    return out;
  };
  const self: SlackServer = {
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
    refuseNext: (target, error = 'invalid_blocks') =>
      refusing.set(target.startsWith('api:') ? target : `respond:${target}`, error),
    check,
    takeProblems,
    socket: { ...socket, send },
    async close() {
      live.delete(self);
      await new Promise<void>((resolve) => {
        socket.close();
        server.closeAllConnections();
        server.close(() => resolve());
      });
      const left = takeProblems();
      if (left.length) throw new Error(`the bot sent messages Slack would refuse:\n${left.join('\n')}`);
    },
  };
  live.add(self);
  return self;
}
