/**
 * The CdnPort's calls about what a CDN domain does at the edge: its functions (BatchSetCdnDomainConfig,
 * DescribeCdnDomainConfigs, DeleteSpecificConfig) and the certificate it serves (DescribeDomainCertificateInfo,
 * SetCdnDomainSSLCertificate).
 *
 * The two function calls disagree on shapes (CDN API reference): BatchSetCdnDomainConfig takes camelCase JSON and
 * answers `ConfigId` as a number, DescribeCdnDomainConfigs answers it as a string with PascalCase arguments. Both
 * are normalised here to string ids and a name → value map.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import type { CdnCertificate, CdnFunctionConfig } from '../model.js';
import type { CdnPort } from '../ports.js';
import { type CdnCall, cdnWrite } from './cdn-client.js';

type ConfigMethods = Pick<CdnPort, 'getConfigs' | 'setConfigs' | 'deleteConfigs' | 'getCertificate' | 'setCertificate'>;

const isoOf = (t: string | undefined): string | undefined => {
  const ms = t ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

export function configMethods(call: CdnCall): ConfigMethods {
  return {
    async getConfigs(domain, names) {
      const r = await call('DescribeCdnDomainConfigs', domain, (c) =>
        c.describeCdnDomainConfigs(
          new $Cdn.DescribeCdnDomainConfigsRequest({ domainName: domain, functionNames: names?.join(',') }),
        ),
      );
      return (r.body?.domainConfigs?.domainConfig ?? []).map(
        (c): CdnFunctionConfig => ({
          name: c.functionName ?? '',
          configId: String(c.configId ?? ''),
          status: c.status ?? '',
          args: Object.fromEntries((c.functionArgs?.functionArg ?? []).map((a) => [a.argName ?? '', a.argValue ?? ''])),
        }),
      );
    },

    async setConfigs(domains, functions) {
      const body = functions.map((f) => ({
        functionName: f.name,
        functionArgs: Object.entries(f.args).map(([argName, argValue]) => ({ argName, argValue })),
        ...(f.configId ? { configId: Number(f.configId) } : {}),
      }));
      const r = await call('BatchSetCdnDomainConfig', domains.join(','), (c) =>
        c.batchSetCdnDomainConfig(
          new $Cdn.BatchSetCdnDomainConfigRequest({ domainNames: domains.join(','), functions: JSON.stringify(body) }),
        ),
      );
      const configs = (r.body?.domainConfigList?.domainConfigModel ?? []).map((m) => ({
        domain: (m.domainName ?? '').toLowerCase(),
        name: m.functionName ?? '',
        configId: String(m.configId ?? ''),
      }));
      return { requestId: r.body?.requestId ?? '', configs };
    },

    async deleteConfigs(domain, configIds) {
      const r = await call('DeleteSpecificConfig', domain, (c) =>
        c.deleteSpecificConfig(
          new $Cdn.DeleteSpecificConfigRequest({ domainName: domain, configId: configIds.join(',') }),
        ),
      );
      return { requestId: r.body?.requestId ?? '' };
    },

    async getCertificate(domain): Promise<CdnCertificate> {
      const r = await call('DescribeDomainCertificateInfo', domain, (c) =>
        c.describeDomainCertificateInfo(new $Cdn.DescribeDomainCertificateInfoRequest({ domainName: domain })),
      );
      const infos = r.body?.certInfos?.certInfo ?? [];
      const c = infos.find((i) => (i.domainName ?? '').toLowerCase() === domain) ?? infos[0];
      const cert: CdnCertificate = { on: c?.serverCertificateStatus === 'on' };
      if (!c || !cert.on) return cert;
      if (c.certId) cert.certId = c.certId;
      if (c.certName) cert.certName = c.certName;
      if (c.certType) cert.certType = c.certType;
      if (c.certRegion) cert.certRegion = c.certRegion;
      const expires = isoOf(c.certExpireTime);
      if (expires) cert.expires = expires;
      return cert;
    },

    setCertificate: (domain, certId) =>
      cdnWrite(call, 'SetCdnDomainSSLCertificate', domain, (c) =>
        c.setCdnDomainSSLCertificate(
          new $Cdn.SetCdnDomainSSLCertificateRequest(
            certId === undefined
              ? { domainName: domain, SSLProtocol: 'off' }
              : { domainName: domain, SSLProtocol: 'on', certType: 'cas', certId: Number(certId) },
          ),
        ),
      ),
  };
}
