/**
 * The refresh journal: how a deploy that dies half-way is finished by the next one.
 *
 * Uploads make the changed files the same as their objects, so a deploy killed after uploading some of them would
 * leave the next run nothing to compare — and the edge would keep the old copies of those files until they expire.
 * So before its first upload, a deploy that will refresh a CDN writes the keys it is about to change into a small
 * object under the prefix (`<prefix>.oss-domains-deploy/<time>-<id>.json`), and deletes it once the refresh is sent.
 * The next deploy finds any journal in its listing (no extra call), reads it, refreshes those keys with its own, and
 * deletes it in turn. The journal's directory is hidden, so it is never uploaded, deleted as "missing" or served as
 * part of the site's listing of files.
 */
import { randomBytes } from 'node:crypto';

export const JOURNAL_DIR = '.oss-domains-deploy';

export interface Journal {
  version: 1;
  /** ISO time the deploy started. */
  startedAt: string;
  /** Object keys whose URLs must be refreshed. */
  keys: string[];
}

export function journalKey(prefix: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `${prefix}${JOURNAL_DIR}/${stamp}-${randomBytes(4).toString('hex')}.json`;
}

export const isJournalKey = (prefix: string, key: string): boolean => key.startsWith(`${prefix}${JOURNAL_DIR}/`);

export function writeJournal(keys: string[], now: number): string {
  const j: Journal = { version: 1, startedAt: new Date(now).toISOString(), keys };
  return JSON.stringify(j);
}

/** The keys of a journal's text; a journal that cannot be read gives none (it is deleted with the others). */
export function readJournal(text: string | undefined): string[] {
  try {
    const j = JSON.parse(text ?? '') as Partial<Journal>;
    return Array.isArray(j.keys) ? j.keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}
