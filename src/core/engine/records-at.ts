/**
 * The records of a zone by name. The planner looks up the name of every declared domain; scanning the zone's records
 * for each would cost domains × records (20,000 domains in zones of 4,000 records: 80 million comparisons), so each
 * zone's list is indexed once, the first time it is asked, and the index is kept as long as the list lives.
 */
import type { DnsRecord, Observed } from '../model.js';

interface Index {
  /** The list's length when indexed: a list that grew since is indexed again. */
  size: number;
  byName: Map<string, DnsRecord[]>;
}

const indexes = new WeakMap<readonly DnsRecord[], Index>();

function indexOf(recs: readonly DnsRecord[]): Map<string, DnsRecord[]> {
  const known = indexes.get(recs);
  if (known && known.size === recs.length) return known.byName;
  const byName = new Map<string, DnsRecord[]>();
  for (const r of recs) {
    const list = byName.get(r.rr);
    if (list) list.push(r);
    else byName.set(r.rr, [r]);
  }
  indexes.set(recs, { size: recs.length, byName });
  return byName;
}

/** The records named `rr` (relative, lower case, `@` for the apex) in `zone`, in the order they were read. */
export function recordsAt(observed: Pick<Observed, 'records'>, zone: string, rr: string): readonly DnsRecord[] {
  const recs = observed.records.get(zone);
  return recs ? (indexOf(recs).get(rr) ?? []) : [];
}
