import { describe, expect, it } from 'vitest';
import { type DomainsConfig, parseConfig, type RamPolicy, ramPolicy } from '../../src/core/index.js';

function config(yaml: string): DomainsConfig {
  const r = parseConfig(yaml, 'domains.yml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

/** The resources a policy grants `action` on. */
function grants(policy: RamPolicy, action: string): string[] {
  return policy.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
}

const actions = (policy: RamPolicy): string[] => policy.Statement.flatMap((s) => s.Action);

describe('ramPolicy', () => {
  it('a plain binding: writes only on its buckets and zone, no CDN or certificate writes', () => {
    const p = ramPolicy(
      config(`version: 1
defaults: { region: cn-hangzhou, zone: abc.com }
domains:
  - { domain: img.abc.com, bucket: abc-img }
  - { domain: static.abc.com, bucket: abc-static }
  - { domain: more.abc.com, bucket: abc-img }
`),
    );
    expect(p.Version).toBe('1');
    for (const a of ['oss:CreateCnameToken', 'oss:PutCname', 'oss:DeleteCname']) {
      expect(grants(p, a), a).toEqual(['acs:oss:*:*:abc-img', 'acs:oss:*:*:abc-static']);
    }
    for (const a of ['alidns:AddDomainRecord', 'alidns:UpdateDomainRecord', 'alidns:DeleteDomainRecord']) {
      expect(grants(p, a), a).toEqual(['acs:alidns:*:*:domain/abc.com']);
    }
    expect(grants(p, 'alidns:UpdateDomainRecordRemark')).toEqual(['acs:alidns:*:*:domain/abc.com']);
    expect(grants(p, 'alidns:SetDomainRecordStatus')).toEqual(['acs:alidns:*:*:domain/abc.com']);
    const cdnWrites = actions(p).filter(
      (a) => a.startsWith('cdn:') && !a.startsWith('cdn:Describe') && !a.startsWith('cdn:List'),
    );
    expect(cdnWrites).toEqual([]);
    expect(actions(p).some((a) => a.startsWith('yundun-cert:'))).toBe(false);
    // No object access without a state bucket.
    expect(actions(p)).not.toContain('oss:GetObject');
    expect(actions(p)).not.toContain('oss:PutObject');
  });

  it('reads as widely as the planner does: zones, records, bindings and CDN domains of the account', () => {
    const p = ramPolicy(
      config(
        'version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, zone: abc.com }\n',
      ),
    );
    expect(grants(p, 'alidns:DescribeDomains')).toEqual(['*']);
    expect(grants(p, 'alidns:DescribeDomainRecords')).toEqual(['acs:alidns:*:*:domain/*']);
    expect(grants(p, 'oss:ListCname')).toEqual(['acs:oss:*:*:*']);
    expect(grants(p, 'oss:GetBucketLocation')).toEqual(['acs:oss:*:*:*']);
    expect(grants(p, 'oss:ListBuckets')).toEqual(['acs:oss:*:*:*']);
    expect(grants(p, 'cdn:DescribeUserDomains')).toEqual(['*']);
    expect(grants(p, 'cdn:ListTagResources')).toEqual(['*']);
  });

  it('record actions on every zone when a domain leaves its zone to be found', () => {
    const p = ramPolicy(
      config(`version: 1
domains:
  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, zone: abc.com }
  - { domain: img.xyz.com, bucket: xyz-img, region: cn-hangzhou }
`),
    );
    expect(grants(p, 'alidns:DeleteDomainRecord')).toEqual(['acs:alidns:*:*:domain/*']);
  });

  it('no record writes when every domain has dns: none', () => {
    const p = ramPolicy(
      config(`version: 1
domains:
  - { domain: abc.com, bucket: abc-www, region: cn-hangzhou, dns: none }
`),
    );
    expect(grants(p, 'alidns:AddDomainRecord')).toEqual([]);
    expect(grants(p, 'alidns:DeleteDomainRecord')).toEqual([]);
  });

  it('CDN only for the CDN domains, plus the zone of their verification record', () => {
    const p = ramPolicy(
      config(`version: 1
defaults: { region: cn-hangzhou }
domains:
  - { domain: img.abc.com, bucket: abc-img, zone: abc.com }
  - { domain: x.cdn.abc.com, bucket: abc-cdn, zone: cdn.abc.com, cdn: true }
`),
    );
    expect(grants(p, 'cdn:AddCdnDomain')).toEqual(['acs:cdn:*:*:domain/x.cdn.abc.com']);
    expect(grants(p, 'cdn:SetCdnDomainSSLCertificate')).toEqual(['acs:cdn:*:*:domain/x.cdn.abc.com']);
    // Turning cdn off for a declared domain deletes its CDN domain.
    expect(grants(p, 'cdn:DeleteCdnDomain')).toEqual([
      'acs:cdn:*:*:domain/img.abc.com',
      'acs:cdn:*:*:domain/x.cdn.abc.com',
    ]);
    expect(grants(p, 'cdn:VerifyDomainOwner')).toEqual(['*']);
    expect(grants(p, 'cdn:RefreshObjectCaches')).toEqual(['*']);
    // verification.abc.com lives in abc.com, which the file also names.
    expect(grants(p, 'alidns:AddDomainRecord')).toEqual([
      'acs:alidns:*:*:domain/abc.com',
      'acs:alidns:*:*:domain/cdn.abc.com',
    ]);
  });

  it('with prune, writes reach what the file no longer names', () => {
    const p = ramPolicy(
      config(`version: 1
prune: true
domains:
  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, zone: abc.com }
`),
    );
    expect(grants(p, 'cdn:DeleteCdnDomain')).toEqual(['acs:cdn:*:*:domain/*']);
    expect(grants(p, 'cdn:AddCdnDomain')).toEqual([]);
    expect(grants(p, 'oss:DeleteCname')).toEqual(['acs:oss:*:*:*']);
    expect(grants(p, 'alidns:DeleteDomainRecord')).toEqual(['acs:alidns:*:*:domain/*']);
  });

  it('certificate reads only when a domain has https', () => {
    const yaml = (https: string) => `version: 1
domains:
  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, zone: abc.com${https} }
`;
    expect(actions(ramPolicy(config(yaml('')))).some((a) => a.startsWith('yundun-cert:'))).toBe(false);
    const p = ramPolicy(config(yaml(', https: { cert-id: "1" }')));
    expect(grants(p, 'yundun-cert:DescribeSSLCertificatePrivateKey')).toEqual(['*']);
    expect(grants(p, 'yundun-cert:DescribeSSLCertificatePublicKeyDetail')).toEqual(['*']);
    // The OSS API reference for PutCname lists all three as required when a certificate is attached.
    expect(grants(p, 'yundun-cert:CreateSSLCertificate')).toEqual(['*']);
  });

  it('grants nothing the tool never calls (issue 10, finding 9)', () => {
    const p = ramPolicy(
      config(`version: 1
prune: true
state: { bucket: abc-ops, region: cn-hangzhou }
domains:
  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, cdn: true, https: { cert-id: "1" } }
`),
    );
    for (const a of ['oss:GetCnameToken', 'oss:ListObjects', 'cdn:StopCdnDomain'])
      expect(actions(p), a).not.toContain(a);
  });

  it('issue 15: website, edge options, CDN certificates, ACLs and dns: none tokens, each on what the file names', () => {
    const p = ramPolicy(
      config(`version: 1
defaults: { region: cn-hangzhou }
domains:
  - domain: site.abc.com
    bucket: abc-site
    website: { index: index.html }
    cdn: { force-https: true, private-origin: true }
    https: { cert-id: "1" }
  - { domain: img.abc.com, bucket: abc-img }
  - { domain: shop.partner.com, bucket: abc-shop, dns: none }
`),
    );
    for (const a of ['oss:GetBucketWebsite', 'oss:PutBucketWebsite'])
      expect(grants(p, a), a).toEqual(['acs:oss:*:*:abc-site']);
    for (const a of [
      'cdn:DescribeCdnDomainConfigs',
      'cdn:BatchSetCdnDomainConfig',
      'cdn:DeleteSpecificConfig',
      'cdn:DescribeDomainCertificateInfo',
    ])
      expect(grants(p, a), a).toEqual(['acs:cdn:*:*:domain/site.abc.com']);
    // Read anonymously: the buckets served directly; abc-site is read by CDN with a signature (private-origin).
    expect(grants(p, 'oss:GetBucketAcl')).toEqual(['acs:oss:*:*:abc-img', 'acs:oss:*:*:abc-shop']);
    expect(grants(p, 'oss:GetCnameToken')).toEqual(['acs:oss:*:*:abc-shop']);

    // Without website, CDN, force-https or dns: none, none of them.
    const plain = ramPolicy(
      config('version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou }\n'),
    );
    for (const a of [
      'oss:GetBucketWebsite',
      'oss:PutBucketWebsite',
      'cdn:DescribeCdnDomainConfigs',
      'cdn:BatchSetCdnDomainConfig',
      'cdn:DeleteSpecificConfig',
      'cdn:DescribeDomainCertificateInfo',
      'oss:GetCnameToken',
    ])
      expect(actions(plain), a).not.toContain(a);
    const cdnOnly = ramPolicy(
      config('version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, cdn: true }\n'),
    );
    expect(actions(cdnOnly)).toContain('cdn:BatchSetCdnDomainConfig');
    expect(actions(cdnOnly)).not.toContain('cdn:DeleteSpecificConfig');
  });

  it('a takeover may unbind the domain from any bucket, so DeleteCname reaches every bucket (issue 10, finding 9)', () => {
    const yaml = (takeover: string) => `version: 1
domains:
  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou, zone: abc.com${takeover} }
`;
    expect(grants(ramPolicy(config(yaml(''))), 'oss:DeleteCname')).toEqual(['acs:oss:*:*:abc-img']);
    expect(grants(ramPolicy(config(yaml(', takeover: true'))), 'oss:DeleteCname')).toEqual([
      'acs:oss:*:*:abc-img',
      'acs:oss:*:*:*',
    ]);
  });

  it('the state bucket: lock and audit objects only', () => {
    const p = ramPolicy(
      config(`version: 1
state: { bucket: abc-ops, region: cn-hangzhou }
domains: []
`),
    );
    expect(grants(p, 'oss:DeleteObject')).toEqual(['acs:oss:*:*:abc-ops/locks/*']);
    expect(grants(p, 'oss:PutObject')).toEqual(['acs:oss:*:*:abc-ops/locks/*', 'acs:oss:*:*:abc-ops/audit/*']);
    // The lock is read by whoever waits for it; audit entries are written once and never read or listed.
    expect(grants(p, 'oss:GetObject')).toEqual(['acs:oss:*:*:abc-ops/locks/*']);
    expect(actions(p)).not.toContain('oss:ListObjects');
    // No domains: nothing to bind.
    expect(actions(p)).not.toContain('oss:PutCname');
  });

  it('is plain JSON', () => {
    const c = config('version: 1\ndomains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou }\n');
    const p = ramPolicy(c);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    for (const s of p.Statement) expect(s.Effect).toBe('Allow');
  });
});
