/**
 * The sandbox's authoritative DNS server, on UDP and TCP of the same port, answering from the world's Alidns zones
 * (see resolve.ts). `dig @127.0.0.1 -p PORT img.abc.com` shows the CNAME the tool created; the contract's
 * `OSS_DOMAINS_RESOLVER` points the tool's own verification here.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { World } from '../state.js';
import { resolve } from './resolve.js';
import { encodeResponse, FormatError, parseQuery, RCODE, type Response } from './wire.js';

export interface DnsServerOptions {
  /** 0 (default) = a free port, the same for UDP and TCP. */
  port?: number;
  host?: string;
}

export interface DnsServer {
  port: number;
  close(): Promise<void>;
}

/** The largest UDP answer without EDNS (RFC 1035); larger ones are truncated so the client retries over TCP. */
const UDP_MAX = 512;

/** Answers one query message; never throws (a malformed query gets FORMERR, or nothing when even the id is lost). */
function answer(world: World, message: Buffer, maxSize = 65535): Buffer | undefined {
  let query: ReturnType<typeof parseQuery>;
  try {
    query = parseQuery(message);
  } catch (e) {
    if (!(e instanceof FormatError) || message.length < 2) return undefined;
    const id = message.readUInt16BE(0);
    return encodeResponse({ id, rd: false, rcode: RCODE.FORMERR, authoritative: false, answers: [], authority: [] });
  }
  const base: Response = {
    id: query.id,
    rd: query.rd,
    rcode: RCODE.NOERROR,
    authoritative: false,
    question: query.question,
    answers: [],
    authority: [],
  };
  if (query.opcode !== 0) return encodeResponse({ ...base, rcode: RCODE.NOTIMP }, maxSize);
  if (!query.question) return encodeResponse({ ...base, rcode: RCODE.FORMERR }, maxSize);
  const klass = query.question.class ?? 'IN';
  if (klass !== 'IN' && klass !== 'ANY') return encodeResponse({ ...base, rcode: RCODE.REFUSED }, maxSize);
  try {
    return encodeResponse({ ...base, ...resolve(world, query.question.name, query.question.type) }, maxSize);
  } catch {
    return encodeResponse({ ...base, rcode: RCODE.SERVFAIL }, maxSize);
  }
}

function listenUdp(socket: dgram.Socket, port: number, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    socket.once('error', fail);
    socket.bind(port, host, () => {
      socket.off('error', fail);
      ok(socket.address().port);
    });
  });
}

function listenTcp(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
}

/** TCP messages are framed by a two-byte length (RFC 1035 §4.2.2); one connection may carry many queries. */
function serveTcp(world: World): net.Server {
  return net.createServer((conn) => {
    let pending = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const reply = answer(world, pending.subarray(2, 2 + len));
        pending = pending.subarray(2 + len);
        if (!reply) {
          conn.destroy();
          return;
        }
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        conn.write(Buffer.concat([prefix, reply]));
      }
    });
    conn.on('error', () => conn.destroy());
    conn.setTimeout(30_000, () => conn.destroy());
  });
}

/**
 * Starts the server. With port 0 the UDP socket picks a free port and TCP takes the same one; if TCP finds it taken,
 * both try again on a new port.
 */
export async function startDnsServer(world: World, opts: DnsServerOptions = {}): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    udp.on('message', (msg, rinfo) => {
      const reply = answer(world, msg, UDP_MAX);
      if (reply) udp.send(reply, rinfo.port, rinfo.address);
    });
    const port = await listenUdp(udp, opts.port ?? 0, host);
    const tcp = serveTcp(world);
    const sockets = new Set<net.Socket>();
    tcp.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    try {
      await listenTcp(tcp, port, host);
    } catch (e) {
      udp.close();
      if (opts.port || attempt >= 5) throw e;
      continue;
    }
    udp.on('error', () => undefined);
    return {
      port,
      close: async () => {
        for (const s of sockets) s.destroy();
        await Promise.all([
          new Promise<void>((ok) => udp.close(() => ok())),
          new Promise<void>((ok) => tcp.close(() => ok())),
        ]);
      },
    };
  }
}
