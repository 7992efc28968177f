/**
 * A local GitHub REST API holding one repository in memory, with just the endpoints the bot's GitOps mode uses:
 * repository, contents (get/put with blob sha checks), refs (get/create), pulls (create). Records every request.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubRecorded {
  method: string;
  path: string;
  body: any;
}

export interface LocalGitHub {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  requests: GitHubRecorded[];
  /** Files per branch. */
  file(branch: string, path: string): string | undefined;
  branches(): string[];
  pulls: { number: number; title: string; head: string; base: string; body: string; html_url: string }[];
  /** The next `count` requests matching `method` and `path` (after the repository prefix) fail with `status`. */
  failNext(count: number, status: number, match?: { method?: string; path?: RegExp }): void;
  close(): Promise<void>;
}

const blobSha = (text: string) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest('hex');

export async function startLocalGitHub(o: {
  owner: string;
  repo: string;
  token: string;
  files: Record<string, string>;
  defaultBranch?: string;
}): Promise<LocalGitHub> {
  const main = o.defaultBranch ?? 'main';
  const branches = new Map<string, { commit: string; files: Map<string, string> }>();
  branches.set(main, { commit: 'c0ffee'.padEnd(40, '0'), files: new Map(Object.entries(o.files)) });
  const requests: GitHubRecorded[] = [];
  const pulls: LocalGitHub['pulls'] = [];
  let commits = 1;
  const failures: { count: number; status: number; method?: string; path?: RegExp }[] = [];
  const prefix = `/repos/${o.owner}/${o.repo}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? JSON.parse(raw) : undefined;
      const method = req.method ?? 'GET';
      // Recorded as GitHub reads it: an encoded slash in a ref (`heads%2Fmain`, as Octokit sends it) is a slash.
      requests.push({ method, path: decodeURIComponent(url.pathname), body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      // GitHub takes a token with either scheme; Octokit sends `token`, the GitHub CLI `Bearer`.
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${o.token}` && auth !== `token ${o.token}`) return send(401, { message: 'Bad credentials' });
      if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
      const rest = decodeURIComponent(url.pathname.slice(prefix.length));
      const f = failures.find(
        (x) => x.count > 0 && (!x.method || x.method === method) && (!x.path || x.path.test(rest)),
      );
      if (f) {
        f.count--;
        return send(f.status, { message: `injected ${f.status}` });
      }
      if (method === 'GET' && rest === '')
        return send(200, { full_name: `${o.owner}/${o.repo}`, default_branch: main });
      const contents = /^\/contents\/(.+)$/.exec(rest);
      if (contents) {
        const path = contents[1]!;
        if (method === 'GET') {
          const b = branches.get(url.searchParams.get('ref') ?? main);
          const text = b?.files.get(path);
          if (text === undefined) return send(404, { message: 'Not Found' });
          return send(200, {
            type: 'file',
            path,
            encoding: 'base64',
            content: Buffer.from(text)
              .toString('base64')
              .replace(/(.{60})/g, '$1\n'),
            sha: blobSha(text),
          });
        }
        if (method === 'PUT') {
          const b = branches.get(body.branch ?? main);
          if (!b) return send(404, { message: 'Branch not found' });
          const cur = b.files.get(path);
          if (cur !== undefined && body.sha !== blobSha(cur))
            return send(409, { message: `${path} does not match ${body.sha}` });
          b.files.set(path, Buffer.from(body.content, 'base64').toString('utf8'));
          b.commit = `c${++commits}`.padEnd(40, '0');
          return send(200, { commit: { sha: b.commit } });
        }
      }
      const ref = /^\/git\/ref\/heads\/(.+)$/.exec(rest);
      if (ref && method === 'GET') {
        const b = branches.get(ref[1]!);
        return b
          ? send(200, { ref: `refs/heads/${ref[1]}`, object: { sha: b.commit } })
          : send(404, { message: 'Not Found' });
      }
      if (rest === '/git/refs' && method === 'POST') {
        const name = String(body.ref).replace(/^refs\/heads\//, '');
        if (branches.has(name)) return send(422, { message: 'Reference already exists' });
        const from = [...branches.values()].find((b) => b.commit === body.sha);
        if (!from) return send(422, { message: 'Object does not exist' });
        branches.set(name, { commit: body.sha, files: new Map(from.files) });
        return send(201, { ref: body.ref, object: { sha: body.sha } });
      }
      if (rest === '/pulls' && method === 'GET') {
        // Only the `head=owner:branch` filter the bot uses; state=all, newest first, as GitHub lists them.
        const head = url.searchParams.get('head') ?? '';
        const found = pulls.filter((p) => `${o.owner}:${p.head}` === head || !head);
        return send(200, [...found].reverse());
      }
      if (rest === '/pulls' && method === 'POST') {
        if (!branches.has(body.head)) return send(422, { message: 'Validation Failed: head' });
        if (pulls.some((p) => p.head === body.head))
          return send(422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${o.owner}:${body.head}.`,
              },
            ],
          });
        const number = pulls.length + 1;
        const pr = { ...body, number, html_url: `https://github.example/${o.owner}/${o.repo}/pull/${number}` };
        pulls.push(pr);
        return send(201, pr);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    pulls,
    file: (branch, path) => branches.get(branch)?.files.get(path),
    branches: () => [...branches.keys()],
    failNext: (count, status, match = {}) => failures.push({ count, status, ...match }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
