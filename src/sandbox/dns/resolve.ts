/**
 * What the sandbox's DNS server answers, read from the world on every query (so a record written through Alidns is
 * visible at once):
 *
 * - Names in an Alidns zone of the account: the zone's ENABLED records on the default line. Every zone's apex also
 *   has the SOA and NS records Alidns serves for it (`dns1.hichina.com`, `dns2.hichina.com`, as DescribeDomains
 *   reports). A CNAME is followed inside the sandbox (up to 8 links), so `img.abc.com` answers
 *   `CNAME abc-img.oss-cn-hangzhou.aliyuncs.com` then `A 127.0.0.1`. Wildcard records (`*`, `*.sub`) answer names
 *   that do not exist otherwise. A name that exists with other types is NODATA; a name that does not exist is
 *   NXDOMAIN.
 * - `<bucket>.oss-<region>.aliyuncs.com` of a sandbox bucket and `<domain>.w.kunlunsl.com` of a sandbox CDN domain:
 *   `A 127.0.0.1`, since the sandbox serves both on loopback. Other names under those suffixes are NXDOMAIN.
 * - Anything else is REFUSED: the server is authoritative only, it does not recurse.
 *
 * Negative answers (NXDOMAIN, NODATA) carry the SOA of the zone that answered in the authority section, with the
 * TTL RFC 2308 §3 asks for (the smaller of the SOA's TTL and its MINIMUM), so resolvers can cache them.
 */
import type { Answer, Question } from 'dns-packet';
import { type RecordState, relativeName, type World, type ZoneState, zoneOf } from '../state.js';
import { RCODE, txtStrings } from './wire.js';

const SANDBOX_ADDRESS = '127.0.0.1';
const SYNTH_TTL = 60;
const MAX_CHAIN = 8;
const SYNTH_SUFFIXES = ['aliyuncs.com', 'kunlunsl.com'];
/** The name servers Alidns delegates zones to, as DescribeDomains reports them. */
const NAME_SERVERS = ['dns1.hichina.com', 'dns2.hichina.com'];
const SOA_TTL = 600;
/** The SOA MINIMUM: how long a negative answer may be cached (RFC 2308). */
const NEGATIVE_TTL = 600;

export interface Resolution {
  rcode: number;
  authoritative: boolean;
  answers: Answer[];
  authority: Answer[];
}

/** A zone's serial changes whenever one of its records does: the latest write, in seconds. */
function serial(zone: ZoneState): number {
  let latest = zone.created;
  for (const r of zone.records.values()) latest = Math.max(latest, r.updateTimestamp);
  return Math.floor(latest / 1000) >>> 0;
}

function soa(apex: string, serialNo: number, ttl = SOA_TTL): Answer {
  return {
    name: apex,
    type: 'SOA',
    ttl,
    data: {
      mname: NAME_SERVERS[0]!,
      rname: 'hostmaster.hichina.com',
      serial: serialNo,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum: NEGATIVE_TTL,
    },
  };
}

/** The SOA of a negative answer: TTL = min(SOA TTL, MINIMUM). */
const negativeSoa = (apex: string, serialNo: number): Answer => soa(apex, serialNo, Math.min(SOA_TTL, NEGATIVE_TTL));

/** The records at a zone's apex that no Alidns record holds: its SOA and NS. */
function apexRecords(zone: ZoneState): Answer[] {
  return [
    soa(zone.name, serial(zone)),
    ...NAME_SERVERS.map((ns): Answer => ({ name: zone.name, type: 'NS', ttl: 86400, data: ns })),
  ];
}

function toAnswer(name: string, r: RecordState): Answer | undefined {
  const target = r.value.replace(/\.$/, '');
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { name, type: r.type, ttl: r.ttl, data: r.value };
    case 'CNAME':
    case 'NS':
      return { name, type: r.type, ttl: r.ttl, data: target };
    case 'MX':
      return { name, type: 'MX', ttl: r.ttl, data: { preference: r.priority ?? 10, exchange: target } };
    case 'TXT':
      return { name, type: 'TXT', ttl: r.ttl, data: txtStrings(r.value) };
    default:
      return undefined;
  }
}

/** The sandbox-served host names (bucket and CDN domains), or undefined when `name` is not one. */
function synthetic(world: World, name: string): { suffix: string; hit: boolean } | undefined {
  const suffix = SYNTH_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (!suffix) return undefined;
  const bucket = /^([a-z0-9-]+)\.oss-([a-z0-9-]+)\.aliyuncs\.com$/.exec(name);
  if (bucket && world.buckets.get(bucket[1] ?? '')?.region === bucket[2]) return { suffix, hit: true };
  for (const d of world.cdn.values()) if (d.cname.toLowerCase() === name) return { suffix, hit: true };
  return { suffix, hit: false };
}

/** Enabled default-line records at `rr`, falling back to the closest wildcard when the name does not exist. */
function recordsAt(zone: ZoneState, rr: string): { records: RecordState[]; exists: boolean } {
  const live = [...zone.records.values()].filter((r) => r.status === 'ENABLE' && r.line === 'default');
  const at = live.filter((r) => r.rr === rr);
  // A name also exists when a record sits below it (an "empty non-terminal"), or when it is the apex.
  const exists = at.length > 0 || rr === '@' || live.some((r) => r.rr.endsWith(`.${rr}`));
  if (exists) return { records: at, exists };
  const labels = rr.split('.');
  for (let i = 1; i <= labels.length; i++) {
    const wild = ['*', ...labels.slice(i)].join('.');
    const hits = live.filter((r) => r.rr === wild);
    if (hits.length > 0) return { records: hits, exists: true };
  }
  return { records: [], exists: false };
}

/** Resolves `name`/`qtype` against the world, following CNAMEs inside the sandbox. */
export function resolve(world: World, name: string, qtype: Question['type'] | string): Resolution {
  const answers: Answer[] = [];
  const wants = (type: string) => qtype === 'ANY' || qtype === type;
  let current = name.toLowerCase().replace(/\.$/, '');
  for (let link = 0; link <= MAX_CHAIN; link++) {
    const synth = synthetic(world, current);
    if (synth !== undefined && !zoneOf(world, current)) {
      // The sandbox's stand-in for the Alibaba Cloud zones that hold bucket and CDN host names.
      const authority = [negativeSoa(synth.suffix, 1)];
      if (!synth.hit) return { rcode: link ? RCODE.NOERROR : RCODE.NXDOMAIN, authoritative: true, answers, authority };
      const before = answers.length;
      if (wants('A')) answers.push({ name: current, type: 'A', ttl: SYNTH_TTL, data: SANDBOX_ADDRESS });
      return {
        rcode: RCODE.NOERROR,
        authoritative: true,
        answers,
        authority: answers.length > before ? [] : authority,
      };
    }
    const zone = zoneOf(world, current);
    if (!zone) {
      // A CNAME that leaves the sandbox ends the chain; a first name outside it is not ours to answer.
      return { rcode: link ? RCODE.NOERROR : RCODE.REFUSED, authoritative: link > 0, answers, authority: [] };
    }
    const negative = [negativeSoa(zone.name, serial(zone))];
    const rr = relativeName(current, zone.name);
    const { records, exists } = recordsAt(zone, rr);
    if (!exists) return { rcode: RCODE.NXDOMAIN, authoritative: true, answers, authority: negative };
    const cname = records.find((r) => r.type === 'CNAME');
    const apex = rr === '@' ? apexRecords(zone) : [];
    const wanted = records.filter((r) => wants(r.type));
    if (cname && qtype !== 'CNAME' && qtype !== 'ANY' && wanted.length === 0) {
      const target = cname.value.toLowerCase().replace(/\.$/, '');
      answers.push({ name: current, type: 'CNAME', ttl: cname.ttl, data: target });
      current = target;
      continue;
    }
    const before = answers.length;
    for (const a of apex) if (wants(a.type)) answers.push(a);
    for (const r of wanted) {
      const a = toAnswer(current, r);
      if (a) answers.push(a);
    }
    // NODATA, also at the end of a CNAME chain, carries the SOA too.
    const nodata = answers.length === before;
    return { rcode: RCODE.NOERROR, authoritative: true, answers, authority: nodata ? negative : [] };
  }
  return { rcode: RCODE.SERVFAIL, authoritative: false, answers, authority: [] };
}
