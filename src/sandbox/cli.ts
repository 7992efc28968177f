/**
 * `oss-domains sandbox [--port N] [--dns-port N] [--seed FILE] [--print-env] [--qps documented|FILE]
 * [--policy FILE]`: runs the sandbox in the foreground
 * until SIGINT or SIGTERM. stdout carries the `export NAME=value` lines (and, without `--print-env`, a live log of
 * the API calls); the human banner goes to stderr, so `… --print-env > sandbox.env &` captures only the env.
 */
import { PolicyError, QpsError, type Sandbox, startSandbox } from './index.js';
import { formatIssue, SeedError } from './seed.js';

export interface SandboxIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
}

const USAGE =
  'usage: oss-domains sandbox [--port N] [--dns-port N|off] [--seed FILE|default|empty] [--print-env]\n' +
  '                           [--qps documented|FILE] [--policy FILE]';

interface Flags {
  port: number;
  dnsPort: number | false;
  seed: string;
  printEnv: boolean;
  /** `documented` or a JSON file of operation → calls per second. */
  qps?: string;
  /** A RAM policy document (JSON) every signed call must satisfy. */
  policy?: string;
}

/** The options that take any word as their value, and what to say when it is missing. */
const NEEDS = {
  seed: '--seed needs a YAML file, or default or empty',
  policy: '--policy needs a RAM policy document (a JSON file), e.g. the output of oss-domains policy',
  qps: '--qps needs "documented" or a JSON file of operation → calls per second',
} as const;
const needsValue = (key: string): key is keyof typeof NEEDS => Object.hasOwn(NEEDS, key);

const portOf = (v: string | undefined, what: string): number | string => {
  const n = Number(v);
  return v !== undefined && /^\d+$/.test(v) && n <= 65535 ? n : `${what} needs a port number (0 = any free port)`;
};

function parse(argv: string[]): Flags | string {
  const flags: Flags = { port: 0, dnsPort: 0, seed: 'default', printEnv: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    const key = name.startsWith('--') ? name.slice(2) : '';
    if (needsValue(key)) {
      const v = value();
      if (!v) return NEEDS[key];
      flags[key] = v;
      continue;
    }
    switch (name) {
      case '--port': {
        const p = portOf(value(), '--port');
        if (typeof p === 'string') return p;
        flags.port = p;
        break;
      }
      case '--dns-port': {
        const v = value();
        if (v === 'off' || v === 'false') flags.dnsPort = false;
        else {
          const p = portOf(v, '--dns-port');
          if (typeof p === 'string') return `${p}, or off`;
          flags.dnsPort = p;
        }
        break;
      }
      case '--print-env':
        flags.printEnv = true;
        break;
      case '-h':
      case '--help':
        return 'help';
      default:
        return `unknown option "${name}"`;
    }
  }
  return flags;
}

/** Shell-quotes a value for `export` lines (single quotes unless it is plainly safe). */
function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

function envLines(sb: Sandbox): string {
  return `${Object.entries(sb.env)
    .map(([k, v]) => `export ${k}=${shellQuote(String(v))}`)
    .join('\n')}\n`;
}

function banner(sb: Sandbox, flags: Flags): string {
  const seed = flags.seed;
  const w = sb.world;
  const dns = sb.dnsPort
    ? `  dig @${sb.host} -p ${sb.dnsPort} img.abc.com CNAME +short`
    : '  (no DNS server: started with --dns-port off)';
  return [
    `oss-domains sandbox: a local Alibaba Cloud (OSS, Alidns, CDN) on ${sb.url}` +
      (sb.dnsPort ? `, DNS on ${sb.host}:${sb.dnsPort}` : ''),
    `  seed: ${seed} — ${w.buckets.size} bucket(s) [${[...w.buckets.keys()].join(', ')}], ${w.zones.size} zone(s) ` +
      `[${[...w.zones.keys()].join(', ')}], ${w.certificates.size} certificate(s)`,
    ...(flags.policy ? [`  RAM policy: ${flags.policy} (every signed call must be allowed by it)`] : []),
    ...(flags.qps
      ? [`  rate limits: ${flags.qps === 'documented' ? "Alibaba Cloud's documented account limits" : flags.qps}`]
      : []),
    '  Point the CLI, the Action or the bot at it with the export lines (stdout), e.g.:',
    '  oss-domains sandbox --print-env > sandbox.env &',
    '  until [ -s sandbox.env ]; do sleep 0.2; done; . ./sandbox.env; oss-domains bind img.abc.com abc-img --yes',
    'Try:',
    dns,
    `  curl -sS -H 'Host: img.abc.com' ${sb.url}/logo.png -o logo.png   # an OSS error until img.abc.com is bound`,
    `  curl -sS ${sb.url}/__sandbox/calls                              # every API call so far`,
    'Ctrl-C stops it.',
    '',
  ].join('\n');
}

/** Runs `oss-domains sandbox` until SIGINT, SIGTERM or `io.signal`; resolves with the exit status. */
export async function sandboxCommand(argv: string[], io: SandboxIo): Promise<number> {
  const flags = parse(argv);
  if (flags === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof flags === 'string') {
    io.stderr.write(`oss-domains sandbox: ${flags}\n${USAGE}\n`);
    return 1;
  }
  let sb: Sandbox;
  try {
    sb = await startSandbox({
      port: flags.port,
      dnsPort: flags.dnsPort,
      seed: flags.seed,
      qps: flags.qps,
      policy: flags.policy,
    });
  } catch (e) {
    if (e instanceof SeedError) {
      io.stderr.write(
        `oss-domains sandbox: the seed is invalid:\n${e.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`,
      );
    } else if (e instanceof QpsError) {
      io.stderr.write(`oss-domains sandbox: --qps: ${e.message}\n`);
    } else if (e instanceof PolicyError) {
      io.stderr.write(
        `oss-domains sandbox: --policy: the policy cannot be used:\n${e.issues.map((i) => `  ${i}`).join('\n')}\n`,
      );
    } else {
      const err = e as NodeJS.ErrnoException;
      const hint =
        err.code === 'EADDRINUSE' ? ' (the port is taken: choose another with --port / --dns-port, or 0)' : '';
      io.stderr.write(`oss-domains sandbox: cannot start: ${err.message}${hint}\n`);
    }
    return 1;
  }

  // Listen for the signals before printing: a supervisor may send SIGTERM as soon as it has read the env.
  const stopped = new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      io.signal?.removeEventListener('abort', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (io.signal?.aborted) done();
    else io.signal?.addEventListener('abort', done);
  });
  io.stdout.write(envLines(sb));
  io.stderr.write(banner(sb, flags));
  const unsubscribe = flags.printEnv
    ? () => {}
    : sb.control.onCall((c) => {
        const t = new Date(c.time).toISOString().slice(11, 19);
        const what = [c.service, c.action, c.bucket, c.via ? `via ${c.via}` : ''].filter(Boolean).join(' ');
        io.stdout.write(`${t} ${what} → ${c.status}${c.code ? ` ${c.code}` : ''}${c.injected ? ' (injected)' : ''}\n`);
      });

  await stopped;
  unsubscribe();
  await sb.stop();
  io.stderr.write('oss-domains sandbox: stopped.\n');
  return 0;
}
