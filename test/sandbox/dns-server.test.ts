/**
 * The sandbox's DNS server, queried as a user would: node:dns `Resolver` pointed at it (UDP, with c-ares falling
 * back to TCP on truncation) and hand-built queries over raw TCP and UDP. Records are written through the Alidns SDK,
 * so what the tool writes is what `dig` shows.
 */
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AlidnsClient, type RpcSandbox, startRpcSandbox } from '../support/rpc-sandbox.js';

let h: RpcSandbox;
let dns: AlidnsClient;
let resolver: Resolver;
let port: number;

beforeAll(async () => {
  h = await startRpcSandbox({
    dns: true,
    seed: {
      buckets: [{ name: 'abc-img', region: 'cn-hangzhou' }],
      zones: [
        {
          name: 'abc.com',
          records: [
            { rr: 'www', type: 'A', value: '203.0.113.10' },
            { rr: 'paused', type: 'A', value: '203.0.113.11', status: 'DISABLE' },
            { rr: '*.wild', type: 'A', value: '203.0.113.12' },
            { rr: 'deep.down', type: 'A', value: '203.0.113.13' },
            { rr: 'outside', type: 'CNAME', value: 'somewhere.example.net' },
          ],
        },
      ],
      cdn: [{ domain: 'cdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com' }],
    },
  });
  dns = h.alidns();
  port = h.sb.dnsPort;
  resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
});
afterAll(() => h.stop());

const add = (rr: string, type: string, value: string) =>
  dns.addDomainRecord(new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: rr, type, value }));
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: NodeJS.ErrnoException) => e.code,
  );

describe('through node:dns', () => {
  test('the CNAME the tool writes is served at once, and its chain ends at the bucket on loopback', async () => {
    expect(await code(resolver.resolveCname('img.abc.com'))).toBe('ENOTFOUND');
    await add('img', 'CNAME', 'abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect(await resolver.resolveCname('img.abc.com')).toEqual(['abc-img.oss-cn-hangzhou.aliyuncs.com']);
    expect(await resolver.resolve4('img.abc.com')).toEqual(['127.0.0.1']);
  });

  test('TXT records (the OSS ownership proof) are served, long values split into strings of 255 bytes', async () => {
    await add('_dnsauth.img', 'TXT', 'be1d49d863dea9ffeff3df7d6455abcd');
    expect(await resolver.resolveTxt('_dnsauth.img.abc.com')).toEqual([['be1d49d863dea9ffeff3df7d6455abcd']]);
    const long = 'x'.repeat(300);
    await add('long', 'TXT', long);
    const [chunks] = await resolver.resolveTxt('long.abc.com');
    expect(chunks?.map((c) => c.length)).toEqual([255, 45]);
    expect(chunks?.join('')).toBe(long);
  });

  test('an answer too big for UDP is truncated, and the resolver gets it whole over TCP', async () => {
    const values = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(2, '0')}-${'v'.repeat(60)}`);
    for (const v of values) await add('many', 'TXT', v);
    const got = (await resolver.resolveTxt('many.abc.com')).map((r) => r.join('')).sort();
    expect(got).toEqual(values);
  });

  test('a missing name is NXDOMAIN; an existing name without that type is NODATA; a disabled record is absent', async () => {
    expect(await code(resolver.resolve4('nope.abc.com'))).toBe('ENOTFOUND');
    expect(await code(resolver.resolveTxt('www.abc.com'))).toBe('ENODATA');
    expect(await code(resolver.resolve4('down.abc.com'))).toBe('ENODATA'); // exists: deep.down sits below it
    expect(await code(resolver.resolve4('paused.abc.com'))).toBe('ENOTFOUND');
    expect(await resolver.resolve4('www.abc.com')).toEqual(['203.0.113.10']);
  });

  test('wildcards answer names that do not exist otherwise', async () => {
    expect(await resolver.resolve4('anything.wild.abc.com')).toEqual(['203.0.113.12']);
  });

  test('bucket and CDN host names of the sandbox answer 127.0.0.1; unknown ones are NXDOMAIN', async () => {
    expect(await resolver.resolve4('abc-img.oss-cn-hangzhou.aliyuncs.com')).toEqual(['127.0.0.1']);
    expect(await resolver.resolve4('cdn.abc.com.w.kunlunsl.com')).toEqual(['127.0.0.1']);
    expect(await code(resolver.resolve4('nobucket.oss-cn-hangzhou.aliyuncs.com'))).toBe('ENOTFOUND');
    expect(await code(resolver.resolve4('abc-img.oss-cn-beijing.aliyuncs.com'))).toBe('ENOTFOUND');
  });

  test('a CNAME that leaves the sandbox is answered as far as the sandbox knows; names outside are refused', async () => {
    expect(await resolver.resolveCname('outside.abc.com')).toEqual(['somewhere.example.net']);
    expect(await code(resolver.resolve4('example.org'))).toBe('EREFUSED');
  });

  test('an updated record is served at once (no cache)', async () => {
    const id = (await add('moving', 'A', '198.51.100.1')).body?.recordId;
    expect(await resolver.resolve4('moving.abc.com')).toEqual(['198.51.100.1']);
    await dns.updateDomainRecord(
      new $Alidns.UpdateDomainRecordRequest({ recordId: id, RR: 'moving', type: 'A', value: '198.51.100.2' }),
    );
    expect(await resolver.resolve4('moving.abc.com')).toEqual(['198.51.100.2']);
  });
});

/** A query for `name`/`type` (1 = A, 5 = CNAME, 16 = TXT), built byte by byte. */
function query(id: number, name: string, type: number): Buffer {
  const header = Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const labels = name.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l)]);
  return Buffer.concat([header, ...labels, Buffer.from([0, type >> 8, type & 0xff, 0, 1])]);
}

/** Reads the uncompressed name at `at`. */
function nameAt(buf: Buffer, at: number): { name: string; end: number } {
  const parts: string[] = [];
  let i = at;
  while (buf[i]) {
    const len = buf[i] ?? 0;
    parts.push(buf.toString('latin1', i + 1, i + 1 + len));
    i += 1 + len;
  }
  return { name: parts.join('.'), end: i + 1 };
}

/** Header fields and the answer records (name, type, ttl, rdata) of a response. */
function decode(buf: Buffer) {
  const flags = buf.readUInt16BE(2);
  let at = nameAt(buf, 12).end + 4;
  const answers: { name: string; type: number; ttl: number; data: Buffer }[] = [];
  for (let i = 0; i < buf.readUInt16BE(6); i++) {
    const { name, end } = nameAt(buf, at);
    const len = buf.readUInt16BE(end + 8);
    answers.push({
      name,
      type: buf.readUInt16BE(end),
      ttl: buf.readUInt32BE(end + 4),
      data: buf.subarray(end + 10, end + 10 + len),
    });
    at = end + 10 + len;
  }
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rcode: flags & 0xf,
    nscount: buf.readUInt16BE(8),
    answers,
  };
}

function overTcp(messages: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let pending = Buffer.alloc(0);
    const out: Buffer[] = [];
    sock.on('data', (c: Buffer) => {
      pending = Buffer.concat([pending, c]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        out.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (out.length === messages.length) {
        sock.end();
        resolve(out);
      }
    });
    sock.on('error', reject);
    // Both queries in one write: the server must split the stream by the length prefixes.
    sock.write(Buffer.concat(messages.map((m) => Buffer.concat([Buffer.from([m.length >> 8, m.length & 0xff]), m]))));
  });
}

function overUdp(message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('message', (m) => {
      sock.close();
      resolve(m);
    });
    sock.once('error', reject);
    sock.send(message, port, '127.0.0.1');
  });
}

describe('raw queries', () => {
  test('over TCP, two length-prefixed queries on one connection get two authoritative answers', async () => {
    await add('raw', 'CNAME', 'abc-img.oss-cn-hangzhou.aliyuncs.com');
    const [a, b] = (await overTcp([query(0x1234, 'raw.abc.com', 1), query(0x4321, 'nope.abc.com', 1)])).map(decode);
    expect(a).toMatchObject({ id: 0x1234, qr: true, aa: true, tc: false, rcode: 0 });
    expect(a?.answers.map((x) => [x.name, x.type])).toEqual([
      ['raw.abc.com', 5],
      ['abc-img.oss-cn-hangzhou.aliyuncs.com', 1],
    ]);
    expect(a?.answers[0]?.ttl).toBe(600);
    expect(nameAt(a?.answers[0]?.data ?? Buffer.alloc(1), 0).name).toBe('abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect([...(a?.answers[1]?.data ?? [])]).toEqual([127, 0, 0, 1]);
    // NXDOMAIN carries the zone's SOA in the authority section.
    expect(b).toMatchObject({ id: 0x4321, rcode: 3, nscount: 1 });
  });

  test('over UDP, a big answer sets TC; garbage gets FORMERR', async () => {
    const big = decode(await overUdp(query(7, 'many.abc.com', 16)));
    expect(big).toMatchObject({ id: 7, tc: true, answers: [] });
    const garbage = decode(await overUdp(Buffer.from([0, 9, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0])));
    expect(garbage).toMatchObject({ id: 9, rcode: 1 });
  });
});
