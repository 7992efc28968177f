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

/** The least each command needs: plan writes one PR comment, drift one issue, apply and refresh only read the repo. */
const NEEDS: Record<string, Record<string, string>> = {
  plan: { contents: 'read', 'pull-requests': 'write' },
  apply: { contents: 'read' },
  drift: { contents: 'read', issues: 'write' },
  refresh: { contents: 'read' },
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
    for (const name of ['access-key-id', 'access-key-secret', 'security-token', 'paths', 'bucket'])
      expect(action.inputs[name].default, name).toBeUndefined();
  });
});

describe('examples/workflows', () => {
  const dir = join('examples', 'workflows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it('are the three the README names', () => {
    expect(files.sort()).toEqual(['apply.yml', 'drift.yml', 'plan.yml']);
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
