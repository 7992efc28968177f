/**
 * ResolverPort on node:dns: the propagation check after apply, and `status`. Talks to `OSS_DOMAINS_RESOLVER`
 * (`host:port`, e.g. the sandbox's DNS server) when it is set, else to the system's resolvers.
 */
import { Resolver } from 'node:dns/promises';
import type { ResolverPort } from '../ports.js';

const MAX_CHAIN = 10;
/** Codes that mean "no such name / no such record", as opposed to a resolver that is unreachable. */
const NO_ANSWER = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN', 'ENONAME']);

const isNoAnswer = (e: unknown) => NO_ANSWER.has((e as { code?: string }).code ?? '');

export interface ResolverOptions {
  /** `host:port` or `host`; unset = system resolvers. */
  server?: string;
  /** Per-query timeout. */
  timeoutMs?: number;
  tries?: number;
}

export function createResolver(opts: ResolverOptions = {}): ResolverPort {
  const r = new Resolver({ timeout: opts.timeoutMs ?? 3_000, tries: opts.tries ?? 2 });
  if (opts.server) r.setServers([opts.server]);

  async function cname(name: string): Promise<string | undefined> {
    try {
      return (await r.resolveCname(name))[0];
    } catch (e) {
      if (isNoAnswer(e)) return undefined;
      throw e;
    }
  }

  return {
    async resolve(name) {
      const chain: string[] = [];
      let cur = name;
      for (let i = 0; i < MAX_CHAIN; i++) {
        const next = await cname(cur);
        if (!next) break;
        chain.push(next);
        cur = next;
      }
      try {
        chain.push(...(await r.resolve4(cur)));
      } catch (e) {
        if (!isNoAnswer(e)) throw e;
      }
      return chain;
    },
    async resolveTxt(name) {
      try {
        return (await r.resolveTxt(name)).map((chunks) => chunks.join(''));
      } catch (e) {
        if (isNoAnswer(e)) return [];
        throw e;
      }
    },
  };
}
