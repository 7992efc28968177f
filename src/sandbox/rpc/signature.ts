/**
 * Server-side verification of the two signatures the openapi-core SDKs send (the V3 signature and the older RPC
 * signature of Alibaba Cloud's API documentation):
 *
 * - ACS3-HMAC-SHA256 (the SDK default): the client signs a canonical request built from the method, the path, the
 *   sorted query (values percent-encoded, keys raw), the headers it lists in `SignedHeaders`, and the SHA-256 of the
 *   body. We rebuild that canonical request from what we received, so any byte changed in transit (a query value, a
 *   signed header, the body) makes the signature differ.
 * - Legacy RPC HMAC-SHA1 (`signatureAlgorithm: 'v2'`): every query and form parameter except `Signature`, sorted and
 *   encoded, signed with `secret + "&"`.
 *
 * The verifier is a pure function of the request, the accounts and the clock, so tests can drive skew directly. It
 * returns the signature nonce; keeping nonces single-use is the caller's (nonces.ts), as it needs memory.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Account } from '../state.js';
import { authorizationFields, rfc3986 } from '../util.js';
import type { RawRpcRequest, SignatureCheck } from './types.js';

/** How far the request time may be from the server clock (the gateway allows 15 minutes). */
export const MAX_SKEW_MS = 15 * 60_000;

const ACS3 = 'ACS3-HMAC-SHA256';

const fail = (code: string, status: number, message: string): SignatureCheck => ({ ok: false, code, status, message });

const incomplete = (what: string): SignatureCheck =>
  fail('IncompleteSignature', 400, `The request signature does not conform to Aliyun standards: ${what}.`);

const unknownKey = (): SignatureCheck => fail('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');

const mismatch = (stringToSign: string): SignatureCheck =>
  fail(
    'SignatureDoesNotMatch',
    400,
    `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
  );

function header(req: RawRpcRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkTime(value: string, now: number, name: string): SignatureCheck | undefined {
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) || Number.isNaN(t)) {
    return fail('InvalidTimeStamp.Format', 400, `Specified ${name} is not in the ISO 8601 UTC format (${value}).`);
  }
  if (Math.abs(now - t) > MAX_SKEW_MS) {
    return fail('InvalidTimeStamp.Expired', 400, `Specified time stamp or date value is expired (${name} ${value}).`);
  }
  return undefined;
}

function findAccount(accounts: Account[], accessKeyId: string): Account | undefined {
  return accounts.find((a) => a.accessKeyId === accessKeyId);
}

/** The query as the client signed it: decoded, one value per key (the last wins, as the SDK never repeats a key). */
function parseQuery(raw: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(raw)) m.set(k, v);
  return m;
}

function verifyAcs3(req: RawRpcRequest, authorization: string, accounts: Account[], now: number): SignatureCheck {
  const fields = authorizationFields(authorization.slice(ACS3.length));
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId) return incomplete('the Authorization header has no Credential');
  if (!signedHeaders) return incomplete('the Authorization header has no SignedHeaders');
  if (!signature) return incomplete('the Authorization header has no Signature');
  const date = header(req, 'x-acs-date');
  if (!date) return incomplete('the x-acs-date header is missing');
  if (!header(req, 'x-acs-signature-nonce')) return incomplete('the x-acs-signature-nonce header is missing');
  if (header(req, 'x-acs-content-sha256') === undefined)
    return incomplete('the x-acs-content-sha256 header is missing');
  const names = signedHeaders.split(';').map((h) => h.trim().toLowerCase());
  // Every common header the request carries must be signed (host, content-type, x-acs-*), or an unsigned one —
  // x-acs-action above all — could be swapped on a valid signature.
  const mustSign = Object.keys(req.headers).filter(
    (h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'),
  );
  for (const name of ['host', ...mustSign]) {
    if (!names.includes(name)) return incomplete(`the ${name} header is not signed`);
  }

  const account = findAccount(accounts, accessKeyId);
  if (!account) return unknownKey();
  const timeError = checkTime(date, now, 'x-acs-date');
  if (timeError) return timeError;

  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  if (header(req, 'x-acs-content-sha256') !== bodyHash) {
    return fail(
      'SignatureDoesNotMatch',
      400,
      'The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
    );
  }

  const query = parseQuery(req.rawQuery);
  const canonicalQuery = [...query.keys()]
    .sort()
    .map((k) => `${k}=${rfc3986(query.get(k) ?? '')}`)
    .join('&');
  const canonicalHeaders = names.map((n) => `${n}:${(header(req, n) ?? '').trim()}\n`).join('');
  const canonicalUri = (req.path || '/').replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    names.join(';'),
    bodyHash,
  ].join('\n');
  const stringToSign = `${ACS3}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', account.accessKeySecret).update(stringToSign).digest('hex');
  if (!sameText(expected, signature.toLowerCase())) return mismatch(stringToSign);
  return { ok: true, account, nonce: header(req, 'x-acs-signature-nonce')! };
}

const LEGACY_REQUIRED = ['AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'];

function verifyLegacy(req: RawRpcRequest, accounts: Account[], now: number): SignatureCheck {
  const params = parseQuery(req.rawQuery);
  const contentType = header(req, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded') && req.body.length > 0) {
    for (const [k, v] of parseQuery(req.body.toString('utf8'))) params.set(k, v);
  }
  const signature = params.get('Signature');
  if (!signature) return incomplete('the Signature parameter is missing');
  for (const name of LEGACY_REQUIRED) {
    if (!params.get(name)) return incomplete(`the ${name} parameter is missing`);
  }
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
    return fail(
      'InvalidSignatureMethod',
      400,
      `Specified signature method ${params.get('SignatureMethod')} is not supported; use HMAC-SHA1.`,
    );
  }
  const account = findAccount(accounts, params.get('AccessKeyId') ?? '');
  if (!account) return unknownKey();
  const timeError = checkTime(params.get('Timestamp') ?? '', now, 'Timestamp');
  if (timeError) return timeError;

  params.delete('Signature');
  const canonical = [...params.keys()]
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params.get(k) ?? '')}`)
    .join('&');
  const stringToSign = `${req.method.toUpperCase()}&${rfc3986('/')}&${rfc3986(canonical)}`;
  const expected = createHmac('sha1', `${account.accessKeySecret}&`).update(stringToSign).digest('base64');
  if (!sameText(expected, signature)) return mismatch(stringToSign);
  return { ok: true, account, nonce: params.get('SignatureNonce')! };
}

/**
 * Verifies an ACS3-HMAC-SHA256 (Authorization header) or legacy HMAC-SHA1 (`Signature` parameter) signed request.
 * `x-acs-security-token` / `SecurityToken` are accepted as they come: the sandbox has no STS of its own, so the
 * AccessKey id must still be one of the world's accounts.
 */
export function verifyRpcSignature(req: RawRpcRequest, accounts: Account[], now: number): SignatureCheck {
  const authorization = header(req, 'authorization');
  if (authorization?.startsWith(ACS3)) return verifyAcs3(req, authorization, accounts, now);
  if (authorization) {
    const algorithm = authorization.split(/\s/, 1)[0];
    return incomplete(`the signature algorithm ${algorithm} is not supported (use ${ACS3})`);
  }
  return verifyLegacy(req, accounts, now);
}
