import { errorMessage, isCloudError, releaseHeldLocks } from '../core/index.js';
import { type FlagSpec, type ParsedArgs, parseArgs, UsageError } from './args.js';
import { applyCommand, driftCommand, planCommand } from './commands/apply.js';
import { deployCommand } from './commands/deploy.js';
import { bindCommand, refreshCommand, statusCommand, unbindCommand } from './commands/domain.js';
import { policyCommand, validateCommand } from './commands/file.js';
import { type Ctx, makeCtx } from './context.js';
import type { CliIo } from './io.js';
import { createOut } from './output.js';
import { VERSION } from './version.js';
/**
 * The `oss-domains` command. `main(argv, io)` returns the exit status instead of exiting, so tests call it in-process
 * as well as through the installed binary.
 */

export const COMMANDS: { name: string; usage: string; summary: string }[] = [
  { name: 'validate', usage: 'validate [-c FILE]', summary: 'check domains.yml offline (exit 0 valid, 1 invalid)' },
  {
    name: 'plan',
    usage: 'plan [-c FILE] [--json]',
    summary: 'show what apply would change; changes nothing (exit 0 nothing to do, 2 changes pending, 1 error)',
  },
  {
    name: 'apply',
    usage: 'apply [-c FILE] [--yes] [--json]',
    summary: 'plan, then apply (asks on a terminal unless --yes)',
  },
  {
    name: 'drift',
    usage: 'drift [-c FILE] [--json]',
    summary: 'report what differs from the file, plus warnings (exit 0 in sync, 2 drift, 1 error)',
  },
  {
    name: 'bind',
    usage: 'bind DOMAIN BUCKET [--region R] [--cdn] [--cert-id ID] [--takeover] [-c FILE] [--yes] [--json]',
    summary: 'bind one domain, no file needed',
  },
  {
    name: 'unbind',
    usage: 'unbind DOMAIN [-c FILE] [--yes] [--json]',
    summary: 'remove the binding and the DNS records and CDN domain this tool owns',
  },
  {
    name: 'status',
    usage: 'status [DOMAIN…] [--json]',
    summary: 'what is bound now: binding, DNS record, CDN state, certificate',
  },
  {
    name: 'refresh',
    usage: 'refresh URL_OR_DIR… [--preload] [--wait] [--json]',
    summary: 'CDN cache refresh / preload, batched within the quotas',
  },
  {
    name: 'deploy',
    usage:
      'deploy DIR --bucket NAME[@REGION] [--prefix P] [--delete] [--dry-run] [--no-refresh] [--preload] [--wait] [--include-hidden] [--cache-control GLOB=VALUE]… [--json]',
    summary:
      'upload the files of DIR that changed, then refresh exactly those URLs on CDN (exit 0 done, 2 --dry-run with changes, 1 error)',
  },
  {
    name: 'policy',
    usage: 'policy [-c FILE] | policy --deploy BUCKET [--prefix P]',
    summary: 'print the least-privilege RAM policy the file (or a deploy to BUCKET) needs',
  },
  {
    name: 'sandbox',
    usage: 'sandbox [--port N] [--dns-port N] [--seed FILE] [--print-env] [--qps documented|FILE] [--policy FILE]',
    summary: 'run the local Alibaba Cloud sandbox in the foreground',
  },
  { name: 'demo', usage: 'demo', summary: "the guide's story end to end on the sandbox" },
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'oss-domains: bind custom domains to Alibaba Cloud OSS buckets, end to end.',
    '',
    'Usage: oss-domains <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options: -c, --config FILE (default domains.yml), --json, --yes, -h, --help, --version',
    'Environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, OSS_DOMAINS_*_ENDPOINT (see README).',
    '',
  ].join('\n');
}

const defaultIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});

const CONFIG: FlagSpec = { name: 'config', short: 'c', value: true };
const JSON_FLAG: FlagSpec = { name: 'json', value: false };
const YES: FlagSpec = { name: 'yes', short: 'y', value: false };

type Handler = (ctx: Ctx) => Promise<number>;
/**
 * Each command's flags and how many positional arguments it takes (`[min, max]`). A stray argument is an error, not
 * ignored: `oss-domains apply prod.yml` must not quietly apply ./domains.yml.
 */
const HANDLERS: Record<string, { flags: FlagSpec[]; args: [number, number]; run: Handler }> = {
  validate: { flags: [CONFIG, JSON_FLAG], args: [0, 0], run: validateCommand },
  plan: { flags: [CONFIG, JSON_FLAG], args: [0, 0], run: planCommand },
  apply: { flags: [CONFIG, JSON_FLAG, YES], args: [0, 0], run: applyCommand },
  drift: { flags: [CONFIG, JSON_FLAG], args: [0, 0], run: driftCommand },
  bind: {
    flags: [
      { name: 'region', value: true },
      { name: 'cdn', value: false },
      { name: 'cert-id', value: true },
      { name: 'takeover', value: false },
      CONFIG,
      YES,
      JSON_FLAG,
    ],
    args: [2, 2],
    run: bindCommand,
  },
  unbind: { flags: [CONFIG, YES, JSON_FLAG], args: [1, 1], run: unbindCommand },
  status: { flags: [CONFIG, JSON_FLAG], args: [0, Number.POSITIVE_INFINITY], run: statusCommand },
  refresh: {
    flags: [{ name: 'preload', value: false }, { name: 'wait', value: false }, JSON_FLAG],
    args: [1, Number.POSITIVE_INFINITY],
    run: refreshCommand,
  },
  deploy: {
    flags: [
      { name: 'bucket', value: true },
      { name: 'prefix', value: true },
      { name: 'delete', value: false },
      { name: 'dry-run', value: false },
      { name: 'no-refresh', value: false },
      { name: 'preload', value: false },
      { name: 'wait', value: false },
      { name: 'include-hidden', value: false },
      { name: 'cache-control', value: true, repeat: true },
      JSON_FLAG,
    ],
    args: [1, 1],
    run: deployCommand,
  },
  // Its output is JSON already; --json is accepted so that scripts can pass it to every command.
  policy: {
    flags: [CONFIG, JSON_FLAG, { name: 'deploy', value: true }, { name: 'prefix', value: true }],
    args: [0, 0],
    run: policyCommand,
  },
};

/** What a positional-argument count problem is called, and how to fix the most common one. */
function argsProblem(command: string, positionals: string[], [min, max]: [number, number]): string | undefined {
  if (positionals.length > max) {
    const extra = positionals.slice(max);
    const file = max === 0 && /\.ya?ml$/i.test(extra[0]!) ? ` (to read that file: -c ${extra[0]})` : '';
    return `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => `"${a}"`).join(' ')}${file}`;
  }
  if (positionals.length < min)
    return `${command} needs ${min === max ? min : `at least ${min}`} argument${min > 1 ? 's' : ''}`;
  return undefined;
}

/** Runs one command and returns its exit status (the table in `helpText` and the README give each one's meaning). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(helpText());
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // The sandbox and the demo are loaded only when asked for: every other command starts faster without them.
  if (command === 'sandbox') return (await import('../sandbox/cli.js')).sandboxCommand(rest, io);
  if (command === 'demo') return (await import('./demo.js')).demoCommand(rest, io, main);
  // Even a command line that cannot be parsed answers `--json` with one JSON document on stdout.
  const usageError = (message: string, usage: string): number => {
    io.stderr.write(`oss-domains${command ? ` ${command}` : ''}: ${message}\n${usage}\n`);
    if (rest.includes('--json'))
      io.stdout.write(
        `${JSON.stringify({ ok: false, error: { code: 'UsageError', message, hint: usage } }, null, 2)}\n`,
      );
    return 1;
  };
  const handler = HANDLERS[command];
  if (!handler) {
    if (rest.includes('--json'))
      return usageError(`unknown command "${command}"`, 'run "oss-domains --help" for the commands');
    io.stderr.write(`oss-domains: unknown command "${command}".\n\n${helpText()}`);
    return 1;
  }
  const c = COMMANDS.find((x) => x.name === command)!;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: oss-domains ${c.usage}\n  ${c.summary}\n`);
    return 0;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(rest, handler.flags);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usageError(e.message, `usage: oss-domains ${c.usage}`);
  }
  const problem = argsProblem(command, args.positionals, handler.args);
  if (problem) return usageError(problem, `usage: oss-domains ${c.usage}`);
  const out = createOut(io, { json: args.flags.json === true });
  const stopInterrupts = onInterrupt(out);
  try {
    return await handler.run(makeCtx(io, args, out));
  } catch (e) {
    out.err(`oss-domains ${command}: ${errorMessage(e)}`);
    if (args.flags.json === true)
      out.json({ ok: false, error: isCloudError(e) ? e.toJSON() : { message: errorMessage(e) } });
    return 1;
  } finally {
    stopInterrupts();
    out.close();
  }
}

/**
 * Ctrl-C or SIGTERM while a command runs: release the apply lock this process holds, so the next run (or the Action,
 * or the bot) does not wait for it to expire, then exit 130 / 143. What the apply left half-way, the next run repairs.
 */
function onInterrupt(out: ReturnType<typeof createOut>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    out.err(`\ninterrupted (${signal}): releasing the apply lock, if held; run the command again to finish.`);
    void releaseHeldLocks().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
