/**
 * Issue 11 finding 5: every zone's apex has its SOA and NS records, and every negative answer (NXDOMAIN, NODATA —
 * also at the end of a CNAME chain, and for the bucket and CDN host names) carries an SOA in the authority section
 * with the TTL RFC 2308 §3 asks for. Responses are decoded with dns-packet to see the authority section, which
 * node:dns does not show; node:dns checks what a resolver makes of the apex.
 */
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import * as $Alidns from '@alicloud/alidns20150109';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RpcSandbox, startRpcSandbox } from '../support/rpc-sandbox.js';

let h: RpcSandbox;
let resolver: Resolver;
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
            { rr: 'img', type: 'CNAME', value: 'abc-img.oss-cn-hangzhou.aliyuncs.com' },
          ],
        },
        { name: 'sub.example.org' },
      ],
    },
  });
  resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([`127.0.0.1:${h.sb.dnsPort}`]);
});
afterAll(() => h.stop());

/** dns-packet's decoded response; its typings leave out the rcode it sets. */
type Decoded = dnsPacket.DecodedPacket & { rcode: string };

let nextId = 1;
/** One query over UDP, the response decoded. */
function ask(name: string, type: dnsPacket.RecordType | 'ANY') {
  const id = nextId++;
  const message = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as dnsPacket.RecordType }],
  });
  return new Promise<Decoded>((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('message', (m) => {
      sock.close();
      resolve(dnsPacket.decode(m) as Decoded);
    });
    sock.once('error', reject);
    sock.send(message, h.sb.dnsPort, '127.0.0.1');
  });
}

const soaOf = (p: dnsPacket.DecodedPacket) =>
  p.authorities?.find((a) => a.type === 'SOA') as dnsPacket.SoaAnswer | undefined;

describe('the apex', () => {
  test('SOA: authoritative, naming Alidns name servers', async () => {
    const r = await ask('abc.com', 'SOA');
    expect([r.rcode, r.flag_aa]).toEqual(['NOERROR', true]);
    expect(r.answers).toEqual([
      expect.objectContaining({
        name: 'abc.com',
        type: 'SOA',
        ttl: 600,
        data: expect.objectContaining({ mname: 'dns1.hichina.com', rname: 'hostmaster.hichina.com', minimum: 600 }),
      }),
    ]);
    expect(await resolver.resolveSoa('abc.com')).toMatchObject({
      nsname: 'dns1.hichina.com',
      hostmaster: 'hostmaster.hichina.com',
    });
  });

  test('NS: the two name servers DescribeDomains reports; also at the apex of a deeper zone', async () => {
    expect((await resolver.resolveNs('abc.com')).sort()).toEqual(['dns1.hichina.com', 'dns2.hichina.com']);
    expect((await resolver.resolveNs('sub.example.org')).sort()).toEqual(['dns1.hichina.com', 'dns2.hichina.com']);
    const zones = await h.alidns().describeDomains(new $Alidns.DescribeDomainsRequest({}));
    expect(zones.body?.domains?.domain?.[0]?.dnsServers?.dnsServer?.sort()).toEqual([
      'dns1.hichina.com',
      'dns2.hichina.com',
    ]);
  });

  test('ANY at the apex includes SOA and NS', async () => {
    const r = await ask('abc.com', 'ANY');
    expect(r.answers?.map((a) => a.type).sort()).toEqual(['NS', 'NS', 'SOA']);
  });

  test('the serial moves when a record of the zone is written, and only then', async () => {
    const serial = async () => ((await ask('abc.com', 'SOA')).answers![0] as dnsPacket.SoaAnswer).data.serial!;
    const before = await serial();
    expect(await serial()).toBe(before);
    h.advance(5_000);
    expect(await serial()).toBe(before);
    await h
      .alidns()
      .addDomainRecord(
        new $Alidns.AddDomainRecordRequest({ domainName: 'abc.com', RR: 'new', type: 'A', value: '192.0.2.7' }),
      );
    expect(await serial()).toBeGreaterThan(before);
  });
});

describe('negative answers carry the SOA (RFC 2308)', () => {
  test('NXDOMAIN in a zone: the zone SOA, TTL min(SOA TTL, MINIMUM)', async () => {
    const r = await ask('nope.abc.com', 'A');
    expect(r.rcode).toBe('NXDOMAIN');
    expect(soaOf(r)).toMatchObject({ name: 'abc.com', ttl: 600, data: { minimum: 600 } });
  });

  test('NODATA in a zone', async () => {
    const r = await ask('www.abc.com', 'TXT');
    expect([r.rcode, r.answers]).toEqual(['NOERROR', []]);
    expect(soaOf(r)?.name).toBe('abc.com');
  });

  test('NODATA at the end of a CNAME chain: the CNAME in the answer, the target zone SOA in authority', async () => {
    const r = await ask('img.abc.com', 'AAAA');
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers?.map((a) => a.type)).toEqual(['CNAME']);
    expect(soaOf(r)?.name).toBe('aliyuncs.com');
  });

  test('NXDOMAIN for a bucket host name the sandbox does not serve', async () => {
    const r = await ask('nobucket.oss-cn-hangzhou.aliyuncs.com', 'A');
    expect(r.rcode).toBe('NXDOMAIN');
    expect(soaOf(r)?.name).toBe('aliyuncs.com');
  });

  test('positive answers carry no SOA; names outside the sandbox are refused without one', async () => {
    expect((await ask('www.abc.com', 'A')).authorities).toEqual([]);
    const refused = await ask('example.net', 'A');
    expect([refused.rcode, refused.authorities]).toEqual(['REFUSED', []]);
  });
});
