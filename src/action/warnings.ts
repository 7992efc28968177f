/**
 * Node 24 prints `[DEP0169] DeprecationWarning: url.parse()` once per process when code outside `node_modules` calls
 * `url.parse()`. ali-oss and its HTTP client (urllib 2) call it for every endpoint and request, and they cannot be
 * steered around it. The same code run from `node_modules` (the CLI, the bot) stays silent, because Node exempts
 * dependencies from this warning; only the Action's bundle, where ncc has moved that code into `dist/`, triggers it.
 * The URLs those libraries parse are the ones we build (`https://<bucket>.oss-<region>.aliyuncs.com`, or the
 * configured endpoint), and there is nothing a workflow author could do about the warning, so the Action drops
 * exactly that one deprecation, by its code; every other warning is printed as before.
 */

/** Deprecations the Action does not print (see above). */
export const SILENCED_DEPRECATIONS: ReadonlySet<string> = new Set(['DEP0169']);

type EmitWarning = typeof process.emitWarning;

/**
 * Wraps `process.emitWarning` (through which Node's own deprecation warnings go) so that the deprecations in
 * `codes` are dropped. Returns a function that restores the original.
 */
export function silenceDeprecations(
  codes: ReadonlySet<string> = SILENCED_DEPRECATIONS,
  proc: { emitWarning: EmitWarning } = process,
): () => void {
  const original = proc.emitWarning;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const [typeOrOptions, code] = rest;
    const codeOf =
      warning instanceof Error
        ? (warning as { code?: unknown }).code
        : typeof typeOrOptions === 'object' && typeOrOptions !== null
          ? (typeOrOptions as { code?: unknown }).code
          : code;
    if (typeof codeOf === 'string' && codes.has(codeOf)) return;
    (original as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as EmitWarning;
  proc.emitWarning = filtered;
  return () => {
    if (proc.emitWarning === filtered) proc.emitWarning = original;
  };
}
