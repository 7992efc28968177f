/** What every CLI command gets: its parsed flags, the output channels, and a lazily built runtime. */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type ConfigResult,
  createRuntime,
  type DomainsConfig,
  formatIssue,
  loadConfig,
  type Runtime,
} from '../core/index.js';
import type { ParsedArgs } from './args.js';
import type { CliIo } from './main.js';
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
      rt ??= createRuntime(io.env, { progress: (e) => out.progress(e), tuning: io.tuning });
      return rt;
    },
  };
}

/** The config file the command reads: `-c FILE`, else `domains.yml` in the working directory. */
export function configPath(ctx: Ctx): string {
  const c = ctx.args.flags.config;
  return resolve(ctx.io.cwd, typeof c === 'string' ? c : 'domains.yml');
}

/** Loads the config; on issues prints them all and returns undefined. */
export async function loadOrReport(ctx: Ctx): Promise<DomainsConfig | undefined> {
  const result: ConfigResult = await loadConfig(configPath(ctx));
  if (result.ok) return result.config;
  for (const issue of result.issues) ctx.out.err(formatIssue(issue));
  const n = result.issues.length;
  ctx.out.err(`${n} problem${n === 1 ? '' : 's'} in ${configPath(ctx)}; nothing was changed.`);
  if (ctx.json) ctx.out.json({ ok: false, issues: result.issues });
  return undefined;
}

/** Whether `confirm` will ask a person: on a terminal, without `--yes`. */
export const willAsk = (ctx: Ctx): boolean => ctx.args.flags.yes !== true && Boolean(ctx.io.stdin.isTTY);

/** Asks for confirmation on a terminal; elsewhere (CI, pipes) the command proceeds, as the contract says. */
export async function confirm(ctx: Ctx, question: string): Promise<boolean> {
  if (!willAsk(ctx)) return true;
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
  try {
    const answer = await new Promise<string>((res) => rl.question(`${question} Only 'yes' will be accepted: `, res));
    return answer.trim() === 'yes';
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

/** The ownership marker for commands without a file (bind, unbind): the same variable the bot reads. */
export const ownerFromEnv = (env: NodeJS.ProcessEnv): string => env.OSS_DOMAINS_OWNER || 'default';
