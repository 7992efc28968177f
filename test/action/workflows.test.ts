/**
 * What a user copies: action.yml, the example workflows, and the workflow snippets of the README's Action section.
 * Each must be valid YAML that GitHub accepts as written, use only inputs and outputs the Action has, and ask for no
 * more permission than its command needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS, Inputs, Outputs } from '../../src/action/constants.js';

type Yaml = Record<string, any>;

const action = parse(readFileSync('action.yml', 'utf8')) as Yaml;
const inputs = Object.keys(action.inputs);
const outputs = Object.keys(action.outputs);

/**
 * The least each command needs: plan writes one PR comment, drift one issue; apply, refresh and deploy only read the
 * repository.
 */
const NEEDS: Record<string, Record<string, string>> = {
  plan: { contents: 'read', 'pull-requests': 'write' },
  apply: { contents: 'read' },
  drift: { contents: 'read', issues: 'write' },
  refresh: { contents: 'read' },
  deploy: { contents: 'read' },
};

/** The steps of a workflow (or a bare list of steps) that run this Action. */
function actionSteps(doc: Yaml | Yaml[]): Yaml[] {
  const steps = Array.isArray(doc) ? doc : Object.values(doc.jobs ?? {}).flatMap((j: any) => j.steps ?? []);
  return steps.filter((s: Yaml) => /oss-domains@|^\.\/?$/.test(String(s.uses ?? '')));
}

/** Checks one document the way GitHub and the Action would read it; returns the commands it runs. */
function checkUse(doc: Yaml | Yaml[], where: string): string[] {
  const steps = actionSteps(doc);
  expect(steps.length, `${where}: no step uses the Action`).toBeGreaterThan(0);
  return steps.map((s) => {
    const w = (s.with ?? {}) as Yaml;
    for (const k of Object.keys(w)) expect(inputs, `${where}: unknown input "${k}"`).toContain(k);
    const command = String(w.command ?? action.inputs.command.default);
    expect(COMMANDS, `${where}: command`).toContain(command);
    if (command === 'refresh') expect(w.paths, `${where}: refresh without paths`).toBeTruthy();
    if (command === 'deploy') expect(w.source && w.bucket, `${where}: deploy without source and bucket`).toBeTruthy();
    return command;
  });
}

/** Step outputs a workflow reads (`steps.<id>.outputs.<name>`) must be outputs of the Action. */
function checkOutputsRead(text: string, where: string): void {
  for (const m of text.matchAll(/steps\.[\w-]+\.outputs\.([\w-]+)/g))
    expect(outputs, `${where}: reads unknown output "${m[1]}"`).toContain(m[1]);
}

describe('action.yml', () => {
  it('declares exactly the inputs and outputs the code reads and writes, with the contract’s defaults', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(inputs.sort()).toEqual(Object.values(Inputs).sort());
    expect(outputs.sort()).toEqual(Object.values(Outputs).sort());
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]: [string, any]) => [k, v.default]));
    expect(defaults).toMatchObject({
      command: 'plan',
      config: 'domains.yml',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
      'github-token': '${{ github.token }}',
      comment: 'true',
      'fail-on-drift': 'true',
      'drift-issue': 'false',
    });
    for (const name of ['access-key-id', 'access-key-secret', 'security-token', 'paths', 'bucket', 'source', 'prefix'])
      expect(action.inputs[name].default, name).toBeUndefined();
    expect(action.inputs.delete.default).toBe('false');
    expect(action.inputs['include-hidden'].default).toBe('false');
  });
});

describe('examples/workflows', () => {
  const dir = join('examples', 'workflows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it('are the four the README names', () => {
    expect(files.sort()).toEqual(['apply.yml', 'deploy.yml', 'drift.yml', 'plan.yml']);
  });

  for (const file of files) {
    it(`${file}: valid, known inputs and outputs, least-privilege permissions`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const doc = parse(text) as Yaml;
      expect(doc.on, `${file}: no trigger`).toBeTruthy();
      expect(doc.jobs, `${file}: no jobs`).toBeTruthy();
      for (const job of Object.values(doc.jobs) as Yaml[]) expect(job['runs-on']).toBeTruthy();
      const commands = checkUse(doc, file);
      checkOutputsRead(text, file);
      expect(doc.permissions).toEqual(Object.assign({}, ...commands.map((c) => NEEDS[c])));
    });
  }

  it('plan runs on pull requests that touch domains.yml; apply on pushes to main, never cancelled; drift nightly', () => {
    const load = (f: string) => parse(readFileSync(join(dir, f), 'utf8')) as Yaml;
    expect(load('plan.yml').on.pull_request.paths).toContain('domains.yml');
    const apply = load('apply.yml');
    expect(apply.on.push).toMatchObject({ branches: ['main'], paths: ['domains.yml'] });
    expect(apply.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(apply.concurrency.group).toBeTruthy();
    expect(load('drift.yml').on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const deploy = load('deploy.yml');
    expect(deploy.on.push.branches).toEqual(['main']);
    expect(deploy.concurrency).toMatchObject({ 'cancel-in-progress': false });
  });

  it('drift waits in the apply group, so it never reads the cloud half-way through an apply', () => {
    const load = (f: string) => parse(readFileSync(join(dir, f), 'utf8')) as Yaml;
    expect(load('drift.yml').concurrency).toEqual(load('apply.yml').concurrency);
  });

  it('every action is pinned to a full commit SHA with its release in a comment; checkout is a Node 24 release', () => {
    for (const file of files) {
      const uses = usesOf(readFileSync(join(dir, file), 'utf8'));
      expect(uses.some((u) => u.action === 'actions/checkout')).toBe(true);
      for (const u of uses) checkPinned(u, `${file}: ${u.line}`);
    }
  });

  it('the OIDC steps name the audience, the token subject and, for apply, a session that outlasts the job', () => {
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const oidc = oidcStep(text);
      expect(oidc, `${file}: no OIDC step`).toBeDefined();
      expect(oidc?.with.audience, file).toBe('sts.aliyuncs.com');
      expect(text, file).toMatch(/repo:<owner>\/<repo>:/);
    }
    const apply = readFileSync(join(dir, 'apply.yml'), 'utf8');
    const session = Number(oidcStep(apply)?.with['role-session-expiration']);
    const timeout = Number((parse(apply) as Yaml).jobs.apply['timeout-minutes']);
    expect(session).toBeGreaterThan(1800); // the credentials action's default is too short for a CDN apply
    expect(timeout * 60).toBeLessThanOrEqual(session);
    expect(apply).toMatch(/environment: production/);
    expect(apply).toContain('repo:<owner>/<repo>:environment:production');
  });
});

/** Every `uses:` of a file, commented-out steps included (they are what people uncomment). */
function usesOf(text: string): { line: string; action: string; ref: string; comment?: string }[] {
  return [...text.matchAll(/^\s*#?\s*-?\s*uses:\s*([^@\s]+)(?:@(\S+))?\s*(?:#\s*(.*))?$/gm)].map((m) => ({
    line: m[0].trim(),
    action: m[1]!,
    ref: m[2] ?? '',
    ...(m[3] ? { comment: m[3].trim() } : {}),
  }));
}

/** Local actions, reusable workflows of this repository and the placeholder of this Action are not pinned. */
function checkPinned(u: { line: string; action: string; ref: string; comment?: string }, where: string): void {
  if (u.action.startsWith('./') || u.action === '.' || u.action === 'your-org/oss-domains') return;
  expect(u.ref, `${where}: not pinned to a commit`).toMatch(/^[0-9a-f]{40}$/);
  expect(u.comment, `${where}: the release is not named`).toMatch(/^v\d+\.\d+\.\d+$/);
  if (u.action === 'actions/checkout' || u.action === 'actions/setup-node')
    expect(Number(u.comment!.slice(1).split('.')[0]), `${where}: a release on Node 20`).toBeGreaterThanOrEqual(5);
}

/** The commented-out configure-aliyun-credentials-action step of an example, parsed. */
function oidcStep(text: string): { with: Record<string, unknown> } | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /#\s*- uses: aliyun\/configure-aliyun-credentials-action@/.test(l));
  if (at < 0) return undefined;
  const block: string[] = [];
  for (const l of lines.slice(at)) {
    if (!/^\s*#\s{0,3}(- |\s)/.test(l)) break;
    block.push(l.replace(/^(\s*)#\s?/, '$1'));
  }
  return (parse(block.join('\n')) as { with: Record<string, unknown> }[])[0];
}

describe('.github/workflows', () => {
  const dir = join('.github', 'workflows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it('pin every action to a commit, with its release named', () => {
    for (const file of files)
      for (const u of usesOf(readFileSync(join(dir, file), 'utf8'))) checkPinned(u, `${file}: ${u.line}`);
  });

  it('release: on a vX.Y.Z tag, CI and the dist check, a GitHub Release with notes, the major tag, npm with provenance', () => {
    const text = readFileSync(join(dir, 'release.yml'), 'utf8');
    const doc = parse(text) as Yaml;
    expect(doc.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(doc.permissions).toEqual({ contents: 'read' });
    // CI is the ci workflow itself (which runs .ci/run: the suite on Node 20 and 24, and the dist/ check).
    expect(doc.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
    const ci = parse(readFileSync(join(dir, 'ci.yml'), 'utf8')) as Yaml;
    expect(Object.keys(ci.on)).toContain('workflow_call');
    expect(ci.jobs.ci.steps.at(-1).run).toBe('bash .ci/run');

    const github = doc.jobs.github as Yaml;
    expect(github.needs).toBe('ci');
    expect(github.permissions).toEqual({ contents: 'write' });
    const script = github.steps.map((s: Yaml) => String(s.run ?? '')).join('\n');
    expect(script).toMatch(/gh release create "\$GITHUB_REF_NAME" --verify-tag .*\n.*--notes-file .* --generate-notes/);
    expect(script).toContain('git push --force origin "refs/tags/$major"');
    expect(script).toMatch(/package\.json/); // the tag must name package.json's version

    const npm = doc.jobs.npm as Yaml;
    expect(npm.needs).toBe('ci');
    expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression
    expect(npm.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
    const publish = npm.steps.find((s: Yaml) => /npm publish/.test(String(s.run)));
    expect(publish.run).toBe('npm publish --provenance --access public');
    expect(publish.if).toBe("env.NODE_AUTH_TOKEN != ''");
  });
});

describe('README, "The GitHub Action"', () => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## The GitHub Action');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has its workflow snippets', () => {
    expect(start).toBeGreaterThanOrEqual(0);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('pins every action but this one to a commit, as the examples do', () => {
    for (const [i, text] of blocks.entries())
      for (const u of usesOf(text)) checkPinned(u, `README yaml block ${i + 1}: ${u.line}`);
  });

  it('every snippet is valid YAML using the Action with known inputs; whole workflows ask only what they need', () => {
    for (const [i, text] of blocks.entries()) {
      const where = `README yaml block ${i + 1}`;
      const doc = parse(text) as Yaml | Yaml[];
      if (Array.isArray(doc) || !doc.jobs) {
        // A fragment: a list of steps, or `permissions` + `steps` (the OIDC example).
        const steps = Array.isArray(doc) ? doc : (doc.steps as Yaml[]);
        const commands = checkUse(steps, where);
        if (!Array.isArray(doc) && doc.permissions) {
          const needs = Object.assign({}, ...commands.map((c) => NEEDS[c]));
          const oidc = steps.some((s) => String(s.uses).startsWith('aliyun/configure-aliyun-credentials-action'));
          expect(doc.permissions, where).toEqual(oidc ? { ...needs, 'id-token': 'write' } : needs);
        }
        continue;
      }
      const commands = checkUse(doc, where);
      expect(doc.permissions, where).toEqual(Object.assign({}, ...commands.map((c) => NEEDS[c])));
    }
  });
});
