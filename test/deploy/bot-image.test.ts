/**
 * What deploys the bot, read as Docker and Kubernetes read it: the Dockerfile (parsed with dockerfile-ast, the parser
 * of the Docker language server, and linted with its dockerfile-utils), its .dockerignore, and the manifests in
 * deploy/kubernetes. Building the image needs a registry for the base image, which tests do not have; these checks
 * hold what the image and the Deployment must be.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction, type ModifiableInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

type Yaml = Record<string, any>;

const text = readFileSync('Dockerfile', 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
/** The instructions of the last stage: what the image is. */
const finalStage = (() => {
  const froms = instructions.map((i, n) => (i.getKeyword() === 'FROM' ? n : -1)).filter((n) => n >= 0);
  return instructions.slice(froms.at(-1));
})();
/** An instruction's flags (`--from=build`, `--interval=30s`), by name. */
const flags = (i: Instruction): Record<string, string> =>
  Object.fromEntries((i as ModifiableInstruction).getFlags().map((f) => [f.getName(), f.getValue() ?? '']));
const json = (i: Instruction) => (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

describe('Dockerfile', () => {
  it('has nothing Docker would warn about', () => {
    expect(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('is multi-stage: compiled in one stage, production dependencies in another, neither tool in the image', () => {
    const froms = instructions.filter((i) => i.getKeyword() === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(3);
    const runs = (stage: Instruction[]) =>
      stage.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
    expect(runs(instructions).some((r) => /npm ci .*--omit=dev/.test(r))).toBe(true);
    expect(runs(instructions).some((r) => /\btsc\b/.test(r))).toBe(true);
    // The image itself runs nothing at build time: it only copies the other stages' results.
    expect(runs(finalStage)).toEqual([]);
    const copies = finalStage.filter((i) => i.getKeyword() === 'COPY');
    const from = (stage: string, path: RegExp) =>
      copies.some((i) => flags(i).from === stage && path.test(i.getArgumentsContent() ?? ''));
    expect(from('deps', /node_modules/)).toBe(true);
    expect(from('build', /build\/bot/)).toBe(true);
  });

  it('runs as a non-root user, by uid', () => {
    const user =
      finalStage
        .filter((i) => i.getKeyword() === 'USER')
        .at(-1)
        ?.getArgumentsContent() ?? 'root';
    const [uid] = user.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('starts node itself as PID 1 (exec form), on the compiled bot, as `npm start` does', () => {
    const cmd = finalStage.find((i) => i.getKeyword() === 'CMD');
    expect(cmd, 'CMD').toBeDefined();
    expect(cmd!.getArgumentsContent()?.trim().startsWith('[')).toBe(true);
    expect(json(cmd!)).toEqual(['node', 'build/bot/app.js']);
    expect(finalStage.some((i) => i.getKeyword() === 'ENTRYPOINT')).toBe(false);
    // npm start: `exec`, so that the shell npm starts is replaced by node and a signal reaches the bot.
    expect(pkg.scripts.start).toBe('exec node build/bot/app.js');
    expect(existsSync('build/bot/app.js')).toBe(true);
  });

  it('checks /healthz, with node (the image has no curl)', () => {
    const hc = finalStage.find((i) => i.getKeyword() === 'HEALTHCHECK');
    expect(hc, 'HEALTHCHECK').toBeDefined();
    const args = hc!.getArgumentsContent() ?? '';
    expect(flags(hc!).interval).toMatch(/^\d+s$/);
    const exec = JSON.parse(args.slice(args.indexOf('['))) as string[];
    expect(exec[0]).toBe('node');
    expect(exec.join(' ')).toContain('/healthz');
  });

  it('.dockerignore lets in what the stages copy, and keeps out .env files, node_modules and .git', () => {
    const rules = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(rules[0]).toBe('*'); // an allow-list
    const allowed = rules.filter((r) => r.startsWith('!')).map((r) => r.slice(1).replace(/\/$/, ''));
    const sources = instructions
      .filter((i) => i.getKeyword() === 'COPY' && flags(i).from === undefined)
      .flatMap((i) => (i.getArgumentsContent() ?? '').split(/\s+/).slice(0, -1));
    for (const s of sources) expect(allowed, `COPY ${s}`).toContain(s.replace(/\/$/, ''));
    expect(allowed.some((a) => /env|node_modules|\.git/.test(a))).toBe(false);
    expect(rules).toEqual(expect.arrayContaining(['**/node_modules', '**/.env*']));
  });
});

describe('deploy/kubernetes', () => {
  const dir = join('deploy', 'kubernetes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const docs = files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => {
      expect(d.errors, f).toEqual([]);
      return { file: f, doc: d.toJS() as Yaml };
    }),
  );
  const kind = (k: string) => docs.filter((d) => d.doc.kind === k).map((d) => d.doc);
  const deployment = kind('Deployment')[0]!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries((container.env as Yaml[]).map((e) => [e.name, e]));

  it('the kustomization applies every manifest but the Secret example', () => {
    const k = kind('Kustomization')[0]!;
    expect([...k.resources].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort(),
    );
  });

  it('runs two replicas of the image as the non-root user, one at a time replaced', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(kind('PodDisruptionBudget')[0]!.spec.minAvailable).toBe(1);
  });

  it('probes readiness and liveness on /healthz, on the port the bot listens on', () => {
    const port = container.ports.find((p: Yaml) => p.name === 'http');
    expect(port.containerPort).toBe(Number(env.PORT.value));
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'])
      expect(container[probe]?.httpGet, probe).toEqual({ path: '/healthz', port: 'http' });
  });

  it('gives SIGTERM time: the pod’s grace period is longer than the bot’s, with room to stop and post', () => {
    const config = kind('ConfigMap')[0]!;
    const grace = Number(config.data.OSS_DOMAINS_SHUTDOWN_GRACE);
    expect(grace).toBe(25);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(grace + 15 + 5);
  });

  it('takes Slack secrets from a Secret and no AccessKey at all', () => {
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'])
      expect(env[name]?.valueFrom?.secretKeyRef?.name, name).toBe('oss-domains-bot-slack');
    const literal = [...Object.values(env), ...Object.entries(kind('ConfigMap')[0]!.data)].map((e) =>
      JSON.stringify(e),
    );
    for (const l of literal) expect(l).not.toMatch(/xox[bap]-|ACCESS_KEY|SECRET"\s*:\s*"\w/);
  });

  it('gets credentials from the pod’s RAM role through RRSA: the token file the variable names is projected there', () => {
    expect(env.ALIBABA_CLOUD_ROLE_ARN.value).toMatch(/^acs:ram::<account-id>:role\//);
    expect(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN.value).toMatch(/^acs:ram::<account-id>:oidc-provider\/ack-rrsa-/);
    const tokenFile = env.ALIBABA_CLOUD_OIDC_TOKEN_FILE.value as string;
    const mount = container.volumeMounts.find((m: Yaml) => tokenFile.startsWith(`${m.mountPath}/`));
    expect(mount, 'a mount holding the token file').toBeDefined();
    const volume = pod.volumes.find((v: Yaml) => v.name === mount.name);
    const source = volume.projected.sources[0].serviceAccountToken;
    expect(source).toMatchObject({ audience: 'sts.aliyuncs.com', path: tokenFile.slice(mount.mountPath.length + 1) });
    expect(pod.serviceAccountName).toBe(kind('ServiceAccount')[0]!.metadata.name);
  });
});
