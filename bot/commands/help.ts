/**
 * The bot's commands as data: their usage line, a one-line description and who may run them. The parser reads the
 * flag tables from here and every "did you mean" / help reply quotes these lines, so usage is written once.
 */

export type CommandName = 'bind' | 'unbind' | 'status' | 'list' | 'refresh' | 'drift' | 'help';

/** `admin`: binds and unbinds; `operator`: read-only commands and refresh (admins are operators too); `anyone`. */
export type Role = 'admin' | 'operator' | 'anyone';

export interface FlagSpec {
  /** `value`: takes one value (`--region R` or `--region=R`); `switch`: present or absent. */
  kind: 'value' | 'switch';
  /** Shown in usage and errors: `R`, `ID`. */
  meta?: string;
}

export interface CommandSpec {
  name: CommandName;
  usage: string;
  summary: string;
  role: Role;
  /** Positional arguments in order; the last may be variadic. */
  args: { name: string; required: boolean; variadic?: boolean }[];
  flags: Record<string, FlagSpec>;
  example: string;
}

export const COMMANDS: Record<CommandName, CommandSpec> = {
  bind: {
    name: 'bind',
    usage: '/oss bind DOMAIN BUCKET [--region R] [--cdn] [--cert-id ID]',
    summary:
      'plan binding DOMAIN to BUCKET (ownership proof, bucket binding, DNS CNAME, optional CDN and HTTPS); applies after you confirm',
    role: 'admin',
    args: [
      { name: 'DOMAIN', required: true },
      { name: 'BUCKET', required: true },
    ],
    flags: {
      region: { kind: 'value', meta: 'R' },
      cdn: { kind: 'switch' },
      'cert-id': { kind: 'value', meta: 'ID' },
    },
    example: '/oss bind img.abc.com abc-img --region cn-hangzhou',
  },
  unbind: {
    name: 'unbind',
    usage: '/oss unbind DOMAIN',
    summary: 'plan removing the binding and the DNS record and CDN domain this tool owns; applies after you confirm',
    role: 'admin',
    args: [{ name: 'DOMAIN', required: true }],
    flags: {},
    example: '/oss unbind img.abc.com',
  },
  status: {
    name: 'status',
    usage: '/oss status [DOMAIN]',
    summary: 'what is bound now: binding, DNS record, CDN state, certificate',
    role: 'operator',
    args: [{ name: 'DOMAIN', required: false }],
    flags: {},
    example: '/oss status img.abc.com',
  },
  list: {
    name: 'list',
    usage: '/oss list [BUCKET] [--region R]',
    summary: 'the domains bound to BUCKET (or every domain this tool manages)',
    role: 'operator',
    args: [{ name: 'BUCKET', required: false }],
    flags: { region: { kind: 'value', meta: 'R' } },
    example: '/oss list abc-img',
  },
  refresh: {
    name: 'refresh',
    usage: '/oss refresh URL… [--preload] [--wait]',
    summary: 'refresh (or preload) the CDN cache of URLs; a URL ending in / refreshes a directory',
    role: 'operator',
    args: [{ name: 'URL', required: true, variadic: true }],
    flags: { preload: { kind: 'switch' }, wait: { kind: 'switch' } },
    example: '/oss refresh https://img.abc.com/logo.png https://img.abc.com/css/',
  },
  drift: {
    name: 'drift',
    usage: '/oss drift',
    summary: 'what differs between domains.yml and the cloud, plus warnings (expiring certificates, CDN offline)',
    role: 'operator',
    args: [],
    flags: {},
    example: '/oss drift',
  },
  help: {
    name: 'help',
    usage: '/oss help [COMMAND]',
    summary: 'this help, or the help of one command',
    role: 'anyone',
    args: [{ name: 'COMMAND', required: false }],
    flags: {},
    example: '/oss help bind',
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** The help of one command: usage, what it does, who may run it, an example. */
export function commandHelp(name: CommandName): string {
  const c = COMMANDS[name];
  const who =
    c.role === 'admin' ? 'admins' : c.role === 'operator' ? 'operators and admins' : 'everyone in an allowed channel';
  return `\`${c.usage}\`\n${c.summary}.\nWho: ${who}. Example: \`${c.example}\``;
}

/** The overview: one line per command. */
export function overviewHelp(): string {
  const lines = COMMAND_NAMES.map((n) => `• \`${COMMANDS[n].usage}\` — ${COMMANDS[n].summary}`);
  return [
    '*oss-domains* binds custom domains to Alibaba Cloud OSS buckets.',
    ...lines,
    'bind and unbind show the plan first; nothing changes until an admin presses Confirm.',
  ].join('\n');
}
