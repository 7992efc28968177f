/** What every CLI command gets: its parsed flags, the output channels, and a lazily built runtime. */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type ConfigIssue,
  type ConfigResult,
  createRuntime,
  type DomainsConfig,
  formatIssue,
  inputError,
  loadConfig,
  ownerFromEnv,
  type Runtime,
  stateFromEnv,
} from '../core/index.js';
import type { ParsedArgs } from './args.js';
import type { CliIo } from './io.js';
import type { Out } from './output.js';

export interface Ctx {
  io: CliIo;
  args: ParsedArgs;
  out: Out;
  json: boolean;
  runtime(): Runtime;
}

export function makeCtx(io: CliIo, args: ParsedArgs, out: Out): Ctx {
  let rt: Runtime | undefined;
  return {
    io,
    args,
    out,
    json: args.flags.json === true,
    runtime: () => {
      rt ??= createRuntime(io.env, { progress: (e) => out.progress(e), tuning: io.tuning, clock: io.clock });
      return rt;
    },
  };
}

/** The config file the command reads: `-c FILE`, else `domains.yml` in the working directory. */
export function configPath(ctx: Ctx): string {
  const c = ctx.args.flags.config;
  return resolve(ctx.io.cwd, typeof c === 'string' ? c : 'domains.yml');
}

/** Prints every problem of a config file, says nothing was changed, and gives `--json` its document. */
function reportIssues(ctx: Ctx, issues: ConfigIssue[]): void {
  for (const issue of issues) ctx.out.err(formatIssue(issue));
  const n = issues.length;
  ctx.out.err(`${n} problem${n === 1 ? '' : 's'} in ${configPath(ctx)}; nothing was changed.`);
  if (ctx.json) ctx.out.json({ ok: false, issues });
}

/** Loads the config; on issues prints them all and returns undefined. */
export async function loadOrReport(ctx: Ctx): Promise<DomainsConfig | undefined> {
  const result: ConfigResult = await loadConfig(configPath(ctx));
  if (result.ok) return result.config;
  reportIssues(ctx, result.issues);
  return undefined;
}

/** Whether `confirm` will ask a person: on a terminal, without `--yes`. */
export const willAsk = (ctx: Ctx): boolean => ctx.args.flags.yes !== true && Boolean(ctx.io.stdin.isTTY);

/** Asks for confirmation on a terminal; elsewhere (CI, pipes) the command proceeds, as the contract says. */
export async function confirm(ctx: Ctx, question: string): Promise<boolean> {
  if (!willAsk(ctx)) return true;
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
  try {
    // Ctrl-C (readline's SIGINT, the terminal being raw) and Ctrl-D (end of input) are a "no": without this the
    // question never settles and Node exits with status 13.
    const answer = await new Promise<string | undefined>((res) => {
      rl.once('SIGINT', () => res(undefined));
      rl.once('close', () => res(undefined));
      rl.question(`${question} Only 'yes' will be accepted: `, res);
    });
    if (answer === undefined) ctx.io.stderr.write('\n');
    return answer?.trim() === 'yes';
  } finally {
    rl.close();
  }
}

/** Who is acting, for the lock holder and the audit log. */
export function actor(env: NodeJS.ProcessEnv): string {
  let user = env.USER ?? env.USERNAME ?? '';
  try {
    user ||= userInfo().username;
  } catch {
    user ||= 'unknown';
  }
  return `cli:${user}`;
}

/**
 * The apply lock and audit bucket of a one-domain command (bind, unbind): `OSS_DOMAINS_STATE_BUCKET` and
 * `OSS_DOMAINS_STATE_REGION`, as the bot reads them; else the `state:` of the config file (`-c FILE`, or
 * ./domains.yml when there is one), so a bind next to the team's file takes the same lock as its applies. `null`: the
 * file named with -c is invalid (its problems have been printed).
 */
export async function oneDomainState(ctx: Ctx): Promise<{ bucket: string; region: string } | undefined | null> {
  const fromEnv = stateFromEnv(ctx.io.env);
  if (fromEnv.problems[0]) throw inputError(fromEnv.problems[0]);
  if (fromEnv.state) return fromEnv.state;
  const named = typeof ctx.args.flags.config === 'string';
  if (!named && !existsSync(configPath(ctx))) return undefined;
  const result = await loadConfig(configPath(ctx));
  if (result.ok) return result.config.state;
  if (named) {
    reportIssues(ctx, result.issues);
    return null;
  }
  ctx.out.err(
    `note: ${configPath(ctx)} is invalid, so its state bucket (apply lock, audit log) is not used; run "oss-domains validate"`,
  );
  return undefined;
}

/** The ownership marker for commands without a file (bind, unbind): `OSS_DOMAINS_OWNER`, as the bot reads it. */
export function ownerOf(env: NodeJS.ProcessEnv): string {
  const { owner, problem } = ownerFromEnv(env);
  if (problem) throw inputError(problem);
  return owner;
}
