/**
 * The OssPort's calls about a bucket's custom domains (OSS API reference: ListCname, CreateCnameToken, GetCnameToken,
 * PutCname, DeleteCname): the bindings with their certificates, and the token that `_dnsauth.<domain>` must hold
 * before OSS binds a domain. All of them POST or GET the `cname` sub-resource through the raw request.
 */
import { CloudError } from '../errors.js';
import type { Binding } from '../model.js';
import type { CnameToken, OssPort } from '../ports.js';
import { type OssCall, requestIdOf, xmlEscape } from './oss-client.js';

type CnameMethods = Pick<OssPort, 'listCnames' | 'createCnameToken' | 'getCnameToken' | 'putCname' | 'deleteCname'>;

function cnameBody(domain: string, certXml = ''): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><BucketCnameConfiguration><Cname>' +
      `<Domain>${xmlEscape(domain)}</Domain>${certXml}</Cname></BucketCnameConfiguration>`,
  );
}

/** PutCname's `<CertificateConfiguration>`: none, a certificate to bind, or the bound one to remove. */
function certXmlOf(cert: Parameters<OssPort['putCname']>[3]): string {
  if (cert && 'delete' in cert) {
    return '<CertificateConfiguration><DeleteCertificate>true</DeleteCertificate></CertificateConfiguration>';
  }
  // Force: OSS then replaces whatever certificate is bound without asking for its id (PreviousCertId), which is
  // what a desired-state tool wants (OSS API reference, PutCname, CertificateConfiguration).
  if (cert) {
    return `<CertificateConfiguration><CertId>${xmlEscape(cert.certId)}</CertId><Force>true</Force></CertificateConfiguration>`;
  }
  return '';
}

const isoOf = (date: unknown): string | undefined => {
  const t = typeof date === 'string' ? Date.parse(date) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/** One `<Cname>` of ListCname's answer. */
function toBinding(c: any, bucket: string, region: string): Binding {
  return {
    domain: String(c.Domain ?? '').toLowerCase(),
    bucket,
    region,
    status: String(c.Status ?? ''),
    lastModified: c.LastModified ? String(c.LastModified) : undefined,
    // Java SDK tests parse "True": compare without case.
    purgeCdnCache: /^true$/i.test(String(c.IsPurgeCdnCache ?? '')) || undefined,
    certificate: c.Certificate
      ? {
          certId: c.Certificate.CertId ? String(c.Certificate.CertId) : undefined,
          type: c.Certificate.Type ? String(c.Certificate.Type) : undefined,
          status: c.Certificate.Status ? String(c.Certificate.Status) : undefined,
          validEndDate: isoOf(c.Certificate.ValidEndDate),
        }
      : undefined,
  };
}

const tokenOf = (data: any): CnameToken => ({
  token: String(data?.Token ?? ''),
  expireTime: String(data?.ExpireTime ?? ''),
});

export function cnameMethods(call: OssCall): CnameMethods {
  const post = (bucket: string, region: string, domain: string, action: string, comp: string, body: Buffer) =>
    call({ action, bucket, domain }, region, {
      method: 'POST',
      bucket,
      subres: { cname: '', comp },
      mime: 'xml',
      content: body,
      successStatuses: [200],
      xml: comp === 'token' ? {} : undefined,
    });

  return {
    async listCnames(bucket, region) {
      const r = await call({ action: 'ListCname', bucket }, region, {
        method: 'GET',
        bucket,
        subres: 'cname',
        successStatuses: [200],
        xml: { arrays: ['Cname'] },
      });
      return ((r.data?.Cname ?? []) as any[]).map((c) => toBinding(c, bucket, region));
    },

    async createCnameToken(bucket, region, domain) {
      const r = await post(bucket, region, domain, 'CreateCnameToken', 'token', cnameBody(domain));
      return { ...tokenOf(r.data), requestId: requestIdOf(r) };
    },

    /** A read, so `plan` may show the TXT value without creating anything. */
    async getCnameToken(bucket, region, domain) {
      try {
        const r = await call({ action: 'GetCnameToken', bucket, domain }, region, {
          method: 'GET',
          bucket,
          subres: { comp: 'token', cname: domain },
          successStatuses: [200],
          xml: {},
        });
        const t = tokenOf(r.data);
        return t.token ? t : undefined;
      } catch (e) {
        if (e instanceof CloudError && e.code === 'CnameTokenNotFound') return undefined;
        throw e;
      }
    },

    async putCname(bucket, region, domain, cert) {
      const r = await post(bucket, region, domain, 'PutCname', 'add', cnameBody(domain, certXmlOf(cert)));
      return { requestId: requestIdOf(r) };
    },

    async deleteCname(bucket, region, domain) {
      try {
        const r = await post(bucket, region, domain, 'DeleteCname', 'delete', cnameBody(domain));
        return { requestId: requestIdOf(r) };
      } catch (e) {
        // Older OSS answers NoSuchCname for an unbound domain; the current one answers 200. Both mean "not bound".
        if (e instanceof CloudError && e.code === 'NoSuchCname') return { requestId: e.requestId ?? '' };
        throw e;
      }
    },
  };
}
