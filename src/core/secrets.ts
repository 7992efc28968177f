/**
 * Secrets and their redaction. Two nets: every value registered here (AccessKey secrets, STS tokens, the OIDC token,
 * the bot's tokens) is removed in each form it takes on the way through a URL, a form body or base64; and values that
 * were never registered are removed wherever a parameter, header or field names them as credentials (an STS token
 * in a `security-token=` query, an `AccessKeySecret` in an STS answer, an `Authorization` header).
 */

/** Names under which a credential travels: query parameters, headers, JSON/XML fields, SDK option names. */
const CREDENTIAL_NAME =
  '(?:(?:x-(?:oss|acs)-)?security[-_]?token|sts[-_]?token|access[-_]?key[-_]?secret|client[-_]?secret|secret|OIDCToken)';
/** Between a name and its value: `=`, `:` (perhaps URL-encoded), quotes and the backslashes JSON adds to them. */
const SEPARATOR = `["'\\\\]*\\s*(?:=|:|%3D|%3A|%253D|%253A)\\s*["'\\\\]*`;
/** A value ends at whitespace, a quote, a backslash, or the next parameter (`&`, or `%26` once encoded). */
const VALUE = `(?:(?!%26|%2526)[^\\s"'\\\\,&<>;])+`;

const SECRET_PATTERNS: RegExp[] = [
  // OSS V1 / V4 and ACS3 authorization values and signatures.
  /(OSS4?-HMAC-SHA256\s+Credential=)[^\s,]+/gi,
  /(ACS3-HMAC-SHA256\s+Credential=)[^\s,]+/gi,
  /(Authorization:?\s*"?OSS\s+)[^\s"]+/gi,
  /(Signature(?:=|%3D|%253D))(?:(?!%26|%2526)[^&\s,"'\\])+/gi,
  new RegExp(`(${CREDENTIAL_NAME}${SEPARATOR})${VALUE}`, 'gi'),
  /(<(?:SecurityToken|AccessKeySecret|SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest)>)[^<]*/gi,
];

/** A registered secret, and the pattern that finds it raw or percent-encoded (once or twice, any hex case). */
interface Known {
  value: string;
  pattern: RegExp;
}

const known = new Map<string, Known>();
const watchers = new Set<(secret: string) => void>();

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A pattern for `value` as it appears raw, percent-encoded once or twice (either hex case), form-encoded (space as
 * `+`), or in base64 / base64url: each character that encoding may change matches in any of its forms.
 */
function patternFor(value: string): RegExp {
  const char = (c: string): string => {
    const encoded = encodeURIComponent(c);
    if (encoded === c && c !== '+') return escapeRegExp(c);
    const hex = Buffer.from(c, 'utf8')
      .toString('hex')
      .toUpperCase()
      .match(/../g)!
      .map((h) => `%(?:25)?${h}`)
      .join('');
    const alternatives = [escapeRegExp(c), hex];
    if (c === ' ') alternatives.push('\\+');
    return `(?:${alternatives.join('|')})`;
  };
  const base64 = [Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
  const literal = base64.map((b) => `${escapeRegExp(b.replace(/=+$/, ''))}=*`);
  return new RegExp([[...value].map(char).join(''), ...literal].join('|'), 'gi');
}

/**
 * Registers a value that must never appear in any message (an AccessKey secret, a token), and tells every watcher
 * (`onSecret`) once per new value. Values shorter than 6 characters are ignored: they would redact ordinary words.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6 || known.has(value)) return;
  known.set(value, { value, pattern: patternFor(value) });
  for (const watch of watchers) watch(value);
}

/**
 * Calls `watch` with every secret registered, the ones so far and each one to come: the Action masks them in its log
 * (`core.setSecret`), including the STS credentials and OIDC token the credential chain obtains at run time.
 */
export function onSecret(watch: (secret: string) => void): () => void {
  watchers.add(watch);
  for (const secret of known.keys()) watch(secret);
  return () => watchers.delete(watch);
}

/** Removes credentials, signatures and every registered secret (in each of its encoded forms) from a string. */
export function redact(text: string): string {
  let s = text;
  // Longest first, so that a secret containing another is removed whole.
  const secrets = [...known.values()].sort((a, b) => b.value.length - a.value.length);
  for (const k of secrets) s = s.replace(k.pattern, '***');
  for (const re of SECRET_PATTERNS) s = s.replace(re, '$1***');
  return s;
}
