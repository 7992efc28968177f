/**
 * The RAM policy is derived from the adapters' declarations (src/core/aliyun/ram.ts), so both must match the calls
 * the adapters really make. A whole life cycle — bind with CDN and HTTPS under the apply lock, drift, status,
 * refresh, a takeover, turning CDN off, an unbind — runs on a sandbox that enforces the policy `oss-domains policy`
 * prints for the file, through a runtime that records which API operations each port method called.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CDN_CALLS, DNS_CALLS, OSS_CALLS } from '../../src/core/aliyun/ram.js';
import {
  applyDesired,
  createRuntime,
  type DesiredState,
  type DomainsConfig,
  desiredFromConfig,
  desiredFromUnbind,
  drift,
  parseConfig,
  type Runtime,
  ramPolicy,
  refresh,
  status,
} from '../../src/core/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { testTuning } from '../support/engine-sandbox.js';

const TABLES = { oss: OSS_CALLS, dns: DNS_CALLS, cdn: CDN_CALLS } as Record<string, Record<string, readonly string[]>>;

/**
 * `rt` whose port calls run one at a time, each followed by a check that every API operation the sandbox logged
 * during the call is declared for that method. Undeclared calls are collected in `undeclared`.
 */
function recording(rt: Runtime, sb: Sandbox, undeclared: string[]): Runtime {
  let queue: Promise<unknown> = Promise.resolve();
  const wrap = <P extends object>(name: 'oss' | 'dns' | 'cdn', port: P): P =>
    new Proxy(port, {
      get(target, prop) {
        const method = Reflect.get(target, prop) as unknown;
        if (typeof prop !== 'string' || typeof method !== 'function') return method;
        return (...args: unknown[]) => {
          const run = async () => {
            const before = sb.control.calls().length;
            try {
              return await (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              const declared = TABLES[name]![prop] ?? [];
              for (const c of sb.control.calls().slice(before))
                if (!declared.includes(c.action)) undeclared.push(`${name}.${prop} called ${c.action}`);
            }
          };
          const result = queue.then(run, run);
          queue = result.catch(() => undefined);
          return result;
        };
      },
    });
  return { ...rt, oss: wrap('oss', rt.oss), dns: wrap('dns', rt.dns), cdn: wrap('cdn', rt.cdn) };
}

function config(body: string): DomainsConfig {
  const text = `version: 1\nowner: web\nstate: { bucket: abc-ops, region: cn-hangzhou }\ndefaults: { region: cn-hangzhou, zone: abc.com }\ndomains:\n${body}`;
  const r = parseConfig(text, 'domains.yml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

const FULL = config(`  - { domain: img.abc.com, bucket: abc-img, cdn: true, https: { cert-id: "12345" } }
  - { domain: static.abc.com, bucket: abc-img }
  - { domain: old.abc.com, bucket: abc-img, takeover: true }
`);

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

describe('the RAM policy and the calls', () => {
  it('every call of a whole life cycle is declared by its adapter method and allowed by the derived policy', async () => {
    sb = await startSandbox({
      dnsPort: 0,
      policy: ramPolicy(FULL),
      seed: {
        zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10' }] }],
        buckets: [
          { name: 'abc-img', region: 'cn-hangzhou', objects: [{ key: 'a.png', text: 'png' }] },
          { name: 'abc-other', region: 'cn-hangzhou', cnames: [{ domain: 'old.abc.com' }] },
          { name: 'abc-ops', region: 'cn-hangzhou' },
        ],
        certificates: [{ id: '12345', domains: ['*.abc.com'] }],
      },
    });
    const undeclared: string[] = [];
    const rt = recording(createRuntime({ ...sb.env }, { tuning: testTuning }), sb, undeclared);
    const run = async (desired: DesiredState) => {
      const r = await applyDesired(rt, desired, { actor: 'test', command: 'apply' });
      expect(r.result?.results.filter((x) => !x.ok).map((x) => x.error)).toEqual([]);
      expect(r.auditError).toBeUndefined();
    };

    await run(desiredFromConfig(FULL));
    expect([...sb.world.buckets.get('abc-img')!.cnames.keys()].sort()).toEqual([
      'img.abc.com',
      'old.abc.com',
      'static.abc.com',
    ]);
    expect((await drift(rt, desiredFromConfig(FULL))).drift).toBe(false);
    expect(await status(rt, { domains: ['img.abc.com'], buckets: [{ name: 'abc-img' }] })).not.toEqual([]);
    await refresh(rt, { paths: ['https://img.abc.com/a.png', 'https://img.abc.com/d/'], preload: true, wait: true });
    await refresh(rt, { paths: ['a.png'], bucket: { name: 'abc-img' } });

    // CDN off for img.abc.com (its CDN domain and the verification record go), then an unbind.
    await run(
      desiredFromConfig(
        config(`  - { domain: img.abc.com, bucket: abc-img, https: { cert-id: "12345" } }
  - { domain: static.abc.com, bucket: abc-img }
`),
      ),
    );
    expect([...sb.world.cdn.keys()]).toEqual([]);
    await run({ ...desiredFromUnbind('static.abc.com', 'web'), state: FULL.state });
    expect([...sb.world.buckets.get('abc-img')!.cnames.keys()].sort()).toEqual(['img.abc.com', 'old.abc.com']);

    expect(undeclared).toEqual([]);
  });
});
