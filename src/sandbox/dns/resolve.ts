/**
 * What the sandbox's DNS server answers, read from the world on every query (so a record written through Alidns is
 * visible at once):
 *
 * - Names in an Alidns zone of the account: the zone's ENABLED records on the default line. A CNAME is followed
 *   inside the sandbox (up to 8 links), so `img.abc.com` answers `CNAME abc-img.oss-cn-hangzhou.aliyuncs.com` then
 *   `A 127.0.0.1`. Wildcard records (`*`, `*.sub`) answer names that do not exist otherwise. A name that exists with
 *   other types is NODATA; a name that does not exist is NXDOMAIN; both carry the zone's SOA.
 * - `<bucket>.oss-<region>.aliyuncs.com` of a sandbox bucket and `<domain>.w.kunlunsl.com` of a sandbox CDN domain:
 *   `A 127.0.0.1`, since the sandbox serves both on loopback. Other names under those suffixes are NXDOMAIN.
 * - Anything else is REFUSED: the server is authoritative only, it does not recurse.
 */
import { type RecordState, relativeName, type World, type ZoneState, zoneOf } from '../state.js';
import { type Answer, RCODE, type RData, TYPE } from './wire.js';

const SANDBOX_ADDRESS = '127.0.0.1';
const SYNTH_TTL = 60;
const MAX_CHAIN = 8;
const SYNTH_SUFFIXES = ['aliyuncs.com', 'kunlunsl.com'];

export interface Resolution {
  rcode: number;
  authoritative: boolean;
  answers: Answer[];
  authority: Answer[];
}

function soa(zone: string, now: number): Answer {
  return {
    name: zone,
    ttl: 600,
    data: {
      type: 'SOA',
      mname: 'dns1.hichina.com',
      rname: 'hostmaster.hichina.com',
      serial: Math.floor(now / 1000),
      minimum: 600,
    },
  };
}

function toRData(r: RecordState): RData | undefined {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { type: r.type, address: r.value };
    case 'CNAME':
    case 'NS':
      return { type: r.type, target: r.value.replace(/\.$/, '') };
    case 'MX':
      return { type: 'MX', preference: r.priority ?? 10, exchange: r.value.replace(/\.$/, '') };
    case 'TXT':
      return { type: 'TXT', text: r.value };
    default:
      return undefined;
  }
}

/** The sandbox-served host names (bucket and CDN domains), or undefined when `name` is not one. */
function synthetic(world: World, name: string): 'hit' | 'miss' | undefined {
  const suffix = SYNTH_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (!suffix) return undefined;
  const bucket = /^([a-z0-9-]+)\.oss-([a-z0-9-]+)\.aliyuncs\.com$/.exec(name);
  if (bucket && world.buckets.get(bucket[1] ?? '')?.region === bucket[2]) return 'hit';
  for (const d of world.cdn.values()) if (d.cname.toLowerCase() === name) return 'hit';
  return 'miss';
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
export function resolve(world: World, name: string, qtype: number, now: number): Resolution {
  const answers: Answer[] = [];
  let current = name.toLowerCase().replace(/\.$/, '');
  for (let link = 0; link <= MAX_CHAIN; link++) {
    const synth = synthetic(world, current);
    if (synth !== undefined && !zoneOf(world, current)) {
      if (synth === 'miss')
        return { rcode: link ? RCODE.NOERROR : RCODE.NXDOMAIN, authoritative: true, answers, authority: [] };
      if (qtype === TYPE.A || qtype === TYPE.ANY) {
        answers.push({ name: current, ttl: SYNTH_TTL, data: { type: 'A', address: SANDBOX_ADDRESS } });
      }
      return { rcode: RCODE.NOERROR, authoritative: true, answers, authority: [] };
    }
    const zone = zoneOf(world, current);
    if (!zone) {
      // A CNAME that leaves the sandbox ends the chain; a first name outside it is not ours to answer.
      return { rcode: link ? RCODE.NOERROR : RCODE.REFUSED, authoritative: link > 0, answers, authority: [] };
    }
    const { records, exists } = recordsAt(zone, relativeName(current, zone.name));
    if (!exists) return { rcode: RCODE.NXDOMAIN, authoritative: true, answers, authority: [soa(zone.name, now)] };
    const cname = records.find((r) => r.type === 'CNAME');
    const wanted = records.filter((r) => qtype === TYPE.ANY || TYPE[r.type as keyof typeof TYPE] === qtype);
    if (cname && qtype !== TYPE.CNAME && qtype !== TYPE.ANY && wanted.length === 0) {
      const target = cname.value.toLowerCase().replace(/\.$/, '');
      answers.push({ name: current, ttl: cname.ttl, data: { type: 'CNAME', target } });
      current = target;
      continue;
    }
    for (const r of wanted) {
      const data = toRData(r);
      if (data) answers.push({ name: current, ttl: r.ttl, data });
    }
    return {
      rcode: RCODE.NOERROR,
      authoritative: true,
      answers,
      authority: answers.length === 0 ? [soa(zone.name, now)] : [],
    };
  }
  return { rcode: RCODE.SERVFAIL, authoritative: false, answers, authority: [] };
}
