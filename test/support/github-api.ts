/**
 * A local stand-in for the GitHub API: just the endpoints the Action uses (issue comments, issues, labels, who the
 * token is: GraphQL `viewer` and REST `GET /user`), an in-memory repository, Link-header pagination as GitHub does it,
 * token checking, a record of every request, and scripted failures for retry tests. Point GITHUB_API_URL at `url`.
 *
 * The token belongs to `identity`: by default `github-actions[bot]`, an installation token as the Actions
 * GITHUB_TOKEN is, which GitHub lets ask GraphQL `viewer` but not `GET /user` ("Resource not accessible by
 * integration"). What the token writes is authored by that identity.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  body?: any;
  authorization?: string;
  status: number;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeIssue {
  number: number;
  /** Who opened it (GitHub's `user`); absent: someone else. */
  user?: { login: string; type: string };
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string | null;
  labels: string[];
  /** Set for pull requests (GitHub lists them among issues). */
  pull_request?: boolean;
}

export interface Identity {
  login: string;
  type: 'User' | 'Bot';
  /** An app installation token (GITHUB_TOKEN): `GET /user` answers 403. */
  installation: boolean;
}

export const ACTIONS_BOT: Identity = { login: 'github-actions[bot]', type: 'Bot', installation: true };

export interface GitHubApiServer {
  url: string;
  token: string;
  identity: Identity;
  requests: RecordedRequest[];
  comments: FakeComment[];
  issues: FakeIssue[];
  labels: Map<string, { name: string; color: string; description: string }>;
  /** Requests that change something: other than GET, and other than GraphQL queries. */
  writes(): RecordedRequest[];
  /**
   * The next `count` requests matching `method path-regex` fail with `status` (then normal service resumes), with
   * GitHub's `message` and `headers` when given (a rate limit: `x-ratelimit-remaining: 0`, `retry-after`).
   */
  failNext(
    count: number,
    status: number,
    match?: { method?: string; path?: RegExp },
    answer?: { message?: string; headers?: Record<string, string> },
  ): void;
  close(): Promise<void>;
}

/** A GraphQL document that only reads (no `mutation`). */
const isQuery = (body: any): boolean => !/^\s*mutation\b/.test(String(body?.query ?? ''));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startGitHubApi(
  opts: { token?: string; owner?: string; repo?: string; identity?: Identity; graphql?: boolean } = {},
): Promise<GitHubApiServer> {
  const identity = opts.identity ?? ACTIONS_BOT;
  const author = { login: identity.login, type: identity.type };
  const token = opts.token ?? 'ghs_testtoken0123456789';
  const repoPath = `/repos/${opts.owner ?? 'acme'}/${opts.repo ?? 'site'}`;
  const state = {
    requests: [] as RecordedRequest[],
    comments: [] as FakeComment[],
    issues: [] as FakeIssue[],
    labels: new Map<string, { name: string; color: string; description: string }>(),
    failures: [] as {
      count: number;
      status: number;
      method?: string;
      path?: RegExp;
      message?: string;
      headers?: Record<string, string>;
    }[],
  };
  let nextId = 1000;
  let nextIssue = 100;
  let url = '';

  const commentJson = (c: FakeComment) => ({
    ...c,
    html_url: `https://github.example/${repoPath}/issues/${c.issue}#issuecomment-${c.id}`,
  });
  const issueJson = (i: FakeIssue) => ({
    ...i,
    labels: i.labels.map((name) => ({ name })),
    pull_request: i.pull_request ? { url: `${url}${repoPath}/pulls/${i.number}` } : undefined,
    html_url: `https://github.example${repoPath}/issues/${i.number}`,
  });

  /** GitHub's pagination: per_page (default 30), page (1-based), a Link header with absolute next/last URLs. */
  function page<T>(res: ServerResponse, path: string, query: Record<string, string>, items: T[]): void {
    const perPage = Math.min(Number(query.per_page ?? 30), 100);
    const pageNo = Number(query.page ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const q = new URLSearchParams({ ...query, page: String(p) });
      return `<${url}${path}?${q}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    json(
      res,
      200,
      items.slice((pageNo - 1) * perPage, pageNo * perPage),
      links.length ? { link: links.join(', ') } : {},
    );
  }

  async function route(res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const { method, path, query } = rec;
    const body = rec.body;
    if (path === '/graphql' && method === 'POST' && opts.graphql !== false) {
      if (!/^\s*(query)?\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(body?.query ?? ''))
        return json(res, 200, { errors: [{ message: 'not implemented by the test server' }] });
      return json(res, 200, { data: { viewer: { login: identity.login } } });
    }
    if (path === '/user' && method === 'GET') {
      if (identity.installation) return json(res, 403, { message: 'Resource not accessible by integration' });
      return json(res, 200, { login: identity.login, type: identity.type });
    }
    if (!path.startsWith(repoPath)) return json(res, 404, { message: 'Not Found' });
    const rest = path.slice(repoPath.length);
    const onIssueComments = rest.match(/^\/issues\/(\d+)\/comments$/);
    const onComment = rest.match(/^\/issues\/comments\/(\d+)$/);
    const onIssue = rest.match(/^\/issues\/(\d+)$/);
    if (onIssueComments) {
      const issue = Number(onIssueComments[1]);
      if (method === 'GET')
        return page(res, path, query, state.comments.filter((c) => c.issue === issue).map(commentJson));
      if (method === 'POST') {
        const c: FakeComment = {
          id: nextId++,
          issue,
          body: body.body,
          user: author,
        };
        state.comments.push(c);
        return json(res, 201, commentJson(c));
      }
    }
    if (onComment && method === 'PATCH') {
      const c = state.comments.find((x) => x.id === Number(onComment[1]));
      if (!c) return json(res, 404, { message: 'Not Found' });
      c.body = body.body;
      return json(res, 200, commentJson(c));
    }
    if (rest === '/issues' && method === 'GET') {
      const wanted = (query.labels ?? '').split(',').filter(Boolean);
      const st = query.state ?? 'open';
      const list = state.issues.filter(
        (i) => (st === 'all' || i.state === st) && wanted.every((l) => i.labels.includes(l)),
      );
      return page(res, path, query, list.map(issueJson));
    }
    if (rest === '/issues' && method === 'POST') {
      for (const l of body.labels ?? [])
        if (!state.labels.has(l)) state.labels.set(l, { name: l, color: 'ededed', description: '' });
      const number = nextIssue++;
      const i: FakeIssue = {
        number,
        title: body.title,
        body: body.body ?? '',
        state: 'open',
        labels: body.labels ?? [],
        user: author,
      };
      state.issues.push(i);
      return json(res, 201, issueJson(i));
    }
    if (onIssue && method === 'PATCH') {
      const i = state.issues.find((x) => x.number === Number(onIssue[1]));
      if (!i) return json(res, 404, { message: 'Not Found' });
      if (body.body !== undefined) i.body = body.body;
      if (body.title !== undefined) i.title = body.title;
      if (body.state !== undefined) i.state = body.state;
      if (body.state_reason !== undefined) i.state_reason = body.state_reason;
      return json(res, 200, issueJson(i));
    }
    if (rest === '/labels' && method === 'POST') {
      if (state.labels.has(body.name)) {
        return json(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        });
      }
      const l = { name: body.name, color: body.color ?? 'ededed', description: body.description ?? '' };
      state.labels.set(l.name, l);
      return json(res, 201, l);
    }
    return json(res, 404, { message: `Not Found (${method} ${path} is not implemented by the test server)` });
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      authorization: req.headers.authorization,
      status: 0,
    };
    res.on('finish', () => {
      rec.status = res.statusCode;
    });
    state.requests.push(rec);
    try {
      rec.body = await readBody(req);
      if (req.headers.authorization !== `token ${token}`) return json(res, 401, { message: 'Bad credentials' });
      const f = state.failures.find(
        (x) => x.count > 0 && (!x.method || x.method === rec.method) && (!x.path || x.path.test(rec.path)),
      );
      if (f) {
        f.count--;
        return json(res, f.status, { message: f.message ?? `injected ${f.status}` }, f.headers);
      }
      await route(res, rec);
    } catch (e) {
      json(res, 500, { message: String(e) });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    identity,
    requests: state.requests,
    comments: state.comments,
    issues: state.issues,
    labels: state.labels,
    writes: () => state.requests.filter((r) => r.method !== 'GET' && !(r.path === '/graphql' && isQuery(r.body))),
    failNext: (count, status, match = {}, answer = {}) => state.failures.push({ count, status, ...match, ...answer }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
