/**
 * The Action's inputs and run context, parsed once at the edge into one typed object. Nothing after this reads an
 * input string or a GITHUB_* variable again.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type CacheRule, errorMessage, isCloudError, parseBucketRef, parseCacheRule } from '../core/index.js';
import { COMMANDS, type Command, Inputs } from './constants.js';

/** AccessKey credentials given as inputs (when absent, the environment and the OIDC chain are used). */
export interface CredentialInputs {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Where the Action runs: the parts of the GitHub context the Action uses. */
export interface RunContext {
  /** `pull_request`, `push`, `schedule`, `workflow_dispatch`, ... */
  eventName: string;
  /** `owner/name`; undefined outside GitHub (then no comment and no issue is attempted). */
  repository?: { owner: string; repo: string };
  /** The pull request number, on pull request events. */
  pullRequest?: number;
  /** Link to this run (for "see the job summary"), when the run id is known. */
  runUrl?: string;
  /** `github:<actor>`, for the audit log and the lock holder. */
  actor: string;
  /** The workspace the config path is relative to (annotations need repository-relative paths). */
  workspace: string;
}

export interface ActionSettings {
  /** What to run: `plan` (default), `apply`, `drift`, `refresh` or `deploy`. */
  command: Command;
  /** Path of domains.yml as the user wrote it, for messages (default `domains.yml`). */
  config: string;
  /** domains.yml resolved against the workspace and checked to stay inside it (`resolveInWorkspace`). */
  configPath: string;
  /** Credentials from the inputs; undefined means: use the environment / OIDC variables as they are. */
  credentials?: CredentialInputs;
  /** Token for the GitHub API (PR comment, drift issue); empty disables both. */
  githubToken: string;
  /** On pull requests, post the plan as one comment, updated in place (default true). */
  comment: boolean;
  /** Fail the step when `drift` finds differences (default true). */
  failOnDrift: boolean;
  /** Keep one labelled issue open while drift lasts, and close it when it is gone (default false). */
  driftIssue: boolean;
  /** For `refresh`: URLs, directory URLs (ending in `/`), or object keys of `bucket`; blank lines and `#` comments dropped. */
  paths: string[];
  /** For `refresh`: the bucket whose CDN domains object keys are mapped to; for `deploy`: the bucket deployed to. */
  bucket?: { name: string; region?: string };
  /** For `deploy`: what to upload where (absent for the other commands). */
  deploy?: DeploySettings;
  /** The GitHub run context. */
  run: RunContext;
}

export interface DeploySettings {
  /** `source`: the directory to upload, inside the workspace. */
  source: WorkspacePath;
  /** `prefix`: the key prefix (default: the bucket's root). */
  prefix?: string;
  /** `delete`: delete objects under the prefix that are not in `source` (default false). */
  delete: boolean;
  /** `cache-control`: one `GLOB=VALUE` per line, first match wins. */
  cacheControl: CacheRule[];
  /** `include-hidden`: deploy hidden files too (default false). */
  includeHidden: boolean;
}

/** A problem with the inputs: the message names the input and says what it accepts. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Reads one input as the runner passes it (`core.getInput` semantics: trimmed, '' when unset). */
export type InputReader = (name: string) => string;

function parseBool(read: InputReader, name: string, dflt: boolean): boolean {
  const raw = read(name);
  if (raw === '') return dflt;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(`Input "${name}" must be true or false, got "${raw}".`);
}

/** One entry per line; blank lines and lines starting with `#` are ignored (so a multi-line YAML block reads well). */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function parseCredentials(read: InputReader): CredentialInputs | undefined {
  const accessKeyId = read(Inputs.accessKeyId);
  const accessKeySecret = read(Inputs.accessKeySecret);
  const securityToken = read(Inputs.securityToken) || undefined;
  if (!accessKeyId && !accessKeySecret) {
    if (securityToken) {
      throw new InputError(
        `Input "${Inputs.securityToken}" was given without "${Inputs.accessKeyId}" and "${Inputs.accessKeySecret}": ` +
          'an STS token belongs with the temporary AccessKey pair it was issued with. Pass all three, or none.',
      );
    }
    return undefined;
  }
  if (!accessKeyId || !accessKeySecret) {
    const missing = accessKeyId ? Inputs.accessKeySecret : Inputs.accessKeyId;
    throw new InputError(
      `Input "${missing}" is empty while its pair is set. Pass both "${Inputs.accessKeyId}" and ` +
        `"${Inputs.accessKeySecret}" (from secrets), or neither to use the environment or OIDC credentials.`,
    );
  }
  return { accessKeyId, accessKeySecret, securityToken };
}

/** `name` or `name@region`, checked by the same rules as domains.yml (src/core/names.ts). */
function parseBucket(raw: string): { name: string; region?: string } | undefined {
  if (!raw) return undefined;
  const { bucket, problem } = parseBucketRef(raw);
  if (problem) {
    throw new InputError(
      `Input "${Inputs.bucket}" is "${raw}": ${problem.message}. ${problem.hint}; the input takes the bucket's ` +
        'name, optionally followed by @region (e.g. abc-img@cn-hangzhou).',
    );
  }
  return bucket;
}

/** The inputs of `deploy`: `source` (inside the workspace) and `bucket` are required. */
function parseDeploy(read: InputReader, run: RunContext, bucket: ActionSettings['bucket']): DeploySettings {
  const source = read(Inputs.source);
  if (!source || !bucket) {
    const missing = [source ? '' : Inputs.source, bucket ? '' : Inputs.bucket].filter(Boolean);
    throw new InputError(
      `"deploy" needs ${missing.map((m) => `"${m}"`).join(' and ')}: "${Inputs.source}" is the directory to upload ` +
        `(e.g. dist), "${Inputs.bucket}" the bucket (e.g. abc-img@cn-hangzhou).`,
    );
  }
  let cacheControl: CacheRule[];
  try {
    cacheControl = parseLines(read(Inputs.cacheControl)).map((l) =>
      parseCacheRule(l, `Input "${Inputs.cacheControl}":`),
    );
  } catch (e) {
    throw new InputError(isCloudError(e) && e.hint ? `${e.message}; ${e.hint}.` : errorMessage(e));
  }
  return {
    source: resolveInWorkspace(run.workspace, source, Inputs.source),
    prefix: read(Inputs.prefix) || undefined,
    delete: parseBool(read, Inputs.delete, false),
    cacheControl,
    includeHidden: parseBool(read, Inputs.includeHidden, false),
  };
}

function readPullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    const payload = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { number?: unknown } };
    const n = payload.pull_request?.number;
    return typeof n === 'number' ? n : undefined;
  } catch {
    // A missing or unreadable event file only means we cannot comment; the plan itself still runs.
    return undefined;
  }
}

/** The run context from the runner's GITHUB_* variables. */
function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = owner && repo ? { owner, repo } : undefined;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository,
    pullRequest: readPullRequestNumber(env),
    runUrl:
      repository && env.GITHUB_RUN_ID
        ? `${server}/${repository.owner}/${repository.repo}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    actor: `github:${env.GITHUB_ACTOR || 'unknown'}`,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** A path input resolved against the workspace. */
export interface WorkspacePath {
  /** Absolute path, inside the workspace (checked through symlinks too). */
  path: string;
  /** The same path relative to the workspace, with forward slashes (`.` for the workspace itself). */
  relative: string;
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * The real path of `path`, or, when it does not exist yet, the real path of its deepest existing ancestor joined with
 * the rest: what the file system would open, with every symlink on the way followed.
 */
function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), basename(path));
  }
}

/**
 * Resolves a path input (`config`, `source`) against the workspace and refuses it when it leaves the workspace,
 * whether by `..`, by an absolute path elsewhere, or through a symbolic link that points outside: an Action that
 * reads (or uploads) whatever path an input names could be pointed at the runner's other files, such as the
 * credentials file another step wrote under `$RUNNER_TEMP` or `$HOME`. Throws `InputError` naming the input.
 */
export function resolveInWorkspace(workspace: string, value: string, input: string): WorkspacePath {
  const root = resolve(workspace);
  const path = resolve(root, value);
  const refuse = (how: string): never => {
    throw new InputError(
      `Input "${input}" is "${value}", which ${how} the workspace (${root}). The Action only reads files of the ` +
        'checked-out repository: give a path relative to the repository root, without ".." and without a symbolic ' +
        'link that points elsewhere.',
    );
  };
  if (!inside(root, path)) refuse('is outside');
  if (!inside(realPathOf(root), realPathOf(path))) refuse('leaves, through a symbolic link,');
  return { path, relative: relative(root, path).split(sep).join('/') || '.' };
}

/** Parses every input once; throws `InputError` naming the first input that is wrong. */
export function parseSettings(read: InputReader, env: NodeJS.ProcessEnv): ActionSettings {
  const command = (read(Inputs.command) || 'plan').toLowerCase();
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new InputError(`Input "${Inputs.command}" is "${command}"; it must be one of ${COMMANDS.join(', ')}.`);
  }
  const run = readRunContext(env);
  const config = read(Inputs.config) || 'domains.yml';
  const settings: ActionSettings = {
    command: command as Command,
    config,
    configPath: resolveInWorkspace(run.workspace, config, Inputs.config).path,
    credentials: parseCredentials(read),
    githubToken: read(Inputs.githubToken),
    comment: parseBool(read, Inputs.comment, true),
    failOnDrift: parseBool(read, Inputs.failOnDrift, true),
    driftIssue: parseBool(read, Inputs.driftIssue, false),
    paths: parseLines(read(Inputs.paths)),
    bucket: parseBucket(read(Inputs.bucket)),
    run,
  };
  if (settings.command === 'deploy') settings.deploy = parseDeploy(read, run, settings.bucket);
  if (settings.command === 'refresh') {
    if (settings.paths.length === 0) {
      throw new InputError(
        `Input "${Inputs.paths}" is empty: "refresh" needs the URLs, directory URLs (ending in /) or object keys to ` +
          'refresh, one per line.',
      );
    }
    const keys = settings.paths.filter((p) => !/^https?:\/\//i.test(p));
    if (keys.length > 0 && !settings.bucket) {
      throw new InputError(
        `Input "${Inputs.paths}" holds object keys (e.g. "${keys[0]}") but "${Inputs.bucket}" is empty: set ` +
          `"${Inputs.bucket}" to the bucket they belong to, or write full URLs (https://img.abc.com/${keys[0]}).`,
      );
    }
  }
  return settings;
}
