/**
 * The audit log: one object per entry in the state bucket, `audit/YYYY/MM/DD/<time>-<random>.json`, so concurrent
 * writers never touch the same object (forbid-overwrite makes sure) and a day's entries list with one prefix.
 */
import { randomBytes } from 'node:crypto';
import { redact } from '../errors.js';
import type { AuditEntry } from '../index.js';
import type { Runtime } from '../ports.js';
import { withRetry } from './retry.js';

/** The object key of an entry written at `time` (ISO). */
export function auditKey(time: string, suffix: string): string {
  const t = new Date(time);
  const iso = (Number.isNaN(t.getTime()) ? new Date() : t).toISOString();
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `audit/${y}/${m}/${d}/${iso.replace(/:/g, '-')}-${suffix}.json`;
}

export async function appendAudit(
  runtime: Runtime,
  s: { bucket: string; region: string },
  entry: AuditEntry,
): Promise<string> {
  const rt = withRetry(runtime);
  const key = auditKey(entry.time, randomBytes(4).toString('hex'));
  const body = JSON.stringify({ ...entry, summary: redact(entry.summary) }, null, 2);
  await rt.oss.putObject(s.bucket, s.region, key, body, { forbidOverwrite: true });
  return key;
}
