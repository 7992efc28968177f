/**
 * Issue 15, findings 1–6, through the CLI against the sandbox: a bound domain that works as a site, and
 * certificates that cannot silently drift.
 *
 * 1. A changed cert-id reaches CDN (a planned update), a hand change of the CDN certificate is drift, an expiring CDN
 *    certificate is a drift warning, and status shows the CDN certificate.
 * 2. A private bucket behind CDN is a plan warning; `private-origin: true` makes CDN's fetches work.
 * 3. Web pages through CDN open in the browser (the back-to-origin Host is the domain, not the bucket's domain).
 * 4. `website`: index, sub-directory index, 404 page, single-page-app fallback; a lost website is drift.
 * 5. HTTPS at the edge: http redirects to https, HSTS, HTTP/2; a lost option is drift, a changed one an update.
 * 6. `dns: none`: plan names every record with its value, apply does not wait and reports the domain pending (exit
 *    0), drift exits 2 until the records exist, then apply binds.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/core/index.js';
import { type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { browserGet, ORIGIN, SITE, WEBSITE_SEED } from '../support/website-world.js';
import { runCli } from './run.js';

/** The shared world, with a sub-directory index and a certificate about to expire. */
const SEED: SeedSpec = {
  ...WEBSITE_SEED,
  buckets: WEBSITE_SEED.buckets!.map((b) =>
    b.name === SITE
      ? { ...b, objects: [...b.objects!, { key: 'docs/index.html', text: '<h1>docs</h1>', contentType: 'text/html' }] }
      : b,
  ),
  certificates: [...WEBSITE_SEED.certificates!, { id: '44', name: 'soon', domains: ['*.abc.com'], validDays: 10 }],
};

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

async function world(seed: SeedSpec = SEED) {
  sb = await startSandbox({ seed, timing: { cdnOnlineDelayMs: 0 } });
  const s = sb;
  const dir = await mkdtemp(join(tmpdir(), 'oss-domains-site-'));
  const env = { PATH: process.env.PATH, ...s.env };
  const write = (entries: string) =>
    writeFile(
      join(dir, 'domains.yml'),
      `version: 1\nowner: web\ndefaults:\n  region: cn-hangzhou\ndomains:\n${entries}`,
    );
  const cli = (...args: string[]) => runCli(args, env, dir);
  const get = browserGet(s.url);
  return { sb: s, dir, env, write, cli, get, rt: createRuntime(env) };
}

describe('finding 1: the certificate CDN serves follows cert-id, and cannot drift silently', () => {
  it('42 → 43 is a planned update that reaches CDN; a hand change is drift; status shows the CDN certificate', async () => {
    const w = await world();
    const entry = (cert: string) =>
      `  - domain: static.abc.com\n    bucket: ${SITE}\n    cdn: true\n    https:\n      cert-id: "${cert}"\n`;
    await w.write(entry('42'));
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    expect(w.sb.world.cdn.get('static.abc.com')!.ssl.certId).toBe('42');

    await w.write(entry('43'));
    const plan = await w.cli('plan');
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain('set the CDN HTTPS certificate to 43 (it serves 42)');
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    expect(w.sb.world.cdn.get('static.abc.com')!.ssl.certId).toBe('43');
    expect((await w.cli('drift')).status).toBe(0);

    await w.rt.cdn.setCertificate('static.abc.com', '42'); // someone, in the CDN console
    const drift = await w.cli('drift');
    expect(drift.status).toBe(2);
    expect(drift.stdout).toContain('set the CDN HTTPS certificate to 43 (it serves 42)');

    const status = await w.cli('status', 'static.abc.com');
    expect(status.stdout).toMatch(/OSS 43-cn-hangzhou until \d{4}-\d\d-\d\d; CDN 42 until \d{4}-\d\d-\d\d/);
  });

  it('a CDN certificate that expires within 30 days is a drift warning', async () => {
    const w = await world();
    await w.write(`  - domain: static.abc.com\n    bucket: ${SITE}\n    cdn: true\n    https:\n      cert-id: "44"\n`);
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    const drift = await w.cli('drift');
    expect(drift.status).toBe(0);
    expect(drift.stdout).toMatch(/the HTTPS certificate 44 CDN serves for static\.abc\.com expires in (9|10) days/);
  });
});

describe('finding 2: a private bucket behind CDN', () => {
  it('is a plan warning without private-origin; with it, CDN signs its fetches and the object is served', async () => {
    const w = await world();
    await w.write('  - domain: secret.abc.com\n    bucket: abc-private\n    cdn: true\n');
    const plan = await w.cli('plan');
    expect(plan.stdout).toContain('the bucket abc-private is private and CDN fetches from it without signing');
    await w.write('  - domain: secret.abc.com\n    bucket: abc-private\n    cdn: { private-origin: true }\n');
    expect((await w.cli('plan')).stdout).not.toContain('is private');
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    expect(await w.get('secret.abc.com', '/a.txt')).toMatchObject({ status: 200, text: 'secret' });
  });

  it('a private bucket bound directly is a plan warning too', async () => {
    const w = await world();
    await w.write('  - domain: secret.abc.com\n    bucket: abc-private\n');
    const plan = await w.cli('plan');
    expect(plan.stdout).toContain('the bucket abc-private is private, so browsers reading secret.abc.com get 403');
  });
});

describe('finding 3: web pages through CDN open in the browser', () => {
  it('CDN fetches with the domain as Host, so index.html is not a download', async () => {
    const w = await world();
    await w.write(`  - domain: www.abc.com\n    bucket: ${SITE}\n    cdn: true\n`);
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    const page = await w.get('www.abc.com', '/index.html');
    expect(page).toMatchObject({ status: 200, text: '<h1>home</h1>' });
    expect(page.headers['content-disposition']).toBeUndefined();
    expect((await w.cli('drift')).status).toBe(0);
  });
});

describe('finding 4: static website hosting', () => {
  it('index for / and a/, the 404 page, and drift when someone removes it', async () => {
    const w = await world();
    await w.write(
      `  - domain: www.abc.com\n    bucket: ${SITE}\n    website: { index: index.html, error: 404.html }\n`,
    );
    const plan = await w.cli('plan');
    expect(plan.stdout).toContain(`set static website hosting on bucket ${SITE}: index index.html`);
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    expect(await w.get('www.abc.com', '/')).toMatchObject({ status: 200, text: '<h1>home</h1>' });
    expect(await w.get('www.abc.com', '/docs/')).toMatchObject({ status: 200, text: '<h1>docs</h1>' });
    expect(await w.get('www.abc.com', '/nope')).toMatchObject({ status: 404, text: '<h1>not here</h1>' });
    expect((await w.cli('drift')).status).toBe(0);

    delete w.sb.world.buckets.get(SITE)!.website; // someone, in the OSS console
    expect((await w.cli('drift')).status).toBe(2);
  });

  it('a single-page app gets its index, with 200, for every unknown path', async () => {
    const w = await world();
    await w.write(`  - domain: app.abc.com\n    bucket: ${SITE}\n    website: { spa: true }\n`);
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    expect(await w.get('app.abc.com', '/users/42')).toMatchObject({ status: 200, text: '<h1>home</h1>' });
  });
});

describe('finding 5: HTTPS at the edge', () => {
  const entry = (hsts: number) =>
    `  - domain: www.abc.com\n    bucket: ${SITE}\n    cdn: { force-https: true, hsts: ${hsts}, http2: true }\n    https: { cert-id: "43" }\n`;

  it('http redirects to https, HSTS and HTTP/2 are on; a changed option is an update, a lost one drift', async () => {
    const w = await world();
    await w.write(entry(31536000));
    expect((await w.cli('apply', '--yes')).status).toBe(0);
    const http = await w.get('www.abc.com', '/index.html');
    expect(http.status).toBe(301);
    expect(http.headers.location).toBe('https://www.abc.com/index.html');
    const https = await w.get('www.abc.com', '/index.html', true);
    expect(https.status).toBe(200);
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000');
    const http2 = (await w.rt.cdn.getConfigs('www.abc.com', ['https_option']))[0];
    expect(http2?.args).toEqual({ http2: 'on' });
    expect((await w.cli('drift')).status).toBe(0);

    await w.write(entry(5184000));
    const plan = await w.cli('plan');
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain('configure the CDN edge: HSTS max-age 5184000');

    const force = (await w.rt.cdn.getConfigs('www.abc.com', ['https_force']))[0]!;
    await w.rt.cdn.deleteConfigs('www.abc.com', [force.configId]); // someone, in the CDN console
    const drift = await w.cli('drift');
    expect(drift.status).toBe(2);
    expect(drift.stdout).toContain('redirect http to https (301)');
  });
});

describe('finding 6: dns: none', () => {
  const ENTRY = `  - domain: www.partner.com\n    bucket: ${SITE}\n    dns: none\n`;
  const PARTNER_TARGET = ORIGIN;

  it('plan names every record, apply reports pending without waiting, drift exits 2 until the records exist', async () => {
    const w = await world();
    await w.write(ENTRY);
    const first = await w.cli('plan');
    expect(first.status).toBe(2);
    expect(first.stdout).toContain('_dnsauth.www.partner.com TXT <the ownership token OSS issues; apply prints it>');
    expect(first.stdout).toContain(`www.partner.com CNAME ${PARTNER_TARGET}`);
    expect(w.sb.control.writeCalls()).toEqual([]);

    w.sb.control.clearCalls();
    const apply = await w.cli('apply', '--yes');
    expect(apply.status, apply.stderr).toBe(0);
    const token = w.sb.world.buckets.get(SITE)!.tokens.get('www.partner.com')!.token;
    expect(apply.stdout).toContain(`_dnsauth.www.partner.com TXT ${token}`);
    expect(apply.stdout).toContain('pending');
    expect(w.sb.control.calls({ action: 'PutCname' }), 'asks OSS once, does not sit waiting').toHaveLength(1);

    const again = await w.cli('plan');
    expect(again.stdout, 'the token, read with GetCnameToken').toContain(`_dnsauth.www.partner.com TXT ${token}`);
    expect((await w.cli('drift')).status).toBe(2);

    // The user creates both records at the other provider (partner.com stands for it).
    w.sb.control.seed({
      zones: [
        {
          name: 'partner.com',
          records: [
            { rr: '_dnsauth.www', type: 'TXT', value: token },
            { rr: 'www', type: 'CNAME', value: PARTNER_TARGET },
          ],
        },
      ],
    });
    const done = await w.cli('apply', '--yes');
    expect(done.status, done.stderr).toBe(0);
    expect(w.sb.world.buckets.get(SITE)!.cnames.has('www.partner.com')).toBe(true);
    expect((await w.cli('drift')).status).toBe(0);
  });
});
