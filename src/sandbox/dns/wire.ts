/**
 * The DNS message format (RFC 1035 §4) through `dns-packet`, the well-kept codec: read a query's header and first
 * question, write a response. What is ours is only what an authoritative server adds: the header flags, long TXT
 * values split into 255-byte strings, and truncation (TC) of a response too big for a UDP datagram, so the client
 * retries over TCP.
 */

import type { Answer, Question } from 'dns-packet';
import * as dnsPacket from 'dns-packet';

export type { Answer } from 'dns-packet';

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Query {
  id: number;
  /** 0 = QUERY. */
  opcode: number;
  /** Recursion desired, echoed back. */
  rd: boolean;
  /** The first question; its name lower case, without a trailing dot. */
  question?: Question;
}

export interface Response {
  id: number;
  rd: boolean;
  rcode: number;
  authoritative: boolean;
  question?: Question;
  answers: Answer[];
  authority: Answer[];
}

export class FormatError extends Error {}

/** Parses a query; throws `FormatError` on a malformed message or a response. */
export function parseQuery(buf: Buffer): Query {
  if (buf.length < 12) throw new FormatError('message shorter than a header');
  let packet: ReturnType<typeof dnsPacket.decode>;
  try {
    packet = dnsPacket.decode(buf);
  } catch (e) {
    throw new FormatError(`malformed message: ${(e as Error).message}`);
  }
  if (packet.type === 'response') throw new FormatError('not a query');
  const flags = buf.readUInt16BE(2);
  const query: Query = { id: buf.readUInt16BE(0), opcode: (flags >> 11) & 0xf, rd: (flags & 0x0100) !== 0 };
  const q = packet.questions?.[0];
  if (q) query.question = { ...q, name: q.name.toLowerCase().replace(/\.$/, '') };
  return query;
}

/** A TXT value as character-strings of at most 255 bytes each (RFC 1035 §3.3.14). */
export function txtStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts;
}

/** Encodes a response. With `maxSize` (UDP), one that does not fit is cut to its question with TC set. */
export function encodeResponse(r: Response, maxSize = 65535): Buffer {
  const flags =
    (r.authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | (r.rd ? dnsPacket.RECURSION_DESIRED : 0) | r.rcode;
  const packet = {
    type: 'response' as const,
    id: r.id,
    flags,
    questions: r.question ? [r.question] : [],
    answers: r.answers,
    authorities: r.authority,
  };
  const full = dnsPacket.encode(packet);
  if (full.length <= maxSize) return full;
  return dnsPacket.encode({ ...packet, flags: flags | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
}
