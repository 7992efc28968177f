/**
 * The `CertificateConfiguration` of PutCname (OSS API reference, PutCname): bind a certificate from Certificate
 * Management Service by `CertId` (`12345` or `12345-cn-hangzhou`), upload one as PEM, or remove it with
 * `DeleteCertificate`. Without `Force`, `PreviousCertId` must name the certificate bound now. OSS does not document the
 * codes of these failures; the sandbox answers 400 `InvalidArgument` with a message naming the problem (see
 * src/sandbox/README.md).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { CAS_REGION, cnameCertOf } from '../seed-apply.js';
import { type CnameCertState, certificateCovers, type World } from '../state.js';
import { fingerprintOf } from '../util.js';
import { OssError } from './errors.js';
import type { CertConfig } from './xml.js';

const invalid = (message: string, name = 'CertId') =>
  new OssError('InvalidArgument', 400, message, { ArgumentName: `CertificateConfiguration.${name}` });

const numericId = (certId: string) => /^(\d+)(?:-[a-z0-9-]+)?$/.exec(certId)?.[1];

/**
 * The certificate the binding ends up with: `current` when the configuration leaves it alone (or names the same
 * certificate), `undefined` when it is deleted, or a new one. Throws `InvalidArgument` for anything OSS would refuse.
 */
export function applyCertificate(
  world: World,
  domain: string,
  current: CnameCertState | undefined,
  cfg: CertConfig | undefined,
  now: number,
): CnameCertState | undefined {
  if (!cfg) return current;
  if (cfg.deleteCertificate) return undefined;
  if (!cfg.certId && !cfg.certificate) return current;

  if (!cfg.force) {
    if (!cfg.previousCertId) {
      throw invalid('PreviousCertId is required unless Force is true.', 'PreviousCertId');
    }
    const bound = current ? numericId(current.certId) : undefined;
    if (numericId(cfg.previousCertId) !== bound) {
      throw invalid(
        `PreviousCertId ${cfg.previousCertId} is not the certificate bound to ${domain} (${current?.certId ?? 'none'}).`,
        'PreviousCertId',
      );
    }
  }

  if (cfg.certId) {
    const id = numericId(cfg.certId);
    const cert = id === undefined ? undefined : world.certificates.get(id);
    if (!cert) throw invalid(`Certificate ${cfg.certId} does not exist in Certificate Management Service.`);
    if (!certificateCovers(cert.domains, domain)) {
      throw invalid(`Certificate ${cfg.certId} (${cert.domains.join(', ')}) does not cover ${domain}.`);
    }
    if (cert.notAfter <= now)
      throw invalid(`Certificate ${cfg.certId} expired on ${new Date(cert.notAfter).toISOString()}.`);
    if (current && numericId(current.certId) === cert.id) return current;
    return cnameCertOf(cert, now);
  }

  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cfg.certificate!);
  } catch {
    throw invalid('Certificate is not a valid PEM certificate.', 'Certificate');
  }
  if (!cfg.privateKey) throw invalid('PrivateKey is required with Certificate.', 'PrivateKey');
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(cfg.privateKey));
  } catch {
    throw invalid('PrivateKey is not a valid PEM private key.', 'PrivateKey');
  }
  if (!matches) throw invalid('PrivateKey does not match Certificate.', 'PrivateKey');
  if (!x509.checkHost(domain)) throw invalid(`Certificate does not cover ${domain}.`, 'Certificate');
  const notAfter = Date.parse(x509.validTo);
  if (notAfter <= now) throw invalid(`Certificate expired on ${x509.validTo}.`, 'Certificate');
  // OSS stores an uploaded certificate in Certificate Management Service and reports the id it got there; the
  // sandbox derives a stable one from the fingerprint, so uploading the same certificate twice changes nothing.
  const fingerprint = x509.fingerprint || fingerprintOf(cfg.certificate!);
  const id = String(10_000_000 + (Number.parseInt(fingerprint.replace(/:/g, '').slice(0, 10), 16) % 90_000_000));
  if (current && current.certId === `${id}-${CAS_REGION}`) return current;
  return {
    certId: `${id}-${CAS_REGION}`,
    type: 'Upload',
    creationDate: now,
    notBefore: Date.parse(x509.validFrom),
    notAfter,
    fingerprint,
  };
}
