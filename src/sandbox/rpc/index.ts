/**
 * The sandbox's RPC products (Alidns, CDN) and the signature verifier the HTTP front calls before dispatching.
 *
 * Where the API documentation leaves behaviour open, the sandbox chooses:
 *
 * Signatures (signature.ts)
 * - The request time may be 15 minutes from the sandbox clock; beyond: `InvalidTimeStamp.Expired` 400.
 * - A body whose SHA-256 differs from `x-acs-content-sha256` is `SignatureDoesNotMatch`.
 * - ACS3 must carry `x-acs-content-sha256` and sign `host`, `content-type` (when sent) and every `x-acs-*` header
 *   it sends; otherwise `IncompleteSignature` 400 naming the header (the V3 signature document requires them signed;
 *   the gateway's code for the omission is not documented).
 * - A nonce (`x-acs-signature-nonce`, `SignatureNonce`) is accepted once per AccessKey within 31 minutes:
 *   `SignatureNonceUsed` 400. It is checked after the signature, and a call refused later still used its nonce.
 *
 * Alidns (alidns*.ts)
 * - `DomainRecordConflict` is 400 and names the record in the way. A second CNAME at the same RR and line conflicts
 *   (no weighted CNAMEs). `DomainRecordLocked` is 400. There is no record quota.
 * - `KeyWord` (LIKE / EXACT) matches the RR or the value. `DescribeSubDomainRecords` without `DomainName` splits at
 *   the longest zone of the account. A PageSize out of range is `InvalidParameter` 400.
 * - TTL 600–86400 (the Free edition). An update without TTL or Line keeps the record's. MX priority 1–50, default 10.
 *
 * CDN (cdn*.ts)
 * - AddCdnDomain checks, in order: its input, `DomainAlreadyExist`, `DomainOverLimit` (50 domains),
 *   `DomainNotRegistration` (unfiled domain or root, scope domestic/global), `DomainOwnerVerifyFail`.
 * - The root domain is the last two labels (three under `com.cn`-style second levels). A root is trusted once
 *   verified (DNS check only; `fileCheck` fails with `InvalidFile`) or while the account has a CDN domain under it.
 * - Cname is always `<domain>.w.kunlunsl.com`. An unknown domain is `InvalidDomain.NotFound` 404 everywhere.
 * - Start on an online domain and Stop on an offline one are no-ops. Start, Stop, Delete and refreshes of a domain
 *   that is still configuring are `ServiceBusy` 403. Delete does not require a stopped domain.
 * - Refresh: one task id per domain per call; File and IgnoreParams count against the URL quota, Directory and Regex
 *   against the directory quota. Quotas reset at 00:00 UTC. Prefetch takes 1,000 URLs per call. Paths without a
 *   scheme are accepted. The Regex, IgnoreParams, PreloadEdge and Block quotas are reported but fixed.
 * - Certificate reads (cdn-https.ts): DescribeDomainCertificateInfo answers one CertInfo for any domain of the
 *   account, with ServerCertificateStatus `off` and empty certificate fields when HTTPS is off; `Status` is
 *   `success` when on; `DomainCnameStatus` is `ok` when the account's Alidns has the domain's CNAME to the CDN, else
 *   `cname_error`; `CertLife` is `years` for a certificate valid a year or more, else `months`; `CertOrg` of a CAS
 *   certificate is `Sandbox CA`. DescribeCdnHttpsDomainList lists the HTTPS domains, newest first, `Keyword`
 *   matching the domain, certificate name or common name; `CertStatus` is `expired`, `expire_soon` (30 days or
 *   less), `mismatch` (does not cover the domain) or `ok`; its times (no zone in the API) are written in UTC; no
 *   HTTPS domain at all is an empty list, not the DCDN sibling's `NoHttpsDomain`.
 */
export { alidns } from './alidns.js';
export { cdn } from './cdn.js';
export { verifyRpcSignature } from './signature.js';
