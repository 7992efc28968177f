/**
 * CDN HTTPS: SetCdnDomainSSLCertificate (CDN API reference) and the two reads that show which certificate a domain
 * serves, DescribeDomainCertificateInfo (one domain, ISO 8601 times) and DescribeCdnHttpsDomainList (every HTTPS domain
 * of the account, `yyyy-MM-dd HH:mm:ss` times), with the field names, nesting and types of the API reference.
 */
import { X509Certificate } from 'node:crypto';
import {
  type CdnDomainState,
  type CdnSslState,
  certificateCovers,
  relativeName,
  type World,
  zoneOf,
} from '../state.js';
import { fingerprintOf } from '../util.js';
import { cdnDomain } from './cdn-common.js';
import { isoSeconds, optional, page, required } from './params.js';
import { type RpcContext, RpcError } from './types.js';

function setCdnDomainSSLCertificate(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const protocol = required(ctx, 'SSLProtocol');
  if (protocol !== 'on' && protocol !== 'off') {
    throw new RpcError(
      'InvalidSSLProtocol.ValueNotSupported',
      400,
      `Specified SSLProtocol "${protocol}" is not supported.`,
    );
  }
  if (protocol === 'off') {
    d.ssl = { protocol: 'off', updated: ctx.now };
    d.modified = ctx.now;
    return { RequestId: ctx.requestId };
  }
  const certType = optional(ctx, 'CertType') ?? (optional(ctx, 'CertId') ? 'cas' : 'upload');
  if (certType === 'cas') {
    const id = required(ctx, 'CertId').replace(/-[a-z0-9-]+$/, '');
    const cert = ctx.world.certificates.get(id);
    if (!cert) {
      throw new RpcError(
        'Certificate.NotFind',
        400,
        `The certificate ${id} does not exist in Certificate Management Service.`,
      );
    }
    if (!certificateCovers(cert.domains, d.domain)) {
      throw new RpcError(
        'Certificate.MissMatch',
        400,
        `The certificate ${id} (${cert.domains.join(', ')}) does not cover ${d.domain}.`,
      );
    }
    d.ssl = {
      protocol: 'on',
      certId: id,
      certType: 'cas',
      certName: optional(ctx, 'CertName') ?? cert.name,
      certRegion: optional(ctx, 'CertRegion') ?? 'cn-hangzhou',
      updated: ctx.now,
    };
  } else if (certType === 'upload') {
    const pub = optional(ctx, 'SSLPub');
    if (!pub) throw new RpcError('SSLPub.MissingParameter', 400, 'The SSLPub parameter is required.');
    const pri = optional(ctx, 'SSLPri');
    if (!pri) throw new RpcError('SSLPri.MissingParameter', 400, 'The SSLPri parameter is required.');
    if (!pub.includes('-----BEGIN CERTIFICATE-----') || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pri)) {
      throw new RpcError('Certificate.FormatError', 400, 'The certificate or the private key is not in PEM format.');
    }
    d.ssl = {
      protocol: 'on',
      certType: 'upload',
      certName: optional(ctx, 'CertName') ?? `${d.domain}-upload`,
      ...uploaded(pub, d.domain),
      updated: ctx.now,
    };
  } else {
    throw new RpcError('InvalidCertType.ValueNotSupported', 400, `Specified CertType "${certType}" is not supported.`);
  }
  d.modified = ctx.now;
  return { RequestId: ctx.requestId };
}

/**
 * What an uploaded certificate says, for the certificate reads. CDN keeps uploads in Certificate Management Service
 * under an id of their own; the sandbox derives a stable one from the PEM. A PEM that does not parse is still
 * accepted (only its markers are checked), and then reports no dates.
 */
function uploaded(pem: string, domain: string): Pick<CdnSslState, 'certId' | 'upload'> {
  const certId = String(20_000_000 + (Number.parseInt(fingerprintOf(pem).replace(/:/g, '').slice(0, 10), 16) % 9e7));
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch {
    return { certId };
  }
  const field = (dn: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(dn)?.[1] ?? '';
  return {
    certId,
    upload: {
      pem,
      commonName: field(x509.subject, 'CN'),
      issuer: field(x509.issuer, 'O') || field(x509.issuer, 'CN'),
      notBefore: Date.parse(x509.validFrom),
      notAfter: Date.parse(x509.validTo),
      covers: x509.checkHost(domain) !== undefined,
    },
  };
}

/** A certificate within this many days of its end is `expire_soon` in DescribeCdnHttpsDomainList. */
const EXPIRE_SOON_DAYS = 30;
const DAY = 86_400_000;

/** The certificate a domain serves, from its SSL setting: a CAS certificate of the world, or an upload. */
interface Served {
  id: string;
  name: string;
  type: string;
  region: string;
  commonName: string;
  issuer: string;
  notBefore?: number;
  notAfter?: number;
  covers: boolean;
  pem: string;
}

function served(world: World, d: CdnDomainState): Served | undefined {
  const ssl = d.ssl;
  if (ssl.protocol !== 'on') return undefined;
  const base = {
    id: ssl.certId ?? '',
    name: ssl.certName ?? '',
    type: ssl.certType ?? '',
    region: ssl.certRegion ?? '',
  };
  if (ssl.certType === 'cas') {
    const cert = world.certificates.get(ssl.certId ?? '');
    return {
      ...base,
      commonName: cert?.domains[0] ?? '',
      issuer: cert ? 'Sandbox CA' : '',
      notBefore: cert?.notBefore,
      notAfter: cert?.notAfter,
      covers: cert ? certificateCovers(cert.domains, d.domain) : false,
      pem: '',
    };
  }
  const u = ssl.upload;
  return {
    ...base,
    commonName: u?.commonName ?? '',
    issuer: u?.issuer ?? '',
    notBefore: u?.notBefore,
    notAfter: u?.notAfter,
    covers: u?.covers ?? true,
    pem: u?.pem ?? '',
  };
}

/** `ok` when the domain's own DNS (in the account's Alidns) has an enabled CNAME to the CDN's, else `cname_error`. */
function cnameStatus(world: World, d: CdnDomainState): string {
  const zone = zoneOf(world, d.domain);
  if (!zone) return 'cname_error';
  const rr = relativeName(d.domain, zone.name);
  const target = d.cname.toLowerCase();
  for (const r of zone.records.values()) {
    if (
      r.rr === rr &&
      r.type === 'CNAME' &&
      r.status === 'ENABLE' &&
      r.value.toLowerCase().replace(/\.$/, '') === target
    )
      return 'ok';
  }
  return 'cname_error';
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : isoSeconds(ms));

/** `2018-11-26 14:45:09`, the format DescribeCdnHttpsDomainList uses (no zone; the sandbox writes UTC). */
const plain = (ms: number | undefined) => (ms === undefined ? '' : isoSeconds(ms).replace('T', ' ').replace('Z', ''));

function describeDomainCertificateInfo(ctx: RpcContext): Record<string, unknown> {
  const d = cdnDomain(ctx);
  const s = served(ctx.world, d);
  const lifeDays = s?.notBefore !== undefined && s.notAfter !== undefined ? (s.notAfter - s.notBefore) / DAY : 0;
  return {
    RequestId: ctx.requestId,
    CertInfos: {
      CertInfo: [
        {
          DomainName: d.domain,
          CertId: s?.id ?? '',
          CertName: s?.name ?? '',
          CertType: s?.type ?? '',
          CertRegion: s?.region ?? '',
          CertDomainName: s?.commonName ?? '',
          CertOrg: s?.issuer ?? '',
          CertLife: s ? (lifeDays >= 365 ? 'years' : 'months') : '',
          CertStartTime: iso(s?.notBefore),
          CertExpireTime: iso(s?.notAfter),
          CertUpdateTime: iso(d.ssl.updated),
          ServerCertificateStatus: d.ssl.protocol,
          Status: s ? 'success' : '',
          DomainCnameStatus: cnameStatus(ctx.world, d),
          ServerCertificate: s?.pem ?? '',
        },
      ],
    },
  };
}

function certStatus(s: Served, now: number): string {
  if (!s.covers) return 'mismatch';
  if (s.notAfter !== undefined && s.notAfter <= now) return 'expired';
  if (s.notAfter !== undefined && s.notAfter - now <= EXPIRE_SOON_DAYS * DAY) return 'expire_soon';
  return 'ok';
}

function describeCdnHttpsDomainList(ctx: RpcContext): Record<string, unknown> {
  const keyword = optional(ctx, 'Keyword')?.toLowerCase();
  const rows = [...ctx.world.cdn.values()]
    .sort((a, b) => b.domainId - a.domainId)
    .flatMap((d) => {
      const s = served(ctx.world, d);
      if (!s) return [];
      const hit =
        keyword === undefined || [d.domain, s.name, s.commonName].some((t) => t.toLowerCase().includes(keyword));
      return hit ? [{ d, s }] : [];
    });
  const p = page(ctx, rows, 20, 500);
  return {
    RequestId: ctx.requestId,
    TotalCount: p.totalCount,
    CertInfos: {
      CertInfo: p.items.map(({ d, s }) => ({
        DomainName: d.domain,
        CertName: s.name,
        CertType: s.type,
        CertStatus: certStatus(s, ctx.now),
        CertCommonName: s.commonName,
        CertStartTime: plain(s.notBefore),
        CertExpireTime: plain(s.notAfter),
        CertUpdateTime: plain(d.ssl.updated),
      })),
    },
  };
}

export const httpsHandlers = {
  SetCdnDomainSSLCertificate: setCdnDomainSSLCertificate,
  DescribeDomainCertificateInfo: describeDomainCertificateInfo,
  DescribeCdnHttpsDomainList: describeCdnHttpsDomainList,
};
