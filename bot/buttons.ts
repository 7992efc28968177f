/**
 * The confirm button carries the whole request, so that any replica can serve the click and nothing is held in
 * memory between the command and the click. Because Slack hands the button's `value` back to us verbatim from a
 * client, it is authenticated: `<payload>.<mac>`, where payload is base64url JSON and mac is HMAC-SHA256 over it,
 * keyed by the app's signing secret (which every replica has and nobody else does). The payload holds the resolved
 * arguments (region filled in), the requester, the fingerprint of the plan that was shown and an expiry.
 *
 * Slack limits a button value to 2,000 characters; a bind request is ~350.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BotError, ErrorCode } from './errors.js';

/** How long a confirm button stays valid. */
export const BUTTON_TTL_MS = 15 * 60_000;
/** Slack's limit on `value` of a button element. */
export const MAX_VALUE_LENGTH = 2000;

export type ChangeArgs =
  | { cmd: 'bind'; domain: string; bucket: string; region: string; cdn: boolean; certId?: string }
  | { cmd: 'unbind'; domain: string };

export interface ButtonRequest {
  args: ChangeArgs;
  /** Slack user id of the person who typed the command. */
  requester: string;
  /** The fingerprint of the plan the message showed (the core's `planFingerprint`). */
  fingerprint: string;
  /** Expiry, ms since the epoch. */
  expires: number;
}

interface Wire {
  v: 1;
  a: ChangeArgs;
  u: string;
  f: string;
  /** Expiry, ms since the epoch. */
  e: number;
}

const mac = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(`oss-domains/button/v1\n${payload}`).digest();

/** The `value` of a confirm button: the request, authenticated and bounded in size. */
export function encodeButton(req: ButtonRequest, secret: string): string {
  const wire: Wire = { v: 1, a: req.args, u: req.requester, f: req.fingerprint, e: req.expires };
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
  const value = `${payload}.${mac(secret, payload).toString('base64url')}`;
  if (value.length > MAX_VALUE_LENGTH)
    throw new Error(`button value of ${value.length} characters exceeds Slack's ${MAX_VALUE_LENGTH}`);
  return value;
}

/**
 * Reads a button value back. Throws `BotError(button_invalid)` when the value was not made with `secret` (or was
 * altered), and `BotError(button_expired)` — after the MAC check, so expiry cannot be forged either — when `now` is
 * past its expiry.
 */
export function decodeButton(value: string, secret: string, now: number): ButtonRequest {
  const invalid = () =>
    new BotError(
      ErrorCode.ButtonInvalid,
      'This button was not made by this app or has been altered, so nothing was done. Run the command again.',
    );
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || value.length > MAX_VALUE_LENGTH) throw invalid();
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let wire: Wire;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
  } catch {
    throw invalid();
  }
  if (wire.v !== 1 || !wire.a || typeof wire.u !== 'string' || typeof wire.e !== 'number') throw invalid();
  const req: ButtonRequest = { args: wire.a, requester: wire.u, fingerprint: wire.f, expires: wire.e };
  if (now > req.expires)
    throw new BotError(
      ErrorCode.ButtonExpired,
      `This button expired (buttons last ${BUTTON_TTL_MS / 60_000} minutes), so nothing was done. Run \`${commandText(req.args)}\` again to see a fresh plan.`,
      { args: req.args },
    );
  return req;
}

/**
 * A short id of one shown plan's request: every click of the same button (a double-click, on any replica) has the same
 * one, and no other button does (the expiry is to the millisecond). GitOps names its branch with it.
 */
export function requestKey(req: ButtonRequest): string {
  const wire = { a: req.args, u: req.requester, f: req.fingerprint, e: req.expires };
  return createHash('sha256').update(JSON.stringify(wire)).digest('hex').slice(0, 12);
}

/** The command a user would type for these arguments (for messages and the audit log). */
export function commandText(a: ChangeArgs): string {
  if (a.cmd === 'unbind') return `/oss unbind ${a.domain}`;
  return [
    `/oss bind ${a.domain} ${a.bucket} --region ${a.region}`,
    a.cdn ? '--cdn' : '',
    a.certId ? `--cert-id ${a.certId}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
