/**
 * The demo's last step: a static site on a CDN domain. The team deploys its site (index.html, 404.html) to the
 * bucket abc-site and declares site.abc.com with `website` and `cdn: { force-https: true }`; apply sets the bucket's
 * static website hosting and the CDN edge's configuration (the back-to-origin Host that makes pages open instead of
 * downloading, the redirect to https). Then, as a browser would: `/` opens index.html inline, a missing path gets
 * the 404 page with status 404, and plain http is redirected to https.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/index.js';
import type { DemoStep } from './demo-deploy.js';

/** The bucket the site lives in (added to the demo's seed, empty and public-read). */
export const SITE_BUCKET = { name: 'abc-site', region: 'cn-hangzhou', acl: 'public-read' as const };

export const SITE_ENTRY = `  - domain: site.abc.com       # the team's static site, behind CDN, https only
    bucket: abc-site
    website: { index: index.html, error: 404.html }
    cdn: { force-https: true }
    https:
      cert-id: "12345"
`;

const INDEX = '<!doctype html><title>ABC</title><h1>Welcome to ABC</h1>\n';
const NOT_FOUND = '<!doctype html><title>Not found</title><h1>This page does not exist</h1>\n';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * GET through the sandbox's front with `host` as the Host header, as a browser on the CDN domain's edge; `https`
 * marks the request as having come over HTTPS (the sandbox listens on plain HTTP and reads X-Forwarded-Proto).
 */
function browse(sandbox: Sandbox, host: string, path: string, https: boolean): Promise<Answer> {
  const headers = { host, ...(https ? { 'x-forwarded-proto': 'https' } : {}) };
  return new Promise((resolve, reject) => {
    const req = request({ host: sandbox.host, port: sandbox.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v ?? '')])),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** `s.file` is the demo's domains.yml; the site's entry is added to it. */
export async function siteStep(s: DemoStep & { file: string }): Promise<void> {
  const site = join(s.dir, 'www');
  await mkdir(site, { recursive: true });
  await writeFile(join(site, 'index.html'), INDEX);
  await writeFile(join(site, '404.html'), NOT_FOUND);
  s.say('\nThe team publishes its static site from ./www at site.abc.com, behind CDN, https only:');
  const deployed = await s.cli(['deploy', site, '--bucket', `${SITE_BUCKET.name}@${SITE_BUCKET.region}`]);
  s.check('deploy put the site (index.html, 404.html) in the bucket abc-site', deployed === 0, `exit ${deployed}`);

  await writeFile(s.file, `${await readFile(s.file, 'utf8')}${SITE_ENTRY}`);
  s.say(`\n${SITE_ENTRY}`);
  const applied = await s.cli(['apply', '-c', s.file, '--yes']);
  s.check('apply: static website hosting on abc-site, site.abc.com on CDN', applied === 0, `exit ${applied}`);

  const home = await browse(s.sandbox, 'site.abc.com', '/', true);
  const disposition = home.headers['content-disposition'] ?? '';
  s.check(
    'https://site.abc.com/ opens index.html in the browser',
    home.status === 200 && home.body === INDEX && !/attachment/i.test(disposition),
    `HTTP ${home.status}, ${home.headers['content-type'] ?? 'no type'}${disposition ? `, ${disposition}` : ', inline'}`,
  );
  const missing = await browse(s.sandbox, 'site.abc.com', '/no-such-page.html', true);
  s.check(
    'https://site.abc.com/no-such-page.html gets the 404 page',
    missing.status === 404 && missing.body === NOT_FOUND,
    `HTTP ${missing.status}`,
  );
  const plain = await browse(s.sandbox, 'site.abc.com', '/', false);
  s.check(
    'http://site.abc.com/ redirects to https',
    (plain.status === 301 || plain.status === 308) && plain.headers.location === 'https://site.abc.com/',
    `HTTP ${plain.status} → ${plain.headers.location ?? 'nowhere'}`,
  );
}
