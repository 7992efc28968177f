/**
 * The `oss-domains` command. `main(argv, io)` returns the exit status instead of exiting, so tests call it in-process
 * as well as through the installed binary.
 */

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

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
    usage: 'bind DOMAIN BUCKET [--region R] [--cdn] [--cert-id ID] [--yes]',
    summary: 'bind one domain, no file needed',
  },
  {
    name: 'unbind',
    usage: 'unbind DOMAIN [--yes]',
    summary: 'remove the binding and the DNS records and CDN domain this tool owns',
  },
  {
    name: 'status',
    usage: 'status [DOMAIN…] [--json]',
    summary: 'what is bound now: binding, DNS record, CDN state, certificate',
  },
  {
    name: 'refresh',
    usage: 'refresh URL_OR_DIR… [--preload] [--wait]',
    summary: 'CDN cache refresh / preload, batched within the quotas',
  },
  { name: 'policy', usage: 'policy [-c FILE]', summary: 'print the least-privilege RAM policy the file needs' },
  {
    name: 'sandbox',
    usage: 'sandbox [--port N] [--dns-port N] [--seed FILE] [--print-env]',
    summary: 'run the local Alibaba Cloud sandbox in the foreground',
  },
  { name: 'demo', usage: 'demo', summary: "the guide's story end to end on the sandbox" },
];

export function helpText(): string {
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

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [command] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(helpText());
    return 0;
  }
  if (!COMMANDS.some((c) => c.name === command)) {
    io.stderr.write(`oss-domains: unknown command "${command}".\n\n${helpText()}`);
    return 1;
  }
  io.stderr.write(`oss-domains ${command}: not built yet.\n`);
  return 1;
}
