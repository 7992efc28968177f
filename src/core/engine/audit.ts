/**
 * The audit log: one object per entry in the state bucket, `audit/YYYY/MM/DD/<time>-<random>.json`, so concurrent
 * writers never touch the same object (forbid-overwrite makes sure) and a day's entries list with one prefix.
 */
import { randomBytes } from 'node:crypto';
import { redact } from '../errors.js';
import type { Runtime } from '../ports.js';

export interface AuditEntry {
  /** ISO time. */
  time: string;
  /** `cli:<user>`, `github:<actor>`, `slack:<user id>` */
  actor: string;
  /** `apply`, `bind`, `unbind`, `refresh` */
  command: string;
  domains: string[];
  ok: boolean;
  requestIds: string[];
  summary: string;
}

/** The object key of an entry written at `time` (ISO). */
export function auditKey(time: string, suffix: string): string {
  const t = new Date(time);
  const iso = (Number.isNaN(t.getTime()) ? new Date() : t).toISOString();
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `audit/${y}/${m}/${d}/${iso.replace(/:/g, '-')}-${suffix}.json`;
}

/** Writes one audit entry as its own object in the state bucket; returns its key. */
export async function writeAudit(
  rt: Runtime,
  s: { bucket: string; region: string },
  entry: AuditEntry,
): Promise<string> {
  const key = auditKey(entry.time, randomBytes(4).toString('hex'));
  const body = JSON.stringify({ ...entry, summary: redact(entry.summary) }, null, 2);
  await rt.oss.putObject(s.bucket, s.region, key, body, { forbidOverwrite: true });
  return key;
}
