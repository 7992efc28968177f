/**
 * The little XML the OSS emulation needs: rendering response documents, and reading the request bodies of the
 * CNAME APIs (`BucketCnameConfiguration`). Request bodies are tiny and flat, so a tag scanner is enough; anything
 * that does not look like the documented schema is `MalformedXML`, as OSS answers.
 */
import { xmlUnescape } from '../util.js';
import { OssError } from './errors.js';

/** What an OSS handler returns; the dispatcher adds the common headers. */
export interface Handled {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer;
}

export function xmlDoc(root: string, inner: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${inner}</${root}>\n`);
}

/** The text of the first `<name>` element inside `xml`, unescaped; `undefined` when absent. */
export function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>|<${name}\\s*/>`).exec(xml);
  if (!m) return undefined;
  return xmlUnescape(m[1] ?? '').trim();
}

export interface CertConfig {
  certId?: string;
  certificate?: string;
  privateKey?: string;
  previousCertId?: string;
  force: boolean;
  deleteCertificate: boolean;
}

const malformed = () =>
  new OssError(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );

const bool = (v: string | undefined) => v !== undefined && v.toLowerCase() === 'true';

/** Reads `<BucketCnameConfiguration><Cname><Domain>…</Domain>[<CertificateConfiguration>…]</Cname>`. */
export function parseCnameBody(body: Buffer): { domain: string; cert?: CertConfig } {
  const xml = body.toString('utf8');
  const root = tag(xml, 'BucketCnameConfiguration');
  const cname = root === undefined ? undefined : tag(root, 'Cname');
  const domain = cname === undefined ? undefined : tag(cname, 'Domain');
  if (!cname || !domain) throw malformed();
  const certXml = tag(cname, 'CertificateConfiguration');
  if (certXml === undefined) return { domain };
  return {
    domain,
    cert: {
      certId: tag(certXml, 'CertId') || undefined,
      certificate: tag(certXml, 'Certificate') || undefined,
      privateKey: tag(certXml, 'PrivateKey') || undefined,
      previousCertId: tag(certXml, 'PreviousCertId') || undefined,
      force: bool(tag(certXml, 'Force')),
      deleteCertificate: bool(tag(certXml, 'DeleteCertificate')),
    },
  };
}
