/**
 * The DNS message format (RFC 1035 §4), just what an authoritative server needs: read a query's header and first
 * question (following compression pointers, skipping EDNS records), and write a response with A, AAAA, CNAME, TXT,
 * MX, NS and SOA records. Names are written uncompressed; responses that would not fit a UDP datagram are truncated
 * (TC) so the client retries over TCP.
 */

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, OPT: 41, ANY: 255 } as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  /** Lower case, no trailing dot. */
  name: string;
  type: number;
  class: number;
}

export interface Query {
  id: number;
  opcode: number;
  /** Recursion desired, echoed back. */
  rd: boolean;
  question?: Question;
}

export type RData =
  | { type: 'A' | 'AAAA'; address: string }
  | { type: 'CNAME' | 'NS'; target: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; text: string }
  | { type: 'SOA'; mname: string; rname: string; serial: number; minimum: number };

export interface Answer {
  name: string;
  ttl: number;
  data: RData;
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

/** Reads a (possibly compressed) name at `offset`; returns it and the offset after it in the original stream. */
function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  for (let hops = 0; hops < 64; hops++) {
    if (pos >= buf.length) throw new FormatError('name runs past the message');
    const len = buf[pos] ?? 0;
    if (len === 0) return { name: labels.join('.').toLowerCase(), next: next === -1 ? pos + 1 : next };
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw new FormatError('truncated compression pointer');
      if (next === -1) next = pos + 2;
      pos = ((len & 0x3f) << 8) | (buf[pos + 1] ?? 0);
      continue;
    }
    if (len > 63 || pos + 1 + len > buf.length) throw new FormatError('bad label');
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  throw new FormatError('compression loop');
}

/** Parses a query; throws `FormatError` (with the id when it could be read) on a malformed message. */
export function parseQuery(buf: Buffer): Query {
  if (buf.length < 12) throw new FormatError('message shorter than a header');
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  const query: Query = { id, opcode: (flags >> 11) & 0xf, rd: (flags & 0x0100) !== 0 };
  if (flags & 0x8000) throw new FormatError('not a query');
  if (buf.readUInt16BE(4) === 0) return query;
  const { name, next } = readName(buf, 12);
  if (next + 4 > buf.length) throw new FormatError('truncated question');
  query.question = { name: name.replace(/\.$/, ''), type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) };
  return query;
}

function writeName(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const label of name.split('.').filter(Boolean)) {
    const b = Buffer.from(label, 'latin1');
    parts.push(Buffer.from([Math.min(b.length, 63)]), b.subarray(0, 63));
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function rdata(d: RData): Buffer {
  switch (d.type) {
    case 'A':
      return Buffer.from(d.address.split('.').map(Number));
    case 'AAAA': {
      const [head = '', tail = ''] = d.address.split('::');
      const h = head ? head.split(':') : [];
      const t = tail ? tail.split(':') : [];
      const groups = d.address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
      const out = Buffer.alloc(16);
      for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g || '0', 16), i * 2);
      return out;
    }
    case 'CNAME':
    case 'NS':
      return writeName(d.target);
    case 'MX': {
      const pref = Buffer.alloc(2);
      pref.writeUInt16BE(d.preference);
      return Buffer.concat([pref, writeName(d.exchange)]);
    }
    case 'TXT': {
      // A TXT value is one or more character-strings of at most 255 bytes each.
      const bytes = Buffer.from(d.text, 'utf8');
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length || i === 0; i += 255) {
        const chunk = bytes.subarray(i, i + 255);
        parts.push(Buffer.from([chunk.length]), chunk);
      }
      return Buffer.concat(parts);
    }
    case 'SOA': {
      const nums = Buffer.alloc(20);
      for (const [i, n] of [d.serial, 3600, 600, 86400, d.minimum].entries()) nums.writeUInt32BE(n >>> 0, i * 4);
      return Buffer.concat([writeName(d.mname), writeName(d.rname), nums]);
    }
  }
}

function record(a: Answer): Buffer {
  const data = rdata(a.data);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE[a.data.type], 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(a.ttl >>> 0, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([writeName(a.name), fixed, data]);
}

/** Encodes a response. With `maxSize` (UDP), a response that does not fit is cut to its question with TC set. */
export function encodeResponse(r: Response, maxSize = 65535): Buffer {
  const question = r.question
    ? Buffer.concat([writeName(r.question.name), Buffer.from([r.question.type >> 8, r.question.type & 0xff, 0, 1])])
    : Buffer.alloc(0);
  const build = (answers: Answer[], authority: Answer[], truncated: boolean): Buffer => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(r.id, 0);
    const flags = 0x8000 | (r.authoritative ? 0x0400 : 0) | (truncated ? 0x0200 : 0) | (r.rd ? 0x0100 : 0) | r.rcode;
    header.writeUInt16BE(flags, 2);
    header.writeUInt16BE(r.question ? 1 : 0, 4);
    header.writeUInt16BE(answers.length, 6);
    header.writeUInt16BE(authority.length, 8);
    return Buffer.concat([header, question, ...answers.map(record), ...authority.map(record)]);
  };
  const full = build(r.answers, r.authority, false);
  return full.length <= maxSize ? full : build([], [], true);
}
