import { parseArgs as parseArgv } from 'node:util';
import { closest } from '../core/index.js';

/**
 * Command-line parsing: `node:util`'s `parseArgs` splits argv into options and positionals (`--flag`, `--flag value`,
 * `--flag=value`, `-c FILE`, `--` ends the options); this module only checks the result against the command's
 * declared flags, so a typo is an error that names the flag (with a did-you-mean) instead of being silently ignored.
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
  const options = Object.fromEntries(
    specs.map((s) => [
      s.name,
      { type: s.value ? ('string' as const) : ('boolean' as const), ...(s.short ? { short: s.short } : {}) },
    ]),
  );
  // Not strict: unknown options and missing values come back as tokens, and get this module's own messages.
  const { tokens } = parseArgv({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const out: ParsedArgs = { positionals: [], flags: {}, lists: {} };
  for (const t of tokens) {
    if (t.kind === 'positional') out.positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const spec = byName.get(t.name);
    if (!spec) {
      const hint = t.rawName.startsWith('--') ? suggest(t.name, [...byName.keys()]) : '';
      throw new UsageError(`unknown option ${t.rawName}${hint}`);
    }
    if (!spec.value) {
      if (t.value !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      out.flags[spec.name] = true;
    } else {
      // `--region --cdn`: the next word is another option, not the value.
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value.length > 1))
        throw new UsageError(`option --${spec.name} needs a value`);
      if (spec.repeat) out.lists[spec.name] = [...(out.lists[spec.name] ?? []), t.value];
      else out.flags[spec.name] = t.value;
    }
  }
  return out;
}

function suggest(name: string, known: string[]): string {
  const close = closest(name, known, 2);
  return close ? ` (did you mean --${close}?)` : '';
}

export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
