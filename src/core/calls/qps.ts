/** `OSS_DOMAINS_QPS`: the user's own per-operation rates, over the table in limits.ts. */
import { inputError } from '../errors.js';
import { OPERATIONS } from '../limits.js';
import { closest } from '../names.js';

const SERVICE_KEY = /^(oss|alidns|cdn):\*$/;

/**
 * Parses `OSS_DOMAINS_QPS` (`AddDomainRecord=30,PutCname=5`, or `alidns:*=50` for a service's total) into calls per
 * second by operation. Throws an input error naming the entry at fault and what to write instead.
 */
export function parseQps(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text?.trim()) return out;
  // A trailing or doubled comma is a slip, not an entry.
  const entries = text.split(',').map((s) => s.trim());
  entries.forEach((entry, i) => {
    if (!entry) return;
    const where = `OSS_DOMAINS_QPS entry ${i + 1} ("${entry}")`;
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(entry);
    if (!m) throw qpsError(`${where} is not Action=N`, 'write e.g. OSS_DOMAINS_QPS=AddDomainRecord=30,PutCname=5');
    const [, name, value] = m as unknown as [string, string, string];
    if (!OPERATIONS[name] && !SERVICE_KEY.test(name)) {
      const near =
        Object.keys(OPERATIONS).find((k) => k.toLowerCase() === name.toLowerCase()) ??
        closest(name, Object.keys(OPERATIONS), 3);
      throw qpsError(
        `${where}: "${name}" is not an Alibaba Cloud API operation this tool calls${near ? `; did you mean "${near}"?` : ''}`,
        'name an API operation as its documentation spells it (AddDomainRecord, PutCname, …), or oss:*, alidns:*, cdn:* for a whole service',
      );
    }
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 100_000)
      throw qpsError(
        `${where}: "${value}" is not a number of calls per second`,
        `write a positive number such as ${name}=10 (or 0.5 for one call every two seconds)`,
      );
    if (out.has(name)) throw qpsError(`${where}: ${name} is given twice`, `keep one ${name}=N`);
    out.set(name, n);
  });
  return out;
}

const qpsError = (message: string, hint: string) => inputError({ message, hint }, 'InvalidQps');
