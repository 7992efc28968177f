/**
 * Small helpers shared by the sandbox's front, OSS and RPC emulation and control surface: request ids in the shapes
 * the real services use, XML escaping, the encoding and header parsing both signature verifiers need, dates, and the
 * seeded PRNG behind deterministic fault injection.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ObjectState } from './state.js';

/** OSS request ids are 24 upper-case hex characters (`646DCB189AE2D1333018A1B2`). */
export function ossRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/** RPC request ids are upper-case UUIDs (`1922FA25-0F1D-51D2-BBAE-8EC5C3A26E64`). */
export function rpcRequestId(): string {
  const h = randomBytes(16).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** RFC 3986 percent-encoding, as OSS V4 and RPC ACS3 canonicalisation apply it: encodeURIComponent plus `! ' ( ) *`. */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The `Name=value` pairs of an Authorization header after its algorithm name, as OSS V4 and ACS3 both write them:
 * `Credential=…,SignedHeaders=…,Signature=…`.
 */
export function authorizationFields(afterAlgorithm: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of afterAlgorithm.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}

/** RFC 1123 / HTTP date: `Wed, 23 Feb 2022 21:16:37 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** ISO 8601 with milliseconds, as OSS lists LastModified. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * mulberry32: a tiny, fast, seedable PRNG. Fault injection draws from it so that the same seed and the same sequence
 * of calls always produce the same faults, which keeps flaky-network tests reproducible.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  xml: 'application/xml',
  pdf: 'application/pdf',
};

/** The content type OSS would guess from a key's extension. */
export function contentTypeFor(key: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}

/** An object as OSS stores it: the ETag of a simple upload is the upper-case MD5 hex of the body. */
export function newObject(body: Buffer, contentType: string, now: number): ObjectState {
  return {
    body,
    contentType,
    lastModified: now,
    etag: createHash('md5').update(body).digest('hex').toUpperCase(),
  };
}

/** A certificate-like SHA-1 fingerprint (`DE:01:…`), stable for a given input. */
export function fingerprintOf(input: string | Buffer): string {
  const hex = createHash('sha1').update(input).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}
