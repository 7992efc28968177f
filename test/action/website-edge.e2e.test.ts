/**
 * Issue 15, findings 1–6, through the committed bundle run as the runner runs it (`npm run build` first), against
 * the sandbox: the certificate CDN serves follows cert-id and its hand change is drift (1), a private bucket behind
 * CDN is a plan warning and private-origin makes it work (2), web pages through CDN open inline (3), website
 * hosting (4), HTTPS at the edge (5), and dns: none pending without waiting, drift until the records exist (6).
 */
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/core/index.js';
import type { SeedSpec } from '../../src/sandbox/index.js';
import { browserGet, ORIGIN, SITE, WEBSITE_SEED } from '../support/website-world.js';
import { runAction, workspace } from './harness.js';
import { scheduleEvent, useWorld } from './world.js';

const SEED: SeedSpec = { ...WEBSITE_SEED, timing: { cdnOnlineDelayMs: 0 } };
const file = (entries: string) => `version: 1\nowner: ci\ndefaults:\n  region: cn-hangzhou\ndomains:\n${entries}`;

describe('website and edge, through the Action', () => {
  const w = useWorld(SEED);
  const run = (cwd: string, command: string) =>
    runAction({ cwd, inputs: { command, 'fail-on-drift': 'true' }, env: w.env(), event: scheduleEvent });
  const get = (host: string, path: string, https = false) => browserGet(w.sb.url)(host, path, https);

  it('finding 1: a changed cert-id reaches CDN, and a hand change of the CDN certificate is drift', async () => {
    const entry = (cert: string) =>
      `  - domain: static.abc.com\n    bucket: ${SITE}\n    cdn: true\n    https: { cert-id: "${cert}" }\n`;
    const cwd = workspace({ 'domains.yml': file(entry('42')) });
    expect((await run(cwd, 'apply')).status).toBe(0);
    const moved = workspace({ 'domains.yml': file(entry('43')) });
    const plan = await run(moved, 'plan');
    expect(plan.outputs['has-changes']).toBe('true');
    expect(plan.summary).toContain('set the CDN HTTPS certificate to 43 (it serves 42)');
    expect((await run(moved, 'apply')).status).toBe(0);
    expect(w.sb.world.cdn.get('static.abc.com')!.ssl.certId).toBe('43');
    await createRuntime({ ...w.sb.env }).cdn.setCertificate('static.abc.com', '42');
    const drift = await run(moved, 'drift');
    expect([drift.status, drift.outputs.drift]).toEqual([1, 'true']);
  }, 60_000);

  it('finding 2: a private origin bucket is a plan warning; private-origin: true serves it', async () => {
    const plain = await run(
      workspace({ 'domains.yml': file('  - domain: secret.abc.com\n    bucket: abc-private\n    cdn: true\n') }),
      'plan',
    );
    expect(plain.summary).toContain('the bucket abc-private is private and CDN fetches from it without signing');
    const cwd = workspace({
      'domains.yml': file('  - domain: secret.abc.com\n    bucket: abc-private\n    cdn: { private-origin: true }\n'),
    });
    expect((await run(cwd, 'apply')).status).toBe(0);
    expect(await get('secret.abc.com', '/a.txt')).toMatchObject({ status: 200, text: 'secret' });
  }, 60_000);

  it('finding 3: a page through CDN opens in the browser', async () => {
    const cwd = workspace({ 'domains.yml': file(`  - domain: www.abc.com\n    bucket: ${SITE}\n    cdn: true\n`) });
    expect((await run(cwd, 'apply')).status).toBe(0);
    const page = await get('www.abc.com', '/index.html');
    expect([page.status, page.headers['content-disposition']]).toEqual([200, undefined]);
  }, 60_000);

  it('finding 4: the index at /, the 404 page for a missing key, and drift when the website is removed', async () => {
    const cwd = workspace({
      'domains.yml': file(
        `  - domain: www.abc.com\n    bucket: ${SITE}\n    website: { index: index.html, error: 404.html }\n`,
      ),
    });
    expect((await run(cwd, 'apply')).status).toBe(0);
    expect(await get('www.abc.com', '/')).toMatchObject({ status: 200, text: '<h1>home</h1>' });
    expect(await get('www.abc.com', '/gone')).toMatchObject({ status: 404, text: '<h1>not here</h1>' });
    delete w.sb.world.buckets.get(SITE)!.website;
    expect((await run(cwd, 'drift')).outputs.drift).toBe('true');
  }, 60_000);

  it('finding 5: http redirects to https with HSTS; a lost option is drift', async () => {
    const cwd = workspace({
      'domains.yml': file(
        `  - domain: www.abc.com\n    bucket: ${SITE}\n    cdn: { force-https: true, hsts: 31536000 }\n    https: { cert-id: "43" }\n`,
      ),
    });
    expect((await run(cwd, 'apply')).status).toBe(0);
    const http = await get('www.abc.com', '/index.html');
    expect([http.status, http.headers.location]).toEqual([301, 'https://www.abc.com/index.html']);
    expect((await get('www.abc.com', '/index.html', true)).headers['strict-transport-security']).toBe(
      'max-age=31536000',
    );
    const d = w.sb.world.cdn.get('www.abc.com')!;
    d.configs = d.configs.filter((c) => c.functionName !== 'HSTS');
    expect((await run(cwd, 'drift')).outputs.drift).toBe('true');
  }, 60_000);

  it('finding 6: dns: none — apply reports pending and succeeds at once, drift fails until the records exist', async () => {
    const cwd = workspace({ 'domains.yml': file(`  - domain: www.partner.com\n    bucket: ${SITE}\n    dns: none\n`) });
    const plan = await run(cwd, 'plan');
    const steps = JSON.parse(plan.outputs['plan-json']!).domains[0].steps;
    expect(steps.filter((s: { kind: string }) => s.kind === 'manual-record')).toEqual([
      expect.objectContaining({ name: '_dnsauth.www.partner.com', type: 'TXT' }),
      expect.objectContaining({ name: 'www.partner.com', type: 'CNAME', value: ORIGIN }),
    ]);
    expect(plan.summary).toContain('\\_dnsauth.www\\.partner.com TXT');
    const apply = await run(cwd, 'apply');
    expect(apply.status).toBe(0);
    expect(apply.summary).toContain('pending');
    expect(w.sb.control.calls({ action: 'PutCname' })).toHaveLength(1);
    expect((await run(cwd, 'drift')).status).toBe(1);
    const token = w.sb.world.buckets.get(SITE)!.tokens.get('www.partner.com')!.token;
    w.sb.control.seed({
      zones: [
        {
          name: 'partner.com',
          records: [
            { rr: '_dnsauth.www', type: 'TXT', value: token },
            { rr: 'www', type: 'CNAME', value: ORIGIN },
          ],
        },
      ],
    });
    expect((await run(cwd, 'apply')).status).toBe(0);
    expect((await run(cwd, 'drift')).outputs.drift).toBe('false');
  }, 90_000);
});
