/**
 * The control surface over HTTP, under the reserved prefix `/__sandbox/` (no signature): what a test harness in
 * another process, or a human with curl, uses to read the call log, inject faults and reset the world.
 *
 *   GET    /__sandbox/calls[?service=&action=&write=&injected=&failed=]   the call log (JSON array)
 *   DELETE /__sandbox/calls                                               clear it
 *   PUT    /__sandbox/faults     FaultSpec JSON ({} clears)               DELETE /__sandbox/faults clears too
 *   POST   /__sandbox/fail-next  {"action","count","code","status"?}
 *   POST   /__sandbox/reset      optional seed (YAML/JSON body, or {"seed":"default"|"empty"})
 *   POST   /__sandbox/seed       seed (YAML or JSON), added to the world
 *   PUT    /__sandbox/qps        rate limits: {"AddDomainRecord": 60, …} or {"qps": "documented"}; DELETE lifts them
 *   PUT    /__sandbox/policy     a RAM policy document (JSON) every signed call must satisfy; DELETE lifts it
 *   GET    /__sandbox/state      the world as JSON
 *   GET    /__sandbox/health     {"ok":true}
 */
import type { CallFilter, CallService, FaultSpec } from './control.js';
import type { FrontContext, Reply } from './front.js';
import { QpsError, type QpsLimits } from './limits.js';
import { PolicyError, parsePolicyText } from './ram/index.js';
import { parseSeedText, SeedError, type SeedInput } from './seed.js';

/** Answers one request under `/__sandbox/` (the routes above); errors are JSON with a 4xx or 5xx status. */
export async function handleControl(ctx: FrontContext, method: string, url: URL, body: Buffer): Promise<Reply> {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  const c = ctx.control;
  try {
    switch (route) {
      case 'GET /__sandbox/health':
        return json(200, { ok: true });
      case 'GET /__sandbox/calls':
        return json(200, c.calls(filterOf(url.searchParams)));
      case 'DELETE /__sandbox/calls':
        c.clearCalls();
        return json(200, { ok: true });
      case 'PUT /__sandbox/faults': {
        const spec = parseJson(body) as FaultSpec;
        if (Object.keys(spec).length === 0) c.clearFaults();
        else c.setFaults(spec);
        return json(200, { ok: true });
      }
      case 'DELETE /__sandbox/faults':
        c.clearFaults();
        return json(200, { ok: true });
      case 'POST /__sandbox/fail-next': {
        const f = parseJson(body) as { action?: string; count?: number; code?: string; status?: number };
        if (!f.action || !f.code) throw new BadRequest('fail-next needs {"action": "...", "code": "...", "count"?: 1}');
        c.failNext(f.action, f.count ?? 1, f.code, f.status);
        return json(200, { ok: true });
      }
      case 'POST /__sandbox/reset':
        c.reset(body.length ? seedFromBody(body) : undefined);
        return json(200, { ok: true });
      case 'POST /__sandbox/seed':
        if (!body.length) throw new BadRequest('POST a seed (YAML or JSON) as the body');
        c.seed(seedFromBody(body));
        return json(200, { ok: true });
      case 'PUT /__sandbox/qps': {
        const limits = parseJson(body) as Record<string, unknown>;
        // Like seeds, limits come as content: a file path would make the control surface read files.
        c.setQps(limits.qps === 'documented' ? 'documented' : (limits as QpsLimits));
        return json(200, { ok: true });
      }
      case 'DELETE /__sandbox/qps':
        c.setQps(undefined);
        return json(200, { ok: true });
      case 'PUT /__sandbox/policy':
        c.usePolicy(parsePolicyText(body.toString('utf8'), 'request body'));
        return json(200, { ok: true });
      case 'DELETE /__sandbox/policy':
        c.usePolicy(undefined);
        return json(200, { ok: true });
      case 'GET /__sandbox/state':
        return json(200, c.snapshot());
      default:
        return json(404, {
          error: `no control route ${route}`,
          routes: [
            'GET calls',
            'DELETE calls',
            'PUT faults',
            'DELETE faults',
            'POST fail-next',
            'POST reset',
            'POST seed',
            'PUT qps',
            'DELETE qps',
            'PUT policy',
            'DELETE policy',
            'GET state',
          ],
        });
    }
  } catch (e) {
    if (e instanceof SeedError) return json(400, { error: e.message, issues: e.issues });
    if (e instanceof BadRequest || e instanceof QpsError) return json(400, { error: e.message });
    if (e instanceof PolicyError) return json(400, { error: 'the policy cannot be used', issues: e.issues });
    return json(500, { error: e instanceof Error ? e.message : String(e) });
  }
}

class BadRequest extends Error {}

function filterOf(q: URLSearchParams): CallFilter {
  const bool = (k: string) => (q.has(k) ? q.get(k) === 'true' : undefined);
  return {
    service: (q.get('service') ?? undefined) as CallService | undefined,
    action: q.getAll('action').length ? q.getAll('action') : undefined,
    write: bool('write'),
    injected: bool('injected'),
    failed: bool('failed'),
  };
}

function parseJson(body: Buffer): unknown {
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new BadRequest(`the body is not JSON: ${(e as Error).message}`);
  }
}

/** A seed body: YAML or JSON (JSON is YAML); `{"seed": "default"}` or `{"seed": "empty"}` names a built-in seed. */
function seedFromBody(body: Buffer): SeedInput {
  const text = body.toString('utf8');
  let named: unknown;
  try {
    named = JSON.parse(text);
  } catch {
    named = undefined;
  }
  if (named && typeof named === 'object' && Object.keys(named).length === 1 && 'seed' in named) {
    const name = (named as { seed: unknown }).seed;
    if (name === 'default' || name === 'empty') return name;
    // File paths are not accepted over HTTP: the control surface must not read files for whoever can reach it.
    throw new BadRequest('"seed" names a built-in seed: "default" or "empty"; POST the seed itself for anything else');
  }
  return parseSeedText(text, 'request body');
}

function json(status: number, value: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(`${JSON.stringify(value, null, 2)}\n`),
  };
}
