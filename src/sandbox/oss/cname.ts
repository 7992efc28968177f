/**
 * The OSS bucket CNAME APIs (OSS API reference): CreateCnameToken, GetCnameToken, PutCname, ListCname, DeleteCname.
 *
 * PutCname checks, in this order: the domain's syntax (`InvalidArgument`); another bucket of the account holds it
 * (409 `CnameAlreadyExists`); ownership — the TXT record `_dnsauth.<domain>` in the sandbox's Alidns zones holds the
 * bucket's valid token and was written at least `timing.ownershipDelayMs` ago (403 `NeedVerifyDomainOwnership`; a
 * domain already bound to this bucket skips it); ICP filing for mainland-China buckets (404 `NoSuchCnameInRecord`);
 * then the certificate configuration (cert.ts).
 */
import { randomBytes } from 'node:crypto';
import { type BucketState, txtVisible, type World } from '../state.js';
import { httpDate, isoMs, xmlEscape } from '../util.js';
import { applyCertificate } from './cert.js';
import { OssError } from './errors.js';
import { type Handled, parseCnameBody, xmlDoc } from './xml.js';

const TOKEN_TTL_MS = 72 * 3_600_000;
const RESERVED = ['aliyuncs.com', 'aliyun.com', 'aliyun-inc.com', 'taobaocdn.com', 'taobao.com'];
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Normalises and checks a custom domain as OSS does; throws `InvalidArgument`. */
function checkDomain(raw: string): string {
  const domain = raw.trim().toLowerCase().replace(/\.$/, '');
  const bad = (message: string, ec?: string) =>
    new OssError('InvalidArgument', 400, message, { ArgumentName: 'Domain', ArgumentValue: raw }, ec);
  if (domain.length <= 3) throw bad('Entire hostname must be longer than 3 ASCII characters.', '0017-00000249');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(domain))
    throw bad('The domain must be ASCII; write an internationalised name in punycode (xn--…).');
  if (domain.startsWith('*.')) throw bad('Wildcard domains can only be bound to Agentic Buckets.');
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    throw bad(`"${raw}" is not a valid domain name.`);
  }
  if (RESERVED.some((r) => domain === r || domain.endsWith(`.${r}`))) {
    throw bad('The domain belongs to Alibaba Cloud and cannot be bound to a bucket.', '0018-00000401');
  }
  return domain;
}

function tokenXml(bucket: BucketState, domain: string, token: { token: string; expireTime: number }): Buffer {
  return xmlDoc(
    'CnameToken',
    `<Bucket>${xmlEscape(bucket.name)}</Bucket><Cname>${xmlEscape(domain)}</Cname>` +
      `<Token>${token.token}</Token><ExpireTime>${httpDate(token.expireTime)}</ExpireTime>`,
  );
}

export function createCnameToken(bucket: BucketState, body: Buffer, now: number): Handled {
  const domain = checkDomain(parseCnameBody(body).domain);
  let token = bucket.tokens.get(domain);
  // A valid token is returned again, unchanged (same Token and ExpireTime), as OSS does within its 72 hours.
  if (!token || token.expireTime <= now) {
    token = { token: randomBytes(16).toString('hex'), expireTime: now + TOKEN_TTL_MS };
    bucket.tokens.set(domain, token);
  }
  return { status: 200, body: tokenXml(bucket, domain, token) };
}

export function getCnameToken(bucket: BucketState, rawDomain: string, now: number): Handled {
  const domain = rawDomain.trim().toLowerCase().replace(/\.$/, '');
  const token = bucket.tokens.get(domain);
  if (!token || token.expireTime <= now) {
    throw new OssError(
      'CnameTokenNotFound',
      404,
      'Cname token not found.',
      { Bucket: bucket.name, Cname: domain },
      '0018-00000301',
    );
  }
  return { status: 200, body: tokenXml(bucket, domain, token) };
}

/** True when OSS can see `_dnsauth.<domain>` = the bucket's valid token (written long enough ago). */
function ownershipProven(world: World, bucket: BucketState, domain: string, now: number): boolean {
  const token = bucket.tokens.get(domain);
  return token !== undefined && token.expireTime > now && txtVisible(world, `_dnsauth.${domain}`, token.token, now);
}

/** No ICP filing: the domain, or one of its parent domains, is listed in `world.unfiled`. */
function unfiled(world: World, domain: string): boolean {
  const labels = domain.split('.');
  return labels.some((_, i) => world.unfiled.has(labels.slice(i).join('.')));
}

/** Mainland-China regions need an ICP filing (Hong Kong does not). */
const mainland = (region: string) => region.startsWith('cn-') && region !== 'cn-hongkong';

export function putCname(world: World, bucket: BucketState, body: Buffer, now: number): Handled {
  const parsed = parseCnameBody(body);
  const domain = checkDomain(parsed.domain);
  for (const other of world.buckets.values()) {
    if (other !== bucket && other.cnames.has(domain)) {
      throw new OssError(
        'CnameAlreadyExists',
        409,
        'The domain is already bound to another bucket; unbind it there first.',
        { Bucket: bucket.name, Cname: domain, CnameType: 'CNAME_OSS' },
      );
    }
  }
  const current = bucket.cnames.get(domain);
  if (!current && !ownershipProven(world, bucket, domain, now)) {
    throw new OssError(
      'NeedVerifyDomainOwnership',
      403,
      'Please verify domain ownership by CreateCnameToken and try again.',
      { Bucket: bucket.name, Cname: domain },
    );
  }
  if (mainland(bucket.region) && unfiled(world, domain)) {
    throw new OssError(
      'NoSuchCnameInRecord',
      404,
      'No such cname be found in record: the domain has no ICP filing, which buckets in mainland China require.',
      { Bucket: bucket.name, Cname: domain },
    );
  }
  const certificate = applyCertificate(world, domain, current?.certificate, parsed.cert, now);
  if (current && certificate === current.certificate) return { status: 200 };
  // The console's auto-refresh switch belongs to the binding: a PutCname that changes the certificate keeps it.
  bucket.cnames.set(domain, {
    domain,
    lastModified: now,
    status: 'Enabled',
    certificate,
    purgeCdnCache: current?.purgeCdnCache,
  });
  return { status: 200 };
}

export function deleteCname(bucket: BucketState, body: Buffer): Handled {
  const domain = parseCnameBody(body).domain.trim().toLowerCase().replace(/\.$/, '');
  // Idempotent, as the current OSS documents it: deleting an unbound domain is a success.
  bucket.cnames.delete(domain);
  return { status: 200 };
}

export function listCname(world: World, bucket: BucketState): Handled {
  const items = [...bucket.cnames.values()]
    .map((c) => {
      const cert = c.certificate
        ? '<Certificate>' +
          `<Type>${c.certificate.type}</Type><CertId>${xmlEscape(c.certificate.certId)}</CertId><Status>Enabled</Status>` +
          `<CreationDate>${httpDate(c.certificate.creationDate)}</CreationDate>` +
          `<Fingerprint>${c.certificate.fingerprint}</Fingerprint>` +
          `<ValidStartDate>${httpDate(c.certificate.notBefore)}</ValidStartDate>` +
          `<ValidEndDate>${httpDate(c.certificate.notAfter)}</ValidEndDate>` +
          '</Certificate>'
        : '';
      return (
        `<Cname><Domain>${xmlEscape(c.domain)}</Domain><LastModified>${isoMs(c.lastModified)}</LastModified>` +
        `<Status>${c.status}</Status><IsPurgeCdnCache>${c.purgeCdnCache === true}</IsPurgeCdnCache>${cert}</Cname>`
      );
    })
    .join('');
  const owner = world.accounts[0]?.uid ?? '';
  return {
    status: 200,
    body: xmlDoc('ListCnameResult', `<Bucket>${xmlEscape(bucket.name)}</Bucket><Owner>${owner}</Owner>${items}`),
  };
}
