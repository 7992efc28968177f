/**
 * `/oss …` text → a typed command, once, at the edge. Pure: no I/O, no clock, no settings.
 *
 * The text is tokenized (quotes, Slack markup; see tokenize.ts), the first word picks the command, and the rest is
 * read against that command's table in help.ts: `--flag value`, `--flag=value`, switches, positionals. Every failure
 * names the offending word, says what a valid value looks like, and carries the command whose help should follow,
 * so the user always gets the usage of what they were trying to run. `--help`/`-h` anywhere asks for that help.
 */
import { closest, normaliseDomain } from '../../src/core/index.js';
import { ErrorCode as E, type ErrorCodeValue } from '../errors.js';
import { COMMAND_NAMES, COMMANDS, type CommandName } from './help.js';
import { type Token, tokenize } from './tokenize.js';
import {
  type Checked,
  checkBindDomain,
  checkBucket,
  checkCertId,
  checkDomain,
  checkRegion,
  checkUrl,
} from './validate.js';

export type Command =
  | { kind: 'bind'; domain: string; bucket: string; region?: string; cdn: boolean; certId?: string }
  | { kind: 'unbind'; domain: string }
  | { kind: 'status'; domain?: string }
  | { kind: 'list'; bucket?: string; region?: string }
  | { kind: 'refresh'; urls: string[]; domains: string[]; preload: boolean; wait: boolean }
  | { kind: 'drift' }
  | { kind: 'help'; topic?: CommandName };

export interface ParseError {
  code: ErrorCodeValue;
  message: string;
  /** The command whose help should be shown with the error (undefined: the overview). */
  topic?: CommandName;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

/** Dashes that phones and macOS put in place of `--`. */
const FLAG_PREFIX = /^(--|—|–|−)(?=[a-z])/i;

/** The option nearest to `word` (case-insensitive), within two edits. */
const suggest = (word: string, options: string[]): string | undefined => closest(word.toLowerCase(), options, 2);

const fail = (code: ErrorCodeValue, message: string, topic?: CommandName): ParseResult => ({
  ok: false,
  error: { code, message, topic },
});

/** Parses the text that follows `/oss`. */
export function parseCommand(text: string): ParseResult {
  const tk = tokenize(text);
  if (!tk.ok)
    return fail(
      E.UnterminatedQuote,
      `The quote ${tk.quote} at character ${tk.at + 1} is never closed; close it or remove it.`,
      undefined,
    );
  const [first, ...rest] = tk.tokens;
  if (!first) return { ok: true, command: { kind: 'help' } };
  const word = first.text.toLowerCase();
  if (word === '--help' || word === '-h') return { ok: true, command: { kind: 'help' } };
  if (!(COMMAND_NAMES as string[]).includes(word)) {
    const hint = suggest(word, COMMAND_NAMES);
    return fail(
      E.UnknownCommand,
      `"${first.text}" is not a command${hint ? `; did you mean \`${hint}\`?` : '.'} The commands are ${COMMAND_NAMES.join(', ')}.`,
    );
  }
  return parseArgs(word as CommandName, rest);
}

function parseArgs(name: CommandName, words: Token[]): ParseResult {
  const spec = COMMANDS[name];
  const flags = new Map<string, string | true>();
  const positionals: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.quoted && (w.text === '-h' || /^(--|—|–)help$/i.test(w.text))) return { ok: true, command: helpOf(name) };
    const prefix = w.quoted ? null : FLAG_PREFIX.exec(w.text);
    if (!prefix) {
      if (!w.quoted && /^-[a-z][a-z-]*(=.*)?$/i.test(w.text))
        return fail(E.UnknownFlag, `"${w.text}" is not a flag of ${name}; flags start with two dashes (--).`, name);
      positionals.push(w);
      continue;
    }
    const body = w.text.slice(prefix[0].length);
    const eq = body.indexOf('=');
    const flag = (eq >= 0 ? body.slice(0, eq) : body).toLowerCase();
    const fs = spec.flags[flag];
    if (!fs) {
      const known = Object.keys(spec.flags);
      const hint = suggest(flag, known);
      const what = known.length ? `${name} takes ${known.map((k) => `--${k}`).join(', ')}` : `${name} takes no flags`;
      return fail(
        E.UnknownFlag,
        `--${flag} is not a flag of ${name}${hint ? `; did you mean --${hint}?` : '.'} (${what})`,
        name,
      );
    }
    if (flags.has(flag)) return fail(E.DuplicateFlag, `--${flag} is given twice; give it once.`, name);
    if (fs.kind === 'switch') {
      if (eq >= 0) return fail(E.FlagValue, `--${flag} takes no value; write just --${flag}.`, name);
      flags.set(flag, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      const next = words[i + 1];
      if (next && (next.quoted || !FLAG_PREFIX.test(next.text))) {
        value = next.text;
        i++;
      }
    }
    if (!value) return fail(E.FlagValue, `--${flag} needs a value: --${flag} ${fs.meta ?? 'VALUE'}.`, name);
    flags.set(flag, value);
  }
  return build(name, positionals, flags);
}

const helpOf = (name: CommandName): Command => ({ kind: 'help', topic: name === 'help' ? undefined : name });

/** Checks positional counts, then each value, then builds the command. */
function build(name: CommandName, pos: Token[], flags: Map<string, string | true>): ParseResult {
  const counted = checkCount(name, pos);
  if (counted) return counted;
  if (name === 'help') return helpCommand(pos);
  const values = checkValues(name, pos, flags);
  return 'failed' in values ? values.failed : assemble(name, values.out, pos, flags);
}

/** A missing required positional, or one too many; `undefined` when the count is right. */
function checkCount(name: CommandName, pos: Token[]): ParseResult | undefined {
  const spec = COMMANDS[name];
  const missing = spec.args.slice(pos.length).find((a) => a.required);
  if (missing) return fail(E.MissingArgument, `${name} needs ${missing.name}: \`${spec.usage}\`.`, name);
  const variadic = spec.args[spec.args.length - 1]?.variadic;
  if (!variadic && pos.length > spec.args.length) {
    const extra = pos[spec.args.length]!.text;
    return fail(
      E.UnexpectedArgument,
      spec.args.length
        ? `${name} takes ${spec.args.map((a) => a.name).join(' and ')} only; "${extra}" is one word too many.`
        : `${name} takes no arguments; "${extra}" is one word too many.`,
      name,
    );
  }
  return undefined;
}

function helpCommand(pos: Token[]): ParseResult {
  const topic = pos[0]?.text.toLowerCase();
  if (topic === undefined) return { ok: true, command: { kind: 'help' } };
  if (!(COMMAND_NAMES as string[]).includes(topic)) {
    const hint = suggest(topic, COMMAND_NAMES);
    return fail(E.UnknownCommand, `There is no command "${topic}"${hint ? `; did you mean \`${hint}\`?` : '.'}`);
  }
  return { ok: true, command: helpOf(topic as CommandName) };
}

/** A domain wants the label Slack shows; a link without a label (`<http://img.abc.com>`) gives its host. */
function domainText(t: Token | undefined): string | undefined {
  if (t?.link && /^https?:\/\//i.test(t.text)) {
    const u = URL.canParse(t.link) ? new URL(t.link) : undefined;
    if (u && u.pathname === '/' && !u.search) return u.hostname;
  }
  return t?.text;
}

type Values = Record<string, string | undefined>;

/** The command's values, each checked and normalised in order; the first that is invalid fails the command. */
function checkValues(
  name: CommandName,
  pos: Token[],
  flags: Map<string, string | true>,
): { out: Values } | { failed: ParseResult } {
  const str = (k: string): string | undefined => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const checks: { key: string; code: ErrorCodeValue; value: string | undefined; check: (s: string) => Checked }[] = [];
  const want = (key: string, code: ErrorCodeValue, value: string | undefined, check: (s: string) => Checked) =>
    checks.push({ key, code, value, check });
  switch (name) {
    case 'bind':
      want('domain', E.InvalidDomain, domainText(pos[0]), checkBindDomain);
      want('bucket', E.InvalidBucket, pos[1]?.text, checkBucket);
      want('region', E.InvalidRegion, str('region'), checkRegion);
      want('certId', E.InvalidCertId, str('cert-id'), checkCertId);
      break;
    case 'unbind':
    case 'status':
      want('domain', E.InvalidDomain, domainText(pos[0]), checkDomain);
      break;
    case 'list':
      want('bucket', E.InvalidBucket, pos[0]?.text, checkBucket);
      want('region', E.InvalidRegion, str('region'), checkRegion);
      break;
    default:
      break;
  }
  const out: Values = {};
  for (const c of checks) {
    out[c.key] = c.value;
    if (c.value === undefined) continue;
    const r = c.check(c.value);
    if (!r.ok) return { failed: fail(c.code, `${r.why}.`, name) };
    out[c.key] = r.value;
  }
  return { out };
}

function assemble(name: CommandName, out: Values, pos: Token[], flags: Map<string, string | true>): ParseResult {
  switch (name) {
    case 'bind':
      return {
        ok: true,
        command: {
          kind: 'bind',
          domain: out.domain!,
          bucket: out.bucket!,
          cdn: flags.has('cdn'),
          ...(out.region ? { region: out.region } : {}),
          ...(out.certId ? { certId: out.certId } : {}),
        },
      };
    case 'unbind':
      return { ok: true, command: { kind: 'unbind', domain: out.domain! } };
    case 'status':
      return { ok: true, command: out.domain ? { kind: 'status', domain: out.domain } : { kind: 'status' } };
    case 'list':
      if (out.region && !out.bucket)
        return fail(E.MissingArgument, '--region applies to a bucket: `/oss list BUCKET --region R`.', name);
      return {
        ok: true,
        command: {
          kind: 'list',
          ...(out.bucket ? { bucket: out.bucket } : {}),
          ...(out.region ? { region: out.region } : {}),
        },
      };
    case 'refresh':
      return refreshCommand(pos, flags);
    default:
      return { ok: true, command: { kind: 'drift' } };
  }
}

function refreshCommand(pos: Token[], flags: Map<string, string | true>): ParseResult {
  const urls: string[] = [];
  const domains = new Set<string>();
  for (const t of pos) {
    // An auto-linked URL's target is the URL itself; its label may have lost the scheme.
    const r = checkUrl(t.link ?? t.text);
    if (!r.ok) return fail(E.InvalidUrl, `${r.why}.`, 'refresh');
    if (flags.has('preload') && r.value.endsWith('/'))
      return fail(E.InvalidUrl, `--preload takes file URLs only; ${r.value} is a directory.`, 'refresh');
    if (!urls.includes(r.value)) urls.push(r.value);
    domains.add(normaliseDomain(new URL(r.value).hostname));
  }
  return {
    ok: true,
    command: { kind: 'refresh', urls, domains: [...domains], preload: flags.has('preload'), wait: flags.has('wait') },
  };
}
