/**
 * RAM policy documents (`--policy`): read and checked with every problem located (file:line:col), then evaluated
 * as RAM evaluates an identity's policy ("Policy elements" and "Policy evaluation" in the RAM documentation):
 *
 * 1. A matching `Deny` statement refuses the call (ExplicitDeny), whatever else matches.
 * 2. Otherwise a matching `Allow` statement admits it.
 * 3. Otherwise it is refused (ImplicitDeny).
 *
 * A statement matches when its `Action` (or `NotAction`) matches the call's action — case-insensitively, `*` any
 * run of characters and `?` one — and its `Resource` (or `NotResource`) matches the resource, case-sensitively, and
 * every condition holds. A call that touches several resources (DeleteMultipleObjects, TagResources) needs every one.
 */
import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  /** `NotAction`: the statement matches every action but these. */
  notAction: boolean;
  resources: string[];
  notResource: boolean;
  /** operator → condition key → accepted values. */
  conditions: [string, string, string[]][];
}

export interface Policy {
  statements: Statement[];
}

/** The call as RAM evaluates it. */
export interface RamCall {
  action: string;
  resources: string[];
  /** Condition keys of the request, lower case: `acs:sourceip`, `acs:currenttime`, `oss:prefix`, … */
  context: Record<string, string>;
}

export type RamDecision =
  | { allowed: true; by: number[] }
  | { allowed: false; type: 'ExplicitDeny' | 'ImplicitDeny'; resource: string; statement?: number };

/** A policy that cannot be used; `issues` say where and what. */
export class PolicyError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
  }
}

const OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike',
  'StringNotLike', 'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateNotEquals', 'DateLessThan',
  'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Bool', 'IpAddress', 'NotIpAddress',
]); // biome-ignore format: a word list

const STATEMENT_KEYS = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** Reads a policy from a JSON file, a JSON text (`where` names it) or an object. */
export function loadPolicy(input: string | object, where?: string): Policy {
  if (typeof input === 'object') return checkPolicy(input, undefined, 'the policy option');
  if (where !== undefined) return parsePolicyText(input, where);
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (e) {
    throw new PolicyError([`${input}: cannot read the policy file (${(e as Error).message})`]);
  }
  return parsePolicyText(text, input);
}

/** Parses JSON text (a policy document is JSON; YAML's parser gives the positions), locating every issue. */
export function parsePolicyText(text: string, where: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return `${where}:${p.line}:${p.col}: not a policy document: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  // A value's position, or its key's when the key itself is the problem (an unknown key, an unknown operator).
  const locate = (path: (string | number)[], atKey = false) => {
    let node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
    const parent = doc.getIn(path.slice(0, -1), true);
    if (atKey && isMap(parent)) {
      const pair = parent.items.find((i) => isScalar(i.key) && i.key.value === path.at(-1));
      node = (pair?.key as { range?: [number, number] } | undefined) ?? node;
    }
    const p = node?.range ? lines.linePos(node.range[0]) : undefined;
    return p ? `${where}:${p.line}:${p.col}` : where;
  };
  return checkPolicy(doc.toJS(), locate, where);
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

type Locate = (path: (string | number)[], atKey?: boolean) => string;

function checkPolicy(value: unknown, locate: Locate | undefined, where: string) {
  const issues: string[] = [];
  const fail = (path: (string | number)[], what: string, atKey = false) =>
    issues.push(`${locate ? locate(path, atKey) : where}: ${path.length ? `${path.join('.')}: ` : ''}${what}`);
  const doc = value as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    fail([], 'a policy document is a JSON object {"Version": "1", "Statement": [...]}');
    throw new PolicyError(issues);
  }
  for (const k of Object.keys(doc))
    if (k !== 'Version' && k !== 'Statement') fail([k], 'unknown key (Version, Statement)', true);
  if (doc.Version !== '1') fail(['Version'], 'must be "1" (a string), the only version RAM has');
  if (!Array.isArray(doc.Statement)) fail(['Statement'], 'must be a list of statements');
  const statements: Statement[] = [];
  for (const [i, raw] of (Array.isArray(doc.Statement) ? doc.Statement : []).entries()) {
    const s = raw as Record<string, unknown>;
    const at = (...p: (string | number)[]) => ['Statement', i, ...p];
    if (!s || typeof s !== 'object' || Array.isArray(s)) {
      fail(at(), 'a statement is an object with Effect, Action and Resource');
      continue;
    }
    for (const k of Object.keys(s)) {
      if (!STATEMENT_KEYS.includes(k))
        fail(at(k), `unknown key (a RAM statement has ${STATEMENT_KEYS.join(', ')})`, true);
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') fail(at('Effect'), 'must be "Allow" or "Deny"');
    const pair = (a: string, notA: string): [string[], boolean] => {
      if ((s[a] === undefined) === (s[notA] === undefined)) {
        fail(at(), `needs exactly one of ${a} and ${notA}`);
        return [[], false];
      }
      const key = s[a] !== undefined ? a : notA;
      const values = list(s[key]);
      if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
        fail(at(key), 'must be a string or a list of strings');
        return [[], false];
      }
      return [values as string[], key === notA];
    };
    const [actions, notAction] = pair('Action', 'NotAction');
    for (const [j, a] of actions.entries()) {
      if (a !== '*' && !/^[a-z0-9-]+:[\w*?]+$/i.test(a))
        fail(at(notAction ? 'NotAction' : 'Action', j), `"${a}" is not <service>:<Action> or *`);
    }
    const [resources, notResource] = pair('Resource', 'NotResource');
    const conditions: Statement['conditions'] = [];
    if (s.Condition !== undefined) {
      const c = s.Condition as Record<string, unknown>;
      if (!c || typeof c !== 'object' || Array.isArray(c)) fail(at('Condition'), 'must be an object of operators');
      else {
        for (const [op, keys] of Object.entries(c)) {
          if (!OPERATORS.has(op)) {
            fail(at('Condition', op), `unsupported operator (supported: ${[...OPERATORS].join(', ')})`, true);
            continue;
          }
          if (!keys || typeof keys !== 'object' || Array.isArray(keys)) {
            fail(at('Condition', op), 'must map condition keys to values');
            continue;
          }
          for (const [key, v] of Object.entries(keys)) {
            const values = list(v);
            if (values.some((x) => !['string', 'number', 'boolean'].includes(typeof x))) {
              fail(at('Condition', op, key), 'values are strings, numbers or booleans');
            }
            // Condition keys are case-insensitive in RAM.
            conditions.push([op, key.toLowerCase(), values.map(String)]);
          }
        }
      }
    }
    statements.push({ effect: s.Effect as 'Allow' | 'Deny', actions, notAction, resources, notResource, conditions });
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return { statements };
}

/** RAM's wildcards: `*` any run of characters (including `/` and `:`), `?` exactly one. */
function glob(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** An ARN pattern with an empty region or account (`acs:alidns::*:domain/x`) matches any. */
function resourcePattern(pattern: string): RegExp {
  const parts = pattern.split(':');
  if (parts[0] === 'acs' && parts.length >= 5) {
    if (parts[2] === '') parts[2] = '*';
    if (parts[3] === '') parts[3] = '*';
  }
  return glob(parts.join(':'));
}

function conditionHolds(op: string, actual: string | undefined, values: string[]): boolean {
  // A key the request does not have satisfies no operator: the statement does not apply.
  if (actual === undefined) return false;
  const negated = /Not(Equals|Like|IpAddress)/.test(op);
  const test = (v: string): boolean => {
    if (op.startsWith('String')) {
      if (op.includes('Like')) return glob(v).test(actual);
      return op.includes('IgnoreCase') ? v.toLowerCase() === actual.toLowerCase() : v === actual;
    }
    if (op === 'Bool') return v.toLowerCase() === actual.toLowerCase();
    if (op.endsWith('IpAddress')) return inCidr(actual, v);
    const [a, b] = op.startsWith('Date') ? [Date.parse(actual), Date.parse(v)] : [Number(actual), Number(v)];
    if (op.endsWith('LessThan')) return a < b;
    if (op.endsWith('LessThanEquals')) return a <= b;
    if (op.endsWith('GreaterThan')) return a > b;
    if (op.endsWith('GreaterThanEquals')) return a >= b;
    return a === b;
  };
  return negated ? !values.some(test) : values.some(test);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bits = '32'] = cidr.split('/');
  if (!isIPv4(ip) || !isIPv4(net ?? '')) return ip === cidr;
  const n = (s: string) => s.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(net!) / size);
}

function matches(s: Statement, call: RamCall, resource: string): boolean {
  const action = s.actions.some((a) => glob(a, 'i').test(call.action));
  if (action === s.notAction) return false;
  const res = s.resources.some((r) => resourcePattern(r).test(resource));
  if (res === s.notResource) return false;
  return s.conditions.every(([op, key, values]) => conditionHolds(op, call.context[key], values));
}

/** RAM's decision for `call`; `by` lists the Allow statements (indices) that admitted it. */
export function evaluate(policy: Policy, call: RamCall): RamDecision {
  const by = new Set<number>();
  for (const resource of call.resources) {
    const deny = policy.statements.findIndex((s) => s.effect === 'Deny' && matches(s, call, resource));
    if (deny >= 0) return { allowed: false, type: 'ExplicitDeny', resource, statement: deny };
    let allowed = false;
    for (const [i, s] of policy.statements.entries()) {
      if (s.effect === 'Allow' && matches(s, call, resource)) {
        allowed = true;
        by.add(i);
      }
    }
    if (!allowed) return { allowed: false, type: 'ImplicitDeny', resource };
  }
  return { allowed: true, by: [...by].sort((a, b) => a - b) };
}
