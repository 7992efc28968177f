/**
 * Parameter helpers shared by the Alidns and CDN handlers: required values, bounded integers, booleans, repeated
 * `Name.N` lists and pages, each failing with the gateway's error for that case.
 */
import { type RpcContext, RpcError } from './types.js';

/** A required parameter; absent or empty → `MissingParameter` 400 naming it. */
export function required(ctx: RpcContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined || v === '') {
    throw new RpcError(
      'MissingParameter',
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  }
  return v;
}

/** An optional parameter; empty counts as absent. */
export function optional(ctx: RpcContext, name: string): string | undefined {
  const v = ctx.params[name];
  return v === undefined || v === '' ? undefined : v;
}

export function invalid(name: string, code = 'InvalidParameter'): RpcError {
  return new RpcError(code, 400, `Specified parameter ${name} is not valid.`);
}

/** An integer parameter within [min, max]; absent → `fallback`. */
export function integer(ctx: RpcContext, name: string, fallback: number, min: number, max: number): number {
  const v = optional(ctx, name);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw invalid(name);
  const n = Number(v);
  if (n < min || n > max) throw invalid(name);
  return n;
}

export function bool(ctx: RpcContext, name: string, fallback: boolean): boolean {
  const v = optional(ctx, name);
  if (v === undefined) return fallback;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw invalid(name);
}

/** `Name.1`, `Name.2`, ... as a list (the SDK's repeatList style). */
export function list(ctx: RpcContext, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const v = ctx.params[`${name}.${i}`];
    if (v === undefined) return out;
    out.push(v);
  }
}

/** `Tag.N.Key` / `Tag.N.Value` pairs (value may be absent in filters). */
export function tags(ctx: RpcContext, name = 'Tag'): { key: string; value?: string }[] {
  const out: { key: string; value?: string }[] = [];
  for (let i = 1; ; i++) {
    const key = ctx.params[`${name}.${i}.Key`];
    const value = ctx.params[`${name}.${i}.Value`];
    if (key === undefined && value === undefined) return out;
    if (!key) throw invalid(`${name}.${i}.Key`);
    out.push(value === undefined ? { key } : { key, value });
  }
}

export interface Page<T> {
  items: T[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}

/** `PageNumber` (≥ 1) and `PageSize` (1..max, default `size`) applied to `all`. */
export function page<T>(ctx: RpcContext, all: T[], size: number, max: number): Page<T> {
  const pageSize = integer(ctx, 'PageSize', size, 1, max);
  const pageNumber = integer(ctx, 'PageNumber', 1, 1, 1_000_000);
  const start = (pageNumber - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), pageNumber, pageSize, totalCount: all.length };
}

/** ISO 8601 UTC without milliseconds, as the RPC APIs print times. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
