import { closest } from '../core/index.js';

/**
 * A small argv parser: `--flag`, `--flag value`, `--flag=value`, `-c FILE`, and positionals. Each command declares
 * its flags, so a typo is an error that names the flag instead of being silently ignored.
 */

export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  /** One-letter alias without the dash. */
  short?: string;
  /** Takes a value (`--region cn-hangzhou`) or is a switch (`--yes`). */
  value: boolean;
  /** May be given more than once (`--cache-control A=x --cache-control B=y`); its values go to `lists`, in order. */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
  /** The values of repeatable flags, in the order given. */
  lists: Record<string, string[]>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: ParsedArgs = { positionals: [], flags: {}, lists: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}${suggest(name, [...byName.keys()])}`);
    } else if (arg.startsWith('-') && arg.length === 2) {
      spec = byShort.get(arg.slice(1));
      if (!spec) throw new UsageError(`unknown option ${arg}`);
    } else {
      out.positionals.push(arg);
      continue;
    }
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      out.flags[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-') && value.length > 1)) {
      throw new UsageError(`option --${spec.name} needs a value`);
    }
    if (spec.repeat) out.lists[spec.name] = [...(out.lists[spec.name] ?? []), value];
    else out.flags[spec.name] = value;
  }
  return out;
}

function suggest(name: string, known: string[]): string {
  const close = closest(name, known, 2);
  return close ? ` (did you mean --${close}?)` : '';
}

export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
